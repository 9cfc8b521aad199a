// Scrollbar: a track with a thumb whose size and position show which part of
// the content is in view. Vertical or horizontal; drawn over an area's edge.
import type { Buffer } from '../buffer/buffer.js';
import { type Rect, isEmpty } from '../layout/rect.js';
import { EMPTY_STYLE, type Style } from '../style/style.js';

export interface ScrollbarProps {
  readonly orientation?: 'vertical' | 'horizontal';
  readonly contentLength: number;
  readonly viewportLength: number;
  readonly position: number;
  readonly trackSymbol?: string;
  readonly thumbSymbol?: string;
  readonly trackStyle?: Style;
  readonly thumbStyle?: Style;
}

/** Thumb start and length in cells for a track of `track` cells. */
export function thumbRange(p: ScrollbarProps, track: number): [number, number] {
  const content = Math.max(1, p.contentLength);
  if (p.contentLength <= p.viewportLength) return [0, track];
  const len = Math.max(1, Math.min(track, Math.round((track * p.viewportLength) / content)));
  const maxPos = Math.max(1, p.contentLength - p.viewportLength);
  const pos = Math.max(0, Math.min(maxPos, p.position));
  const start = Math.round(((track - len) * pos) / maxPos);
  return [start, len];
}

export function drawScrollbar(buf: Buffer, area: Rect, p: ScrollbarProps): void {
  if (isEmpty(area)) return;
  const vertical = (p.orientation ?? 'vertical') === 'vertical';
  const track = vertical ? area.height : area.width;
  const [start, len] = thumbRange(p, track);
  const trackSym = p.trackSymbol ?? (vertical ? '│' : '─');
  const thumbSym = p.thumbSymbol ?? '█';
  for (let i = 0; i < track; i++) {
    const thumb = i >= start && i < start + len;
    const x = vertical ? area.x + area.width - 1 : area.x + i;
    const y = vertical ? area.y + i : area.y + area.height - 1;
    buf.setString(
      x,
      y,
      thumb ? thumbSym : trackSym,
      (thumb ? p.thumbStyle : p.trackStyle) ?? EMPTY_STYLE,
    );
  }
}
