/**
 * Whose input counts. On a site, only the person's: a check runs for text they produced (a
 * trusted key, paste, drop or click shortly before the change) and a post is held only for
 * their own click or key, so that a page script that writes text into the composer and fires
 * `input`, clicks Post or calls `requestSubmit()` learns nothing about the policy (README, "The
 * page cannot read Composure"). Our own trainer demo types and posts for the presenter with
 * script, so it turns this off; nothing a site's page can reach changes these values (content
 * scripts run in their own world).
 */
export const trust = {
  /** Count script-made input and post actions as the person's (the trainer demo only). */
  synthetic: false,
  /** Open shadow root for our UI (the trainer demo only; on sites it is always closed). */
  openRoot: false,
};

/** How long after a person's key, paste, drop or click a change of the text counts as theirs
 * (editors such as Draft.js write the DOM themselves, a moment after the key). */
export const TRUST_MS = 1000;
