/**
 * Reading what IT pushed (managed storage) and turning it into the policy document to compile.
 * Deciding which policy is active (managed, last good, default) and recording problems is the
 * background worker's job (background/policy.ts); it registers itself here so that
 * `activePolicy()` answers with its decision in the worker.
 *
 * Reading managed storage never blocks checking for long: right after the browser starts,
 * Chromium can take seconds to answer `storage.managed.get` (measured: 2.8 s in the first call).
 * Callers race it against a timeout (`readManagedWithin`).
 */
import { POLICY_STATUS_KEY, SETTINGS_KEY, type ManagedConfig } from './state';

export interface PolicySource {
  /** Policy JSON for `new Checker(json)`; "" means the built-in default pack. */
  json: string;
  source: 'managed' | 'last-good' | 'default';
}

/** Keeps only values of the documented types: Chromium checks them against the schema,
 * Firefox does not, and a string "false" must not be read as true. */
export function sanitizeManaged(raw: unknown): ManagedConfig {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const out: ManagedConfig = {};
  const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
  const bool = (v: unknown) => (typeof v === 'boolean' ? v : undefined);
  if (str(r.policy)) out.policy = r.policy as string;
  if (str(r.policyName)) out.policyName = (r.policyName as string).trim();
  if (bool(r.locked) !== undefined) out.locked = r.locked as boolean;
  if (bool(r.allowPostAnyway) !== undefined) out.allowPostAnyway = r.allowPostAnyway as boolean;
  if (bool(r.requireReason) !== undefined) out.requireReason = r.requireReason as boolean;
  if (Array.isArray(r.extraSites)) {
    out.extraSites = r.extraSites.filter((s): s is string => typeof s === 'string' && s.trim() !== '').map((s) => s.trim());
  }
  const url = safeCodeUrl(r.codeUrl);
  if (url) out.codeUrl = url;
  return out;
}

/** An https:// or mailto: link (what the schema asks for); anything else is ignored. */
export function safeCodeUrl(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  try {
    const u = new URL(v.trim());
    return u.protocol === 'https:' || u.protocol === 'mailto:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** The managed values, or {} without a policy (Firefox rejects with "Managed storage manifest
 * not found" then). Rejects only when managed storage itself fails. */
export async function readManagedConfig(): Promise<ManagedConfig> {
  const managed = chrome.storage?.managed;
  if (!managed) return {};
  try {
    return sanitizeManaged(await managed.get(null));
  } catch (e) {
    if (/manifest not found/i.test(e instanceof Error ? e.message : String(e))) return {};
    throw e;
  }
}

/** `readManagedConfig()`, or null when it has not answered within `ms` (or failed). */
export async function readManagedWithin(ms: number): Promise<ManagedConfig | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([readManagedConfig().catch(() => null), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The managed `codeUrl` goes into the document's `organization.code_url` before compiling: the
 * engine links every rule without its own `link` to that URL, so rules with their own `link`
 * keep it. Without a managed policy it applies to the built-in pack (a one-line policy that
 * extends it). Returns `json` unchanged when it is not a JSON object (the engine then reports
 * the syntax error against the text IT wrote).
 */
export function withCodeUrl(json: string, codeUrl: string | undefined): string {
  if (!codeUrl) return json;
  if (json.trim() === '') return JSON.stringify({ extends: ['default'], organization: { code_url: codeUrl } });
  try {
    const doc = JSON.parse(json) as unknown;
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return json;
    const d = doc as Record<string, unknown>;
    const org = d.organization;
    if (org !== undefined && (org === null || typeof org !== 'object' || Array.isArray(org))) return json;
    d.organization = { ...(org as object | undefined), code_url: codeUrl };
    return JSON.stringify(d);
  } catch {
    return json;
  }
}

type Resolver = () => Promise<PolicySource>;
let resolver: Resolver | null = null;

/** The background worker registers the function that decides the active policy. */
export function setPolicyResolver(fn: Resolver): void {
  resolver = fn;
}

/**
 * The policy document to check with. In the background worker: its decision (managed, last
 * good or default, see background/policy.ts). Elsewhere, ask the worker instead
 * (`composure:policy` / `composure:config`); this fallback reads managed storage directly and
 * does not know about the last good policy.
 */
export async function activePolicy(): Promise<PolicySource> {
  if (resolver) return resolver();
  const managed = (await readManagedWithin(300)) ?? {};
  if (managed.policy) return { json: withCodeUrl(managed.policy, managed.codeUrl), source: 'managed' };
  return { json: withCodeUrl('', managed.codeUrl), source: 'default' };
}

/**
 * Calls `onChange` when the policy or the settings may have changed: the worker recorded another
 * policy (POLICY_STATUS_KEY), the user changed a setting (SETTINGS_KEY), or the browser reported
 * a change of IT's managed values (Chromium does, while it runs). Ask the worker again then.
 */
export function onPolicyChange(onChange: () => void): void {
  try {
    chrome.storage?.onChanged?.addListener((changes, area) => {
      if (area === 'managed' || (area === 'local' && (POLICY_STATUS_KEY in changes || SETTINGS_KEY in changes))) onChange();
    });
  } catch {
    // storage events unavailable: the policy is read again on the next page load
  }
}
