// End-to-end tests of the toolbar popup (popup.html) and the content script's status answer, in
// headless Chromium. A test cannot click the toolbar button, so the popup is opened in a tab of
// its own and told which tab to look at with ?tab=<id>; the id is found by asking each tab's
// content script (tabs.query gives ids without the "tabs" permission).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch, outsideRequests, until } from './options-launch.mjs';
import { loadOracle } from './oracle.mjs';
import { PAGES } from './pages.mjs';
import { ROOT, TEXT } from './prepare.mjs';

const SETTINGS_KEY = 'composure.settings';
const POLICY_STATUS_KEY = 'composure.policyStatus';

let L, oracle;

before(async () => {
  oracle = await loadOracle(ROOT);
  L = await launch();
});

after(async () => {
  await L?.close();
});

/** The id of the tab whose content script reports a focused composer. */
async function composerTabId(extPage) {
  return until(
    () =>
      extPage.evaluate(async () => {
        for (const t of await chrome.tabs.query({})) {
          try {
            const r = await chrome.tabs.sendMessage(t.id, { type: 'composure:status' });
            if (r?.composer) return t.id;
          } catch {
            // no content script in that tab
          }
        }
        return null;
      }),
    'a tab with a focused composer',
  );
}

async function typeInto(spec, post) {
  const site = await L.openTestPage(spec);
  await site.keyboard.type(post, { delay: 5 });
  await until(async () => (await L.uiState(site)).checked === post.length, 'content script checked the post', 8000);
  return site;
}

const text = (page, sel) => page.$eval(sel, (e) => e.textContent.trim());

