/**
 * The text we check, and the way back from its UTF-16 offsets to the DOM.
 *
 * For a contenteditable we read text nodes in document order, `<br>` as "\n" and block
 * boundaries as "\n" (like innerText, without layout). Every offset the engine returns is an
 * offset into exactly this string, and `rangeFor` maps it back through the same segments, so the
 * text we check and the offsets we draw can never disagree. For a textarea the text is its value.
 */

export interface Segment {
  node: Text;
  start: number;
}

export interface TextModel {
  text: string;
  /** Text nodes and where their data starts in `text`; empty for textareas. */
  segs: Segment[];
}

const BLOCK = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION',
  'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN',
  'NAV', 'OL', 'P', 'PRE', 'SECTION', 'TABLE', 'TR', 'UL',
]);
const SKIP = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'IFRAME', 'OBJECT', 'SVG']);

export function readEditable(root: Element): TextModel {
  let text = '';
  const segs: Segment[] = [];
  // A block boundary becomes "\n" only when more text follows (no trailing newline, as innerText).
  let pending = false;
  const flush = () => {
    if (pending && text !== '' && text.charCodeAt(text.length - 1) !== 10) text += '\n';
    pending = false;
  };
  const walk = (parent: Node) => {
    for (let c = parent.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === Node.TEXT_NODE) {
        const data = (c as Text).data;
        if (data) {
          flush();
          segs.push({ node: c as Text, start: text.length });
          text += data;
        }
      } else if (c.nodeType === Node.ELEMENT_NODE) {
        const tag = (c as Element).tagName.toUpperCase();
        if (tag === 'BR') {
          flush();
          text += '\n';
        } else if (!SKIP.has(tag)) {
          const block = BLOCK.has(tag);
          if (block) pending = true;
          walk(c);
          if (block) pending = true;
        }
      }
    }
  };
  walk(root);
  return { text, segs };
}

export function readTextarea(el: HTMLTextAreaElement | HTMLInputElement): TextModel {
  return { text: el.value, segs: [] };
}

/** The segment holding offset `off`; `preferNext` picks the following node at a boundary. */
function locate(segs: Segment[], off: number, preferNext: boolean): [Text, number] | null {
  let lo = 0;
  let hi = segs.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (segs[mid].start <= off) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (best >= 0) {
    const s = segs[best];
    const end = s.start + s.node.data.length;
    if (off < end || (off === end && !preferNext)) return [s.node, off - s.start];
    // `off` is past this node (a virtual newline, or the very end)
    if (preferNext && best + 1 < segs.length) return [segs[best + 1].node, 0];
    return [s.node, s.node.data.length];
  }
  return segs.length ? [segs[0].node, 0] : null;
}

/** The DOM point (text node, offset) of a text offset, for restoring a selection. */
export function pointAt(model: TextModel, off: number): [Text, number] | null {
  return locate(model.segs, off, false);
}

/** The text offset of a DOM point inside the model's root. */
export function offsetOf(model: TextModel, node: Node, offset: number): number {
  if (node.nodeType === Node.TEXT_NODE) {
    const seg = model.segs.find((s) => s.node === node);
    if (seg) return seg.start + Math.min(offset, seg.node.data.length);
  }
  // an element point (e.g. the end of a paragraph): the end of the last text node before it
  const r = document.createRange();
  try {
    r.setStart(node, offset);
  } catch {
    return model.text.length;
  }
  let at = 0;
  for (const s of model.segs) {
    if (r.comparePoint(s.node, s.node.data.length) > 0) break;
    at = s.start + s.node.data.length;
  }
  return at;
}

export function rangeFor(model: TextModel, start: number, end: number): Range | null {
  const a = locate(model.segs, start, true);
  const b = locate(model.segs, end, false);
  if (!a || !b) return null;
  const r = document.createRange();
  try {
    r.setStart(a[0], Math.min(a[1], a[0].data.length));
    r.setEnd(b[0], Math.min(b[1], b[0].data.length));
  } catch {
    return null;
  }
  return r.collapsed ? null : r;
}

/** UTF-16-safe prefix of at most `max` code units (never splits a surrogate pair). */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  let n = max;
  const c = text.charCodeAt(n - 1);
  if (c >= 0xd800 && c <= 0xdbff) n -= 1;
  return text.slice(0, n);
}
