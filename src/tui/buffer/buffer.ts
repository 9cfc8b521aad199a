// Buffer: a flat, row-major grid of cells covering a Rect. Views draw a whole
// frame into one; the renderer diffs it against the previous frame. Every
// string written here is sanitized and measured per grapheme, and the buffer
// keeps the wide-glyph invariant: a width-2 cell is always followed by its
// continuation cell, and overwriting either half blanks the other.
import { type Rect, contains, intersect, rect } from '../layout/rect.js';
import { EMPTY_STYLE, type Style } from '../style/style.js';
import { sanitize } from '../text/sanitize.js';
import { resolvedSpans, type Line, type Span } from '../text/span.js';
import { graphemes, graphemeWidth, isAscii, isSimple } from '../text/width.js';
import { Cell } from './cell.js';
import { at } from '../util/at.js';

/**
 * A picture drawn with a protocol that paints pixels outside the cell grid
 * (sixel, iTerm2, classic kitty placements). Widgets add one per picture and
 * stamp its cells; the renderer draws it after the cells, erases it when it
 * moves, changes or is covered, and never draws it over anything.
 */
export interface GraphicPlacement {
  /** Identity of the encoded picture (content, size, crop, protocol): equal keys draw equal pixels. */
  readonly key: string;
  /** The cells it covers. */
  readonly area: Rect;
  /** Written with the cursor at the area's top-left corner. */
  readonly draw: string;
  /** Removes it from the screen ('' when repainting its cells is enough, as for sixel and iTerm2). */
  readonly erase: string;
  /** Sent once per terminal before the first draw (kitty image data), keyed by `id`. */
  readonly transmit?: GraphicTransmit;
  /** The stamp its cells carry (set by `addGraphic`). */
  stamp: number;
}

/** Image data the terminal must hold before cells refer to it (kitty placeholders). */
export interface GraphicTransmit {
  readonly id: string;
  readonly bytes: string;
  /** Frees the data in the terminal (sent when the program leaves the screen). */
  readonly free?: string;
}

export class Buffer {
  readonly area: Rect;
  readonly cells: Cell[];
  /** Out-of-grid pictures drawn in this frame (emptied by `reset`). */
  readonly graphics: GraphicPlacement[] = [];
  /** Image data that this frame's placeholder cells refer to (emptied by `reset`). */
  readonly transmits: GraphicTransmit[] = [];

  constructor(area: Rect) {
    this.area = rect(area.x, area.y, area.width, area.height);
    const n = this.area.width * this.area.height;
    this.cells = new Array<Cell>(n);
    for (let i = 0; i < n; i++) this.cells[i] = new Cell();
  }

  static sized(width: number, height: number): Buffer {
    return new Buffer(rect(0, 0, width, height));
  }

  get width(): number {
    return this.area.width;
  }
  get height(): number {
    return this.area.height;
  }

  index(x: number, y: number): number {
    return (y - this.area.y) * this.area.width + (x - this.area.x);
  }

  /** The cell at absolute (x, y), or undefined outside the buffer. */
  get(x: number, y: number): Cell | undefined {
    if (!contains(this.area, x, y)) return undefined;
    return this.cells[this.index(x, y)];
  }

  /** The cell at absolute (x, y); throws outside the buffer. */
  cell(x: number, y: number): Cell {
    const c = this.get(x, y);
    if (c === undefined)
      throw new RangeError(`(${x}, ${y}) is outside ${JSON.stringify(this.area)}`);
    return c;
  }

  reset(): void {
    for (const c of this.cells) c.reset();
    this.graphics.length = 0;
    this.transmits.length = 0;
  }

  /**
   * Reserves `p.area` for an out-of-grid picture: blanks its cells and stamps
   * them, so that anything drawn over them later in the frame hides the picture.
   */
  addGraphic(p: GraphicPlacement): void {
    const r = intersect(p.area, this.area);
    // Stable across frames, so an unchanged picture leaves its cells unchanged.
    p.stamp = stampOf(p.key);
    this.graphics.push(p);
    this.clear(r);
    for (let y = r.y; y < r.y + r.height; y++) {
      let i = this.index(r.x, y);
      for (let x = 0; x < r.width; x++) at(this.cells, i++).image = p.stamp;
    }
  }

  /** Asks the renderer to make sure the terminal holds this image data (sent once). */
  addTransmit(t: GraphicTransmit): void {
    this.transmits.push(t);
  }

