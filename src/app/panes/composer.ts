// The composer's reducer: editing keys and pastes go to the engine's text
// area model; sending takes its text (and records it in the input history).
import { type KeyEvent, textAreaHandleKey } from '../../tui/index.js';
import { notify } from '../notify.js';
import { type Handlers, type Result, none } from '../result.js';
import { type State } from '../state.js';
import { send } from './chat.js';

/** Offers a key to the editor; true when it was consumed. */
export function editKey(s: State, e: KeyEvent): boolean {
  return textAreaHandleKey(s.composer.editor, e);
}

export function paste(s: State, text: string): State {
  s.composer.editor.paste(text);
  return { ...s };
}

export function newline(s: State): State {
  s.composer.editor.newline();
  return { ...s };
}

export function submit(s: State, now: string): Result {
  const editor = s.composer.editor;
  if (editor.value.trim() === '') return [s, []];
  if (s.chat.streaming !== undefined)
    return [notify(s, 'warn', 'A reply is still being generated: Esc stops it'), []];
  const text = editor.submit();
  return send(s, text, now);
}

export const composerCommands: Handlers = {
  'composer.send': submit,
  'composer.newline': (s) => none(newline(s)),
};
