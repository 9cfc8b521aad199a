// The kitty graphics protocol (https://sw.kovidgoyal.net/kitty/graphics-protocol/).
// Image data goes once per (image, size) as zlib-compressed RGBA in base64
// chunks of at most 4096 bytes, `q=2` on every chunk so the terminal never
// answers (an answer would arrive as input). Then either
// - a virtual placement (`U=1`) drawn by U+10EEEE placeholder cells: the image
//   id in the cell's foreground colour, row and column as combining
//   diacritics. The picture is then ordinary cells the diff renderer scrolls,
//   clips and erases, and tmux moves with its pane; or
// - classic placements at the cursor (`a=p`, explicit image and placement
//   ids, `C=1` so the cursor stays), deleted by id when they go away.
import { type Color, type ColorDepth, indexed, rgb } from '../style/color.js';
import type { Rgba } from './raster.js';
import { maybePassthrough } from './tmux.js';

export const PLACEHOLDER = '\u{10EEEE}';
const CHUNK = 4096;

// Row and column numbers as combining marks, in the order of kitty's
// rowcolumn-diacritics.txt (ranges of code points; 297 in all).
const DIACRITIC_RANGES =
  '305,30d-30e,310,312,33d-33f,346,34a-34c,350-352,357,35b,363-36f,483-487,592-595,597-599,' +
  '59c-5a1,5a8-5a9,5ab-5ac,5af,5c4,610-617,657-65b,65d-65e,6d6-6dc,6df-6e2,6e4,6e7-6e8,6eb-6ec,' +
  '730,732-733,735-736,73a,73d,73f-741,743,745,747,749-74a,7eb-7f1,7f3,816-819,81b-823,825-827,' +
  '829-82d,951,953-954,f82-f83,f86-f87,135d-135f,17dd,193a,1a17,1a75-1a7c,1b6b,1b6d-1b73,' +
  '1cd0-1cd2,1cda-1cdb,1ce0,1dc0-1dc1,1dc3-1dc9,1dcb-1dcc,1dd1-1de6,1dfe,20d0-20d1,20d4-20d7,' +
  '20db-20dc,20e1,20e7,20e9,20f0,2cef-2cf1,2de0-2dff,a66f,a67c-a67d,a6f0-a6f1,a8e0-a8f1,aab0,' +
  'aab2-aab3,aab7-aab8,aabe-aabf,aac1,fe20-fe26,10a0f,10a38,1d185-1d189,1d1aa-1d1ad,1d242-1d244';

export const DIACRITICS: readonly string[] = DIACRITIC_RANGES.split(',').flatMap((r) => {
  const [a, b] = r.split('-').map((h) => parseInt(h, 16));
  const from = a ?? 0;
  const to = b ?? from;
  return Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i));
});

/** Largest number of placeholder rows or columns (one diacritic each). */
export const MAX_PLACEHOLDER_CELLS = DIACRITICS.length;

/** The symbol of the placeholder cell at (row, col) of a picture. */
export function placeholderSymbol(row: number, col: number): string {
  return PLACEHOLDER + (DIACRITICS[row] ?? '') + (DIACRITICS[col] ?? '');
}

/** Largest image id that survives the colour depth (the id is the placeholder's foreground). */
export function maxImageId(depth: ColorDepth): number {
  return depth === 'truecolor' ? 0xffffff : depth === '256' ? 255 : 15;
}

/** The foreground colour that names image `id` in placeholder cells. */
export function idColor(id: number, depth: ColorDepth): Color {
  if (depth === 'truecolor' && id > 255) return rgb((id >> 16) & 0xff, (id >> 8) & 0xff, id & 0xff);
  return indexed(id);
}

export interface KittyTransmitOptions {
  /** Create a virtual placement of this many cells (placeholders); else data only. */
  readonly virtual?: { readonly cols: number; readonly rows: number };
  readonly tmux: boolean;
}

/** The image data as chunked commands (each chunk wrapped for tmux separately). */
export function kittyTransmit(img: Rgba, id: number, opts: KittyTransmitOptions): string {
  const payload = process.getBuiltinModule('node:zlib').deflateSync(img.data).toString('base64');
  const v = opts.virtual;
  const head = v
    ? `a=T,U=1,i=${id},f=32,s=${img.width},v=${img.height},c=${v.cols},r=${v.rows},o=z,q=2`
    : `a=t,i=${id},f=32,s=${img.width},v=${img.height},o=z,q=2`;
  let out = '';
  for (let i = 0; i < payload.length || i === 0; i += CHUNK) {
    const more = i + CHUNK < payload.length ? 1 : 0;
    const keys = i === 0 ? `${head},m=${more}` : `m=${more},q=2`;
    out += maybePassthrough(`\x1b_G${keys};${payload.slice(i, i + CHUNK)}\x1b\\`, opts.tmux);
  }
  return out;
}

/** A classic placement at the cursor, of cells `cols`x`rows`, optionally of a source rectangle in pixels. */
export function kittyPlace(
  id: number,
  placement: number,
  cols: number,
  rows: number,
  src?: { x: number; y: number; w: number; h: number },
): string {
  const s = src ? `,x=${src.x},y=${src.y},w=${src.w},h=${src.h}` : '';
  return `\x1b_Ga=p,i=${id},p=${placement},c=${cols},r=${rows}${s},C=1,q=2\x1b\\`;
}

/** Deletes one placement (the image data stays for the next placement). */
export function kittyDelete(id: number, placement: number): string {
  return `\x1b_Ga=d,d=i,i=${id},p=${placement},q=2\x1b\\`;
}

/** Frees the image data too. */
export function kittyFree(id: number): string {
  return `\x1b_Ga=d,d=I,i=${id},q=2\x1b\\`;
}