describe('popup', () => {
  for (const name of ['textarea', 'draft', 'iframe']) {
    test(`popup: shows the findings of the focused composer (${name})`, async () => {
      const spec = PAGES[name];
      const site = await L.openTestPage(spec);
      let probe, popup;
      try {
        await site.keyboard.type(TEXT.risky, { delay: 5 });
        await until(async () => (await L.uiState(site)).checked === TEXT.risky.length, 'checked', 8000);
        probe = await L.openExtPage('options.html');
        const tab = await composerTabId(probe);
        popup = await L.openExtPage(`popup.html?tab=${tab}`);
        assert.equal(await popup.$eval('body', (b) => b.dataset.active), 'true');
        assert.equal(await text(popup, '#state'), 'Composure checks posts on this page.');
        // one entry per passage (overlapping findings are one), each distinct reason once
        const expected = oracle.passages(TEXT.risky);
        assert.ok(expected.length < oracle.findings(TEXT.risky).length, 'the text has overlapping findings');
        const got = await popup.$$eval('#finding-list > li', (l) =>
          l.map((e) => ({ severity: e.dataset.severity, text: e.textContent, messages: [...e.querySelectorAll('.msg')].map((m) => m.textContent) })));
        assert.equal(got.length, expected.length);
        for (const [i, p] of expected.entries()) {
          assert.ok(got[i].text.includes(`“${p.text}”`), `quoted passage ${p.text}`);
          assert.equal(got[i].severity, p.severity);
          assert.deepEqual(got[i].messages.slice().sort(), p.messages.slice().sort(), `reasons of ${p.text}`);
        }
        assert.equal(await popup.$eval('#findings-h', (h) => h.tagName), 'H2');
      } finally {
        await popup?.close();
        await probe?.close();
        await site.close();
      }
    });
  }

  test('popup: a finding ignored for this post is gone from the popup too', async () => {
    const site = await typeInto(PAGES.textarea, TEXT.risky);
    let probe, popup;
    try {
      const expected = oracle.passages(TEXT.risky);
      assert.ok(expected.length >= 2);
      const ui = await L.uiOf(site);
      await ui.click('.badge button');
      await until(async () => (await ui.run((sr) => sr.querySelectorAll('.pop:not([hidden]) li').length)) === expected.length, 'the popover lists the findings');
      const ignoredText = await ui.run((sr) => sr.querySelector('.pop li .excerpt').textContent);
      await ui.click('.pop li:first-child button.link');
      await until(async () => (await L.uiState(site)).count === expected.length - 1, 'the badge counts one fewer');
      await site.locator(PAGES.textarea.editor).focus(); // back to writing the post
      probe = await L.openExtPage('options.html');
      popup = await L.openExtPage(`popup.html?tab=${await composerTabId(probe)}`);
      const got = await popup.$$eval('#finding-list > li', (l) => l.map((e) => e.textContent));
      assert.equal(got.length, expected.length - 1);
      const ignored = expected.filter((f) => ignoredText.includes(`“${f.text}”`));
      assert.equal(ignored.length, 1, `which passage was ignored: ${ignoredText}`);
      assert.ok(!got.some((g) => g.includes(`“${ignored[0].text}”`)), 'the ignored passage is not listed');
    } finally {
      await popup?.close();
      await probe?.close();
      await site.close();
    }
  });

  test('popup: a clean post shows "nothing to point out"; the site switch turns the site off and on', async () => {
    const site = await typeInto(PAGES.textarea, TEXT.benign);
    let probe, popup;
    try {
      probe = await L.openExtPage('options.html');
      const tab = await composerTabId(probe);
      popup = await L.openExtPage(`popup.html?tab=${tab}`);
      assert.equal(await text(popup, '#findings-summary'), 'Nothing to point out in this post.');
      assert.equal(await popup.$$eval('#finding-list > li', (l) => l.length), 0);
      assert.equal(await text(popup, '#site-on-label'), 'Check posts on 127.0.0.1');
      await popup.click('#site-on');
      await until(async () => (await L.storage.get(popup, SETTINGS_KEY))?.disabledSites?.includes('127.0.0.1'), 'stored');
      await until(async () => (await popup.$eval('#state', (e) => e.dataset.state)) === 'disabled', 'disabled state');
      assert.equal(await text(popup, '#state'), 'Composure is turned off on 127.0.0.1.');
      await popup.click('#site-on');
      await until(async () => (await popup.$eval('#state', (e) => e.dataset.state)) === 'active', 'active again');
      assert.deepEqual((await L.storage.get(popup, SETTINGS_KEY)).disabledSites, []);
    } finally {
      if (popup) await L.storage.remove(popup, SETTINGS_KEY);
      await popup?.close();
      await probe?.close();
      await site.close();
    }
  });

  test('popup: on a page without the content script it says Composure is not active', async () => {
    // the popup's own tab is the active one: no content script runs on extension pages
    const popup = await L.openExtPage('popup.html');
    try {
      assert.equal(await popup.$eval('body', (b) => b.dataset.active), 'none');
      assert.equal(await text(popup, '#state'), 'Composure is not active on this page.');
      assert.equal(await popup.$eval('#findings', (e) => e.hidden), true);
      assert.equal(await popup.$eval('#state', (e) => e.getAttribute('aria-live')), 'polite');
      assert.equal(await popup.$eval('#options-link', (a) => a.getAttribute('href')), 'options.html');
      assert.equal(await popup.$eval('#demo-link', (a) => a.href), `chrome-extension://${L.id}/demo.html`);
    } finally {
      await popup.close();
    }
  });

  test('popup: a policy problem is visible, and the popup follows the language setting', async () => {
    const popup = await L.openExtPage('popup.html');
    const saved = await L.storage.get(popup, POLICY_STATUS_KEY);
    try {
      assert.equal(await popup.$eval('#problem', (e) => e.hidden), true);
      await L.storage.set(popup, POLICY_STATUS_KEY, {
        ...(saved ?? { rules: 42, activeSince: Date.now() }),
        source: 'last-good',
        problem: { message: 'rules[0]: bad regex', at: Date.now() },
      });
      await until(async () => !(await popup.$eval('#problem', (e) => e.hidden)), 'problem shown');
      assert.equal(await popup.$eval('#problem', (e) => e.getAttribute('role')), 'alert');
      assert.match(await text(popup, '#problem'), /policy has a problem.*last policy that worked/s);

      await L.storage.set(popup, SETTINGS_KEY, { lang: 'nl' });
      await until(async () => (await text(popup, '#state')) === 'Composure is niet actief op deze pagina.', 'Dutch popup');
      assert.equal(await popup.$eval('html', (e) => e.lang), 'nl');
    } finally {
      await L.storage.remove(popup, SETTINGS_KEY);
      if (saved) await L.storage.set(popup, POLICY_STATUS_KEY, saved);
      else await L.storage.remove(popup, POLICY_STATUS_KEY);
      await popup.close();
    }
  });

  test('popup: screenshots in light and dark mode (dist/popup-light.png, dist/popup-dark.png)', async () => {
    const site = await typeInto(PAGES.textarea, TEXT.risky);
    let probe, popup;
    try {
      probe = await L.openExtPage('options.html');
      const tab = await composerTabId(probe);
      popup = await L.openExtPage(`popup.html?tab=${tab}`);
      await popup.setViewportSize({ width: 360, height: 560 });
      for (const scheme of ['light', 'dark']) {
        await popup.emulateMedia({ colorScheme: scheme });
        await popup.screenshot({ path: join(ROOT, `dist/popup-${scheme}.png`) });
      }
    } finally {
      await popup?.close();
      await probe?.close();
      await site.close();
    }
  });

  test('popup: no request left the machine, and the extension logged no errors', () => {
    assert.deepEqual(outsideRequests(L.requests, L.server), []);
    assert.deepEqual(L.errors, []);
  });
});
