/**
 * Everything we draw lives in one closed shadow root on a custom-named host element outside the
 * editor: the badge, the popover, the hold dialog and the underlines. The host goes into the
 * composer's open modal <dialog> when there is one (the rest of the page is inert then), else
 * into <body>. Unregistered custom element: content scripts have no customElements.
 *
 * The page must learn nothing from us (shared/docs and README, "The page cannot read
 * Composure"): the root is closed, the host carries no attributes of ours, the tag name has a
 * random suffix per page load (so a page cannot define it first and take the host over), our
 * state for tests and diagnostics sits on an element inside the closed root, and our buttons
 * act only on trusted events (a person's click or key, never a script's).
 */
import type { Finding, RuleMeta, Severity } from '../shared/types';
import { countBySeverity, type Passage } from './passages';
import { badgeLabel, t } from './i18n';

export interface ShownFinding extends Finding {
  meta: RuleMeta;
  excerpt: string;
  key: string;
}

/** A passage as shown: its reasons and the words it covers (see passages.ts). */
export interface ShownPassage extends Passage {
  excerpt: string;
}

const CSS = `
:host { all: initial; position: fixed; top: 0; left: 0; width: 0; height: 0; z-index: 2147483646; }
.state { display: none; }
* { box-sizing: border-box; }
.layer { position: absolute; top: 0; left: 0; pointer-events: none; }
.mirror { position: absolute; overflow: hidden; color: transparent !important; pointer-events: none;
  white-space: pre-wrap; overflow-wrap: break-word; border-color: transparent !important; background: transparent !important; }
.mirror mark { color: transparent; background: transparent; text-decoration-thickness: 2px; text-underline-offset: 3px; }
mark.info { text-decoration: underline dotted #2f7fe0; }
mark.warn { text-decoration: underline wavy #d98a00; background: rgba(217,138,0,.14); }
mark.block { text-decoration: underline wavy #e0243a; background: rgba(224,36,58,.16); }
.box { position: absolute; pointer-events: none; border-bottom: 2px solid; }
.box.info { border-bottom: 2px dotted #2f7fe0; }
.box.warn { border-color: #d98a00; background: rgba(217,138,0,.14); }
.box.block { border-color: #e0243a; background: rgba(224,36,58,.16); }
.badge { position: absolute; pointer-events: auto; font: 600 12px/1 system-ui, sans-serif; }
.badge[hidden] { display: none; }
.badge button { min-width: 24px; height: 24px; padding: 0 7px; border-radius: 12px; border: 2px solid #fff;
  color: #fff; cursor: pointer; font: inherit; box-shadow: 0 1px 4px rgba(0,0,0,.35); }
.badge button:focus-visible { outline: 3px solid #2f7fe0; outline-offset: 2px; }
.badge.info button { background: #1f66c1; } .badge.warn button { background: #9a5b00; } .badge.block button { background: #c0182c; }
dialog { visibility: visible !important; opacity: 1 !important; }
.pop, dialog { font: 14px/1.45 system-ui, sans-serif; color: #1b1b1f; background: #fff; border: 1px solid #c9c9d1;
  border-radius: 10px; box-shadow: 0 8px 28px rgba(0,0,0,.28); }
.pop { position: absolute; pointer-events: auto; width: min(380px, 92vw); max-height: 60vh; overflow: auto; padding: 12px 14px; }
.pop[hidden] { display: none; }
@media (prefers-color-scheme: dark) {
  dialog { visibility: visible !important; opacity: 1 !important; }
.pop, dialog { color: #ececf1; background: #202024; border-color: #44444c; }
  a { color: #8ab8ff; }
}
h2 { font-size: 15px; margin: 0 0 8px; }
ul { list-style: none; margin: 0; padding: 0; }
li { padding: 8px 0; border-top: 1px solid rgba(127,127,140,.35); }
li:first-child { border-top: 0; }
.sev { display: inline-block; font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: .03em; margin-right: 6px; }
.sev.block { color: #d0213a; } .sev.warn { color: #b86e00; } .sev.info { color: #2f7fe0; }
.excerpt { font-style: italic; }
.msg, .tip { margin: 4px 0 0; }
.tip + .msg, .msg + .msg { margin-top: 10px; }
.notice { margin: 0 0 8px; font-weight: 600; }
.row { display: flex; gap: 8px; justify-content: flex-end; margin-top: 12px; flex-wrap: wrap; }
button.act { font: inherit; padding: 6px 12px; border-radius: 6px; border: 1px solid #8a8a96; background: transparent; color: inherit; cursor: pointer; }
button.act.primary { background: #1f66c1; border-color: #1f66c1; color: #fff; }
button.act:focus-visible, a:focus-visible, button.link:focus-visible { outline: 3px solid #2f7fe0; outline-offset: 2px; }
button.link { font: inherit; font-size: 13px; background: none; border: 0; padding: 0; color: inherit; text-decoration: underline; cursor: pointer; margin-left: 10px; }
dialog { width: min(460px, 92vw); padding: 16px 18px; }
.reason { margin: 12px 0 0; display: flex; flex-direction: column; gap: 4px; }
.reason input { font: inherit; padding: 6px 8px; border-radius: 6px; border: 1px solid #8a8a96; background: transparent; color: inherit; }
.reason input:focus-visible { outline: 3px solid #2f7fe0; outline-offset: 1px; }
.help { margin: 4px 0 0; font-size: 13px; opacity: .85; }
button.act:disabled { opacity: .5; cursor: not-allowed; }
dialog::backdrop { background: rgba(0,0,0,.35); }
`;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

