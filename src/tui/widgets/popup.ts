// Popup/modal: clears the cells beneath it (so nothing of the view behind
// shows through), draws a bordered block, and returns the inner area.
import type { Buffer } from '../buffer/buffer.js';
import { type Rect, centered } from '../layout/rect.js';
import { EMPTY_STYLE } from '../style/style.js';
import { type BlockProps, drawBlock } from './block.js';

/** A popup of at most `width` x `height` centred in `area`. */
export function popupArea(area: Rect, width: number, height: number): Rect {
  return centered(area, width, height);
}

export function drawPopup(buf: Buffer, area: Rect, p: BlockProps): Rect {
  buf.clear(area, p.style ?? EMPTY_STYLE);
  return drawBlock(buf, area, { borderType: 'rounded', ...p });
}
