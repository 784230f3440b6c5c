// Managed policy (what IT pushes) in Chromium, for real: the test writes a policy file under
// /etc/chromium/policies/managed/, starts Chromium (which reads it at start-up and watches it),
// and removes the file afterwards. Needs root; without it every test here fails with a loud
// message (COMPOSURE_E2E_SKIP_MANAGED=1 turns that into a loud skip).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startServer } from '../pages/server.mjs';
import { PAGES } from './pages.mjs';
import { chromiumUi } from './ui-state.mjs';
import { ROOT, TEXT } from './prepare.mjs';
import { loadEngine } from './engine-node.mjs';
import * as M from './managed-helpers.mjs';
import { pollUntil } from './poll.mjs';

const cannot = M.cannotWriteChromiumPolicy();
const skip = cannot && process.env.COMPOSURE_E2E_SKIP_MANAGED === '1' ? `SKIPPED: ${cannot}` : false;
if (cannot) M.loud(`managed-policy tests (Chromium): ${cannot}${skip ? ' — skipped by COMPOSURE_E2E_SKIP_MANAGED=1' : ' — failing'}`);

let server, ext, checkerFor;
const profiles = [];

before(async () => {
  if (cannot) return;
  server = await startServer();
  ext = M.prepareManagedExtension('chrome');
  // the engine in node, to know what a policy must flag (rule ids and categories)
  const glue = await loadEngine(ROOT);
  checkerFor = (policy) => {
    const c = new glue.Checker(policy);
    const rules = JSON.parse(c.rules('en'));
    return (text) => {
      const t = c.check(text, '127.0.0.1');
      const out = [];
      for (let i = 0; i < t.length; i += 3) out.push(rules[t[i]]);
      return out;
    };
  };
});

after(() => {
  M.removeChromiumPolicy();
  server?.close();
  for (const p of profiles) rmSync(p, { recursive: true, force: true });
});

function requireRoot() {
  if (cannot) throw new Error(cannot);
}

/** A browser with `values` as IT's managed configuration (written before it starts). */
async function browserWith(values, profile = M.tempProfile('managed-chromium')) {
  if (!profiles.includes(profile)) profiles.push(profile);
  M.writeChromiumPolicy(ext.id, values);
  const ctx = await M.launchChromium(profile, ext.dir);
  const probe = await ctx.newPage();
  await probe.goto(`chrome-extension://${ext.id}/probe.html`);
  const storage = () => probe.evaluate(() => chrome.storage.local.get(null));
  return {
    ctx,
    profile,
    storage,
    setUser: (settings) => probe.evaluate((s) => chrome.storage.local.set({ 'composure.settings': s }), settings),
    waitStatus: (pred, what, timeout = 15000) =>
      pollUntil(async () => (await storage())[M.KEYS.status], (s) => s && pred(s), what, { timeout, every: 100 }),
  };
}

async function open(ctx, name) {
  const spec = PAGES[name];
  const page = await ctx.newPage();
  await page.goto(server.origin + spec.path);
  await page.click(spec.editor);
  const ui = await chromiumUi(page);
  const state = () => ui.state();
  return {
    page,
    ui,
    state,
    waitState: (pred, what, timeout = 10000) => pollUntil(state, pred, what, { timeout }),
    async retype(text) {
      await page.click(spec.editor);
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Backspace');
      await page.keyboard.type(text, { delay: 5 });
    },
    clickPost: () => page.click(spec.post),
    posted: () => page.evaluate(() => window.__posted),
    /** Our button `action` in the hold dialog: whether it is there, disabled; a person's click. */
    button: (action) => {
      const sel = `dialog button[data-action=${action}]`;
      return {
        present: () => ui.has(sel),
        disabled: () => ui.run((sr, s) => sr.querySelector(s).disabled, sel),
        click: () => ui.click(sel),
      };
    },
    /** Opens the findings popover (a person's click on the badge); returns its text, its links
     * and how many "Ignore for this post" buttons it offers. */
    async popover() {
      await ui.click('.badge button');
      await pollUntil(() => ui.run((sr) => !sr.querySelector('.pop').hidden), Boolean, 'popover open');
      return ui.run((sr) => {
        const pop = sr.querySelector('.pop');
        return { text: pop.textContent, links: [...pop.querySelectorAll('a')].map((a) => a.href), ignore: pop.querySelectorAll('button.link').length };
      });
    },
  };
}

