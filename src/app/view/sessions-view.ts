// The sidebar's sessions tab: how many are saved, then one row per session
// (current marker, title, date), the selection kept in view.
import {
  type Buffer,
  type Rect,
  type Theme,
  line,
  rect,
  span,
  stringWidth,
  truncate,
  wrapLines,
} from '../../tui/index.js';
import { type State } from '../state.js';
import { sessionsOffset } from './layout.js';

function shortDate(iso: string, withTime: boolean): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  const day = `${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  return withTime ? `${day} ${p(d.getHours())}:${p(d.getMinutes())}` : day;
}

/** Rows above the list (the count line). */
export const SESSIONS_HEAD_ROWS = 1;

export function drawSessionsTab(
  buf: Buffer,
  body: Rect,
  s: State,
  theme: Theme,
  focused: boolean,
): void {
  const n = s.sessions.items.length;
  buf.setString(
    body.x + 1,
    body.y,
    n === 1 ? '1 saved' : `${n} saved`,
    theme['text.dim'],
    body.width - 1,
  );
  const rows = rect(
    body.x,
    body.y + SESSIONS_HEAD_ROWS,
    body.width,
    body.height - SESSIONS_HEAD_ROWS,
  );
  if (!s.sessions.loaded) {
    buf.setString(rows.x + 1, rows.y, 'loading…', theme['text.dim'], rows.width - 1);
    return;
  }
  if (n === 0) {
    const msg = s.sessions.problem ?? 'No sessions yet: your first message starts one.';
    wrapLines([line(span(msg, theme['text.dim']))], rows.width - 1).forEach((l, i) => {
      if (i < rows.height) buf.setLine(rows.x + 1, rows.y + i, l, rows.width - 1);
    });
    return;
  }
  const off = sessionsOffset(s.sessions.selected, n, rows.height);
  for (let r = 0; r < rows.height; r++) {
    const i = off + r;
    const it = s.sessions.items[i];
    if (it === undefined) break;
    const y = rows.y + r;
    const selected = i === s.sessions.selected;
    const current = it.id === s.chat.sessionId;
    if (selected)
      buf.setStyle(
        rect(rows.x, y, rows.width, 1),
        focused ? theme.selection : theme['selection.inactive'],
      );
    const date = shortDate(it.updatedAt, rows.width >= 34);
    const titleW = Math.max(1, rows.width - 2 - stringWidth(date) - 1);
    buf.setString(rows.x, y, current ? '•' : ' ', theme['text.accent']);
    buf.setString(
      rows.x + 1,
      y,
      truncate(it.title || 'untitled', titleW),
      current ? theme['text.strong'] : theme.text,
    );
    buf.setString(rows.x + rows.width - stringWidth(date), y, date, theme['text.dim']);
  }
}
