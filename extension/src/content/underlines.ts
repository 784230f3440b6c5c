/**
 * Drawing underlines without touching the editor's DOM, and without telling the page anything.
 * - contenteditable: boxes from Range.getClientRects() in our closed shadow layer, clipped to the
 *   composer. Not the CSS Custom Highlight API: `CSS.highlights` is one registry per document,
 *   readable by the page's own scripts, so any highlight we registered would show the page
 *   where the policy found something (an oracle for the organisation's confidential terms).
 * - textarea: a mirror element in our shadow layer that copies the field's computed style and
 *   scroll offset, with transparent text and underlined <mark>s.
 */
import type { Severity } from '../shared/types';
import { rangeFor, type TextModel } from './text-model';

export interface Mark {
  start: number;
  end: number;
  severity: Severity;
}

export interface Underliner {
  draw(model: TextModel, marks: Mark[]): void;
  /** Re-align after scroll/resize (geometry only). */
  reposition(): void;
  clear(): void;
  /** How many marks are drawn (tests read it from our state element). */
  count: number;
  /** Removes what it added to our layer. */
  destroy(): void;
}

export class EditableUnderliner implements Underliner {
  count = 0;
  private ranges: { range: Range; mark: Mark }[] = [];
  private boxes: HTMLDivElement;

  constructor(
    private composer: HTMLElement,
    private layer: HTMLElement,
  ) {
    this.boxes = document.createElement('div');
    this.boxes.className = 'boxes';
    this.layer.append(this.boxes);
  }

  draw(model: TextModel, marks: Mark[]): void {
    this.ranges = [];
    for (const m of marks) {
      const r = rangeFor(model, m.start, m.end);
      if (r) this.ranges.push({ range: r, mark: m });
    }
    this.count = this.ranges.length;
    this.reposition();
  }

  reposition(): void {
    if (this.ranges.length === 0) {
      this.boxes.replaceChildren();
      return;
    }
    const base = this.layer.getBoundingClientRect();
    const clip = this.composer.getBoundingClientRect();
    const frag = document.createDocumentFragment();
    for (const { range, mark } of this.ranges) {
      for (const r of Array.from(range.getClientRects())) {
        // only what shows inside the composer (its text may scroll)
        const left = Math.max(r.left, clip.left);
        const right = Math.min(r.right, clip.right);
        const top = Math.max(r.top, clip.top);
        const bottom = Math.min(r.bottom, clip.bottom);
        if (right - left < 1 || bottom - top < 1) continue;
        const b = document.createElement('div');
        b.className = `box ${mark.severity}`;
        // offsets in the checked text (numbers, inside our closed root), for the tests
        b.dataset.start = String(mark.start);
        b.dataset.end = String(mark.end);
        b.style.cssText = `left:${left - base.left}px;top:${top - base.top}px;width:${right - left}px;height:${bottom - top}px`;
        frag.append(b);
      }
    }
    this.boxes.replaceChildren(frag);
  }

  clear(): void {
    this.ranges = [];
    this.count = 0;
    this.boxes.replaceChildren();
  }

  destroy(): void {
    this.boxes.remove();
  }
}

const COPIED = [
  'boxSizing', 'width', 'height', 'paddingTop', 'paddingRight', 'paddingBottom', 'paddingLeft',
  'borderTopWidth', 'borderRightWidth', 'borderBottomWidth', 'borderLeftWidth', 'borderTopStyle',
  'borderRightStyle', 'borderBottomStyle', 'borderLeftStyle', 'fontFamily', 'fontSize', 'fontWeight',
  'fontStyle', 'fontVariant', 'fontStretch', 'fontFeatureSettings', 'fontKerning', 'letterSpacing',
  'wordSpacing', 'lineHeight', 'textAlign', 'textIndent', 'textTransform', 'tabSize', 'direction',
  'whiteSpace', 'wordBreak', 'overflowWrap', 'hyphens',
] as const;

export class TextareaUnderliner implements Underliner {
  count = 0;
  private mirror: HTMLDivElement;

  constructor(
    private field: HTMLTextAreaElement,
    private layer: HTMLElement,
  ) {
    this.mirror = document.createElement('div');
    this.mirror.className = 'mirror';
    this.mirror.setAttribute('aria-hidden', 'true');
    this.layer.append(this.mirror);
  }

  draw(model: TextModel, marks: Mark[]): void {
    const text = model.text;
    const frag = document.createDocumentFragment();
    let at = 0;
    let n = 0;
    for (const m of marks) {
      if (m.start < at || m.end > text.length || m.end <= m.start) continue;
      frag.append(document.createTextNode(text.slice(at, m.start)));
      const mk = document.createElement('mark');
      mk.className = m.severity;
      mk.textContent = text.slice(m.start, m.end);
      frag.append(mk);
      at = m.end;
      n++;
    }
    // a trailing newline needs a character after it to take up a line
    frag.append(document.createTextNode(text.slice(at) + '\u200b'));
    this.mirror.replaceChildren(frag);
    this.count = n;
    this.mirror.hidden = n === 0;
    this.reposition();
  }

  reposition(): void {
    if (this.count === 0) return;
    const cs = getComputedStyle(this.field);
    const s = this.mirror.style;
    for (const k of COPIED) (s as unknown as Record<string, string>)[k] = cs[k];
    if (cs.whiteSpace === 'normal' || cs.whiteSpace === '') s.whiteSpace = 'pre-wrap';
    const r = this.field.getBoundingClientRect();
    const base = this.layer.getBoundingClientRect();
    s.left = `${r.left - base.left}px`;
    s.top = `${r.top - base.top}px`;
    s.width = `${r.width}px`;
    s.height = `${r.height}px`;
    s.boxSizing = 'border-box';
    // the field's vertical scrollbar narrows its text; the mirror has none
    const bl = parseFloat(cs.borderLeftWidth) || 0;
    const br = parseFloat(cs.borderRightWidth) || 0;
    const scrollbar = Math.max(0, this.field.offsetWidth - this.field.clientWidth - bl - br);
    s.paddingRight = `${(parseFloat(cs.paddingRight) || 0) + scrollbar}px`;
    this.mirror.scrollTop = this.field.scrollTop;
    this.mirror.scrollLeft = this.field.scrollLeft;
  }

  clear(): void {
    this.count = 0;
    this.mirror.replaceChildren();
    this.mirror.hidden = true;
  }

  destroy(): void {
    this.mirror.remove();
  }
}
