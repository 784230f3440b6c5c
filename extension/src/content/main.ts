/**
 * Content script: finds the compose box the person is typing in, checks its text with the
 * engine, underlines what the social media code flags, and holds a post with a `block` finding
 * until the person confirms.
 *
 * Ground rules (see shared/docs/compose-boxes.md): we never write into the editor's DOM or
 * value; only the focused composer is checked, debounced; nothing polls; post text is never
 * logged or stored; and if our code fails, the post goes through.
 *
 * The page must neither read nor drive us (trust.ts): we check only text the person produced,
 * hold only their own post actions, show nothing the page can read, and post only the text the
 * person saw checked.
 */
import type { Finding, ModelFinding, Severity } from '../shared/types';
import { quadsToFindings, SEVERITY_RANK } from '../shared/types';
import type { EffectiveSettings } from '../shared/state';
import { onPolicyChange } from '../shared/policy-source';
import { composedContains, composerFor, type ComposerKind } from './composers';
import { getConfig, resetConfig, send } from './config';
import { getEngine, onEngineUpgrade, resetEngine, StaleRevision, type Engine } from './engine-client';
import { ignoredFindings } from './ignored';
import { clickableIn, findPostControl, isPostControl, siteName } from './sites';
import { capText, offsetOf, pointAt, readEditable, readTextarea, type TextModel } from './text-model';
import { trust, TRUST_MS } from './trust';
import { focusedIn, selectionIn } from './selection';
import { passagesOf, withoutRepeats } from './passages';
import { remap } from './remap';
import { Ui, type HoldChoice, type ShownFinding, type ShownPassage } from './ui';
import { EditableUnderliner, TextareaUnderliner, type Mark, type Underliner } from './underlines';
import './status';

const DEBOUNCE_MS = 200;
/** Longest prefix checked per keystroke (UTF-16 code units). A post is checked whole when it
 * is posted, however long. */
const MAX_CHECKED = 20_000;
const CACHE_SIZE = 64;
/** How long a post sent before the engine is ready waits for it (right after the browser
 * starts, the worker compiles the policy first); past this it goes through unchecked. */
const ENGINE_WAIT_MS = 4000;
/** The sentence model (background/model.ts) is asked about a text this long after its rules
 * check settled, and only about the latest text: it costs the worker tens of milliseconds a
 * post, so not every pause in typing is worth one. */
const MODEL_DEBOUNCE_MS = 400;
/** How long a post waits for a model verdict still to come (the first one loads the model, a
 * second or more); past this it is decided with the rules' findings alone. */
const MODEL_WAIT_MS = 1500;
const MODEL_CACHE_SIZE = 16;
/** The model reads at most this much of a post (UTF-16 code units): its cost grows with the
 * length (0.16-0.24 s at 5,000 characters in Chromium's worker, see README) and the worker does
 * nothing else meanwhile. The rules read all of it. */
const MODEL_MAX_CHARS = 5000;

interface Active {
  el: HTMLElement;
  kind: ComposerKind;
  underliner: Underliner;
  model: TextModel;
  /** Findings for `findingsText` (the capped text they were computed for, remapped across edits). */
  findings: Finding[];
  findingsText: string | null;
  /** The sentence model's findings, remapped across edits like `findings`; `modelFor` is the
   * exact text they were computed for (null: none yet). */
  modelFindings: ModelFinding[];
  modelFor: string | null;
  modelTimer: number | undefined;
  /** The text as of the person's last input: the only text we check unasked (trust.ts). */
  trustedText: string | null;
  timer: number | undefined;
  ro: ResizeObserver;
}

type PostAction =
  | { kind: 'click'; control: HTMLElement }
  | { kind: 'key'; target: Element; ctrl: boolean; meta: boolean }
  | { kind: 'submit'; form: HTMLFormElement; submitter: HTMLElement | null };

/** A selection as offsets in our text model: survives editors re-rendering their text nodes. */
type SavedSelection = { start: number; end: number; dir: 'forward' | 'backward' | 'none' } | null;

