// LinkedIn-like composer: Quill, with LinkedIn's primary share button class.
import Quill from 'quill';
import { record } from './common.js';

const quill = new Quill('#editor', { theme: 'snow', modules: { toolbar: false }, placeholder: 'What do you want to talk about?' });
window.__text = () => quill.getText().replace(/\n$/, '');
document.querySelector('.share-actions__primary-action').addEventListener('click', () => {
  record(quill.getText().replace(/\n$/, ''));
  quill.setText('');
});
