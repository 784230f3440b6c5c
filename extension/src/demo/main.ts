/**
 * The trainer demo: mock composers in which the real product runs. Importing content/main.ts
 * starts the content script's own controller on this page, so underlines, badge, popover, hold
 * dialog and post interception are the product's, not a copy (bundle.mjs explains the three
 * modules swapped for page versions). This file only drives the composers the way a person
 * would: it types into them, clears them, and shows what the scenario is about.
 *
 * Works inside the extension (demo.html) and as a standalone static site (scripts/build-demo):
 * every chrome.* use is guarded. Nothing is sent anywhere; posts land in a list on the page.
 */
import '../content/main';
import { trust } from '../content/trust';
import type { PolicyRequest, PolicyResponse } from '../shared/pages-protocol';
import type { ManagedConfig } from '../shared/state';
import type { Finding, RuleMeta } from '../shared/types';
import { compilePolicy, EXAMPLE_POLICY, getEngine, infoOf } from './engine';
import { lang, onLangChange, setLang, t, translatePage, type Lang } from './i18n';
import { announcePolicyChange, setDemoPolicy } from './policy-source';
import { CATEGORY_KEYS, SCENARIOS, type ComposerStyle, type Scenario } from './scenarios';

// Our own page: the demo types and posts for the presenter with script, and its tests read
// our UI through an open root (on sites, only a person's input counts and the root is closed).
trust.synthetic = true;
trust.openRoot = true;

type Mode = 'presenter' | 'free';
type PolicyId = 'example' | 'managed' | 'file';
interface LoadedPolicy {
  json: string;
  name: string;
  rules: number;
}

const $ = <T extends HTMLElement = HTMLElement>(sel: string) => document.querySelector(sel) as T;
const STYLE_KEYS: Record<ComposerStyle, string> = {
  microblog: 'demo_styleMicroblog',
  feed: 'demo_styleFeed',
  professional: 'demo_styleProfessional',
};
const MICROBLOG_LIMIT = 280;
/** Typing pace: readable from the back of a room, not so slow that the room waits. */
const CHAR_MS = 42;
const PAUSE_MS = 220;

const state = {
  mode: 'presenter' as Mode,
  filter: 'all' as 'all' | Lang,
  list: SCENARIOS,
  index: 0,
  revealed: false,
  typing: null as null | { finish: () => void; cancel: () => void },
  freeStyle: 'microblog' as ComposerStyle,
  policies: { example: { json: '', name: '', rules: 0 } } as Partial<Record<PolicyId, LoadedPolicy>>,
  freePolicy: 'example' as PolicyId,
};

const hasExtension = (() => {
  try {
    return typeof chrome !== 'undefined' && !!chrome.runtime?.id;
  } catch {
    return false;
  }
})();

// ---- composers ------------------------------------------------------------------------------

function article(style: ComposerStyle): HTMLElement {
  return $(`.composer[data-style=${style}]`);
}

function fieldOf(style: ComposerStyle): HTMLElement {
  return article(style).querySelector('textarea, .editable') as HTMLElement;
}

function currentStyle(): ComposerStyle {
  return state.mode === 'presenter' ? scenario()?.composer ?? 'microblog' : state.freeStyle;
}

function field(): HTMLElement {
  return fieldOf(currentStyle());
}

function textOf(f: HTMLElement): string {
  return f instanceof HTMLTextAreaElement ? f.value : (f.textContent ?? '');
}

function changed(f: HTMLElement, data: string | null, inputType: string): void {
  f.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType, data }));
  updateCount();
}

/** Appends text at the end, as typing would; the caret follows. */
function insert(f: HTMLElement, s: string): void {
  if (f instanceof HTMLTextAreaElement) {
    f.setRangeText(s, f.value.length, f.value.length, 'end');
    f.scrollTop = f.scrollHeight;
  } else {
    let node = f.lastChild;
    if (!(node instanceof Text)) {
      node = document.createTextNode('');
      f.append(node);
    }
    (node as Text).appendData(s);
    if (document.activeElement === f) getSelection()?.collapse(node, (node as Text).length);
  }
  changed(f, s, 'insertText');
}

