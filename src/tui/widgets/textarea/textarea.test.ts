import { describe, expect, it } from 'vitest';
import { Buffer } from '../../buffer/buffer.js';
import { key } from '../../input/events.js';
import { Mod } from '../../style/style.js';
import { assertBufferLines } from '../../testing/index.js';
import { boundaries, wordLeft, wordRight } from './editing.js';
import { TextAreaModel, drawTextArea, textAreaHandleKey } from './index.js';

const type = (m: TextAreaModel, s: string): void => {
  for (const ch of Array.from(s)) textAreaHandleKey(m, key(ch, {}, ch));
};

describe('editing helpers', () => {
  it('finds grapheme and word boundaries', () => {
    expect(boundaries('a👨‍👩‍👧b')).toEqual([0, 1, 9, 10]);
    expect(wordLeft('foo bar.baz', 11)).toBe(8);
    expect(wordLeft('foo bar', 4)).toBe(0);
    expect(wordRight('foo bar', 3)).toBe(7);
    expect(wordRight('foo bar', 0)).toBe(3);
  });
});

describe('TextAreaModel', () => {
  it('inserts, moves by grapheme and deletes whole clusters', () => {
    const m = new TextAreaModel();
    type(m, 'ae\u0301😀');
    expect(m.value).toBe('ae\u0301😀');
    m.left();
    m.backspace();
    expect(m.value).toBe('a😀');
    m.end();
    m.backspace();
    expect(m.value).toBe('a');
  });

  it('splits and joins lines', () => {
    const m = new TextAreaModel('ab');
    m.left();
    m.newline();
    expect(m.lines).toEqual(['a', 'b']);
    m.backspace();
    expect(m.lines).toEqual(['ab']);
    m.home();
    m.deleteForward();
    expect(m.value).toBe('b');
  });

  it('undoes typing as one step and redoes it', () => {
    const m = new TextAreaModel();
    type(m, 'hello');
    m.newline();
    type(m, 'world');
    expect(m.value).toBe('hello\nworld');
    m.undo();
    expect(m.value).toBe('hello\n');
    m.undo();
    expect(m.value).toBe('hello');
    m.undo();
    expect(m.value).toBe('');
    m.redo();
    m.redo();
    expect(m.value).toBe('hello\n');
  });

  it('selects with shift, replaces the selection and copies text', () => {
    const m = new TextAreaModel('one two\nthree');
    m.moveTo({ row: 0, col: 4 });
    textAreaHandleKey(m, key('down', { shift: true }));
    expect(m.selectedText()).toBe('two\nthre');
    type(m, 'X');
    expect(m.value).toBe('one Xe');
    m.selectAll();
    m.backspace();
    expect(m.value).toBe('');
  });

  it('deletes words and to line ends with the readline keys', () => {
    const m = new TextAreaModel('alpha beta gamma');
    textAreaHandleKey(m, key('w', { ctrl: true }));
    expect(m.value).toBe('alpha beta ');
    textAreaHandleKey(m, key('a', { ctrl: true }));
    textAreaHandleKey(m, key('right', { ctrl: true }));
    textAreaHandleKey(m, key('k', { ctrl: true }));
    expect(m.value).toBe('alpha');
  });

  it('pastes multi-line text as one undo step', () => {
    const m = new TextAreaModel('[]');
    m.left();
    m.paste('a\r\nb\nc');
    expect(m.lines).toEqual(['[a', 'b', 'c]']);
    m.undo();
    expect(m.value).toBe('[]');
  });

  it('walks the submit history with up and down, keeping the draft', () => {
    const m = new TextAreaModel();
    type(m, 'first');
    expect(m.submit()).toBe('first');
    type(m, 'second');
    m.submit();
    type(m, 'draft');
    m.up();
    expect(m.value).toBe('second');
    m.up();
    expect(m.value).toBe('first');
    m.down();
    m.down();
    expect(m.value).toBe('draft');
  });

  it('moves up and down by display column across wide text', () => {
    const m = new TextAreaModel('中文中文\nabcdefgh');
    m.moveTo({ row: 1, col: 4 }); // after "abcd": display column 4
    m.up();
    expect(m.cursor).toEqual({ row: 0, col: 2 }); // after "中文"
    m.down();
    expect(m.cursor).toEqual({ row: 1, col: 4 });
  });

  it('moves by visual row inside a soft-wrapped line', () => {
    const b = Buffer.sized(4, 3);
    const m = new TextAreaModel('abcdefghij');
    m.moveTo({ row: 0, col: 9 });
    drawTextArea(b, b.area, m); // rows: abcd / efgh / ij
    m.up();
    expect(m.cursor).toEqual({ row: 0, col: 5 });
    m.up();
    expect(m.cursor).toEqual({ row: 0, col: 1 });
    m.down();
    m.down();
    expect(m.cursor).toEqual({ row: 0, col: 9 });
  });

  it('leaves plain Enter to the caller unless configured', () => {
    const m = new TextAreaModel('x');
    expect(textAreaHandleKey(m, key('enter'))).toBe(false);
    expect(textAreaHandleKey(m, key('enter', { shift: true }))).toBe(true);
    expect(textAreaHandleKey(m, key('enter'), { enterInsertsNewline: true })).toBe(true);
    expect(m.lines).toHaveLength(3);
  });
});

describe('drawTextArea', () => {
  it('soft-wraps without splitting wide glyphs and places the cursor', () => {
    const b = Buffer.sized(5, 3);
    const m = new TextAreaModel('ab中文字x');
    const cur = drawTextArea(b, b.area, m);
    assertBufferLines(b, ['ab中 ', '文字x', '     ']);
    expect(cur).toEqual({ x: 0, y: 2 });
  });

  it('soft-wraps at word boundaries when it can', () => {
    const b = Buffer.sized(8, 3);
    drawTextArea(b, b.area, new TextAreaModel('one two three'), { focused: false });
    assertBufferLines(b, ['one two ', 'three   ', '        ']);
    const c = Buffer.sized(4, 3);
    const m = new TextAreaModel('ab cdefghij');
    m.moveTo({ row: 0, col: 0 }); // at the end the cursor would need a fourth row
    drawTextArea(c, c.area, m, { focused: false });
    assertBufferLines(c, ['ab  ', 'cdef', 'ghij']);
  });

  it('shows the placeholder when empty and highlights a selection', () => {
    const b = Buffer.sized(8, 1);
    const m = new TextAreaModel();
    drawTextArea(b, b.area, m, { placeholder: 'Ask…' });
    expect(b.rowText(0)).toBe('Ask…    ');
    const c = Buffer.sized(8, 1);
    const n = new TextAreaModel('hello');
    n.left(true);
    n.left(true);
    drawTextArea(c, c.area, n);
    expect(c.cell(2, 0).mods).toBe(0);
    expect(c.cell(3, 0).mods).toBe(Mod.reverse);
    expect(c.cell(4, 0).mods).toBe(Mod.reverse);
  });

  it('scrolls to keep the cursor visible', () => {
    const b = Buffer.sized(4, 2);
    const m = new TextAreaModel('1\n2\n3\n4');
    const cur = drawTextArea(b, b.area, m);
    assertBufferLines(b, ['3   ', '4   ']);
    expect(cur).toEqual({ x: 1, y: 1 });
    expect(m.scroll).toBe(2);
  });

  it('renders escape sequences in the text as visible characters', () => {
    const b = Buffer.sized(10, 1);
    drawTextArea(b, b.area, new TextAreaModel('\x1b[2Jx'), { focused: false });
    expect(b.rowText(0)).toBe('^[[2Jx    ');
  });
});
