// Notifications: reducers call notify() to raise a toast (kept in the history
// too); the root reducer stamps new ones with the action's time and drops
// expired toasts on each tick.
import { type Level, NOTICE_HISTORY, type Notice, type State } from '../types/state.js';

/** How long a toast stays, by level (errors stay longest). */
export const TOAST_MS: Readonly<Record<Level, number>> = { info: 3000, warn: 5000, error: 8000 };

/** Toasts shown at once; older ones leave early (they stay in the history). */
const MAX_TOASTS = 4;

export function notify(s: State, level: Level, text: string): State {
  const id = (s.notices.at(-1)?.id ?? 0) + 1;
  const n: Notice = { id, level, text, at: '', until: 0 };
  // The same text again replaces the earlier toast instead of stacking.
  const toasts = [...s.toasts.filter((t) => t.text !== text), n].slice(-MAX_TOASTS);
  const notices = [...s.notices, n].slice(-NOTICE_HISTORY);
  return { ...s, toasts, notices };
}

/** Gives notices raised by this action their time. Returns `s` itself when none is new. */
export function stampNotices(s: State, now: string): State {
  const fresh = (n: Notice) => n.at === '';
  if (!s.toasts.some(fresh) && !s.notices.some(fresh)) return s;
  const ms = Date.parse(now);
  const stamp = (n: Notice): Notice =>
    fresh(n) ? { ...n, at: now, until: ms + TOAST_MS[n.level] } : n;
  return { ...s, toasts: s.toasts.map(stamp), notices: s.notices.map(stamp) };
}

/** Drops toasts whose time is up. */
export function expireToasts(s: State, now: string): State {
  const ms = Date.parse(now);
  if (!s.toasts.some((t) => t.until <= ms)) return s;
  return { ...s, toasts: s.toasts.filter((t) => t.until > ms) };
}

/** Closes every toast (a click on one, or Esc when nothing else wants it). */
export function dismissToasts(s: State): State {
  return s.toasts.length === 0 ? s : { ...s, toasts: [] };
}
