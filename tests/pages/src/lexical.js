// Facebook-like composer: Lexical (plain text) in a role=dialog with a div role=button "Post".
import { createEditor, $getRoot } from 'lexical';
import { registerPlainText } from '@lexical/plain-text';
import { record } from './common.js';

const el = document.getElementById('editor');
const editor = createEditor({ namespace: 'fb-like', onError: (e) => { throw e; } });
editor.setRootElement(el);
registerPlainText(editor);
window.__text = () => editor.getEditorState().read(() => $getRoot().getTextContent());
document.getElementById('post').addEventListener('click', () => {
  record(editor.getEditorState().read(() => $getRoot().getTextContent()));
  editor.update(() => $getRoot().clear());
});
