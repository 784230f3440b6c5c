/**
 * Per-site knowledge, kept to what shape cannot tell: which control posts. Every adapter's
 * selectors are specific enough to apply on any page, so a composer on an unknown host (a
 * Mastodon instance, a site IT adds) still gets the adapter that fits its markup, plus the
 * generic fallback (a submit button of the composer's form, or a button labelled like "Post").
 */
import { composedContains, composedParent } from './composers';

interface Adapter {
  name: string;
  host?: RegExp;
  /** Recognises the site by the page itself (Mastodon runs on any host). */
  detect?: (doc: Document) => boolean;
  postControls: string;
}

const ADAPTERS: Adapter[] = [
  {
    name: 'x',
    host: /(^|\.)(x|twitter)\.com$/,
    postControls: '[data-testid=tweetButton],[data-testid=tweetButtonInline]',
  },
  {
    name: 'facebook',
    host: /(^|\.)facebook\.com$/,
    postControls:
      '[role=dialog] [role=button][aria-label=Post],[role=dialog] [role=button][aria-label=Plaatsen],' +
      '[role=dialog] [role=button][aria-label=Posten]',
  },
  { name: 'linkedin', host: /(^|\.)linkedin\.com$/, postControls: '.share-actions__primary-action' },
  {
    name: 'reddit',
    host: /(^|\.)reddit\.com$/,
    postControls:
      'shreddit-composer button[type=submit],comment-composer-host button[type=submit],' +
      'faceplate-form button[type=submit],form.usertext button[type=submit],button[slot=submit-button]',
  },
  {
    name: 'mastodon',
    detect: (doc) =>
      !!doc.querySelector('meta[name="application-name"][content="Mastodon" i], #mastodon, .compose-form'),
    postControls: '.compose-form button[type=submit]',
  },
];

const ALL_CONTROLS = ADAPTERS.map((a) => a.postControls).join(',');
const POST_LABEL =
  /^(post|post all|tweet|reply|share|send|publish|toot|comment|plaatsen|posten|verzenden|versturen|delen|reageren|publiceren|beantwoorden)$/i;
const CLICKABLE = 'button,[role=button],input[type=submit],input[type=button]';

/** Name of the site for rules with `sites` and for diagnostics. */
export function siteName(loc: Location, doc: Document): string {
  for (const a of ADAPTERS) {
    if (a.host?.test(loc.hostname) || a.detect?.(doc)) return a.name;
  }
  return 'generic';
}

function labelOf(el: Element): string {
  const aria = el.getAttribute('aria-label');
  if (aria) return aria.trim();
  if (el instanceof HTMLInputElement) return el.value.trim();
  return (el.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The clickable element an event path starts in, if any. */
export function clickableIn(path: EventTarget[]): Element | null {
  for (const t of path) {
    if (!(t instanceof Element)) continue;
    if (t.matches(CLICKABLE)) return t;
    if (t.tagName === 'BODY' || t.tagName === 'HTML') break;
  }
  return null;
}

function near(control: Element, composer: Element, levels: number): boolean {
  let n: Node | null = control;
  for (let i = 0; n && i <= levels; i++, n = composedParent(n)) {
    if (composedContains(n, composer)) return true;
  }
  return false;
}

/** Whether `control` posts what is written in `composer`. */
export function isPostControl(control: Element, composer: Element): boolean {
  if (control.matches(ALL_CONTROLS)) return near(control, composer, 12);
  const form = (control as HTMLButtonElement).form;
  if (form && (control as HTMLButtonElement).type === 'submit' && composedContains(form, composer)) return true;
  return POST_LABEL.test(labelOf(control)) && near(control, composer, 6);
}

/** A post control near the composer (to repeat a keyboard post by clicking it). */
export function findPostControl(composer: Element): HTMLElement | null {
  let n: Node | null = composer;
  for (let i = 0; n && i <= 8; i++, n = composedParent(n)) {
    if (!(n instanceof Element || n instanceof ShadowRoot)) continue;
    for (const c of Array.from((n as ParentNode).querySelectorAll(CLICKABLE))) {
      if (isPostControl(c, composer)) return c as HTMLElement;
    }
  }
  return null;
}
