// What the page received: every post, in order. Tests read window.__posted (Chromium, Firefox)
// and the same list as JSON in <body data-posted> (visible from any script world).
export function record(text) {
  window.__posted = window.__posted || [];
  window.__posted.push(text);
  document.body.dataset.posted = JSON.stringify(window.__posted);
}
window.__posted = [];
