// Bundles the extension for Chrome and Firefox from manifest.json + extension/.
// Called by scripts/build after the wasm is built and optimised (see there).
// Usage: node extension/build/build.mjs <wasm-pkg-dir> <out-dir> <model-wasm-pkg-dir> <model-file>
import { build } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { iconPng } from './icons.mjs';
import { buildDemo, DEMO_FILES } from '../src/demo/bundle.mjs';
import { enginePack, PACK_FILE } from './pack.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const [pkgDir, outDir, modelPkgDir, modelFile] = process.argv.slice(2).map((p) => resolve(p));
const glue = join(pkgDir, 'composure_wasm.js');
const wasm = join(pkgDir, 'composure_wasm_bg.wasm');
for (const f of [glue, wasm]) if (!existsSync(f)) throw new Error(`missing ${f}: build the wasm first`);
// The sentence model, for the background worker only (background/model.ts): its wasm, the
// model file (scripts/model) and the heads (crates/engine/packs/model-heads.json).
if (!modelPkgDir || !modelFile) throw new Error('usage: build.mjs <wasm-pkg> <out> <model-wasm-pkg> <model-file>');
const modelGlue = join(modelPkgDir, 'composure_wasm_model.js');
const modelWasm = join(modelPkgDir, 'composure_wasm_model_bg.wasm');
for (const f of [modelGlue, modelWasm]) if (!existsSync(f)) throw new Error(`missing ${f}: build the model wasm first`);
if (!existsSync(modelFile)) throw new Error(`missing ${modelFile}: run scripts/model`);
const heads = join(root, 'crates/engine/packs/model-heads.json');

const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
if (manifest.version !== version) throw new Error(`manifest.json version ${manifest.version} != package.json ${version}`);

/** Per-browser copies: each browser gets only the keys it understands. */
function manifestFor(browser) {
  const m = structuredClone(manifest);
  if (browser === 'chrome') {
    delete m.browser_specific_settings;
    m.background = { service_worker: manifest.background.service_worker };
  } else {
    delete m.key; // Chrome-only: fixes the Chrome extension ID
    // Chrome-only. 119: match_origin_as_fallback; the wasm also needs SIMD (Chrome 91, and
    // Firefox 89, below the gecko strict_min_version)
    delete m.minimum_chrome_version;
    // Chrome-only (about:blank/srcdoc frames); Firefox's match_about_blank covers them
    for (const cs of m.content_scripts) delete cs.match_origin_as_fallback;
    m.background = { scripts: manifest.background.scripts };
  }
  return m;
}

const bundles = {
  'content.js': 'extension/src/content/main.ts',
  'background.js': 'extension/src/background/main.ts',
  'options.js': 'extension/src/options/main.ts',
  'popup.js': 'extension/src/popup/main.ts',
};
/** The extension's own pages (options, popup): HTML and CSS copied as they are. */
const pageFiles = ['options/options.html', 'options/options.css', 'options/pages.css', 'popup/popup.html', 'popup/popup.css'];

const tmp = join(outDir, '.bundles');
rmSync(tmp, { recursive: true, force: true });
// the trainer demo page (demo.js, demo.html, demo.css); see extension/src/demo/bundle.mjs
await buildDemo({ glue, outDir: tmp });
for (const [out, entry] of Object.entries(bundles)) {
  await build({
    entryPoints: [join(root, entry)],
    outfile: join(tmp, out),
    bundle: true,
    format: 'iife',
    target: ['chrome120', 'firefox128'],
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    alias: { 'composure-wasm': glue, 'composure-wasm-model': modelGlue },
    // the glue's default wasm URL (import.meta.url) is never used: we always pass the URL
    define: { 'import.meta.url': '""' },
    logLevel: 'warning',
  });
}

for (const browser of ['chrome', 'firefox']) {
  const dir = join(outDir, browser);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'engine'), { recursive: true });
  mkdirSync(join(dir, 'icons'), { recursive: true });
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifestFor(browser), null, 2) + '\n');
  for (const f of Object.keys(bundles)) copyFileSync(join(tmp, f), join(dir, f));
  for (const f of DEMO_FILES) copyFileSync(join(tmp, f), join(dir, f));
  copyFileSync(wasm, join(dir, 'engine/composure_wasm_bg.wasm'));
  mkdirSync(join(dir, 'model'), { recursive: true });
  copyFileSync(modelWasm, join(dir, 'model/composure_wasm_model_bg.wasm'));
  copyFileSync(modelFile, join(dir, 'model/composure-use-m.bin'));
  copyFileSync(heads, join(dir, 'model/model-heads.json'));
  writeFileSync(join(dir, PACK_FILE), enginePack(root));
  cpSync(join(root, 'extension/_locales'), join(dir, '_locales'), { recursive: true });
  copyFileSync(join(root, 'extension/managed_schema.json'), join(dir, 'managed_schema.json'));
  for (const f of pageFiles) copyFileSync(join(root, 'extension/src', f), join(dir, f.split('/').pop()));
  for (const size of [16, 32, 48, 128]) writeFileSync(join(dir, `icons/${size}.png`), iconPng(size));
}
rmSync(tmp, { recursive: true, force: true });
