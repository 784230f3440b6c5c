/**
 * The engine as the content script sees it: in the page (synchronous checks) where the page
 * lets the content script compile WebAssembly, else in the background worker (one message per
 * check). Which one is used is visible as `data-engine` on our UI host (tests read it).
 * Either way the policy document comes from the worker (config.ts).
 */
import type { Finding, RuleMeta } from '../shared/types';
import { triplesToFindings } from '../shared/types';
import { getConfig, resetConfig, send } from './config';
import { useChosenStrings } from './i18n';
import { browserLang } from '../shared/i18n-format';

export interface Engine {
  mode: 'page' | 'background';
  /** The policy revision its rules belong to (the worker drops checks for another one). */
  revision: string;
  rules: RuleMeta[];
  /** Synchronous check; only the page engine has one. */
  checkSync: ((text: string, site: string) => Finding[]) | null;
  check(text: string, site: string): Promise<Finding[]>;
  /** Whether the worker's sentence model checks with this engine's policy and rule list, so
   * that its verdicts may be asked for (not on the trainer demo page, whose policy is its own). */
  model?: boolean;
}

/** The language of the interface when the person chose none in the options. */
export function uiLang(): 'en' | 'nl' {
  return browserLang();
}

/** The worker checks with another policy revision than our rule list's: the answer would name
 * the wrong rules, so it is dropped and the configuration asked for again. */
export class StaleRevision extends Error {
  constructor() {
    super('policy revision changed');
    this.name = 'StaleRevision';
  }
}

/** One check by the background worker's engine (a message round trip), for `revision`. */
async function checkInWorker(text: string, site: string, revision: string): Promise<Finding[]> {
  const res = await send({ type: 'composure:check', text, site, revision });
  if (res.ok && res.stale) throw new StaleRevision();
  return triplesToFindings(res.ok ? (res.triples ?? []) : []);
}

async function backgroundEngine(lang: string, revision: string): Promise<Engine> {
  const r = await send({ type: 'composure:rules', lang });
  if (r.ok && r.revision !== undefined && r.revision !== revision) throw new StaleRevision();
  return {
    mode: 'background',
    revision,
    model: true,
    rules: r.ok ? (r.rules ?? []) : [],
    checkSync: null,
    check: (text, site) => checkInWorker(text, site, revision),
  };
}

async function pageEngine(policy: string, revision: string, lang: string, into?: Engine): Promise<Engine> {
  // Loaded on first use so that frames without a composer never fetch or compile the wasm.
  const wasm = await import('../engine/wasm');
  if (!wasm.canCompileWasm()) throw new Error('wasm blocked');
  await wasm.loadWasm();
  const { Checker } = await import('composure-wasm');
  // the worker compiled this document already; should it fail here, the worker's engine is used
  const checker = new Checker(policy);
  const engine: Engine = into ?? { mode: 'page', revision, model: true, rules: [], checkSync: null, check: (t, s) => checkInWorker(t, s, revision) };
  Object.assign(engine, {
    mode: 'page',
    revision,
    rules: wasm.rulesOf(checker, lang),
    checkSync: (text, site) => {
      try {
        return triplesToFindings(wasm.checkText(checker, text, site));
      } catch (e) {
        // An engine bug traps the wasm instance and may leave it unusable. The worker runs its
        // own instance (same policy, same rules): check there from now on, rather than not at all.
        engine.mode = 'background';
        engine.checkSync = null;
        throw e;
      }
    },
    check: async (text, site) => {
      const sync = engine.checkSync;
      if (sync) {
        try {
          return sync(text, site);
        } catch {
          // fell back to the worker
        }
      }
      return checkInWorker(text, site, revision);
    },
  } satisfies Engine);
  return engine;
}

const upgradeListeners = new Set<(engine: Engine) => void>();

/** Calls `f` when an engine moves from the worker into the page (see `getEngine`). */
export function onEngineUpgrade(f: (engine: Engine) => void): void {
  upgradeListeners.add(f);
}

/**
 * Compiles the page's own engine when the page is idle, then switches `engine` to it in place.
 * Compiling the default pack costs ~100 ms the first time on a page (V8 compiles each wasm
 * function on its first call), so it must not stand between the person and the first check.
 */
function upgradeWhenIdle(engine: Engine, policy: string, revision: string, lang: string, stillCurrent: () => boolean): void {
  const run = () => {
    if (!stillCurrent()) return;
    pageEngine(policy, revision, lang, engine).then(
      () => upgradeListeners.forEach((f) => f(engine)),
      () => {}, // the page forbids WebAssembly (Chromium, strict CSP): the worker it stays
    );
  };
  const idle = (globalThis as { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number })
    .requestIdleCallback;
  if (idle) idle(run, { timeout: 1500 });
  else setTimeout(run, 50);
}

/** The person chose a language in the options that is not the browser's: use its strings. */
async function chooseStrings(chosen: 'en' | 'nl' | undefined): Promise<void> {
  if (!chosen || chosen === uiLang()) {
    useChosenStrings(null);
    return;
  }
  try {
    const r = await send({ type: 'composure:strings', lang: chosen });
    useChosenStrings(r.ok && r.strings ? r.strings : null);
  } catch {
    useChosenStrings(null); // the browser's language, rather than no strings at all
  }
}

let pending: Promise<Engine> | null = null;

export function getEngine(): Promise<Engine> {
  if (!pending) {
    const p = (async () => {
      for (let attempt = 0; ; attempt++) {
        const cfg = await getConfig();
        const lang = cfg.settings.lang ?? uiLang();
        await chooseStrings(cfg.settings.lang);
        // The worker has the policy compiled already: check there at once, and move into the
        // page (synchronous checks, no message per keystroke) once the page's engine is ready.
        let engine: Engine;
        try {
          engine = await backgroundEngine(lang, cfg.revision);
        } catch (e) {
          // the worker moved to another policy since it told us the configuration: ask again
          if (e instanceof StaleRevision && attempt < 2) {
            resetConfig();
            continue;
          }
          return pageEngine(cfg.policy, cfg.revision, lang);
        }
        upgradeWhenIdle(engine, cfg.policy, cfg.revision, lang, () => pending === p);
        return engine;
      }
    })();
    pending = p;
    p.catch(() => {
      if (pending === p) pending = null;
    });
  }
  return pending;
}

/** Forget the engine (policy changed); the next check builds it again. */
export function resetEngine(): void {
  pending = null;
}