export interface HoldOptions {
  /** Offer "Post anyway" (managed `allowPostAnyway`, default true). */
  allowPostAnyway: boolean;
  /** "Post anyway" needs a short reason first (managed `requireReason`). */
  requireReason: boolean;
}

/** The person's choice in the hold dialog; `unshown` when the dialog could not be shown (the
 * post then goes through: our failure never holds a post). */
export type HoldChoice = 'edit' | 'post' | 'unshown';

export interface UiCallbacks {
  /** "Ignore for this post" on a passage: the keys of all its findings. */
  onIgnore(keys: string[]): void;
}

/** Inline, `!important`: the page's style sheets cannot hide the host (our attribute observer
 * puts these back when a script changes them). */
const HOST_STYLE: [string, string][] = [
  ['display', 'block'], ['visibility', 'visible'], ['opacity', '1'], ['position', 'fixed'],
  ['top', '0'], ['left', '0'], ['width', '0'], ['height', '0'], ['overflow', 'visible'],
  ['z-index', '2147483646'], ['transform', 'none'], ['filter', 'none'], ['clip-path', 'none'],
  ['mask', 'none'], ['contain', 'none'], ['content-visibility', 'visible'], ['pointer-events', 'auto'],
];

/** Whether a person did this (not a page script). */
const trusted = (e: Event) => e.isTrusted;

export class Ui {
  readonly host: HTMLElement;
  private root: ShadowRoot;
  readonly layer: HTMLDivElement;
  /** Our state for tests and diagnostics (lengths and counts, never text), inside the closed root. */
  private stateEl: HTMLDivElement;
  private badge: HTMLDivElement;
  private badgeButton: HTMLButtonElement;
  private pop: HTMLDivElement;
  private dialog: HTMLDialogElement;
  private passages: ShownPassage[] = [];
  private anchor: DOMRect | null = null;
  private hostObserver: MutationObserver;
  private forcing = false;

  /** `open`: an open shadow root, for our own pages only (the trainer demo). */
  constructor(
    private cb: UiCallbacks,
    open = false,
  ) {
    this.host = document.createElement(`composure-ui-${Math.random().toString(36).slice(2, 10).replace(/[^a-z0-9]/g, 'x') || 'x'}`);
    this.root = this.host.attachShadow({ mode: open ? 'open' : 'closed' });
    const style = el('style');
    style.textContent = CSS;
    this.stateEl = el('div', { class: 'state', hidden: '' }) as HTMLDivElement;
    this.layer = el('div', { class: 'layer' }) as HTMLDivElement;
    this.badge = el('div', { class: 'badge', role: 'status', 'aria-live': 'polite', hidden: '' }) as HTMLDivElement;
    this.badgeButton = el('button', { type: 'button', 'aria-haspopup': 'dialog', 'aria-expanded': 'false' }) as HTMLButtonElement;
    this.badge.append(this.badgeButton);
    this.pop = el('div', { class: 'pop', role: 'dialog', hidden: '', tabindex: '-1' }) as HTMLDivElement;
    this.dialog = el('dialog', { role: 'alertdialog', 'aria-modal': 'true' }) as HTMLDialogElement;
    this.root.append(style, this.stateEl, this.layer, this.badge, this.pop, this.dialog);

    // keep the page's handlers (shortcuts, click-outside closers) away from our UI
    for (const type of ['keydown', 'keyup', 'keypress', 'mousedown', 'pointerdown', 'click', 'focusin', 'input']) {
      this.root.addEventListener(type, (e) => e.stopPropagation());
    }
    this.badgeButton.addEventListener('click', (e) => {
      if (!trusted(e)) return;
      if (this.pop.hidden) this.openPopover(false);
      else this.closePopover();
    });
    this.pop.addEventListener('keydown', (e) => {
      if (trusted(e) && (e as KeyboardEvent).key === 'Escape') {
        e.preventDefault();
        this.closePopover();
        this.badgeButton.focus();
      }
    });
    this.hostObserver = new MutationObserver(() => this.forceVisible());
    this.forceVisible();
  }

