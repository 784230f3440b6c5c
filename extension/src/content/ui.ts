/**
 * Everything we draw lives in one open shadow root on a custom-named host element outside the
 * editor: the badge, the popover, the hold dialog and the textarea underline overlay. The host
 * goes into the composer's open modal <dialog> when there is one (the rest of the page is inert
 * then), else into <body>. Unregistered custom element: content scripts have no customElements.
 */
import type { Finding, RuleMeta, Severity } from '../shared/types';
import { badgeLabel, t } from './i18n';

export interface ShownFinding extends Finding {
  meta: RuleMeta;
  excerpt: string;
  key: string;
}

const CSS = `
:host { all: initial; position: fixed; top: 0; left: 0; width: 0; height: 0; z-index: 2147483646; }
* { box-sizing: border-box; }
.layer { position: absolute; top: 0; left: 0; pointer-events: none; }
.mirror { position: absolute; overflow: hidden; color: transparent !important; pointer-events: none;
  white-space: pre-wrap; overflow-wrap: break-word; border-color: transparent !important; background: transparent !important; }
.mirror mark { color: transparent; background: transparent; text-decoration-thickness: 2px; text-underline-offset: 3px; }
mark.info { text-decoration: underline dotted #2f7fe0; }
mark.warn { text-decoration: underline wavy #d98a00; background: rgba(217,138,0,.14); }
mark.block { text-decoration: underline wavy #e0243a; background: rgba(224,36,58,.16); }
.box { position: absolute; pointer-events: none; border-bottom: 2px solid; }
.box.info { border-bottom: 2px dotted #2f7fe0; } .box.warn { border-color: #d98a00; } .box.block { border-color: #e0243a; }
.badge { position: absolute; pointer-events: auto; font: 600 12px/1 system-ui, sans-serif; }
.badge[hidden] { display: none; }
.badge button { min-width: 24px; height: 24px; padding: 0 7px; border-radius: 12px; border: 2px solid #fff;
  color: #fff; cursor: pointer; font: inherit; box-shadow: 0 1px 4px rgba(0,0,0,.35); }
.badge button:focus-visible { outline: 3px solid #2f7fe0; outline-offset: 2px; }
.badge.info button { background: #1f66c1; } .badge.warn button { background: #9a5b00; } .badge.block button { background: #c0182c; }
.pop, dialog { font: 14px/1.45 system-ui, sans-serif; color: #1b1b1f; background: #fff; border: 1px solid #c9c9d1;
  border-radius: 10px; box-shadow: 0 8px 28px rgba(0,0,0,.28); }
.pop { position: absolute; pointer-events: auto; width: min(380px, 92vw); max-height: 60vh; overflow: auto; padding: 12px 14px; }
.pop[hidden] { display: none; }
@media (prefers-color-scheme: dark) {
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

export interface UiCallbacks {
  onIgnore(key: string): void;
}

export class Ui {
  readonly host: HTMLElement;
  private root: ShadowRoot;
  readonly layer: HTMLDivElement;
  private badge: HTMLDivElement;
  private badgeButton: HTMLButtonElement;
  private pop: HTMLDivElement;
  private dialog: HTMLDialogElement;
  private findings: ShownFinding[] = [];
  private anchor: DOMRect | null = null;

  constructor(private cb: UiCallbacks) {
    this.host = document.createElement('composure-ui');
    this.root = this.host.attachShadow({ mode: 'open' });
    const style = el('style');
    style.textContent = CSS;
    this.layer = el('div', { class: 'layer' }) as HTMLDivElement;
    this.badge = el('div', { class: 'badge', role: 'status', 'aria-live': 'polite', hidden: '' }) as HTMLDivElement;
    this.badgeButton = el('button', { type: 'button', 'aria-haspopup': 'dialog', 'aria-expanded': 'false' }) as HTMLButtonElement;
    this.badge.append(this.badgeButton);
    this.pop = el('div', { class: 'pop', role: 'dialog', hidden: '', tabindex: '-1' }) as HTMLDivElement;
    this.dialog = el('dialog', { role: 'alertdialog', 'aria-modal': 'true' }) as HTMLDialogElement;
    this.root.append(style, this.layer, this.badge, this.pop, this.dialog);

    // keep the page's handlers (shortcuts, click-outside closers) away from our UI
    for (const type of ['keydown', 'keyup', 'keypress', 'mousedown', 'pointerdown', 'click', 'focusin', 'input']) {
      this.root.addEventListener(type, (e) => e.stopPropagation());
    }
    this.badgeButton.addEventListener('click', () => (this.pop.hidden ? this.openPopover(false) : this.closePopover()));
    this.pop.addEventListener('keydown', (e) => {
      if ((e as KeyboardEvent).key === 'Escape') {
        e.preventDefault();
        this.closePopover();
        this.badgeButton.focus();
      }
    });
  }

  /** Puts the host where it can be seen and used: inside an open modal dialog, else in <body>. */
  mount(near: Element): void {
    const modal = near.closest('dialog[open]');
    const parent = modal && modal.matches(':modal') ? modal : document.body || document.documentElement;
    if (this.host.parentNode !== parent) parent.appendChild(this.host);
  }

  unmount(): void {
    this.host.remove();
  }

  setEngineMode(mode: string): void {
    this.host.dataset.engine = mode;
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

  setFindings(findings: ShownFinding[]): void {
    this.findings = findings;
    const counts = { info: 0, warn: 0, block: 0 };
    for (const f of findings) counts[f.meta.severity]++;
    const worst: Severity = counts.block ? 'block' : counts.warn ? 'warn' : 'info';
    const n = findings.length;
    this.host.dataset.count = String(n);
    this.host.dataset.severity = n ? worst : '';
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

  private findingList(withIgnore: boolean): HTMLUListElement {
    const ul = el('ul') as HTMLUListElement;
    for (const f of this.findings) {
      const li = el('li');
      const sevKey = f.meta.severity === 'block' ? 'severityBlock' : f.meta.severity === 'warn' ? 'severityWarn' : 'severityInfo';
      li.append(el('span', { class: `sev ${f.meta.severity}` }, t(sevKey)));
      li.append(el('span', { class: 'excerpt' }, t('quoted', [f.excerpt])));
      li.append(el('p', { class: 'msg' }, f.meta.message));
      if (f.meta.tip) {
        const tip = el('p', { class: 'tip' });
        tip.append(el('strong', {}, t('tipLabel')), document.createTextNode(' ' + f.meta.tip));
        li.append(tip);
      }
      const actions = el('p', { class: 'tip' });
      if (f.meta.link && /^(https?:\/\/|mailto:)/.test(f.meta.link)) {
        actions.append(el('a', { href: f.meta.link, target: '_blank', rel: 'noopener noreferrer' }, t('readCode')));
      }
      if (withIgnore) {
        const ign = el('button', { type: 'button', class: 'link' }, t('ignoreForPost')) as HTMLButtonElement;
        ign.addEventListener('click', () => this.cb.onIgnore(f.key));
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
    close.addEventListener('click', () => {
      this.closePopover();
      this.badgeButton.focus();
    });
    row.append(close);
    this.pop.append(row);
  }

  /** Opens the findings popover; `notice` adds "post again to send it as it is". */
  openPopover(notice: boolean, focus = true): void {
    if (!this.findings.length) return;
    this.renderPopover(notice);
    this.pop.hidden = false;
    this.host.dataset.popover = notice ? 'notice' : 'open';
    this.badgeButton.setAttribute('aria-expanded', 'true');
    this.placePopover();
    if (focus) this.pop.focus({ preventScroll: true });
  }

  closePopover(): void {
    if (this.pop.hidden) return;
    this.pop.hidden = true;
    delete this.host.dataset.popover;
    this.badgeButton.setAttribute('aria-expanded', 'false');
  }

  get anchorRect(): DOMRect | null {
    return this.anchor;
  }

  /**
   * The hold dialog. Resolves with the person's choice. IT decides (managed settings) whether
   * "Post anyway" is offered at all, and whether it first asks for a short reason.
   */
  confirmHold(opts: HoldOptions = { allowPostAnyway: true, requireReason: false }): Promise<'edit' | 'post'> {
    return new Promise((resolve) => {
      const d = this.dialog;
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
      d.dataset.postAnyway = opts.allowPostAnyway ? (reason ? 'reason' : 'on') : 'off';
      const hasReason = () => !reason || reason.value.trim() !== '';
      if (post && reason) {
        const p = post;
        const r = reason;
        p.disabled = true;
        r.addEventListener('input', () => (p.disabled = !hasReason()));
        r.addEventListener('keydown', (e) => {
          if (e.key === 'Enter' && hasReason()) p.click();
        });
      }
      // Settle in the click itself, not in the dialog's `close` event: that event is a task of
      // its own, and `close()` first hands focus back to whatever had it before the dialog,
      // often the site's Post button. A key typed in between would land on that button and be
      // lost; resolving here lets the caller put focus and caret back in a microtask, before
      // any further input. The `close` event still settles Escape.
      const settle = (choice: 'edit' | 'post') => {
        delete this.host.dataset.dialog;
        resolve(choice); // later calls are no-ops
      };
      edit.addEventListener('click', () => {
        d.close();
        settle('edit');
      });
      post?.addEventListener('click', () => {
        if (!hasReason()) {
          reason?.focus();
          return;
        }
        d.close();
        settle('post');
      });
      d.addEventListener('close', () => settle('edit'), { once: true });
      this.closePopover();
      this.host.dataset.dialog = 'open';
      d.showModal();
      edit.focus();
    });
  }
}
