// The engine as the extension ships it (dist/chrome/engine/: the wasm and the default pack
// beside it), loaded in Node for tests that compute what the extension should show. Before a
// full build (only target/wasm-pkg exists), the wasm from there and the pack made as the build
// makes it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { enginePack, PACK_FILE } from '../../extension/build/pack.mjs';

export async function loadEngine(root) {
  const glue = await import(join(root, 'target/wasm-pkg/composure_wasm.js'));
  const shipped = join(root, 'dist/chrome/engine/composure_wasm_bg.wasm');
  const wasm = existsSync(shipped) ? shipped : join(root, 'target/wasm-pkg/composure_wasm_bg.wasm');
  glue.initSync({ module: readFileSync(wasm) });
  const pack = join(root, 'dist/chrome', PACK_FILE);
  glue.provideDefaultPack(existsSync(pack) ? readFileSync(pack, 'utf8') : enginePack(root));
  return glue;
}
