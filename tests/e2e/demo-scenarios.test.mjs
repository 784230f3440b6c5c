// The trainer demo's scenario library (extension/src/demo/scenarios.json) against the real engine,
// loaded in node from the built wasm like oracle.mjs (no browser, runs in well under a second):
// every risky scenario flags exactly the rules it names (warn/block; info notes may come on top),
// and every near miss and every "better way to say it" gets no warn/block finding.
// The engine is compiled the way the demo compiles it: the default pack with its example
// organisation (Acme, codenames Falcon/Nightjar, product RoadRunner).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './prepare.mjs';
import { loadEngine } from './engine-node.mjs';

const CATEGORIES = ['employer-criticism', 'confidential', 'personal-data', 'credentials', 'profanity-insult', 'speaking-for-company'];
const scenarios = JSON.parse(readFileSync(join(ROOT, 'extension/src/demo/scenarios.json'), 'utf8'));
const pack = JSON.parse(readFileSync(join(ROOT, 'crates/engine/packs/default.json'), 'utf8'));

const glue = await loadEngine(ROOT);
const checker = new glue.Checker(JSON.stringify({ name: 'Acme', extends: ['default'], organization: pack.example_organization }));
const rules = JSON.parse(checker.rules('en'));

function findings(text) {
  const t = checker.check(text, '');
  const out = [];
  for (let i = 0; i < t.length; i += 3) out.push({ ...rules[t[i]], text: text.slice(t[i + 1], t[i + 2]) });
  return out;
}
const serious = (text) => findings(text).filter((f) => f.severity !== 'info');
const show = (fs) => fs.map((f) => `${f.id} “${f.text}”`).join('; ');

test('demo scenarios: well-formed, at least 30, every category of the default code in English and Dutch', () => {
  assert.ok(scenarios.length >= 30, `${scenarios.length} scenarios`);
  const ids = new Set();
  const ruleIds = new Set(rules.map((r) => r.id));
  for (const s of scenarios) {
    assert.ok(!ids.has(s.id), `duplicate id ${s.id}`);
    ids.add(s.id);
    assert.ok(['en', 'nl'].includes(s.lang), `${s.id}: lang`);
    assert.ok(['microblog', 'feed', 'professional'].includes(s.composer), `${s.id}: composer`);
    assert.ok([...CATEGORIES, 'near-miss'].includes(s.category), `${s.id}: category`);
    for (const k of ['title', 'text', 'risky', 'why']) assert.ok(typeof s[k] === 'string' && s[k].trim(), `${s.id}: ${k}`);
    assert.ok(Array.isArray(s.rules), `${s.id}: rules`);
    for (const r of s.rules) assert.ok(ruleIds.has(r), `${s.id}: unknown rule ${r}`);
    if (s.category === 'near-miss') assert.equal(s.rules.length, 0, `${s.id}: a near miss names no rules`);
    else {
      assert.ok(s.rules.length > 0 && typeof s.better === 'string' && s.better.trim(), `${s.id}: rules and a better way`);
      assert.ok(s.rules.some((r) => rules.find((x) => x.id === r).category === s.category), `${s.id}: no rule of its category`);
    }
  }
  for (const c of [...CATEGORIES, 'near-miss']) {
    for (const lang of ['en', 'nl']) {
      assert.ok(scenarios.some((s) => s.category === c && s.lang === lang), `no ${lang} scenario for ${c}`);
    }
  }
  assert.ok(scenarios.some((s) => s.rules.some((r) => rules.find((x) => x.id === r).severity === 'block')), 'a block scenario');
});

for (const s of scenarios) {
  if (s.category === 'near-miss') {
    test(`demo scenario ${s.id} (${s.lang}, near miss): passes without warnings`, () => {
      assert.deepEqual(show(serious(s.text)), '');
    });
    continue;
  }
  test(`demo scenario ${s.id} (${s.lang}, ${s.category}): flags ${s.rules.join(', ')}; the better way passes`, () => {
    const got = [...new Set(serious(s.text).map((f) => f.id))].sort();
    assert.deepEqual(got, [...s.rules].sort(), `findings: ${show(findings(s.text))}`);
    assert.deepEqual(show(serious(s.better)), '', 'the better way to say it gets no warn/block finding');
  });
}
