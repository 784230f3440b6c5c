// Bundles the trainer demo page (demo.js + demo.html + demo.css) into `outDir`. Used by
// extension/build/build.mjs (inside the extension) and scripts/build-demo (standalone site).
//
// The page runs the content script's own modules (controller, underlines, badge/popover/hold
// dialog, post interception: content/main.ts and what it imports) unchanged. Three imports made
// by content/* are swapped for demo versions with the same exports, because a page is not a
// content script: the engine client (the wasm in the page, compiled from the policy the demo
// chose, rule texts in the page's language), the policy source (the demo's choice instead of
// managed storage) and i18n (strings bundled from _locales, language switchable on the page).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const contentDir = resolve(here, '../content') + sep;
const SWAPS = {
  './engine-client': 'engine.ts',
  './i18n': 'i18n.ts',
  '../shared/policy-source': 'policy-source.ts',
};

const demoSwaps = {
  name: 'composure-demo-swaps',
  setup(b) {
    b.onResolve({ filter: /^(\.\/engine-client|\.\/i18n|\.\.\/shared\/policy-source)$/ }, (args) =>
      args.importer.startsWith(contentDir) ? { path: join(here, SWAPS[args.path]) } : undefined,
    );
  },
};

export const DEMO_FILES = ['demo.js', 'demo.html', 'demo.css'];

/** `glue`: the wasm-bindgen glue (target/wasm-pkg/composure_wasm.js). */
export async function buildDemo({ glue, outDir, minify = true }) {
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [join(here, 'main.ts')],
    outfile: join(outDir, 'demo.js'),
    bundle: true,
    format: 'iife',
    target: ['chrome120', 'firefox128'],
    minify,
    sourcemap: false,
    legalComments: 'none',
    alias: { 'composure-wasm': glue },
    define: { 'import.meta.url': '""' },
    plugins: [demoSwaps],
    logLevel: 'warning',
  });
  copyFileSync(join(here, 'demo.html'), join(outDir, 'demo.html'));
  copyFileSync(join(here, 'demo.css'), join(outDir, 'demo.css'));
}
