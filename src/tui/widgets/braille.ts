// A braille canvas: each cell holds a 2x4 grid of dots (U+2800..U+28FF), so a
// W x H cell area plots at 2W x 4H resolution. Lines use Bresenham; each cell
// keeps the colour of the last dataset that touched it.
import type { Buffer } from '../buffer/buffer.js';
import type { Rect } from '../layout/rect.js';
import { EMPTY_STYLE, type Style } from '../style/style.js';

// Bit for dot (column, row) in a braille cell.
const DOTS = [
  [0x01, 0x08],
  [0x02, 0x10],
  [0x04, 0x20],
  [0x40, 0x80],
];

export class BrailleCanvas {
  readonly bits: Uint8Array;
  readonly styles: (Style | undefined)[];

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.bits = new Uint8Array(width * height);
    this.styles = new Array<Style | undefined>(width * height).fill(undefined);
  }

  /** Dot resolution. */
  get dotsWide(): number {
    return this.width * 2;
  }
  get dotsHigh(): number {
    return this.height * 4;
  }

  /** Sets dot (px, py); (0, 0) is the top-left dot. Out-of-range dots are ignored. */
  dot(px: number, py: number, style?: Style): void {
    const x = Math.round(px);
    const y = Math.round(py);
    if (x < 0 || y < 0 || x >= this.dotsWide || y >= this.dotsHigh) return;
    const i = (y >> 2) * this.width + (x >> 1);
    this.bits[i] = (this.bits[i] ?? 0) | (DOTS[y & 3]?.[x & 1] ?? 0);
    if (style) this.styles[i] = style;
  }

  line(x0: number, y0: number, x1: number, y1: number, style?: Style): void {
    let x = Math.round(x0);
    let y = Math.round(y0);
    const xe = Math.round(x1);
    const ye = Math.round(y1);
    const dx = Math.abs(xe - x);
    const dy = -Math.abs(ye - y);
    const sx = x < xe ? 1 : -1;
    const sy = y < ye ? 1 : -1;
    let err = dx + dy;
    // Bounded: at most dx - dy + 1 steps.
    for (let n = 0; n <= dx - dy; n++) {
      this.dot(x, y, style);
      if (x === xe && y === ye) break;
      const e2 = 2 * err;
      if (e2 >= dy) {
        err += dy;
        x += sx;
      }
      if (e2 <= dx) {
        err += dx;
        y += sy;
      }
    }
  }

  /** Draws the non-empty cells into `area` (its top-left is the canvas's). */
  draw(buf: Buffer, area: Rect): void {
    const w = Math.min(this.width, area.width);
    const h = Math.min(this.height, area.height);
    for (let cy = 0; cy < h; cy++) {
      for (let cx = 0; cx < w; cx++) {
        const i = cy * this.width + cx;
        const b = this.bits[i] ?? 0;
        if (b === 0) continue;
        buf.setString(
          area.x + cx,
          area.y + cy,
          String.fromCharCode(0x2800 + b),
          this.styles[i] ?? EMPTY_STYLE,
        );
      }
    }
  }
}
