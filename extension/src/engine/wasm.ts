/** Loads the wasm engine in whatever context runs this (content script or background). */
import init, { Checker, provideDefaultPack } from 'composure-wasm';
import type { RuleMeta } from '../shared/types';

export const WASM_PATH = 'engine/composure_wasm_bg.wasm';
/** The default pack, beside the wasm, which does not embed it (crates/engine/src/packs.rs). */
export const PACK_PATH = 'engine/default-pack.json';

/**
 * Instantiates the wasm and hands it the default pack, both fetched from the extension's own
 * files (or the demo site's) side by side. Until this resolves no `Checker` can be built.
 */
export async function startEngine(wasmUrl: string | URL, packUrl: string | URL): Promise<void> {
  const pack = fetch(packUrl).then((r) => {
    if (!r.ok) throw new Error(`${PACK_PATH}: HTTP ${r.status}`);
    return r.text();
  });
  const exports = (await init({ module_or_path: wasmUrl })) as { memory: WebAssembly.Memory };
  memory = exports.memory;
  provideDefaultPack(await pack);
}

let memory: WebAssembly.Memory | null = null;
const encoder = new TextEncoder();

/**
 * Below this many UTF-16 units `Checker.check` is as fast: its glue copies the string into the
 * wasm one char at a time (about 2 ns a char in Chromium), `TextEncoder.encodeInto` at a
 * fraction of that but with a fixed cost per call. Measured side by side in headless Chromium
 * (2026-11-24): at 5,000 chars the crossing took 9-13 us through the glue and 4-6 through
 * encodeInto; at 280 chars encodeInto was 0.6-0.9 us slower.
 */
const ENCODE_INTO_FROM = 1000;

/**
 * `checker.check(text, site)`: triples `[rule, start, end]`, UTF-16 offsets. A long text goes
 * in through `TextEncoder.encodeInto`, straight into the checker's input buffer.
 */
export function checkText(checker: Checker, text: string, site: string): Uint32Array {
  if (text.length < ENCODE_INTO_FROM || !memory) return checker.check(text, site);
  const room = text.length * 3; // UTF-8 bytes per UTF-16 unit, at most
  const at = checker.inputBuffer(room);
  const { written } = encoder.encodeInto(text, new Uint8Array(memory.buffer, at, room));
  return checker.checkInput(written, site);
}

let ready: Promise<unknown> | null = null;

/**
 * Chromium refuses to compile WebAssembly in a content script on a page whose CSP lacks
 * 'wasm-unsafe-eval' (CompileError with an empty message), whatever the extension's CSP says.
 * An 8-byte empty module tells us before we fetch the real one.
 */
export function canCompileWasm(): boolean {
  try {
    new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
    return true;
  } catch {
    return false;
  }
}

export function loadWasm(): Promise<unknown> {
  if (!ready) {
    ready = startEngine(chrome.runtime.getURL(WASM_PATH), chrome.runtime.getURL(PACK_PATH));
    ready.catch(() => {
      ready = null;
    });
  }
  return ready;
}

export interface Compiled {
  checker: Checker;
  source: 'managed' | 'default';
}

/** Compiles `json`; if that policy does not compile, the built-in default pack. */
export function compile(json: string, source: 'managed' | 'default'): Compiled {
  if (json) {
    try {
      return { checker: new Checker(json), source };
    } catch {
      // an invalid managed policy must not leave the user unprotected
    }
  }
  return { checker: new Checker(''), source: 'default' };
}

export function rulesOf(checker: Checker, lang: string): RuleMeta[] {
  return JSON.parse(checker.rules(lang)) as RuleMeta[];
}
