// The engine, loaded in node from the built extension, to compute what the extension should
// show for a text (so tests follow the default pack as it evolves).
import { loadEngine } from './engine-node.mjs';

export async function loadOracle(root) {
  const glue = await loadEngine(root);
  const checker = new glue.Checker('');
  const rules = JSON.parse(checker.rules('en'));
  return {
    rules,
    findings(text, site = '127.0.0.1') {
      const t = checker.check(text, site);
      const out = [];
      for (let i = 0; i < t.length; i += 3) {
        const r = rules[t[i]];
        out.push({ id: r.id, severity: r.severity, start: t[i + 1], end: t[i + 2], text: text.slice(t[i + 1], t[i + 2]) });
      }
      return out;
    },
    /** The passages a person sees for `text` (passagesOf below). */
    passages(text, site) {
      return passagesOf(this.findings(text, site), text, rules);
    },
  };
}

/**
 * What a person sees for `findings` (from `findings()` above): one passage per stretch of
 * overlapping findings (touching ones stay apart), with the most severe severity, the rule ids
 * and each distinct message once. The spec of content/passages.ts, written again here from the
 * issue's words, so that the tests do not take the product's word for it.
 */
export function passagesOf(findings, text, rules) {
  const sorted = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  const out = [];
  for (const f of sorted) {
    const last = out[out.length - 1];
    if (last && f.start < last.end) {
      last.end = Math.max(last.end, f.end);
      last.members.push(f);
    } else out.push({ start: f.start, end: f.end, members: [f] });
  }
  const rank = { info: 0, warn: 1, block: 2 };
  return out.map((p) => ({
    start: p.start,
    end: p.end,
    text: text.slice(p.start, p.end),
    severity: p.members.reduce((w, f) => (rank[f.severity] > rank[w] ? f.severity : w), 'info'),
    ids: p.members.map((f) => f.id),
    messages: [...new Set(p.members.map((f) => rules.find((r) => r.id === f.id).message))],
  }));
}

/**
 * What is wrong with the passages our UI marked (`readUi().marked`) for these `expected`
 * passages (from `passages()`): one mark per passage, exactly its words. Wrong offsets (bytes
 * for UTF-16 units, say) mark shifted passages. Empty when all is well.
 */
export function markProblems(marked, expected) {
  const problems = [];
  const want = expected.map((p) => p.text);
  for (const m of marked) if (!want.includes(m)) problems.push(`marked "${m}", which no passage is`);
  for (const w of want) if (!marked.includes(w)) problems.push(`nothing marked at "${w}"`);
  if (marked.length !== want.length) problems.push(`${marked.length} marks for ${want.length} passages`);
  return problems;
}
