// Block: borders (plain, rounded, double, thick), titles on the top or bottom
// border aligned left/centre/right, and padding. `drawBlock` returns the inner
// area where the block's content goes.
import type { Buffer } from '../buffer/buffer.js';
import { type Margin, type Rect, inner, isEmpty, margin } from '../layout/rect.js';
import { EMPTY_STYLE, type Style } from '../style/style.js';
import { type Alignment, type Line, line, lineWidth } from '../text/span.js';
import { truncateLine } from '../text/wrap.js';

export type BorderType = 'plain' | 'rounded' | 'double' | 'thick';

export interface BorderSet {
  readonly h: string;
  readonly v: string;
  readonly tl: string;
  readonly tr: string;
  readonly bl: string;
  readonly br: string;
}

export const BORDERS: Readonly<Record<BorderType, BorderSet>> = {
  plain: { h: '─', v: '│', tl: '┌', tr: '┐', bl: '└', br: '┘' },
  rounded: { h: '─', v: '│', tl: '╭', tr: '╮', bl: '╰', br: '╯' },
  double: { h: '═', v: '║', tl: '╔', tr: '╗', bl: '╚', br: '╝' },
  thick: { h: '━', v: '┃', tl: '┏', tr: '┓', bl: '┗', br: '┛' },
};

export interface Sides {
  readonly top: boolean;
  readonly right: boolean;
  readonly bottom: boolean;
  readonly left: boolean;
}

export const ALL_SIDES: Sides = { top: true, right: true, bottom: true, left: true };
export const NO_SIDES: Sides = { top: false, right: false, bottom: false, left: false };

export interface Title {
  readonly content: Line | string;
  readonly align?: Alignment;
  readonly position?: 'top' | 'bottom';
}

export interface BlockProps {
  readonly borders?: Sides;
  readonly borderType?: BorderType;
  readonly borderStyle?: Style;
  readonly titles?: readonly (Title | string)[];
  readonly titleStyle?: Style;
  /** Style of the whole area (e.g. a background). */
  readonly style?: Style;
  readonly padding?: Margin | number;
}

/** The area inside the borders and padding. */
export function blockInner(area: Rect, p: BlockProps): Rect {
  const s = p.borders ?? ALL_SIDES;
  const b = inner(area, margin(s.top ? 1 : 0, s.right ? 1 : 0, s.bottom ? 1 : 0, s.left ? 1 : 0));
  return p.padding === undefined ? b : inner(b, p.padding);
}

export function drawBlock(buf: Buffer, area: Rect, p: BlockProps): Rect {
  if (isEmpty(area)) return area;
  if (p.style) buf.setStyle(area, p.style);
  const s = p.borders ?? ALL_SIDES;
  const set = BORDERS[p.borderType ?? 'plain'];
  const bs = p.borderStyle ?? EMPTY_STYLE;
  const x1 = area.x + area.width - 1;
  const y1 = area.y + area.height - 1;
  if (s.top) for (let x = area.x; x <= x1; x++) buf.setString(x, area.y, set.h, bs);
  if (s.bottom) for (let x = area.x; x <= x1; x++) buf.setString(x, y1, set.h, bs);
  if (s.left) for (let y = area.y; y <= y1; y++) buf.setString(area.x, y, set.v, bs);
  if (s.right) for (let y = area.y; y <= y1; y++) buf.setString(x1, y, set.v, bs);
  if (s.top && s.left) buf.setString(area.x, area.y, set.tl, bs);
  if (s.top && s.right) buf.setString(x1, area.y, set.tr, bs);
  if (s.bottom && s.left) buf.setString(area.x, y1, set.bl, bs);
  if (s.bottom && s.right) buf.setString(x1, y1, set.br, bs);
  drawTitles(buf, area, p, s);
  return blockInner(area, p);
}

function drawTitles(buf: Buffer, area: Rect, p: BlockProps, s: Sides): void {
  const left = area.x + (s.left ? 1 : 0);
  const width = Math.max(0, area.width - (s.left ? 1 : 0) - (s.right ? 1 : 0));
  for (const pos of ['top', 'bottom'] as const) {
    const y = pos === 'top' ? area.y : area.y + area.height - 1;
    // Left titles fill from the left, right ones from the right, centre ones in the middle.
    let leftX = left;
    let rightX = left + width;
    for (const t of p.titles ?? []) {
      const title: Title = typeof t === 'string' ? { content: t } : t;
      if ((title.position ?? 'top') !== pos) continue;
      const l = typeof title.content === 'string' ? line(title.content) : title.content;
      const align = title.align ?? 'left';
      const room = rightX - leftX;
      if (room <= 0) break;
      const fitted = truncateLine(l, room);
      const w = lineWidth(fitted);
      let x = leftX;
      if (align === 'right') x = rightX - w;
      if (align === 'center') x = left + Math.floor((width - w) / 2);
      buf.setLine(x, y, fitted, w, p.titleStyle);
      if (align === 'left') leftX += w + 1;
      if (align === 'right') rightX -= w + 1;
    }
  }
}