class Controller {
  private ui: Ui | null = null;
  private active: Active | null = null;
  private engine: Engine | null = null;
  private engineFailed = false;
  /** The engine once loaded (null if it failed or the site is off), while loading. */
  private engineReady: Promise<Engine | null> | null = null;
  private upgradeHooked = false;
  /** Effective settings from the worker (managed over the user's); null until first asked. */
  private settings: EffectiveSettings | null = null;
  private configSeq = 0;
  private cache = new Map<string, Finding[]>();
  /** Model verdicts by text, for this configuration. */
  private modelCache = new Map<string, ModelFinding[]>();
  /** The model verdict last asked for and not yet in (a post of that text waits for it). */
  private modelPending: { text: string; done: Promise<void> } | null = null;
  /** The worker could not run the model (no file, no memory): not asked again until the
   * configuration changes; the rules go on alone. */
  private modelOff = false;
  private warnedText: string | null = null;
  private bypass: HTMLElement | null = null;
  private holding = false;
  /** The person's last own input (a trusted event): where and when. A change of the text counts
   * as theirs only shortly after their input in that very composer (trust.ts). */
  private lastPersonal: { target: EventTarget | null; at: number } = { target: null, at: -Infinity };
  /** A person's Tab is moving the focus (this task). */
  private tabbing = false;
  /** A person's click or key is being dispatched (this task): a `submit` now is theirs. */
  private gesture = false;
  private placeQueued = false;
  /** The last selection inside the active contenteditable (a click on "Post" may move it). */
  private lastSelection: SavedSelection = null;
  private readonly site = location.hostname;
  private readonly mo = new MutationObserver((recs) => this.guard(() => this.onMutations(recs)));

  start(): void {
    const opts = { capture: true };
    for (const type of ['keydown', 'beforeinput', 'input', 'paste', 'drop', 'cut', 'compositionend', 'pointerdown', 'mousedown', 'click']) {
      addEventListener(type, (e) => this.onPersonal(e), opts);
    }
    addEventListener('focusin', (e) => this.guard(() => this.onFocusIn(e)), opts);
    addEventListener('input', (e) => this.guard(() => this.onInput(e)), opts);
    addEventListener('click', (e) => this.guard(() => this.onClick(e)), opts);
    addEventListener('keydown', (e) => this.guard(() => this.onKeyDown(e)), opts);
    addEventListener('submit', (e) => this.guard(() => this.onSubmit(e)), opts);
    addEventListener('scroll', () => this.queuePlace(), { capture: true, passive: true });
    addEventListener('resize', () => this.queuePlace(), { passive: true });
    document.addEventListener('selectionchange', () => this.guard(() => this.onSelectionChange()));
    this.observeDocument();
    // settings and policy are asked for when a composer gets focus (loadEngine), not per frame
    onPolicyChange(() => this.guard(() => this.reloadConfig()));
    const focused = document.activeElement;
    if (focused && focused !== document.body) this.guard(() => this.consider(focused));
  }

  /** Notes a person's own input (never a script's): see trust.ts. */
  private onPersonal(e: Event): void {
    if (!e.isTrusted) return;
    this.lastPersonal = { target: e.composedPath()[0] ?? e.target, at: performance.now() };
    if (e.type === 'click' || e.type === 'keydown') {
      this.gesture = true;
      if (e.type === 'keydown' && (e as KeyboardEvent).key === 'Tab') this.tabbing = true;
      setTimeout(() => (this.gesture = this.tabbing = false), 0);
    }
  }

  /** Whether the person's own input in `el` just happened (so a change there is theirs). */
  private personal(el: HTMLElement): boolean {
    if (trust.synthetic) return true;
    const { target, at } = this.lastPersonal;
    return performance.now() - at <= TRUST_MS && target instanceof Node && composedContains(el, target);
  }

