import { describe, expect, it } from 'vitest';
import { HOSTILE } from '../../../test/fixtures/hostile.js';
import { Mod } from '../style/style.js';
import { isSafe, safeLinkTarget, sanitize } from './sanitize.js';
import { line, plain, span } from './span.js';
import { expandTabs, graphemes, stringWidth } from './width.js';
import { truncate, truncateLine, wrapLine } from './wrap.js';

describe('width', () => {
  it('measures ASCII, CJK, emoji, ZWJ sequences, flags, keycaps and combining marks', () => {
    expect(stringWidth('hello')).toBe(5);
    expect(stringWidth('中文')).toBe(4);
    expect(stringWidth('😀')).toBe(2);
    expect(stringWidth('👨‍👩‍👧')).toBe(2);
    expect(stringWidth('❤️')).toBe(2);
    expect(stringWidth('❤')).toBe(1);
    expect(stringWidth('☺︎')).toBe(1);
    expect(stringWidth('🇫🇷')).toBe(2);
    expect(stringWidth('1️⃣')).toBe(2);
    expect(stringWidth('e\u0301')).toBe(1);
    expect(stringWidth('ｶﾀｶﾅ')).toBe(4);
    expect(stringWidth('\u200b')).toBe(0);
  });

  it('splits into grapheme clusters', () => {
    expect(graphemes('a👨‍👩‍👧e\u0301')).toEqual(['a', '👨‍👩‍👧', 'e\u0301']);
  });

  it('expands tabs to the next stop', () => {
    expect(expandTabs('a\tb', 4)).toBe('a   b');
    expect(expandTabs('中\tb', 4)).toBe('中  b');
    expect(expandTabs('\t', 4, 2)).toBe('  ');
  });
});

describe('sanitize', () => {
  it.each(HOSTILE)('makes %j inert', (input, want) => {
    const out = sanitize(input);
    expect(out).toBe(want);
    expect(isSafe(out)).toBe(true);
    for (let i = 0; i < out.length; i++) {
      const c = out.charCodeAt(i);
      expect(c < 0x20 || (c >= 0x7f && c <= 0x9f), `code ${c} at ${i}`).toBe(false);
    }
  });

  it('returns safe strings unchanged and turns tabs into spaces', () => {
    const s = 'plain 中文 😀';
    expect(sanitize(s)).toBe(s);
    expect(sanitize('a\tb')).toBe('a b');
  });

  it('accepts only printable http(s)/file/mailto link targets', () => {
    expect(safeLinkTarget('https://example.org/a?b=c')).toBe('https://example.org/a?b=c');
    expect(safeLinkTarget('https://x\x1b\\y')).toBeUndefined();
    expect(safeLinkTarget('https://x\x07')).toBeUndefined();
    expect(safeLinkTarget('javascript:alert(1)')).toBeUndefined();
    expect(safeLinkTarget('https://a b')).toBeUndefined();
  });
});

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

describe('grapheme fast path', () => {
  it('splits simple scripts per code unit and falls back for combining text', () => {
    expect(graphemes('─│中a한')).toEqual(['─', '│', '中', 'a', '한']);
    expect(stringWidth('┌──中┐')).toBe(6);
    expect(graphemes('─e\u0301')).toEqual(['─', 'e\u0301']);
    expect(graphemes('❤️x')).toEqual(['❤️', 'x']);
    expect(graphemes('\u1100\u1161')).toEqual(['\u1100\u1161']);
  });
});
