// End-to-end tests of the trainer demo in headless Chromium:
// - inside the extension (chrome-extension://<id>/demo.html): the real content-script modules
//   underline a scenario and count it on the badge, and hold a `block` post in presenter mode;
// - as the standalone static site (dist/demo-site, scripts/build-demo) in a browser without the
//   extension: the same findings appear, the language switch works, free mode takes a policy file.
// Expected findings come from the engine in node, compiled as the demo compiles it (the default
// pack with its example organisation), so the tests follow the pack as it evolves.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, launchWithExtension, serviceWorkerOf } from './chromium-launch.mjs';
import { chromiumUi } from './ui-state.mjs';
import { passagesOf } from './oracle.mjs';
import { ROOT } from './prepare.mjs';
import { loadEngine } from './engine-node.mjs';
import { pollUntil } from './poll.mjs';

const ARGS = [...CHROMIUM_ARGS];
const SITE = join(ROOT, 'dist/demo-site');
const scenarios = JSON.parse(readFileSync(join(ROOT, 'extension/src/demo/scenarios.json'), 'utf8'));
const byId = (id) => scenarios.find((s) => s.id === id);

let engine;
before(async () => {
  assert.ok(existsSync(join(ROOT, 'dist/chrome/demo.html')), 'run scripts/build first');
  assert.ok(existsSync(join(SITE, 'index.html')), 'run scripts/build-demo first');
  const glue = await loadEngine(ROOT);
  const pack = JSON.parse(readFileSync(join(ROOT, 'crates/engine/packs/default.json'), 'utf8'));
  const checker = new glue.Checker(JSON.stringify({ extends: ['default'], organization: pack.example_organization }));
  const rules = JSON.parse(checker.rules('en'));
  engine = {
    findings(text) {
      const t = checker.check(text, '');
      const out = [];
      for (let i = 0; i < t.length; i += 3) out.push(rules[t[i]]);
      return out;
    },
    /** What a person sees: one passage per stretch of overlapping findings (oracle.mjs). */
    passages(text) {
      const t = checker.check(text, '');
      const found = [];
      for (let i = 0; i < t.length; i += 3) found.push({ ...rules[t[i]], start: t[i + 1], end: t[i + 2] });
      return passagesOf(found, text, rules);
    },
  };
});

/** Drives a demo page: state of the real UI (see ui-state.mjs) and of the page. */
function driver(page) {
  let ui = null;
  const state = async () => (ui ??= await chromiumUi(page)).state();
  const body = () => page.evaluate(() => ({ ...document.body.dataset }));
  const wait = (fn, what, timeout = 15000) =>
    pollUntil(async () => ({ ui: await state(), page: await body() }), fn, what, { timeout });
  return { page, state, body, wait };
}

/** Opens a scenario, lets the engine load, types it out with Space; resolves with the expected passages. */
async function typeScenario(d, id) {
  await d.wait((s) => s.page.engine === 'ready' && s.page.scenario === id, 'engine and scenario');
  await d.page.keyboard.press('Space');
  await d.wait((s) => !s.page.typing, 'typing done', 30000);
  const expected = engine.passages(byId(id).text);
  const len = byId(id).text.length;
  await d.wait((s) => s.ui.checked === len && s.ui.count === expected.length, `${expected.length} passages`);
  return expected;
}

function sameLabel(label, expected) {
  const block = expected.filter((f) => f.severity === 'block').length;
  const n = expected.length;
  if (block) return label === (n === 1 ? '1 problem that holds the post' : `${n} problems, ${block} holding the post`);
  const warn = expected.filter((f) => f.severity === 'warn').length;
  if (warn) return label === (n === 1 ? '1 warning' : `${n} warnings`);
  return label === (n === 1 ? '1 note' : `${n} notes`);
}

