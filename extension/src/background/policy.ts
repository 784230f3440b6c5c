/**
 * Which policy the extension checks with, decided in one place: here, in the background worker,
 * the single writer of POLICY_STATUS_KEY and LAST_GOOD_POLICY_KEY (shared/state.ts).
 *
 *  - A managed `policy` that compiles is active (source 'managed') and saved as the last good one.
 *  - A managed `policy` that does not compile (invalid JSON, failing examples, unknown rule kind,
 *    a regex over the limits...) is refused as a whole: checking goes on with the last good
 *    policy ('last-good'), or the built-in pack ('default') if none ever compiled on this
 *    browser, and `problem` holds the engine's error text (location and rule id).
 *  - No managed `policy`: the built-in pack.
 *  - A managed `codeUrl` goes into the document's organization.code_url (policy-source.ts).
 *
 * Content scripts and the extension's pages ask the worker for the document and compile it
 * themselves, so page and worker always check with the same rules. They learn of changes from
 * POLICY_STATUS_KEY (its `revision` changes with the document). Chromium reloads its policy
 * files by itself and reports a change (storage.onChanged, area 'managed', about 5 s after the
 * file changed); Firefox reads managed values once per session, so there a change takes effect
 * when Firefox restarts. Requests for the document read managed storage afresh all the same (it
 * is cheap, and catches values that arrived late).
 */
import { Checker } from 'composure-wasm';
import { loadWasm } from '../engine/wasm';
import { readManagedConfig, setPolicyResolver, withCodeUrl, type PolicySource } from '../shared/policy-source';
import {
  effectiveSettings,
  LAST_GOOD_POLICY_KEY,
  POLICY_STATUS_KEY,
  SETTINGS_KEY,
  type EffectiveSettings,
  type LastGoodPolicy,
  type ManagedConfig,
  type PolicyStatus,
  type UserSettings,
} from '../shared/state';

/** Chromium can take seconds to answer storage.managed right after start-up (2.8 s measured). */
const MANAGED_WAIT_MS = 5000;

export interface ActivePolicy extends PolicySource {
  checker: Checker;
  revision: string;
}

type PolicyPart = Omit<PolicyStatus, 'extraSites'>;

let managedCache: Promise<ManagedConfig> | null = null;
let current: { key: string; active: Promise<ActivePolicy> } | null = null;
const changeListeners = new Set<() => void>();

/** 32-bit FNV-1a of the document, with its length: enough to tell documents apart. */
function revisionOf(json: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < json.length; i++) {
    h ^= json.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `${(h >>> 0).toString(16).padStart(8, '0')}-${json.length.toString(16)}`;
}

