/**
 * Drawing underlines without touching the editor's DOM.
 * - contenteditable: CSS Custom Highlight API (styles in highlights.css, injected by the manifest);
 *   where the API is missing, boxes from Range.getClientRects() in our shadow layer.
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
  /** How many marks are drawn (tests read it from `data-underlines`). */
  count: number;
}

const NAMES: Record<Severity, string> = { info: 'composure-info', warn: 'composure-warn', block: 'composure-block' };

type HighlightCtor = new (...ranges: AbstractRange[]) => Highlight;

function highlightApi(): { registry: HighlightRegistry; ctor: HighlightCtor } | null {
  const registry = (globalThis.CSS as { highlights?: HighlightRegistry } | undefined)?.highlights;
  const ctor = (globalThis as { Highlight?: HighlightCtor }).Highlight;
  return registry && ctor ? { registry, ctor } : null;
}

export class EditableUnderliner implements Underliner {
  count = 0;
  private ranges: { range: Range; severity: Severity }[] = [];
  private api = highlightApi();
  private boxes: HTMLDivElement | null = null;

  constructor(private layer: HTMLElement) {}

  draw(model: TextModel, marks: Mark[]): void {
    this.ranges = [];
    for (const m of marks) {
      const r = rangeFor(model, m.start, m.end);
      if (r) this.ranges.push({ range: r, severity: m.severity });
    }
    this.count = this.ranges.length;
    if (this.api) {
      const { registry, ctor } = this.api;
      for (const sev of ['info', 'warn', 'block'] as Severity[]) {
        const rs = this.ranges.filter((x) => x.severity === sev).map((x) => x.range);
        if (rs.length === 0) {
          registry.delete(NAMES[sev]);
          continue;
        }
        const h = new ctor(...rs);
        h.priority = sev === 'block' ? 3 : sev === 'warn' ? 2 : 1;
        registry.set(NAMES[sev], h);
      }
    } else {
      this.reposition();
    }
  }

  reposition(): void {
    if (this.api) return; // the browser keeps highlights in place
    if (!this.boxes) {
      this.boxes = document.createElement('div');
      this.layer.append(this.boxes);
    }
    const base = this.layer.getBoundingClientRect();
    const frag = document.createDocumentFragment();
    for (const { range, severity } of this.ranges) {
      for (const r of Array.from(range.getClientRects())) {
        const b = document.createElement('div');
        b.className = `box ${severity}`;
        b.style.cssText = `left:${r.left - base.left}px;top:${r.top - base.top}px;width:${r.width}px;height:${r.height}px`;
        frag.append(b);
      }
    }
    this.boxes.replaceChildren(frag);
  }

  clear(): void {
    this.ranges = [];
    this.count = 0;
    if (this.api) for (const n of Object.values(NAMES)) this.api.registry.delete(n);
    this.boxes?.replaceChildren();
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
