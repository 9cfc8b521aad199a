// The Image widget: reserves a picture's cells, fitted into the area keeping
// its aspect ratio (top-left aligned), and draws it with the context's
// protocol: half-block cells, kitty placeholder cells, or an out-of-grid
// picture the renderer tracks. Until the picture is decoded its cells are
// reserved and show a label; a picture that cannot be shown (protocol `off`,
// empty, corrupt, too large) is a one-line label instead.
import type { Buffer } from '../buffer/buffer.js';
import { type Graphics, NotDecoded, type Picture } from '../graphics/context.js';
import { imageLabel } from '../graphics/format.js';
import { MAX_PLACEHOLDER_CELLS, placeholderSymbol } from '../graphics/kitty.js';
import { type Fit, fitCells } from '../graphics/raster.js';
import { type Rect, intersect, rect } from '../layout/rect.js';
import { DEFAULT } from '../style/color.js';
import { EMPTY_STYLE, type Style } from '../style/style.js';

export interface ImageProps {
  readonly picture: Picture;
  readonly graphics: Graphics;
  /** The visible part of the buffer (a scrolled viewport); cells outside it are not drawn. */
  readonly clip?: Rect;
  /** Grow pictures smaller than the area (default: shown at most at their own size). */
  readonly upscale?: boolean;
  /** Style of the label shown instead of (or until) the picture. */
  readonly labelStyle?: Style;
}

/** Whether the picture shows as a one-line label rather than as a picture. */
function asLabel(p: Picture, g: Graphics): boolean {
  return g.protocol === 'off' || p.status === 'failed';
}

/** The cells a picture takes in a `maxCols`x`maxRows` box (for laying out before drawing). */
export function imageFit(
  p: Picture,
  g: Graphics,
  maxCols: number,
  maxRows: number,
  upscale = false,
): Fit {
  if (asLabel(p, g))
    return { cols: Math.min(maxCols, 1), rows: Math.min(maxRows, 1), width: 0, height: 0 };
  let rows = maxRows;
  let cols = maxCols;
  if (g.protocol === 'kitty' && g.caps.placeholders) {
    rows = Math.min(rows, MAX_PLACEHOLDER_CELLS);
    cols = Math.min(cols, MAX_PLACEHOLDER_CELLS);
  }
  return fitCells(p.info.width, p.info.height, cols, rows, g.cell, upscale);
}

/** Draws the picture into `area`; returns the cells it took. */
export function drawImage(buf: Buffer, area: Rect, props: ImageProps): Rect {
  const { picture: p, graphics: g } = props;
  const clip = intersect(props.clip ?? buf.area, buf.area);
  const style = props.labelStyle ?? EMPTY_STYLE;
  if (area.width <= 0 || area.height <= 0) return rect(area.x, area.y, 0, 0);
  if (asLabel(p, g)) {
    const label = imageLabel(p.info, p.info.problem ?? p.error);
    drawClipped(buf, area.x, area.y, label, style, area.width, clip);
    return rect(area.x, area.y, Math.min(area.width, label.length), 1);
  }
  const fit = imageFit(p, g, area.width, area.height, props.upscale);
  const box = rect(area.x, area.y, fit.cols, fit.rows);
  const vis = intersect(box, clip);
  if (p.status !== 'ready') {
    g.request(p, fit);
    buf.clear(vis);
    drawClipped(buf, box.x, box.y, imageLabel(p.info, 'loading'), style, box.width, clip);
    return box;
  }
  if (vis.width <= 0 || vis.height <= 0) return box;
  g.touch(p);
  try {
    drawReady(buf, box, vis, fit, p, g);
  } catch (e) {
    if (!(e instanceof NotDecoded)) throw e;
    // Its pixels were dropped to save memory and are being decoded again.
    buf.clear(vis);
    drawClipped(buf, box.x, box.y, imageLabel(p.info, 'loading'), style, box.width, clip);
  }
  return box;
}

function drawReady(buf: Buffer, box: Rect, vis: Rect, fit: Fit, p: Picture, g: Graphics): void {
  const protocol = g.protocol;
  if (protocol === 'blocks') {
    const cells = g.blocks(p, fit);
    for (let y = vis.y; y < vis.y + vis.height; y++) {
      for (let x = vis.x; x < vis.x + vis.width; x++) {
        const i = (y - box.y) * cells.cols + (x - box.x);
        const top = cells.top[i] ?? DEFAULT;
        const bottom = cells.bottom[i] ?? DEFAULT;
        if (top === DEFAULT && bottom === DEFAULT) buf.put(x, y, ' ', 1, { bg: DEFAULT });
        else if (top === DEFAULT) buf.put(x, y, '▄', 1, { fg: bottom, bg: DEFAULT });
        else buf.put(x, y, '▀', 1, { fg: top, bg: bottom });
      }
    }
    return;
  }
  if (protocol === 'kitty' && g.caps.placeholders) {
    const pic = g.placeholders(p, fit);
    buf.addTransmit({ id: `kitty:${pic.id}`, bytes: pic.transmit, free: pic.free });
    for (let y = vis.y; y < vis.y + vis.height; y++) {
      for (let x = vis.x; x < vis.x + vis.width; x++) {
        buf.put(x, y, placeholderSymbol(y - box.y, x - box.x), 1, { fg: pic.fg, bg: DEFAULT });
      }
    }
    return;
  }
  // sixel and iTerm2 move the cursor below a picture that reaches the last
  // row, which would scroll the screen: keep them off the last row.
  let shown = vis;
  const lastRow = buf.area.y + buf.area.height - 1;
  if (protocol !== 'kitty' && shown.y + shown.height - 1 >= lastRow)
    shown = rect(shown.x, shown.y, shown.width, Math.max(0, lastRow - shown.y));
  if (shown.width <= 0 || shown.height <= 0) return;
  const pic = g.pixels(
    p,
    fit,
    { col: shown.x - box.x, row: shown.y - box.y, cols: shown.width, rows: shown.height },
    { x: shown.x, y: shown.y },
  );
  buf.addGraphic({
    key: pic.key,
    area: shown,
    draw: pic.draw,
    erase: pic.erase,
    ...(pic.transmit ? { transmit: pic.transmit } : {}),
    stamp: 0,
  });
}

function drawClipped(
  buf: Buffer,
  x: number,
  y: number,
  s: string,
  style: Style,
  maxWidth: number,
  clip: Rect,
): void {
  if (y < clip.y || y >= clip.y + clip.height) return;
  const from = Math.max(x, clip.x);
  const skip = from - x;
  buf.setString(
    from,
    y,
    s.slice(skip),
    style,
    Math.min(maxWidth - skip, clip.x + clip.width - from),
  );
}
