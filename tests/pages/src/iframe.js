// A composer inside a srcdoc iframe (about:srcdoc: reached through match_about_blank /
// match_origin_as_fallback), posting into the parent page.
import { record } from './common.js';

const frame = document.getElementById('frame');
frame.addEventListener('load', () => {
  const doc = frame.contentDocument;
  window.__text = () => doc.getElementById('reply').value;
  doc.getElementById('send').addEventListener('click', () => {
    const ta = doc.getElementById('reply');
    record(ta.value);
    ta.value = '';
  });
  document.body.dataset.ready = '1';
});
frame.srcdoc = '<!doctype html><html><body><textarea id="reply" rows="5" cols="50" aria-label="Reply"></textarea>' +
  '<div><button type="button" id="send">Reply</button></div></body></html>';
