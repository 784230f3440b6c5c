// Runs in the extension's content-script context on the bench page (http://127.0.0.1/bench.html):
// the wasm engine vs two plain-JS implementations of the same terms rules. Writes JSON results
// into <body data-bench>.
import { Checker } from 'composure-wasm';
import { loadWasm } from '../../extension/src/engine/wasm';
import { benchPolicy, benchText } from './policy.mjs';

const t0 = performance.now(); // ms since navigation start

function time(fn, minMs = 300) {
  for (let i = 0; i < 5; i++) fn(); // warm up
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < minMs) {
    fn();
    n++;
    now = performance.now();
  }
  return ((now - start) * 1000) / n; // µs per call
}

(async () => {
  const out = {};
  await loadWasm(); // as the extension starts it: the wasm and the default pack beside it
  const tWasm = performance.now();
  const def = new Checker('');
  const tPolicy = performance.now();
  def.check('Hello world', '127.0.0.1');
  const tFirst = performance.now();
  out.startup = {
    scriptStartMs: t0, wasmLoadMs: tWasm - t0, defaultPackCompileMs: tPolicy - tWasm,
    firstCheckMs: tFirst - tPolicy, pageLoadToFirstCheckMs: tFirst,
  };

  const { policy, words, termsPerRule } = benchPolicy();
  const c0 = performance.now();
  const big = new Checker(JSON.stringify(policy));
  out.bigPolicyCompileMs = performance.now() - c0;

  // The floor of any terms check: the text crossing into the wasm, normalised, scanned by a
  // one-word automaton, no findings. Where the 1,000-rule check spends its time beyond that is
  // the automaton of 10,000 words. And the floor of any check at all: a policy without rules
  // (the glue copying the string into the wasm, and the empty result back).
  const none = new Checker(JSON.stringify({ rules: [] }));
  const one = new Checker(JSON.stringify({ rules: [{ ...policy.rules[0], match: { kind: 'terms', terms: ['zzzq'] } }] }));

  const esc = (w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const perRule = termsPerRule.map((ts) => new RegExp(`\\b(?:${ts.map(esc).join('|')})\\b`, 'giu'));
  const all = new RegExp(`\\b(?:${words.map(esc).join('|')})\\b`, 'giu');
  const jsPerRule = (text) => {
    const f = [];
    perRule.forEach((re, i) => {
      re.lastIndex = 0;
      for (let m; (m = re.exec(text)); ) f.push(i, m.index, m.index + m[0].length);
    });
    return f;
  };
  const jsOne = (text) => {
    const f = [];
    all.lastIndex = 0;
    for (let m; (m = all.exec(text)); ) f.push(m.index, m.index + m[0].length);
    return f;
  };

  out.checks = {};
  for (const len of [280, 5000]) {
    const text = benchText(len, words);
    out.checks[len] = {
      wasmDefaultUs: time(() => def.check(text, '127.0.0.1')),
      wasm1000Us: time(() => big.check(text, '127.0.0.1')),
      wasmOneWordUs: time(() => one.check(text, '127.0.0.1')),
      wasmNoRulesUs: time(() => none.check(text, '127.0.0.1')),
      jsRegexPerRuleUs: time(() => jsPerRule(text)),
      jsOneAlternationUs: time(() => jsOne(text)),
      findings: { wasmDefault: def.check(text, '').length / 3, wasm1000: big.check(text, '').length / 3, jsPerRule: jsPerRule(text).length / 3, jsOne: jsOne(text).length / 2 },
    };
  }
  document.body.dataset.bench = JSON.stringify(out);
})().catch((e) => {
  document.body.dataset.bench = JSON.stringify({ error: String(e) });
});
