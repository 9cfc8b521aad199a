// Dialogs: small modal forms drawn over the panes — a text prompt, a yes/no
// confirmation, a form of several fields and a filterable picker. A dialog is
// data in the state (its shapes: ../types/dialog.ts); the purpose it carries
// (../types/purposes.ts) says which reducer gets the answer (see
// ../route-dialog.ts): this module knows no pane. Keys: Enter submits, Esc
// cancels; in a multi-line prompt Alt+Enter, Shift+Enter or Ctrl+J add a line.
import { type KeyEvent, TextAreaModel, textAreaHandleKey } from '../../tui/index.js';
import { fuzzyFilter, type FuzzyMatch } from './fuzzy.js';
import type {
  ConfirmDialog,
  Dialog,
  DialogOutcome,
  FormDialog,
  PickDialog,
  PickItem,
  PromptDialog,
} from '../types/dialog.js';
import type { DialogPurpose } from '../types/purposes.js';

export type * from '../types/dialog.js';

// --- constructors ----------------------------------------------------------

export function promptDialog(
  title: string,
  purpose: DialogPurpose,
  o: { value?: string; multiline?: boolean; help?: string; placeholder?: string } = {},
): PromptDialog {
  const editor = new TextAreaModel(o.value ?? '');
  // A one-line value (a title, a filter, a path) is selected, so typing
  // replaces it as in most forms. A text of many lines (a message, a system
  // prompt, a template) opens with the cursor at its end and nothing
  // selected: a key typed must never wipe it.
  if (o.multiline !== true) editor.selectAll();
  return {
    kind: 'prompt',
    title,
    purpose,
    editor,
    multiline: o.multiline ?? false,
    ...(o.help !== undefined ? { help: o.help } : {}),
    ...(o.placeholder !== undefined ? { placeholder: o.placeholder } : {}),
  };
}

export function confirmDialog(
  title: string,
  message: string,
  purpose: DialogPurpose,
  o: { confirmLabel?: string; danger?: boolean } = {},
): ConfirmDialog {
  return {
    kind: 'confirm',
    title,
    message,
    purpose,
    confirmLabel: o.confirmLabel ?? 'Yes',
    danger: o.danger ?? false,
    choice: o.danger === true ? 'cancel' : 'confirm',
  };
}

export function formDialog(
  title: string,
  purpose: DialogPurpose,
  fields: readonly { label: string; value?: string; placeholder?: string }[],
  help?: string,
  submit?: string,
): FormDialog {
  return {
    kind: 'form',
    title,
    purpose,
    focused: 0,
    ...(submit !== undefined ? { submit } : {}),
    fields: fields.map((f) => ({
      label: f.label,
      editor: new TextAreaModel(f.value ?? ''),
      ...(f.placeholder !== undefined ? { placeholder: f.placeholder } : {}),
    })),
    ...(help !== undefined ? { help } : {}),
  };
}

export function pickDialog(
  title: string,
  purpose: DialogPurpose,
  items: readonly PickItem[],
  o: { emptyText?: string; help?: string; filter?: string; body?: readonly string[] } = {},
): PickDialog {
  return {
    kind: 'pick',
    title,
    purpose,
    items,
    filter: new TextAreaModel(o.filter ?? ''),
    selected: 0,
    ...(o.emptyText !== undefined ? { emptyText: o.emptyText } : {}),
    ...(o.help !== undefined ? { help: o.help } : {}),
    ...(o.body !== undefined ? { body: o.body } : {}),
  };
}

/** The same dialog showing a problem with the last answer (it stays open). */
export function withError(d: Dialog, error: string): Dialog {
  return { ...d, error };
}

// --- filtering -------------------------------------------------------------

/** The picker's items that match its filter, best first. */
export function pickMatches(d: PickDialog): { item: PickItem; match: FuzzyMatch }[] {
  return fuzzyFilter(d.filter.value, d.items, (i) => `${i.label} ${i.detail ?? ''}`);
}

// --- keys ------------------------------------------------------------------

const isKey = (e: KeyEvent, name: string, mods: { ctrl?: boolean; alt?: boolean } = {}) =>
  e.key.toLowerCase() === name &&
  e.ctrl === (mods.ctrl ?? false) &&
  e.alt === (mods.alt ?? false) &&
  !e.meta;

function isNewline(e: KeyEvent): boolean {
  return (
    (e.key === 'enter' && (e.alt || e.shift)) || (e.key.toLowerCase() === 'j' && e.ctrl && !e.alt)
  );
}

/** Whether `e` is a plain Enter (no modifiers). */
function isSubmit(e: KeyEvent): boolean {
  return e.key === 'enter' && !e.alt && !e.shift && !e.ctrl && !e.meta;
}

