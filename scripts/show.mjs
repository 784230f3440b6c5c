// The main job of scripts/run: Chromium with the built extension, on a local page with a
// LinkedIn-style composer (Quill), a risky post typed in key by key as a person would.
// With a display it opens a window and waits until you close it; without one (or with
// SHOW_HEADLESS=1) it runs headless, saves dist/screenshot.png and prints what is shown.
//   node scripts/show.mjs ["post text"]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWithExtension } from '../tests/e2e/chromium-launch.mjs';
import { prepareExtension, ROOT } from '../tests/e2e/prepare.mjs';
import { startServer } from '../tests/pages/server.mjs';
import { chromiumUi } from '../tests/e2e/ui-state.mjs';
import { pollUntil } from '../tests/e2e/poll.mjs';

// Rules find the number and the card; only the sentence model finds the promise made for the
// company (the background worker's verdict arrives shortly after the rules').
const post =
  process.argv[2] ??
  "We're aware of the outage and every customer will get a full refund by Friday, you have my word. " +
    'Call Sanne on 06-12345678 or pay the deposit with card 4111 1111 1111 1111.';
const headless = !process.env.DISPLAY || process.env.SHOW_HEADLESS === '1' || process.env.CI === 'true';

const server = await startServer();
const dir = prepareExtension('chrome');
const profile = mkdtempSync(join(tmpdir(), 'composure-show-'));
const ctx = await launchWithExtension(profile, dir, { headless, viewport: { width: 900, height: 640 } });
try {
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  await page.goto(`${server.origin}/quill.html`);
  const editor = page.locator('.ql-editor');
  await editor.click();
  await page.keyboard.type(post, { delay: headless ? 0 : 25 });
  // Our UI is in a closed shadow root: read it through DevTools (tests/e2e/ui-state.mjs). The
  // badge's accessible name says how many problems there are once the check has run.
  const ui = await chromiumUi(page);
  // The rules' badge comes first; the sentence model's verdict (background worker) follows.
  const { label, engine } = await pollUntil(
    () => ui.state(),
    (s) => s.label && s.fresh && (s.modelChecks > 0 || s.modelError),
    'the badge with the sentence model\'s verdict',
    { timeout: 30000 },
  );
  // Open the popover the way a person would: the badge button, then read what it lists.
  await ui.click('.badge button');
  const items = await ui.run((sr) =>
    [...sr.querySelectorAll('.pop li')].map((li) => ({
      severity: li.querySelector('.sev')?.textContent ?? '',
      excerpt: li.querySelector('.excerpt')?.textContent ?? '',
      message: [...li.querySelectorAll('.msg')].map((m) => m.textContent).join(' / '),
    })),
  );
  console.log(`post: ${post}`);
  console.log(`badge: ${label} (engine ran in the ${engine === 'background' ? 'background worker' : 'page'})`);
  for (const f of items) console.log(`  ${f.severity.padEnd(8)} ${f.excerpt}\n           ${f.message}`);
  if (headless) {
    const shot = join(ROOT, 'dist/screenshot.png');
    await page.screenshot({ path: shot });
    console.log(`screenshot: ${shot}`);
  } else {
    console.log('close the browser window to finish');
    await new Promise((done) => ctx.on('close', done));
  }
} finally {
  await ctx.close().catch(() => {});
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
