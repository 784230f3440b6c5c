/**
 * Sites beyond the manifest's content-script matches (other Mastodon instances, and later the
 * sites IT configures): the user or IT grants an origin through `optional_host_permissions`
 * (with the optional `scripting` permission), and the content script is registered for it here.
 * On such origins the wasm is not web-accessible, so the content script uses the background engine.
 */
const SCRIPT_ID = 'composure-extra-sites';

export function syncExtraSites(): void {
  const sync = async () => {
    const scripting = chrome.scripting;
    if (!scripting?.registerContentScripts || !chrome.permissions) return;
    const declared = new Set(chrome.runtime.getManifest().content_scripts?.flatMap((c) => c.matches ?? []) ?? []);
    const granted = ((await chrome.permissions.getAll()).origins ?? []).filter((o) => !declared.has(o));
    const existing = await scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
    if (existing.length) await scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
    if (granted.length === 0) return;
    await scripting.registerContentScripts([
      {
        id: SCRIPT_ID,
        matches: granted,
        js: ['content.js'],
        css: ['highlights.css'],
        allFrames: true,
        runAt: 'document_idle',
        persistAcrossSessions: true,
      },
    ]);
  };
  const run = () => {
    sync().catch(() => {});
  };
  try {
    chrome.permissions?.onAdded?.addListener(run);
    chrome.permissions?.onRemoved?.addListener(run);
    chrome.runtime.onInstalled.addListener(run);
  } catch {
    // permissions API absent: nothing to register
  }
}
