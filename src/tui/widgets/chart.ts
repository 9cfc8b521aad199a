// Line chart on a braille canvas: datasets of (x, y) points inside given
// bounds, a y axis with min/max labels on the left, an x axis with labels
// below, and a legend of dataset names in the top-right corner.
import type { Buffer } from '../buffer/buffer.js';
import { type Rect, isEmpty } from '../layout/rect.js';
import { EMPTY_STYLE, type Style } from '../style/style.js';
import { stringWidth } from '../text/width.js';
import { BrailleCanvas } from './braille.js';

export interface Dataset {
  readonly name: string;
  readonly data: readonly (readonly [number, number])[];
  readonly style?: Style;
}

export interface ChartProps {
  readonly datasets: readonly Dataset[];
  readonly xBounds: readonly [number, number];
  readonly yBounds: readonly [number, number];
  readonly xLabels?: readonly string[];
  readonly yLabels?: readonly string[];
  readonly axisStyle?: Style;
  readonly labelStyle?: Style;
  readonly legend?: boolean;
}

export function drawChart(buf: Buffer, area: Rect, p: ChartProps): void {
  if (isEmpty(area) || area.height < 2) return;
  const ax = p.axisStyle ?? EMPTY_STYLE;
  const ls = p.labelStyle ?? EMPTY_STYLE;
  const yLabels = p.yLabels ?? [];
  const labelW = Math.max(0, ...yLabels.map(stringWidth));
  const xLabels = p.xLabels ?? [];
  const bottomRows = xLabels.length > 0 ? 2 : 1;
  const plot: Rect = {
    x: area.x + labelW + 1,
    y: area.y,
    width: Math.max(0, area.width - labelW - 1),
    height: Math.max(0, area.height - bottomRows),
  };
  // Axes.
  const axisY = plot.y + plot.height;
  for (let y = plot.y; y < axisY; y++) buf.setString(plot.x - 1, y, '│', ax);
  buf.setString(plot.x - 1, axisY, '└', ax);
  for (let x = plot.x; x < plot.x + plot.width; x++) buf.setString(x, axisY, '─', ax);
  // Y labels spread from the bottom (first) to the top (last).
  yLabels.forEach((l, i) => {
    const n = yLabels.length;
    const row = n === 1 ? axisY - 1 : axisY - 1 - Math.round((i * (plot.height - 1)) / (n - 1));
    buf.setString(area.x + labelW - stringWidth(l), row, l, ls);
  });
  xLabels.forEach((l, i) => {
    const n = xLabels.length;
    const w = stringWidth(l);
    const pos = n === 1 ? 0 : Math.round((i * (plot.width - 1)) / (n - 1));
    const x = Math.max(
      area.x,
      Math.min(
        plot.x + pos - (i === 0 ? 0 : i === n - 1 ? w - 1 : Math.floor(w / 2)),
        area.x + area.width - w,
      ),
    );
    buf.setString(x, axisY + 1, l, ls);
  });
  if (isEmpty(plot)) return;
  const canvas = new BrailleCanvas(plot.width, plot.height);
  const [x0, x1] = p.xBounds;
  const [y0, y1] = p.yBounds;
  const sx = (canvas.dotsWide - 1) / (x1 - x0 || 1);
  const sy = (canvas.dotsHigh - 1) / (y1 - y0 || 1);
  for (const ds of p.datasets) {
    let prev: [number, number] | undefined;
    for (const [x, y] of ds.data) {
      if (!Number.isFinite(x) || !Number.isFinite(y)) {
        prev = undefined;
        continue;
      }
      const px = (x - x0) * sx;
      const py = canvas.dotsHigh - 1 - (y - y0) * sy;
      if (prev) canvas.line(prev[0], prev[1], px, py, ds.style);
      else canvas.dot(px, py, ds.style);
      prev = [px, py];
    }
  }
  canvas.draw(buf, plot);
  if (p.legend !== false && p.datasets.length > 0) {
    const w = Math.max(...p.datasets.map((d) => stringWidth(d.name))) + 2;
    if (w <= plot.width) {
      p.datasets.forEach((d, i) => {
        if (i >= plot.height) return;
        const x = plot.x + plot.width - w;
        buf.setString(x, plot.y + i, `■ ${d.name}`.padEnd(w), d.style ?? EMPTY_STYLE);
      });
    }
  }
}
