/**
 * The extension's state in storage: one place for every key, its shape and who writes it.
 * Pages (options, popup, trainer demo) read these; only the writer named on each key writes it.
 *
 * Precedence for everything configurable: managed values (IT, `storage.managed`, see
 * managed_schema.json), then the user's own settings where IT has not locked them, then the
 * built-in defaults. `effectiveSettings` applies it; nothing else should.
 * Post text is never stored under any key.
 */

/** What IT can push through managed storage (managed_schema.json). All optional. */
export interface ManagedConfig {
  /** The organisation's policy document, as a JSON string. */
  policy?: string;
  /** A label for the policy shown in the UI. */
  policyName?: string;
  /** Users may not turn Composure off per site or change settings. */
  locked?: boolean;
  /** Whether "Post anyway" is offered for block findings (default true). */
  allowPostAnyway?: boolean;
  /** Ask for a short reason before "Post anyway"; the reason stays on the device. */
  requireReason?: boolean;
  /** Extra hosts or match patterns where Composure runs (e.g. the organisation's Mastodon). */
  extraSites?: string[];
  /** Link to the organisation's own social media code (overrides organization.code_url). */
  codeUrl?: string;
}

/** The user's own settings. Writer: the options page and the popup (unless locked). */
export const SETTINGS_KEY = 'composure.settings';
export interface UserSettings {
  /** Interface language; absent = the browser's. */
  lang?: 'en' | 'nl';
  /** Host names where the user turned Composure off. */
  disabledSites?: string[];
}

/** Which policy is active and whether anything is wrong (storage.local). Writer: the background worker. */
export const POLICY_STATUS_KEY = 'composure.policyStatus';
export interface PolicyStatus {
  /** Where the active policy comes from. */
  source: 'managed' | 'last-good' | 'default';
  /** The policy's `name` / `policyName`, and its `version` (or date). */
  name?: string;
  version?: string;
  /** Number of active rules. */
  rules: number;
  /** When this policy became active (ms since epoch). */
  activeSince: number;
  /**
   * A problem with the policy IT pushed: the engine's error text (one problem per line, each
   * naming its location and rule id), or a JSON/format error. While present, checking goes on
   * with the last policy that worked (`source: 'last-good'`) or the built-in default pack.
   */
  problem?: { message: string; at: number };
  /**
   * Changes whenever the policy document checked with changes (a short hash of it). Content
   * scripts and pages listen for changes of this key and fetch the policy again.
   */
  revision?: string;
  /**
   * IT's `extraSites`, as match patterns: `active` are checked (host permission granted),
   * `needsPermission` wait for the user to grant access (the options page can offer a one-click
   * grant: `requestExtraSitePermissions` in shared/extra-sites.ts), `invalid` are entries that
   * are neither a host name nor an https:// match pattern. Absent when IT set no extraSites.
   */
  extraSites?: { active: string[]; needsPermission: string[]; invalid: string[] };
}

/** The last managed policy that compiled. Writer: the background worker. */
export const LAST_GOOD_POLICY_KEY = 'composure.lastGoodPolicy';
export interface LastGoodPolicy {
  json: string;
  name?: string;
  version?: string;
  at: number;
}

/** Settings with managed values applied over the user's. */
export interface EffectiveSettings {
  lang?: 'en' | 'nl';
  disabledSites: string[];
  locked: boolean;
  allowPostAnyway: boolean;
  requireReason: boolean;
  extraSites: string[];
  codeUrl?: string;
}

export function effectiveSettings(managed: ManagedConfig, user: UserSettings): EffectiveSettings {
  const locked = managed.locked === true;
  return {
    lang: user.lang,
    disabledSites: locked ? [] : (user.disabledSites ?? []),
    locked,
    allowPostAnyway: managed.allowPostAnyway !== false,
    requireReason: managed.requireReason === true,
    extraSites: managed.extraSites ?? [],
    codeUrl: managed.codeUrl,
  };
}
