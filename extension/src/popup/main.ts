/**
 * The toolbar popup: whether Composure runs on the active tab, the findings in the composer that
 * has focus there (asked from the tab's content script, `composure:status`), a switch for the
 * site, a visible state when the organisation's policy has a problem, and links.
 *
 * The tab is the active tab of the current window (its id needs no "tabs" permission). Tests
 * open popup.html in a tab of its own and name the tab to look at with `?tab=<id>`.
 */
import type { StatusRequest, StatusResponse } from '../shared/pages-protocol';
import type { BgRequest, BgResponse, RuleMeta } from '../shared/types';
import { demoUrl, onStateChange, readState, requestPolicy, safeLink, SEVERITY_KEY, withSite, writeUser, type PageState } from '../options/data';
import { applyStatic, currentLang, resolveLang, setLang, tr } from '../options/i18n';
import { $, el } from '../options/dom';

const STATUS_TIMEOUT_MS = 1500;

let state: PageState;
let tabId: number | null = null;
let status: StatusResponse | null = null;
let rulesById = new Map<string, RuleMeta>();
let codeUrl: string | null = null;


async function targetTab(): Promise<number | null> {
  const param = new URLSearchParams(location.search).get('tab');
  if (param && /^\d+$/.test(param)) return Number(param);
  try {
    const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
    return tab?.id ?? null;
  } catch {
    return null;
  }
}

/** The content script's answer, or null when none runs in the tab (or it does not answer). */
async function queryStatus(): Promise<StatusResponse | null> {
  if (tabId === null) return null;
  const timeout = new Promise<null>((ok) => setTimeout(() => ok(null), STATUS_TIMEOUT_MS));
  const ask = (chrome.tabs.sendMessage(tabId, { type: 'composure:status' } satisfies StatusRequest) as Promise<StatusResponse | undefined>).then(
    (r) => (r && typeof r === 'object' && 'active' in r ? r : null),
    () => null, // "Receiving end does not exist": no content script in this tab
  );
  return Promise.race([ask, timeout]);
}

/** Rule texts in the page's language, by id (the content script answers in the browser's). */
async function loadRules(): Promise<void> {
  try {
    const r = (await chrome.runtime.sendMessage({ type: 'composure:rules', lang: currentLang() } satisfies BgRequest)) as
      | BgResponse
      | undefined;
    if (r?.ok && r.rules) rulesById = new Map(r.rules.map((m) => [m.id, m]));
  } catch {
    // keep the content script's texts
  }
}

async function loadCodeUrl(): Promise<void> {
  codeUrl = safeLink(state.effective.codeUrl);
  if (codeUrl) return;
  try {
    const { policy } = await requestPolicy();
    if (policy) {
      const doc = JSON.parse(policy) as { organization?: { code_url?: unknown } };
      codeUrl = safeLink(doc.organization?.code_url);
    }
  } catch {
    // no link
  }
}

function renderProblem(): void {
  const problem = state.status?.problem;
  $('problem').hidden = !problem;
  if (problem) {
    $('problem-fallback').textContent =
      ' ' + tr(state.status?.source === 'last-good' ? 'options_problemLastGood' : 'options_problemDefault') + ' ';
  }
}

function renderStatus(): void {
  const line = $('state');
  const hint = $('hint');
  const sw = $('site-switch');
  const sec = $('findings');
  hint.hidden = true;
  sec.hidden = true;
  sw.hidden = true;
  if (!status) {
    line.dataset.state = 'inactive';
    line.textContent = tr('popup_notActive');
    hint.textContent = tr('popup_notActiveHint');
    hint.hidden = false;
    return;
  }
  if (!state.effective.locked && status.host) {
    sw.hidden = false;
    $<HTMLInputElement>('site-on').checked = !status.disabled;
    $('site-on-label').textContent = tr('popup_siteSwitch', [status.host]);
  }
  if (status.disabled || !status.active) {
    line.dataset.state = 'disabled';
    line.textContent = tr('popup_disabledHere', [status.host]);
    return;
  }
  line.dataset.state = 'active';
  line.textContent = tr('popup_activeHere');
  if (!status.composer) {
    hint.textContent = tr('popup_noComposer');
    hint.hidden = false;
    return;
  }
  sec.hidden = false;
  const list = $('finding-list');
  list.replaceChildren();
  const n = status.findings.length;
  sec.dataset.count = String(n);
  $('findings-summary').textContent =
    n === 0 ? tr('popup_noFindings') : n === 1 ? tr('options_tryCountOne') : tr('options_tryCountOther', [n]);
  // one entry per passage of the post, each distinct reason once (content/passages.ts)
  for (const f of status.findings) {
    const li = el('li', { 'data-rules': f.reasons.map((r) => r.rule).join(' '), 'data-severity': f.severity });
    const head = el('div');
    head.append(el('span', { class: `sev ${f.severity}` }, tr(SEVERITY_KEY[f.severity])), el('span', { class: 'quote' }, tr('quoted', [f.quoted])));
    li.append(head);
    const said = new Set<string>();
    for (const r of f.reasons) {
      const message = rulesById.get(r.rule)?.message ?? r.message;
      if (said.has(message)) continue;
      said.add(message);
      li.append(el('p', { class: 'msg' }, message));
    }
    list.append(li);
  }
}

function renderLinks(): void {
  $<HTMLAnchorElement>('demo-link').href = demoUrl();
  $('code-item').hidden = !codeUrl;
  if (codeUrl) $<HTMLAnchorElement>('code-link').href = codeUrl;
}

function renderAll(): void {
  applyStatic();
  document.title = tr('popup_heading');
  renderProblem();
  renderStatus();
  renderLinks();
}

function openOptions(e: Event): void {
  e.preventDefault();
  void chrome.runtime.openOptionsPage().then(() => window.close());
}

async function onSiteSwitch(): Promise<void> {
  if (!status?.host) return;
  const on = $<HTMLInputElement>('site-on').checked;
  state.user = await writeUser({ disabledSites: withSite(state.user.disabledSites ?? [], status.host, on) });
  status = await queryStatus();
  renderStatus();
}

async function refresh(): Promise<void> {
  status = await queryStatus();
  renderStatus();
  document.body.dataset.ready = '1';
  document.body.dataset.active = status ? String(status.active) : 'none';
}

async function main(): Promise<void> {
  state = await readState();
  await setLang(resolveLang(state.user.lang));
  applyStatic();
  for (const a of Array.from(document.querySelectorAll('a.options-link'))) a.addEventListener('click', openOptions);
  $('site-on').addEventListener('change', () => void onSiteSwitch());
  tabId = await targetTab();
  await Promise.all([loadRules(), loadCodeUrl()]);
  status = await queryStatus();
  renderAll();
  $('main').removeAttribute('aria-busy');
  document.body.dataset.ready = '1';
  document.body.dataset.active = status ? String(status.active) : 'none';

  onStateChange(async () => {
    const before = state.user.lang;
    state = await readState();
    if (state.user.lang !== before) {
      await setLang(resolveLang(state.user.lang));
      await loadRules();
    }
    renderAll();
  });
}

void main();

// for tests: ask the tab again (the popup itself never polls)
(globalThis as { __composureRefresh?: () => Promise<void> }).__composureRefresh = refresh;
