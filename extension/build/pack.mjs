// The default pack as the extension ships it beside the wasm (engine/default-pack.json): the
// wasm does not embed it (crates/engine/src/packs.rs). Minified, and without what only tests
// and `composure explain` read: the rules' examples and the example organisation.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const PACK_FILE = 'engine/default-pack.json';

export function enginePack(root) {
  const pack = JSON.parse(readFileSync(join(root, 'crates/engine/packs/default.json'), 'utf8'));
  delete pack.example_organization;
  for (const rule of pack.rules) delete rule.examples;
  return JSON.stringify(pack);
}
