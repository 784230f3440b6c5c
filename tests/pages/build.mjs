// Bundles the test pages' scripts from the real editor libraries on npm (Draft.js + React,
// Lexical, Quill) into dist/test-pages/assets/. Nothing bundled is committed.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const out = join(root, 'dist/test-pages/assets');
mkdirSync(out, { recursive: true });
await build({
  entryPoints: ['draft.jsx', 'lexical.js', 'quill.js', 'textarea.js', 'strict.js', 'dialog.js', 'iframe.js', 'hostile.js', 'shadow.js'].map((f) => join(here, 'src', f)),
  outdir: out,
  bundle: true,
  format: 'iife',
  target: ['chrome120', 'firefox128'],
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
  minify: true,
  logLevel: 'warning',
});
copyFileSync(join(here, 'page.css'), join(out, 'page.css'));
copyFileSync(join(root, 'node_modules/draft-js/dist/Draft.css'), join(out, 'Draft.css'));
copyFileSync(join(root, 'node_modules/quill/dist/quill.core.css'), join(out, 'quill.core.css'));