describe('demo in the extension', () => {
  let ctx, profile, id;
  const errors = [];
  before(async () => {
    const dir = join(ROOT, 'dist/chrome');
    profile = mkdtempSync(join(tmpdir(), 'composure-demo-'));
    ctx = await launchWithExtension(profile, dir);
    const sw = await serviceWorkerOf(ctx);
    id = new URL(sw.url()).host;
  });
  after(async () => {
    await ctx?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });
  const open = async (hash) => {
    const page = await ctx.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`chrome-extension://${id}/demo.html#${hash}`);
    return driver(page);
  };

  test('demo (extension): a scenario typed with Space is underlined and counted on the badge', async () => {
    for (const sid of ['pd-burnout', 'cf-codename']) {
      const d = await open(sid);
      try {
        const expected = await typeScenario(d, sid);
        assert.ok(expected.length > 0);
        const s = await d.state();
        assert.equal(s.engine, 'page');
        assert.ok(sameLabel(s.label, expected), `badge label ${s.label}`);
        assert.ok(s.underlines > 0, 'underlines drawn');
        if (byId(sid).composer === 'microblog') assert.ok(s.marks > 0, 'textarea overlay marks');
        else assert.ok(s.boxes > 0, 'underline boxes');
        // Enter reveals what is risky, why, the engine's findings and the better way
        await d.page.keyboard.press('Enter');
        await d.wait((x) => x.page.revealed === 'done', 'reveal');
        const found = await d.page.$$eval('#rv-found code', (els) => els.map((e) => e.textContent));
        for (const r of byId(sid).rules) assert.ok(found.includes(r), `reveal lists ${r}`);
        assert.equal(await d.page.textContent('#rv-better'), byId(sid).better);
        // Esc resets
        await d.page.keyboard.press('Escape');
        await d.wait((x) => x.ui.count === 0 && !x.page.revealed, 'reset');
      } finally {
        await d.page.close();
      }
    }
  });

  test('demo (extension): presenter mode holds a block post (alertdialog); the better way posts', async () => {
    const d = await open('cr-wifi');
    try {
      const expected = await typeScenario(d, 'cr-wifi');
      assert.ok(expected.some((f) => f.severity === 'block'));
      await d.page.keyboard.press('p');
      const s = await d.wait((x) => x.ui.dialogOpen, 'hold dialog');
      assert.equal(s.ui.dialogRole, 'alertdialog');
      assert.equal(s.page.posted, undefined, 'nothing posted');
      // the presenter's keys stay with our dialog while it is open (not the next scenario)
      await d.page.keyboard.press('ArrowRight');
      const still = await d.state();
      assert.equal((await d.body()).scenario, 'cr-wifi', 'a key meant for the dialog moved the demo on');
      assert.equal(still.dialogOpen, true);
      await (await chromiumUi(d.page)).click('button[data-action=edit]');
      await d.wait((x) => !x.ui.dialogOpen, 'dialog closed');
      // → next scenario and back: ← / →, then B types the better way, which posts at once
      await d.page.keyboard.press('ArrowRight');
      await d.wait((x) => x.page.scenario !== 'cr-wifi' && x.ui.count === 0, 'next scenario');
      await d.page.keyboard.press('PageUp');
      await d.wait((x) => x.page.scenario === 'cr-wifi', 'previous scenario');
      await d.page.keyboard.press('b');
      await d.wait((x) => !x.page.typing, 'typing done', 30000);
      const better = byId('cr-wifi').better;
      await d.wait((x) => x.ui.checked === better.length && x.ui.count === 0, 'better way has no findings');
      await d.page.keyboard.press('p');
      await d.wait((x) => x.page.posted === '1', 'posted');
      assert.equal((await d.state()).dialogOpen, false);
      assert.equal((await d.page.textContent('#posted li p')).trim(), better);
    } finally {
      await d.page.close();
    }
  });

  test('demo (extension): no errors on the page', () => {
    assert.deepEqual(errors, []);
  });
});

describe('demo as a standalone site', () => {
  let browser, server, origin;
  const requests = [];
  const errors = [];
  before(async () => {
    const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };
    server = createServer(async (req, res) => {
      const path = normalize(new URL(req.url, 'http://x').pathname);
      const file = join(SITE, path.endsWith('/') ? `${path}index.html` : path);
      if (!file.startsWith(SITE)) return void res.writeHead(403).end();
      try {
        res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(await readFile(file));
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
    origin = `http://127.0.0.1:${server.address().port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
  });
  after(async () => {
    await browser?.close();
    server?.close();
  });
  const open = async (hash) => {
    const page = await browser.newPage();
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${origin}/#${hash}`);
    return driver(page);
  };

  test('demo (standalone site, no extension): a scenario\'s findings appear; the language switch works', async () => {
    const d = await open('cr-mailbox');
    try {
      assert.equal(await d.page.evaluate(() => typeof chrome === 'undefined' || !chrome.runtime?.id), true, 'no extension APIs');
      const expected = await typeScenario(d, 'cr-mailbox');
      const s = await d.state();
      assert.ok(sameLabel(s.label, expected), `badge label ${s.label}`);
      assert.ok(s.boxes > 0 && s.underlines > 0);
      await d.page.selectOption('#lang', 'nl');
      await d.wait((x) => x.ui.label !== null && x.ui.label !== s.label, 'Dutch badge label');
      assert.equal(await d.page.getAttribute('html', 'lang'), 'nl');
      assert.equal((await d.page.textContent('.composer.feed button.post')).trim(), 'Plaatsen');
      // the Dutch "Post" button is still recognised as posting: the block post is held
      await d.page.locator('.composer.feed button.post').click();
      await d.wait((x) => x.ui.dialogOpen, 'hold dialog');
    } finally {
      await d.page.close();
    }
  });

  test('demo (standalone site): free mode checks with a loaded policy file; a broken one shows where', async () => {
    const d = await open('free');
    try {
      await d.wait((x) => x.page.engine === 'ready' && x.page.mode === 'free', 'free mode');
      await d.page.click('#policy summary');
      const police = readFileSync(join(ROOT, 'examples/police.json'));
      await d.page.setInputFiles('#policy-file', { name: 'police.json', mimeType: 'application/json', buffer: police });
      await d.wait((x) => x.page.policy === 'file', 'policy loaded');
      assert.match(await d.page.textContent('#policy-status'), /Politie Zuidwaarde/);
      await d.page.click('.composer.microblog textarea');
      const text = 'Morgen start operatie Duinroos, spannend!';
      await d.page.keyboard.type(text, { delay: 5 });
      const s = await d.wait((x) => x.ui.checked === text.length && x.ui.count > 0, 'codename of the loaded policy');
      assert.ok(s.ui.marks > 0);
      // a broken policy: the engine's problems, each with its location, and nothing changes
      const broken = '{\n  "name": "Broken",\n  "rules": [ { "id": 3 } ]\n}';
      await d.page.setInputFiles('#policy-file', { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(broken) });
      await d.wait((x) => x.page.policyError === 'true', 'policy error');
      const err = await d.page.textContent('#policy-error');
      assert.match(err, /broken\.json/);
      assert.match(err, /line 3, column \d+/);
      assert.equal((await d.body()).policy, 'file');
    } finally {
      await d.page.close();
    }
  });

  test('demo (standalone site): no request left the site, no errors', () => {
    const outside = requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:'));
    assert.deepEqual(outside, []);
    assert.deepEqual(errors, []);
  });
});
