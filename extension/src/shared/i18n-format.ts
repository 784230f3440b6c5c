/**
 * The interface languages, shared by the content script, the extension's pages and the
 * standalone demo: the browser's language as one of ours, and messages in the _locales format
 * formatted the way chrome.i18n.getMessage does (for a language chosen in the options rather
 * than the browser's, which chrome.i18n never follows).
 */

/** The browser's UI language as one of ours: Dutch, or else English. */
export function browserLang(): 'en' | 'nl' {
  let tag = '';
  try {
    tag = chrome.i18n.getUILanguage();
  } catch {
    // no extension APIs (the standalone demo site)
  }
  tag ||= navigator.language || 'en';
  return /^nl\b/i.test(tag) ? 'nl' : 'en';
}
export interface CatalogEntry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}
export type Catalog = Record<string, CatalogEntry>;

export function formatMessage(entry: CatalogEntry, subs: string[]): string {
  const ph = entry.placeholders ?? {};
  const named = (name: string): string => {
    const p = ph[name.toLowerCase()] ?? ph[name];
    if (!p) return '';
    return p.content.replace(/\$(\d)/g, (_m, d: string) => subs[Number(d) - 1] ?? '');
  };
  return entry.message
    .replace(/\$([A-Za-z0-9_@]+)\$/g, (_m, name: string) => named(name))
    .replace(/\$(\d)/g, (_m, d: string) => subs[Number(d) - 1] ?? '')
    .replace(/\$\$/g, '$');
}
