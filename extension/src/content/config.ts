/**
 * What the content script asks the background worker: the policy document to compile and the
 * effective settings (managed values over the user's; shared/state.ts). The worker alone decides
 * which policy is active (managed, last good or default, background/policy.ts), so the page
 * and the worker always check with the same rules.
 */
import type { BgRequest, BgResponse, ContentConfig } from '../shared/types';

/**
 * One request to the background worker. MV3 stops the worker when idle; a message sent while it
 * stops or starts can fail ("Receiving end does not exist", "message port closed"), so retry.
 */
export async function send(msg: BgRequest): Promise<BgResponse> {
  let last: unknown;
  for (const wait of [0, 50, 250, 1000]) {
    if (wait) await new Promise((r) => setTimeout(r, wait));
    try {
      const r = (await chrome.runtime.sendMessage(msg)) as BgResponse | undefined;
      if (r?.ok) return r;
      last = new Error(r ? r.error : 'no answer from the background worker');
    } catch (e) {
      last = e;
    }
  }
  throw last;
}

let config: Promise<ContentConfig> | null = null;

/** The policy document and effective settings, as the worker decided them (cached until
 * `resetConfig`). Rejects where there is no worker to ask. */
export function getConfig(): Promise<ContentConfig> {
  if (!config) {
    const p = (async () => {
      if (typeof chrome === 'undefined' || !chrome.runtime?.sendMessage) throw new Error('no extension context');
      const r = await send({ type: 'composure:config' });
      if (!r.ok || !r.config) throw new Error('no configuration from the background worker');
      return r.config;
    })();
    config = p;
    p.catch(() => {
      if (config === p) config = null;
    });
  }
  return config;
}

/** Forget the configuration: the policy or the settings changed. */
export function resetConfig(): void {
  config = null;
}
