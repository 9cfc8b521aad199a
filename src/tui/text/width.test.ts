import { describe, expect, it } from 'vitest';
import { expandTabs, graphemes, stringWidth } from './width.js';

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

describe('grapheme fast path', () => {
  it('splits simple scripts per code unit and falls back for combining text', () => {
    expect(graphemes('─│中a한')).toEqual(['─', '│', '中', 'a', '한']);
    expect(stringWidth('┌──中┐')).toBe(6);
    expect(graphemes('─e\u0301')).toEqual(['─', 'e\u0301']);
    expect(graphemes('❤️x')).toEqual(['❤️', 'x']);
    expect(graphemes('\u1100\u1161')).toEqual(['\u1100\u1161']);
  });
});
