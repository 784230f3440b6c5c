// Unit tests (node's test runner) for content/passages.ts's withoutRepeats: which of the
// sentence model's findings the page shows beside the rules' (as the engine's without_repeats).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importTs } from './ts.mjs';

const { withoutRepeats } = await importTs('extension/src/content/passages.ts');

const at = (start, end, severity, id) => ({ start, end, meta: { severity, id } });
// "Wat een bedrijf. Salaris weer te laat." with the model's warning on the first sentence
const model = at(0, 16, 'warn', 'SM001');

test('a rule finding at least as severe on the same words hides the model finding', () => {
  assert.deepEqual(withoutRepeats([at(4, 15, 'warn', 'EC001')], [model]), []);
  assert.deepEqual(withoutRepeats([at(8, 15, 'block', 'X1')], [model]), []);
});

test('a milder rule finding, or one elsewhere, leaves the model finding shown', () => {
  assert.deepEqual(withoutRepeats([at(4, 15, 'info', 'PI001')], [model]), [model]);
  assert.deepEqual(withoutRepeats([at(17, 24, 'block', 'X1')], [model]), [model]);
  // touching is not overlapping
  assert.deepEqual(withoutRepeats([at(16, 24, 'warn', 'EC001')], [model]), [model]);
  assert.deepEqual(withoutRepeats([], [model]), [model]);
});
