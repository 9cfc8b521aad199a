import { describe, expect, it } from 'vitest';
import { editDistance, nearest } from './suggest.js';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and transpositions', () => {
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('mouse', 'muose')).toBe(1);
    expect(editDistance('same', 'same')).toBe(0);
  });
});

describe('nearest', () => {
  const keys = ['theme', 'layout', 'mouse', 'max_fps', 'sidebar_width', 'scroll_lines'];
  it('finds a close typo', () => {
    expect(nearest('thme', keys)).toBe('theme');
    expect(nearest('max-fps', keys)).toBe('max_fps');
    expect(nearest('MOUSE', keys)).toBe('mouse');
    expect(nearest('sidebar', keys)).toBe('sidebar_width');
  });
  it('suggests nothing for an unrelated word', () => {
    expect(nearest('banana', keys)).toBeUndefined();
    expect(nearest('x', keys)).toBeUndefined();
  });
});
