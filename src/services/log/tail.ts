// The log's live tail: the file logger hands every record it writes to this
// (after redaction) and the TUI's logs tab subscribes. Keeps the last
// `capacity` records in a ring so records written before the TUI subscribed
// (the start-up ones) show too. Pushing is O(1) and never throws into the logger.
import type { LogFeed, LogRecord } from '../../domain/log.js';

export class LogTail implements LogFeed {
  private readonly ring: (LogRecord | undefined)[];
  private start = 0;
  private count = 0;
  private readonly subscribers = new Set<(r: LogRecord) => void>();

  constructor(readonly capacity = 500) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer');
    this.ring = new Array<LogRecord | undefined>(capacity);
  }

  push(r: LogRecord): void {
    this.ring[(this.start + this.count) % this.capacity] = r;
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
    for (const fn of this.subscribers) {
      try {
        fn(r);
      } catch {
        // A viewer's failure must not break logging (nor log about itself in a loop).
      }
    }
  }

  recent(): readonly LogRecord[] {
    const out: LogRecord[] = [];
    for (let i = 0; i < this.count; i++) {
      const r = this.ring[(this.start + i) % this.capacity];
      if (r !== undefined) out.push(r);
    }
    return out;
  }

  subscribe(fn: (r: LogRecord) => void): () => void {
    this.subscribers.add(fn);
    return () => {
      this.subscribers.delete(fn);
    };
  }
}
