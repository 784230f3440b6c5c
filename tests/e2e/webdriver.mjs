// A minimal W3C WebDriver client over HTTP for the cargo-installed geckodriver (no npm driver
// package: those download drivers). Only what the Firefox tests use.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
    s.on('error', fail);
  });
}

export async function startFirefox({ prefs = {}, args = [] } = {}) {
  const port = await freePort();
  const bin = process.env.GECKODRIVER ?? join(homedir(), '.cargo/bin/geckodriver');
  const driver = spawn(bin, ['--host', '127.0.0.1', '--port', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  driver.stderr.on('data', (d) => (log = (log + d).slice(-4000)));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/status`)).ok) break;
    } catch {
      if (i > 100) throw new Error(`geckodriver did not start: ${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  async function call(method, path, body) {
    const res = await fetch(base + path, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`${method} ${path}: ${json.value?.error}: ${json.value?.message}`);
    return json.value;
  }
  const session = await call('POST', '/session', {
    capabilities: {
      alwaysMatch: {
        browserName: 'firefox',
        'moz:firefoxOptions': {
          binary: process.env.FIREFOX ?? '/usr/bin/firefox-esr',
          args: ['-headless', ...args], // e.g. ['-profile', dir] to keep a profile across restarts
          prefs: {
            'browser.safebrowsing.malware.enabled': false,
            'browser.safebrowsing.phishing.enabled': false,
            'browser.safebrowsing.downloads.enabled': false,
            'network.connectivity-service.enabled': false,
            'network.captive-portal-service.enabled': false,
            'extensions.getAddons.cache.enabled': false,
            'browser.region.update.enabled': false,
            'intl.locale.requested': 'en-US',
            ...prefs,
          },
        },
      },
    },
  });
  const s = `/session/${session.sessionId}`;
  const el = (id) => ({
    id,
    click: () => call('POST', `${s}/element/${id}/click`, {}),
    type: (text) => call('POST', `${s}/element/${id}/value`, { text }),
    /** Its shadow root, open or closed (a reference to pass to exec or findIn). */
    shadow: () => call('GET', `${s}/element/${id}/shadow`),
  });
  const wrap = (v) => (v && typeof v === 'object' && v[ELEMENT] ? el(v[ELEMENT]) : v);
  return {
    installAddon: (path) => call('POST', `${s}/moz/addon/install`, { path, temporary: true }),
    goto: (url) => call('POST', `${s}/url`, { url }),
    exec: async (fn, ...args) => wrap(await call('POST', `${s}/execute/sync`, { script: `return (${fn}).apply(null, arguments)`, args })),
    /** The element matching `css` in a shadow root from `shadow()`, or null. */
    findIn: async (root, css) => {
      const sid = Object.values(root)[0];
      try {
        return el((await call('POST', `${s}/shadow/${sid}/element`, { using: 'css selector', value: css }))[ELEMENT]);
      } catch (e) {
        if (/no such element/.test(e.message)) return null;
        throw e;
      }
    },
    find: async (css) => el((await call('POST', `${s}/element`, { using: 'css selector', value: css }))[ELEMENT]),
    /** Switch into an iframe (an element) or back to the top (null). */
    frame: (e) => call('POST', `${s}/frame`, { id: e ? { [ELEMENT]: e.id } : null }),
    keys: (text) => call('POST', `${s}/actions`, {
      actions: [{ type: 'key', id: 'kbd', actions: [...text].flatMap((c) => [{ type: 'keyDown', value: c }, { type: 'keyUp', value: c }]) }],
    }),
    chord: (mod, key) => call('POST', `${s}/actions`, {
      actions: [{ type: 'key', id: 'kbd', actions: [
        { type: 'keyDown', value: mod }, { type: 'keyDown', value: key }, { type: 'keyUp', value: key }, { type: 'keyUp', value: mod }] }],
    }),
    async close() {
      try {
        await call('DELETE', s);
      } finally {
        driver.kill();
      }
    },
  };
}

export const KEY = { CONTROL: '\uE009', BACKSPACE: '\uE003', ENTER: '\uE007', LEFT: '\uE012' };
