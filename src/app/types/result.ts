// What a reducer returns: the next state and the effects to run.
import type { Effect } from './effects.js';
import type { CommandId } from './keymap.js';
import type { State } from './state.js';

export type Result = readonly [State, readonly Effect[]];

export const none = (s: State): Result => [s, []];

/** A command's reducer; `now` is the action's ISO time. */
export type Handler = (s: State, now: string) => Result;

/** The commands a pane handles. */
export type Handlers = Partial<Record<CommandId, Handler>>;