function clear(f: HTMLElement): void {
  if (textOf(f) === '' && f.childNodes.length === 0) return;
  if (f instanceof HTMLTextAreaElement) f.value = '';
  else f.replaceChildren();
  changed(f, null, 'deleteContentBackward');
}

function updateCount(): void {
  const ta = fieldOf('microblog') as HTMLTextAreaElement;
  // grows with its text, like the sites' composers (the underline overlay follows: ResizeObserver)
  ta.style.height = 'auto';
  ta.style.height = `${ta.scrollHeight + 2}px`;
  const left = MICROBLOG_LIMIT - [...ta.value].length;
  const c = article('microblog').querySelector('.count') as HTMLElement;
  c.textContent = String(left);
  c.classList.toggle('over', left < 0);
}

function showComposer(style: ComposerStyle): void {
  for (const s of Object.keys(STYLE_KEYS) as ComposerStyle[]) article(s).hidden = s !== style;
  document.body.dataset.composer = style;
}

function focusComposer(): void {
  const f = field();
  if (document.activeElement !== f) f.focus({ preventScroll: true });
  if (!(f instanceof HTMLTextAreaElement) && f.lastChild) getSelection()?.collapse(f, f.childNodes.length);
}

/** The Post button: reached only when the real pre-post check lets the post through. */
function onPost(style: ComposerStyle): void {
  const f = fieldOf(style);
  const text = textOf(f).trim();
  if (!text) return;
  const li = document.createElement('li');
  const who = document.createElement('span');
  who.className = 'chip';
  who.textContent = t(STYLE_KEYS[style]);
  const p = document.createElement('p');
  p.textContent = text;
  li.append(who, p);
  $('#posted').prepend(li);
  document.body.dataset.posted = String(Number(document.body.dataset.posted ?? 0) + 1);
  announce(t('demo_announcePosted'));
  stopTyping();
  clear(f);
}

// ---- typing a post out ------------------------------------------------------------------------

function stopTyping(): void {
  state.typing?.cancel();
  state.typing = null;
  delete document.body.dataset.typing;
}

/** Types `text` into the composer character by character; `done` when all of it is in. */
function typeOut(text: string, done?: () => void): void {
  stopTyping();
  const f = field();
  focusComposer();
  clear(f);
  const chars = Array.from(text); // code points: never half an emoji
  let i = 0;
  let timer = 0;
  const finish = () => {
    clearTimeout(timer);
    if (i < chars.length) insert(f, chars.slice(i).join(''));
    i = chars.length;
    state.typing = null;
    delete document.body.dataset.typing;
    done?.();
  };
  const step = () => {
    if (i >= chars.length) return finish();
    const c = chars[i++];
    insert(f, c);
    timer = window.setTimeout(step, /[.,!?:;]/.test(c) ? PAUSE_MS : CHAR_MS);
  };
  state.typing = { finish, cancel: () => clearTimeout(timer) };
  document.body.dataset.typing = 'true';
  announce(t('demo_announceTyping'));
  step();
}

// ---- scenarios --------------------------------------------------------------------------------

function scenario(): Scenario | undefined {
  return state.list[state.index];
}

function applyFilter(keepId?: string): void {
  state.list = state.filter === 'all' ? SCENARIOS : SCENARIOS.filter((s) => s.lang === state.filter);
  const at = keepId ? state.list.findIndex((s) => s.id === keepId) : -1;
  state.index = Math.max(0, at);
  renderSelect();
}

function renderSelect(): void {
  const sel = $<HTMLSelectElement>('#sc-select');
  sel.replaceChildren(
    ...state.list.map((s, i) => {
      const o = document.createElement('option');
      o.value = String(i);
      o.textContent = `${i + 1}. ${s.title} (${s.lang.toUpperCase()})`;
      return o;
    }),
  );
  sel.value = String(state.index);
}

