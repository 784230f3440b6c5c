// The local test pages and how to drive each one (shared by the Chromium and Firefox tests).
export const PAGES = {
  draft: { path: '/draft.html', editor: '.public-DraftEditor-content', post: '[data-testid=tweetButtonInline]', kind: 'editable', engine: 'page' },
  lexical: { path: '/lexical.html', editor: '#editor', post: '#post', kind: 'editable', engine: 'page' },
  quill: { path: '/quill.html', editor: '.ql-editor', post: '.share-actions__primary-action', kind: 'editable', engine: 'page' },
  textarea: { path: '/textarea.html', editor: '.compose-form textarea', post: '.compose-form button[type=submit]', kind: 'textarea', engine: 'page' },
  strict: { path: '/strict.html', editor: '#editor', post: '#post', kind: 'editable', engine: 'background' },
  dialog: { path: '/dialog.html', editor: '#editor', post: '#send', kind: 'editable', engine: 'page', open: '#compose' },
  iframe: { path: '/iframe.html', editor: '#reply', post: '#send', kind: 'textarea', engine: 'page', frame: '#frame', ready: 'body[data-ready]' },
  // inside an open shadow root (playwright's CSS selectors pierce open roots)
  shadow: { path: '/shadow.html', editor: '#editor', post: '#post', kind: 'editable', engine: 'page', shadow: 'shadow-composer' },
};

// Our UI's state: see ui-state.mjs (readUi, chromiumUi, firefoxUi).
