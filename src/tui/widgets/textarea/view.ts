// Draws a text area: soft-wrapped rows (by grapheme width, so wide glyphs
// never straddle the edge), the selection highlighted, a placeholder when
// empty, and the cursor. Returns the cursor cell for `frame.setCursor` when
// focused, and clamps the model's scroll to keep the cursor visible.
import { type Buffer } from '../../buffer/buffer.js';
import { type Rect, isEmpty } from '../../layout/rect.js';
import { EMPTY_STYLE, Mod, type Style } from '../../style/style.js';
import { sanitize } from '../../text/sanitize.js';
import { graphemeWidth } from '../../text/width.js';
import { type Pos, type TextAreaModel } from './model.js';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export interface TextAreaProps {
  readonly placeholder?: string;
  readonly style?: Style;
  readonly placeholderStyle?: Style;
  readonly selectionStyle?: Style;
  readonly focused?: boolean;
  readonly tabWidth?: number;
}

interface Glyph {
  readonly g: string;
  readonly w: number;
  readonly row: number;
  readonly col: number;
}

interface VisualRow {
  readonly glyphs: Glyph[];
  readonly row: number;
  /** Column where this visual row starts in its logical line. */
  readonly start: number;
}

/** Visual rows of the model at `width`: each logical line soft-wrapped. */
export function visualRows(m: TextAreaModel, width: number, tabWidth = 4): VisualRow[] {
  const out: VisualRow[] = [];
  m.lines.forEach((text, row) => {
    let cur: VisualRow = { glyphs: [], row, start: 0 };
    let x = 0;
    for (const seg of segmenter.segment(text)) {
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
        out.push(cur);
        cur = { glyphs: [], row, start: seg.index };
        x = 0;
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

const inSel = (sel: [Pos, Pos] | undefined, row: number, col: number): boolean => {
  if (!sel) return false;
  const [s, e] = sel;
  const after = row > s.row || (row === s.row && col >= s.col);
  const before = row < e.row || (row === e.row && col < e.col);
  return after && before;
};

export function drawTextArea(
  buf: Buffer,
  area: Rect,
  m: TextAreaModel,
  p: TextAreaProps = {},
): { x: number; y: number } | undefined {
  if (isEmpty(area)) return undefined;
  buf.setStyle(area, p.style ?? EMPTY_STYLE);
  const rows = visualRows(m, area.width, p.tabWidth);
  const cur = visualPos(rows, m.cursor, area.width);
  // Keep the cursor row in view.
  const total = Math.max(rows.length, cur.vrow + 1);
  m.scroll = Math.max(0, Math.min(m.scroll, total - area.height));
  if (cur.vrow < m.scroll) m.scroll = cur.vrow;
  if (cur.vrow >= m.scroll + area.height) m.scroll = cur.vrow - area.height + 1;
  if (m.value === '' && p.placeholder !== undefined) {
    buf.setString(area.x, area.y, p.placeholder, p.placeholderStyle ?? EMPTY_STYLE, area.width);
  } else {
    const sel = m.selection();
    const selStyle = p.selectionStyle ?? { add: Mod.reverse };
    for (let r = 0; r < area.height; r++) {
      const vr = rows[m.scroll + r];
      if (!vr) break;
      let x = area.x;
      for (const g of vr.glyphs) {
        buf.setString(x, area.y + r, g.g, inSel(sel, g.row, g.col) ? selStyle : EMPTY_STYLE, g.w);
        x += g.w;
      }
      // A selected line break shows as one highlighted cell.
      const lineEnd = (m.lines[vr.row] ?? '').length;
      const last = rows[m.scroll + r + 1]?.row !== vr.row;
      if (last && inSel(sel, vr.row, lineEnd) && x < area.x + area.width)
        buf.setString(x, area.y + r, ' ', selStyle);
    }
  }
  if (p.focused === false) return undefined;
  const y = area.y + cur.vrow - m.scroll;
  return y < area.y + area.height ? { x: area.x + Math.min(cur.x, area.width - 1), y } : undefined;
}
