// Gauge: a progress bar with eighth-cell precision (▏▎▍▌▋▊▉█) and a centred
// label; the label's cells over the filled part are drawn in reverse so it
// stays readable on both sides.
import type { Buffer } from '../buffer/buffer.js';
import { type Rect, isEmpty } from '../layout/rect.js';
import { EMPTY_STYLE, Mod, type Style } from '../style/style.js';
import { stringWidth } from '../text/width.js';

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

export interface GaugeProps {
  /** 0..1 */
  readonly ratio: number;
  readonly label?: string;
  readonly filledStyle?: Style;
  readonly emptyStyle?: Style;
}

export function drawGauge(buf: Buffer, area: Rect, p: GaugeProps): void {
  if (isEmpty(area)) return;
  const ratio = Math.max(0, Math.min(1, Number.isFinite(p.ratio) ? p.ratio : 0));
  const eighths = Math.round(ratio * area.width * 8);
  const full = Math.floor(eighths / 8);
  const part = eighths % 8;
  const fs = p.filledStyle ?? EMPTY_STYLE;
  const es = p.emptyStyle ?? EMPTY_STYLE;
  for (let y = area.y; y < area.y + area.height; y++) {
    for (let i = 0; i < area.width; i++) {
      const x = area.x + i;
      if (i < full) buf.setString(x, y, '█', fs);
      else if (i === full && part > 0) buf.setString(x, y, EIGHTHS[part] ?? '', fs);
      else buf.setString(x, y, '░', es);
    }
  }
  const label = p.label ?? `${Math.round(ratio * 100)}%`;
  const w = stringWidth(label);
  const lx = area.x + Math.max(0, Math.floor((area.width - w) / 2));
  const ly = area.y + Math.floor(area.height / 2);
  const end = buf.setString(lx, ly, label, es, area.width);
  // Label cells over the filled part: reverse video keeps them readable.
  for (let x = lx; x < end; x++) {
    const c = buf.cell(x, ly);
    if (x - area.x < full) {
      c.applyStyle(fs);
      c.applyStyle({ add: Mod.reverse });
    } else c.applyStyle({ fg: fs.fg ?? -1 });
  }
}