  /** Sets one of our diagnostic values (for tests: lengths, counts, modes; never text). */
  setState(key: string, value: string | number | null): void {
    if (value === null) delete this.stateEl.dataset[key];
    else this.stateEl.dataset[key] = String(value);
  }

  /** Bumps a diagnostic counter (e.g. `declined`: changes we saw and did not check). */
  count(key: string): void {
    this.stateEl.dataset[key] = String(Number(this.stateEl.dataset[key] ?? 0) + 1);
  }

  /** Our inline styles, and no `hidden`/`inert`/other attributes a page may have put on the host. */
  private forceVisible(): void {
    if (this.forcing) return;
    this.forcing = true;
    try {
      this.hostObserver.disconnect();
      for (const a of Array.from(this.host.attributes)) if (a.name !== 'style') this.host.removeAttribute(a.name);
      this.host.removeAttribute('style');
      for (const [k, v] of HOST_STYLE) this.host.style.setProperty(k, v, 'important');
      this.hostObserver.observe(this.host, { attributes: true });
    } finally {
      this.forcing = false;
    }
  }

  /** Puts the host where it can be seen and used: inside an open modal dialog, else in <body>.
   * Also after the page removed it. */
  mount(near: Element): void {
    const modal = near.closest('dialog[open]');
    const parent = modal && modal.matches(':modal') ? modal : document.body || document.documentElement;
    if (this.host.parentNode !== parent) parent.appendChild(this.host);
    this.forceVisible();
  }

  /** The page removed the host: whatever was open is closed (a hold settles as "edit"). */
  detached(): void {
    if (this.dialog.open) this.dialog.close();
    this.closePopover();
  }

  unmount(): void {
    this.host.remove();
  }

  setEngineMode(mode: string): void {
    this.setState('engine', mode);
  }

  /** Places the badge at the composer's bottom-right corner. */
  place(rect: DOMRect): void {
    this.anchor = rect;
    const base = this.host.getBoundingClientRect();
    const x = rect.right - base.left - 30;
    const y = rect.bottom - base.top - 30;
    this.badge.style.left = `${Math.max(0, x)}px`;
    this.badge.style.top = `${Math.max(0, y)}px`;
    if (!this.pop.hidden) this.placePopover();
  }

  private placePopover(): void {
    const base = this.host.getBoundingClientRect();
    const b = this.badge.getBoundingClientRect();
    const w = Math.min(380, innerWidth * 0.92);
    const h = this.pop.offsetHeight || 200;
    let left = Math.min(b.right - w, innerWidth - w - 8);
    left = Math.max(8, left);
    let top = b.bottom + 6;
    if (top + h > innerHeight - 8) top = Math.max(8, b.top - h - 6);
    this.pop.style.left = `${left - base.left}px`;
    this.pop.style.top = `${top - base.top}px`;
  }

  /** The passages to show; the badge counts them. `canIgnore`: whether "Ignore for this post"
   * is offered for a passage (not for a `block` one when IT turned "Post anyway" off: that
   * would be a way around the hold). */
  setFindings(passages: ShownPassage[], canIgnore: (p: ShownPassage) => boolean = () => true): void {
    this.passages = passages;
    this.canIgnore = canIgnore;
    const counts = countBySeverity(passages);
    const worst: Severity = counts.block ? 'block' : counts.warn ? 'warn' : 'info';
    const n = passages.length;
    this.setState('count', n);
    this.setState('severity', n ? worst : '');
    if (n === 0) {
      this.badge.hidden = true;
      this.badge.removeAttribute('aria-label');
      this.closePopover();
      return;
    }
    const label = badgeLabel(counts);
    this.badge.className = `badge ${worst}`;
    this.badge.setAttribute('aria-label', label);
    this.badgeButton.setAttribute('aria-label', label);
    this.badgeButton.title = label;
    this.badgeButton.textContent = String(n);
    this.badge.hidden = false;
    if (!this.pop.hidden) this.renderPopover(this.pop.querySelector('.notice') !== null);
  }

