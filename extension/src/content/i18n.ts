/** UI strings from _locales, in the browser's UI language. */
export function t(key: string, subs?: (string | number)[]): string {
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
