// A composer that appears late, inside a <dialog> opened with showModal().
import { record } from './common.js';

document.getElementById('compose').addEventListener('click', () => {
  const dlg = document.getElementById('dlg');
  setTimeout(() => {
    dlg.innerHTML = '<form method="dialog"><div id="editor" contenteditable="true" role="textbox" aria-multiline="true" ' +
      'aria-label="Message" style="min-height:80px;width:420px;border:1px solid #999;padding:6px"></div>' +
      '<button type="button" id="send">Send</button></form>';
    dlg.querySelector('#send').addEventListener('click', () => {
      const ed = dlg.querySelector('#editor');
      record(ed.innerText.replace(/\n$/, ''));
      ed.replaceChildren();
    });
    window.__text = () => dlg.querySelector('#editor').innerText.replace(/\n$/, '');
    dlg.showModal();
    dlg.querySelector('#editor').focus();
  }, 150);
});
