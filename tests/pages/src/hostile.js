// A page that tries to read and drive Composure from its own scripts, the way a hostile (or
// merely curious) site could: it writes text into its composers and fires `input`, reads every
// place our state could show up, clicks Post with script, pokes at our UI, removes and hides
// it, and changes the text while our dialog is open. The tests call these probes and assert
// that the page learns nothing and drives nothing.
import { record } from './common.js';

// Before anything else, the page defines the tag names it can guess for our UI (with the old
// fixed name, this alone turned Composure off: our host became the page's element).
for (const name of ['composure-ui', 'composure-ui-host', 'composure-ui-0']) {
  customElements.define(name, class extends HTMLElement {
    constructor() {
      super();
      this.attachShadow({ mode: 'open' });
      this.hidden = true;
    }
  });
}

const form = document.getElementById('form');
const ta = document.getElementById('ta');
const ed = document.getElementById('editor');
window.__text = () => ta.value;
form.addEventListener('submit', (e) => {
  e.preventDefault();
  record(ta.value);
  ta.value = '';
});
ta.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    record(ta.value);
    ta.value = '';
  }
});
document.getElementById('reply').addEventListener('click', () => {
  record(ed.innerText.replace(/\n$/, ''));
  ed.replaceChildren();
});

/** Elements that are not the page's: anything with a tag name the page did not write. */
const foreign = () => [...document.querySelectorAll('*')].filter((e) => e.localName.includes('-'));

/** Everything a page script can read that might carry Composure's findings. */
function read() {
  const out = { attributes: [], shadowText: null, highlights: 0, hosts: 0 };
  for (const h of foreign()) {
    out.hosts++;
    for (const a of h.attributes) out.attributes.push(`${a.name}=${a.value}`);
    if (h.shadowRoot) out.shadowText = (out.shadowText ?? '') + h.shadowRoot.textContent;
  }
  for (const e of document.querySelectorAll('[data-count],[data-severity],[data-checked],[data-underlines]')) {
    out.attributes.push(`${e.localName}: ${[...e.attributes].map((a) => a.name).join(' ')}`);
  }
  if (globalThis.CSS && CSS.highlights) {
    CSS.highlights.forEach((h, name) => {
      out.highlights += h.size;
      out.attributes.push(`highlight ${name}`);
    });
  }
  return out;
}

window.__probe = {
  read,
  /** Writes `text` into a composer as a script would and tells everyone it changed. */
  fill(which, text) {
    const el = which === 'editor' ? ed : ta;
    el.focus();
    if (el === ta) ta.value = text;
    else ed.textContent = text;
    el.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: text }));
  },
  /** Clicks Post, presses Ctrl+Enter and submits the form, all from script. */
  postBy(how) {
    if (how === 'click') document.getElementById('post').click();
    else if (how === 'key') ta.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', ctrlKey: true, bubbles: true, cancelable: true }));
    else if (how === 'submit') form.requestSubmit();
    else if (how === 'reply') document.getElementById('reply').click();
  },
  /** Tries to press our buttons: on the host, on whatever has focus, at the screen's centre. */
  poke() {
    for (const h of foreign()) {
      h.click();
      h.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
      h.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    }
    const a = document.activeElement;
    a?.click?.();
    a?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    const hit = document.elementFromPoint(innerWidth / 2, innerHeight / 2);
    hit?.click?.();
    return { active: a?.localName ?? null };
  },
  /** Removes every element that is not the page's. */
  remove() {
    const gone = foreign();
    for (const h of gone) h.remove();
    return gone.length;
  },
  /** Hides every element that is not the page's, with a style sheet and inline styles. */
  hide() {
    const hs = foreign();
    const css = document.createElement('style');
    css.textContent = hs.map((h) => `${h.localName} { display: none !important; }`).join('\n');
    document.head.append(css);
    for (const h of hs) {
      h.style.setProperty('display', 'none', 'important');
      h.setAttribute('hidden', '');
    }
    return hs.length;
  },
  /** Changes the text without any event (while our dialog is open, say). */
  swap(text) {
    ta.value = text;
  },
};
