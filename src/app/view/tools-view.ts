// The sidebar's Tools tab (issue 17): the rows of geometry/tools-rows.ts from
// the tab's scroll.
import type { Buffer, Rect, Theme } from '../../tui/index.js';
import { toolsRows } from '../geometry/tools-rows.js';
import type { State } from '../types/state.js';

export function drawToolsTab(buf: Buffer, body: Rect, s: State, theme: Theme): void {
  const width = Math.max(1, body.width - 2);
  const rows = toolsRows(s, width, theme);
  const top = Math.max(0, Math.min(s.toolsScroll ?? 0, rows.length - body.height));
  for (let r = 0; r < body.height; r++) {
    const l = rows[top + r];
    if (l === undefined) break;
    buf.setLine(body.x + 1, body.y + r, l, width);
  }
}
