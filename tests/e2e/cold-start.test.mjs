// Cold start (Chromium): a post sent before the engine is ready waits for it (bounded) instead
// of going out unchecked. A fresh browser per run; the composer is focused, filled and posted
// at once, before the worker has compiled the policy and answered.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWithExtension } from './chromium-launch.mjs';
import { startServer } from '../pages/server.mjs';
import { prepareExtension, TEXT } from './prepare.mjs';
import { pollUntil } from './poll.mjs';
import { chromiumUi } from './ui-state.mjs';

let server, dir;
const profiles = [];

before(async () => {
  server = await startServer();
  dir = prepareExtension('chrome');
});

after(() => {
  server?.close();
  for (const p of profiles) rmSync(p, { recursive: true, force: true });
});

describe('chromium cold start', () => {
  test('a block post sent right after the browser starts is held, not posted unchecked', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'composure-cold-'));
    profiles.push(profile);
    const ctx = await launchWithExtension(profile, dir);
    try {
      const page = await ctx.newPage();
      await page.goto(server.origin + '/textarea.html');
      const ta = page.locator('.compose-form textarea');
      await ta.click();
      await page.keyboard.insertText(TEXT.block);
      await page.keyboard.press('Control+Enter');
      const ui = await chromiumUi(page);
      // held while the engine loads, then the hold dialog; never the page's post handler
      const s = await pollUntil(async () => ({ ui: await ui.state(), posted: await page.evaluate(() => window.__posted) }),
        (x) => x.ui.dialogOpen || x.posted.length > 0, 'the hold dialog or the post', { timeout: 8000 });
      assert.deepEqual(s.posted, [], 'posted before the engine was ready');
      assert.equal(s.ui.severity, 'block');
      assert.ok(s.ui.waits >= 1, 'the post waited for the engine (the test did not come too late)');
    } finally {
      await ctx.close();
    }
  });

  test('a clean post sent right after the browser starts waits for the check, then goes through once', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'composure-cold-'));
    profiles.push(profile);
    const ctx = await launchWithExtension(profile, dir);
    try {
      const page = await ctx.newPage();
      await page.goto(server.origin + '/textarea.html');
      await page.locator('.compose-form textarea').click();
      await page.keyboard.insertText(TEXT.benign);
      await page.keyboard.press('Control+Enter');
      const ui = await chromiumUi(page);
      await pollUntil(() => page.evaluate(() => window.__posted), (p) => p.length > 0, 'the post', { timeout: 8000 });
      const s = await pollUntil(() => ui.state(), (x) => x.posts === 1, 'our part of the post done');
      assert.ok(s.waits >= 1, 'the post waited for the engine (the test did not come too late)');
      assert.deepEqual(await page.evaluate(() => window.__posted), [TEXT.benign]);
    } finally {
      await ctx.close();
    }
  });
});
