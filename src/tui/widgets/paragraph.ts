// Paragraph: styled text in an area, optionally wrapped (by word or
// character), aligned per line, and scrolled vertically and horizontally.
import type { Buffer } from '../buffer/buffer.js';
import { type Rect, isEmpty } from '../layout/rect.js';
import { EMPTY_STYLE, type Style } from '../style/style.js';
import { type Alignment, type Line, type Text, lineWidth, text as textOf } from '../text/span.js';
import { type WrapMode, glyphs, wrapLines } from '../text/wrap.js';

export interface ParagraphProps {
  readonly text: Text | string;
  readonly wrap?: WrapMode;
  readonly align?: Alignment;
  readonly style?: Style;
  /** Rows and columns scrolled off the top and left. */
  readonly scroll?: { readonly y: number; readonly x?: number };
}

/** The lines a paragraph shows at `width` (after wrapping). */
export function layoutParagraph(p: ParagraphProps, width: number): readonly Line[] {
  const t = typeof p.text === 'string' ? textOf(p.text) : p.text;
  return p.wrap === undefined ? t.lines : wrapLines(t.lines, width, p.wrap);
}

/** Rows the paragraph needs at `width` (its desired height). */
export function paragraphHeight(p: ParagraphProps, width: number): number {
  return layoutParagraph(p, width).length;
}

/** Draws one line into a row with alignment and horizontal scroll. */
export function drawLine(
  buf: Buffer,
  area: Rect,
  y: number,
  l: Line,
  align: Alignment,
  scrollX = 0,
  outer?: Style,
): void {
  const w = lineWidth(l);
  let x = area.x;
  const a = l.align ?? align;
  if (a === 'center') x += Math.max(0, Math.floor((area.width - w) / 2));
  if (a === 'right') x += Math.max(0, area.width - w);
  if (scrollX <= 0) {
    buf.setLine(x, y, l, area.x + area.width - x, outer);
    return;
  }
  // Horizontal scroll: skip whole glyphs worth `scrollX` columns.
  let skip = scrollX;
  let cx = x;
  for (const g of glyphs(l)) {
    if (skip > 0) {
      skip -= g.w;
      continue;
    }
    if (cx + g.w > area.x + area.width) break;
    buf.put(cx, y, g.g, g.w, outer === undefined ? g.style : { ...outer, ...g.style });
    cx += g.w;
  }
}

export function drawParagraph(buf: Buffer, area: Rect, p: ParagraphProps): void {
  if (isEmpty(area)) return;
  buf.setStyle(area, p.style ?? EMPTY_STYLE);
  const t = typeof p.text === 'string' ? textOf(p.text) : p.text;
  const lines = layoutParagraph(p, area.width);
  const top = Math.max(0, p.scroll?.y ?? 0);
  for (let row = 0; row < area.height; row++) {
    const l = lines[top + row];
    if (l === undefined) break;
    drawLine(buf, area, area.y + row, l, p.align ?? 'left', p.scroll?.x ?? 0, t.style);
  }
}
