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
  };
}

/**
 * What is wrong with the passages our UI marked (`readState().marked`) for these `expected`
 * findings: every mark must be a finding's passage, and every stretch of overlapping findings
 * must have a mark (the textarea overlay draws one mark where findings overlap). Wrong offsets
 * (bytes for UTF-16 units, say) mark shifted passages. Empty when all is well.
 */
export function markProblems(marked, expected) {
  const problems = [];
  for (const m of marked) if (!expected.some((f) => f.text === m)) problems.push(`marked "${m}", which no finding is`);
  for (const f of expected) {
    const overlapping = expected.filter((g) => g.start < f.end && f.start < g.end).map((g) => g.text);
    if (!marked.some((m) => overlapping.includes(m))) problems.push(`nothing marked around "${f.text}"`);
  }
  return problems;
}
