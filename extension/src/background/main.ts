/**
 * Background worker: runs the engine for content scripts that may not compile WebAssembly
 * (Chromium content scripts on pages with a strict CSP). MV3 may stop this worker at any time,
 * so the compiled policy is rebuilt lazily on the first request after a restart.
 * Post text arrives in messages, is checked, and is neither stored nor logged.
 */
import { activePolicy, onPolicyChange } from '../shared/policy-source';
import type { BgRequest, BgResponse, RuleMeta } from '../shared/types';
import { compile, loadWasm, rulesOf, type Compiled } from '../engine/wasm';
import { syncExtraSites } from './extra-sites';

let compiled: Promise<Compiled> | null = null;
const rulesByLang = new Map<string, RuleMeta[]>();

function engine(): Promise<Compiled> {
  if (!compiled) {
    compiled = (async () => {
      await loadWasm();
      const policy = await activePolicy();
      return compile(policy.json, policy.source);
    })();
    compiled.catch(() => {
      compiled = null;
    });
  }
  return compiled;
}

onPolicyChange(() => {
  const old = compiled;
  compiled = null;
  rulesByLang.clear();
  old?.then((c) => c.checker.free()).catch(() => {});
});

async function handle(msg: BgRequest): Promise<BgResponse> {
  const { checker } = await engine();
  if (msg.type === 'composure:check') {
    return { ok: true, triples: Array.from(checker.check(msg.text, msg.site)) };
  }
  let rules = rulesByLang.get(msg.lang);
  if (!rules) {
    rules = rulesOf(checker, msg.lang);
    rulesByLang.set(msg.lang, rules);
  }
  return { ok: true, rules };
}

chrome.runtime.onMessage.addListener((msg: unknown, _sender, sendResponse) => {
  const m = msg as BgRequest | null;
  if (!m || (m.type !== 'composure:check' && m.type !== 'composure:rules')) return false;
  handle(m).then(sendResponse, (e: unknown) =>
    sendResponse({ ok: false, error: e instanceof Error ? e.message : String(e) } satisfies BgResponse),
  );
  return true; // the answer comes asynchronously
});

syncExtraSites();
