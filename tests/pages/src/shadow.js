// Reddit-like: the composer (a contenteditable) and its Post button live inside an open shadow
// root of a custom element, as in Reddit's web components.
import { record } from './common.js';

class ShadowComposer extends HTMLElement {
  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.innerHTML = `
      <style>
        .box { width: 520px; min-height: 90px; border: 1px solid #999; padding: 8px; font: 16px/1.4 system-ui, sans-serif; }
        button { margin-top: 8px; padding: 6px 14px; }
      </style>
      <div id="editor" contenteditable="true" role="textbox" aria-multiline="true" aria-label="Body text" class="box"></div>
      <button type="button" id="post">Post</button>`;
    const ed = root.getElementById('editor');
    window.__text = () => ed.innerText.replace(/\n$/, '');
    const post = () => {
      record(window.__text());
      ed.replaceChildren();
    };
    root.getElementById('post').addEventListener('click', post);
    ed.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        post();
      }
    });
  }
}
customElements.define('shadow-composer', ShadowComposer);
