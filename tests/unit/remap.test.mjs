// Unit tests (node's test runner) for content/remap.ts: findings move with the text between
// checks, and are never drawn on words they were not found on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importTs } from './ts.mjs';

const { remap } = await importTs('extension/src/content/remap.ts');

const before = 'call me at 06-12345678 today';
const phone = { rule: 3, start: 11, end: 22 };

test('an edit before a finding shifts it; after it keeps it; inside it drops it', () => {
  assert.deepEqual(remap([phone], before, 'Please ' + before), [{ rule: 3, start: 18, end: 29 }]);
  assert.deepEqual(remap([phone], before, before + '!'), [phone]);
  assert.deepEqual(remap([phone], before, before.replace('1234', '12x34')), []);
  assert.deepEqual(remap([phone], before, before.replace('call me', 'ring')), [{ rule: 3, start: 8, end: 19 }]);
  // an edit touching its first character drops it too (its words changed)
  assert.deepEqual(remap([phone], before, before.replace('at 06', 'at 6')), []);
});

test('emoji (surrogate pairs) before a finding shift it by their UTF-16 length', () => {
  assert.deepEqual(remap([phone], before, '😅 ' + before), [{ rule: 3, start: 14, end: 25 }]);
});

/** A small deterministic PRNG (mulberry32), so that a failure can be replayed. */
function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('for random edits, every finding kept covers the same words as before (2,000 cases)', () => {
  const rand = rng(12);
  const alphabet = 'ab 😅\n';
  const word = (n) => Array.from({ length: n }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
  for (let i = 0; i < 2000; i++) {
    const text = word(1 + Math.floor(rand() * 20));
    const findings = [];
    for (let k = 0; k < 3; k++) {
      const start = Math.floor(rand() * text.length);
      const end = start + 1 + Math.floor(rand() * (text.length - start));
      findings.push({ rule: k, start, end: Math.min(end, text.length) });
    }
    const at = Math.floor(rand() * (text.length + 1));
    const cut = Math.floor(rand() * (text.length - at + 1));
    const after = text.slice(0, at) + word(Math.floor(rand() * 4)) + text.slice(at + cut);
    for (const g of remap(findings, text, after)) {
      const f = findings.find((x) => x.rule === g.rule);
      assert.equal(after.slice(g.start, g.end), text.slice(f.start, f.end), `case ${i}: ${JSON.stringify({ text, after, f, g })}`);
    }
  }
});
