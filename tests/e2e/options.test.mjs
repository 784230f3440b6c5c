// End-to-end tests of the options page (chrome-extension://<id>/options.html) in headless
// Chromium with the built extension: try a post, language switch, rules, policy status, per-site
// switch, accessibility basics, and screenshots in light and dark mode (dist/options-*.png).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch, outsideRequests, until } from './options-launch.mjs';
import { PAGES } from './pages.mjs';
import { ROOT, TEXT } from './prepare.mjs';
import { loadEngine } from './engine-node.mjs';

const SETTINGS_KEY = 'composure.settings';
const POLICY_STATUS_KEY = 'composure.policyStatus';

let L;
let rulesEn;
let rulesNl;

before(async () => {
  const glue = await loadEngine(ROOT);
  const checker = new glue.Checker('');
  rulesEn = JSON.parse(checker.rules('en'));
  rulesNl = JSON.parse(checker.rules('nl'));
  L = await launch();
});

after(async () => {
  await L?.close();
});

const text = (page, sel) => page.$eval(sel, (e) => e.textContent.trim());

async function tryPost(page, post) {
  await page.fill('#try-text', post);
  await page.waitForFunction((n) => document.getElementById('try-findings').dataset.checked === String(n), post.length, { timeout: 5000 });
  return page.$$eval('#try-findings > li', (l) => l.map((e) => ({ rule: e.dataset.rule, severity: e.dataset.severity, text: e.textContent })));
}

