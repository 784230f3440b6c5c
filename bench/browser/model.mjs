// Sentence-model benchmark (not a test): run with `npm run bench:model` after scripts/build
// (figures in README, "The sentence model").
// Prints, from one headless Chromium run of the built extension: how long the background
// worker takes to load the model (fetch of its packaged files, wasm compile, model parse) on
// the first `composure:model-check`, and the worker's time per model check of a 280-, 1,000-
// and 5,000-char post (median and slowest of 7, after one warm-up each), as the worker itself
// measures it (`modelMs`), plus the message round trip seen from an extension page.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWithExtension, serviceWorkerOf } from '../../tests/e2e/chromium-launch.mjs';
import { prepareExtension } from '../../tests/e2e/prepare.mjs';

// Ordinary posts, English and Dutch, cut to length below. A post the model flags costs more:
// the flagged rule's span is the sentence that scores highest, so every sentence (up to 24) is
// embedded too; a plain post is embedded once, whole. Both are measured.
const PLAIN = [
  'Had a great day at the conference, learned a lot about accessibility and testing.',
  'Weer vergaderd tot zes uur, maar wel lekker gegeten met het hele team.',
  'The train was late again, so I read half a book on the platform.',
  'Looking forward to the weekend: a long walk along the beach with the dog.',
  'Onze nieuwe collega begint maandag, we hebben er zin in!',
];
const VENTING = 'Wat een bedrijf. Salaris weer te laat en de directie koopt nieuwe leasebakken.';

/** A post of `chars` characters: plain sentences, or (flagged) the venting post over and over,
 * since a verdict is read from the post as a whole and plain sentences around it dilute it. */
function postOf(chars, flagged) {
  let text = '';
  for (let i = 0; text.length < chars; i++) text += (text ? ' ' : '') + (flagged ? VENTING : PLAIN[i % PLAIN.length]);
  return text.slice(0, chars);
}

const ext = prepareExtension('chrome');
const profile = mkdtempSync(join(tmpdir(), 'composure-bench-model-'));
const ctx = await launchWithExtension(profile, ext);
try {
  const sw = await serviceWorkerOf(ctx);
  const id = new URL(sw.url()).host;
  const page = await ctx.newPage();
  await page.goto(`chrome-extension://${id}/options.html`);
  const ask = (msg) =>
    page.evaluate(async (m) => {
      const t0 = performance.now();
      const r = await chrome.runtime.sendMessage(m);
      return { ...r, roundTrip: performance.now() - t0 };
    }, msg);
  const cfg = await ask({ type: 'composure:config' });
  if (!cfg.ok) throw new Error(cfg.error);
  const revision = cfg.config.revision;
  const check = (text) => ask({ type: 'composure:model-check', text, site: '', revision });

  const first = await check(postOf(280, false));
  if (!first.ok) throw new Error(first.error);
  const rows = [];
  for (const [chars, flagged] of [280, 1000, 5000].flatMap((c) => [[c, false], [c, true]])) {
    const text = postOf(chars, flagged);
    await check(text); // warm-up: V8 tiers the wasm up on its first calls
    const ms = [];
    const trips = [];
    let findings = 0;
    for (let i = 0; i < 7; i++) {
      const r = await check(text);
      if (!r.ok) throw new Error(r.error);
      ms.push(r.modelMs);
      findings = r.quads.length / 4;
      trips.push(r.roundTrip);
    }
    ms.sort((a, b) => a - b);
    trips.sort((a, b) => a - b);
    rows.push({ chars, findings, median: ms[3], max: ms[6], trip: trips[3] });
  }
  const version = await page.evaluate(() => navigator.userAgent.match(/Chrome\/[\d.]+/)?.[0] ?? '');
  console.log(`sentence model in the Chromium service worker (${version}, ${new Date().toISOString().slice(0, 10)})`);
  console.log(`  load (fetch, compile, parse) on the first request: ${first.loadMs?.toFixed(0)} ms; first check (280 chars, cold) ${first.modelMs.toFixed(1)} ms, ${first.roundTrip.toFixed(0)} ms round trip`);
  const last = await check(postOf(5000, true));
  console.log(`  the model module's wasm memory after these checks: ${(last.memoryBytes / 1048576).toFixed(1)} MiB`);
  for (const r of rows) {
    console.log(`  ${String(r.chars).padStart(5)} chars, ${r.findings} model finding${r.findings === 1 ? '' : 's'}: ${r.median.toFixed(1)} ms median, ${r.max.toFixed(1)} ms slowest of 7 (${r.trip.toFixed(1)} ms round trip)`);
  }
} finally {
  await ctx.close();
  rmSync(profile, { recursive: true, force: true });
}