  /** Our failures must never break the page or hold a post. */
  private guard(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      // no post text here: only the error's name
      console.warn('Composure: internal error', e instanceof Error ? e.name : typeof e);
    }
  }

  private observeDocument(): void {
    this.mo.disconnect();
    this.mo.observe(document, { childList: true, subtree: true });
    if (this.active?.kind === 'editable') {
      this.mo.observe(this.active.el, { childList: true, subtree: true, characterData: true });
    }
  }

  // ---- finding and following the composer -------------------------------------------------

  private onFocusIn(e: Event): void {
    const path = e.composedPath();
    if (this.ui && path.includes(this.ui.host)) return;
    this.consider(path[0] ?? e.target);
  }

  // ---- policy and settings ------------------------------------------------------------------

  /** The user turned Composure off for this site (never when IT locked the settings). */
  private get disabled(): boolean {
    const s = this.settings;
    if (!s || s.locked || s.disabledSites.length === 0) return false;
    const hosts = [location.hostname];
    // the tab's site, for composers in frames (Chromium tells; elsewhere the frame's own host)
    const top = location.ancestorOrigins?.[location.ancestorOrigins.length - 1];
    if (top) {
      try {
        hosts.push(new URL(top).hostname);
      } catch {
        // an opaque origin: the frame's host only
      }
    }
    return s.disabledSites.some((d) => {
      const site = d.toLowerCase();
      return hosts.some((h) => h === site || h.endsWith('.' + site));
    });
  }

  /** Effective settings from the worker. Where there is no worker to ask (the trainer demo
   * page), the defaults: checking on, "Post anyway" offered. */
  private loadSettings(): Promise<void> {
    const seq = this.configSeq;
    return getConfig().then(
      (cfg) => {
        if (seq === this.configSeq) this.settings = cfg.settings;
      },
      () => {},
    );
  }

  /** The policy or the settings may have changed (see onPolicyChange): forget both; a frame
   * with an active composer asks the worker again at once, others when a composer gets focus. */
  private reloadConfig(): void {
    ++this.configSeq;
    resetConfig();
    resetEngine();
    this.settings = null;
    this.engine = null;
    this.engineFailed = false;
    this.cache.clear();
    this.modelCache.clear();
    this.modelPending = null;
    this.modelOff = false;
    if (this.active) {
      this.active.modelFindings = [];
      this.active.modelFor = null;
    }
    if (this.active) this.loadEngine();
    else {
      const focused = document.activeElement;
      if (focused && focused !== document.body) this.consider(focused);
    }
  }

  private consider(target: EventTarget | null): void {
    if (this.disabled) return;
    const c = composerFor(target);
    if (c && c.el !== this.active?.el) this.activate(c.el, c.kind);
  }

  private activate(el: HTMLElement, kind: ComposerKind): void {
    this.deactivate();
    if (!this.ui) {
      this.ui = new Ui({ onIgnore: (keys) => this.guard(() => this.ignore(keys)) }, trust.openRoot);
      if (this.engine) this.ui.setEngineMode(this.engine.mode);
      this.ui.setState('site', siteName(location, document));
    }
    this.ui.mount(el);
    const underliner =
      kind === 'textarea'
        ? new TextareaUnderliner(el as HTMLTextAreaElement, this.ui.layer)
        : new EditableUnderliner(el, this.ui.layer);
    const ro = new ResizeObserver(() => this.queuePlace());
    ro.observe(el);
    const model = this.read(el, kind);
    // text already there is checked when the person brought the focus here (a click, a key)
    const trustedText = this.personal(el) || this.tabbing ? model.text : null;
    this.active = {
      el, kind, underliner, model, findings: [], findingsText: null,
      modelFindings: [], modelFor: null, modelTimer: undefined, trustedText, timer: undefined, ro,
    };
    ignoredFindings.clear();
    this.warnedText = null;
    this.observeDocument();
    this.render();
    this.loadEngine();
    this.scheduleCheck(0);
  }

  private deactivate(): void {
    const a = this.active;
    if (!a) return;
    clearTimeout(a.timer);
    clearTimeout(a.modelTimer);
    a.ro.disconnect();
    a.underliner.clear();
    a.underliner.destroy();
    this.active = null;
    this.ui?.setFindings([]);
    this.observeDocument();
  }

  private loadEngine(): void {
    if (this.engine || this.engineFailed) return;
    if (!this.upgradeHooked) {
      this.upgradeHooked = true;
      onEngineUpgrade((engine) =>
        this.guard(() => {
          if (engine !== this.engine) return;
          this.ui?.setEngineMode(engine.mode);
          this.scheduleCheck(0);
        }),
      );
    }
    const seq = this.configSeq;
    this.engineReady = Promise.all([getEngine(), this.loadSettings()]).then(
      ([engine]) => {
        if (seq !== this.configSeq) return null; // the configuration changed meanwhile
        if (this.disabled) {
          this.ui?.setState('off', 1); // turned off here: tests wait on this decision
          this.deactivate();
          return null;
        }
        this.engine = engine;
        this.ui?.setEngineMode(engine.mode);
        this.scheduleCheck(0);
        return engine;
      },
      () => {
        this.engineFailed = true; // no engine: we stay out of the way
        return null;
      },
    );
  }

  private onMutations(recs: MutationRecord[]): void {
    const a = this.active;
    if (!a) return;
    if (this.ui && !this.ui.host.isConnected) {
      // the page removed our UI: whatever was open closes (a hold settles as "Edit post"), and
      // the UI comes back
      this.ui.count('remounts');
      this.ui.detached();
      this.ui.mount(a.el);
    }
    if (!a.el.isConnected) {
      this.deactivate();
      return;
    }
    if (a.kind === 'editable' && recs.some((r) => a.el.contains(r.target))) this.onChange();
  }

  private onInput(e: Event): void {
    const a = this.active;
    if (a && composedContains(a.el, (e.composedPath()[0] as Node) ?? null)) this.onChange();
  }

  private read(el: HTMLElement, kind: ComposerKind): TextModel {
    return kind === 'textarea' ? readTextarea(el as HTMLTextAreaElement) : readEditable(el);
  }

  /** The text changed: move or drop findings across the edit at once, check again later. */
  private onChange(): void {
    const a = this.active;
    if (!a) return;
    const model = this.read(a.el, a.kind);
    const old = a.model.text;
    a.model = model;
    if (model.text !== old) {
      this.ui?.setState('fresh', 0); // the findings are not for this text (tests wait on this)
      if (a.findingsText !== null) {
        a.findings = remap(a.findings, old, model.text);
        a.findingsText = capText(model.text, MAX_CHECKED);
      }
      a.modelFindings = remap(a.modelFindings, old, model.text) as ModelFinding[];
      if (model.text.trim() === '') {
        ignoredFindings.clear();
        this.warnedText = null;
      }
      if (this.personal(a.el)) {
        a.trustedText = model.text;
        this.scheduleCheck(DEBOUNCE_MS);
      } else {
        // a script changed the text: the findings move with it (above), but nothing is checked
        // until the person types again (tests wait on this counter for the decision)
        this.ui?.count('declined');
      }
    }
    this.render();
  }

  private scheduleCheck(delay: number): void {
    const a = this.active;
    if (!a) return;
    clearTimeout(a.timer);
    a.timer = window.setTimeout(() => this.guard(() => this.runCheck()), delay);
  }

  private cached(text: string): Finding[] | undefined {
    const f = this.cache.get(text);
    if (f) {
      this.cache.delete(text);
      this.cache.set(text, f);
    }
    return f;
  }

  private remember(text: string, findings: Finding[]): void {
    this.cache.set(text, findings);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
  }

  /** Findings for `text` now, if they can be had without waiting: the page engine checks
   * synchronously; with the background engine only a result for this exact text will do. */
  private findingsNow(text: string): Finding[] | undefined {
    const hit = this.cached(text);
    if (hit) return hit;
    if (this.engine?.checkSync) {
      const f = this.engine.checkSync(text, this.site);
      this.remember(text, f);
      return f;
    }
    return undefined;
  }

  private runCheck(): void {
    const a = this.active;
    const engine = this.engine;
    if (!a || !engine) return;
    if (a.model.text !== a.trustedText) return; // not the person's text (trust.ts)
    const text = capText(a.model.text, MAX_CHECKED);
    const now = this.findingsNow(text);
    if (now) {
      this.apply(a, text, now);
      return;
    }
    engine.check(text, this.site).then(
      (f) =>
        this.guard(() => {
          this.remember(text, f);
          if (this.active === a && capText(a.model.text, MAX_CHECKED) === text) this.apply(a, text, f);
        }),
      (e: unknown) => {
        // the worker checks with another policy now: drop this answer, load the new policy
        if (e instanceof StaleRevision) this.guard(() => this.reloadConfig());
        else this.ui?.setState('engineError', e instanceof Error ? e.message.slice(0, 80) : 'error');
      },
    );
  }

  private apply(a: Active, text: string, findings: Finding[]): void {
    a.findings = findings;
    a.findingsText = text;
    // for tests and diagnostics, inside our closed root: how much text the last check covered
    // (a length, never text) and how many checks were shown
    this.ui?.setState('checked', text.length);
    this.ui?.setState('fresh', a.model.text === text || capText(a.model.text, MAX_CHECKED) === text ? 1 : 0);
    this.ui?.count('checks');
    this.render();
    this.ui?.setState('shownAt', performance.now().toFixed(1)); // when it was drawn (the benchmark reads it)
    this.scheduleModel(a, text);
  }

  // ---- the sentence model (in the worker, after the rules) ----------------------------------

  /** The rules' findings for `text` are shown: ask the model about it a little later, unless
   * it answered for this text already. */
  private scheduleModel(a: Active, text: string): void {
    clearTimeout(a.modelTimer);
    if (this.modelOff || !this.engine?.model || a.modelFor === text) return;
    const known = this.modelCache.get(text);
    if (known) {
      this.applyModel(a, text, known);
      return;
    }
    a.modelTimer = window.setTimeout(() => this.guard(() => void this.askModel(a, text)), MODEL_DEBOUNCE_MS);
  }

  /** Asks the worker for the model's verdict on `text`; settles when it is in (or failed). An
   * answer for a text or policy that is no longer current is kept for its text but not shown. */
  private askModel(a: Active, text: string): Promise<void> {
    if (this.modelPending?.text === text) return this.modelPending.done;
    const engine = this.engine;
    if (!engine?.model || this.modelOff || text.trim() === '') return Promise.resolve();
    const revision = engine.revision;
    const seq = this.configSeq;
    const done = send({ type: 'composure:model-check', text: capText(text, MODEL_MAX_CHARS), site: this.site, revision }).then(
      (res) =>
        this.guard(() => {
          if (seq !== this.configSeq || !res.ok) return;
          if (res.stale) {
            this.reloadConfig(); // the worker checks with another policy now
            return;
          }
          const found = quadsToFindings(res.quads ?? []);
          this.modelCache.set(text, found);
          if (this.modelCache.size > MODEL_CACHE_SIZE) this.modelCache.delete(this.modelCache.keys().next().value as string);
          // for the benchmark and diagnostics: how long the worker took (never any text)
          this.ui?.setState('modelMs', (res.modelMs ?? 0).toFixed(1));
          if (res.loadMs !== undefined) this.ui?.setState('modelLoadMs', res.loadMs.toFixed(0));
          if (this.engine?.revision === revision && this.active === a) this.applyModel(a, text, found);
        }),
      (e: unknown) => {
        if (seq !== this.configSeq) return;
        // no model in the worker (file missing, out of memory): the rules go on alone
        this.modelOff = true;
        this.ui?.setState('modelError', e instanceof Error ? e.message.slice(0, 80) : 'error');
      },
    );
    const pending = { text, done };
    this.modelPending = pending;
    void done.finally(() => {
      if (this.modelPending === pending) this.modelPending = null;
    });
    return done;
  }

  private applyModel(a: Active, text: string, found: ModelFinding[]): void {
    if (capText(a.model.text, MAX_CHECKED) !== text && a.model.text !== text) return; // an older text
    a.modelFindings = found;
    a.modelFor = text;
    this.ui?.count('modelChecks');
    this.render();
  }

  /** Whether a post of `text` should wait for the model's verdict on it: not when the rules
   * hold it already (the model cannot make that milder), nor when there is no model. */
  private modelDue(a: Active, text: string): boolean {
    if (this.modelOff || !this.engine?.model || a.modelFor === text || text.trim() === '') return false;
    return !this.shown().some((f) => f.meta.severity === 'block');
  }

  /** Decides about a post once the model's verdict on `text` is in, or MODEL_WAIT_MS passed:
   * then with what there is. With `e`, the action is still in flight and is held meanwhile. */
  private decideWithModel(a: Active, text: string, e: Event | null, action: PostAction): void {
    if (!this.modelDue(a, text)) {
      this.decide(a, text, e, action);
      return;
    }
    const known = this.modelCache.get(text);
    if (known) {
      this.applyModel(a, text, known);
      this.decide(a, text, e, action);
      return;
    }
    if (e) this.hold(e);
    this.holding = true;
    this.ui?.count('modelWaits');
    clearTimeout(a.modelTimer);
    const bound = new Promise<void>((ok) => setTimeout(ok, MODEL_WAIT_MS));
    Promise.race([this.askModel(a, text), bound]).then(() => {
      this.holding = false; // first: whatever fails below, later posts are not held by this one
      this.guard(() => {
        if (this.active !== a) {
          this.replay(a, action);
          return;
        }
        if (this.changedSince(a, text)) {
          this.postLater(a, action); // the person typed meanwhile: check what would be posted
          return;
        }
        this.decide(a, text, null, action);
      });
    });
  }

  private shown(): ShownFinding[] {
    const a = this.active;
    if (!a || !this.engine || a.findingsText === null) return [];
    const text = a.model.text;
    const out: ShownFinding[] = [];
    for (const f of a.findings) {
      const meta = this.engine.rules[f.rule];
      if (!meta || f.end > text.length) continue;
      const excerpt = text.slice(f.start, f.end);
      const key = ignoredFindings.key(meta.id, excerpt);
      if (!ignoredFindings.has(key) || !this.canIgnore(meta.severity)) out.push({ ...f, meta, excerpt, key });
    }
    // the model's, except where a rule at least as severe flags the passage already (the worker
    // leaves these out too, for the text it saw; the rules' findings may have moved since)
    const model: ShownFinding[] = [];
    for (const f of a.modelFindings) {
      const meta = this.engine.rules[f.rule];
      if (!meta || f.end > text.length) continue;
      const excerpt = text.slice(f.start, f.end);
      const key = ignoredFindings.key(meta.id, excerpt);
      if (!ignoredFindings.has(key)) model.push({ rule: f.rule, start: f.start, end: f.end, meta, excerpt, key });
    }
    out.push(...withoutRepeats(out, model));
    return out;
  }

  /** With "Post anyway" turned off by IT, a `block` finding cannot be ignored either: that
   * would be "Post anyway" by another name. */
  private canIgnore(severity: Severity): boolean {
    return severity !== 'block' || this.settings?.allowPostAnyway !== false;
  }

  private render(): void {
    const a = this.active;
    if (!a || !this.ui) return;
    // one passage, one underline: overlapping findings are one mark and one entry (passages.ts)
    const text = a.model.text;
    const passages: ShownPassage[] = passagesOf(this.shown()).map((p) => ({ ...p, excerpt: text.slice(p.start, p.end) }));
    const marks: Mark[] = passages.map((p) => ({ start: p.start, end: p.end, severity: p.severity }));
    if (marks.length) a.underliner.draw(a.model, marks);
    else a.underliner.clear();
    this.ui.setState('underlines', a.underliner.count);
    this.ui.setFindings(passages, (p) => this.canIgnore(p.severity));
    this.place();
  }

  private ignore(keys: string[]): void {
    for (const key of keys) ignoredFindings.add(key);
    this.render();
  }

  private queuePlace(): void {
    if (this.placeQueued || !this.active) return;
    this.placeQueued = true;
    requestAnimationFrame(() => {
      this.placeQueued = false;
      this.guard(() => this.place());
    });
  }

  private place(): void {
    const a = this.active;
    if (!a || !this.ui) return;
    if (a.kind === 'textarea' && (a.el as HTMLTextAreaElement).value !== a.model.text) {
      this.onChange(); // the page set the value itself (e.g. cleared it after posting)
      return;
    }
    this.ui.place(a.el.getBoundingClientRect());
    a.underliner.reposition();
  }

  // ---- the post action --------------------------------------------------------------------

  private onClick(e: MouseEvent): void {
    // a script's click (element.click(), dispatchEvent) is never held: only a person's post is
    if (e.button !== 0 || !this.active || !(e.isTrusted || trust.synthetic)) return;
    const path = e.composedPath();
    if (this.ui && path.includes(this.ui.host)) return;
    const control = clickableIn(path);
    if (control && isPostControl(control, this.active.el)) this.onPost(e, { kind: 'click', control: control as HTMLElement });
  }

  private onKeyDown(e: KeyboardEvent): void {
    if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey) || e.isComposing || !this.active) return;
    if (!(e.isTrusted || trust.synthetic)) return;
    const target = e.composedPath()[0];
    if (target instanceof Element && composedContains(this.active.el, target)) {
      this.onPost(e, { kind: 'key', target, ctrl: e.ctrlKey, meta: e.metaKey });
    }
  }

  private onSubmit(e: SubmitEvent): void {
    const form = e.target;
    if (!(form instanceof HTMLFormElement) || !this.active || !composedContains(form, this.active.el)) return;
    // `submit` is the browser's own event even after a script's requestSubmit(): it counts as
    // the person's only while their click or key is being handled
    if (!(this.gesture || trust.synthetic)) return;
    this.onPost(e, { kind: 'submit', form, submitter: (e.submitter as HTMLElement | null) ?? null });
  }

  private hold(e: Event): void {
    e.preventDefault();
    e.stopImmediatePropagation();
  }

  private onPost(e: Event, action: PostAction): void {
    const a = this.active;
    if (!a) return;
    if (this.bypass === a.el) return; // "Post anyway", or a post we held while checking
    if (this.holding) {
      this.hold(e); // our dialog is deciding about this very post
      return;
    }
    if (this.disabled || (!this.engine && (this.engineFailed || !this.engineReady))) return; // off, or no engine: never hold a post because of us
    a.model = this.read(a.el, a.kind);
    const text = a.model.text; // the whole post, not the per-keystroke prefix
    if (text.trim() === '') return;
    if (!this.engine) {
      this.waitForEngine(a, e, action);
      return;
    }
    const now = this.findingsNow(text);
    if (now) {
      if (a.findingsText !== text) this.apply(a, text, now);
      this.decideWithModel(a, text, e, action);
      return;
    }
    // background engine and the text changed since the last check: hold briefly, check, go on
    this.hold(e);
    this.postLater(a, action);
  }

  /** With `e` the action is still in flight; without, it was held and must be replayed to go on. */
  private decide(a: Active, text: string, e: Event | null, action: PostAction): void {
    const shown = this.shown();
    const worst: Severity | null = shown.reduce<Severity | null>(
      (w, f) => (w === null || SEVERITY_RANK[f.meta.severity] > SEVERITY_RANK[w] ? f.meta.severity : w),
      null,
    );
    if (worst === 'block') {
      if (e) this.hold(e);
      const saved = this.saveSelection(a);
      this.holding = true;
      const s = this.settings;
      const opts = { allowPostAnyway: s?.allowPostAnyway !== false, requireReason: s?.requireReason === true };
      this.ui!.confirmHold(a.el, opts).then((choice: HoldChoice) =>
        this.guard(() => {
          this.holding = false;
          if (choice === 'edit') {
            this.restoreSelection(a, saved);
            return;
          }
          if (choice === 'unshown') this.ui?.count('unshown'); // our UI could not be shown: never hold the post
          else if (this.changedSince(a, text)) {
            // the text changed while the dialog was open: what would be posted is not what the
            // person saw checked, so it is checked (and decided) again
            this.postLater(a, action);
            return;
          }
          this.afterPost();
          this.replay(a, action);
        }),
      );
      return;
    }
    if (worst === 'warn' && this.warnedText !== text) {
      if (e) this.hold(e);
      this.warnedText = text;
      this.ui!.openPopover(true, false);
      return;
    }
    this.afterPost();
    if (e) this.passThrough(a);
    else this.replay(a, action);
  }

  /** Whether the composer's text is no longer `text` (the text that was checked). */
  private changedSince(a: Active, text: string): boolean {
    a.model = this.read(a.el, a.kind);
    return a.model.text !== text;
  }

  /** The engine is still loading (right after the browser started): the post waits for it,
   * at most ENGINE_WAIT_MS, and is then checked; past that, or without an engine, it goes on. */
  private waitForEngine(a: Active, e: Event | null, action: PostAction): void {
    if (e) this.hold(e);
    this.holding = true;
    this.ui?.count('waits');
    const deadline = performance.now() + ENGINE_WAIT_MS;
    const attempt = () => {
      const ready = this.engineReady;
      const bound = new Promise<null>((ok) => setTimeout(() => ok(null), Math.max(0, deadline - performance.now())));
      Promise.race([ready, bound]).then((engine) => {
        this.holding = false; // first: whatever fails below, later posts are not held by this one
        this.guard(() => {
          if (engine && this.engine === engine && this.active === a && !this.disabled) {
            a.model = this.read(a.el, a.kind);
            this.postLater(a, action);
            return;
          }
          // the configuration changed while it loaded (the worker settles the policy right
          // after start-up): wait for the engine loading now, within the same bound
          if (this.engineReady !== ready && !this.engineFailed && !this.disabled && performance.now() < deadline) {
            this.holding = true;
            attempt();
            return;
          }
          this.replay(a, action);
        });
      });
    };
    attempt();
  }

  /** Checks the composer's text as it is now, then decides about the held `action`. */
  private postLater(a: Active, action: PostAction): void {
    if (!this.engine || this.active !== a) {
      this.replay(a, action); // nothing to check with: our failure never holds a post
      return;
    }
    const text = a.model.text; // the whole post
    const now = this.findingsNow(text);
    if (now) {
      this.apply(a, text, now);
      this.decideWithModel(a, text, null, action);
      return;
    }
    this.holding = true;
    const done = (f: Finding[] | null) => {
      this.holding = false;
      this.guard(() => {
        if (f && this.active === a) {
          this.remember(text, f);
          this.apply(a, text, f);
          this.decideWithModel(a, text, null, action);
        } else this.replay(a, action);
      });
    };
    this.engine.check(text, this.site).then(done, (e: unknown) => {
      if (!(e instanceof StaleRevision)) {
        done(null);
        return;
      }
      // the worker moved to another policy: load it, then check and decide with it
      this.holding = false;
      this.guard(() => {
        this.reloadConfig();
        this.waitForEngine(a, null, action);
      });
    });
  }

  /** The post action in flight goes on: the events it still causes in this task (a click's
   * `submit`, say) are not held again. */
  private passThrough(a: Active): void {
    this.bypass = a.el;
    setTimeout(() => {
      if (this.bypass === a.el) this.bypass = null;
    }, 0);
  }

  private afterPost(): void {
    this.warnedText = null;
    ignoredFindings.clear();
    this.ui?.closePopover();
    // the site usually clears the composer after posting, sometimes without an input event;
    // `posts` counts the posts we are done with (tests wait on it, not on a sleep)
    setTimeout(() => this.guard(() => {
      this.onChange();
      this.ui?.count('posts');
    }), 300);
  }

  /** Lets the same post action happen once more, past our handlers. */
  private replay(a: Active, action: PostAction): void {
    this.bypass = a.el;
    try {
      if (action.kind === 'click') {
        action.control.click();
      } else if (action.kind === 'submit') {
        const s = action.submitter;
        if (s && (s as HTMLButtonElement).form === action.form) action.form.requestSubmit(s);
        else action.form.requestSubmit();
      } else {
        const form = a.el.closest('form');
        const control = findPostControl(a.el);
        if (form) form.requestSubmit();
        else if (control) control.click();
        else {
          action.target.dispatchEvent(
            new KeyboardEvent('keydown', {
              key: 'Enter', code: 'Enter', ctrlKey: action.ctrl, metaKey: action.meta,
              bubbles: true, cancelable: true, composed: true,
            }),
          );
        }
      }
    } finally {
      setTimeout(() => {
        this.bypass = null;
      }, 0);
    }
  }

  private onSelectionChange(): void {
    const a = this.active;
    if (!a || a.kind !== 'editable' || this.holding) return;
    const sel = selectionIn(a.el); // also inside a shadow root (selection.ts)
    if (!sel) return;
    const model = readEditable(a.el);
    const start = offsetOf(model, sel.start[0], sel.start[1]);
    const end = offsetOf(model, sel.end[0], sel.end[1]);
    this.lastSelection = { start, end, dir: sel.backward ? 'backward' : 'forward' };
  }

  private saveSelection(a: Active): SavedSelection {
    if (a.kind === 'textarea') {
      const ta = a.el as HTMLTextAreaElement;
      return { start: ta.selectionStart, end: ta.selectionEnd, dir: ta.selectionDirection ?? 'none' };
    }
    this.onSelectionChange();
    return this.lastSelection;
  }

  private restoreSelection(a: Active, saved: SavedSelection): void {
    const apply = () => {
      if (!a.el.isConnected) return;
      // the focused element in the composer's own tree (a shadow root's, where the document
      // only knows the host): focus() on an editor that has it already would move the caret
      const focused = focusedIn(a.el);
      if (focused !== a.el && !a.el.contains(focused)) a.el.focus({ preventScroll: true });
      if (!saved) return;
      if (a.kind === 'textarea') {
        (a.el as HTMLTextAreaElement).setSelectionRange(saved.start, saved.end, saved.dir);
        return;
      }
      const model = readEditable(a.el);
      const start = pointAt(model, saved.start);
      const end = pointAt(model, saved.end);
      const sel = getSelection();
      if (!sel || !start || !end) return;
      const now = selectionIn(a.el);
      const same = (p: [Node, number], q: [Node, number]) => p[0] === q[0] && p[1] === q[1];
      if (now && same(now.start, start) && same(now.end, end) && now.backward === (saved.dir === 'backward')) return;
      const [anchor, focus] = saved.dir === 'backward' ? [end, start] : [start, end];
      sel.setBaseAndExtent(anchor[0], anchor[1], focus[0], focus[1]);
    };
    apply();
    // Apply once more after the dialog's own focus handling has settled (Chromium can move the
    // caret when a modal dialog closes), but never after the person has typed or clicked: on
    // a busy machine the frame can come after their first key, and moving the caret back then
    // put that key in the wrong place ("now thanks" became "nowthanks ").
    let acted = false;
    const onAct = () => (acted = true);
    const events = ['keydown', 'beforeinput', 'pointerdown'] as const;
    for (const type of events) a.el.addEventListener(type, onAct, { capture: true, once: true });
    requestAnimationFrame(() =>
      this.guard(() => {
        for (const type of events) a.el.removeEventListener(type, onAct, { capture: true });
        if (!acted) apply();
      }),
    );
  }
}

declare global {
  // eslint-disable-next-line no-var
  var __composureLoaded: boolean | undefined;
}

// Guard against double injection (manifest and a dynamically registered script, or a reload).
if (!globalThis.__composureLoaded) {
  globalThis.__composureLoaded = true;
  new Controller().start();
}
