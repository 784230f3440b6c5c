/**
 * What the options page and the popup read and write: settings (shared/state.ts), the policy
 * status the worker keeps, and the active policy compiled here with the page's own engine.
 * Settings and status live in storage.local; managed values in storage.managed (read-only).
 */
import type { Checker } from 'composure-wasm';
import type { PolicyRequest, PolicyResponse } from '../shared/pages-protocol';
import {
  effectiveSettings,
  POLICY_STATUS_KEY,
  SETTINGS_KEY,
  type EffectiveSettings,
  type ManagedConfig,
  type PolicyStatus,
  type UserSettings,
} from '../shared/state';
import type { RuleMeta, Severity } from '../shared/types';

/** Chromium can take seconds to answer storage.managed right after start-up; never wait long. */
const MANAGED_WAIT_MS = 1500;

export async function readManaged(): Promise<ManagedConfig> {
  try {
    const managed = chrome.storage?.managed;
    if (!managed) return {};
    const late = new Promise<ManagedConfig>((ok) => setTimeout(() => ok({}), MANAGED_WAIT_MS));
    const got = managed.get(null).then(
      (v) => (v ?? {}) as ManagedConfig,
      () => ({}) as ManagedConfig, // Firefox: "Managed storage manifest not found" without a policy
    );
    return await Promise.race([got, late]);
  } catch {
    return {};
  }
}

export async function readUser(): Promise<UserSettings> {
  const got = await chrome.storage.local.get(SETTINGS_KEY);
  return (got[SETTINGS_KEY] as UserSettings | undefined) ?? {};
}

/** Merges `patch` into the stored settings (read right before writing). */
export async function writeUser(patch: Partial<UserSettings>): Promise<UserSettings> {
  const next: UserSettings = { ...(await readUser()), ...patch };
  for (const k of Object.keys(next) as (keyof UserSettings)[]) if (next[k] === undefined) delete next[k];
  await chrome.storage.local.set({ [SETTINGS_KEY]: next });
  return next;
}

export async function readStatus(): Promise<PolicyStatus | null> {
  try {
    const got = await chrome.storage.local.get(POLICY_STATUS_KEY);
    return (got[POLICY_STATUS_KEY] as PolicyStatus | undefined) ?? null;
  } catch {
    return null;
  }
}

export interface PageState {
  managed: ManagedConfig;
  user: UserSettings;
  effective: EffectiveSettings;
  status: PolicyStatus | null;
}

export async function readState(): Promise<PageState> {
  const [managed, user, status] = await Promise.all([readManaged(), readUser(), readStatus()]);
  return { managed, user, effective: effectiveSettings(managed, user), status };
}

/** Calls `fn` when settings, the policy status or the managed values change. */
export function onStateChange(fn: (what: 'settings' | 'status' | 'managed') => void): void {
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area === 'managed') fn('managed');
    else if (area === 'local' && SETTINGS_KEY in changes) fn('settings');
    else if (area === 'local' && POLICY_STATUS_KEY in changes) fn('status');
  });
}

/** Asks the worker which policy it checks with. MV3 may be starting the worker: retry. */
export async function requestPolicy(): Promise<{ policy: string; source: 'managed' | 'last-good' | 'default' }> {
  let last: unknown = new Error('no answer from the background worker');
  for (const wait of [0, 100, 400, 1000]) {
    if (wait) await new Promise((r) => setTimeout(r, wait));
    try {
      const r = (await chrome.runtime.sendMessage({ type: 'composure:policy' } satisfies PolicyRequest)) as
        | PolicyResponse
        | undefined;
      if (r?.ok) return { policy: r.policy, source: r.source };
      if (r) last = new Error(r.error);
    } catch (e) {
      last = e;
    }
  }
  throw last;
}

export interface PolicyInfo {
  name: string | null;
  version: string | null;
  rules: number;
  organization: { code_url?: string | null; name?: string | null } & Record<string, unknown>;
}

export interface ActivePolicy {
  checker: Checker;
  /** Where the worker got it; 'default' also when the document did not compile here. */
  source: 'managed' | 'last-good' | 'default';
  info: PolicyInfo;
  rules(lang: string): RuleMeta[];
}

