/**
 * The findings the person chose to ignore for the post they are writing ("ignore for this
 * post"), known by rule id and the words flagged. The underlines, the badge, the pre-post check
 * and the toolbar popup all leave them out; main.ts empties the set when a post starts afresh
 * (another composer, an emptied one, a post sent). Kept in this frame's memory only.
 */
const ignored = new Set<string>();

export const ignoredFindings = {
  /** A finding's key: its rule and the words it flags. */
  key: (ruleId: string, excerpt: string): string => `${ruleId}\u0000${excerpt}`,
  add(key: string): void {
    ignored.add(key);
  },
  has(key: string): boolean {
    return ignored.has(key);
  },
  clear(): void {
    ignored.clear();
  },
};
