/**
 * One passage, one underline. Findings whose spans overlap are one passage of the post: one
 * mark, one entry in the popover, the hold dialog and the toolbar popup, one on the badge's
 * count. A passage lists each distinct reason once, most severe first: two rules with the same
 * message (a password caught by a detector and by a written-out rule, say) show it once.
 * Pure: no DOM, so node's test runner covers it (tests/unit/passages.test.mjs).
 */
import type { RuleMeta, Severity } from '../shared/types';
import { SEVERITY_RANK } from '../shared/types';

/** A finding as the content script shows it: its span, its rule, its "ignore" key. */
export interface Flagged {
  start: number;
  end: number;
  meta: RuleMeta;
  key: string;
}

export interface Reason {
  severity: Severity;
  message: string;
  tip: string | null;
  link: string | null;
  /** The ids of the rules that gave this message, in text order. */
  rules: string[];
}

export interface Passage {
  start: number;
  end: number;
  /** The most severe of its reasons. */
  severity: Severity;
  /** Distinct by message; most severe first, then in text order. */
  reasons: Reason[];
  /** The "ignore for this post" keys of all its findings. */
  keys: string[];
}

const rank = (s: Severity) => SEVERITY_RANK[s];

/** The passages of `findings` (any order), in text order. Touching spans stay apart. */
export function passagesOf(findings: readonly Flagged[]): Passage[] {
  const sorted = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Passage[] = [];
  let group: Flagged[] = [];
  let end = -1;
  for (const f of sorted) {
    if (group.length && f.start < end) {
      group.push(f);
      end = Math.max(end, f.end);
      continue;
    }
    if (group.length) out.push(passage(group, end));
    group = [f];
    end = f.end;
  }
  if (group.length) out.push(passage(group, end));
  return out;
}

function passage(group: Flagged[], end: number): Passage {
  const byMessage = new Map<string, Reason>();
  for (const f of group) {
    const m = f.meta;
    const r = byMessage.get(m.message);
    if (!r) {
      byMessage.set(m.message, { severity: m.severity, message: m.message, tip: m.tip, link: m.link, rules: [m.id] });
      continue;
    }
    if (!r.rules.includes(m.id)) r.rules.push(m.id);
    if (rank(m.severity) > rank(r.severity)) {
      r.severity = m.severity;
      r.tip = m.tip ?? r.tip;
      r.link = m.link ?? r.link;
    } else {
      r.tip ??= m.tip;
      r.link ??= m.link;
    }
  }
  // Array.prototype.sort is stable: equal severities keep text order
  const reasons = [...byMessage.values()].sort((a, b) => rank(b.severity) - rank(a.severity));
  return { start: group[0].start, end, severity: reasons[0].severity, reasons, keys: group.map((f) => f.key) };
}

/** How many passages there are of each severity (for the badge). */
export function countBySeverity(passages: readonly Passage[]): Record<Severity, number> {
  const counts = { info: 0, warn: 0, block: 0 };
  for (const p of passages) counts[p.severity]++;
  return counts;
}

/**
 * The model's findings that add something to the rules': one is left out where a rule finding
 * at least as severe overlaps it (the rule's message is the more specific one), as the engine's
 * `without_repeats` does. A mere `info` from a rule does not hide a model warning.
 */
export function withoutRepeats<T extends { start: number; end: number; meta: { severity: Severity } }>(
  rules: readonly T[],
  model: readonly T[],
): T[] {
  return model.filter(
    (m) => !rules.some((r) => rank(r.meta.severity) >= rank(m.meta.severity) && r.start < m.end && m.start < r.end),
  );
}
