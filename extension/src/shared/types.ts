/** Shared between the content script and the background worker. */

export type Severity = 'info' | 'warn' | 'block';

/** One rule's metadata, as `Checker.rules(lang)` returns it. */
export interface RuleMeta {
  id: string;
  category: string;
  severity: Severity;
  message: string;
  tip: string | null;
  link: string | null;
  kind: string;
  origin: string;
}

/** A finding: a rule index and a half-open span in UTF-16 code units of the checked text. */
export interface Finding {
  rule: number;
  start: number;
  end: number;
}

export type BgRequest =
  /** `revision`: the policy revision the sender's rule list belongs to (rule indices in the
   * answer are into that list); the worker answers `stale` instead when it checks with
   * another one now. */
  | { type: 'composure:check'; text: string; site: string; revision?: string }
  | { type: 'composure:rules'; lang: string }
  /** Content script → worker: the policy document to compile, and the effective settings. */
  | { type: 'composure:config' }
  /** Content script → worker: the UI strings of a language the person chose over the browser's. */
  | { type: 'composure:strings'; lang: 'en' | 'nl' };

/** What a content script needs from the worker's decisions (see background/policy.ts). */
export interface ContentConfig {
  /** Policy JSON for `new Checker(json)` ("" = the built-in pack), as the worker checks with. */
  policy: string;
  /** Changes with `policy` (POLICY_STATUS_KEY.revision). */
  revision: string;
  settings: import('./state').EffectiveSettings;
}

export type BgResponse =
  | {
      ok: true;
      /** The revision of the policy the worker answered with (checks and rules). */
      revision?: string;
      /** A check for another revision than the worker's: dropped, no triples. */
      stale?: boolean;
      triples?: number[];
      rules?: RuleMeta[];
      policy?: string;
      config?: ContentConfig;
      strings?: import('./i18n-format').Catalog;
    }
  | { ok: false; error: string };

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warn: 1, block: 2 };

export function triplesToFindings(t: ArrayLike<number>): Finding[] {
  const out: Finding[] = [];
  for (let i = 0; i + 2 < t.length; i += 3) out.push({ rule: t[i], start: t[i + 1], end: t[i + 2] });
  return out;
}
