// The generated benchmark policy and texts, shared by the wasm and the plain-JS runs.
function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}
const SYL = ['ka', 'lo', 'mi', 'ne', 'pu', 'ra', 'si', 'to', 'vu', 'ze', 'bor', 'dan', 'fel', 'gim', 'hos'];

export function benchPolicy(nRules = 1000, perRule = 10) {
  const r = rng(42);
  const words = [];
  const rules = [];
  for (let i = 0; i < nRules; i++) {
    const terms = [];
    for (let j = 0; j < perRule; j++) {
      let w = '';
      const n = 3 + Math.floor(r() * 2);
      for (let k = 0; k < n; k++) w += SYL[Math.floor(r() * SYL.length)];
      w += String(i % 97);
      terms.push(w);
      words.push(w);
    }
    rules.push({
      id: `BX${String(i).padStart(4, '0')}-bench-rule`,
      category: 'bench',
      severity: 'warn',
      message: { en: `Bench rule ${i}` },
      match: { kind: 'terms', terms },
    });
  }
  return { policy: { name: 'bench 1000 rules', rules }, words, termsPerRule: rules.map((x) => x.match.terms) };
}

const FILLER =
  'Great day at the conference today, met so many people from the community and learned a lot about ' +
  'accessibility, testing and the way teams share what they build. My boss is an idiot, call me at 06-12345678. ';

/** A text of `len` UTF-16 units with two words of the generated policy in it. */
export function benchText(len, words) {
  let t = '';
  while (t.length < len) t += FILLER;
  t = t.slice(0, len - 60);
  return `${t} ${words[17]} and ${words[9001 % words.length]} end`.slice(0, len).padEnd(len, '.');
}
