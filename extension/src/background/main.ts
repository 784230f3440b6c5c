/**
 * Background worker: decides which policy is active and records its status (policy.ts), keeps
 * the content script registered on extra sites (extra-sites.ts), answers content scripts'
 * `composure:config`, and runs the engine for content scripts that may not compile WebAssembly
 * (Chromium content scripts on pages with a strict CSP), and the sentence model for all of them
 * (model.ts: loaded on the first `composure:model-check`, never on the keystroke path). MV3 may stop this worker at any time,
 * so everything is rebuilt on the first event after a restart.
 * Post text arrives in messages, is checked, and is neither stored nor logged.
 */
import type { BgRequest, BgResponse, RuleMeta } from '../shared/types';
import { checkText, rulesOf } from '../engine/wasm';
import { syncExtraSites } from './extra-sites';
import { modelChecker, modelLoadMs, modelMemoryBytes } from './model';
import { activeFor, currentSettings, managedConfig, onActiveChange, refresh } from './policy';
import './pages-api';

const rulesByLang = new Map<string, RuleMeta[]>();
onActiveChange(() => rulesByLang.clear());

/** Keys only the extension's own pages use; the content script needs the rest. */
const PAGE_ONLY = /^(options_|popup_|demo_|managed_)/;

async function strings(lang: 'en' | 'nl'): Promise<BgResponse> {
  const res = await fetch(chrome.runtime.getURL(`_locales/${lang === 'nl' ? 'nl' : 'en'}/messages.json`));
  const all = (await res.json()) as Record<string, { message: string }>;
  return { ok: true, strings: Object.fromEntries(Object.entries(all).filter(([k]) => !PAGE_ONLY.test(k))) };
}

async function handle(msg: BgRequest): Promise<BgResponse> {
  if (msg.type === 'composure:strings') return strings(msg.lang);
  if (msg.type === 'composure:config') {
    // read managed storage afresh: a change the browser did not report (or not yet) is seen
    const { managed, active } = await refresh();
    return {
      ok: true,
      config: { policy: active.json, revision: active.revision, settings: await currentSettings(managed) },
    };
  }
  const active = await activeFor();
  if (msg.type === 'composure:check') {
    // rule indices mean something only in the sender's rule list: never answer with another's
    if (msg.revision !== undefined && msg.revision !== active.revision) return { ok: true, stale: true, revision: active.revision };
    return { ok: true, revision: active.revision, triples: Array.from(checkText(active.checker, msg.text, msg.site)) };
  }
  if (msg.type === 'composure:model-check') {
    if (msg.revision !== active.revision) return { ok: true, stale: true, revision: active.revision };
    const loadedBefore = modelLoadMs() !== undefined;
    const checker = await modelChecker(active.json, active.revision);
    const t0 = performance.now();
    const quads = Array.from(checker.check(msg.text, msg.site));
    const modelMs = performance.now() - t0;
    return {
      ok: true, revision: active.revision, quads, modelMs,
      loadMs: loadedBefore ? undefined : modelLoadMs(), memoryBytes: modelMemoryBytes(),
    };
  }
  const key = `${active.revision}\u0000${msg.lang}`;
  let rules = rulesByLang.get(key);
  if (!rules) {
    rules = rulesOf(active.checker, msg.lang);
    rulesByLang.set(key, rules);
  }
  return { ok: true, rules, revision: active.revision };
}

chrome.runtime.onMessage.addListener((msg: unknown, _sender, sendResponse) => {
  const m = msg as BgRequest | null;
  const ours = ['composure:check', 'composure:model-check', 'composure:rules', 'composure:config', 'composure:strings'];
  if (!m || !ours.includes(m.type)) return false;
  handle(m).then(sendResponse, (e: unknown) =>
    sendResponse({ ok: false, error: e instanceof Error ? e.message : String(e) } satisfies BgResponse),
  );
  return true; // the answer comes asynchronously
});

/** Reads the managed values, settles the policy and its status, and the extra sites. */
function settle(): void {
  refresh().then(
    ({ managed }) => syncExtraSites(managed),
    () => {},
  );
}

try {
  chrome.storage.onChanged.addListener((_changes, area) => {
    if (area === 'managed') settle(); // Chromium: IT pushed a change while the browser runs
  });
  const sites = () => {
    managedConfig().then(syncExtraSites, () => {});
  };
  chrome.permissions?.onAdded?.addListener(sites);
  chrome.permissions?.onRemoved?.addListener(sites);
  // wake the worker when the browser starts, so the status is right before anyone asks
  chrome.runtime.onStartup.addListener(() => {});
  chrome.runtime.onInstalled.addListener(() => {});
} catch {
  // an API missing in this browser: the rest still works
}
settle();
