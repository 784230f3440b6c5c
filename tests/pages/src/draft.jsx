// X-like composer: React + Draft.js, a post button with X's data-testid.
import React, { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Editor, EditorState } from 'draft-js';
import { record } from './common.js';

function Composer() {
  const [state, setState] = useState(() => EditorState.createEmpty());
  window.__text = () => state.getCurrentContent().getPlainText('\n');
  return (
    <div className="composer">
      <div className="editor" data-testid="tweetTextarea_0_wrapper">
        <Editor editorState={state} onChange={setState} placeholder="What is happening?!" ariaLabel="Post text" />
      </div>
      <button type="button" data-testid="tweetButtonInline" onClick={() => {
        record(state.getCurrentContent().getPlainText('\n'));
        setState(EditorState.createEmpty());
      }}>Post</button>
    </div>
  );
}
createRoot(document.getElementById('root')).render(<Composer />);
