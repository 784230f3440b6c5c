// Imports one of the extension's TypeScript modules in node: bundled by esbuild in memory
// (node 20 does not run TypeScript), loaded from a data: URL. For pure modules only (no DOM).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

export async function importTs(rel) {
  const entry = fileURLToPath(new URL(`../../${rel}`, import.meta.url));
  const out = await build({ entryPoints: [entry], bundle: true, format: 'esm', write: false, logLevel: 'warning' });
  return import(`data:text/javascript,${encodeURIComponent(out.outputFiles[0].text)}`);
}
