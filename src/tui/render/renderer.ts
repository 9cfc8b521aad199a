// Renderer: the frame protocol. resize? -> draw the whole frame into the back
// buffer -> diff against the front buffer -> emit only changed cells -> place
// the cursor -> swap. Views never track what changed; the diff does. After a
// resize (or on request) the screen is cleared and everything is painted again.
import { Buffer } from '../buffer/buffer.js';
import type { ColorDepth } from '../style/color.js';
import { Emitter, riskyCell } from './emitter.js';
import { GraphicsTracker } from './graphics.js';
import { applyScroll, planScroll, rowHashes, scrollSequence, verifyScroll } from './scroll.js';
import { CLEAR_SCREEN } from './sgr.js';
import { at } from '../util/at.js';

export interface Frame {
  readonly buffer: Buffer;
  /** Shows the cursor at (x, y) after this frame (a focused input); hidden otherwise. */
  setCursor(x: number, y: number): void;
}

export interface RendererOptions {
  readonly width: number;
  readonly height: number;
  readonly depth: ColorDepth;
  /** Receives each frame's bytes; omit to only collect them (tests, benchmarks). */
  readonly write?: (bytes: string) => void;
}

export interface FrameStats {
  readonly bytes: number;
  readonly cells: number;
}

export class Renderer {
  private front: Buffer;
  private back: Buffer;
  private emitter: Emitter;
  private needsClear = true;
  /** Scroll regions instead of repainting shifted rows (on by default). */
  scrolling = true;
  /** Indices of the cells the current frame changes (reused between frames). */
  private changedList = new Int32Array(0);
  private changedRows = 0;
  private readonly depth: ColorDepth;
  private readonly write: ((bytes: string) => void) | undefined;
  private readonly graphics = new GraphicsTracker();
  lastStats: FrameStats = { bytes: 0, cells: 0 };

  constructor(opts: RendererOptions) {
    this.depth = opts.depth;
    this.write = opts.write;
    this.front = Buffer.sized(opts.width, opts.height);
    this.back = Buffer.sized(opts.width, opts.height);
    this.emitter = new Emitter(opts.depth, opts.width);
  }

  get width(): number {
    return this.front.width;
  }
  get height(): number {
    return this.front.height;
  }

  /** New size: the next frame clears the screen and repaints in full. */
  resize(width: number, height: number): void {
    if (width === this.width && height === this.height) return;
    this.front = Buffer.sized(width, height);
    this.back = Buffer.sized(width, height);
    this.emitter = new Emitter(this.depth, width);
    this.needsClear = true;
  }

  /** Collects the cells of `next` that differ from `prev` (all, with `full`); returns how many. */
  private changedCells(prev: Buffer, next: Buffer, full: boolean): number {
    const cells = next.cells;
    const old = prev.cells;
    if (this.changedList.length < cells.length) this.changedList = new Int32Array(cells.length);
    const list = this.changedList;
    const w = next.width;
    let n = 0;
    let rows = 0;
    let lastRow = -1;
    for (let i = 0; i < cells.length; i++) {
      const c = at(cells, i);
      if (c.width === 0) continue;
      if (!full && c.equals(at(old, i))) continue;
      list[n++] = i;
      const row = (i / w) | 0;
      if (row !== lastRow) {
        rows++;
        lastRow = row;
      }
    }
    this.changedRows = rows;
    return full || rows === 0 ? n : this.wholeRiskyRows(prev, next, n);
  }

  /**
   * Widens the changed cells to whole rows where a changed row holds a risky
   * cluster (riskyCell) now or held one before. A terminal that draws such a
   * cluster wider than its two cells overwrites the cells after it; the diff
   * thinks they are unchanged, so when the row changes they would stay
   * behind. Repainting the row left to right puts every cell back (the
   * emitter moves explicitly after a risky cell, so each lands in place).
   */
  private wholeRiskyRows(prev: Buffer, next: Buffer, n: number): number {
    const w = next.width;
    const list = this.changedList;
    const whole: number[] = [];
    let checked = -1;
    for (let k = 0; k < n; k++) {
      const row = ((list[k] ?? 0) / w) | 0;
      if (row === checked) continue;
      checked = row;
      if (rowHasRisky(prev, row) || rowHasRisky(next, row)) whole.push(row);
    }
    if (whole.length === 0) return n;
    const wholeRows = new Set(whole);
    const out: number[] = [];
    let k = 0;
    let lastRow = -1;
    const cells = next.cells;
    for (let k2 = 0; k2 < n; k2++) {
      const i = list[k2] ?? 0;
      const row = (i / w) | 0;
      if (!wholeRows.has(row)) {
        out.push(i);
        continue;
      }
      if (row === lastRow) continue;
      lastRow = row;
      for (let x = 0; x < w; x++) if (at(cells, row * w + x).width !== 0) out.push(row * w + x);
    }
    for (const i of out) list[k++] = i;
    return k;
  }

