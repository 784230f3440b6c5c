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
  /** The sentence model's verdict on `text` (background/model.ts): asked for after the rules
   * check settled, never per keystroke; `stale` as for `composure:check`. */
  | { type: 'composure:model-check'; text: string; site: string; revision: string }
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
      /** `composure:model-check`: `[rule, start, end, confidence × 1000]` quadruples. */
      quads?: number[];
      /** `composure:model-check`: milliseconds this check took in the worker, and the model's
       * load (fetch, compile, parse) when this request loaded it. */
      modelMs?: number;
      loadMs?: number;
      /** `composure:model-check`: bytes of the model module's wasm memory. */
      memoryBytes?: number;
      rules?: RuleMeta[];
      policy?: string;
      config?: ContentConfig;
      strings?: import('./i18n-format').Catalog;
    }
  | { ok: false; error: string };

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warn: 1, block: 2 };

/** Model findings: the `quads` of a `composure:model-check` answer. */
export function quadsToFindings(q: ArrayLike<number>): ModelFinding[] {
  const out: ModelFinding[] = [];
  for (let i = 0; i + 3 < q.length; i += 4) out.push({ rule: q[i], start: q[i + 1], end: q[i + 2], confidence: q[i + 3] / 1000 });
  return out;
}

/** A finding of the sentence model, with the score behind it (0-1). */
export interface ModelFinding extends Finding {
  confidence: number;
}

export function triplesToFindings(t: ArrayLike<number>): Finding[] {
  const out: Finding[] = [];
  for (let i = 0; i + 2 < t.length; i += 3) out.push({ rule: t[i], start: t[i + 1], end: t[i + 2] });
  return out;
}
