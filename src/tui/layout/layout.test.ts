import { describe, expect, it } from 'vitest';
import {
  fill,
  horizontal,
  length,
  max,
  min,
  percentage,
  ratio,
  solveSizes,
  split,
  vertical,
} from './layout.js';
import { centered, inner, intersect, rect } from './rect.js';

describe('solveSizes', () => {
  it('gives lengths, percentages and ratios their size and the rest to fills by weight', () => {
    expect(solveSizes([length(10), fill(1), fill(2)], 40)).toEqual([10, 10, 20]);
    expect(solveSizes([percentage(25), fill()], 80)).toEqual([20, 60]);
    expect(solveSizes([ratio(1, 3), ratio(2, 3)], 30)).toEqual([10, 20]);
  });

  it('lets min segments grow when there is no fill, and keeps max at its size', () => {
    expect(solveSizes([min(5), length(3)], 20)).toEqual([17, 3]);
    expect(solveSizes([max(5), length(3)], 20)).toEqual([5, 3]);
  });

  it('shares a remainder by the largest remainder, never exceeding the space', () => {
    const s = solveSizes([fill(), fill(), fill()], 10);
    expect(s.reduce((a, b) => a + b, 0)).toBe(10);
    expect(s).toEqual([4, 3, 3]);
  });

  it('takes an overflow back from max, then lengths, and min last', () => {
    expect(solveSizes([min(10), length(10), max(10)], 15)).toEqual([10, 5, 0]);
    expect(solveSizes([length(10), length(10)], 5)).toEqual([5, 0]);
    expect(solveSizes([min(10), min(10)], 5)).toEqual([5, 0]);
  });

  it('never yields negative sizes or more than the space for any input', () => {
    const kinds = [length(7), min(3), max(9), percentage(40), ratio(1, 4), fill(2)];
    for (let total = 0; total < 60; total += 7) {
      for (let i = 0; i < kinds.length; i++) {
        const cs = [
          kinds[i] ?? fill(),
          kinds[(i + 2) % kinds.length] ?? fill(),
          kinds[(i + 3) % kinds.length] ?? fill(),
        ];
        const s = solveSizes(cs, total);
        expect(s.every((v) => v >= 0)).toBe(true);
        expect(s.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(total);
      }
    }
  });
});

describe('split', () => {
  it('splits vertically and horizontally into adjacent rects', () => {
    expect(vertical(rect(0, 0, 10, 10), [length(2), fill()])).toEqual([
      rect(0, 0, 10, 2),
      rect(0, 2, 10, 8),
    ]);
    expect(horizontal(rect(5, 1, 10, 3), [percentage(50), percentage(50)])).toEqual([
      rect(5, 1, 5, 3),
      rect(10, 1, 5, 3),
    ]);
  });

  it('applies margins and spacing', () => {
    const r = split(rect(0, 0, 22, 5), {
      direction: 'horizontal',
      constraints: [fill(), fill()],
      margin: 1,
      spacing: 2,
    });
    expect(r).toEqual([rect(1, 1, 9, 3), rect(12, 1, 9, 3)]);
  });
});

describe('rect helpers', () => {
  it('computes inner, intersection and centred rects', () => {
    expect(inner(rect(0, 0, 10, 4), 1)).toEqual(rect(1, 1, 8, 2));
    expect(inner(rect(0, 0, 1, 1), 1)).toEqual(rect(1, 1, 0, 0));
    expect(intersect(rect(0, 0, 5, 5), rect(3, 3, 5, 5))).toEqual(rect(3, 3, 2, 2));
    expect(intersect(rect(0, 0, 2, 2), rect(5, 5, 1, 1)).width).toBe(0);
    expect(centered(rect(0, 0, 20, 10), 10, 4)).toEqual(rect(5, 3, 10, 4));
  });
});
