// The sidebar's metrics tab.
import { type Buffer, type Rect, type Theme } from '../../tui/index.js';
import { type State } from '../state.js';

export function drawMetricsTab(
  buf: Buffer,
  body: Rect,
  _s: State,
  theme: Theme,
  _focused: boolean,
): void {
  buf.setString(body.x + 1, body.y, 'loading…', theme['text.dim'], body.width - 1);
}
