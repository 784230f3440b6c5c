/**
 * Messages in the _locales format, formatted the way chrome.i18n.getMessage does. Used where a
 * page or the content script must speak the language chosen in the options rather than the
 * browser's (chrome.i18n only ever follows the browser).
 */
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
