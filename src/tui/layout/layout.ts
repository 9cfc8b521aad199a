// Layout: splits a Rect into segments along one direction by constraints.
// A small deterministic solver (no linear programming): fixed sizes first, then
// the leftover is shared by Fill weights (or Min segments), and an overflow is
// taken back from the most flexible constraints first. Sizes always sum to at
// most the available space and segments never overlap.
import { type Margin, type Rect, inner, rect } from './rect.js';

export type Constraint =
  | { readonly kind: 'length'; readonly value: number }
  | { readonly kind: 'min'; readonly value: number }
  | { readonly kind: 'max'; readonly value: number }
  | { readonly kind: 'percentage'; readonly value: number }
  | { readonly kind: 'ratio'; readonly num: number; readonly den: number }
  | { readonly kind: 'fill'; readonly weight: number };

export const length = (value: number): Constraint => ({ kind: 'length', value });
export const min = (value: number): Constraint => ({ kind: 'min', value });
export const max = (value: number): Constraint => ({ kind: 'max', value });
export const percentage = (value: number): Constraint => ({ kind: 'percentage', value });
export const ratio = (num: number, den: number): Constraint => ({ kind: 'ratio', num, den });
export const fill = (weight = 1): Constraint => ({ kind: 'fill', weight });

export type Direction = 'horizontal' | 'vertical';

export interface LayoutOptions {
  readonly direction: Direction;
  readonly constraints: readonly Constraint[];
  readonly margin?: Margin | number;
  /** Cells left empty between adjacent segments. */
  readonly spacing?: number;
}

/** Order in which an overflow is taken back: the most flexible first. */
const SHRINK_ORDER: readonly Constraint['kind'][] = [
  'fill',
  'max',
  'percentage',
  'ratio',
  'length',
  'min',
];

/** Distributes `total` cells by integer weights with the largest-remainder rule. */
export function distribute(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + Math.max(0, b), 0);
  if (sum <= 0 || total <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (Math.max(0, w) * total) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact
    .map((e, i) => ({ i, frac: e - Math.floor(e) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    out[i] = (out[i] ?? 0) + 1;
    left--;
  }
  return out;
}

/** Sizes along one axis for `available` cells. Pure; exported for tests. */
export function solveSizes(constraints: readonly Constraint[], available: number): number[] {
  const avail = Math.max(0, Math.floor(available));
  const sizes = constraints.map((c) => {
    switch (c.kind) {
      case 'length':
      case 'min':
      case 'max':
        return Math.max(0, Math.floor(c.value));
      case 'percentage':
        return Math.floor((avail * Math.max(0, c.value)) / 100);
      case 'ratio':
        return c.den <= 0 ? 0 : Math.floor((avail * Math.max(0, c.num)) / c.den);
      case 'fill':
        return 0;
    }
  });
  let used = sizes.reduce((a, b) => a + b, 0);
  if (used < avail) {
    const fills = constraints.map((c) => (c.kind === 'fill' ? c.weight : 0));
    const growers = fills.some((w) => w > 0)
      ? fills
      : constraints.map((c) => (c.kind === 'min' ? 1 : 0));
    const extra = distribute(avail - used, growers);
    for (let i = 0; i < sizes.length; i++) sizes[i] = (sizes[i] ?? 0) + (extra[i] ?? 0);
    used = sizes.reduce((a, b) => a + b, 0);
  }
  // Overflow: shrink one class at a time, the last segment of a class first.
  for (const kind of SHRINK_ORDER) {
    for (let i = constraints.length - 1; i >= 0 && used > avail; i--) {
      if (constraints[i]?.kind !== kind) continue;
      const take = Math.min(sizes[i] ?? 0, used - avail);
      sizes[i] = (sizes[i] ?? 0) - take;
      used -= take;
    }
  }
  return sizes;
}

/** Splits `area` into one Rect per constraint. */
export function split(area: Rect, opts: LayoutOptions): Rect[] {
  const r = opts.margin === undefined ? area : inner(area, opts.margin);
  const n = opts.constraints.length;
  if (n === 0) return [];
  const horizontal = opts.direction === 'horizontal';
  const total = horizontal ? r.width : r.height;
  const spacing = Math.max(0, Math.floor(opts.spacing ?? 0));
  const gaps = Math.min(spacing * (n - 1), total);
  const sizes = solveSizes(opts.constraints, total - gaps);
  const out: Rect[] = [];
  let pos = horizontal ? r.x : r.y;
  const end = pos + total;
  for (let i = 0; i < n; i++) {
    const size = Math.max(0, Math.min(sizes[i] ?? 0, end - pos));
    out.push(horizontal ? rect(pos, r.y, size, r.height) : rect(r.x, pos, r.width, size));
    pos = Math.min(end, pos + size + (i < n - 1 ? spacing : 0));
  }
  return out;
}

export const vertical = (area: Rect, constraints: readonly Constraint[], spacing = 0): Rect[] =>
  split(area, { direction: 'vertical', constraints, spacing });

export const horizontal = (area: Rect, constraints: readonly Constraint[], spacing = 0): Rect[] =>
  split(area, { direction: 'horizontal', constraints, spacing });
