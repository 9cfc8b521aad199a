// Frame scheduler: state changes request a frame and requests coalesce, so a
// burst of tokens paints at most `fps` frames per second; an input echo asks
// for `now` and is painted on the next microtask, ahead of the cap, so typing
// never waits for the frame interval. The clock is injectable for tests.

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => {
    clearTimeout(h as NodeJS.Timeout);
  },
};

export class FrameScheduler {
  private readonly interval: number;
  private last = -Infinity;
  private timer: unknown = undefined;
  private microtask = false;
  private disposed = false;
  frames = 0;

  constructor(
    private readonly paint: () => void,
    opts?: { fps?: number; clock?: Clock },
  ) {
    this.interval = 1000 / Math.max(1, opts?.fps ?? 60);
    this.clock = opts?.clock ?? systemClock;
  }
  private readonly clock: Clock;

  /** Asks for a frame; several requests before it is painted make one frame. */
  request(): void {
    if (this.disposed || this.timer !== undefined || this.microtask) return;
    const wait = Math.max(0, this.last + this.interval - this.clock.now());
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.run();
    }, wait);
  }

  /** Paints as soon as the current task ends (input echo), ignoring the cap. */
  requestNow(): void {
    if (this.disposed || this.microtask) return;
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.microtask = true;
    queueMicrotask(() => {
      this.microtask = false;
      this.run();
    });
  }

  private run(): void {
    if (this.disposed) return;
    this.last = this.clock.now();
    this.frames++;
    this.paint();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
