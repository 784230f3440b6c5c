// Served with `default-src 'self'; script-src 'self'`: the content script may not compile wasm
// here in Chromium, so the extension must use its background engine.
import { record } from './common.js';

const ed = document.getElementById('editor');
window.__text = () => ed.innerText.replace(/\n$/, '');
document.getElementById('post').addEventListener('click', () => {
  record(ed.innerText.replace(/\n$/, ''));
  ed.replaceChildren();
});
