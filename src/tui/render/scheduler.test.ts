import { describe, expect, it } from 'vitest';
import { type Clock, FrameScheduler } from './scheduler.js';

/** A manual clock: timers fire only when the test advances time. */
function manualClock(): Clock & { advance(ms: number): void } {
  let t = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let next = 1;
  return {
    now: () => t,
    setTimeout(fn, ms) {
      const id = next++;
      timers.push({ at: t + ms, fn, id });
      return id;
    },
    clearTimeout(h) {
      timers = timers.filter((x) => x.id !== h);
    },
    advance(ms) {
      t += ms;
      const due = timers.filter((x) => x.at <= t).sort((a, b) => a.at - b.at);
      timers = timers.filter((x) => x.at > t);
      for (const d of due) d.fn();
    },
  };
}

describe('FrameScheduler', () => {
  it('coalesces a burst of requests into one frame', () => {
    const clock = manualClock();
    let painted = 0;
    const s = new FrameScheduler(() => painted++, { fps: 60, clock });
    for (let i = 0; i < 100; i++) s.request();
    clock.advance(0);
    expect(painted).toBe(1);
  });

  it('caps frames at the configured rate', () => {
    const clock = manualClock();
    let painted = 0;
    const s = new FrameScheduler(() => painted++, { fps: 10, clock });
    // One request per millisecond for one second: at most 10 frames (plus the first).
    for (let ms = 0; ms < 1000; ms++) {
      s.request();
      clock.advance(1);
    }
    expect(painted).toBeGreaterThanOrEqual(9);
    expect(painted).toBeLessThanOrEqual(11);
  });

  it('paints an input echo on the next microtask, ahead of the cap', async () => {
    const clock = manualClock();
    let painted = 0;
    const s = new FrameScheduler(() => painted++, { fps: 1, clock });
    s.request();
    clock.advance(0);
    expect(painted).toBe(1);
    s.request(); // would wait a whole second
    s.requestNow();
    s.requestNow();
    await Promise.resolve();
    expect(painted).toBe(2);
    clock.advance(2000);
    expect(painted).toBe(2); // the pending timer was folded into the echo
  });

  it('stops after dispose', () => {
    const clock = manualClock();
    let painted = 0;
    const s = new FrameScheduler(() => painted++, { clock });
    s.request();
    s.dispose();
    clock.advance(100);
    expect(painted).toBe(0);
  });
});
