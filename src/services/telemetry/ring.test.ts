import { describe, expect, it } from 'vitest';
import { Ring } from './ring.js';

describe('Ring', () => {
  it('keeps the newest items up to its capacity', () => {
    const r = new Ring<number>(3);
    expect(r.last()).toBeUndefined();
    for (let i = 1; i <= 7; i++) r.push(i);
    expect(r.toArray()).toEqual([5, 6, 7]);
    expect(r.length).toBe(3);
    expect(r.last()).toBe(7);
    r.clear();
    expect(r.toArray()).toEqual([]);
    expect(() => new Ring(0)).toThrow(RangeError);
  });
});
