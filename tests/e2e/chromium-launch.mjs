// How every test, benchmark and script here starts Debian's Chromium (see
// shared/docs/toolchain.md): no sandbox (root), no GPU, and none of the background networking
// that would keep trying to reach the closed network.
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--lang=en-US',
];

/**
 * A persistent context (extensions need one) with only the unpacked extension at `dir` loaded.
 * `options` go to playwright (headless defaults to true); `options.args` are added to ours.
 */
export function launchWithExtension(profile, dir, options = {}) {
  const { args = [], ...rest } = options;
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    ...rest,
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [`--disable-extensions-except=${dir}`, `--load-extension=${dir}`, ...CHROMIUM_ARGS, ...args],
  });
}

/** The extension's service worker in `ctx`, once it has started. */
export async function serviceWorkerOf(ctx) {
  return ctx.serviceWorkers()[0] ?? (await ctx.waitForEvent('serviceworker'));
}

/** Collects the console errors of the extension's worker (and of any worker that replaces it)
 * into `errors`, as `worker: <text>`; with E2E_DEBUG set, echoes all its console output. */
export function collectWorkerErrors(ctx, sw, errors) {
  const watch = (w) =>
    w.on?.('console', (m) => {
      if (process.env.E2E_DEBUG) console.error(`[worker console.${m.type()}] ${m.text()}`);
      if (m.type() === 'error') errors.push(`worker: ${m.text()}`);
    });
  watch(sw);
  ctx.on('serviceworker', watch);
}