function renderScenario(): void {
  const s = scenario();
  if (!s) return;
  $('#sc-counter').textContent = t('demo_counter', [state.index + 1, state.list.length]);
  const langChip = $('#sc-lang');
  langChip.textContent = s.lang === 'nl' ? 'Nederlands' : 'English';
  const cat = $('#sc-cat');
  cat.textContent = t(CATEGORY_KEYS[s.category]);
  cat.dataset.category = s.category;
  $('#sc-style').textContent = t(STYLE_KEYS[s.composer]);
  const title = $('#sc-title');
  title.textContent = s.title;
  title.lang = s.lang;
  $<HTMLSelectElement>('#sc-select').value = String(state.index);
  document.body.dataset.scenario = s.id;
  showComposer(s.composer);
  for (const f of ['#rv-risky', '#rv-why', '#rv-better']) $(f).lang = s.lang;
  $('#btn-better').hidden = !s.better;
  if (state.revealed) void renderReveal();
}

function go(delta: number): void {
  if (!state.list.length) return;
  const next = Math.min(state.list.length - 1, Math.max(0, state.index + delta));
  if (next === state.index) return;
  select(next);
}

function select(index: number): void {
  reset(false);
  state.index = index;
  renderScenario();
  const s = scenario()!;
  history.replaceState(null, '', `#${s.id}`);
  announce(t('demo_announceScenario', [state.index + 1, state.list.length, s.title]));
}

/** Esc: an empty composer, nothing revealed, no typing. */
function reset(say = true): void {
  stopTyping();
  for (const s of Object.keys(STYLE_KEYS) as ComposerStyle[]) clear(fieldOf(s));
  hideReveal();
  if (say) announce(t('demo_announceReset'));
}

function hideReveal(): void {
  state.revealed = false;
  $('#reveal').hidden = true;
  $('#btn-reveal').setAttribute('aria-expanded', 'false');
  delete document.body.dataset.revealed;
  updateCount();
}

function severityLabel(r: RuleMeta): string {
  return t(r.severity === 'block' ? 'severityBlock' : r.severity === 'warn' ? 'severityWarn' : 'severityInfo');
}

async function renderReveal(): Promise<void> {
  const s = scenario();
  if (!s) return;
  const near = s.category === 'near-miss';
  $('#rv-risky-h').textContent = t('demo_revealRisky');
  $('#rv-why-h').textContent = t(near ? 'demo_revealPasses' : 'demo_revealWhy');
  $('#rv-risky').textContent = s.risky;
  $('#rv-why').textContent = s.why;
  $('#rv-better-card').hidden = !s.better;
  $('#rv-better').textContent = s.better ?? '';
  const ul = $('#rv-found');
  ul.replaceChildren();
  let engine;
  try {
    engine = await getEngine();
  } catch {
    return;
  }
  const text = s.text;
  const findings: Finding[] = engine.checkSync!(text, location.hostname);
  if (!findings.length) {
    const li = document.createElement('li');
    li.className = 'none';
    li.textContent = t('demo_revealNone');
    ul.append(li);
  }
  for (const f of findings) {
    const r = engine.rules[f.rule];
    if (!r) continue;
    const li = document.createElement('li');
    li.className = r.severity;
    const head = document.createElement('p');
    const sev = document.createElement('span');
    sev.className = `sev ${r.severity}`;
    sev.textContent = severityLabel(r);
    const ex = document.createElement('q');
    ex.lang = s.lang;
    ex.textContent = text.slice(f.start, f.end);
    const id = document.createElement('code');
    id.textContent = r.id;
    head.append(sev, ' ', ex, ' ', id);
    const msg = document.createElement('p');
    msg.className = 'msg';
    msg.textContent = r.message;
    li.append(head, msg);
    ul.append(li);
  }
}

function reveal(): void {
  if (!scenario()) return;
  state.revealed = true;
  $('#reveal').hidden = false;
  $('#btn-reveal').setAttribute('aria-expanded', 'true');
  document.body.dataset.revealed = 'true';
  void renderReveal().then(() => {
    document.body.dataset.revealed = 'done';
    updateCount();
    $('#reveal').scrollIntoView({ block: 'nearest' });
  });
  announce(t('demo_announceRevealed'));
}

