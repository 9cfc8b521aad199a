import { describe, expect, it } from 'vitest';
import { key } from '../../tui/index.js';
import {
  type Dialog,
  type DialogOutcome,
  confirmDialog,
  dialogKey,
  dialogPaste,
  formDialog,
  pickDialog,
  pickMatches,
  promptDialog,
} from './dialog.js';

const k = (name: string, mods: { ctrl?: boolean; alt?: boolean; shift?: boolean } = {}) =>
  key(name, mods, name.length === 1 && !mods.ctrl && !mods.alt ? name : undefined);

/** Feeds keys while the dialog stays open; returns the last outcome. */
function feed(d: Dialog, ...keys: ReturnType<typeof k>[]): DialogOutcome {
  let out: DialogOutcome = { type: 'open', dialog: d };
  for (const e of keys) {
    if (out.type !== 'open') break;
    out = dialogKey(out.dialog, e);
  }
  return out;
}

const none = { type: 'none' } as const;

describe('dialogs', () => {
  it('a prompt starts with its value selected: typing replaces it, Enter submits', () => {
    const out = feed(
      promptDialog('Rename', none, { value: 'old' }),
      k('n'),
      k('e'),
      k('w'),
      k('enter'),
    );
    expect(out).toMatchObject({ type: 'submitted', value: { kind: 'text', text: 'new' } });
  });

  it('a multi-line prompt opens with the cursor at the end, nothing selected: typing adds to it', () => {
    const d = promptDialog('Edit', none, { value: 'line one\nline two', multiline: true });
    expect(d.editor.selection()).toBeUndefined();
    expect(d.editor.cursor).toEqual({ row: 1, col: 'line two'.length });
    const out = feed(d, k('!'), k('enter'));
    expect(out).toMatchObject({ value: { kind: 'text', text: 'line one\nline two!' } });
  });

  it('Esc cancels any dialog', () => {
    expect(feed(promptDialog('x', none), k('escape')).type).toBe('cancelled');
    expect(feed(confirmDialog('x', 'sure?', none), k('escape')).type).toBe('cancelled');
    expect(feed(pickDialog('x', none, []), k('escape')).type).toBe('cancelled');
  });

  it('a single-line prompt ignores Alt+Enter; a multi-line one adds a line', () => {
    const one = feed(
      promptDialog('x', none),
      k('a'),
      k('enter', { alt: true }),
      k('b'),
      k('enter'),
    );
    expect(one).toMatchObject({ value: { text: 'ab' } });
    const many = feed(
      promptDialog('x', none, { multiline: true }),
      k('a'),
      k('j', { ctrl: true }),
      k('b'),
      k('enter'),
    );
    expect(many).toMatchObject({ value: { text: 'a\nb' } });
  });

  it('a dangerous confirmation starts on Cancel and takes no letter', () => {
    const danger = () => confirmDialog('Delete', 'sure?', none, { danger: true });
    expect(feed(danger(), k('enter')).type).toBe('cancelled');
    expect(feed(danger(), k('y')).type).toBe('open');
    expect(feed(danger(), k('right'), k('enter')).type).toBe('submitted');
    expect(feed(danger(), k('tab'), k('tab'), k('enter')).type).toBe('cancelled');
    expect(feed(danger(), k('n')).type).toBe('cancelled');
  });

  it('a confirmation takes y or Enter, and n cancels', () => {
    expect(feed(confirmDialog('Delete', 'sure?', none), k('y')).type).toBe('submitted');
    expect(feed(confirmDialog('Delete', 'sure?', none), k('enter')).type).toBe('submitted');
    expect(feed(confirmDialog('Delete', 'sure?', none), k('n')).type).toBe('cancelled');
    expect(feed(confirmDialog('Delete', 'sure?', none), k('x')).type).toBe('open');
  });

  it('a form moves with Tab and Enter and submits every value from the last field', () => {
    const d = formDialog('Vars', none, [{ label: 'name' }, { label: 'lang', value: 'en' }]);
    const out = feed(d, k('b'), k('o'), k('enter'), k('enter'));
    expect(out).toMatchObject({ type: 'submitted', value: { kind: 'form', values: ['bo', 'en'] } });
    const back = feed(d, k('tab'), k('tab', { shift: true }));
    expect(back.type === 'open' && back.dialog.kind === 'form' && back.dialog.focused).toBe(0);
  });

  it('a picker filters as you type, moves the selection and picks the highlighted item', () => {
    const items = ['alpha', 'beta', 'gamma', 'delta'].map((x) => ({ label: x, value: x }));
    const out = feed(pickDialog('Pick', none, items), k('down'), k('down'), k('up'), k('enter'));
    expect(out).toMatchObject({ type: 'submitted', value: { kind: 'pick', value: 'beta' } });
    // A filter ranks the best match first (the prefix) and resets the selection to it.
    const ranked = feed(pickDialog('Pick', none, items), k('down'), k('d'), k('enter'));
    expect(ranked).toMatchObject({ value: { value: 'delta' } });
    const narrowed = feed(pickDialog('Pick', none, items), k('m'), k('m'));
    if (narrowed.type !== 'open' || narrowed.dialog.kind !== 'pick') throw new Error('closed');
    expect(pickMatches(narrowed.dialog).map((m) => m.item.value)).toEqual(['gamma']);
    // Enter with nothing matching keeps the picker open.
    expect(feed(pickDialog('Pick', none, items), k('z'), k('enter')).type).toBe('open');
  });

  it('a paste goes to the focused field; single-line fields get one line', () => {
    const d = dialogPaste(promptDialog('x', none), 'a\nb');
    expect(d.kind === 'prompt' && d.editor.value).toBe('a b');
    const m = dialogPaste(promptDialog('x', none, { multiline: true }), 'a\nb');
    expect(m.kind === 'prompt' && m.editor.value).toBe('a\nb');
  });

  it('typing clears an error shown for the last answer', () => {
    const d: Dialog = { ...promptDialog('x', none), error: 'bad path' };
    const out = feed(d, k('a'));
    expect(out.type === 'open' && out.dialog.error).toBeUndefined();
  });
});