describe('options page', () => {
  test('worker protocol: a check for another policy revision is dropped (never indices into another rule list)', async () => {
    const page = await L.openExtPage('options.html');
    try {
      const send = (m) => page.evaluate((msg) => chrome.runtime.sendMessage(msg), m);
      const { config } = await send({ type: 'composure:config' });
      assert.ok(config.revision, 'the configuration names its revision');
      const rules = await send({ type: 'composure:rules', lang: 'en' });
      assert.equal(rules.revision, config.revision, 'rules name the revision they belong to');
      const ok = await send({ type: 'composure:check', text: TEXT.block, site: '127.0.0.1', revision: config.revision });
      assert.equal(ok.revision, config.revision);
      assert.ok(ok.triples.length >= 3, 'checked with the current revision');
      const stale = await send({ type: 'composure:check', text: TEXT.block, site: '127.0.0.1', revision: `${config.revision}-old` });
      assert.deepEqual(stale, { ok: true, stale: true, revision: config.revision });
    } finally {
      await page.close();
    }
  });

  test('options: try a post shows findings for a risky post and none for a benign one', async () => {
    const page = await L.openExtPage('options.html');
    try {
      const risky = await tryPost(page, 'My boss is an idiot');
      const ec = risky.find((f) => rulesEn.find((r) => r.id === f.rule)?.category === 'employer-criticism');
      assert.ok(ec, `an employer-criticism finding; got ${JSON.stringify(risky.map((f) => f.rule))}`);
      assert.match(ec.text, /“My boss is an idiot”/, 'quoted span');
      assert.ok(ec.text.includes(rulesEn.find((r) => r.id === ec.rule).message), 'rule message shown');
      assert.equal(await page.$eval('#try-summary', (e) => e.getAttribute('aria-live')), 'polite');
      assert.ok((await page.$$('#try-preview mark.f')).length > 0, 'span marked in the preview');

      const benign = await tryPost(page, TEXT.benign);
      assert.deepEqual(benign, []);
      assert.equal(await text(page, '#try-summary'), 'Nothing to point out in this post.');
      assert.equal(await page.$eval('#try-preview', (e) => e.hidden), true);
    } finally {
      await page.close();
    }
  });

  test('options: the rules list shows the default pack, grouped by category with severity badges', async () => {
    const page = await L.openExtPage('options.html');
    try {
      const ids = await page.$$eval('#rules-body li[data-rule]', (l) => l.map((e) => e.dataset.rule));
      assert.deepEqual([...ids].sort(), rulesEn.map((r) => r.id).sort());
      const cats = await page.$$eval('#rules-body section.category', (l) => l.map((e) => [e.dataset.category, e.querySelector('h3').textContent]));
      assert.deepEqual(new Set(cats.map((c) => c[0])), new Set(rulesEn.map((r) => r.category)));
      assert.ok(cats.some(([c, h]) => c === 'employer-criticism' && h.startsWith('Criticism of your employer')), JSON.stringify(cats));
      const rule = rulesEn.find((r) => r.severity === 'block');
      const li = `#rules-body li[data-rule="${rule.id}"]`;
      assert.equal(await text(page, `${li} .sev.block`), 'Holds the post');
      assert.equal(await text(page, `${li} .msg`), rule.message);
    } finally {
      await page.close();
    }
  });

  test('options: policy status shows the built-in code without a managed policy', async () => {
    const page = await L.openExtPage('options.html');
    try {
      assert.equal(await page.$eval('#policy-source', (e) => e.dataset.source), 'default');
      assert.equal(await text(page, '#policy-source'), 'Built-in social media code');
      assert.equal(await text(page, '#policy-rules'), String(rulesEn.length));
      assert.equal(await page.$('#policy-problem'), null, 'no problem shown');
      // the trainer demo link points into the extension
      assert.equal(await page.$eval('#demo-link', (a) => a.href), `chrome-extension://${L.id}/demo.html`);
    } finally {
      await page.close();
    }
  });

  test('options: a policy problem is shown prominently with its location lines and the fallback', async () => {
    const page = await L.openExtPage('options.html');
    const saved = await L.storage.get(page, POLICY_STATUS_KEY);
    try {
      const problem = 'rules[0] (ACME001-tenders): regex: unclosed group at 1:5\nrules[2] (ACME003-x): unknown detector "foo"';
      await L.storage.set(page, POLICY_STATUS_KEY, {
        ...(saved ?? { rules: rulesEn.length, activeSince: Date.now() }),
        source: 'default',
        problem: { message: problem, at: Date.now() },
      });
      await page.waitForSelector('#policy-problem', { timeout: 5000 });
      assert.equal(await page.$eval('#policy-problem', (e) => e.getAttribute('role')), 'alert');
      assert.equal(await page.$eval('#policy-problem-text', (e) => e.textContent), problem);
      const box = await text(page, '#policy-problem');
      assert.match(box, /problem with your organisation's policy/);
      assert.match(box, /keeps checking your posts with the built-in social media code/);
    } finally {
      if (saved) await L.storage.set(page, POLICY_STATUS_KEY, saved);
      else await L.storage.remove(page, POLICY_STATUS_KEY);
      await page.close();
    }
  });

  test('options: the language switch changes the strings at once, persists after reload, and the rules turn Dutch', async () => {
    const page = await L.openExtPage('options.html');
    try {
      assert.equal(await text(page, 'h1'), 'Composure settings');
      assert.equal(await page.$eval('html', (e) => e.lang), 'en');
      await page.selectOption('#lang', 'nl');
      await until(async () => (await text(page, 'h1')) === 'Composure-instellingen', 'Dutch heading');
      assert.equal(await text(page, '#try-h'), 'Probeer een bericht');
      assert.equal(await page.$eval('html', (e) => e.lang), 'nl');
      assert.deepEqual(await L.storage.get(page, SETTINGS_KEY), { lang: 'nl' });

      await page.reload();
      await page.waitForSelector('body[data-ready="1"]');
      assert.equal(await text(page, 'h1'), 'Composure-instellingen');
      assert.equal(await page.inputValue('#lang'), 'nl');
      const sample = rulesNl.find((r) => r.id === rulesEn[0].id);
      assert.notEqual(sample.message, rulesEn[0].message, 'the pack has a Dutch text');
      assert.equal(await text(page, `#rules-body li[data-rule="${sample.id}"] .msg`), sample.message);
      assert.equal(await text(page, '#policy-source'), 'Ingebouwde socialemediacode');
      // try a post answers in Dutch too
      const found = await tryPost(page, 'My boss is an idiot');
      assert.ok(found.length > 0);
      const nl = rulesNl.find((r) => r.id === found[0].rule);
      assert.ok(found[0].text.includes(nl.message));

      await page.selectOption('#lang', '');
      await until(async () => (await text(page, 'h1')) === 'Composure settings', 'back to the browser language');
      assert.deepEqual(await L.storage.get(page, SETTINGS_KEY), {});
    } finally {
      await L.storage.remove(page, SETTINGS_KEY);
      await page.close();
    }
  });

  test('options: the per-site switch turns a site off, and the content script there stops checking', async () => {
    const spec = PAGES.textarea;
    const page = await L.openExtPage('options.html');
    let site;
    try {
      const sw = '#site-127-0-0-1';
      assert.equal(await page.$eval(sw, (e) => [e.checked, e.getAttribute('role')].join()), 'true,switch');
      await page.click(sw);
      await until(async () => (await L.storage.get(page, SETTINGS_KEY))?.disabledSites?.includes('127.0.0.1'), 'setting stored');
      assert.equal(await page.$eval(sw, (e) => e.checked), false);
      assert.match(await text(page, '#add-msg'), /turned off on 127\.0\.0\.1/);

      site = await L.openTestPage(spec);
      await site.keyboard.type(TEXT.risky, { delay: 5 });
      // the decision, once the settings arrived: off here (then nothing is checked)
      const off = await until(async () => {
        const s = await L.uiState(site);
        return s.off || !s.present ? s : null;
      }, 'turned off for this site', 8000);
      assert.equal(off.count, 0, 'no findings while turned off');
      assert.equal(off.underlines, 0);
      assert.ok(off.checked === -1 || !off.present, `no check ran: ${JSON.stringify(off)}`);

      // turned on again: the same page checks (proves the page would have been checked)
      await page.bringToFront();
      await page.click(sw);
      await until(async () => !(await L.storage.get(page, SETTINGS_KEY))?.disabledSites?.length, 'setting cleared');
      await site.bringToFront();
      await site.click(spec.editor);
      await site.keyboard.type(' ', { delay: 5 });
      await until(async () => (await L.uiState(site)).count > 0, 'findings after turning it on again', 8000);
    } finally {
      await L.storage.remove(page, SETTINGS_KEY);
      await site?.close();
      await page.close();
    }
  });

  test('options: Dutch chosen in the options (browser in English) reaches the badge and popover on a site', async () => {
    const page = await L.openExtPage('options.html');
    let site;
    try {
      await page.selectOption('#lang', 'nl');
      await until(async () => (await L.storage.get(page, SETTINGS_KEY))?.lang === 'nl', 'setting stored');
      site = await L.openTestPage(PAGES.textarea);
      await site.keyboard.type(TEXT.risky, { delay: 5 });
      await until(async () => (await L.uiState(site)).count > 0, 'findings', 8000);
      const state = await L.uiState(site);
      // "3 waarschuwingen" rather than "3 warnings": the content script's own strings, not only
      // the rule messages, follow the choice.
      assert.match(state.label ?? '', /waarschuwing/, `badge label: ${state.label}`);
    } finally {
      await L.storage.remove(page, SETTINGS_KEY);
      await site?.close();
      await page.close();
    }
  });

  test('options: when IT locks the settings the site list is replaced by "Managed by your organisation"', async () => {
    // managed storage cannot be set in this test browser: the page's rendering of a locked state
    // is checked through the same code path with a stubbed managed area
    const page = await L.ctx.newPage();
    try {
      await page.addInitScript(() => {
        const real = chrome.storage.managed;
        Object.defineProperty(chrome.storage, 'managed', {
          value: { get: async () => ({ locked: true }), onChanged: real?.onChanged },
        });
      });
      await page.goto(`chrome-extension://${L.id}/options.html`);
      await page.waitForSelector('body[data-ready="1"]');
      assert.equal(await page.$eval('#sites-editable', (e) => e.hidden), true);
      assert.equal(await page.$eval('#sites-locked', (e) => e.hidden), false);
      assert.match(await text(page, '#sites-locked'), /Managed by your organisation/);
    } finally {
      await page.close();
    }
  });

  test('options: controls are labelled, headings nest, and Tab reaches the controls in order', async () => {
    const page = await L.openExtPage('options.html');
    try {
      const unlabelled = await page.$$eval('input, select, textarea, button', (els) =>
        els
          .filter((e) => !e.closest('[hidden]'))
          .filter((e) => !(e.labels?.length || e.getAttribute('aria-label') || (e.tagName === 'BUTTON' && e.textContent.trim())))
          .map((e) => e.outerHTML.slice(0, 80)),
      );
      assert.deepEqual(unlabelled, []);
      const levels = await page.$$eval('h1, h2, h3', (hs) => hs.map((h) => Number(h.tagName[1])));
      assert.equal(levels[0], 1);
      for (let i = 1; i < levels.length; i++) assert.ok(levels[i] <= levels[i - 1] + 1, `heading jump at ${i}`);
      const order = [];
      for (let i = 0; i < 6; i++) {
        await page.keyboard.press('Tab');
        order.push(await page.evaluate(() => document.activeElement.id || document.activeElement.className || document.activeElement.tagName));
      }
      assert.equal(order[0], 'skip');
      assert.equal(order[1], 'lang');
      assert.ok(order.slice(2).every((id) => id.startsWith('site-')), JSON.stringify(order));
    } finally {
      await page.close();
    }
  });

  test('options: screenshots in light and dark mode (dist/options-light.png, dist/options-dark.png)', async () => {
    const page = await L.openExtPage('options.html');
    try {
      await page.setViewportSize({ width: 1000, height: 1000 });
      await tryPost(page, TEXT.risky);
      await page.evaluate(() => {
        document.activeElement?.blur();
        scrollTo(0, 0);
      });
      for (const scheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme: scheme });
        const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        assert.equal(bg, scheme === 'dark' ? 'rgb(23, 23, 26)' : 'rgb(255, 255, 255)');
        await page.screenshot({ path: join(ROOT, `dist/options-${scheme}.png`), fullPage: true });
      }
    } finally {
      await page.close();
    }
  });

  test('options: no request left the machine, and the extension logged no errors', () => {
    assert.deepEqual(outsideRequests(L.requests, L.server), []);
    assert.deepEqual(L.errors, []);
  });
});