  private canIgnore: (p: ShownPassage) => boolean = () => true;

  private findingList(withIgnore: boolean): HTMLUListElement {
    const sevKey = (s: Severity) => (s === 'block' ? 'severityBlock' : s === 'warn' ? 'severityWarn' : 'severityInfo');
    const ul = el('ul') as HTMLUListElement;
    for (const p of this.passages) {
      const li = el('li', { 'data-rules': p.reasons.flatMap((r) => r.rules).join(' ') });
      li.append(el('span', { class: `sev ${p.severity}` }, t(sevKey(p.severity))));
      li.append(el('span', { class: 'excerpt' }, t('quoted', [p.excerpt])));
      const links: string[] = [];
      for (const r of p.reasons) {
        const msg = el('p', { class: 'msg' });
        // a milder reason beside a more severe one says how severe it is itself
        if (r.severity !== p.severity) msg.append(el('span', { class: `sev ${r.severity}` }, t(sevKey(r.severity))));
        msg.append(document.createTextNode(r.message));
        li.append(msg);
        if (r.tip) {
          const tip = el('p', { class: 'tip' });
          tip.append(el('strong', {}, t('tipLabel')), document.createTextNode(' ' + r.tip));
          li.append(tip);
        }
        if (r.link && /^(https?:\/\/|mailto:)/.test(r.link) && !links.includes(r.link)) links.push(r.link);
      }
      const actions = el('p', { class: 'tip' });
      for (const link of links) actions.append(el('a', { href: link, target: '_blank', rel: 'noopener noreferrer' }, t('readCode')));
      if (withIgnore && this.canIgnore(p)) {
        const ign = el('button', { type: 'button', class: 'link', 'data-action': 'ignore' }, t('ignoreForPost')) as HTMLButtonElement;
        ign.addEventListener('click', (e) => {
          if (trusted(e)) this.cb.onIgnore(p.keys);
        });
        actions.append(ign);
      }
      if (actions.childNodes.length) li.append(actions);
      ul.append(li);
    }
    return ul;
  }

  private renderPopover(notice: boolean): void {
    this.pop.replaceChildren();
    const h = el('h2', { id: 'composure-pop-title' }, t('popoverTitle'));
    this.pop.setAttribute('aria-labelledby', 'composure-pop-title');
    this.pop.append(h);
    if (notice) this.pop.append(el('p', { class: 'notice' }, t('warnNotice')));
    this.pop.append(this.findingList(true));
    const row = el('div', { class: 'row' });
    const close = el('button', { type: 'button', class: 'act' }, t('close')) as HTMLButtonElement;
    close.addEventListener('click', (e) => {
      if (!trusted(e)) return;
      this.closePopover();
      this.badgeButton.focus();
    });
    row.append(close);
    this.pop.append(row);
  }

  /** Opens the findings popover; `notice` adds "post again to send it as it is". */
  openPopover(notice: boolean, focus = true): void {
    if (!this.passages.length) return;
    this.renderPopover(notice);
    this.pop.hidden = false;
    this.setState('popover', notice ? 'notice' : 'open');
    this.badgeButton.setAttribute('aria-expanded', 'true');
    this.placePopover();
    if (focus) this.pop.focus({ preventScroll: true });
  }

  closePopover(): void {
    if (this.pop.hidden) return;
    this.pop.hidden = true;
    this.setState('popover', null);
    this.badgeButton.setAttribute('aria-expanded', 'false');
  }

  get anchorRect(): DOMRect | null {
    return this.anchor;
  }

  /** Whether the open dialog can be seen: a page may hide what contains our host. */
  private dialogShown(): boolean {
    const d = this.dialog;
    if (!d.open || !this.host.isConnected || this.host.closest('[inert]')) return false;
    const r = d.getBoundingClientRect();
    if (r.width < 40 || r.height < 40) return false;
    const cv = (d as { checkVisibility?: (o: object) => boolean }).checkVisibility;
    return !cv || cv.call(d, { opacityProperty: true, visibilityProperty: true });
  }

