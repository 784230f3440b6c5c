// Shared by options.test.mjs and popup.test.mjs: headless Chromium with the test copy of the
// built extension (prepare.mjs), the local test pages, and helpers for the extension's pages.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectWorkerErrors, launchWithExtension, serviceWorkerOf } from './chromium-launch.mjs';
import { startServer } from '../pages/server.mjs';
import { chromiumUi } from './ui-state.mjs';
import { prepareExtension } from './prepare.mjs';
import { pollUntil } from './poll.mjs';

export async function launch() {
  const server = await startServer();
  const dir = prepareExtension('chrome');
  const profile = mkdtempSync(join(tmpdir(), 'composure-pages-'));
  const ctx = await launchWithExtension(profile, dir);
  const requests = [];
  const errors = [];
  ctx.on('request', (r) => requests.push(r.url()));
  const sw = await serviceWorkerOf(ctx);
  const id = new URL(sw.url()).host;
  collectWorkerErrors(ctx, sw, errors);

  const watch = (page, name) => {
    page.on('console', (m) => {
      if (process.env.E2E_DEBUG) console.error(`[${name} console.${m.type()}] ${m.text()}`);
      const url = m.location()?.url ?? '';
      if (m.type() === 'error' && (url.startsWith('chrome-extension://') || /composure/i.test(m.text()))) errors.push(`${name}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`${name}: ${e.message}`));
    return page;
  };

  /** Opens an extension page (options.html, popup.html?…) in a new tab and waits until it is ready. */
  async function openExtPage(path) {
    const page = watch(await ctx.newPage(), path);
    await page.goto(`chrome-extension://${id}/${path}`);
    await page.waitForSelector('body[data-ready="1"]', { timeout: 15000 });
    return page;
  }

  /** Opens a local test page and focuses its composer (in its frame: `page.composerFrame`). */
  async function openTestPage(spec) {
    const page = watch(await ctx.newPage(), spec.path);
    await page.goto(server.origin + spec.path);
    if (spec.open) await page.click(spec.open);
    if (spec.ready) await page.waitForSelector(spec.ready, { state: 'attached' });
    const frame = spec.frame ? await (await page.waitForSelector(spec.frame)).contentFrame() : page.mainFrame();
    await frame.waitForSelector(spec.editor);
    await frame.click(spec.editor);
    page.composerFrame = frame;
    return page;
  }

  /** Our content script's state on a test page (see ui-state.mjs), in any of its frames. */
  const uiOf = async (page) => (page.composureUi ??= await chromiumUi(page));
  const uiState = async (page) => (await uiOf(page)).state();

  /** Storage of the extension, read/written from one of its pages. */
  const storage = {
    get: (page, key) => page.evaluate(async (k) => (await chrome.storage.local.get(k))[k], key),
    set: (page, key, value) => page.evaluate(async ([k, v]) => chrome.storage.local.set({ [k]: v }), [key, value]),
    remove: (page, key) => page.evaluate(async (k) => chrome.storage.local.remove(k), key),
  };

  async function close() {
    await ctx.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }

  return { ctx, server, id, requests, errors, openExtPage, openTestPage, uiOf, uiState, storage, close };
}

/** Requests that left the machine (anything but the extension, data:, and the local server). */
export function outsideRequests(requests, server) {
  const local = new URL(server.origin).host;
  return requests.filter((u) => {
    const url = new URL(u);
    if (['chrome-extension:', 'data:', 'blob:', 'about:'].includes(url.protocol)) return false;
    return url.host !== local;
  });
}

/** Waits until `fn()` gives something truthy, and returns it. */
export function until(fn, what, timeout = 5000) {
  return pollUntil(fn, Boolean, what, { timeout });
}
