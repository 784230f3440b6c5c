/**
 * Extra sites (IT's managed `extraSites`, or sites a user adds): host names or match patterns
 * turned into the `https://host/*` patterns the browser grants and we register the content
 * script for. Only https sites are possible: the manifest's `optional_host_permissions` covers https only.
 *
 * Neither Chrome nor Firefox lets IT grant optional host permissions through policy, so each
 * person grants them once, with a click in the options page: `requestExtraSitePermissions`.
 */

/** "social.acme.nl", "https://social.acme.nl/*", "https://social.acme.nl/home", "*.acme.nl"
 * → "https://social.acme.nl/*" (or "https://*.acme.nl/*"); null for anything else. */
export function extraSitePattern(entry: string): string | null {
  let s = entry.trim().toLowerCase();
  if (!s) return null;
  const scheme = /^([a-z*][a-z0-9+.*-]*):\/\//.exec(s);
  if (scheme && scheme[1] !== 'https') return null;
  if (!scheme) s = 'https://' + s;
  const m = /^https:\/\/((?:\*\.)?[a-z0-9.-]+)(?::\d+)?(?:\/.*)?$/.exec(s);
  if (!m) return null;
  const host = m[1].replace(/\.$/, '');
  const bare = host.replace(/^\*\./, '');
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(bare) || bare.length > 253) return null;
  return `https://${host}/*`;
}

/**
 * Asks the person to let Composure run on `patterns` (e.g. `PolicyStatus.extraSites.needsPermission`).
 * Call it directly in a click handler of an extension page (options page, popup): browsers
 * only show the permission prompt during a user gesture, so nothing may be awaited before it.
 * Resolves true when granted; the background worker then registers the content script there and
 * updates POLICY_STATUS_KEY by itself.
 */
export function requestExtraSitePermissions(patterns: string[]): Promise<boolean> {
  if (patterns.length === 0) return Promise.resolve(true);
  return chrome.permissions.request({ permissions: ['scripting'], origins: patterns });
}
