// End-to-end tests in Chromium (Debian's /usr/bin/chromium, headless) with the built extension.
// One browser for the whole file; one tab per test.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectWorkerErrors, launchWithExtension, serviceWorkerOf } from './chromium-launch.mjs';
import { startServer } from '../pages/server.mjs';
import { loadOracle, markProblems } from './oracle.mjs';
import { PAGES } from './pages.mjs';
import { chromiumUi } from './ui-state.mjs';
import { prepareExtension, ROOT, TEXT } from './prepare.mjs';
import { pollUntil } from './poll.mjs';

let ctx, server, oracle, profile;
const requests = [];
const extErrors = [];
const pageErrors = [];

before(async () => {
  oracle = await loadOracle(ROOT);
  server = await startServer();
  const dir = prepareExtension('chrome');
  profile = mkdtempSync(join(tmpdir(), 'composure-chromium-'));
  ctx = await launchWithExtension(profile, dir);
  ctx.on('request', (r) => requests.push(r.url()));
  collectWorkerErrors(ctx, await serviceWorkerOf(ctx), extErrors);
});

after(async () => {
  await ctx?.close();
  server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

async function open(name) {
  const spec = PAGES[name];
  const page = await ctx.newPage();
  page.on('console', (m) => {
    if (process.env.E2E_DEBUG) console.error(`[${name} console.${m.type()}] ${m.text()}`);
    const url = m.location()?.url ?? '';
    if (m.type() === 'error' && (url.startsWith('chrome-extension://') || /composure/i.test(m.text()))) extErrors.push(`${name}: ${m.text()}`);
  });
  page.on('pageerror', (e) => pageErrors.push(`${name}: ${e.message}`));
  await page.goto(server.origin + spec.path);
  if (spec.open) await page.click(spec.open);
  if (spec.ready) await page.waitForSelector(spec.ready, { state: 'attached' });
  const frame = spec.frame ? await (await page.waitForSelector(spec.frame)).contentFrame() : page.mainFrame();
  await frame.waitForSelector(spec.editor);
  await frame.click(spec.editor);
  const ui = await chromiumUi(page);
  const state = () => ui.state();
  // polled from here: a string predicate would be eval'd in the page, which the strict CSP forbids
  const waitState = (pred, what, timeout = 5000) =>
    pollUntil(state, typeof pred === 'string' ? (0, eval)(pred) : pred, what, { timeout, every: 30 });
  return {
    spec, page, frame, ui, state, waitState,
    type: (text) => page.keyboard.type(text, { delay: 8 }),
    pageText: () => page.evaluate(() => window.__text()),
    posted: () => page.evaluate(() => window.__posted),
    editorSnapshot: () => frame.$eval(spec.editor, (e) => (e.tagName === 'TEXTAREA' ? e.value : e.innerHTML)),
    clickPost: () => frame.click(spec.post),
    /** A person's click on our button (`edit`, `post`) in the hold dialog. */
    clickOur: (action) => ui.click(`button[data-action=${action}]`),
  };
}

async function waitPosted(t, timeout = 3000) {
  const end = Date.now() + timeout;
  while ((await t.posted()).length === 0) {
    if (Date.now() > end) throw new Error('the page received no post');
    await new Promise((r) => setTimeout(r, 30));
  }
}

function expectedLabel(findings) {
  const n = findings.length;
  const block = findings.filter((f) => f.severity === 'block').length;
  const warn = findings.filter((f) => f.severity === 'warn').length;
  if (block) return n === 1 ? '1 problem that holds the post' : `${n} problems, ${block} holding the post`;
  if (warn) return n === 1 ? '1 warning' : `${n} warnings`;
  return n === 1 ? '1 note' : `${n} notes`;
}

/** Counts mutations of the editor's DOM made while we check and draw (we must make none). */
async function watchEditor(t) {
  await t.frame.$eval(t.spec.editor, (e) => {
    window.__mutations = 0;
    window.__mo = new MutationObserver((r) => (window.__mutations += r.length));
    window.__mo.observe(e, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  return () => t.frame.evaluate(() => (window.__mo.disconnect(), window.__mutations));
}

for (const name of Object.keys(PAGES)) {
  describe(`chromium ${name}`, () => {
    test(`${name}: risky text is underlined with the right badge, benign text is not, editor untouched`, async () => {
      const t = await open(name);
      try {
        // one passage, one underline: overlapping findings are one mark and count once
        const expected = oracle.passages(TEXT.risky);
        assert.ok(expected.length > 0 && expected.length < oracle.findings(TEXT.risky).length, 'the text has overlapping findings');
        const before = await t.editorSnapshot();
        await t.type(TEXT.risky);
        const typed = await t.editorSnapshot();
        assert.notEqual(before, typed);
        const mutations = await watchEditor(t);
        await t.waitState(`(s) => s.checked === ${TEXT.risky.length} && s.count === ${expected.length}`, 'findings');
        const s = await t.state();
        // The worker checks first; the page's own engine takes over once compiled (idle time).
        await t.waitState(`(s) => s.engine === '${t.spec.engine}'`, 'engine path');
        assert.equal(s.label, expectedLabel(expected));
        assert.equal(s.underlines, expected.length, 'one underline per passage');
        assert.deepEqual(markProblems(s.marked, expected), []);
        if (t.spec.kind === 'textarea') assert.ok(s.marks > 0, 'overlay marks');
        else assert.ok(s.boxes > 0, 'underline boxes');
        assert.deepEqual(s.leaks, [], 'the page can read what we found');
        assert.equal(await mutations(), 0, 'we changed the editor DOM');
        assert.equal(await t.editorSnapshot(), typed, 'editor content changed by the check');
        assert.equal(await t.pageText(), TEXT.risky);
        if (name === 'dialog') assert.ok(s.inModalDialog, 'UI host inside the open modal dialog');

        await t.page.keyboard.press('Control+A');
        await t.page.keyboard.press('Backspace');
        await t.type(TEXT.benign);
        await t.waitState(`(s) => s.checked === ${TEXT.benign.length}`, 'benign check');
        const b = await t.state();
        assert.equal(b.count, 0);
        assert.equal(b.underlines, 0);
        assert.equal(b.boxes, 0);
        assert.equal(b.marks, 0);
        assert.equal(b.label, null, 'badge hidden');
        assert.equal(await t.pageText(), TEXT.benign);
      } finally {
        await t.page.close();
      }
    });

    test(`${name}: a block post is held; Edit post keeps text and caret; Post anyway posts exactly once`, async () => {
      const t = await open(name);
      try {
        assert.ok(oracle.findings(TEXT.block).some((f) => f.severity === 'block'));
        await t.type(TEXT.block);
        await t.waitState(`(s) => s.checked === ${TEXT.block.length} && s.severity === 'block'`, 'block finding');
        const snap = await t.editorSnapshot();
        await t.clickPost();
        await t.waitState('(s) => s.dialogOpen', 'hold dialog');
        assert.equal((await t.state()).dialogRole, 'alertdialog');
        assert.deepEqual(await t.posted(), [], 'page received the post');
        await t.clickOur('edit');
        await t.waitState('(s) => !s.dialogOpen', 'dialog closed');
        assert.equal(await t.editorSnapshot(), snap, 'editor changed');
        assert.equal(await t.pageText(), TEXT.block);
        // the caret is back where it was (the end): typing goes on there, no key lost
        await t.type(TEXT.more);
        assert.equal(await t.pageText(), TEXT.block + TEXT.more);
        await t.waitState(`(s) => s.checked === ${(TEXT.block + TEXT.more).length}`, 'recheck');
        await t.clickPost();
        await t.waitState('(s) => s.dialogOpen', 'hold dialog again');
        assert.deepEqual(await t.posted(), []);
        await t.clickOur('post');
        await waitPosted(t);
        await t.waitState('(s) => s.posts === 1', 'our part of the post done');
        assert.deepEqual(await t.posted(), [TEXT.block + TEXT.more]);
      } finally {
        await t.page.close();
      }
    });
  });
}

describe('chromium post flows', () => {
  for (const name of ['draft', 'textarea', 'strict']) {
    test(`${name}: a clean post goes through on the first click with nothing shown`, async () => {
      const t = await open(name);
      try {
        await t.type(TEXT.benign);
        await t.waitState(`(s) => s.checked === ${TEXT.benign.length}`, 'check');
        await t.clickPost();
        await waitPosted(t);
        assert.deepEqual(await t.posted(), [TEXT.benign]);
        const s = await t.state();
        assert.equal(s.dialogOpen, false);
        assert.equal(s.popover, null);
      } finally {
        await t.page.close();
      }
    });
  }

  for (const name of ['quill', 'textarea']) {
    test(`${name}: a warn-only post shows the findings first and posts on the second click${name === 'textarea' ? ' (in a <form>: its submit is not held again)' : ''}`, async () => {
      const t = await open(name);
      try {
        assert.ok(oracle.findings(TEXT.risky).every((f) => f.severity === 'warn'));
        await t.type(TEXT.risky);
        await t.waitState(`(s) => s.checked === ${TEXT.risky.length} && s.count > 0`, 'findings');
        await t.clickPost();
        await t.waitState(`(s) => s.popover === 'notice'`, 'notice');
        assert.deepEqual(await t.posted(), []);
        assert.equal((await t.state()).dialogOpen, false);
        await t.clickPost();
        await waitPosted(t);
        assert.deepEqual(await t.posted(), [TEXT.risky]);
      } finally {
        await t.page.close();
      }
    });
  }

  test('textarea: Ctrl+Enter with a block finding is held; Post anyway posts once', async () => {
    const t = await open('textarea');
    try {
      await t.type(TEXT.block);
      await t.waitState(`(s) => s.checked === ${TEXT.block.length} && s.severity === 'block'`, 'block finding');
      await t.page.keyboard.press('Control+Enter');
      await t.waitState('(s) => s.dialogOpen', 'hold dialog');
      assert.deepEqual(await t.posted(), []);
      await t.clickOur('post');
      await waitPosted(t);
      await t.waitState('(s) => s.posts === 1', 'our part of the post done');
      assert.deepEqual(await t.posted(), [TEXT.block]);
    } finally {
      await t.page.close();
    }
  });

  test('shadow: Ctrl+Enter with a block finding is held; after Edit post, typing goes on where the caret was (composer in a shadow root)', async () => {
    const t = await open('shadow');
    try {
      await t.type(TEXT.block);
      await t.waitState((s) => s.checked === TEXT.block.length && s.severity === 'block' && s.fresh, 'block finding');
      // the caret in the middle: before the last word
      const last = TEXT.block.lastIndexOf(' ') + 1;
      for (let i = last; i < TEXT.block.length; i++) await t.page.keyboard.press('ArrowLeft');
      await t.page.keyboard.press('Control+Enter');
      await t.waitState((s) => s.dialogOpen, 'hold dialog');
      await t.clickOur('edit');
      await t.waitState((s) => !s.dialogOpen, 'dialog closed');
      await t.type('right ');
      assert.equal(await t.pageText(), TEXT.block.slice(0, last) + 'right ' + TEXT.block.slice(last));
      assert.deepEqual(await t.posted(), []);
    } finally {
      await t.page.close();
    }
  });

  test('textarea: one passage, one underline: overlapping findings are one mark, one badge count, one entry in popover and hold dialog', async () => {
    const t = await open('textarea');
    try {
      const text = 'my boss is an idiot 🙄 and my password is Hunter2!Hunter2';
      const expected = oracle.passages(text);
      assert.ok(oracle.findings(text).length >= expected.length + 2, 'several rules on the same words');
      assert.equal(expected.length, 2);
      await t.page.keyboard.insertText(text);
      const s = await t.waitState((x) => x.checked === text.length && x.fresh && x.count === expected.length, 'two passages');
      assert.equal(s.label, '2 problems, 1 holding the post');
      assert.equal(s.underlines, 2);
      assert.deepEqual(markProblems(s.marked, expected), []);
      const entries = (sel) => t.ui.run((sr, q) => [...sr.querySelectorAll(q)].map((li) => ({
        excerpt: li.querySelector('.excerpt').textContent,
        messages: [...li.querySelectorAll('.msg')].map((m) => m.lastChild.textContent),
      })), sel);
      const want = expected.map((p) => ({ excerpt: `“${p.text}”`, messages: p.messages }));
      const sortMsgs = (l) => l.map((e) => ({ ...e, messages: e.messages.slice().sort() }));
      await t.ui.click('.badge button');
      assert.deepEqual(sortMsgs(await entries('.pop li')), sortMsgs(want), 'popover: one entry per passage, each reason once');
      await t.clickPost();
      await t.waitState((x) => x.dialogOpen, 'hold dialog');
      const inDialog = await entries('dialog li');
      assert.deepEqual(sortMsgs(inDialog), sortMsgs(want), 'hold dialog: one entry per passage, each reason once');
      await t.clickOur('edit');
    } finally {
      await t.page.close();
    }
  });

  test('strict CSP: a block post typed and posted before the debounce is still held (background path)', async () => {
    const t = await open('strict');
    try {
      await t.waitState(`(s) => s.engine === 'background'`, 'background engine');
      await t.type(TEXT.block);
      await t.clickPost(); // at once: the background check has not run for this text yet
      await t.waitState('(s) => s.dialogOpen', 'hold dialog');
      assert.deepEqual(await t.posted(), []);
      await t.clickOur('edit');
      await t.waitState('(s) => !s.dialogOpen', 'dialog closed');
      assert.equal(await t.pageText(), TEXT.block);
    } finally {
      await t.page.close();
    }
  });

  test('strict CSP: the background engine comes back after the service worker is stopped', async () => {
    const t = await open('strict');
    try {
      await t.type(TEXT.benign);
      await t.waitState(`(s) => s.engine === 'background' && s.checked === ${TEXT.benign.length}`, 'first check');
      const cdp = await ctx.newCDPSession(t.page);
      const stopped = new Promise((ok) =>
        cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => versions.some((v) => v.runningStatus === 'stopped') && ok()));
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await stopped; // the worker reported itself stopped (no fixed wait)
      await t.page.keyboard.press('Control+A');
      await t.page.keyboard.press('Backspace');
      await t.type(TEXT.risky);
      await t.waitState(`(s) => s.checked === ${TEXT.risky.length} && s.count === ${oracle.passages(TEXT.risky).length}`, 'check after restart', 8000);
    } finally {
      await t.page.close();
    }
  });
});

describe('chromium long posts', () => {
  for (const name of ['textarea', 'lexical', 'strict']) {
    test(`${name}: a post of over 1,000 chars is underlined exactly where the engine finds problems`, async () => {
      const t = await open(name);
      try {
        const expected = oracle.passages(TEXT.long);
        assert.ok(TEXT.long.length > 1000 && expected.length >= 3);
        await t.page.keyboard.insertText(TEXT.long);
        await t.waitState(`(s) => s.checked === ${TEXT.long.length} && s.count === ${expected.length}`, 'findings');
        assert.deepEqual(markProblems((await t.state()).marked, expected), []);
        assert.equal(await t.pageText(), TEXT.long);
      } finally {
        await t.page.close();
      }
    });
  }
});

describe('chromium very long posts', () => {
  test('textarea: a card number after character 20,000 still holds the post (the whole post is checked when it is posted)', async () => {
    const t = await open('textarea');
    try {
      const filler = 'Notes from a long day at the conference, all of it fine to share. '.repeat(320);
      const text = filler + TEXT.block;
      assert.ok(filler.length > 20_000);
      assert.deepEqual(oracle.findings(filler), []);
      await t.page.keyboard.insertText(text);
      await t.waitState((s) => s.fresh, 'the check while typing (of the first 20,000 characters)');
      await t.clickPost();
      const s = await t.waitState((x) => x.dialogOpen, 'hold dialog');
      assert.equal(s.checked, text.length, 'the whole post was checked');
      assert.deepEqual(await t.posted(), []);
      await t.clickOur('edit');
    } finally {
      await t.page.close();
    }
  });
});

describe('chromium sentence model', () => {
  // page engine (textarea) and worker engine (strict CSP): the model runs in the worker for both
  for (const name of ['textarea', 'strict']) {
    test(`${name}: a post only the sentence model flags gets its warning after the rules' check (SM001, from the worker), held once like any warning`, async () => {
      const t = await open(name);
      try {
        assert.deepEqual(oracle.findings(TEXT.venting), [], 'a rule flags the text: this test needs one only the model flags');
        await t.type(TEXT.venting);
        // the first verdict loads the model in the worker (a second or more)
        await t.waitState(`(s) => s.checked === ${TEXT.venting.length} && s.modelChecks > 0 && s.count > 0`, 'model finding', 30_000);
        const s = await t.state();
        assert.equal(s.modelError, null);
        assert.equal(s.severity, 'warn');
        assert.equal(s.label, '1 warning');
        assert.equal(s.underlines, 1);
        assert.deepEqual(s.marked, ['Wat een bedrijf.'], 'the underline sits on the sentence the model flags');
        assert.deepEqual(s.leaks, []);
        await t.clickPost();
        await t.waitState(`(s) => s.popover === 'notice'`, 'notice');
        const rules = (await t.state()).rules.flatMap((r) => r.split(' '));
        assert.ok(rules.some((id) => id.startsWith('SM001')), `rules shown: ${rules}`);
        assert.deepEqual(await t.posted(), []);
        await t.clickPost();
        await waitPosted(t);
        assert.deepEqual(await t.posted(), [TEXT.venting]);
      } finally {
        await t.page.close();
      }
    });
  }

  test('textarea: a post sent before the model answered waits for its verdict and is held for its warning', async () => {
    const t = await open('textarea');
    try {
      await t.type(TEXT.venting);
      await t.clickPost(); // within the debounce: neither the rules' nor the model's check ran yet
      await t.waitState(`(s) => s.popover === 'notice'`, 'notice', 5000);
      const s = await t.state();
      assert.ok(s.modelWaits >= 1, 'the post waited for the model');
      assert.ok(s.rules.some((r) => r.split(' ').some((id) => id.startsWith('SM001'))), `rules shown: ${s.rules}`);
      assert.deepEqual(await t.posted(), []);
    } finally {
      await t.page.close();
    }
  });
});

describe('chromium hygiene', () => {
  test('no request left the machine, and the extension logged no errors', () => {
    const local = new URL(server.origin).host;
    const outside = requests.filter((u) => {
      const url = new URL(u);
      if (['chrome-extension:', 'data:', 'blob:', 'about:'].includes(url.protocol)) return false;
      return url.host !== local;
    });
    assert.deepEqual(outside, []);
    assert.deepEqual(extErrors, []);
    assert.deepEqual(pageErrors, []);
  });
});
