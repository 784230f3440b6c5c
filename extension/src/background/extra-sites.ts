/**
 * Sites beyond the manifest's content-script matches: other Mastodon instances the user adds, and
 * the sites IT lists in the managed `extraSites`. The content script is registered for every
 * origin the browser has granted us through `optional_host_permissions` (with the optional
 * `scripting` permission). On such origins the wasm is not web-accessible, so the content script
 * uses the background engine.
 *
 * Neither Chrome nor Firefox can grant those permissions through policy, so an IT-listed site is
 * only checked once the person granted it (one click in the options page, which calls
 * `requestExtraSitePermissions` in shared/extra-sites.ts). Until then POLICY_STATUS_KEY lists it
 * under `extraSites.needsPermission`.
 */
import { extraSitePattern } from '../shared/extra-sites';
import type { ManagedConfig, PolicyStatus } from '../shared/state';
import { setExtraSitesStatus } from './policy';

const SCRIPT_ID = 'composure-extra-sites';

async function granted(pattern: string): Promise<boolean> {
  try {
    return await chrome.permissions.contains({ permissions: ['scripting'], origins: [pattern] });
  } catch {
    return false;
  }
}

async function register(): Promise<void> {
  const scripting = chrome.scripting;
  if (!scripting?.registerContentScripts || !chrome.permissions) return;
  const declared = new Set(chrome.runtime.getManifest().content_scripts?.flatMap((c) => c.matches ?? []) ?? []);
  const origins = ((await chrome.permissions.getAll()).origins ?? []).filter((o) => !declared.has(o)).sort();
  const existing = await scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
  const had = [...(existing[0]?.matches ?? [])].sort();
  // already right (a registration from before 0.1 still names highlights.css, which is gone)
  if (existing.length && had.join('\n') === origins.join('\n') && !existing[0]?.css?.length) return;
  if (existing.length) await scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
  if (origins.length === 0) return;
  await scripting.registerContentScripts([
    {
      id: SCRIPT_ID,
      matches: origins,
      js: ['content.js'],
      allFrames: true,
      runAt: 'document_idle',
      persistAcrossSessions: true,
    },
  ]);
}

/** IT's extra sites by state, for POLICY_STATUS_KEY; null when IT lists none. */
async function itSites(managed: ManagedConfig): Promise<PolicyStatus['extraSites'] | null> {
  const entries = managed.extraSites ?? [];
  if (entries.length === 0) return null;
  const declared = new Set(chrome.runtime.getManifest().content_scripts?.flatMap((c) => c.matches ?? []) ?? []);
  const out = { active: [] as string[], needsPermission: [] as string[], invalid: [] as string[] };
  for (const entry of entries) {
    const p = extraSitePattern(entry);
    if (!p) {
      if (!out.invalid.includes(entry)) out.invalid.push(entry);
      continue;
    }
    if (out.active.includes(p) || out.needsPermission.includes(p)) continue;
    if (declared.has(p) || (await granted(p))) out.active.push(p);
    else out.needsPermission.push(p);
  }
  return out;
}

/** Registers the content script where we may run, and records IT's sites in the status. */
export async function syncExtraSites(managed: ManagedConfig): Promise<void> {
  try {
    await register();
  } catch {
    // scripting not granted (no extra site yet): nothing to register
  }
  await setExtraSitesStatus(await itSites(managed));
}
