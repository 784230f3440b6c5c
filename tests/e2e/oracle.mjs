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
