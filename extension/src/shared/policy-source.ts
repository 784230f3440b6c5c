/**
 * The one place that decides which policy document is active.
 *
 * Now: the `policy` string in managed storage (pushed by IT, see managed_schema.json) when
 * present and parseable, else the built-in default pack (""). Whether the document compiles is
 * decided by the engine loader, which falls back to the default pack when it does not.
 * A later issue (IT-configured sites, cached policy) extends this module only.
 *
 * Reading managed storage never blocks checking: right after the browser starts, Chromium can
 * take seconds to answer `storage.managed.get` (measured: 2.8 s in the first call). If it has
 * not answered within MANAGED_WAIT_MS we start with the default pack, and announce a change
 * (onPolicyChange) when a managed policy arrives later.
 */

export interface PolicySource {
  /** Policy JSON for `new Checker(json)`; "" means the built-in default pack. */
  json: string;
  source: 'managed' | 'default';
}

const DEFAULT: PolicySource = { json: '', source: 'default' };
const MANAGED_WAIT_MS = 300;
const listeners = new Set<() => void>();

async function readManaged(): Promise<PolicySource> {
  try {
    const managed = chrome.storage?.managed;
    if (managed) {
      // Firefox rejects with "Managed storage manifest not found" when there is no policy.
      const got = (await managed.get('policy')) as { policy?: unknown };
      const p = got?.policy;
      if (typeof p === 'string' && p.trim() !== '') {
        JSON.parse(p);
        return { json: p, source: 'managed' };
      }
    }
  } catch {
    // no policy, or not valid JSON: the default pack
  }
  return DEFAULT;
}

export async function activePolicy(): Promise<PolicySource> {
  const managed = readManaged();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), MANAGED_WAIT_MS);
  });
  const first = await Promise.race([managed, late]);
  clearTimeout(timer);
  if (first) return first;
  managed.then((p) => {
    if (p.source === 'managed') for (const f of listeners) f();
  });
  return DEFAULT;
}

/** Calls `onChange` when the active policy changes (IT changed it, or it arrived late). */
export function onPolicyChange(onChange: () => void): void {
  listeners.add(onChange);
  try {
    chrome.storage?.onChanged?.addListener((_changes, area) => {
      if (area === 'managed') onChange();
    });
  } catch {
    // storage events unavailable: the policy is re-read on the next page load
  }
}