  /**
   * Writes one grapheme of width 1 or 2 at (x, y) keeping the wide-glyph
   * invariant. Returns false (and writes nothing) when it does not fit.
   */
  put(x: number, y: number, g: string, w: number, style: Style): boolean {
    const a = this.area;
    if (y < a.y || y >= a.y + a.height || x < a.x || x + w > a.x + a.width || w <= 0) return false;
    const i = this.index(x, y);
    const cells = this.cells;
    const c = at(cells, i);
    if (c.width === 0 && x > a.x) {
      const owner = at(cells, i - 1);
      owner.symbol = ' ';
      owner.width = 1;
    }
    if (c.width === 2 && w === 1) this.blankContinuation(i + 1);
    c.symbol = g;
    c.width = w;
    c.image = 0;
    c.applyStyle(style);
    if (w === 2) {
      const n = at(cells, i + 1);
      if (n.width === 2) this.blankContinuation(i + 2);
      n.symbol = '';
      n.width = 0;
      n.image = 0;
      n.applyStyle(style);
    }
    return true;
  }

  private blankContinuation(i: number): void {
    const n = this.cells[i];
    if (n?.width === 0) {
      n.symbol = ' ';
      n.width = 1;
    }
  }

  /**
   * Writes `s` (sanitized, tabs as spaces) from (x, y), at most `maxWidth`
   * columns and never past the buffer's right edge. Returns the column after
   * the last glyph written.
   */
  setString(
    x: number,
    y: number,
    s: string,
    style: Style = EMPTY_STYLE,
    maxWidth = Infinity,
  ): number {
    const limit = Math.min(this.area.x + this.area.width, x + Math.max(0, maxWidth));
    if (y < this.area.y || y >= this.area.y + this.area.height) return x;
    const clean = sanitize(s);
    let cx = x;
    if (isAscii(clean)) {
      for (let k = 0; k < clean.length && cx < limit; k++) {
        if (cx >= this.area.x) this.put(cx, y, clean.charAt(k), 1, style);
        cx++;
      }
      return cx;
    }
    // One code unit per grapheme (box drawing, CJK, Latin-1...): no segmenting, no array.
    const simple = isSimple(clean);
    const gs = simple ? undefined : graphemes(clean);
    const n = gs === undefined ? clean.length : gs.length;
    for (let k = 0; k < n; k++) {
      const g = gs === undefined ? clean.charAt(k) : (gs[k] ?? '');
      const w = graphemeWidth(g);
      if (w === 0) continue;
      if (cx + w > limit) break;
      if (cx >= this.area.x) this.put(cx, y, g, w, style);
      cx += w;
    }
    return cx;
  }

  setSpan(x: number, y: number, sp: Span, maxWidth = Infinity): number {
    return this.setString(x, y, sp.content, sp.style, maxWidth);
  }

  /** Writes a line's spans left-aligned from (x, y); returns the column after it. */
  setLine(x: number, y: number, l: Line, maxWidth = Infinity, outer?: Style): number {
    let cx = x;
    const end = x + maxWidth;
    for (const sp of resolvedSpans(l, outer)) {
      if (cx >= end) break;
      cx = this.setSpan(cx, y, sp, end - cx);
    }
    return cx;
  }

  /** Patches the style of every cell in `r` (clipped to the buffer). */
  setStyle(r: Rect, style: Style): void {
    const c = intersect(r, this.area);
    for (let y = c.y; y < c.y + c.height; y++) {
      let i = this.index(c.x, y);
      for (let x = 0; x < c.width; x++) at(this.cells, i++).applyStyle(style);
    }
  }

  /** Resets every cell in `r` and then applies `style` (what a popup does beneath itself). */
  clear(r: Rect, style: Style = EMPTY_STYLE): void {
    const c = intersect(r, this.area);
    for (let y = c.y; y < c.y + c.height; y++) {
      // Clearing half of a wide glyph would leave the other half orphaned.
      if (c.x > this.area.x) this.blankOwner(c.x, y);
      this.blankContinuation(this.index(c.x + c.width, y));
      let i = this.index(c.x, y);
      for (let x = 0; x < c.width; x++) {
        const cell = at(this.cells, i++);
        cell.reset();
        cell.applyStyle(style);
      }
    }
  }

  private blankOwner(x: number, y: number): void {
    const cell = this.get(x, y);
    const owner = this.get(x - 1, y);
    if (cell?.width === 0 && owner?.width === 2) {
      owner.symbol = ' ';
      owner.width = 1;
    }
  }

  /** Fills `r` with one symbol (width 1) in `style`. */
  fill(r: Rect, symbol: string, style: Style = EMPTY_STYLE): void {
    const c = intersect(r, this.area);
    for (let y = c.y; y < c.y + c.height; y++) {
      for (let x = c.x; x < c.x + c.width; x++) this.put(x, y, symbol, 1, style);
    }
  }

  /** The text of row `y` (continuation cells contribute nothing). */
  rowText(y: number): string {
    let s = '';
    for (let x = this.area.x; x < this.area.x + this.area.width; x++)
      s += this.get(x, y)?.symbol ?? '';
    return s;
  }
}

/** A non-zero 31-bit hash of a placement key. */
function stampOf(key: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return (h & 0x7fffffff) | 1;
}
