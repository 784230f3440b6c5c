// Runs in the extension's content-script context on the bench page (http://127.0.0.1/bench.html):
// the wasm engine vs two plain-JS implementations of the same terms rules. Writes JSON results
// into <body data-bench>.
import { Checker } from 'composure-wasm';
import { checkText, loadWasm } from '../../extension/src/engine/wasm';
import { benchPolicy, benchText } from './policy.mjs';

const t0 = performance.now(); // ms since navigation start

/**
 * µs per call of each function in `fns`, side by side: after a warm-up of each (the browser
 * compiles hot wasm functions again with its optimising tier, and whatever ran first would
 * otherwise pay for that), `rounds` rounds that time every function in turn for `sliceMs`.
 * The median round of each: on a shared machine a slow stretch then hits one round of every
 * function rather than all of one.
 */
function timeSideBySide(fns, rounds = 9, sliceMs = 40) {
  const names = Object.keys(fns);
  for (const name of names) for (const until = performance.now() + 60; performance.now() < until; ) fns[name]();
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (const name of names) {
      const fn = fns[name];
      let n = 0;
      const start = performance.now();
      let now = start;
      while (now - start < sliceMs) {
        fn();
        n++;
        now = performance.now();
      }
      samples[name].push(((now - start) * 1000) / n);
    }
  }
  return Object.fromEntries(names.map((n) => [n, samples[n].sort((a, b) => a - b)[rounds >> 1]]));
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

  // The floor of any terms check: the text crossing into the wasm, normalised, its word starts
  // looked up for one word, no findings. Where the 1,000-rule check spends its time beyond
  // that is the 10,000 words. And the floor of any check at all: a policy without rules
  // (the text crossing into the wasm, and the empty result back).
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
      ...timeSideBySide({
        wasmDefaultUs: () => checkText(def, text, '127.0.0.1'),
        wasm1000Us: () => checkText(big, text, '127.0.0.1'),
        wasmOneWordUs: () => checkText(one, text, '127.0.0.1'),
        wasmNoRulesUs: () => checkText(none, text, '127.0.0.1'),
        jsRegexPerRuleUs: () => jsPerRule(text),
        jsOneAlternationUs: () => jsOne(text),
      }),
      findings: { wasmDefault: checkText(def, text, '').length / 3, wasm1000: checkText(big, text, '').length / 3, jsPerRule: jsPerRule(text).length / 3, jsOne: jsOne(text).length / 2 },
    };
  }
  document.body.dataset.bench = JSON.stringify(out);
})().catch((e) => {
  document.body.dataset.bench = JSON.stringify({ error: String(e) });
});
