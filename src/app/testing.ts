// Helpers for app tests: a state at a size, and key events by spec.
import { key } from '../tui/index.js';
import { defaultKeymap } from './types/keymap.js';
import { type State, initialState } from './types/state.js';

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
