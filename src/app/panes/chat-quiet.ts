// A stream that has gone quiet: the reply's spinner keeps turning while no
// data arrives, so it looks alive until the idle timeout (two minutes by
// default) ends it with an error. After QUIET_MS without an event the spinner
// line says so, counting the seconds ("no data for 15 s — Esc stops").
import type { State } from '../types/state.js';

/** Silence, in ms, after which the spinner line says no data is coming. */
export const QUIET_MS = 5000;

/** Data arrived for request `requestId` at `now`: if it is the reply being streamed, the silence ends. */
export function noteData(s: State, requestId: string, now: string): State {
  const st = s.chat.streaming;
  if (st?.requestId !== requestId) return s;
  const { quietS: _q, ...rest } = st;
  return { ...s, chat: { ...s.chat, streaming: { ...rest, dataAt: Date.parse(now) } } };
}

/** A tick: counts the seconds without data (the first tick of a stream starts the count). */
export function noteTick(s: State, now: string): State {
  const st = s.chat.streaming;
  if (st === undefined) return s;
  const ms = Date.parse(now);
  if (st.dataAt === undefined)
    return { ...s, chat: { ...s.chat, streaming: { ...st, dataAt: ms } } };
  const quiet = ms - st.dataAt;
  const quietS = quiet >= QUIET_MS ? Math.floor(quiet / 1000) : undefined;
  if (quietS === st.quietS) return s;
  const { quietS: _q, ...rest } = st;
  const streaming = quietS === undefined ? rest : { ...rest, quietS };
  return { ...s, chat: { ...s.chat, streaming } };
}