  /** Forgets what is on screen (e.g. after a suspend or foreign output); the next frame repaints. */
  invalidate(): void {
    this.needsClear = true;
  }

  /**
   * Forgets which image data the terminal holds, so the next frames send it
   * again (after a terminal reset, or when tmux shows a window again: tmux
   * drops passthrough sequences written while a window is hidden).
   */
  retransmitImages(): void {
    this.graphics.retransmit();
  }

  /**
   * The bytes that delete every picture on screen and free the image data
   * this program sent (kitty keeps it otherwise): written when leaving the
   * screen. The next frame sends everything again.
   */
  releaseImages(): string {
    this.needsClear = true;
    return this.graphics.release();
  }

  /** The last frame drawn, as it is on screen. */
  get current(): Buffer {
    return this.front;
  }

  /**
   * Draws one frame and returns its bytes (also passed to `write`). With
   * `full`, every cell is written whatever changed (the benchmark's baseline).
   */
  draw(view: (frame: Frame) => void, opts?: { full?: boolean }): string {
    const back = this.back;
    back.reset();
    let cursor: { x: number; y: number } | undefined;
    view({
      buffer: back,
      setCursor(x, y) {
        cursor = { x, y };
      },
    });
    const em = this.emitter;
    em.begin();
    let prev = this.front;
    const gfx = this.graphics.idle(back) ? undefined : this.graphics;
    const cleared = this.needsClear;
    if (this.needsClear) {
      if (gfx) em.raw(gfx.cleared());
      em.raw(CLEAR_SCREEN);
      em.forgetCursor();
      prev = Buffer.sized(back.width, back.height); // the cleared screen
      this.needsClear = false;
    }
    // Image data first, then deletes of pictures that went away (their cells
    // are marked so the diff repaints them), then the cells, then the pictures.
    if (gfx) em.raw(gfx.transmits(back) + gfx.before(prev, back, cleared));
    const full = opts?.full === true;
    if (full) {
      em.forgetCursor();
    }
    let changed = this.changedCells(prev, back, full);
    // Many changed rows may be a scroll: compare row hashes only then, so the
    // common one-line frame pays nothing for scroll detection.
    if (this.scrolling && !full && prev === this.front && this.changedRows >= SCROLL_MIN_ROWS) {
      const plan = planScroll(rowHashes(prev), rowHashes(back), SCROLL_MAX_SHIFT, SCROLL_MIN_ROWS);
      if (
        plan &&
        !(gfx?.blocksScroll(plan.top, plan.bottom) ?? false) &&
        verifyScroll(prev, back, plan)
      ) {
        em.raw(scrollSequence(plan));
        em.forgetCursor();
        applyScroll(prev, plan);
        changed = this.changedCells(prev, back, false);
      }
    }
    const next = back.cells;
    const w = back.width;
    const list = this.changedList;
    for (let k = 0; k < changed; k++) {
      const i = list[k] ?? 0;
      em.cell(i % w, (i / w) | 0, at(next, i));
    }
    if (gfx) {
      const pictures = gfx.after(list, changed, w);
      if (pictures !== '') {
        em.raw(pictures);
        em.forgetCursor();
      }
    }
    if (cursor !== undefined && !contains(cursor, back.width, back.height)) cursor = undefined;
    const bytes = em.end(cursor);
    this.back = this.front;
    this.front = back;
    this.lastStats = { bytes: bytes.length, cells: changed };
    this.write?.(bytes);
    return bytes;
  }
}

function rowHasRisky(b: Buffer, row: number): boolean {
  const w = b.width;
  const cells = b.cells;
  for (let i = row * w; i < (row + 1) * w; i++) if (riskyCell(at(cells, i))) return true;
  return false;
}

const SCROLL_MIN_ROWS = 3;
const SCROLL_MAX_SHIFT = 12;

function contains(c: { x: number; y: number }, w: number, h: number): boolean {
  return c.x >= 0 && c.y >= 0 && c.x < w && c.y < h;
}
