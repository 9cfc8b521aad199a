// Draws a text area: soft-wrapped rows (by grapheme width, so wide glyphs
// never straddle the edge), the selection highlighted, a placeholder when
// empty, and the cursor. Returns the cursor cell for `frame.setCursor` when
// focused, and clamps the model's scroll to keep the cursor visible.
import type { Buffer } from '../../buffer/buffer.js';
import { type Rect, isEmpty } from '../../layout/rect.js';
import { EMPTY_STYLE, Mod, type Style } from '../../style/style.js';
import type { TextAreaModel } from './model.js';
import { type Pos, visualPos, visualRows } from './rows.js';

export interface TextAreaProps {
  readonly placeholder?: string;
  readonly style?: Style;
  readonly placeholderStyle?: Style;
  readonly selectionStyle?: Style;
  readonly focused?: boolean;
  readonly tabWidth?: number;
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
  m.wrapWidth = area.width;
  m.tabWidth = p.tabWidth ?? 4;
  const rows = visualRows(m.lines, area.width, p.tabWidth);
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