// ---- modes ------------------------------------------------------------------------------------

function setMode(mode: Mode): void {
  reset(false);
  state.mode = mode;
  document.body.dataset.mode = mode;
  $('#mode-presenter').setAttribute('aria-pressed', String(mode === 'presenter'));
  $('#mode-free').setAttribute('aria-pressed', String(mode === 'free'));
  $('#presenter-bar').hidden = mode !== 'presenter';
  $('#presenter-buttons').hidden = mode !== 'presenter';
  $('#keys').hidden = mode !== 'presenter';
  $('#free-bar').hidden = mode !== 'free';
  if (mode === 'presenter') renderScenario();
  else {
    showComposer(state.freeStyle);
    focusComposer();
  }
  applyPolicy();
}

// ---- policies ---------------------------------------------------------------------------------

function policyLabel(id: PolicyId): string {
  const p = state.policies[id];
  if (id === 'example' || !p) return t('demo_policyExample');
  return t(id === 'managed' ? 'demo_policyManaged' : 'demo_policyFile', [p.name]);
}

/** Scenarios always run with the example organisation; free mode with the trainer's choice. */
function applyPolicy(): void {
  const id: PolicyId = state.mode === 'presenter' ? 'example' : state.freePolicy;
  setDemoPolicy(id === 'example' ? '' : (state.policies[id]?.json ?? ''));
  renderPolicySummary();
  document.body.dataset.policy = id;
}

function renderPolicySummary(): void {
  const id: PolicyId = state.mode === 'presenter' ? 'example' : state.freePolicy;
  $('#policy-summary').textContent = id === 'example' ? t('demo_policyExampleShort') : policyLabel(id);
}

function renderPolicyChoices(): void {
  const box = $('#policy-choices');
  box.replaceChildren();
  for (const id of ['example', 'managed', 'file'] as PolicyId[]) {
    const p = state.policies[id];
    if (!p) continue;
    const label = document.createElement('label');
    const input = document.createElement('input');
    input.type = 'radio';
    input.name = 'policy';
    input.value = id;
    input.checked = state.freePolicy === id;
    input.addEventListener('change', () => {
      state.freePolicy = id;
      applyPolicy();
    });
    const text = id === 'example' ? policyLabel(id) : `${policyLabel(id)} (${t('demo_policyRules', [p.rules])})`;
    label.append(input, ' ', text);
    box.append(label);
  }
}

function showPolicyError(title: string, message: string): void {
  const box = $('#policy-error');
  box.replaceChildren();
  const p = document.createElement('p');
  p.className = 'error-title';
  p.textContent = title;
  const ul = document.createElement('ul');
  for (const line of message.split('\n').filter((l) => l.trim())) {
    const li = document.createElement('li');
    // "rules[2].match.terms (line 14, column 9): …": the location first, in bold
    const m = /^(.*?(?:\(line \d+, column \d+\))?):\s(.*)$/s.exec(line);
    if (m) {
      const where = document.createElement('strong');
      where.textContent = m[1];
      li.append(where, ': ', m[2]);
    } else li.textContent = line;
    ul.append(li);
  }
  box.append(p, ul);
  document.body.dataset.policyError = 'true';
}

async function loadPolicy(id: 'managed' | 'file', json: string, fallbackName: string): Promise<boolean> {
  $('#policy-error').replaceChildren();
  delete document.body.dataset.policyError;
  try {
    const checker = await compilePolicy(json);
    const info = infoOf(checker);
    checker.free();
    state.policies[id] = { json, name: info.name || fallbackName, rules: info.rules };
    return true;
  } catch (e) {
    const title = id === 'file' ? t('demo_policyError', [fallbackName]) : t('demo_policyManagedError');
    showPolicyError(title, e instanceof Error ? e.message : String(e));
    return false;
  }
}

