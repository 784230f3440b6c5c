/**
 * The options page: interface language, per-site on/off, the active social media code (its
 * source, status and rules, rendered from the rules' own texts), and "try a post", checked here
 * with the page's own engine compiled from the same policy document the worker uses.
 * Text typed in "try a post" stays in this page: it is neither stored nor sent.
 */
import type { RuleMeta, Severity } from '../shared/types';
import { SEVERITY_RANK, triplesToFindings } from '../shared/types';
import {
  builtInHosts,
  categoryKey,
  codeUrlOf,
  demoUrl,
  isDisabled,
  KNOWN_CATEGORIES,
  loadActivePolicy,
  normaliseHost,
  onStateChange,
  readState,
  safeLink,
  SEVERITY_KEY,
  writeUser,
  type ActivePolicy,
  withSite,
  type PageState,
} from './data';
import { extraSitePattern, requestExtraSitePermissions } from '../shared/extra-sites';
import { applyStatic, browserLang, currentLang, resolveLang, setLang, tr, type Lang } from './i18n';
import { $, el } from './dom';

const TRY_DEBOUNCE_MS = 120;
const LANG_NAMES: Record<Lang, string> = { en: 'English', nl: 'Nederlands' };

let state: PageState;
let policy: ActivePolicy | null = null;
let policyError: string | null = null;


function sevBadge(sev: Severity): HTMLElement {
  return el('span', { class: `sev ${sev}`, 'data-severity': sev }, tr(SEVERITY_KEY[sev]));
}

