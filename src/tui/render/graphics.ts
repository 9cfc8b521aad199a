// Tracking of pictures that paint outside the cell grid (sixel, iTerm2, classic
// kitty placements). The diff renderer knows only cells, so this remembers
// which picture is where on screen and, inside the frame's synchronized update:
//
// - erases a picture that moved, changed, left the frame or was covered (kitty:
//   a delete command; sixel/iTerm2: its cells are repainted, which removes the
//   pixels), before the cells are written;
// - draws a picture that is new or moved, and draws again one whose cells the
//   frame wrote (a repaint erased part of it), after the cells are written;
// - leaves an unchanged picture alone: it costs nothing per frame.
//
// A picture is shown only when every cell it reserved still carries its stamp
// at the end of the frame, so nothing drawn over it (a dialog) is ever covered
// by its pixels. Kitty image data (`transmit`) is sent once per terminal.
import type { Buffer, GraphicPlacement } from '../buffer/buffer.js';
import type { Rect } from '../layout/rect.js';
import { at } from '../util/at.js';
import { moveTo } from './sgr.js';

interface Shown {
  readonly key: string;
  readonly area: Rect;
  readonly erase: string;
}

/** A symbol no cell ever holds: marks a screen cell as unknown so the diff repaints it. */
const DIRTY = '\u0000';

export class GraphicsTracker {
  private shown: Shown[] = [];
  /** Image data the terminal holds: id -> the bytes that free it. */
  private readonly transmitted = new Map<string, string>();
  private visible: GraphicPlacement[] = [];
  private keptIndex: boolean[] = [];

  /** True when nothing out-of-grid is on screen or in `back` (the common frame pays nothing more). */
  idle(back: Buffer): boolean {
    return this.shown.length === 0 && back.graphics.length === 0 && back.transmits.length === 0;
  }

  /** The screen was cleared: returns what deletes pictures a clear does not remove (kitty). */
  cleared(): string {
    let out = '';
    for (const s of this.shown) out += s.erase;
    this.shown = [];
    return out;
  }

  /** Forgets which image data the terminal holds (a reset terminal, a tmux window shown again). */
  retransmit(): void {
    this.transmitted.clear();
  }

  /** The bytes that remove every picture and free all image data this program sent; forgets them. */
  release(): string {
    let out = '';
    for (const s of this.shown) out += s.erase;
    for (const free of this.transmitted.values()) out += free;
    this.shown = [];
    this.transmitted.clear();
    return out;
  }

  /** Bytes for image data that `back`'s placeholder cells need and the terminal does not hold yet. */
  transmits(back: Buffer): string {
    let out = '';
    for (const t of back.transmits) {
      if (this.transmitted.has(t.id)) continue;
      this.transmitted.set(t.id, t.free ?? '');
      out += t.bytes;
    }
    return out;
  }

  /**
   * Before the diff: decides which pictures of `back` are visible, marks the
   * screen cells of pictures that went away (in `screen`, the front buffer) so
   * that the diff repaints them, and returns the bytes that delete them.
   */
  before(screen: Buffer, back: Buffer, cleared: boolean): string {
    this.visible = back.graphics.filter((p) => intact(back, p));
    this.keptIndex = this.visible.map((p) =>
      this.shown.some((s) => s.key === p.key && sameRect(s.area, p.area)),
    );
    let out = '';
    if (!cleared) {
      for (const s of this.shown) {
        if (this.visible.some((p) => p.key === s.key && sameRect(s.area, p.area))) continue;
        out += s.erase;
        markDirty(screen, s.area);
      }
    }
    if (cleared) this.keptIndex = this.visible.map(() => false);
    return out;
  }

  /** Whether scrolling rows top..bottom would move a tracked picture (then the frame repaints instead). */
  blocksScroll(top: number, bottom: number): boolean {
    const hit = (r: Rect): boolean => r.y <= bottom && r.y + r.height - 1 >= top;
    return this.shown.some((s) => hit(s.area)) || this.visible.some((p) => hit(p.area));
  }

  /**
   * After the cells: draws the visible pictures that are new, moved, or whose
   * cells were written this frame (`changed` holds `n` cell indices of a
   * `width`-wide screen). Returns the bytes; the cursor position is unknown after them.
   */
  after(changed: Int32Array, n: number, width: number): string {
    let out = '';
    const next: Shown[] = [];
    this.visible.forEach((p, k) => {
      const kept = this.keptIndex[k] === true && !touched(p.area, changed, n, width);
      if (!kept) {
        if (p.transmit !== undefined && !this.transmitted.has(p.transmit.id)) {
          this.transmitted.set(p.transmit.id, p.transmit.free ?? '');
          out += p.transmit.bytes;
        }
        out += moveTo(p.area.x, p.area.y) + p.draw;
      }
      next.push({ key: p.key, area: p.area, erase: p.erase });
    });
    this.shown = next;
    this.visible = [];
    return out;
  }
}

function sameRect(a: Rect, b: Rect): boolean {
  return a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}

/** Every cell of the picture still carries its stamp: nothing was drawn over it. */
function intact(buf: Buffer, p: GraphicPlacement): boolean {
  const a = p.area;
  if (a.width <= 0 || a.height <= 0) return false;
  if (a.x < 0 || a.y < 0 || a.x + a.width > buf.width || a.y + a.height > buf.height) return false;
  for (let y = a.y; y < a.y + a.height; y++) {
    let i = y * buf.width + a.x;
    for (let x = 0; x < a.width; x++) if (at(buf.cells, i++).image !== p.stamp) return false;
  }
  return true;
}

function markDirty(screen: Buffer, a: Rect): void {
  const x1 = Math.min(screen.width, a.x + a.width);
  const y1 = Math.min(screen.height, a.y + a.height);
  for (let y = Math.max(0, a.y); y < y1; y++) {
    for (let x = Math.max(0, a.x); x < x1; x++) {
      const c = at(screen.cells, y * screen.width + x);
      c.symbol = DIRTY;
      c.width = 1;
    }
  }
}

function touched(a: Rect, changed: Int32Array, n: number, width: number): boolean {
  for (let k = 0; k < n; k++) {
    const i = changed[k] ?? 0;
    const x = i % width;
    const y = (i / width) | 0;
    if (x >= a.x && x < a.x + a.width && y >= a.y && y < a.y + a.height) return true;
  }
  return false;
}
