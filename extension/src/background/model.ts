/**
 * The sentence model in the background worker: its rules (SM001-SM006 in the default pack, and
 * any `model` or `similar` rule of a managed policy) read what a post means, where the rules
 * engine reads its words. It never runs on the keystroke path: the content script asks for a
 * verdict (`composure:model-check`) only after its rules check of a text has settled, and shows
 * the answer when it comes.
 *
 * Loaded on the first request, from the extension's own files (chrome.runtime.getURL: no
 * network): its wasm (crates/wasm-model), the model file (~16 MB) and the heads. One checker is
 * kept, for the policy revision the worker checks with; a new revision builds a new one. MV3 may
 * stop the worker at any time; the next request loads everything again.
 */
import init, { ModelChecker, provideDefaultPack } from 'composure-wasm-model';
import { PACK_PATH } from '../engine/wasm';

export const MODEL_WASM_PATH = 'model/composure_wasm_model_bg.wasm';
export const MODEL_PATH = 'model/composure-use-m.bin';
export const HEADS_PATH = 'model/model-heads.json';

async function fetchOwn(path: string): Promise<Response> {
  const res = await fetch(chrome.runtime.getURL(path));
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res;
}

let started: Promise<void> | null = null;
let memory: WebAssembly.Memory | null = null;

/** Bytes of the model module's wasm memory (it only grows): the benchmark reports it. */
export function modelMemoryBytes(): number | undefined {
  return memory?.buffer.byteLength;
}

function startModule(): Promise<void> {
  if (!started) {
    started = (async () => {
      const pack = fetchOwn(PACK_PATH).then((r) => r.text());
      const exports = (await init({ module_or_path: chrome.runtime.getURL(MODEL_WASM_PATH) })) as { memory?: WebAssembly.Memory };
      memory = exports.memory ?? null;
      provideDefaultPack(await pack);
    })();
    started.catch(() => {
      started = null;
    });
  }
  return started;
}

interface Loaded {
  revision: string;
  checker: Promise<ModelChecker>;
  /** How long the load took (fetch, compile, parse), once done: the benchmark reads it. */
  ms?: number;
}

let loaded: Loaded | null = null;

/** The model checker for `json` at `revision`, loading it on first use. */
export function modelChecker(json: string, revision: string): Promise<ModelChecker> {
  if (loaded?.revision === revision) return loaded.checker;
  const old = loaded;
  const t0 = performance.now();
  const entry: Loaded = { revision, checker: Promise.reject(new Error('not started')) };
  entry.checker.catch(() => {});
  entry.checker = (async () => {
    await startModule();
    const [model, heads] = await Promise.all([
      fetchOwn(MODEL_PATH).then((r) => r.arrayBuffer()),
      fetchOwn(HEADS_PATH).then((r) => r.text()),
    ]);
    // the policy compiled in the rules engine already; should the model rules refuse it (a
    // `model` rule with a category the heads lack), the error goes back to the asker
    const checker = new ModelChecker(json, new Uint8Array(model), heads);
    entry.ms = performance.now() - t0;
    return checker;
  })();
  loaded = entry;
  entry.checker.catch(() => {
    if (loaded === entry) loaded = null; // the next request tries again
  });
  // the old revision's checker (and its copy of the model) goes once the new one is there
  if (old) {
    Promise.all([old.checker, entry.checker]).then(([c]) => c.free(), () => {});
  }
  return entry.checker;
}

/** Milliseconds the current checker took to load (fetch, compile, parse), once it has. */
export function modelLoadMs(): number | undefined {
  return loaded?.ms;
}