/** The active policy, compiled with the page's engine. Falls back to the built-in pack. */
export async function loadActivePolicy(): Promise<ActivePolicy> {
  const wasm = await import('../engine/wasm');
  let doc: { policy: string; source: 'managed' | 'last-good' | 'default' } = { policy: '', source: 'default' };
  const [, got] = await Promise.all([wasm.loadWasm(), requestPolicy().catch(() => null)]);
  if (got) doc = got;
  const compiled = wasm.compile(doc.policy, doc.source === 'default' ? 'default' : 'managed');
  const source = compiled.source === 'default' ? 'default' : doc.source;
  const info = JSON.parse(compiled.checker.info()) as PolicyInfo;
  const byLang = new Map<string, RuleMeta[]>();
  return {
    checker: compiled.checker,
    source,
    info,
    rules(lang) {
      let r = byLang.get(lang);
      if (!r) {
        r = wasm.rulesOf(compiled.checker, lang);
        byLang.set(lang, r);
      }
      return r;
    },
  };
}

/** A link we are willing to open: https, or mailto (as the managed schema allows). */
export function safeLink(url: unknown): string | null {
  if (typeof url !== 'string') return null;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' || u.protocol === 'mailto:' ? u.href : null;
  } catch {
    return null;
  }
}

/** The organisation's code: managed codeUrl first, then the policy's organization.code_url. */
export function codeUrlOf(eff: EffectiveSettings, info: PolicyInfo | null): string | null {
  return safeLink(eff.codeUrl) ?? safeLink(info?.organization?.code_url);
}

export const SEVERITY_KEY: Record<Severity, string> = {
  block: 'severityBlock',
  warn: 'severityWarn',
  info: 'severityInfo',
};

/** Known categories have a name in both languages (options_cat_<category with _>). */
export const KNOWN_CATEGORIES = [
  'personal-data',
  'credentials',
  'confidential',
  'speaking-for-company',
  'employer-criticism',
  'profanity-insult',
] as const;

export function categoryKey(category: string): string | null {
  return (KNOWN_CATEGORIES as readonly string[]).includes(category) ? `options_cat_${category.replace(/-/g, '_')}` : null;
}

/**
 * The sites the content script runs on by default, from the manifest's matches, as the domains a
 * person recognises: "www.facebook.com", "m.facebook.com" → "facebook.com"; "*.x.com" → "x.com".
 * Turning a domain off covers its subdomains (the content script matches host or subdomain).
 */
export function builtInHosts(): string[] {
  const out: string[] = [];
  for (const cs of chrome.runtime.getManifest().content_scripts ?? []) {
    for (const m of cs.matches ?? []) {
      const host = /^[a-z*]+:\/\/([^/]+)\//i.exec(m)?.[1];
      if (!host) continue;
      let h = host.replace(/:\d+$/, '').replace(/^\*\./, '').toLowerCase();
      if (h.includes('*')) continue;
      const base = h.replace(/^(www|web|m|old|new|sh|mobile)\./, '');
      if (base.includes('.') && !/^\d+\.\d+$/.test(base)) h = base;
      if (!out.includes(h)) out.push(h);
    }
  }
  return out;
}

/** Whether `host` is turned off by the list (the entry itself or a parent domain of it). */
export function isDisabled(disabled: readonly string[], host: string): boolean {
  const h = host.toLowerCase();
  return disabled.some((d) => {
    const s = d.toLowerCase();
    return h === s || h.endsWith('.' + s);
  });
}

/** The disabled list with `host` turned on (every entry covering it, or inside it, removed) or off. */
export function withSite(disabled: readonly string[], host: string, on: boolean): string[] {
  const h = host.toLowerCase();
  const rest = disabled.map((d) => d.toLowerCase()).filter((d) => !(on && (h === d || h.endsWith('.' + d) || d.endsWith('.' + h))));
  if (!on && !isDisabled(rest, h)) rest.push(h);
  return [...new Set(rest)].sort();
}

/** A host name from what the person typed: "https://social.acme.nl/home" → "social.acme.nl". */
export function normaliseHost(input: string): string | null {
  let s = input.trim().toLowerCase();
  if (!s) return null;
  if (!/^[a-z][a-z0-9+.-]*:\/\//.test(s)) s = 'https://' + s;
  try {
    const h = new URL(s).hostname.replace(/\.$/, '');
    return /^[a-z0-9.-]+$/.test(h) && h.length <= 253 && /[a-z0-9]/.test(h) ? h : null;
  } catch {
    return null;
  }
}

export function demoUrl(): string {
  return chrome.runtime.getURL('demo.html');
}