/** Managed values, waiting at most MANAGED_WAIT_MS; {} if managed storage fails or is slower. */
async function readManaged(): Promise<ManagedConfig> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<ManagedConfig>((ok) => {
    timer = setTimeout(() => ok({}), MANAGED_WAIT_MS);
  });
  try {
    return await Promise.race([readManagedConfig().catch(() => ({})), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The managed values as last read (cached until they change). `fresh` reads them again. */
export function managedConfig(fresh = false): Promise<ManagedConfig> {
  if (!managedCache || fresh) {
    const p = readManaged();
    managedCache = p;
  }
  return managedCache;
}

async function storedLocal<T>(key: string): Promise<T | undefined> {
  try {
    return (await chrome.storage.local.get(key))[key] as T | undefined;
  } catch {
    return undefined;
  }
}

export async function currentSettings(managed: ManagedConfig): Promise<EffectiveSettings> {
  return effectiveSettings(managed, (await storedLocal<UserSettings>(SETTINGS_KEY)) ?? {});
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

interface Info {
  name?: string | null;
  version?: string | null;
  rules: number;
}

function infoOf(checker: Checker): Info {
  try {
    return JSON.parse(checker.info()) as Info;
  } catch {
    return { rules: 0 };
  }
}

/** Compiles the active policy for `managed` and records the outcome. Never rejects for a bad
 * policy: the worst case is the built-in pack. */
async function resolve(managed: ManagedConfig): Promise<ActivePolicy> {
  await loadWasm();
  const codeUrl = managed.codeUrl;
  let problem: string | undefined;
  if (managed.policy) {
    const raw = managed.policy;
    const json = withCodeUrl(raw, codeUrl);
    try {
      const checker = new Checker(json);
      const info = infoOf(checker);
      const name = managed.policyName ?? info.name ?? undefined;
      const version = info.version ?? undefined;
      const last = await storedLocal<LastGoodPolicy>(LAST_GOOD_POLICY_KEY);
      if (!last || last.json !== raw || last.name !== name || last.version !== version) {
        const good: LastGoodPolicy = { json: raw, at: Date.now() };
        if (name) good.name = name;
        if (version) good.version = version;
        await chrome.storage.local.set({ [LAST_GOOD_POLICY_KEY]: good }).catch(() => {});
      }
      return record({ json, source: 'managed', checker }, { name, version, rules: info.rules }, undefined);
    } catch (e) {
      problem = errorText(e);
      if (json !== raw) {
        // report the problem against the text IT wrote (its lines and columns), not ours
        try {
          new Checker(raw).free();
        } catch (e2) {
          problem = errorText(e2);
        }
      }
    }
    const last = await storedLocal<LastGoodPolicy>(LAST_GOOD_POLICY_KEY);
    if (last?.json) {
      const lastJson = withCodeUrl(last.json, codeUrl);
      try {
        const checker = new Checker(lastJson);
        const info = infoOf(checker);
        return record(
          { json: lastJson, source: 'last-good', checker },
          { name: last.name ?? info.name ?? undefined, version: last.version ?? info.version ?? undefined, rules: info.rules },
          problem,
        );
      } catch {
        // an engine update may refuse an old policy: the built-in pack, below
      }
    }
  }
  let json = withCodeUrl('', codeUrl);
  let checker: Checker;
  try {
    checker = new Checker(json);
  } catch {
    json = '';
    checker = new Checker('');
  }
  const info = infoOf(checker);
  // The policyName labels IT's policy; it does not rename the built-in pack we fell back to.
  const name = managed.policy ? undefined : (managed.policyName ?? info.name ?? undefined);
  return record({ json, source: 'default', checker }, { name, version: info.version ?? undefined, rules: info.rules }, problem);
}

function record(
  p: Omit<ActivePolicy, 'revision'>,
  meta: { name?: string; version?: string; rules: number },
  problem: string | undefined,
): ActivePolicy {
  const revision = revisionOf(p.json);
  const part: PolicyPart = { source: p.source, rules: meta.rules, activeSince: Date.now(), revision };
  if (meta.name) part.name = meta.name;
  if (meta.version) part.version = meta.version;
  if (problem) part.problem = { message: problem, at: Date.now() };
  policyPart = part;
  void writeStatus();
  return { ...p, revision };
}

// ---- POLICY_STATUS_KEY: one writer, writes in order, only when something changed ------------

let policyPart: PolicyPart | null = null;
let sitesPart: PolicyStatus['extraSites'] | null | undefined; // undefined: not computed yet
let writing: Promise<void> = Promise.resolve();

function writeStatus(): Promise<void> {
  writing = writing.then(async () => {
    if (!policyPart) return;
    const stored = await storedLocal<PolicyStatus>(POLICY_STATUS_KEY);
    const next: PolicyStatus = { ...policyPart };
    const sites = sitesPart === undefined ? stored?.extraSites : (sitesPart ?? undefined);
    if (sites) next.extraSites = sites;
    if (stored) {
      // the same document as before (a worker restart, or a bad policy refused while the last
      // good one stays): it did not become active now
      if (stored.revision === next.revision) next.activeSince = stored.activeSince;
      if (stored.problem && next.problem && stored.problem.message === next.problem.message) next.problem = stored.problem;
      if (JSON.stringify(stored) === JSON.stringify(next)) return;
    }
    await chrome.storage.local.set({ [POLICY_STATUS_KEY]: next });
  }).catch(() => {});
  return writing;
}

/** Records IT's extra sites and their permission state (background/extra-sites.ts). */
export function setExtraSitesStatus(sites: PolicyStatus['extraSites'] | null): Promise<void> {
  sitesPart = sites;
  return writeStatus();
}

// ---- the active policy ------------------------------------------------------------------------

function keyOf(m: ManagedConfig): string {
  return JSON.stringify([m.policy ?? null, m.codeUrl ?? null, m.policyName ?? null]);
}

/** The active policy for the managed values `managed` (by default the cached ones). */
export async function activeFor(managed?: ManagedConfig): Promise<ActivePolicy> {
  const m = managed ?? (await managedConfig());
  const key = keyOf(m);
  if (current?.key === key) return current.active;
  const old = current;
  const active = resolve(m);
  current = { key, active };
  active.catch(() => {
    if (current?.active === active) current = null;
  });
  old?.active.then((a) => {
    if (a.checker !== undefined) {
      // the previous checker may still be in use by a check in flight: free it a little later
      setTimeout(() => {
        try {
          a.checker.free();
        } catch {
          // already freed
        }
      }, 5000);
    }
  }, () => {});
  void active.then(() => {
    if (old) for (const f of changeListeners) f();
  }, () => {});
  return active;
}

/** Calls `fn` after the active policy was replaced by another. */
export function onActiveChange(fn: () => void): void {
  changeListeners.add(fn);
}

/** Reads managed storage again and switches policy if it changed. */
export async function refresh(): Promise<{ managed: ManagedConfig; active: ActivePolicy }> {
  const managed = await managedConfig(true);
  return { managed, active: await activeFor(managed) };
}

setPolicyResolver(async () => {
  const { active } = await refresh();
  return { json: active.json, source: active.source };
});