async function onPolicyFile(input: HTMLInputElement): Promise<void> {
  const file = input.files?.[0];
  if (!file) return;
  $('#policy-status').textContent = '';
  let json: string;
  try {
    json = await file.text();
  } catch {
    showPolicyError(t('demo_policyError', [file.name]), t('demo_policyUnreadable'));
    return;
  }
  if (await loadPolicy('file', json, file.name)) {
    state.freePolicy = 'file';
    renderPolicyChoices();
    applyPolicy();
    const p = state.policies.file!;
    $('#policy-status').textContent = t('demo_policyLoaded', [p.name, p.rules]);
  }
  input.value = '';
}

/** In the extension: the organisation's own policy, as the worker checks with it
 * (`composure:policy`, shared/pages-protocol.ts); where the worker does not answer, managed storage. */
async function loadManaged(): Promise<void> {
  if (!hasExtension) return;
  let json = '';
  let name = '';
  try {
    const r = (await Promise.race([
      chrome.runtime.sendMessage({ type: 'composure:policy' } satisfies PolicyRequest),
      new Promise<null>((ok) => setTimeout(() => ok(null), 1500)),
    ])) as PolicyResponse | null | undefined;
    if (r?.ok && r.source !== 'default') json = r.policy;
  } catch {
    // no worker answer: read managed storage ourselves
  }
  try {
    const m = (await chrome.storage.managed.get(['policy', 'policyName'])) as ManagedConfig;
    if (!json.trim() && typeof m.policy === 'string') json = m.policy;
    if (typeof m.policyName === 'string') name = m.policyName;
  } catch {
    // no managed storage (Firefox without policies)
  }
  if (!json.trim()) return;
  if (await loadPolicy('managed', json, name || 'managed')) {
    if (name) state.policies.managed!.name = name;
    if (state.freePolicy === 'example') state.freePolicy = 'managed';
    renderPolicyChoices();
    applyPolicy();
  }
}

// ---- keyboard, full screen, language -------------------------------------------------------------

function announce(msg: string): void {
  const a = $('#announce');
  a.textContent = '';
  requestAnimationFrame(() => (a.textContent = msg));
}

/** Our UI's host (composure-ui-<random>, see content/ui.ts; on this page its root is open). */
function isOurHost(n: EventTarget): n is HTMLElement {
  return n instanceof HTMLElement && n.localName.startsWith('composure-ui-');
}

function holdDialogOpen(): boolean {
  const host = Array.from(document.body.children).find(isOurHost);
  const st = host?.shadowRoot?.querySelector('.state') as HTMLElement | null | undefined;
  return st?.dataset.dialog === 'open';
}

function toggleFullscreen(): void {
  if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
  else void document.documentElement.requestFullscreen?.().catch(() => {});
}

function typeScenario(): void {
  const s = scenario();
  if (!s) return;
  if (state.typing) state.typing.finish();
  else {
    hideReveal();
    typeOut(s.text);
  }
}

function typeBetter(): void {
  const s = scenario();
  if (!s?.better) return;
  typeOut(s.better);
}

function post(): void {
  focusComposer();
  state.typing?.finish();
  (article(currentStyle()).querySelector('button.post') as HTMLButtonElement).click();
}

function onKey(e: KeyboardEvent): void {
  if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.isComposing) return;
  // our own UI (popover, hold dialog) handles its keys
  if (e.composedPath().some(isOurHost) || holdDialogOpen()) return;
  const target = e.target instanceof Element ? e.target : null;
  const inComposer = !!target?.closest('.composer');
  const inControl = !inComposer && !!target?.closest('input, select, textarea, button, summary, a, [contenteditable]');
  const key = e.key;
  if ((key === 'f' || key === 'F') && !inControl && !(inComposer && state.mode === 'free')) {
    e.preventDefault();
    toggleFullscreen();
    return;
  }
  if (state.mode !== 'presenter') return;
  const act = (fn: () => void) => {
    e.preventDefault();
    e.stopPropagation();
    fn();
  };
  // clicker remotes send PageDown/PageUp: honoured wherever the focus is
  if (key === 'PageDown') return act(() => go(1));
  if (key === 'PageUp') return act(() => go(-1));
  if (key === 'Escape') return act(() => reset());
  if (inControl) return;
  switch (key) {
    case 'ArrowRight': return act(() => go(1));
    case 'ArrowLeft': return act(() => go(-1));
    case ' ': return act(typeScenario);
    case 'Enter': return act(() => (state.revealed ? hideReveal() : reveal()));
    case 'b': case 'B': return act(typeBetter);
    case 'p': case 'P': return act(post);
  }
}

