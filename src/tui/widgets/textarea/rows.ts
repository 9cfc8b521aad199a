// Soft-wrapped visual rows of the editor's lines, shared by the view (to draw)
// and the model (to move up and down by what the user sees). Rows break after
// the last space that fits (or between graphemes in a long word) by display
// width, so a wide glyph never straddles the edge; tabs expand.
import { sanitize } from '../../text/sanitize.js';
import { graphemeWidth, segments } from '../../text/width.js';

export interface Pos {
  readonly row: number;
  readonly col: number;
}

export interface Glyph {
  readonly g: string;
  readonly w: number;
  readonly row: number;
  readonly col: number;
}

export interface VisualRow {
  readonly glyphs: Glyph[];
  readonly row: number;
  /** Column where this visual row starts in its logical line. */
  readonly start: number;
}

/** Visual rows of the model at `width`: each logical line soft-wrapped. */
export function visualRows(lines: readonly string[], width: number, tabWidth = 4): VisualRow[] {
  const out: VisualRow[] = [];
  lines.forEach((text, row) => {
    let cur: VisualRow = { glyphs: [], row, start: 0 };
    let x = 0;
    for (const seg of segments(text)) {
      let g = seg.segment;
      let w: number;
      if (g === '\t') {
        w = tabWidth - (x % tabWidth);
        g = ' '.repeat(w);
      } else {
        g = sanitize(g);
        w = g.length === seg.segment.length ? graphemeWidth(g) : g.length;
      }
      if (x + w > width && cur.glyphs.length > 0) {
        // Break after the last space of the row when there is one (word wrap),
        // else between graphemes.
        let cut = cur.glyphs.length;
        for (let j = cur.glyphs.length; j > 0; j--) {
          if (cur.glyphs[j - 1]?.g === ' ' && g !== ' ') {
            cut = j;
            break;
          }
        }
        const carried = cur.glyphs.splice(cut);
        out.push(cur);
        cur = { glyphs: carried, row, start: carried[0]?.col ?? seg.index };
        x = carried.reduce((a, c) => a + c.w, 0);
      }
      cur.glyphs.push({ g, w, row, col: seg.index });
      x += w;
    }
    out.push(cur);
  });
  return out;
}

/** The visual (row index, x) of a model position. */
export function visualPos(
  rows: readonly VisualRow[],
  p: Pos,
  width: number,
): { vrow: number; x: number } {
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (r?.row !== p.row) continue;
    const next = rows[i + 1];
    const lastOfLine = next?.row !== p.row;
    let x = 0;
    for (const g of r.glyphs) {
      if (g.col >= p.col) return { vrow: i, x };
      x += g.w;
    }
    if (lastOfLine) return x >= width ? { vrow: i + 1, x: 0 } : { vrow: i, x };
  }
  return { vrow: Math.max(0, rows.length - 1), x: 0 };
}

/** The offset in a visual row closest to display column `x` (for up/down). */
export function offsetAtX(
  rows: readonly VisualRow[],
  vrow: number,
  x: number,
  lineLength: number,
): number {
  const r = rows[vrow];
  if (!r) return 0;
  const lastOfLine = rows[vrow + 1]?.row !== r.row;
  let acc = 0;
  for (const g of r.glyphs) {
    if (acc + g.w > x) return g.col;
    acc += g.w;
  }
  if (lastOfLine) return lineLength;
  // The end of a wrapped row is the start of the next one: stay before its last glyph.
  return r.glyphs[r.glyphs.length - 1]?.col ?? r.start;
}
