/**
 * The selection inside a composer, also when the composer lives in a shadow root (Reddit's
 * does). There `document.getSelection()` reports the shadow host in Chromium, not the text
 * nodes, so we ask for the composed range (Selection.getComposedRanges, with the root), or the
 * root's own selection (ShadowRoot.getSelection, Chromium before getComposedRanges).
 */
import { composedContains } from './composers';

export interface DomSelection {
  start: [Node, number];
  end: [Node, number];
  backward: boolean;
}

type ComposedRanges = (...args: unknown[]) => StaticRange[];

function rangeIn(sel: Selection, root: ShadowRoot): AbstractRange | null {
  const composed = (sel as unknown as { getComposedRanges?: ComposedRanges }).getComposedRanges;
  if (typeof composed === 'function') {
    for (const args of [[{ shadowRoots: [root] }], [root]]) {
      try {
        const r = composed.apply(sel, args)[0];
        if (r && r.startContainer.getRootNode() === root) return r;
      } catch {
        // the other signature (the spec changed from rest arguments to a dictionary)
      }
    }
  }
  const own = (root as unknown as { getSelection?: () => Selection | null }).getSelection?.();
  return own && own.rangeCount ? own.getRangeAt(0) : null;
}

/** The selection, when both its ends are inside `el`; null otherwise. */
export function selectionIn(el: HTMLElement): DomSelection | null {
  const sel = getSelection();
  if (!sel || !sel.rangeCount) return null;
  const root = el.getRootNode();
  let r: AbstractRange | null = sel.getRangeAt(0);
  if (root instanceof ShadowRoot && !composedContains(el, r.startContainer)) r = rangeIn(sel, root);
  if (!r || !composedContains(el, r.startContainer) || !composedContains(el, r.endContainer)) return null;
  const dir = (sel as Selection & { direction?: string }).direction;
  const backward =
    !r.collapsed &&
    (dir !== undefined ? dir === 'backward' : sel.anchorNode === r.endContainer && sel.anchorOffset === r.endOffset);
  return { start: [r.startContainer, r.startOffset], end: [r.endContainer, r.endOffset], backward };
}

/** The element that has focus inside `el`'s own document or shadow root. */
export function focusedIn(el: HTMLElement): Element | null {
  const root = el.getRootNode() as Document | ShadowRoot;
  return root.activeElement ?? null;
}
