// Default key handling for the text area: readline/editor-style bindings on
// decoded key events. Returns true when the key was consumed, so the caller
// can offer unconsumed keys (e.g. Enter to submit) to the next handler.
import type { KeyEvent, PasteEvent } from '../../input/events.js';
import type { TextAreaModel } from './model.js';

export interface TextAreaKeyOptions {
  /** When true plain Enter inserts a newline; otherwise only Shift/Alt+Enter do. */
  readonly enterInsertsNewline?: boolean;
}

export function textAreaHandleKey(
  m: TextAreaModel,
  e: KeyEvent,
  opts?: TextAreaKeyOptions,
): boolean {
  if (e.kind === 'release') return false;
  const word = e.ctrl || e.alt;
  const sel = e.shift;
  switch (e.key) {
    case 'left':
      m.left(sel, word);
      return true;
    case 'right':
      m.right(sel, word);
      return true;
    case 'up':
      m.up(sel);
      return true;
    case 'down':
      m.down(sel);
      return true;
    case 'home':
      if (e.ctrl) m.moveTo({ row: 0, col: 0 }, sel);
      else m.home(sel);
      return true;
    case 'end':
      if (e.ctrl) m.moveTo({ row: m.lines.length - 1, col: Infinity }, sel);
      else m.end(sel);
      return true;
    case 'backspace':
      m.backspace(word);
      return true;
    case 'delete':
      m.deleteForward(word);
      return true;
    case 'enter':
      if (opts?.enterInsertsNewline === true || e.shift || e.alt) {
        m.newline();
        return true;
      }
      return false;
    case 'tab':
      if (e.shift || e.ctrl || e.alt) return false;
      m.insert('\t');
      return true;
  }
  if (e.ctrl && !e.alt) {
    switch (e.key) {
      case 'a':
        m.home();
        return true;
      case 'e':
        m.end();
        return true;
      case 'z':
        if (e.shift) m.redo();
        else m.undo();
        return true;
      case 'y':
        m.redo();
        return true;
      case 'u':
        m.deleteToLineStart();
        return true;
      case 'k':
        m.deleteToLineEnd();
        return true;
      case 'w':
        m.backspace(true);
        return true;
    }
    return false;
  }
  if (e.alt && e.key === 'b') {
    m.left(false, true);
    return true;
  }
  if (e.alt && e.key === 'f') {
    m.right(false, true);
    return true;
  }
  if (e.text !== undefined && !e.ctrl && !e.alt && !e.meta) {
    m.insert(e.text);
    return true;
  }
  return false;
}

export function textAreaHandlePaste(m: TextAreaModel, e: PasteEvent): void {
  m.paste(e.text);
}
