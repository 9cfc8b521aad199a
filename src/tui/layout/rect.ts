// Rect: an immutable screen area in cells, with pure helpers. Widgets draw
// into a Rect of a Buffer; nothing here knows about the terminal.

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Margin {
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

export function rect(x: number, y: number, width: number, height: number): Rect {
  return { x, y, width: Math.max(0, width), height: Math.max(0, height) };
}

export const EMPTY_RECT: Rect = rect(0, 0, 0, 0);

export function right(r: Rect): number {
  return r.x + r.width;
}

export function bottom(r: Rect): number {
  return r.y + r.height;
}

export function area(r: Rect): number {
  return r.width * r.height;
}

export function isEmpty(r: Rect): boolean {
  return r.width === 0 || r.height === 0;
}

export function contains(r: Rect, x: number, y: number): boolean {
  return x >= r.x && x < right(r) && y >= r.y && y < bottom(r);
}

export function margin(top: number, rightM = top, bottomM = top, left = rightM): Margin {
  return { top, right: rightM, bottom: bottomM, left };
}

/** The area inside a margin; shrinks to zero size rather than going negative. */
export function inner(r: Rect, m: Margin | number): Rect {
  const mm = typeof m === 'number' ? margin(m) : m;
  const width = Math.max(0, r.width - mm.left - mm.right);
  const height = Math.max(0, r.height - mm.top - mm.bottom);
  return rect(r.x + Math.min(mm.left, r.width), r.y + Math.min(mm.top, r.height), width, height);
}

export function intersect(a: Rect, b: Rect): Rect {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const w = Math.min(right(a), right(b)) - x;
  const h = Math.min(bottom(a), bottom(b)) - y;
  return w <= 0 || h <= 0 ? rect(x, y, 0, 0) : rect(x, y, w, h);
}

export function union(a: Rect, b: Rect): Rect {
  if (isEmpty(a)) return b;
  if (isEmpty(b)) return a;
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return rect(x, y, Math.max(right(a), right(b)) - x, Math.max(bottom(a), bottom(b)) - y);
}

/** A rect of the given size centred in `r` (clamped to it). */
export function centered(r: Rect, width: number, height: number): Rect {
  const w = Math.min(width, r.width);
  const h = Math.min(height, r.height);
  return rect(r.x + Math.floor((r.width - w) / 2), r.y + Math.floor((r.height - h) / 2), w, h);
}

/** Rows of `r`, each one cell high. */
export function rows(r: Rect): Rect[] {
  const out: Rect[] = [];
  for (let i = 0; i < r.height; i++) out.push(rect(r.x, r.y + i, r.width, 1));
  return out;
}

/** Split off the top `n` rows: [top, rest]. */
export function splitTop(r: Rect, n: number): [Rect, Rect] {
  const h = Math.min(Math.max(0, n), r.height);
  return [rect(r.x, r.y, r.width, h), rect(r.x, r.y + h, r.width, r.height - h)];
}

/** Split off the left `n` columns: [left, rest]. */
export function splitLeft(r: Rect, n: number): [Rect, Rect] {
  const w = Math.min(Math.max(0, n), r.width);
  return [rect(r.x, r.y, w, r.height), rect(r.x + w, r.y, r.width - w, r.height)];
}

export function rectEquals(a: Rect, b: Rect): boolean {
  return a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}
