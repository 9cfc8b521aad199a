// The sessions sidebar's reducer: the list, its selection, and opening one.
import { type Effect } from '../effects.js';
import { type SessionSummary, type State } from '../state.js';
import { type Result } from './chat.js';

export function loaded(s: State, items: readonly SessionSummary[], problem?: string): State {
  const selected = Math.max(0, Math.min(s.sessions.selected, items.length - 1));
  return {
    ...s,
    sessions: { items, selected, loaded: true, ...(problem !== undefined ? { problem } : {}) },
  };
}

export function move(s: State, delta: number): State {
  const n = s.sessions.items.length;
  if (n === 0) return s;
  const selected = Math.max(0, Math.min(n - 1, s.sessions.selected + delta));
  return { ...s, sessions: { ...s.sessions, selected } };
}

export function select(s: State, index: number): State {
  if (index < 0 || index >= s.sessions.items.length) return s;
  return { ...s, sessions: { ...s.sessions, selected: index } };
}

export function open(s: State): Result {
  const it = s.sessions.items[s.sessions.selected];
  if (it === undefined) return [s, []];
  if (s.chat.streaming !== undefined)
    return [
      { ...s, notice: { level: 'warn', text: 'A reply is being generated: Esc stops it first' } },
      [],
    ];
  const effects: Effect[] = [{ type: 'openSession', sessionId: it.id }];
  return [s, effects];
}

/** A session the store just created goes to the top of the list, selected. */
export function created(s: State, it: SessionSummary): State {
  const items = [it, ...s.sessions.items.filter((x) => x.id !== it.id)];
  return { ...s, sessions: { ...s.sessions, items, selected: 0 } };
}
