// Draws Markdown lines into an area with a vertical scroll.
import type { Buffer } from '../../buffer/buffer.js';
import { type Rect, isEmpty } from '../../layout/rect.js';
import type { Line } from '../../text/span.js';

export function drawMarkdownLines(
  buf: Buffer,
  area: Rect,
  lines: readonly Line[],
  scroll = 0,
): void {
  if (isEmpty(area)) return;
  for (let r = 0; r < area.height; r++) {
    const l = lines[scroll + r];
    if (l === undefined) break;
    buf.setLine(area.x, area.y + r, l, area.width);
  }
}
