// Toasts: the newest notifications, one line each, at the top right of the
// chat; a click dismisses them. The full list is in the notifications history.
import { type Buffer, type Theme, line, span, truncateLine } from '../../tui/index.js';
import type { Level, State } from '../types/state.js';
import type { AppLayout } from '../geometry/layout.js';

const ICON: Readonly<Record<Level, string>> = { info: 'ℹ', warn: '⚠', error: '✗' };
const TOKEN = { info: 'status.info', warn: 'status.warn', error: 'status.error' } as const;

export function drawToasts(buf: Buffer, l: AppLayout, s: State, theme: Theme): void {
  l.toasts.forEach((r, i) => {
    const t = s.toasts[i];
    if (t === undefined) return;
    buf.setStyle(r, theme.popup);
    buf.setLine(
      r.x + 1,
      r.y,
      // A toast too long for its row ends in an ellipsis (the history has it whole).
      truncateLine(
        line(span(`${ICON[t.level]} `, theme[TOKEN[t.level]]), span(t.text, theme.text)),
        r.width - 2,
      ),
      r.width - 2,
    );
  });
}
