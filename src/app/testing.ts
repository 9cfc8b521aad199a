// Helpers for app tests: a state at a size, key events by spec, and actions
// run through the root reducer at a fixed time. Not part of the build
// (tsconfig.build.json leaves it out; only tests may import it).
import { key } from '../tui/index.js';
import type { Action } from './types/actions.js';
import type { Effect } from './types/effects.js';
import { defaultKeymap } from './types/keymap.js';
import { type State, initialState } from './types/state.js';
import { update } from './update.js';

/** The time every test action happens at. */
export const NOW = '2026-01-02T03:04:05.000Z';

/** Runs the actions through `update` in order at NOW: the last state and every effect. */
export function run(s: State, ...actions: Action[]): [State, Effect[]] {
  const effects: Effect[] = [];
  for (const a of actions) {
    const [next, fx] = update(s, a, NOW);
    s = next;
    effects.push(...fx);
  }
  return [s, effects];
}

/** The state after the actions, effects dropped. */
export function stateAfter(s: State, ...actions: Action[]): State {
  return run(s, ...actions)[0];
}

export function testState(width = 80, height = 24, over: Partial<State> = {}): State {
  return {
    ...initialState({
      width,
      height,
      keymap: defaultKeymap(),
      backend: { name: 'local', kind: 'mistralrs', url: 'http://127.0.0.1:1234', model: 'default' },
    }),
    ...over,
  };
}

/** A key press: "enter", "ctrl+c", "alt+enter", "q". */
export function press(spec: string) {
  const parts = spec.split('+');
  const k = parts.pop() ?? '';
  const mods = {
    ctrl: parts.includes('ctrl'),
    alt: parts.includes('alt'),
    shift: parts.includes('shift'),
  };
  const name = k === 'esc' ? 'escape' : k;
  const printable = name.length === 1 && !mods.ctrl && !mods.alt;
  return { type: 'key' as const, event: key(name, mods, printable ? name : undefined) };
}
