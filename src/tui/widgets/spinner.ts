// Spinner: an animation frame chosen by a tick count the app advances on its
// own timer (ticks are separate from frames; the frame only reads the count).
import type { Buffer } from '../buffer/buffer.js';
import { type Rect, isEmpty } from '../layout/rect.js';
import { EMPTY_STYLE, type Style } from '../style/style.js';

export const SPINNERS = {
  dots: ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'],
  line: ['-', '\\', '|', '/'],
  arc: ['◜', '◠', '◝', '◞', '◡', '◟'],
} as const;

export interface SpinnerProps {
  readonly tick: number;
  readonly frames?: readonly string[];
  readonly label?: string;
  readonly style?: Style;
}

export function spinnerFrame(tick: number, frames: readonly string[] = SPINNERS.dots): string {
  const n = frames.length;
  return n === 0 ? '' : (frames[((Math.floor(tick) % n) + n) % n] ?? '');
}

export function drawSpinner(buf: Buffer, area: Rect, p: SpinnerProps): void {
  if (isEmpty(area)) return;
  const s = spinnerFrame(p.tick, p.frames);
  const x = buf.setString(area.x, area.y, s, p.style ?? EMPTY_STYLE, area.width);
  if (p.label !== undefined)
    buf.setString(x + 1, area.y, p.label, EMPTY_STYLE, area.x + area.width - x - 1);
}
