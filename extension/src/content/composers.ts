/** Recognising compose boxes by their shape, on any site. */

export type ComposerKind = 'textarea' | 'editable';

/** Walks up through shadow roots too. */
export function composedParent(n: Node): Node | null {
  if (n.parentNode) return n.parentNode instanceof ShadowRoot ? n.parentNode.host : n.parentNode;
  return null;
}

export function composedContains(ancestor: Node, node: Node | null): boolean {
  for (let n: Node | null = node; n; n = composedParent(n)) if (n === ancestor) return true;
  return false;
}

/**
 * The composer that `target` belongs to, or null. For contenteditable, the editing host (the
 * outermost editable element); for textareas, the textarea itself.
 */
export function composerFor(target: EventTarget | null): { el: HTMLElement; kind: ComposerKind } | null {
  if (!(target instanceof Element)) return null;
  const el = target as HTMLElement;
  if (el.tagName === 'TEXTAREA') {
    const ta = el as HTMLTextAreaElement;
    if (ta.disabled || ta.readOnly || !eligible(ta)) return null;
    return { el: ta, kind: 'textarea' };
  }
  if (el.tagName === 'INPUT') return null; // single-line inputs: search, e-mail, names; not posts
  if (el.isContentEditable) {
    let host: HTMLElement = el;
    for (let p = el.parentElement; p && p.isContentEditable; p = p.parentElement) host = p;
    return eligible(host) ? { el: host, kind: 'editable' } : null;
  }
  const tb = el.closest('[role=textbox]') as HTMLElement | null;
  if (tb && tb.isContentEditable && eligible(tb)) return { el: tb, kind: 'editable' };
  return null;
}

function eligible(el: HTMLElement): boolean {
  const role = el.getAttribute('role');
  if (role === 'combobox' || role === 'searchbox') return false;
  if (el.getAttribute('aria-readonly') === 'true' || el.getAttribute('aria-disabled') === 'true') return false;
  if (el.closest('[role=combobox],[role=searchbox],[role=search]')) return false;
  const type = el.getAttribute('type');
  if (type === 'search' || type === 'password') return false;
  if (el.ownerDocument.designMode === 'on' && el === el.ownerDocument.body) return true;
  // tiny single-line fields (inline renames, chat handles) are not where posts are written
  const r = el.getBoundingClientRect();
  const singleLine = el.getAttribute('aria-multiline') === 'false';
  if (singleLine && r.height < 28) return false;
  if (r.width > 0 && r.width < 60) return false;
  return true;
}
