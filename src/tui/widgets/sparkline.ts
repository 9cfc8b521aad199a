// Sparkline: one column per sample, bar heights in eighths of a cell, the most
// recent samples at the right when there are more than columns.
import type { Buffer } from '../buffer/buffer.js';
import { type Rect, isEmpty } from '../layout/rect.js';
import { EMPTY_STYLE, type Style } from '../style/style.js';

const BARS = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

export interface SparklineProps {
  readonly data: readonly number[];
  /** Top of the scale; the data's maximum when omitted. */
  readonly max?: number;
  readonly style?: Style;
}

export function drawSparkline(buf: Buffer, area: Rect, p: SparklineProps): void {
  if (isEmpty(area)) return;
  const data = p.data.slice(Math.max(0, p.data.length - area.width));
  const max = p.max ?? Math.max(0, ...data.filter(Number.isFinite));
  const st = p.style ?? EMPTY_STYLE;
  data.forEach((v, i) => {
    const value = Number.isFinite(v) ? Math.max(0, v) : 0;
    let eighths = max > 0 ? Math.round((Math.min(value, max) / max) * area.height * 8) : 0;
    for (let row = area.height - 1; row >= 0; row--) {
      const n = Math.max(0, Math.min(8, eighths));
      buf.setString(area.x + i, area.y + row, BARS[n] ?? ' ', st);
      eighths -= 8;
    }
  });
}
