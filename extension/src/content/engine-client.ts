/**
 * The engine as the content script sees it: in the page (synchronous checks) where the page
 * lets the content script compile WebAssembly, else in the background worker (one message per
 * check). Which one is used is visible as `data-engine` on our UI host (tests read it).
 */
import type { BgRequest, BgResponse, Finding, RuleMeta } from '../shared/types';
import { triplesToFindings } from '../shared/types';
import { activePolicy } from '../shared/policy-source';

export interface Engine {
  mode: 'page' | 'background';
  rules: RuleMeta[];
  /** Synchronous check; only the page engine has one. */
  checkSync: ((text: string, site: string) => Finding[]) | null;
  check(text: string, site: string): Promise<Finding[]>;
}

export function uiLang(): string {
  try {
    return chrome.i18n.getUILanguage() || 'en';
  } catch {
    return 'en';
  }
}

/**
 * One request to the background engine. MV3 stops the worker when idle; a message sent while it
 * stops or starts can fail ("Receiving end does not exist", "message port closed"), so retry.
 */
async function send(msg: BgRequest): Promise<BgResponse> {
  let last: unknown;
  for (const wait of [0, 50, 250, 1000]) {
    if (wait) await new Promise((r) => setTimeout(r, wait));
    try {
      const r = (await chrome.runtime.sendMessage(msg)) as BgResponse | undefined;
      if (r?.ok) return r;
      last = new Error(r ? r.error : 'no answer from the background engine');
    } catch (e) {
      last = e;
    }
  }
  throw last;
}

async function backgroundEngine(): Promise<Engine> {
  const r = await send({ type: 'composure:rules', lang: uiLang() });
  return {
    mode: 'background',
    rules: r.ok ? (r.rules ?? []) : [],
    checkSync: null,
    async check(text, site) {
      const res = await send({ type: 'composure:check', text, site });
      return triplesToFindings(res.ok ? (res.triples ?? []) : []);
    },
  };
}

async function pageEngine(): Promise<Engine> {
  // Loaded on first use so that frames without a composer never fetch or compile the wasm.
  const wasm = await import('../engine/wasm');
  if (!wasm.canCompileWasm()) throw new Error('wasm blocked');
  const [, policy] = await Promise.all([wasm.loadWasm(), activePolicy()]);
  const { checker } = wasm.compile(policy.json, policy.source);
  const checkSync = (text: string, site: string) => triplesToFindings(checker.check(text, site));
  return {
    mode: 'page',
    rules: wasm.rulesOf(checker, uiLang()),
    checkSync,
    check: async (text, site) => checkSync(text, site),
  };
}

let pending: Promise<Engine> | null = null;

export function getEngine(): Promise<Engine> {
  if (!pending) {
    pending = pageEngine().catch(() => backgroundEngine());
    pending.catch(() => {
      pending = null;
    });
  }
  return pending;
}

/** Forget the engine (policy changed); the next check builds it again. */
export function resetEngine(): void {
  pending = null;
}