export function dialogKey(d: Dialog, e: KeyEvent): DialogOutcome {
  if (isKey(e, 'escape')) return { type: 'cancelled' };
  switch (d.kind) {
    case 'prompt':
      return promptKey(d, e);
    case 'confirm':
      return confirmKey(d, e);
    case 'form':
      return formKey(d, e);
    case 'pick':
      return pickKey(d, e);
  }
}

const open = (dialog: Dialog): DialogOutcome => ({ type: 'open', dialog });

/** Edits clear a shown error (the user is fixing it). */
function edited<D extends Dialog>(d: D): D {
  if (d.error === undefined) return { ...d };
  const { error: _e, ...rest } = d;
  return rest as D;
}

function promptKey(d: PromptDialog, e: KeyEvent): DialogOutcome {
  if (isSubmit(e))
    return { type: 'submitted', dialog: d, value: { kind: 'text', text: d.editor.value } };
  if (isNewline(e)) {
    if (d.multiline) d.editor.newline();
    return open(edited(d));
  }
  if (textAreaHandleKey(d.editor, e)) return open(edited(d));
  return open(d);
}

function confirmKey(d: ConfirmDialog, e: KeyEvent): DialogOutcome {
  const submitted: DialogOutcome = { type: 'submitted', dialog: d, value: { kind: 'confirm' } };
  if (isSubmit(e)) return d.choice === 'confirm' ? submitted : { type: 'cancelled' };
  if (isKey(e, 'y') && !d.danger) return submitted;
  if (isKey(e, 'n')) return { type: 'cancelled' };
  const plain = !e.ctrl && !e.alt && !e.meta;
  if (plain && ['left', 'right', 'tab'].includes(e.key))
    return open({ ...d, choice: d.choice === 'confirm' ? 'cancel' : 'confirm' });
  return open(d);
}

function formKey(d: FormDialog, e: KeyEvent): DialogOutcome {
  const n = d.fields.length;
  const move = (step: number) => open({ ...d, focused: (d.focused + step + n) % n });
  if (e.key === 'tab' && !e.ctrl && !e.alt) return move(e.shift ? -1 : 1);
  if (e.key === 'up' && !e.ctrl && !e.alt && !e.shift) return move(-1);
  if (e.key === 'down' && !e.ctrl && !e.alt && !e.shift) return move(1);
  if (isSubmit(e)) {
    if (d.focused < n - 1) return move(1);
    return {
      type: 'submitted',
      dialog: d,
      value: { kind: 'form', values: d.fields.map((f) => f.editor.value) },
    };
  }
  if (isKey(e, 's', { ctrl: true }))
    return {
      type: 'submitted',
      dialog: d,
      value: { kind: 'form', values: d.fields.map((f) => f.editor.value) },
    };
  const field = d.fields[d.focused];
  if (field !== undefined && !isNewline(e) && textAreaHandleKey(field.editor, e))
    return open(edited(d));
  return open(d);
}

/** Rows a page key moves in a picker. */
const PICK_PAGE = 10;

function pickKey(d: PickDialog, e: KeyEvent): DialogOutcome {
  const count = pickMatches(d).length;
  const clamp = (i: number) => Math.max(0, Math.min(Math.max(0, count - 1), i));
  const plain = !e.ctrl && !e.alt && !e.meta;
  const moveBy = (step: number) => open({ ...d, selected: clamp(d.selected + step) });
  if (e.key === 'up' && plain) return moveBy(-1);
  if (e.key === 'down' && plain) return moveBy(1);
  if ((e.key === 'p' || e.key === 'k') && e.ctrl) return moveBy(-1);
  if ((e.key === 'n' || e.key === 'j') && e.ctrl) return moveBy(1);
  if (e.key === 'pageup' && plain) return moveBy(-PICK_PAGE);
  if (e.key === 'pagedown' && plain) return moveBy(PICK_PAGE);
  if (isSubmit(e)) {
    const hit = pickMatches(d)[d.selected];
    if (hit === undefined) return open(d);
    return { type: 'submitted', dialog: d, value: { kind: 'pick', value: hit.item.value } };
  }
  if (e.key === 'tab' || isNewline(e)) return open(d);
  if (textAreaHandleKey(d.filter, e)) return open({ ...edited(d), selected: 0 });
  return open(d);
}

/** A paste goes to the focused text field (newlines only where the field takes them). */
export function dialogPaste(d: Dialog, text: string): Dialog {
  const one = (t: string) => t.replace(/\r?\n/g, ' ');
  switch (d.kind) {
    case 'prompt':
      d.editor.paste(d.multiline ? text : one(text));
      return edited(d);
    case 'form': {
      d.fields[d.focused]?.editor.paste(one(text));
      return edited(d);
    }
    case 'pick':
      d.filter.paste(one(text));
      return { ...edited(d), selected: 0 };
    case 'confirm':
      return d;
  }
}
