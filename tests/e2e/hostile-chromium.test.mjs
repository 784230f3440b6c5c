// The page can neither read nor drive Composure (Chromium). tests/pages/hostile.html tries,
// from its own scripts, every way we know of: it writes text and fires `input`, reads
// attributes, shadow roots and CSS.highlights, posts with script, presses our buttons, removes
// and hides our UI, and changes the text while our dialog is open. The page's view must be the
// same with and without findings; what it drives must never be held; our holds must survive it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWithExtension } from './chromium-launch.mjs';
import { startServer } from '../pages/server.mjs';
import { loadOracle } from './oracle.mjs';
import { prepareExtension, TEXT, ROOT } from './prepare.mjs';
import { pollUntil } from './poll.mjs';
import { chromiumUi } from './ui-state.mjs';
import { HOSTILE } from './hostile-text.mjs';

let ctx, server, profile, oracle;

before(async () => {
  oracle = await loadOracle(ROOT);
  server = await startServer();
  profile = mkdtempSync(join(tmpdir(), 'composure-hostile-'));
  ctx = await launchWithExtension(profile, prepareExtension('chrome'));
});

after(async () => {
  await ctx?.close();
  server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

async function open() {
  const page = await ctx.newPage();
  await page.goto(server.origin + '/hostile.html');
  const ui = await chromiumUi(page);
  const state = () => ui.state();
  const t = {
    page, ui, state,
    waitState: (pred, what, timeout = 5000) => pollUntil(state, pred, what, { timeout, every: 30 }),
    probe: (name, ...args) => page.evaluate(([n, a]) => window.__probe[n](...a), [name, args]),
    posted: () => page.evaluate(() => window.__posted),
    waitPosted: (n, what) => pollUntil(() => page.evaluate(() => window.__posted), (p) => p.length >= n, what, { timeout: 5000, every: 30 }),
    type: (text) => page.keyboard.type(text, { delay: 8 }),
    /** The person writes `text` in the textarea (trusted keys) and we show its findings. */
    async personWrites(text) {
      await page.click('#ta');
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Backspace');
      await page.keyboard.insertText(text);
      return t.waitState((s) => s.checked === text.length && s.fresh, `the check of the person's text`);
    },
  };
  return t;
}

describe('chromium: the page can neither read nor drive Composure', () => {
  test('a script that writes text and fires input gets nothing checked and reads the same as with no findings', async () => {
    const t = await open();
    try {
      assert.ok(oracle.findings(TEXT.block).some((f) => f.severity === 'block'));
      // the person clicks elsewhere on the page; then the page's script writes into each composer
      await t.page.mouse.click(5, 5);
      for (const which of ['ta', 'editor']) {
        const before = (await t.state()).declined ?? 0;
        await t.probe('fill', which, TEXT.block);
        // the decision not to check, for this change (then nothing is scheduled)
        const s = await t.waitState((x) => x.present && x.declined > before, `the script's change in ${which} declined`);
        assert.equal(s.checked, -1, `checked the script's text in ${which}`);
        assert.equal(s.count, 0);
        assert.equal(s.checks, 0);
      }
      const blind = await t.probe('read');
      assert.equal(blind.shadowText, null, 'the page reads our shadow root');
      assert.equal(blind.highlights, 0, 'the page reads CSS highlights');
      assert.deepEqual(blind.attributes.filter((a) => !a.startsWith('style=')), [], 'the page reads attributes of ours');

      // the person's own text: findings shown, and the page's view is exactly what it was
      const s = await t.personWrites(TEXT.block);
      assert.equal(s.severity, 'block');
      assert.ok(s.count > 0 && s.boxes === 0 && s.marks > 0);
      assert.deepEqual(s.leaks, []);
      assert.deepEqual(await t.probe('read'), blind, 'the page sees a difference when there are findings');
    } finally {
      await t.page.close();
    }
  });

  test('posts made by script (click, Ctrl+Enter, requestSubmit) are never held', async () => {
    const t = await open();
    try {
      const s = await t.personWrites(TEXT.block);
      assert.equal(s.severity, 'block');
      let n = 0;
      for (const how of ['click', 'key', 'submit']) {
        await t.probe('swap', TEXT.block);
        await t.probe('postBy', how);
        await t.waitPosted(++n, `the page's own ${how} post`);
        assert.equal((await t.state()).dialogOpen, false, `held a ${how} made by script`);
      }
      assert.deepEqual(await t.posted(), [TEXT.block, TEXT.block, TEXT.block]);
      // a person's click on the same button is held (the check above is not vacuous)
      await t.personWrites(TEXT.block);
      await t.page.click('#post');
      await t.waitState((x) => x.dialogOpen && x.dialogVisible, 'hold dialog for the person');
      assert.equal((await t.posted()).length, 3);
    } finally {
      await t.page.close();
    }
  });

  test('the page cannot press our buttons; text changed under the dialog is checked again before it is posted', async () => {
    const t = await open();
    try {
      assert.ok(oracle.findings(HOSTILE.otherCard).some((f) => f.severity === 'block'));
      await t.personWrites(TEXT.block);
      await t.page.click('#post');
      await t.waitState((x) => x.dialogOpen, 'hold dialog');
      // script clicks and keys on our host, the focused element and the screen's centre
      await t.probe('poke');
      assert.equal((await t.state()).dialogOpen, true, 'a script closed our dialog');
      assert.deepEqual(await t.posted(), [], 'a script posted through our dialog');
      // the page swaps the text while the person reads the dialog
      const checks = (await t.state()).checks;
      await t.probe('swap', HOSTILE.otherCard);
      await t.ui.click('button[data-action=post]');
      const again = await t.waitState((x) => x.checks > checks && x.dialogOpen, 'the new text checked and held');
      assert.equal(again.checked, HOSTILE.otherCard.length);
      assert.deepEqual(await t.posted(), [], 'posted text the person never saw checked');
      await t.ui.click('button[data-action=post]');
      await t.waitPosted(1, 'Post anyway');
      assert.deepEqual(await t.posted(), [HOSTILE.otherCard]);
    } finally {
      await t.page.close();
    }
  });

  test('removed, our UI comes back (an open hold settles as "Edit post"); hidden, it is shown anyway', async () => {
    const t = await open();
    try {
      await t.personWrites(TEXT.block);
      assert.equal(await t.probe('remove'), 1);
      await t.waitState((x) => x.present && x.remounts >= 1, 'UI back after removal');
      await t.page.click('#post');
      await t.waitState((x) => x.dialogOpen && x.dialogVisible, 'hold dialog after removal');
      // removed while the dialog is open: the hold ends unsent, and the next post is held again
      assert.equal(await t.probe('remove'), 1);
      await t.waitState((x) => x.present && x.remounts >= 2 && !x.dialogOpen, 'dialog gone, UI back');
      assert.deepEqual(await t.posted(), []);
      await t.page.click('#post');
      await t.waitState((x) => x.dialogOpen && x.dialogVisible, 'held again');
      await t.ui.click('button[data-action=edit]');
      await t.waitState((x) => !x.dialogOpen, 'edit');
      // hidden by style sheet, inline style and the hidden attribute
      assert.equal(await t.probe('hide'), 1);
      await t.page.click('#post');
      const s = await t.waitState((x) => x.dialogOpen, 'hold dialog while hidden');
      assert.ok(s.dialogVisible, 'the dialog is shown');
      await t.ui.click('button[data-action=post]');
      await t.waitPosted(1, 'Post anyway');
      assert.deepEqual(await t.posted(), [TEXT.block]);
    } finally {
      await t.page.close();
    }
  });

  test('the page cannot fetch our files by the fixed extension id (no fingerprinting); our engine still loads in the page', async () => {
    const t = await open();
    try {
      const id = 'jdjjnddjekjikddhdpdhffabcoodaldp'; // fixed by the key in manifest.json (README)
      const got = await t.page.evaluate(async (base) => {
        const out = {};
        for (const f of ['engine/default-pack.json', 'engine/composure_wasm_bg.wasm']) {
          out[f] = await fetch(base + f).then((r) => `HTTP ${r.status}`, () => 'refused');
        }
        return out;
      }, `chrome-extension://${id}/`);
      assert.deepEqual(got, { 'engine/default-pack.json': 'refused', 'engine/composure_wasm_bg.wasm': 'refused' });
      await t.personWrites(TEXT.block);
      await t.waitState((x) => x.engine === 'page', 'the engine in the page (its wasm and pack by the dynamic URL)');
    } finally {
      await t.page.close();
    }
  });
});
