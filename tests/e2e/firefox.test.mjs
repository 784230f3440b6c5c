// End-to-end tests in Firefox ESR (headless) through geckodriver, the add-on installed
// temporarily by path. One browser for the whole file.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../pages/server.mjs';
import { loadOracle, markProblems } from './oracle.mjs';
import { PAGES } from './pages.mjs';
import { firefoxUi } from './ui-state.mjs';
import { prepareExtension, ROOT, TEXT } from './prepare.mjs';
import { KEY, startFirefox } from './webdriver.mjs';
import { pollUntil } from './poll.mjs';

let ff, server, oracle;

before(async () => {
  oracle = await loadOracle(ROOT);
  server = await startServer();
  ff = await startFirefox();
  await ff.installAddon(prepareExtension('firefox'));
});

after(async () => {
  await ff?.close();
  server?.close();
});

async function open(name) {
  const spec = PAGES[name];
  await ff.goto(server.origin + spec.path);
  const editor = await ff.find(spec.editor);
  await editor.click();
  const ui = firefoxUi(ff);
  const state = () => ui.state();
  return {
    spec,
    editor,
    state,
    waitState: (pred, what, timeout = 8000) => pollUntil(state, pred, what, { timeout }),
    type: (text) => ff.keys(text),
    pageText: () => ff.exec(() => window.__text()),
    posted: () => ff.exec(() => JSON.parse(document.body.dataset.posted ?? '[]')),
    editorSnapshot: () => ff.exec((sel) => { const e = document.querySelector(sel); return e.tagName === 'TEXTAREA' ? e.value : e.innerHTML; }, spec.editor),
    clickPost: async () => (await ff.find(spec.post)).click(),
    /** Our button (`edit`, `post`): a webdriver element, so its click() is a person's. */
    ourButton: (action) => ui.find(`button[data-action=${action}]`),
  };
}

const FIREFOX_PAGES = { textarea: 'page', quill: 'page', lexical: 'page', strict: 'page' };

for (const [name, engine] of Object.entries(FIREFOX_PAGES)) {
  describe(`firefox ${name}`, () => {
    test(`firefox ${name}: risky text is underlined, benign text is not (engine in the ${engine})`, async () => {
      const t = await open(name);
      const expected = oracle.passages(TEXT.risky); // one passage, one underline
      await t.type(TEXT.risky);
      const typed = await t.editorSnapshot();
      const s = await t.waitState((x) => x.checked === TEXT.risky.length && x.count === expected.length, 'findings');
      await t.waitState((x) => x.engine === engine, `engine in the ${engine}`);
      assert.equal(s.label, `${expected.length} warnings`);
      assert.ok(s.underlines > 0);
      if (t.spec.kind === 'textarea') assert.ok(s.marks > 0);
      else assert.ok(s.boxes > 0, 'underline boxes');
      assert.deepEqual(s.leaks, [], 'the page can read what we found');
      assert.equal(await t.editorSnapshot(), typed);
      assert.equal(await t.pageText(), TEXT.risky);
      await ff.chord(KEY.CONTROL, 'a');
      await t.type(KEY.BACKSPACE);
      await t.type(TEXT.benign);
      const b = await t.waitState((x) => x.checked === TEXT.benign.length, 'benign check');
      assert.equal(b.count, 0);
      assert.equal(b.underlines + b.boxes + b.marks, 0);
      assert.equal(b.label, null);
    });

    test(`firefox ${name}: block post held; Edit post keeps text and caret; Post anyway posts once`, async () => {
      const t = await open(name);
      await t.type(TEXT.block);
      await t.waitState((x) => x.checked === TEXT.block.length && x.severity === 'block', 'block finding');
      await t.clickPost();
      await t.waitState((x) => x.dialogOpen, 'hold dialog');
      assert.equal((await t.state()).dialogRole, 'alertdialog');
      assert.deepEqual(await t.posted(), []);
      await (await t.ourButton('edit')).click();
      await t.waitState((x) => !x.dialogOpen, 'dialog closed');
      assert.equal(await t.pageText(), TEXT.block);
      await t.type(TEXT.more);
      assert.equal(await t.pageText(), TEXT.block + TEXT.more);
      await t.waitState((x) => x.checked === (TEXT.block + TEXT.more).length, 'recheck');
      await t.clickPost();
      await t.waitState((x) => x.dialogOpen, 'hold dialog again');
      await (await t.ourButton('post')).click();
      await pollUntil(t.posted, (p) => p.length > 0, 'the post');
      await t.waitState((x) => x.posts === 1, 'our part of the post done');
      assert.deepEqual(await t.posted(), [TEXT.block + TEXT.more]);
    });
  });
}

