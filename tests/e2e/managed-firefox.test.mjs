// Managed policy (what IT pushes) in Firefox, for real: Firefox's per-user managed storage
// manifest (~/.mozilla/managed-storage/<add-on id>.json, the same storage.managed the
// enterprise policies.json feeds), written by the test for a test-only add-on id and removed
// afterwards. Firefox reads managed values once per session (not even an extension reload reads
// them again) and reports no change: a change takes effect when Firefox restarts. So the tests
// restart Firefox on the same profile, keeping the (temporary) add-on's storage across its
// reinstall, as a permanent install keeps it across restarts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startServer } from '../pages/server.mjs';
import { PAGES } from './pages.mjs';
import { firefoxUi } from './ui-state.mjs';
import { TEXT } from './prepare.mjs';
import { startFirefox } from './webdriver.mjs';
import * as M from './managed-helpers.mjs';
import { pollUntil } from './poll.mjs';

const UUID = '6f1c2a4e-0d5b-4c8e-9a7f-3b2d1e0c9a11';
let ff, server, ext, profile;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  server = await startServer();
  ext = M.prepareManagedExtension('firefox');
  profile = M.tempProfile('managed-firefox');
  await restartFirefox(M.LOCKED);
});

after(async () => {
  await ff?.close().catch(() => {});
  server?.close();
  M.removeFirefoxManaged();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** (Re)starts Firefox on the test profile with `values` as IT's managed configuration. */
async function restartFirefox(values) {
  if (ff) await ff.close().catch(() => {});
  ff = null;
  M.writeFirefoxManaged(values);
  ff = await startFirefox({
    args: ['-profile', profile],
    prefs: {
      'extensions.webextensions.uuids': JSON.stringify({ [ext.id]: UUID }),
      // a temporary add-on is removed when Firefox quits: keep its storage for the next start
      'extensions.webextensions.keepStorageOnUninstall': true,
      'extensions.webextensions.keepUuidOnUninstall': true,
    },
  });
  await ff.installAddon(ext.dir);
}

/** Runs `fn` in the extension's probe page (WebDriver may not open moz-extension:// itself). */
async function inExtension(fn, ...args) {
  await ff.goto(server.origin + '/textarea.html');
  await ff.exec((u) => {
    location.href = u;
  }, `moz-extension://${UUID}/probe.html`);
  const end = Date.now() + 5000;
  while (!String(await ff.exec(() => location.href)).startsWith('moz-extension:')) {
    if (Date.now() > end) throw new Error('probe page did not open');
    await sleep(50);
  }
  return ff.exec(fn, ...args);
}

const storage = () => inExtension(() => browser.storage.local.get(null));
const setUser = (s) => inExtension((v) => browser.storage.local.set({ 'composure.settings': v }), s);

function waitStatus(pred, what, timeout = 10000) {
  return pollUntil(async () => (await storage())[M.KEYS.status], (s) => s && pred(s), what, { timeout, every: 200 });
}

async function open(name) {
  const spec = PAGES[name];
  await ff.goto(server.origin + spec.path);
  await (await ff.find(spec.editor)).click();
  const ui = firefoxUi(ff);
  const state = () => ui.state();
  return {
    ui,
    state,
    waitState: (pred, what, timeout = 10000) => pollUntil(state, pred, what, { timeout }),
    type: (text) => ff.keys(text),
    clickPost: async () => (await ff.find(spec.post)).click(),
    posted: () => ff.exec(() => JSON.parse(document.body.dataset.posted ?? '[]')),
    /** Our button `action` in the hold dialog (a webdriver element: click() is a person's), or null. */
    button: (action) => ui.find(`dialog button[data-action=${action}]`),
  };
}

describe('firefox managed policy', () => {
  test('firefox managed policy: the codename is flagged as confidential, links go to codeUrl; locked: checked on a site the user turned off', async () => {
    await setUser({ disabledSites: ['127.0.0.1'] });
    const status = await waitStatus((s) => s.source === 'managed', 'managed status');
    assert.equal(status.name, 'Contoso code v3');
    assert.equal(status.problem, undefined);
    const t = await open('textarea');
    await t.type(M.CODENAME_TEXT);
    const s = await t.waitState((x) => x.checked === M.CODENAME_TEXT.length && x.count === 1, 'codename flagged');
    await t.waitState((x) => x.engine === 'page', 'engine in the page');
    assert.ok(s.underlines > 0 && s.marks > 0, 'underlined');
    await (await t.ui.find('.badge button')).click();
    const pop = await t.ui.run((sr) => {
      const p = sr.querySelector('.pop');
      return { hidden: p.hidden, text: p.textContent, links: [...p.querySelectorAll('a')].map((a) => a.href) };
    });
    assert.equal(pop.hidden, false, 'popover open');
    assert.match(pop.text, /internal project name of Contoso/);
    assert.deepEqual(pop.links, [M.CODE_URL]);
  });

  test('firefox allowPostAnyway false: the hold dialog offers only "Edit post", and a block finding cannot be ignored', async () => {
    const t = await open('textarea');
    await t.type(TEXT.block);
    await t.waitState((x) => x.checked === TEXT.block.length && x.severity === 'block' && x.fresh, 'block finding');
    await (await t.ui.find('.badge button')).click();
    const pop = await t.ui.run((sr) => ({ hidden: sr.querySelector('.pop').hidden, ignore: sr.querySelectorAll('.pop button.link').length }));
    assert.deepEqual(pop, { hidden: false, ignore: 0 }, '"Ignore for this post" offered for a block finding');
    await t.clickPost();
    await t.waitState((x) => x.dialogOpen, 'hold dialog');
    assert.equal(await t.button('post'), null, '"Post anyway" offered');
    await (await t.button('edit')).click();
    await t.waitState((x) => !x.dialogOpen, 'dialog closed');
    assert.deepEqual(await t.posted(), []);
  });

  test('firefox broken policy, Firefox restarted: it keeps checking with the last good policy; the error names rule id and location', async () => {
    await restartFirefox({ ...M.LOCKED, policy: M.BROKEN_POLICY });
    const t = await open('textarea');
    await t.type(M.CODENAME_TEXT);
    await t.waitState((x) => x.checked === M.CODENAME_TEXT.length && x.count === 1, 'codename still flagged');
    const status = await waitStatus((s) => !!s.problem, 'problem');
    assert.equal(status.source, 'last-good');
    assert.match(status.problem.message, /rules\[0\]\.match\.pattern \(rule CON001-tender-numbers\): regex does not compile/);
    assert.equal((await storage())[M.KEYS.lastGood].json, M.GOOD_POLICY);
  });

  test('firefox not locked: the user\'s disabled site is not checked; requireReason asks for a reason', async () => {
    await restartFirefox({ policy: M.GOOD_POLICY, requireReason: true });
    const off = await open('textarea');
    await off.type(TEXT.block);
    // the decision, once the settings arrived: off here (then nothing is checked)
    const s = await off.waitState((x) => x.off, 'turned off for this site');
    assert.equal(s.count, 0);
    assert.equal(s.checked, -1, 'not checked on a site the user turned off');

    await setUser({});
    const t = await open('textarea');
    await t.type(TEXT.block);
    await t.waitState((x) => x.checked === TEXT.block.length && x.severity === 'block', 'block finding');
    await t.clickPost();
    await t.waitState((x) => x.dialogOpen, 'hold dialog');
    const disabled = () => t.ui.run((sr) => sr.querySelector('button[data-action=post]').disabled);
    assert.equal(await disabled(), true);
    const reason = await t.ui.find('input[data-role=reason]');
    await reason.click();
    await t.type('Approved by the press office');
    assert.equal(await disabled(), false);
    await (await t.button('post')).click();
    await pollUntil(t.posted, (p) => p.length > 0, 'the post');
    await t.waitState((x) => x.posts === 1, 'our part of the post done');
    assert.deepEqual(await t.posted(), [TEXT.block], 'posted exactly once');
  });
});
