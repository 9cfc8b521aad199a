// List: rows of items with a selection that is highlighted and kept in view.
// The state record belongs to the app; drawing clamps it (selection inside
// the items, offset so the selection is visible).
import type { Buffer } from '../buffer/buffer.js';
import { type Rect, isEmpty, rect } from '../layout/rect.js';
import { EMPTY_STYLE, type Style } from '../style/style.js';
import { type Line, line } from '../text/span.js';
import { truncateLine } from '../text/wrap.js';
import { stringWidth } from '../text/width.js';

export interface ListState {
  selected: number | undefined;
  offset: number;
}

export function listState(selected?: number): ListState {
  return { selected, offset: 0 };
}

export interface ListProps {
  readonly items: readonly (Line | string)[];
  readonly style?: Style;
  readonly highlightStyle?: Style;
  /** Drawn before the selected item (and as blank padding before the others). */
  readonly highlightSymbol?: string;
}

/** Moves the selection by `delta`, clamped to the items. */
export function listSelect(state: ListState, count: number, delta: number): void {
  if (count === 0) {
    state.selected = undefined;
    return;
  }
  const cur = state.selected ?? (delta > 0 ? -1 : count);
  state.selected = Math.max(0, Math.min(count - 1, cur + delta));
}

/** Clamps offset so that the selection is inside a viewport of `height` rows. */
export function keepVisible(state: ListState, count: number, height: number): void {
  if (state.selected !== undefined)
    state.selected = Math.max(0, Math.min(count - 1, state.selected));
  if (count === 0) state.selected = undefined;
  const maxOffset = Math.max(0, count - height);
  let off = Math.max(0, Math.min(state.offset, maxOffset));
  const sel = state.selected;
  if (sel !== undefined && height > 0) {
    if (sel < off) off = sel;
    if (sel >= off + height) off = sel - height + 1;
  }
  state.offset = off;
}

/** The item index at row `y` of the list area, if any (mouse hit-testing). */
export function listItemAt(
  area: Rect,
  state: ListState,
  count: number,
  y: number,
): number | undefined {
  const i = state.offset + (y - area.y);
  return y >= area.y && y < area.y + area.height && i < count ? i : undefined;
}

export function drawList(buf: Buffer, area: Rect, p: ListProps, state: ListState): void {
  if (isEmpty(area)) return;
  buf.setStyle(area, p.style ?? EMPTY_STYLE);
  keepVisible(state, p.items.length, area.height);
  const sym = p.highlightSymbol ?? '';
  const symW = stringWidth(sym);
  for (let row = 0; row < area.height; row++) {
    const i = state.offset + row;
    const item = p.items[i];
    if (item === undefined) break;
    const y = area.y + row;
    const selected = i === state.selected;
    if (selected && p.highlightStyle)
      buf.setStyle(rect(area.x, y, area.width, 1), p.highlightStyle);
    let x = area.x;
    if (symW > 0) {
      if (selected) buf.setString(x, y, sym, EMPTY_STYLE, area.width);
      x += symW;
    }
    const l = typeof item === 'string' ? line(item) : item;
    const room = area.x + area.width - x;
    if (room > 0) buf.setLine(x, y, truncateLine(l, room), room);
  }
}