function fmtDate(ms: number): string {
  try {
    return new Date(ms).toLocaleString(currentLang() === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
  } catch {
    return new Date(ms).toISOString();
  }
}

// ---- policy ---------------------------------------------------------------------------------

function renderPolicy(): void {
  const body = $('policy-body');
  body.replaceChildren();
  if (!policy && !policyError) {
    body.append(el('p', { class: 'muted' }, tr('options_loading')));
    return;
  }
  const status = state.status;
  const source = status?.source ?? policy?.source ?? 'default';
  const info = policy?.info ?? null;

  const problem = status?.problem;
  if (problem) {
    const box = el('div', { class: 'problem', id: 'policy-problem', role: 'alert' });
    box.append(el('h3', {}, tr('options_problemTitle')));
    box.append(el('pre', { id: 'policy-problem-text' }, problem.message));
    box.append(el('p', {}, tr(source === 'last-good' ? 'options_problemLastGood' : 'options_problemDefault')));
    box.append(el('p', { class: 'muted small' }, tr('options_problemAdvice', [fmtDate(problem.at)])));
    body.append(box);
  }

  const head = el('p', { class: 'source' });
  const kindKey =
    source === 'managed' ? 'options_sourceManaged' : source === 'last-good' ? 'options_sourceLastGood' : 'options_sourceDefault';
  head.append(el('span', { class: 'kind', id: 'policy-source', 'data-source': source }, tr(kindKey)));
  body.append(head);

  const facts = el('dl', { class: 'facts' });
  const fact = (k: string, v: string, id: string) => {
    facts.append(el('dt', {}, tr(k)), el('dd', { id }, v));
  };
  const name =
    state.managed.policyName || status?.name || info?.name || (source === 'default' ? tr('options_defaultName') : '—');
  fact('options_policyName', name, 'policy-name');
  const version = status?.version || info?.version;
  if (version) fact('options_policyVersion', version, 'policy-version');
  fact('options_policyRules', String(status?.rules ?? info?.rules ?? 0), 'policy-rules');
  if (status?.activeSince) fact('options_policyActiveSince', fmtDate(status.activeSince), 'policy-since');
  body.append(facts);
  const code = codeUrlOf(state.effective, info);
  if (code) {
    const p = el('p');
    p.append(el('a', { href: code, target: '_blank', rel: 'noopener noreferrer', id: 'policy-code-link' }, tr('options_linkCode')));
    body.append(p);
  }

  if (policyError) body.append(el('p', { class: 'problem' }, tr('options_engineError', [policyError])));
  renderLinks();
}

function renderLinks(): void {
  const code = codeUrlOf(state.effective, policy?.info ?? null);
  $('code-link-item').hidden = !code;
  if (code) $<HTMLAnchorElement>('code-link').href = code;
  $<HTMLAnchorElement>('demo-link').href = demoUrl();
}

// ---- language -------------------------------------------------------------------------------

function renderLang(): void {
  $('lang-browser').textContent = tr('options_langBrowser', [LANG_NAMES[browserLang()]]);
  $<HTMLSelectElement>('lang').value = state.user.lang ?? '';
}

async function onLangChange(): Promise<void> {
  const v = $<HTMLSelectElement>('lang').value;
  const lang = v === 'en' || v === 'nl' ? v : undefined;
  state.user = await writeUser({ lang });
  state.effective = { ...state.effective, lang };
  await setLang(resolveLang(lang));
  renderAll();
}

// ---- sites ----------------------------------------------------------------------------------

interface SiteRow {
  host: string;
  origin: 'built-in' | 'user' | 'organisation' | 'disabled-only';
}

async function grantedHosts(): Promise<string[]> {
  try {
    const declared = new Set(chrome.runtime.getManifest().content_scripts?.flatMap((c) => c.matches ?? []) ?? []);
    const all = await chrome.permissions.getAll();
    return (all.origins ?? [])
      .filter((o) => !declared.has(o) && !o.includes('*.') && !/^\*|:\/\/\*\//.test(o))
      .map((o) => normaliseHost(o))
      .filter((h): h is string => !!h);
  } catch {
    return [];
  }
}

async function siteRows(): Promise<SiteRow[]> {
  const rows: SiteRow[] = [];
  const seen = new Set<string>();
  const add = (host: string | null, origin: SiteRow['origin']) => {
    if (!host || seen.has(host)) return;
    seen.add(host);
    rows.push({ host, origin });
  };
  for (const h of builtInHosts()) add(h, 'built-in');
  for (const s of state.effective.extraSites) add(normaliseHost(s.replace(/\/\*$/, '/').replace('*.', '')), 'organisation');
  for (const h of await grantedHosts()) add(h, 'user');
  for (const h of state.effective.disabledSites) if (!rows.some((r) => isDisabled([h], r.host))) add(normaliseHost(h), 'disabled-only');
  return rows;
}

/** IT's extra sites that still need the person's permission (the worker reports them). */
function renderOrgSites(): void {
  const ex = state.status?.extraSites;
  const need = ex?.needsPermission ?? [];
  $('org-sites').hidden = need.length === 0;
  const list = $('org-sites-list');
  list.replaceChildren(...need.map((p) => el('li', {}, normaliseHost(p.replace(/\/\*$/, '/').replace('*.', '')) ?? p)));
  const invalid = ex?.invalid ?? [];
  $('org-sites-invalid').hidden = invalid.length === 0;
  $('org-sites-invalid').textContent = invalid.length ? tr('options_orgSitesInvalid', [invalid.join(', ')]) : '';
}

function onAllowOrgSites(): void {
  const need = state.status?.extraSites?.needsPermission ?? [];
  // the permission prompt needs the click's user activation: nothing awaited before it
  requestExtraSitePermissions(need).then(
    () => void renderSites(),
    () => {},
  );
}

let sitesRender = 0;
async function renderSites(): Promise<void> {
  renderOrgSites();
  const locked = state.effective.locked;
  $('sites-locked').hidden = !locked;
  $('sites-editable').hidden = locked;
  if (locked) return;
  const ticket = ++sitesRender;
  const rows = await siteRows();
  if (ticket !== sitesRender) return;
  const disabled = state.effective.disabledSites;
  const list = $('site-list');
  const focusedHost = (document.activeElement as HTMLElement | null)?.dataset?.host;
  list.replaceChildren();
  for (const r of rows) {
    const li = el('li');
    const id = `site-${r.host.replace(/[^a-z0-9]/g, '-')}`;
    const input = el('input', { type: 'checkbox', role: 'switch', id, 'data-host': r.host }) as HTMLInputElement;
    input.checked = !isDisabled(disabled, r.host);
    input.addEventListener('change', () => void toggleSite(r.host, input.checked));
    const label = el('label', { for: id });
    label.append(input, el('span', { class: input.checked ? '' : 'off' }, r.host));
    li.append(label);
    if (r.origin === 'user') li.append(el('span', { class: 'tag' }, tr('options_siteAddedByYou')));
    if (r.origin === 'organisation') li.append(el('span', { class: 'tag' }, tr('options_siteAddedByOrg')));
    if (r.origin === 'user') {
      const rm = el('button', { type: 'button', class: 'remove', 'aria-label': tr('options_removeSite', [r.host]) }, tr('options_remove'));
      rm.addEventListener('click', () => void removeSite(r.host));
      li.append(rm);
    }
    list.append(li);
    if (focusedHost === r.host) input.focus();
  }
}

function announce(msg: string): void {
  $('add-msg').textContent = msg;
}

async function toggleSite(host: string, on: boolean): Promise<void> {
  state.user = await writeUser({ disabledSites: withSite(state.user.disabledSites ?? [], host, on) });
  state.effective = { ...state.effective, disabledSites: state.effective.locked ? [] : (state.user.disabledSites ?? []) };
  announce(tr(on ? 'options_siteNowOn' : 'options_siteNowOff', [host]));
  await renderSites();
}

function onAddSite(e: Event): void {
  e.preventDefault();
  const input = $<HTMLInputElement>('add-host');
  const host = normaliseHost(input.value);
  const pattern = extraSitePattern(input.value);
  if (!host || !pattern) {
    input.setAttribute('aria-invalid', 'true');
    announce(tr('options_addSiteInvalid'));
    return;
  }
  input.removeAttribute('aria-invalid');
  const enable = async () => {
    if (isDisabled(state.user.disabledSites ?? [], host)) await toggleSite(host, true);
    else await renderSites();
    announce(tr('options_addSiteDone', [host]));
    input.value = '';
  };
  if (builtInHosts().includes(host)) {
    void enable();
    return;
  }
  // the permission prompt needs the click's user activation: ask before any await
  requestExtraSitePermissions([pattern]).then(
    (granted) => (granted ? enable() : announce(tr('options_addSiteDenied', [host]))),
    () => announce(tr('options_addSiteDenied', [host])),
  );
}

async function removeSite(host: string): Promise<void> {
  try {
    await chrome.permissions.remove({ origins: [`https://${host}/*`] });
  } catch {
    // already gone
  }
  announce(tr('options_siteRemoved', [host]));
  await renderSites();
  $<HTMLInputElement>('add-host').focus();
}

// ---- rules ----------------------------------------------------------------------------------

function categoryName(cat: string): string {
  const key = categoryKey(cat);
  return key ? tr(key) : cat.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

function ruleItem(r: RuleMeta): HTMLLIElement {
  const li = el('li', { 'data-rule': r.id, id: `rule-${r.id}` }) as HTMLLIElement;
  const head = el('div', { class: 'rule-head' });
  head.append(sevBadge(r.severity), el('code', {}, r.id));
  if (r.origin === 'policy') head.append(el('span', { class: 'tag' }, tr('options_ruleFromPolicy')));
  li.append(head, el('p', { class: 'msg' }, r.message));
  if (r.tip) {
    const tip = el('p', { class: 'tip' });
    tip.append(el('strong', {}, tr('tipLabel')), document.createTextNode(' ' + r.tip));
    li.append(tip);
  }
  const link = safeLink(r.link);
  if (link) {
    const p = el('p');
    p.append(el('a', { href: link, target: '_blank', rel: 'noopener noreferrer' }, tr('options_ruleLink')));
    li.append(p);
  }
  return li;
}

function renderRules(): void {
  const body = $('rules-body');
  body.replaceChildren();
  if (!policy) {
    $('rules-intro').textContent = policyError ? tr('options_engineError', [policyError]) : tr('options_loading');
    return;
  }
  const rules = policy.rules(currentLang());
  $('rules-intro').textContent = tr('options_rulesIntro', [rules.length]);
  const groups = new Map<string, RuleMeta[]>();
  for (const r of rules) {
    const g = groups.get(r.category) ?? [];
    g.push(r);
    groups.set(r.category, g);
  }
  const known = KNOWN_CATEGORIES as readonly string[];
  const order = [...groups.keys()].sort((a, b) => {
    const ia = known.indexOf(a);
    const ib = known.indexOf(b);
    if (ia !== ib && (ia < 0 || ib < 0)) return ia < 0 ? 1 : -1;
    return ia !== ib ? ia - ib : a.localeCompare(b);
  });
  for (const cat of order) {
    const list = groups.get(cat)!;
    list.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.id.localeCompare(b.id));
    const hid = `cat-${cat.replace(/[^a-z0-9-]/gi, '-')}`;
    const section = el('section', { class: 'category', 'aria-labelledby': hid, 'data-category': cat });
    const h = el('h3', { id: hid });
    h.append(document.createTextNode(categoryName(cat) + ' '), el('span', { class: 'count' }, tr('options_ruleCount', [list.length])));
    const ul = el('ul', { class: 'rule-list' });
    for (const r of list) ul.append(ruleItem(r));
    section.append(h, ul);
    body.append(section);
  }
}

// ---- try a post -----------------------------------------------------------------------------

let tryTimer: number | undefined;

interface Shown {
  meta: RuleMeta;
  start: number;
  end: number;
}

/** The text with the flagged spans marked; overlapping spans take the worst severity. */
function preview(text: string, shown: Shown[]): DocumentFragment {
  const frag = document.createDocumentFragment();
  const cuts = new Set<number>([0, text.length]);
  for (const f of shown) cuts.add(f.start).add(f.end);
  const points = [...cuts].sort((a, b) => a - b);
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const part = text.slice(a, b);
    let worst: Severity | null = null;
    for (const f of shown) {
      if (f.start <= a && f.end >= b && (!worst || SEVERITY_RANK[f.meta.severity] > SEVERITY_RANK[worst])) worst = f.meta.severity;
    }
    frag.append(worst ? el('mark', { class: `f ${worst}` }, part) : document.createTextNode(part));
  }
  return frag;
}

function runTry(): void {
  const text = $<HTMLTextAreaElement>('try-text').value;
  const summary = $('try-summary');
  const list = $('try-findings');
  const prev = $('try-preview');
  list.replaceChildren();
  // for tests: how much text the shown results are for (a length, never text)
  list.dataset.checked = policy ? String(text.length) : '';
  if (!policy) {
    summary.textContent = policyError ? tr('options_engineError', [policyError]) : tr('options_loading');
    return;
  }
  if (text.trim() === '') {
    summary.textContent = tr('options_tryEmpty');
    summary.dataset.count = '';
    prev.hidden = true;
    return;
  }
  const rules = policy.rules(currentLang());
  const shown: Shown[] = [];
  for (const f of triplesToFindings(policy.checker.check(text, ''))) {
    const meta = rules[f.rule];
    if (meta) shown.push({ meta, start: f.start, end: f.end });
  }
  shown.sort((a, b) => a.start - b.start || SEVERITY_RANK[b.meta.severity] - SEVERITY_RANK[a.meta.severity]);
  summary.dataset.count = String(shown.length);
  summary.textContent =
    shown.length === 0 ? tr('options_tryNone') : shown.length === 1 ? tr('options_tryCountOne') : tr('options_tryCountOther', [shown.length]);
  prev.hidden = shown.length === 0;
  prev.replaceChildren(preview(text, shown));
  for (const f of shown) {
    const li = el('li', { 'data-rule': f.meta.id, 'data-severity': f.meta.severity });
    const head = el('div', { class: 'rule-head' });
    head.append(sevBadge(f.meta.severity), el('span', { class: 'quote' }, tr('quoted', [text.slice(f.start, f.end)])));
    li.append(head, el('p', { class: 'msg' }, f.meta.message));
    if (f.meta.tip) {
      const tip = el('p', { class: 'tip' });
      tip.append(el('strong', {}, tr('tipLabel')), document.createTextNode(' ' + f.meta.tip));
      li.append(tip);
    }
    const small = el('p', { class: 'muted small' });
    small.append(el('code', {}, f.meta.id), document.createTextNode(' · ' + categoryName(f.meta.category)));
    li.append(small);
    list.append(li);
  }
}

function scheduleTry(): void {
  clearTimeout(tryTimer);
  tryTimer = window.setTimeout(runTry, TRY_DEBOUNCE_MS);
}

// ---- wiring ---------------------------------------------------------------------------------

function renderAll(): void {
  applyStatic();
  document.title = tr('options_pageTitle');
  renderLang();
  renderPolicy();
  void renderSites();
  renderRules();
  runTry();
}

async function loadPolicy(): Promise<void> {
  try {
    const old = policy;
    policy = await loadActivePolicy();
    policyError = null;
    old?.checker.free();
  } catch (e) {
    policyError = e instanceof Error ? e.message || e.name : String(e);
  }
  renderPolicy();
  renderRules();
  runTry();
}

async function main(): Promise<void> {
  state = await readState();
  await setLang(resolveLang(state.user.lang));
  renderAll();
  $('lang').addEventListener('change', () => void onLangChange());
  $('add-site').addEventListener('submit', onAddSite);
  $('org-sites-allow').addEventListener('click', onAllowOrgSites);
  $('try-text').addEventListener('input', scheduleTry);
  await loadPolicy();
  $('main').removeAttribute('aria-busy');
  document.body.dataset.ready = '1';

  onStateChange(async (what) => {
    const before = state.user.lang;
    state = await readState();
    if (state.user.lang !== before) {
      await setLang(resolveLang(state.user.lang));
      renderAll();
    } else {
      renderLang();
      renderPolicy();
      void renderSites();
    }
    // the worker switched policies (IT pushed a new one, or it broke): compile the new one
    if (what === 'status' || what === 'managed') await loadPolicy();
  });
  chrome.permissions?.onAdded?.addListener(() => void renderSites());
  chrome.permissions?.onRemoved?.addListener(() => void renderSites());
}

void main();
