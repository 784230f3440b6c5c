// The page can neither read nor drive Composure (Firefox): the probes of hostile-chromium.test.mjs
// that concern Firefox's content script, through geckodriver.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../pages/server.mjs';
import { prepareExtension, TEXT } from './prepare.mjs';
import { KEY, startFirefox } from './webdriver.mjs';
import { pollUntil } from './poll.mjs';
import { firefoxUi } from './ui-state.mjs';
import { HOSTILE } from './hostile-text.mjs';

let ff, server;

before(async () => {
  server = await startServer();
  ff = await startFirefox();
  await ff.installAddon(prepareExtension('firefox'));
});

after(async () => {
  await ff?.close();
  server?.close();
});

async function open() {
  await ff.goto(server.origin + '/hostile.html');
  const ui = firefoxUi(ff);
  const state = () => ui.state();
  const posted = () => ff.exec(() => window.__posted);
  const t = {
    ui, state, posted,
    waitState: (pred, what, timeout = 8000) => pollUntil(state, pred, what, { timeout }),
    probe: (name, ...args) => ff.exec((n, a) => window.__probe[n](...a), name, args),
    waitPosted: (n, what) => pollUntil(posted, (p) => p.length >= n, what, { timeout: 8000 }),
    async personWrites(text) {
      const ta = await ff.find('#ta');
      await ta.click();
      await ff.chord(KEY.CONTROL, 'a');
      await ff.keys(KEY.BACKSPACE);
      await ta.type(text);
      return t.waitState((s) => s.checked === text.length && s.fresh, `the check of the person's text`);
    },
  };
  return t;
}

describe('firefox: the page can neither read nor drive Composure', () => {
  test('firefox: a script that writes text and fires input gets nothing checked and reads the same as with no findings', async () => {
    const t = await open();
    // the person has not touched the composers; the page's script writes into each of them
    for (const which of ['ta', 'editor']) {
      const before = (await t.state()).declined ?? 0;
      await t.probe('fill', which, TEXT.block);
      const s = await t.waitState((x) => x.present && x.declined > before, `the script's change in ${which} declined`);
      assert.equal(s.checked, -1, `checked the script's text in ${which}`);
      assert.equal(s.count, 0);
    }
    const blind = await t.probe('read');
    assert.equal(blind.shadowText, null, 'the page reads our shadow root');
    assert.equal(blind.highlights, 0, 'the page reads CSS highlights');
    assert.deepEqual(blind.attributes.filter((a) => !a.startsWith('style=')), [], 'the page reads attributes of ours');
    const s = await t.personWrites(TEXT.block);
    assert.equal(s.severity, 'block');
    assert.deepEqual(s.leaks, []);
    assert.deepEqual(await t.probe('read'), blind, 'the page sees a difference when there are findings');
  });

  test('firefox: posts made by script are never held; the page cannot press our buttons; changed text is checked again', async () => {
    const t = await open();
    await t.personWrites(TEXT.block);
    let n = 0;
    for (const how of ['click', 'key', 'submit']) {
      await t.probe('swap', TEXT.block);
      await t.probe('postBy', how);
      await t.waitPosted(++n, `the page's own ${how} post`);
      assert.equal((await t.state()).dialogOpen, false, `held a ${how} made by script`);
    }
    await t.personWrites(TEXT.block);
    await (await ff.find('#post')).click();
    await t.waitState((x) => x.dialogOpen && x.dialogVisible, 'hold dialog for the person');
    await t.probe('poke');
    assert.equal((await t.state()).dialogOpen, true, 'a script closed our dialog');
    assert.equal((await t.posted()).length, 3, 'a script posted through our dialog');
    const checks = (await t.state()).checks;
    await t.probe('swap', HOSTILE.otherCard);
    await (await t.ui.find('button[data-action=post]')).click();
    await t.waitState((x) => x.checks > checks && x.dialogOpen, 'the new text checked and held');
    assert.equal((await t.posted()).length, 3);
    await (await t.ui.find('button[data-action=post]')).click();
    await t.waitPosted(4, 'Post anyway');
    assert.deepEqual((await t.posted()).slice(3), [HOSTILE.otherCard]);
  });

  test('firefox: removed, our UI comes back; hidden, it is shown anyway', async () => {
    const t = await open();
    await t.personWrites(TEXT.block);
    assert.equal(await t.probe('remove'), 1);
    await t.waitState((x) => x.present && x.remounts >= 1, 'UI back after removal');
    await (await ff.find('#post')).click();
    await t.waitState((x) => x.dialogOpen && x.dialogVisible, 'hold dialog after removal');
    assert.equal(await t.probe('remove'), 1);
    await t.waitState((x) => x.present && x.remounts >= 2 && !x.dialogOpen, 'dialog gone, UI back');
    assert.deepEqual(await t.posted(), []);
    assert.equal(await t.probe('hide'), 1);
    await (await ff.find('#post')).click();
    const s = await t.waitState((x) => x.dialogOpen, 'hold dialog while hidden');
    assert.ok(s.dialogVisible, 'the dialog is shown');
    await (await t.ui.find('button[data-action=post]')).click();
    await t.waitPosted(1, 'Post anyway');
    assert.deepEqual(await t.posted(), [TEXT.block]);
  });
});
