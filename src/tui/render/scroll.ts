// Scroll detection: when a transcript gains a line, every row of it moves up
// (and when the user scrolls back, down), and a plain cell diff would repaint
// them all. If a band of rows of the new frame equals the screen's rows shifted
// by k, the renderer scrolls that band with a scroll region (DECSTBM + SU/SD)
// and diffs against the shifted screen, so only the uncovered lines are written.
// Rows are matched by hash and then verified cell by cell.
import type { Buffer } from '../buffer/buffer.js';
import { at } from '../util/at.js';

export interface ScrollPlan {
  /** First and last screen row of the scroll region (inclusive). */
  readonly top: number;
  readonly bottom: number;
  /** Rows scrolled: positive up (content moves up, SU), negative down (SD). */
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
 * `minRows` repainted rows. `prevH` hashes what is on screen, `nextH` the new frame.
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
  for (let k = -maxShift; k <= maxShift; k++) {
    if (k === 0 || Math.abs(k) >= h) continue;
    // Rows y of the new frame that equal screen row y + k.
    const from = Math.max(0, -k);
    const to = Math.min(h, h - k); // exclusive
    let start = -1;
    let gain = 0;
    for (let y = from; y <= to; y++) {
      if (y < to && nextH[y] === prevH[y + k]) {
        if (start < 0) {
          start = y;
          gain = 0;
        }
        if (nextH[y] !== prevH[y]) gain++;
        continue;
      }
      if (start >= 0 && gain > bestGain) {
        bestGain = gain;
        // Up: region from the band's top to its source's bottom; down: the reverse.
        best =
          k > 0
            ? { top: start, bottom: y - 1 + k, amount: k }
            : { top: start + k, bottom: y - 1, amount: k };
      }
      start = -1;
    }
  }
  return best;
}

/** Checks a plan cell by cell (hashes can collide). */
export function verifyScroll(prev: Buffer, next: Buffer, p: ScrollPlan): boolean {
  const k = p.amount;
  const first = k > 0 ? p.top : p.top - k;
  const last = k > 0 ? p.bottom - k : p.bottom;
  for (let y = first; y <= last; y++) if (!rowsEqual(next, y, prev, y + k)) return false;
  return true;
}

/** The bytes that scroll the band; the cursor ends up at the home position. */
export function scrollSequence(p: ScrollPlan): string {
  const op = p.amount > 0 ? `${p.amount}S` : `${-p.amount}T`;
  return `\x1b[${p.top + 1};${p.bottom + 1}r\x1b[${op}\x1b[r`;
}

/** Applies the scroll to `screen` (the buffer that mirrors the terminal). */
export function applyScroll(screen: Buffer, p: ScrollPlan): void {
  const w = screen.width;
  const cells = screen.cells;
  const k = p.amount;
  // Copy in the direction that never reads a row already overwritten.
  for (let n = 0; n <= p.bottom - p.top; n++) {
    const y = k > 0 ? p.top + n : p.bottom - n;
    const src = y + k;
    for (let x = 0; x < w; x++) {
      const dst = at(cells, y * w + x);
      if (src >= p.top && src <= p.bottom) dst.copyFrom(at(cells, src * w + x));
      else dst.reset();
    }
  }
}
