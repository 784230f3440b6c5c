import { formatMessage, type Catalog } from '../shared/i18n-format';

/**
 * Strings in the language chosen in the options, when it is not the browser's: chrome.i18n
 * only follows the browser, so the worker sends that language's catalogue (engine-client.ts).
 */
let chosen: Catalog | null = null;

export function useChosenStrings(catalog: Catalog | null): void {
  chosen = catalog;
}

/** UI strings from _locales: in the language chosen in the options, else the browser's. */
export function t(key: string, subs?: (string | number)[]): string {
  const entry = chosen?.[key];
  if (entry) return formatMessage(entry, (subs ?? []).map(String));
  try {
    const s = chrome.i18n.getMessage(key, subs?.map(String));
    if (s) return s;
  } catch {
    // extension context gone (updated/reloaded): fall back to the key
  }
  return key;
}

/** Accessible name of the badge: count and worst severity. */
export function badgeLabel(counts: { info: number; warn: number; block: number }): string {
  const total = counts.info + counts.warn + counts.block;
  if (counts.block > 0) {
    return total === 1 ? t('badgeBlockOne') : t('badgeBlockOther', [total, counts.block]);
  }
  if (counts.warn > 0) return total === 1 ? t('badgeWarnOne') : t('badgeWarnOther', [total]);
  return total === 1 ? t('badgeInfoOne') : t('badgeInfoOther', [total]);
}
