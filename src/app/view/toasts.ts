// Toasts: the newest notifications at the top right of the chat, each wrapped
// to at most two rows (the chat's text starts below them, so they hide none of
// it); a click dismisses them. The full list is in the notifications history.
import { type Buffer, type Theme, line, span } from '../../tui/index.js';
import type { Level, State } from '../types/state.js';
import { type AppLayout, notificationsKey } from '../geometry/layout.js';
import { toastRows } from '../geometry/toast-rows.js';

const ICON: Readonly<Record<Level, string>> = { info: 'ℹ', warn: '⚠', error: '✗' };
const TOKEN = { info: 'status.info', warn: 'status.warn', error: 'status.error' } as const;

export function drawToasts(buf: Buffer, l: AppLayout, s: State, theme: Theme): void {
  // The layout keeps the newest toasts that fit, in order.
  const shown = s.toasts.slice(s.toasts.length - l.toasts.length);
  const key = notificationsKey(s);
  l.toasts.forEach((r, i) => {
    const t = shown[i];
    if (t === undefined) return;
    // Blank the whole rect, padding included: the transcript's letters
    // otherwise stay glued to both ends of the text ("clearedd").
    buf.clear(r, theme.popup);
    toastRows(t.text, r.width - 4, key).forEach((row, j) => {
      const icon = j === 0 ? `${ICON[t.level]} ` : '  ';
      const text = line(span(icon, theme[TOKEN[t.level]]), span(row, theme.text));
      buf.setLine(r.x + 1, r.y + j, text, r.width - 2);
    });
  });
}
