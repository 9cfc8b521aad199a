// Scroll detection: when a transcript gains a line, every row of it moves up
// and a plain cell diff would repaint them all. If a band of rows of the new
// frame equals the screen's rows shifted up by k, the renderer scrolls that band
// with a scroll region (DECSTBM + SU) and diffs against the shifted screen, so
// only the new line is written. Rows are matched by hash and then verified.
import { type Buffer } from '../buffer/buffer.js';
import { at } from '../util/at.js';

export interface ScrollPlan {
  /** First and last screen row of the scroll region (inclusive). */
  readonly top: number;
  readonly bottom: number;
  /** Rows scrolled up. */
  readonly amount: number;
}

/** One hash per row (symbol code units, width, colours, modifiers, link presence). */
export function rowHashes(buf: Buffer): Int32Array {
  const out = new Int32Array(buf.height);
  const w = buf.width;
  const cells = buf.cells;
  for (let y = 0; y < buf.height; y++) {
    let h = 0x811c9dc5 | 0;
    for (let i = y * w; i < (y + 1) * w; i++) {
      const c = at(cells, i);
      const s = c.symbol;
      h = Math.imul(h ^ (s.length === 0 ? 0 : s.charCodeAt(0) + s.length * 65536), 16777619);
      h = Math.imul(h ^ c.fg, 16777619);
      h = Math.imul(h ^ (c.bg + c.mods * 31 + (c.link === undefined ? 0 : 7)), 16777619);
    }
    out[y] = h;
  }
  return out;
}

function rowsEqual(a: Buffer, ay: number, b: Buffer, by: number): boolean {
  const w = a.width;
  for (let x = 0; x < w; x++) {
    if (!at(a.cells, ay * w + x).equals(at(b.cells, by * w + x))) return false;
  }
  return true;
}

/**
 * The best band to scroll, or undefined when scrolling would save fewer than
 * `minRows` repainted rows. `prev` is what is on screen, `next` the new frame.
 */
export function planScroll(
  prevH: Int32Array,
  nextH: Int32Array,
  maxShift = 12,
  minRows = 3,
): ScrollPlan | undefined {
  const h = nextH.length;
  if (prevH.length !== h) return undefined;
  let best: ScrollPlan | undefined;
  let bestGain = minRows - 1;
  for (let k = 1; k <= maxShift && k < h; k++) {
    let start = -1;
    let gain = 0;
    for (let y = 0; y <= h - k; y++) {
      const ok = y < h - k && nextH[y] === prevH[y + k];
      if (ok) {
        if (start < 0) {
          start = y;
          gain = 0;
        }
        if (nextH[y] !== prevH[y]) gain++;
        continue;
      }
      if (start >= 0 && gain > bestGain) {
        bestGain = gain;
        best = { top: start, bottom: y - 1 + k, amount: k };
      }
      start = -1;
    }
  }
  return best;
}

/** Checks a plan cell by cell (hashes can collide). */
export function verifyScroll(prev: Buffer, next: Buffer, p: ScrollPlan): boolean {
  for (let y = p.top; y <= p.bottom - p.amount; y++)
    if (!rowsEqual(next, y, prev, y + p.amount)) return false;
  return true;
}

/** The bytes that scroll the band; the cursor ends up at the home position. */
export function scrollSequence(p: ScrollPlan): string {
  return `\x1b[${p.top + 1};${p.bottom + 1}r\x1b[${p.amount}S\x1b[r`;
}

/** Applies the scroll to `screen` (the buffer that mirrors the terminal). */
export function applyScroll(screen: Buffer, p: ScrollPlan): void {
  const w = screen.width;
  const cells = screen.cells;
  for (let y = p.top; y <= p.bottom; y++) {
    for (let x = 0; x < w; x++) {
      const dst = at(cells, y * w + x);
      if (y + p.amount <= p.bottom) dst.copyFrom(at(cells, (y + p.amount) * w + x));
      else dst.reset();
    }
  }
}
