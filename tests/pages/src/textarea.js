// Mastodon-like composer: a plain textarea in .compose-form; Ctrl/Cmd+Enter or the button posts.
import { record } from './common.js';

const form = document.querySelector('.compose-form');
const ta = form.querySelector('textarea');
window.__text = () => ta.value;
function publish() {
  record(ta.value);
  ta.value = '';
}
form.addEventListener('submit', (e) => {
  e.preventDefault();
  publish();
});
ta.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    publish();
  }
});
