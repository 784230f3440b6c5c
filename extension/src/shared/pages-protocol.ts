/**
 * Messages used by the extension's own pages (options, popup, trainer demo), beside the
 * content script ↔ worker protocol in types.ts. Post text only travels in `composure:status`
 * answers (the quoted spans of the focused composer's findings, to the popup of the same
 * browser); nothing here is stored.
 */
import type { Severity } from './types';

/** Page → background worker: which policy document is active (the one the worker checks with). */
export interface PolicyRequest {
  type: 'composure:policy';
}
export type PolicyResponse =
  | {
      ok: true;
      /** Policy JSON for `new Checker(json)`; "" means the built-in default pack. */
      policy: string;
      source: 'managed' | 'last-good' | 'default';
    }
  | { ok: false; error: string };

/** Popup → content script of a tab (chrome.tabs.sendMessage): what Composure does there. */
export interface StatusRequest {
  type: 'composure:status';
}
/** One passage of the post (overlapping findings are one; see content/passages.ts). */
export interface StatusFinding {
  /** The most severe of its reasons. */
  severity: Severity;
  /** Each distinct reason once, most severe first. */
  reasons: StatusReason[];
  /** The flagged span of the post. */
  quoted: string;
}
export interface StatusReason {
  /** The (first) rule's id, e.g. "EC001-insult-near-employer". */
  rule: string;
  severity: Severity;
  /** In the content script's language; the popup re-localises by rule id. */
  message: string;
}
export interface StatusResponse {
  /** The content script runs on this page (and is not turned off for it). */
  active: boolean;
  /** The adapter's site name ("x", "mastodon", "generic"). */
  site: string;
  /** The page's host name (what SETTINGS_KEY.disabledSites lists). */
  host: string;
  /** Turned off for this host by the user's settings. */
  disabled: boolean;
  /** Whether a composer has focus (or had it last) in this page. */
  composer: boolean;
  /** Findings in the focused composer's current text, in text order. */
  findings: StatusFinding[];
}
