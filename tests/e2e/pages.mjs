// The local test pages and how to drive each one (shared by the Chromium and Firefox tests).
export const PAGES = {
  draft: { path: '/draft.html', editor: '.public-DraftEditor-content', post: '[data-testid=tweetButtonInline]', kind: 'editable', engine: 'page' },
  lexical: { path: '/lexical.html', editor: '#editor', post: '#post', kind: 'editable', engine: 'page' },
  quill: { path: '/quill.html', editor: '.ql-editor', post: '.share-actions__primary-action', kind: 'editable', engine: 'page' },
  textarea: { path: '/textarea.html', editor: '.compose-form textarea', post: '.compose-form button[type=submit]', kind: 'textarea', engine: 'page' },
  strict: { path: '/strict.html', editor: '#editor', post: '#post', kind: 'editable', engine: 'background' },
  dialog: { path: '/dialog.html', editor: '#editor', post: '#send', kind: 'editable', engine: 'page', open: '#compose' },
  iframe: { path: '/iframe.html', editor: '#reply', post: '#send', kind: 'textarea', engine: 'page', frame: '#frame', ready: 'body[data-ready]' },
};

/** Evaluated in the composer's frame: what our UI shows (read through the open shadow root). */
export function readState() {
  const h = document.querySelector('composure-ui');
  if (!h) return { present: false, count: 0, underlines: 0, highlights: 0, marks: 0 };
  const sr = h.shadowRoot;
  const badge = sr.querySelector('[role=status]');
  const dlg = sr.querySelector('dialog');
  let highlights = 0;
  // the underlined passages, as the person sees them marked
  const marked = [...sr.querySelectorAll('.mirror:not([hidden]) mark')].map((m) => m.textContent);
  if (globalThis.CSS && CSS.highlights) {
    for (const k of ['composure-info', 'composure-warn', 'composure-block']) {
      highlights += CSS.highlights.get(k)?.size ?? 0;
      for (const range of CSS.highlights.get(k) ?? []) marked.push(range.toString());
    }
  }
  return {
    present: true,
    engine: h.dataset.engine ?? null,
    count: Number(h.dataset.count ?? 0),
    severity: h.dataset.severity ?? '',
    checked: h.dataset.checked === undefined ? -1 : Number(h.dataset.checked),
    underlines: Number(h.dataset.underlines ?? 0),
    label: badge && !badge.hidden ? badge.getAttribute('aria-label') : null,
    dialogOpen: !!(dlg && dlg.open),
    dialogRole: dlg ? dlg.getAttribute('role') : null,
    popover: h.dataset.popover ?? null,
    highlights,
    marks: sr.querySelectorAll('.mirror:not([hidden]) mark').length,
    marked,
    inModalDialog: !!h.closest('dialog[open]'),
    engineError: h.dataset.engineError ?? null,
  };
}
