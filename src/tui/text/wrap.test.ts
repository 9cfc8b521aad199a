import { describe, expect, it } from 'vitest';
import { Mod } from '../style/style.js';
import { line, plain, span } from './span.js';
import { truncate, truncateLine, wrapLine } from './wrap.js';

describe('wrap and truncate', () => {
  const bold = { add: Mod.bold };
  it('wraps by word, dropping the spaces at the break', () => {
    const out = wrapLine(line('the quick brown fox'), 10).map(plain);
    expect(out).toEqual(['the quick', 'brown fox']);
  });

  it('breaks a word longer than the width, and never splits a wide glyph', () => {
    expect(wrapLine(line('abcdefghij'), 4).map(plain)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapLine(line('中文字符'), 3).map(plain)).toEqual(['中', '文', '字', '符']);
    expect(wrapLine(line('a👨‍👩‍👧b'), 2, 'char').map(plain)).toEqual(['a', '👨‍👩‍👧', 'b']);
  });

  it('keeps span styles across the break', () => {
    const out = wrapLine(line(span('hello '), span('world', bold)), 6);
    expect(out).toHaveLength(2);
    expect(out[1]?.spans).toEqual([span('world', bold)]);
  });

  it('wraps by character when asked', () => {
    expect(wrapLine(line('ab cd ef'), 3, 'char').map(plain)).toEqual(['ab ', 'cd ', 'ef']);
  });

  it('keeps an empty line', () => {
    expect(wrapLine(line(''), 5).map(plain)).toEqual(['']);
  });

  it('truncates with an ellipsis by width', () => {
    expect(truncate('hello world', 8)).toBe('hello w…');
    expect(truncate('中文中文', 5)).toBe('中文…');
    expect(truncate('short', 10)).toBe('short');
    expect(plain(truncateLine(line(span('abc', bold), span('def')), 4))).toBe('abc…');
  });
});
