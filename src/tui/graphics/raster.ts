// RGBA rasters and the two operations every protocol needs: fitting a picture
// into a box of cells keeping its aspect ratio, and resampling it to the pixel
// size chosen (an area average when shrinking, so that thin lines survive).
import type { CellPixels } from './caps.js';

export interface Rgba {
  readonly width: number;
  readonly height: number;
  /** width * height * 4 bytes, row-major, straight (not premultiplied) alpha. */
  readonly data: Uint8Array;
}

/** Cell size assumed when the terminal did not report one (a common 2:1 cell). */
export const DEFAULT_CELL: CellPixels = { width: 10, height: 20 };

export interface Fit {
  /** Cells the picture takes. */
  readonly cols: number;
  readonly rows: number;
  /** The picture's pixel size inside those cells (at most cols*cell.width x rows*cell.height). */
  readonly width: number;
  readonly height: number;
}

/**
 * The largest size of a `w`x`h` picture that fits `maxCols`x`maxRows` cells
 * keeping its aspect ratio; never larger than the picture unless `upscale`.
 */
export function fitCells(
  w: number,
  h: number,
  maxCols: number,
  maxRows: number,
  cell: CellPixels = DEFAULT_CELL,
  upscale = false,
): Fit {
  if (w <= 0 || h <= 0 || maxCols <= 0 || maxRows <= 0)
    return { cols: 0, rows: 0, width: 0, height: 0 };
  let s = Math.min((maxCols * cell.width) / w, (maxRows * cell.height) / h);
  if (!upscale) s = Math.min(1, s);
  const width = Math.max(1, Math.round(w * s));
  const height = Math.max(1, Math.round(h * s));
  return {
    cols: Math.min(maxCols, Math.max(1, Math.ceil(width / cell.width - 1e-9))),
    rows: Math.min(maxRows, Math.max(1, Math.ceil(height / cell.height - 1e-9))),
    width,
    height,
  };
}

/** Resamples to `dw`x`dh`: area average when shrinking, nearest pixel when growing. */
export function resize(src: Rgba, dw: number, dh: number): Rgba {
  const sw = src.width;
  const sh = src.height;
  if (dw === sw && dh === sh) return src;
  const out = new Uint8Array(dw * dh * 4);
  const s = src.data;
  const fx = sw / dw;
  const fy = sh / dh;
  for (let y = 0; y < dh; y++) {
    const y0 = Math.floor(y * fy);
    const y1 = Math.max(y0 + 1, Math.min(sh, Math.floor((y + 1) * fy)));
    for (let x = 0; x < dw; x++) {
      const x0 = Math.floor(x * fx);
      const x1 = Math.max(x0 + 1, Math.min(sw, Math.floor((x + 1) * fx)));
      // Premultiplied sums, so transparent pixels do not darken the edges.
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let yy = y0; yy < y1; yy++) {
        let i = (yy * sw + x0) * 4;
        for (let xx = x0; xx < x1; xx++) {
          const al = s[i + 3] ?? 0;
          r += (s[i] ?? 0) * al;
          g += (s[i + 1] ?? 0) * al;
          b += (s[i + 2] ?? 0) * al;
          a += al;
          i += 4;
        }
      }
      const n = (y1 - y0) * (x1 - x0);
      const o = (y * dw + x) * 4;
      if (a > 0) {
        out[o] = Math.round(r / a);
        out[o + 1] = Math.round(g / a);
        out[o + 2] = Math.round(b / a);
      }
      out[o + 3] = Math.round(a / n);
    }
  }
  return { width: dw, height: dh, data: out };
}

/** The `w`x`h` region at (x, y) (clamped to the picture). */
export function crop(src: Rgba, x: number, y: number, w: number, h: number): Rgba {
  const x0 = Math.max(0, Math.min(src.width, x));
  const y0 = Math.max(0, Math.min(src.height, y));
  const cw = Math.max(0, Math.min(src.width - x0, w));
  const ch = Math.max(0, Math.min(src.height - y0, h));
  if (x0 === 0 && y0 === 0 && cw === src.width && ch === src.height) return src;
  const out = new Uint8Array(cw * ch * 4);
  for (let r = 0; r < ch; r++) {
    const from = ((y0 + r) * src.width + x0) * 4;
    out.set(src.data.subarray(from, from + cw * 4), r * cw * 4);
  }
  return { width: cw, height: ch, data: out };
}

/**
 * Largest side kept after decoding. A full-screen picture at 300 columns of
 * 10 px needs 3000; shrinking a 10 MB photo (2240 px) to less would cost a
 * third of its time to first picture, so only larger ones are shrunk here.
 */
export const WORKING_MAX = 4096;

/** Shrinks a freshly decoded picture to at most WORKING_MAX on its longer side. */
export function toWorkingSize(img: Rgba): Rgba {
  const s = Math.min(1, WORKING_MAX / Math.max(img.width, img.height));
  if (s >= 1) return img;
  return resize(
    img,
    Math.max(1, Math.round(img.width * s)),
    Math.max(1, Math.round(img.height * s)),
  );
}
