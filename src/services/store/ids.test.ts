import { describe, expect, it } from 'vitest';
import { idTime, newId } from './ids.js';

describe('newId', () => {
  it('makes 26-character ids that sort in creation order, even within one millisecond', () => {
    const ids = Array.from({ length: 1000 }, () => newId(1_700_000_000_000));
    expect(ids.every((id) => /^[0-9A-HJKMNP-TV-Z]{26}$/.test(id))).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('encodes the time, and never goes backwards when the clock does', () => {
    const later = newId(1_800_000_000_000);
    expect(idTime(later)).toBe(1_800_000_000_000);
    const earlier = newId(1_750_000_000_000);
    expect(earlier > later).toBe(true);
    expect(idTime('not an id')).toBeUndefined();
  });
});
