// Helpers for the managed-policy tests: a copy of the built extension with its own identity, the
// real managed-policy files of each browser, and a probe page to read the extension's storage.
//
// Why an identity of its own: the managed policy is machine-wide (every Chromium on this machine
// reads /etc/chromium/policies/managed/), and other test runs may share the machine. Keyed by a
// test-only extension ID (Chromium: a fresh manifest `key`; Firefox: a test add-on id), the
// values we push here reach only this test's copy; the code path is the same as with the real ID.
import { generateKeyPairSync, createHash, randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWithExtension, serviceWorkerOf } from './chromium-launch.mjs';
import { LOCAL_MATCH, ROOT } from './prepare.mjs';

export const GECKO_ID = 'composure-e2e-managed@composure.invalid';
export const CHROMIUM_POLICY_DIR = '/etc/chromium/policies/managed';
export const CHROMIUM_POLICY_FILE = join(CHROMIUM_POLICY_DIR, 'composure-e2e-managed.json');
export const FIREFOX_MANAGED_FILE = join(homedir(), '.mozilla/managed-storage', `${GECKO_ID}.json`);

/** The storage keys (shared/state.ts). */
export const KEYS = {
  settings: 'composure.settings',
  status: 'composure.policyStatus',
  lastGood: 'composure.lastGoodPolicy',
};

/** A Chromium extension ID from a DER public key: sha256, first 32 hex digits, 0-f → a-p. */
function chromiumId(der) {
  return [...createHash('sha256').update(der).digest('hex').slice(0, 32)]
    .map((c) => String.fromCharCode(97 + parseInt(c, 16)))
    .join('');
}

const PROBE_HTML = '<!doctype html><meta charset="utf-8"><title>probe</title><script src="probe.js"></script>';
const PROBE_JS = '// test-only: reading storage happens from the test through page.evaluate / execute\n';

/** dist/<browser> copied to dist/e2e/managed-<browser>, matching the local test server, with a
 * test identity and a probe page. Returns { dir, id }. */
export function prepareManagedExtension(browser) {
  const src = join(ROOT, 'dist', browser);
  const dir = join(ROOT, 'dist/e2e', `managed-${browser}`);
  rmSync(dir, { recursive: true, force: true });
  cpSync(src, dir, { recursive: true });
  const mf = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  for (const cs of mf.content_scripts) cs.matches.push(LOCAL_MATCH);
  for (const war of mf.web_accessible_resources) war.matches.push(LOCAL_MATCH);
  // Firefox's WebDriver refuses to navigate to moz-extension:// itself; a test page can
  mf.web_accessible_resources.push({ resources: ['probe.html', 'probe.js'], matches: [LOCAL_MATCH] });
  let id;
  if (browser === 'chrome') {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'der' } });
    mf.key = publicKey.toString('base64');
    id = chromiumId(publicKey);
  } else {
    mf.browser_specific_settings.gecko.id = GECKO_ID;
    id = GECKO_ID;
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(mf, null, 2));
  writeFileSync(join(dir, 'probe.html'), PROBE_HTML);
  writeFileSync(join(dir, 'probe.js'), PROBE_JS);
  return { dir, id };
}

/** Why the managed policy files cannot be written here, or null when they can. */
export function cannotWriteChromiumPolicy() {
  try {
    mkdirSync(CHROMIUM_POLICY_DIR, { recursive: true });
    const probe = join(CHROMIUM_POLICY_DIR, `.composure-e2e-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
    return null;
  } catch (e) {
    return `cannot write ${CHROMIUM_POLICY_DIR} (${e.code ?? e.message}): run the managed-policy tests as root`;
  }
}

/** Prints a message nobody can miss (used before failing or skipping). */
export function loud(msg) {
  const bar = '!'.repeat(78);
  console.error(`\n${bar}\n!! ${msg}\n${bar}\n`);
}

/** Writes the Chromium policy file atomically: {"3rdparty": {"extensions": {id: values}}}. */
export function writeChromiumPolicy(id, values) {
  mkdirSync(CHROMIUM_POLICY_DIR, { recursive: true });
  const tmp = `${CHROMIUM_POLICY_FILE}.tmp`;
  writeFileSync(tmp, JSON.stringify({ '3rdparty': { extensions: { [id]: values } } }, null, 2));
  renameSync(tmp, CHROMIUM_POLICY_FILE);
}

export function removeChromiumPolicy() {
  rmSync(CHROMIUM_POLICY_FILE, { force: true });
  rmSync(`${CHROMIUM_POLICY_FILE}.tmp`, { force: true });
}

/** Firefox's per-user managed storage manifest for the test add-on id. */
export function writeFirefoxManaged(values) {
  mkdirSync(join(homedir(), '.mozilla/managed-storage'), { recursive: true });
  const tmp = `${FIREFOX_MANAGED_FILE}.tmp`;
  writeFileSync(tmp, JSON.stringify({ name: GECKO_ID, description: 'Composure e2e test', type: 'storage', data: values }, null, 2));
  renameSync(tmp, FIREFOX_MANAGED_FILE);
}

export function removeFirefoxManaged() {
  rmSync(FIREFOX_MANAGED_FILE, { force: true });
  rmSync(`${FIREFOX_MANAGED_FILE}.tmp`, { force: true });
}

/** Chromium with the extension, as in chromium.test.mjs; `profile` persists across launches. */
export async function launchChromium(profile, dir) {
  const ctx = await launchWithExtension(profile, dir);
  await serviceWorkerOf(ctx);
  return ctx;
}

export function tempProfile(name) {
  const p = join(tmpdir(), `composure-${name}-${randomUUID()}`);
  mkdirSync(p, { recursive: true });
  return p;
}

export function exists(p) {
  return existsSync(p);
}

// ---- the organisation's policies used by the tests ------------------------------------------

export const CODE_URL = 'https://intranet.contoso.example/social-media-code';

/** A good policy: the default pack with Contoso's names and codenames. Pretty-printed, as an
 * administrator would write it, so that errors have meaningful lines. */
export const GOOD_POLICY = JSON.stringify(
  {
    name: 'Contoso social media code',
    version: '2026-05',
    extends: ['default'],
    organization: { names: ['Contoso'], codenames: ['Bluebird'] },
  },
  null,
  2,
);

/** What IT pushes in both browsers' scenarios: the good policy, locked, with no "Post anyway". */
export const LOCKED = {
  policy: GOOD_POLICY,
  policyName: 'Contoso code v3',
  locked: true,
  allowPostAnyway: false,
  codeUrl: CODE_URL,
};

/** The same policy with a rule whose regex does not compile: must be refused as a whole. */
export const BROKEN_POLICY = JSON.stringify(
  {
    name: 'Contoso social media code',
    version: '2026-06',
    extends: ['default'],
    organization: { names: ['Contoso'], codenames: ['Bluebird', 'Nightjar'] },
    rules: [
      {
        id: 'CON001-tender-numbers',
        category: 'confidential',
        severity: 'block',
        message: { en: 'Tender numbers are confidential.', nl: 'Aanbestedingsnummers zijn vertrouwelijk.' },
        match: { kind: 'regex', pattern: '(T-\\d{4}' },
        examples: { flag: ['T-2026'], pass: ['Tea at four'] },
      },
    ],
  },
  null,
  2,
);

export const CODENAME_TEXT = 'Bluebird launches next week';
