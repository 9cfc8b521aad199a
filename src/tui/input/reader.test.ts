import { describe, expect, it } from 'vitest';
import { type InputEvent, key } from './events.js';
import { InputReader } from './reader.js';

/** Timers that fire only when the test says so. */
function manualTimers(): {
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (h: unknown) => void;
  fire: () => void;
  pending: () => number;
} {
  let timers = new Map<number, () => void>();
  let next = 1;
  return {
    setTimeout: (fn) => {
      timers.set(next, fn);
      return next++;
    },
    clearTimeout: (h) => {
      timers.delete(h as number);
    },
    fire: () => {
      const due = [...timers.values()];
      timers = new Map();
      for (const f of due) f();
    },
    pending: () => timers.size,
  };
}

describe('InputReader', () => {
  it('reports a lone Esc only when its timer fires', () => {
    const t = manualTimers();
    const got: InputEvent[] = [];
    const r = new InputReader((e) => got.push(...e), t);
    r.feed('\x1b');
    expect(got).toEqual([]);
    expect(t.pending()).toBe(1);
    t.fire();
    expect(got).toEqual([key('escape')]);
  });

  it('cancels the timer when the rest of the sequence arrives', () => {
    const t = manualTimers();
    const got: InputEvent[] = [];
    const r = new InputReader((e) => got.push(...e), t);
    r.feed('\x1b[');
    r.feed('A');
    expect(t.pending()).toBe(0);
    expect(got).toEqual([key('up')]);
  });

  it('sets no timer for complete input and none after dispose', () => {
    const t = manualTimers();
    const r = new InputReader(() => undefined, t);
    r.feed('abc');
    expect(t.pending()).toBe(0);
    r.feed('\x1b');
    r.dispose();
    expect(t.pending()).toBe(0);
  });
});
