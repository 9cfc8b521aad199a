// What the chat view drew, row by row: which message each screen row belongs
// to and the text of its cells. The mouse hit test maps a click to a message
// with it, and a drag across the text is copied from it (the cells the user
// saw, not a re-render).
import type { Rect } from '../../tui/index.js';
import type { ChatRowMap } from '../types/screen.js';

export type { ChatRowMap };

export function emptyRowMap(area: Rect): ChatRowMap {
  return { area, items: [], cells: [] };
}

/** The item drawn at screen row `y`, if any. */
export function itemAtRow(map: ChatRowMap, y: number): number | undefined {
  return map.items[y - map.area.y];
}

/** `p` moved inside the map's area (a drag may leave it). */
export function clampToArea(map: ChatRowMap, x: number, y: number): { x: number; y: number } {
  const a = map.area;
  return {
    x: Math.max(a.x, Math.min(a.x + a.width - 1, x)),
    y: Math.max(a.y, Math.min(a.y + a.height - 1, y)),
  };
}

/** The two ends of a selection in reading order. */
export function ordered(
  a: { x: number; y: number },
  b: { x: number; y: number },
): [{ x: number; y: number }, { x: number; y: number }] {
  return a.y < b.y || (a.y === b.y && a.x <= b.x) ? [a, b] : [b, a];
}

/** Whether the cell (x, y) lies in the selection from `a` to `b` (both ends included). */
export function inSelection(
  a: { x: number; y: number },
  b: { x: number; y: number },
  x: number,
  y: number,
): boolean {
  const [from, to] = ordered(a, b);
  if (y < from.y || y > to.y) return false;
  if (y === from.y && x < from.x) return false;
  if (y === to.y && x > to.x) return false;
  return true;
}

/**
 * The text between two cells as drawn: rows joined by newlines, trailing
 * blanks dropped, and the indent all selected rows share removed.
 */
export function selectedText(
  map: ChatRowMap,
  a: { x: number; y: number },
  b: { x: number; y: number },
): string {
  const [from, to] = ordered(a, b);
  const rows: string[] = [];
  for (let y = from.y; y <= to.y; y++) {
    const cells = map.cells[y - map.area.y] ?? [];
    const start = y === from.y ? from.x - map.area.x : 0;
    const end = y === to.y ? to.x - map.area.x + 1 : cells.length;
    rows.push(cells.slice(Math.max(0, start), Math.max(0, end)).join('').trimEnd());
  }
  const indents = rows.filter((r) => r !== '').map((r) => r.length - r.trimStart().length);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  return rows.map((r) => r.slice(common)).join('\n');
}
