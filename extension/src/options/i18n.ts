/**
 * Strings for the extension's own pages (options, popup, and any other page that wants them),
 * in the language the person chose in the options (SETTINGS_KEY.lang), else the browser's.
 *
 * chrome.i18n.getMessage always follows the browser's language, so we read both catalogues from
 * the package (_locales/<lang>/messages.json, no network) and substitute placeholders the way
 * chrome.i18n does. Switching the language re-renders the page at once, without a reload.
 */

export type Lang = 'en' | 'nl';
export const LANGS: readonly Lang[] = ['en', 'nl'];

import { browserLang, formatMessage, type Catalog } from '../shared/i18n-format';
export type { Catalog };

const catalogs: Partial<Record<Lang, Catalog>> = {};
let current: Lang = 'en';

export { browserLang };

export function resolveLang(setting: string | undefined): Lang {
  return setting === 'en' || setting === 'nl' ? setting : browserLang();
}

async function loadCatalog(lang: Lang): Promise<Catalog> {
  const cached = catalogs[lang];
  if (cached) return cached;
  const res = await fetch(chrome.runtime.getURL(`_locales/${lang}/messages.json`));
  const cat = (await res.json()) as Catalog;
  catalogs[lang] = cat;
  return cat;
}

/** Loads the catalogue of `lang` (and English, the fallback) and makes `lang` current. */
export async function setLang(lang: Lang): Promise<void> {
  await Promise.all([loadCatalog('en'), loadCatalog(lang)]);
  current = lang;
}

/**
 * For bundles that import the catalogues instead of fetching them (e.g. the content script:
 * `import en from '../../_locales/en/messages.json'`): sets them and the language at once.
 */
export function useCatalogs(cats: Partial<Record<Lang, Catalog>>, lang: Lang): void {
  Object.assign(catalogs, cats);
  current = lang;
}

export function currentLang(): Lang {
  return current;
}


/** The string `key` in the current language (English if missing there; the key if missing everywhere). */
export function tr(key: string, subs: (string | number)[] = []): string {
  const entry = catalogs[current]?.[key] ?? catalogs.en?.[key];
  if (!entry) {
    try {
      const s = chrome.i18n.getMessage(key, subs.map(String));
      if (s) return s;
    } catch {
      // no extension context
    }
    return key;
  }
  return formatMessage(entry, subs.map(String));
}

/**
 * Fills static markup: `data-i18n="key"` sets the text, `data-i18n-attr="attr:key;attr:key"`
 * sets attributes (aria-label, placeholder, title). Also sets <html lang> and the title.
 */
export function applyStatic(root: ParentNode = document): void {
  for (const el of Array.from(root.querySelectorAll<HTMLElement>('[data-i18n]'))) {
    el.textContent = tr(el.dataset.i18n!);
  }
  for (const el of Array.from(root.querySelectorAll<HTMLElement>('[data-i18n-attr]'))) {
    for (const pair of el.dataset.i18nAttr!.split(';')) {
      const [attr, key] = pair.split(':').map((s) => s.trim());
      if (attr && key) el.setAttribute(attr, tr(key));
    }
  }
  document.documentElement.lang = current;
}
