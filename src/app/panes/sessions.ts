// The sessions sidebar's reducer: the list, its selection, and opening one.
import { type Effect } from '../effects.js';
import { notify } from '../notify.js';
import { type Handlers, type Result, none } from '../result.js';
import { type SessionSummary, type State } from '../state.js';
import { newChat } from './chat.js';

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
    return [notify(s, 'warn', 'A reply is being generated: Esc stops it first'), []];
  const effects: Effect[] = [{ type: 'openSession', sessionId: it.id }];
  return [s, effects];
}

/** A session the store just created goes to the top of the list, selected. */
export function created(s: State, it: SessionSummary): State {
  const items = [it, ...s.sessions.items.filter((x) => x.id !== it.id)];
  return { ...s, sessions: { ...s.sessions, items, selected: 0 } };
}

export const sessionsCommands: Handlers = {
  'sessions.up': (s) => none(move(s, -1)),
  'sessions.down': (s) => none(move(s, 1)),
  'sessions.open': open,
  'sessions.new': newChat,
  'sessions.refresh': (s) => [s, [{ type: 'loadSessions' }]],
};

export const sessionsMouse = {
  wheel: (s: State, rows: number): State => move(s, -rows),
  click: (s: State, index: number): Result => open(select(s, index)),
};
