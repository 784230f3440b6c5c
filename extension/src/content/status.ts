/**
 * Answers the toolbar popup's `composure:status` (chrome.tabs.sendMessage to this tab): whether
 * Composure runs here, and the findings in the focused composer, checked afresh with the same
 * engine the page uses, less those ignored for this post. See shared/pages-protocol.ts. The text is read, checked and dropped; the
 * quoted spans go to the popup only.
 *
 * The message reaches every frame. A subframe answers only when its own composer has focus; the
 * top frame always answers, a little later when focus is inside a frame, so that the frame with
 * the composer is heard first.
 */
import type { StatusFinding, StatusRequest, StatusResponse } from '../shared/pages-protocol';
import { effectiveSettings, SETTINGS_KEY, type ManagedConfig, type UserSettings } from '../shared/state';
import { composerFor } from './composers';
import { getEngine } from './engine-client';
import { ignoredFindings } from './ignored';
import { passagesOf, type Flagged } from './passages';
import { siteName } from './sites';
import { capText, readEditable, readTextarea } from './text-model';

const MAX_CHECKED = 20_000;
const MAX_QUOTE = 120;
const FRAME_GRACE_MS = 300;

function deepActiveElement(): Element | null {
  let a: Element | null = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}

async function readManaged(): Promise<ManagedConfig> {
  try {
    const managed = chrome.storage?.managed;
    if (!managed) return {};
    const late = new Promise<ManagedConfig>((ok) => setTimeout(() => ok({}), 300));
    return await Promise.race([managed.get(null) as Promise<ManagedConfig>, late]);
  } catch {
    return {};
  }
}

/** Whether the user turned Composure off for `host` (or a parent domain of it). */
export async function disabledHere(host: string): Promise<boolean> {
  let user: UserSettings = {};
  try {
    user = ((await chrome.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY] as UserSettings | undefined) ?? {};
  } catch {
    // storage unavailable: not disabled
  }
  const eff = effectiveSettings(await readManaged(), user);
  const h = host.toLowerCase();
  return eff.disabledSites.some((d) => {
    const s = d.toLowerCase();
    return h === s || h.endsWith('.' + s);
  });
}

async function findingsOf(el: HTMLElement, kind: 'textarea' | 'editable'): Promise<StatusFinding[]> {
  const model = kind === 'textarea' ? readTextarea(el as HTMLTextAreaElement) : readEditable(el);
  const text = capText(model.text, MAX_CHECKED);
  if (text.trim() === '') return [];
  const engine = await getEngine();
  const found = await engine.check(text, location.hostname);
  const flagged: Flagged[] = [];
  for (const f of found) {
    const meta = engine.rules[f.rule];
    if (!meta) continue;
    const key = ignoredFindings.key(meta.id, text.slice(f.start, f.end));
    if (!ignoredFindings.has(key)) flagged.push({ start: f.start, end: f.end, meta, key });
  }
  // one passage, one entry, as on the page (passages.ts)
  return passagesOf(flagged).map((p) => {
    let quoted = text.slice(p.start, p.end);
    if (quoted.length > MAX_QUOTE) quoted = quoted.slice(0, MAX_QUOTE - 1) + '…';
    return { severity: p.severity, reasons: p.reasons.map((r) => ({ rule: r.rules[0], severity: r.severity, message: r.message })), quoted };
  });
}

async function status(composer: ReturnType<typeof composerFor>): Promise<StatusResponse> {
  const host = location.hostname;
  const disabled = await disabledHere(host);
  let findings: StatusFinding[] = [];
  if (composer && !disabled) {
    try {
      findings = await findingsOf(composer.el, composer.kind);
    } catch {
      // no engine here: report the composer without findings
    }
  }
  return { active: !disabled, site: siteName(location, document), host, disabled, composer: !!composer, findings };
}

try {
  chrome.runtime.onMessage.addListener((msg: unknown, _sender, sendResponse) => {
    if ((msg as StatusRequest | null)?.type !== 'composure:status') return false;
    const focused = deepActiveElement();
    const composer = composerFor(focused);
    const top = window === window.top;
    if (!composer && !top) return false;
    const wait = !composer && focused && /^(IFRAME|FRAME)$/.test(focused.tagName) ? FRAME_GRACE_MS : 0;
    status(composer).then(
      (r) => setTimeout(() => sendResponse(r), wait),
      () => sendResponse(undefined),
    );
    return true; // the answer comes asynchronously
  });
} catch {
  // extension context gone: nothing to answer
}
