// Table: a header row and data rows laid out in columns sized by layout
// constraints, with a selected row highlighted and kept in view (the same
// app-owned state record as a list).
import type { Buffer } from '../buffer/buffer.js';
import { type Constraint, horizontal } from '../layout/layout.js';
import { type Rect, isEmpty, rect } from '../layout/rect.js';
import { EMPTY_STYLE, type Style } from '../style/style.js';
import { type Line, line } from '../text/span.js';
import { truncateLine } from '../text/wrap.js';
import { stringWidth } from '../text/width.js';
import { type ListState, keepVisible } from './list.js';

export type TableState = ListState;

export interface TableProps {
  readonly header?: readonly (Line | string)[];
  readonly rows: readonly (readonly (Line | string)[])[];
  readonly widths: readonly Constraint[];
  readonly columnSpacing?: number;
  readonly style?: Style;
  readonly headerStyle?: Style;
  readonly highlightStyle?: Style;
  readonly highlightSymbol?: string;
}

function drawRow(
  buf: Buffer,
  cols: readonly Rect[],
  y: number,
  cells: readonly (Line | string)[],
): void {
  cols.forEach((c, i) => {
    const cell = cells[i];
    if (cell === undefined || c.width === 0) return;
    const l = typeof cell === 'string' ? line(cell) : cell;
    buf.setLine(c.x, y, truncateLine(l, c.width), c.width);
  });
}

export function drawTable(buf: Buffer, area: Rect, p: TableProps, state: TableState): void {
  if (isEmpty(area)) return;
  buf.setStyle(area, p.style ?? EMPTY_STYLE);
  const sym = p.highlightSymbol ?? '';
  const symW = stringWidth(sym);
  const body = rect(area.x + symW, area.y, Math.max(0, area.width - symW), area.height);
  const cols = horizontal(body, p.widths, p.columnSpacing ?? 1);
  let y = area.y;
  if (p.header) {
    if (p.headerStyle) buf.setStyle(rect(area.x, y, area.width, 1), p.headerStyle);
    drawRow(buf, cols, y, p.header);
    y++;
  }
  const height = area.y + area.height - y;
  keepVisible(state, p.rows.length, height);
  for (let r = 0; r < height; r++) {
    const i = state.offset + r;
    const row = p.rows[i];
    if (row === undefined) break;
    const selected = i === state.selected;
    if (selected && p.highlightStyle)
      buf.setStyle(rect(area.x, y + r, area.width, 1), p.highlightStyle);
    if (selected && symW > 0) buf.setString(area.x, y + r, sym, EMPTY_STYLE, symW);
    drawRow(buf, cols, y + r, row);
  }
}
