// InputReader: the decoder plus the lone-Esc timer, for whatever owns stdin.
// Feed it every chunk read; it delivers events, and when input ends on a
// partial escape sequence it waits `escTimeoutMs` for the rest before
// resolving it as plain keys (a lone Esc press).
import { InputDecoder } from './decoder.js';
import type { InputEvent } from './events.js';

export interface InputReaderOptions {
  /** How long a partial sequence may wait for its next byte (default 30 ms). */
  readonly escTimeoutMs?: number;
  readonly setTimeout?: (fn: () => void, ms: number) => unknown;
  readonly clearTimeout?: (handle: unknown) => void;
}

export class InputReader {
  private readonly decoder = new InputDecoder();
  private timer: unknown = undefined;
  private readonly escTimeoutMs: number;
  private readonly set: (fn: () => void, ms: number) => unknown;
  private readonly clear: (handle: unknown) => void;

  constructor(
    private readonly onEvents: (events: InputEvent[]) => void,
    opts?: InputReaderOptions,
  ) {
    this.escTimeoutMs = opts?.escTimeoutMs ?? 30;
    this.set = opts?.setTimeout ?? ((fn, ms) => setTimeout(fn, ms));
    this.clear =
      opts?.clearTimeout ??
      ((h) => {
        clearTimeout(h as NodeJS.Timeout);
      });
  }

  feed(data: Uint8Array | string): void {
    this.cancel();
    const events = this.decoder.feed(data);
    if (events.length > 0) this.onEvents(events);
    if (this.decoder.waiting) {
      this.timer = this.set(() => {
        this.timer = undefined;
        const late = this.decoder.flush();
        if (late.length > 0) this.onEvents(late);
      }, this.escTimeoutMs);
    }
  }

  private cancel(): void {
    if (this.timer !== undefined) this.clear(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.cancel();
  }
}
