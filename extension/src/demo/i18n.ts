/**
 * Interface strings for the demo page, from the extension's own _locales (both languages are
 * bundled at build time, so the standalone site has them too and the language can be switched
 * without extension APIs). The demo bundle also uses this module in place of content/i18n.ts,
 * so the real badge, popover and hold dialog speak the language chosen on the page.
 */
import en from '../../_locales/en/messages.json';
import nl from '../../_locales/nl/messages.json';
import type * as ContentI18n from '../content/i18n';
import { browserLang } from '../shared/i18n-format';
// anything else content/* may import from the module this one stands in for: the real thing
export * from '../content/i18n';

export type Lang = 'en' | 'nl';
type Catalog = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;
const CATALOGS: Record<Lang, Catalog> = { en, nl };
const STORE_KEY = 'composure.demo.lang';

function initialLang(): Lang {
  try {
    const stored = localStorage.getItem(STORE_KEY);
    if (stored === 'en' || stored === 'nl') return stored;
  } catch {
    // storage blocked
  }
  return browserLang();
}

let current: Lang = initialLang();
const listeners = new Set<() => void>();

export function lang(): Lang {
  return current;
}

export function setLang(l: Lang): void {
  if (l === current) return;
  current = l;
  try {
    localStorage.setItem(STORE_KEY, l);
  } catch {
    // not remembered; fine
  }
  for (const f of listeners) f();
}

export function onLangChange(f: () => void): void {
  listeners.add(f);
}

/** chrome.i18n.getMessage semantics: named placeholders, then $1..$9, "$$" is "$". */
export const t: typeof ContentI18n.t = (key, subs) => {
  const m = CATALOGS[current][key] ?? CATALOGS.en[key];
  if (!m) return key;
  const args = (subs ?? []).map(String);
  const positional = (s: string) => s.replace(/\$(\d)/g, (_, d: string) => args[Number(d) - 1] ?? '');
  let s = m.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole: string, name: string) => {
    const ph = m.placeholders?.[name.toLowerCase()];
    return ph ? positional(ph.content) : whole;
  });
  s = positional(s);
  return s.replace(/\$\$/g, '$');
};

/** Same wording rules as content/i18n.ts, with this module's `t`. */
export const badgeLabel: typeof ContentI18n.badgeLabel = (counts) => {
  const total = counts.info + counts.warn + counts.block;
  if (counts.block > 0) return total === 1 ? t('badgeBlockOne') : t('badgeBlockOther', [total, counts.block]);
  if (counts.warn > 0) return total === 1 ? t('badgeWarnOne') : t('badgeWarnOther', [total]);
  return total === 1 ? t('badgeInfoOne') : t('badgeInfoOther', [total]);
};

/** Fills every element with `data-i18n` (text) and `data-i18n-<attr>` (attributes). */
export function translatePage(root: ParentNode = document): void {
  document.documentElement.lang = current;
  for (const el of Array.from(root.querySelectorAll<HTMLElement>('[data-i18n]'))) el.textContent = t(el.dataset.i18n!);
  for (const attr of ['aria-label', 'placeholder', 'title', 'data-placeholder']) {
    const data = `i18n${attr.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase())}`; // aria-label -> i18nAriaLabel
    for (const el of Array.from(root.querySelectorAll<HTMLElement>(`[data-i18n-${attr}]`))) {
      el.setAttribute(attr, t(el.dataset[data]!));
    }
  }
}
