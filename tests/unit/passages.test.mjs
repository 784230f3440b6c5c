// Unit tests (node's test runner) for content/passages.ts: one passage, one underline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importTs } from './ts.mjs';

const { passagesOf, countBySeverity } = await importTs('extension/src/content/passages.ts');

const rule = (id, severity, message, extra = {}) => ({ id, category: 'x', severity, message, tip: null, link: null, kind: 'terms', origin: 'pack', ...extra });
const at = (start, end, meta) => ({ start, end, meta, key: `${meta.id}@${start}` });

const BOSS = rule('EC001', 'warn', 'Criticism of your employer.', { tip: 'Say it to your manager.' });
const EMOJI = rule('EC002', 'warn', 'An angry emoji at your employer.');
const INSULT = rule('PI009', 'warn', 'This calls someone names.');
const PW1 = rule('CR003', 'block', 'This looks like a password.', { link: 'https://intranet.example/code#credentials' });
const PW2 = rule('CR005', 'block', 'This looks like a password.', { tip: 'Change it now.' });
const PHONE = rule('PD002', 'info', 'A phone number.');

test('overlapping findings are one passage with each reason once; the badge counts passages', () => {
  // "my boss is an idiot 🙄": three rules over one stretch of text
  const ps = passagesOf([at(8, 19, INSULT), at(0, 22, EMOJI), at(0, 19, BOSS)]);
  assert.equal(ps.length, 1);
  assert.deepEqual([ps[0].start, ps[0].end, ps[0].severity], [0, 22, 'warn']);
  assert.deepEqual(ps[0].reasons.map((r) => r.message), [EMOJI.message, BOSS.message, INSULT.message], 'text order among equals');
  assert.deepEqual(ps[0].keys.sort(), ['EC001@0', 'EC002@0', 'PI009@8']);
  assert.deepEqual(countBySeverity(ps), { info: 0, warn: 1, block: 0 });
});

test('identical reasons from two rules show once, with both rules, tip and link kept', () => {
  const ps = passagesOf([at(3, 30, PW1), at(3, 20, PW2)]);
  assert.equal(ps.length, 1);
  assert.equal(ps[0].reasons.length, 1);
  assert.deepEqual(ps[0].reasons[0], { severity: 'block', message: PW1.message, tip: 'Change it now.', link: PW1.link, rules: ['CR003', 'CR005'] });
});

test('the most severe reason comes first and sets the passage severity', () => {
  const ps = passagesOf([at(0, 10, PHONE), at(5, 12, INSULT), at(11, 20, PW1)]);
  assert.equal(ps.length, 1, 'a chain of overlaps is one passage');
  assert.equal(ps[0].severity, 'block');
  assert.deepEqual(ps[0].reasons.map((r) => r.severity), ['block', 'warn', 'info']);
  assert.deepEqual([ps[0].start, ps[0].end], [0, 20]);
});

test('touching and separate findings stay separate passages, in text order', () => {
  const ps = passagesOf([at(20, 31, PHONE), at(0, 10, BOSS), at(10, 15, INSULT)]);
  assert.deepEqual(ps.map((p) => [p.start, p.end, p.severity]), [[0, 10, 'warn'], [10, 15, 'warn'], [20, 31, 'info']]);
  assert.deepEqual(countBySeverity(ps), { info: 1, warn: 2, block: 0 });
  assert.deepEqual(passagesOf([]), []);
});
