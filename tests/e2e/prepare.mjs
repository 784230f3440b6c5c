// The tested extension is the built one (dist/<browser>) with one difference: its content
// script and wasm also match the local test server (http://127.0.0.1/*), since the real sites
// need accounts. Nothing else changes.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const LOCAL_MATCH = 'http://127.0.0.1/*';

export function prepareExtension(browser) {
  const src = join(ROOT, 'dist', browser);
  const dst = join(ROOT, 'dist/e2e', browser);
  rmSync(dst, { recursive: true, force: true });
  cpSync(src, dst, { recursive: true });
  const mf = JSON.parse(readFileSync(join(dst, 'manifest.json'), 'utf8'));
  for (const cs of mf.content_scripts) cs.matches.push(LOCAL_MATCH);
  for (const war of mf.web_accessible_resources) war.matches.push(LOCAL_MATCH);
  writeFileSync(join(dst, 'manifest.json'), JSON.stringify(mf, null, 2));
  return dst;
}

export const TEXT = {
  risky: 'My boss is an idiot, call her at 06-12345678',
  benign: 'Proud of my team at work today!',
  block: 'Paying with card 4111 1111 1111 1111 now',
  more: ' thanks',
  // Venting about the employer without a rude word: no rule flags it, the sentence model
  // (SM001, in the worker) does, on its first sentence.
  venting: 'Wat een bedrijf. Salaris weer te laat en de directie koopt nieuwe leasebakken.',
  // Over 1,000 UTF-16 units (a long text takes another way into the engine: wasm.ts), with
  // emoji and accents before the findings so that their offsets count surrogate pairs.
  long: [
    'Wat een dag 😅 op kantoor, het café was dicht en de trein had vertraging. ',
    'Had a great day at the conference 🚀, learned a lot about accessibility and testing. ',
    'Weer vergaderd tot zes uur, maar wel lekker gegeten 🍕 met het hele team. ',
  ].join('').repeat(5) + 'Mijn baas is een sukkel 🤬, bel haar op 06-12345678. My boss is an idiot!',
};