  /**
   * The hold dialog, next to `near` (the composer). Resolves with the person's choice. IT
   * decides (managed settings) whether "Post anyway" is offered at all, and whether it first
   * asks for a short reason. Where the dialog cannot be shown, resolves `unshown` at once.
   */
  confirmHold(near: Element, opts: HoldOptions = { allowPostAnyway: true, requireReason: false }): Promise<HoldChoice> {
    return new Promise((resolve) => {
      const d = this.dialog;
      if (d.open) d.close();
      d.replaceChildren();
      d.setAttribute('aria-labelledby', 'composure-dlg-title');
      d.setAttribute('aria-describedby', 'composure-dlg-intro');
      d.append(el('h2', { id: 'composure-dlg-title' }, t('dialogTitle')));
      const intro = opts.allowPostAnyway ? t('dialogIntro') : `${t('dialogIntro')} ${t('hold_mustEdit')}`;
      d.append(el('p', { id: 'composure-dlg-intro' }, intro));
      d.append(this.findingList(false));
      let reason: HTMLInputElement | null = null;
      if (opts.allowPostAnyway && opts.requireReason) {
        // The reason is a moment to reflect, nothing more: it is read only to see that it is
        // not empty, never stored, logged or sent anywhere, and gone when the dialog closes.
        const field = el('p', { class: 'reason' });
        reason = el('input', {
          type: 'text', id: 'composure-dlg-reason', 'data-role': 'reason', maxlength: '200',
          autocomplete: 'off', 'aria-describedby': 'composure-dlg-reason-help',
        }) as HTMLInputElement;
        field.append(el('label', { for: 'composure-dlg-reason' }, t('hold_reasonLabel')), reason);
        d.append(field, el('p', { id: 'composure-dlg-reason-help', class: 'help' }, t('hold_reasonHelp')));
      }
      const row = el('div', { class: 'row' });
      const edit = el('button', { type: 'button', class: 'act primary', 'data-action': 'edit' }, t('editPost')) as HTMLButtonElement;
      let post: HTMLButtonElement | null = null;
      if (opts.allowPostAnyway) {
        post = el('button', { type: 'button', class: 'act', 'data-action': 'post' }, t('postAnyway')) as HTMLButtonElement;
        row.append(post);
      }
      row.append(edit);
      d.append(row);
      this.setState('postAnyway', opts.allowPostAnyway ? (reason ? 'reason' : 'on') : 'off');
      const hasReason = () => !reason || reason.value.trim() !== '';
      // Settle in the click itself, not in the dialog's `close` event: that event is a task of
      // its own, and `close()` first hands focus back to whatever had it before the dialog,
      // often the site's Post button. A key typed in between would land on that button and be
      // lost; resolving here lets the caller put focus and caret back in a microtask, before
      // any further input. The `close` event still settles Escape.
      let settled = false;
      // The `close` event of an earlier dialog (this one re-opened at once, after a re-check)
      // comes a task later: only a close that left the dialog closed settles this one.
      const onClose = () => {
        if (!d.open) settle('edit');
      };
      const settle = (choice: HoldChoice) => {
        if (settled) return;
        settled = true;
        d.removeEventListener('close', onClose);
        this.setState('dialog', null);
        resolve(choice);
      };
      const postAnyway = () => {
        if (!hasReason()) {
          reason?.focus();
          return;
        }
        d.close();
        settle('post');
      };
      if (post && reason) {
        const p = post;
        const r = reason;
        p.disabled = true;
        r.addEventListener('input', () => (p.disabled = !hasReason()));
        r.addEventListener('keydown', (e) => {
          if (trusted(e) && e.key === 'Enter' && hasReason()) postAnyway();
        });
      }
      edit.addEventListener('click', (e) => {
        if (!trusted(e)) return;
        d.close();
        settle('edit');
      });
      post?.addEventListener('click', (e) => {
        if (trusted(e)) postAnyway();
      });
      d.addEventListener('close', onClose);
      this.closePopover();
      this.mount(near);
      try {
        d.showModal();
      } catch {
        settle('unshown');
        return;
      }
      if (!this.dialogShown()) {
        d.close();
        settle('unshown');
        return;
      }
      this.setState('dialog', 'open');
      edit.focus();
    });
  }
}