describe('firefox composer in a shadow root', () => {
  test('firefox shadow: a block post is held (click and Ctrl+Enter); after Edit post, typing goes on where the caret was', async () => {
    await ff.goto(server.origin + '/shadow.html');
    const host = await ff.exec(() => document.querySelector('shadow-composer'));
    const root = await host.shadow();
    const editor = await ff.findIn(root, '#editor');
    await editor.click();
    const ui = firefoxUi(ff);
    const state = () => ui.state();
    const waitState = (pred, what) => pollUntil(state, pred, what, { timeout: 8000 });
    const pageText = () => ff.exec(() => window.__text());
    await ff.keys(TEXT.block);
    await waitState((x) => x.checked === TEXT.block.length && x.severity === 'block' && x.fresh, 'block finding');
    const last = TEXT.block.lastIndexOf(' ') + 1;
    let expected = TEXT.block;
    let at = TEXT.block.length;
    for (const [how, insert] of [['click', 'right '], ['key', 'yes ']]) {
      for (; at > last; at--) await ff.keys(KEY.LEFT);
      if (how === 'click') await (await ff.findIn(root, '#post')).click();
      else await ff.chord(KEY.CONTROL, KEY.ENTER);
      await waitState((x) => x.dialogOpen, `hold dialog (${how})`);
      await (await ui.find('button[data-action=edit]')).click();
      await waitState((x) => !x.dialogOpen, 'dialog closed');
      await ff.keys(insert);
      expected = expected.slice(0, at) + insert + expected.slice(at);
      assert.equal(await pageText(), expected, `typing after Edit post (${how})`);
      at += insert.length;
    }
    assert.deepEqual(await ff.exec(() => window.__posted), []);
  });
});

describe('firefox long posts', () => {
  test('firefox textarea: a typed post of over 1,000 chars is underlined exactly where the engine finds problems', async () => {
    const t = await open('textarea');
    const expected = oracle.passages(TEXT.long);
    assert.ok(TEXT.long.length > 1000 && expected.length >= 3);
    // typed by webdriver (trusted input: a script's text would not be checked)
    await t.editor.type(TEXT.long);
    const s = await t.waitState((x) => x.checked === TEXT.long.length && x.count === expected.length, 'findings');
    assert.deepEqual(markProblems(s.marked, expected), []);
    assert.equal(await t.pageText(), TEXT.long);
  });
});

describe('firefox post flows', () => {
  test('firefox textarea (in a <form>): a warn-only post shows the findings first and posts on the second click', async () => {
    const t = await open('textarea');
    await t.type(TEXT.risky);
    await t.waitState((x) => x.checked === TEXT.risky.length && x.count > 0 && x.fresh, 'findings');
    await t.clickPost();
    await t.waitState((x) => x.popover === 'notice', 'notice');
    assert.deepEqual(await t.posted(), []);
    // the second click lets the post through; the form's submit that follows is not held again
    await t.clickPost();
    await pollUntil(t.posted, (p) => p.length > 0, 'the post');
    assert.deepEqual(await t.posted(), [TEXT.risky]);
  });

  test('firefox textarea: a clean post goes through on the first click with nothing shown', async () => {
    const t = await open('textarea');
    await t.type(TEXT.benign);
    await t.waitState((x) => x.checked === TEXT.benign.length, 'check');
    await t.clickPost();
    await pollUntil(t.posted, (p) => p.length > 0, 'the post');
    assert.deepEqual(await t.posted(), [TEXT.benign]);
    const s = await t.state();
    assert.equal(s.dialogOpen, false);
    assert.equal(s.popover, null);
  });
});

describe('firefox sentence model', () => {
  test('firefox textarea: a post only the sentence model flags gets its warning from the background script (SM001), held once like any warning', async () => {
    assert.deepEqual(oracle.findings(TEXT.venting), [], 'a rule flags the text: this test needs one only the model flags');
    const t = await open('textarea');
    await t.type(TEXT.venting);
    // the first verdict loads the model in the background script
    const s = await t.waitState((x) => x.checked === TEXT.venting.length && x.modelChecks > 0 && x.count > 0, 'model finding', 30_000);
    assert.equal(s.modelError, null);
    assert.equal(s.severity, 'warn');
    assert.equal(s.label, '1 warning');
    assert.deepEqual(s.marked, ['Wat een bedrijf.'], 'the underline sits on the sentence the model flags');
    assert.deepEqual(s.leaks, []);
    await t.clickPost();
    await t.waitState((x) => x.popover === 'notice', 'notice');
    const rules = (await t.state()).rules.flatMap((r) => r.split(' '));
    assert.ok(rules.some((id) => id.startsWith('SM001')), `rules shown: ${rules}`);
    assert.deepEqual(await t.posted(), []);
    await t.clickPost();
    await pollUntil(t.posted, (p) => p.length > 0, 'the post');
    assert.deepEqual(await t.posted(), [TEXT.venting]);
  });
});