function onLanguage(): void {
  translatePage();
  $<HTMLSelectElement>('#lang').value = lang();
  renderPolicyChoices();
  renderPolicySummary();
  renderScenario();
  // rule texts (popover, hold dialog) come from the engine in the page's language: rebuild it
  announcePolicyChange();
}

// ---- start ------------------------------------------------------------------------------------

function start(): void {
  translatePage();
  $<HTMLSelectElement>('#lang').value = lang();
  $<HTMLSelectElement>('#lang').addEventListener('change', (e) => setLang((e.target as HTMLSelectElement).value as Lang));
  onLangChange(onLanguage);

  // deep links: demo.html#cr-wifi opens that scenario; #free opens free mode
  const hash = decodeURIComponent(location.hash.slice(1));
  const linked = SCENARIOS.find((s) => s.id === hash);
  state.filter = linked ? 'all' : lang();
  $<HTMLSelectElement>('#sc-filter').value = state.filter;
  applyFilter(linked?.id);

  $('#sc-select').addEventListener('change', (e) => select(Number((e.target as HTMLSelectElement).value)));
  $('#sc-filter').addEventListener('change', (e) => {
    state.filter = (e.target as HTMLSelectElement).value as 'all' | Lang;
    const keep = scenario()?.id;
    reset(false);
    applyFilter(keep);
    renderScenario();
  });
  $('#btn-prev').addEventListener('click', () => go(-1));
  $('#btn-next').addEventListener('click', () => go(1));
  $('#btn-type').addEventListener('click', typeScenario);
  $('#btn-reveal').addEventListener('click', () => (state.revealed ? hideReveal() : reveal()));
  $('#btn-better').addEventListener('click', typeBetter);
  $('#btn-reset').addEventListener('click', () => reset());
  $('#mode-presenter').addEventListener('click', () => setMode('presenter'));
  $('#mode-free').addEventListener('click', () => setMode('free'));
  for (const r of Array.from(document.querySelectorAll<HTMLInputElement>('input[name=style]'))) {
    r.addEventListener('change', () => {
      if (!r.checked) return;
      reset(false);
      state.freeStyle = r.value as ComposerStyle;
      showComposer(state.freeStyle);
      focusComposer();
    });
  }
  for (const s of Object.keys(STYLE_KEYS) as ComposerStyle[]) {
    article(s).querySelector('button.post')!.addEventListener('click', () => onPost(s));
  }
  fieldOf('microblog').addEventListener('input', updateCount);
  updateCount();
  $('#fullscreen').addEventListener('click', toggleFullscreen);
  document.addEventListener('fullscreenchange', () => {
    const on = !!document.fullscreenElement;
    $('#fullscreen').setAttribute('aria-pressed', String(on));
    document.body.classList.toggle('fullscreen', on);
  });
  $<HTMLInputElement>('#policy-file').addEventListener('change', (e) => void onPolicyFile(e.target as HTMLInputElement));
  addEventListener('keydown', onKey, true);

  renderPolicyChoices();
  setMode(hash === 'free' ? 'free' : 'presenter');

  const status = $('#engine-status');
  status.textContent = t('demo_loading');
  getEngine().then(
    (engine) => {
      status.textContent = '';
      document.body.dataset.engine = 'ready';
      state.policies.example!.rules = engine.rules.length;
      state.policies.example!.json = EXAMPLE_POLICY;
    },
    (e: unknown) => {
      status.textContent = t('demo_engineError', [e instanceof Error ? e.message : String(e)]);
      document.body.dataset.engine = 'failed';
    },
  );
  void loadManaged();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