describe('chromium managed policy', { skip }, () => {
  let b;
  after(async () => {
    await b?.ctx.close();
  });

  test('managed policy: the codename is flagged as confidential (page and worker engine), links go to codeUrl; locked: checked on a site the user turned off', async () => {
    requireRoot();
    b = await browserWith(M.LOCKED);
    await b.setUser({ disabledSites: ['127.0.0.1'] }); // locked: IT's settings win over this
    const status = await b.waitStatus((s) => s.source === 'managed', 'managed status');
    assert.equal(status.name, 'Contoso code v3');
    assert.equal(status.version, '2026-05');
    assert.equal(status.problem, undefined);
    assert.equal((await b.storage())[M.KEYS.lastGood].json, M.GOOD_POLICY);

    const expected = checkerFor(M.GOOD_POLICY)(M.CODENAME_TEXT);
    assert.deepEqual(expected.map((r) => [r.id, r.category]), [['CF001-codename', 'confidential']]);
    assert.deepEqual(checkerFor('')(M.CODENAME_TEXT), [], 'the default pack alone does not flag it');
    for (const [name, engine] of [['textarea', 'page'], ['strict', 'background']]) {
      const t = await open(b.ctx, name);
      await t.retype(M.CODENAME_TEXT);
      const s = await t.waitState((x) => x.checked === M.CODENAME_TEXT.length && x.count === 1, `${name}: codename flagged`);
      await t.waitState((x) => x.engine === engine, `${name}: engine in the ${engine}`);
      assert.ok(s.underlines > 0, 'underlined');
      const pop = await t.popover();
      assert.match(pop.text, /internal project name of Contoso/, 'the confidential rule, with the organisation name');
      assert.match(pop.text, /Bluebird/);
      assert.deepEqual(pop.links, [M.CODE_URL], 'the finding links to the managed codeUrl');
      await t.page.close();
    }
    // the options page (the UI engineer's) shows the per-site settings read-only when locked
    const opts = await b.ctx.newPage();
    await opts.goto(`chrome-extension://${ext.id}/options.html`);
    await opts.locator('#sites-locked').waitFor({ state: 'visible' });
    assert.equal(await opts.locator('#sites-editable').isVisible(), false, 'per-site switches hidden when locked');
    await opts.close();
  });

  test('allowPostAnyway false: the hold dialog offers only "Edit post", and a block finding cannot be ignored', async () => {
    requireRoot();
    const t = await open(b.ctx, 'textarea');
    await t.retype(TEXT.block);
    await t.waitState((x) => x.checked === TEXT.block.length && x.severity === 'block' && x.fresh, 'block finding');
    // "Ignore for this post" would be "Post anyway" by another name
    const pop = await t.popover();
    assert.equal(pop.ignore, 0, '"Ignore for this post" offered for a block finding');
    await t.clickPost();
    await t.waitState((x) => x.dialogOpen, 'hold dialog');
    assert.equal(await t.button('post').present(), false, '"Post anyway" offered');
    assert.equal(await t.button('edit').present(), true);
    await t.button('edit').click();
    await t.waitState((x) => !x.dialogOpen, 'dialog closed');
    assert.deepEqual(await t.posted(), []);
    await t.page.close();
  });

  test('a change pushed while the browser runs reaches the open page; then a broken policy keeps the last good one and records the error with rule id and location', async () => {
    requireRoot();
    const t = await open(b.ctx, 'textarea');
    const both = 'Nightjar and Bluebird ship soon';
    await t.retype(both);
    await t.waitState((x) => x.checked === both.length && x.count === 1, 'only Bluebird flagged');
    // IT adds a codename: Chromium reloads the file by itself (about 5 s) and reports the change
    const good2 = M.GOOD_POLICY.replace('"Bluebird"', '"Bluebird",\n      "Nightjar"');
    M.writeChromiumPolicy(ext.id, { ...M.LOCKED, policy: good2 });
    await t.waitState((x) => x.checked === both.length && x.count === 2, 'Nightjar flagged in the open page, without reloading it', 20000);
    assert.equal((await b.storage())[M.KEYS.lastGood].json, good2);

    M.writeChromiumPolicy(ext.id, { ...M.LOCKED, policy: M.BROKEN_POLICY });
    const status = await b.waitStatus((s) => !!s.problem, 'the problem recorded', 20000);
    assert.equal(status.source, 'last-good');
    assert.equal(status.name, 'Contoso code v3');
    assert.match(status.problem.message, /CON001-tender-numbers/, 'names the rule');
    assert.match(status.problem.message, /rules\[0\]\.match\.pattern/, 'names the location');
    assert.match(status.problem.message, /regex does not compile/);
    assert.equal((await b.storage())[M.KEYS.lastGood].json, good2, 'the last good policy is kept');
    const opts = await b.ctx.newPage();
    await opts.goto(`chrome-extension://${ext.id}/options.html`);
    const shown = opts.locator('#policy-problem-text');
    await shown.waitFor({ state: 'visible' });
    assert.equal(await shown.textContent(), status.problem.message, 'the options page shows the error');
    await opts.close();
    // still checking, with the last good policy (both codenames), in the open page and a new one
    await t.retype(both + '!');
    await t.waitState((x) => x.checked === both.length + 1 && x.count === 2, 'last good policy still active');
    await t.page.close();
    const t2 = await open(b.ctx, 'strict');
    await t2.retype(both);
    await t2.waitState((x) => x.checked === both.length && x.count === 2, 'a new page checks with the last good policy');
    await t2.page.close();
  });

  test('restarted with the broken policy: the last good policy is still active, the error still shown', async () => {
    requireRoot();
    const profile = b.profile;
    await b.ctx.close();
    b = await browserWith({ ...M.LOCKED, policy: M.BROKEN_POLICY }, profile);
    const status = await b.waitStatus((s) => !!s.problem, 'problem after restart');
    assert.equal(status.source, 'last-good');
    assert.match(status.problem.message, /CON001-tender-numbers/);
    const t = await open(b.ctx, 'textarea');
    await t.retype(M.CODENAME_TEXT);
    await t.waitState((x) => x.checked === M.CODENAME_TEXT.length && x.count === 1, 'codename still flagged');
    await t.page.close();
    await b.ctx.close();
    b = null;
  });

  test('a broken policy on a browser that never had a good one: the built-in pack checks, the error is recorded; requireReason asks for a reason; not locked: the user\'s disabled site is not checked', async () => {
    requireRoot();
    const c = await browserWith({ policy: M.BROKEN_POLICY, requireReason: true });
    try {
      const status = await c.waitStatus((s) => !!s.problem, 'problem');
      assert.equal(status.source, 'default');
      assert.match(status.problem.message, /rules\[0\]\.match\.pattern \(rule CON001-tender-numbers\)/);
      assert.equal((await c.storage())[M.KEYS.lastGood], undefined);

      const t = await open(c.ctx, 'textarea');
      await t.retype(TEXT.block);
      await t.waitState((x) => x.checked === TEXT.block.length && x.severity === 'block', 'block finding (built-in pack)');
      await t.clickPost();
      await t.waitState((x) => x.dialogOpen, 'hold dialog');
      const post = t.button('post');
      assert.ok(await post.disabled(), '"Post anyway" waits for a reason');
      assert.match(await t.ui.run((sr) => sr.querySelector('#composure-dlg-reason-help').textContent), /does not store it or send it anywhere/);
      await t.ui.click('input[data-role=reason]');
      await t.page.keyboard.type('   ');
      assert.ok(await post.disabled(), 'a blank reason is not a reason');
      await t.page.keyboard.press('Control+A');
      await t.page.keyboard.type('Approved by the press office');
      assert.ok(!(await post.disabled()));
      await post.click();
      await pollUntil(t.posted, (p) => p.length > 0, 'the post');
      await t.waitState((x) => x.posts === 1, 'our part of the post done');
      assert.deepEqual(await t.posted(), [TEXT.block], 'posted exactly once');
      await t.page.close();

      await c.setUser({ disabledSites: ['127.0.0.1'] });
      const off = await open(c.ctx, 'textarea');
      await off.retype(TEXT.block);
      // the decision, once the settings arrived: off here (then nothing is checked)
      const s = await off.waitState((x) => x.off, 'turned off for this site');
      assert.equal(s.count, 0);
      assert.equal(s.checked, -1, 'not checked on a site the user turned off');
      await off.clickPost();
      await pollUntil(off.posted, (p) => p.length > 0, 'the post');
      assert.deepEqual(await off.posted(), [TEXT.block], 'not held');
      await off.page.close();
    } finally {
      await c.ctx.close();
    }
  });
});
