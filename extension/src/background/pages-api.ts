/**
 * Answers the extension's own pages (options, popup, trainer demo): `composure:policy` returns
 * the policy document the worker checks with, so a page can compile the very same rules with
 * its own engine (rule list, "try a post"). See shared/pages-protocol.ts.
 */
import { activePolicy } from '../shared/policy-source';
import type { PolicyResponse } from '../shared/pages-protocol';

chrome.runtime.onMessage.addListener((msg: unknown, _sender, sendResponse) => {
  if ((msg as { type?: unknown } | null)?.type !== 'composure:policy') return false;
  activePolicy().then(
    (p) => sendResponse({ ok: true, policy: p.json, source: p.source } satisfies PolicyResponse),
    (e: unknown) => sendResponse({ ok: false, error: e instanceof Error ? e.message : String(e) } satisfies PolicyResponse),
  );
  return true; // the answer comes asynchronously
});
