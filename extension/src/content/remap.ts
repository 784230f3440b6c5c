/** Findings across an edit, without a new check. Pure: unit-tested in tests/unit/. */
import type { Finding } from '../shared/types';

/**
 * Moves findings across an edit from `before` to `after` (one contiguous change, found by the
 * common prefix and suffix): findings before the change stay, after it shift, and the ones the
 * change touched are dropped until the next check. Never draws old offsets on new text.
 */
export function remap(findings: Finding[], before: string, after: string): Finding[] {
  const max = Math.min(before.length, after.length);
  let p = 0;
  while (p < max && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && before.charCodeAt(before.length - 1 - s) === after.charCodeAt(after.length - 1 - s)) s++;
  const oldEnd = before.length - s;
  const delta = after.length - before.length;
  const out: Finding[] = [];
  for (const f of findings) {
    if (f.end <= p) out.push(f);
    else if (f.start >= oldEnd) out.push({ rule: f.rule, start: f.start + delta, end: f.end + delta });
  }
  return out;
}
