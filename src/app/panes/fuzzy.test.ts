import { describe, expect, it } from 'vitest';
import { fuzzyFilter, fuzzyMatch } from './fuzzy.js';

describe('fuzzy matching', () => {
  it('matches the query characters in order, case-insensitively', () => {
    expect(fuzzyMatch('nwc', 'Start a New Chat')?.positions).toEqual([8, 10, 12]);
    expect(fuzzyMatch('xyz', 'Start a new chat')).toBeUndefined();
    expect(fuzzyMatch('tac', 'cat')).toBeUndefined();
  });

  it('an empty query matches everything with no positions', () => {
    expect(fuzzyMatch('  ', 'anything')).toEqual({ score: 0, positions: [] });
  });

  it('ranks word starts and runs above scattered letters, and keeps order for ties', () => {
    const items = ['Scroll down a line', 'Show the keys', 'Switch theme', 'Suspend to the shell'];
    const ranked = fuzzyFilter('sh', items, (x) => x).map((r) => r.item);
    expect(ranked[0]).toBe('Show the keys');
    expect(fuzzyFilter('', items, (x) => x).map((r) => r.item)).toEqual(items);
    const theme = fuzzyFilter('theme', items, (x) => x).map((r) => r.item);
    expect(theme[0]).toBe('Switch theme');
  });
});
