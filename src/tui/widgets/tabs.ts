// Tabs: a row of titles separated by a divider, the selected one highlighted.
// `tabAt` maps a mouse column back to a tab for click handling.
import type { Buffer } from '../buffer/buffer.js';
import { type Rect, isEmpty } from '../layout/rect.js';
import { EMPTY_STYLE, type Style } from '../style/style.js';
import { stringWidth } from '../text/width.js';

export interface TabsProps {
  readonly titles: readonly string[];
  readonly selected: number;
  readonly style?: Style;
  readonly highlightStyle?: Style;
  readonly divider?: string;
  readonly dividerStyle?: Style;
}

/** Column ranges [start, end) of each title as drawn in `area`. */
export function tabRanges(area: Rect, p: TabsProps): [number, number][] {
  const div = p.divider ?? '│';
  const out: [number, number][] = [];
  let x = area.x;
  for (const t of p.titles) {
    const start = x + 1;
    const end = start + stringWidth(t);
    out.push([start, Math.min(end, area.x + area.width)]);
    x = end + 1 + stringWidth(div);
  }
  return out;
}

export function tabAt(area: Rect, p: TabsProps, x: number): number | undefined {
  const i = tabRanges(area, p).findIndex(([s, e]) => x >= s - 1 && x <= e);
  return i < 0 ? undefined : i;
}

export function drawTabs(buf: Buffer, area: Rect, p: TabsProps): void {
  if (isEmpty(area)) return;
  buf.setStyle(area, p.style ?? EMPTY_STYLE);
  const div = p.divider ?? '│';
  const right = area.x + area.width;
  const ranges = tabRanges(area, p);
  p.titles.forEach((t, i) => {
    const r = ranges[i];
    if (r === undefined || r[0] >= right) return;
    const st = i === p.selected ? (p.highlightStyle ?? EMPTY_STYLE) : EMPTY_STYLE;
    buf.setString(r[0], area.y, t, st, right - r[0]);
    if (i < p.titles.length - 1 && r[1] + 1 < right)
      buf.setString(r[1] + 1, area.y, div, p.dividerStyle ?? EMPTY_STYLE);
  });
}
