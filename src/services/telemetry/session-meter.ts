// Per-session totals and bounded sample series for the metrics pane.
import type { QueueReading, ReplyMetrics, SessionTotals } from '../../domain/telemetry.js';
import { Ring } from './ring.js';

export interface Sample {
  readonly at: number;
  readonly value: number;
}

export class SessionMeter {
  private totals: SessionTotals = { replies: 0, promptTokens: 0, completionTokens: 0, totalMs: 0 };
  readonly ttftMs: Ring<Sample>;
  readonly decodeTokPerSec: Ring<Sample>;
  readonly queueWaiting: Ring<Sample>;
  readonly queueRunning: Ring<Sample>;

  constructor(capacity = 120) {
    this.ttftMs = new Ring(capacity);
    this.decodeTokPerSec = new Ring(capacity);
    this.queueWaiting = new Ring(capacity);
    this.queueRunning = new Ring(capacity);
  }

  addReply(m: ReplyMetrics, at = Date.now()): void {
    this.totals = {
      replies: this.totals.replies + 1,
      promptTokens: this.totals.promptTokens + (m.promptTokens ?? 0),
      completionTokens: this.totals.completionTokens + m.completionTokens,
      totalMs: this.totals.totalMs + m.totalMs,
    };
    if (m.ttftMs !== undefined) this.ttftMs.push({ at, value: m.ttftMs });
    if (m.decodeTokPerSec !== undefined)
      this.decodeTokPerSec.push({ at, value: m.decodeTokPerSec });
  }

  addQueue(q: QueueReading, at = Date.now()): void {
    if (q.waiting !== undefined) this.queueWaiting.push({ at, value: q.waiting });
    if (q.running !== undefined) this.queueRunning.push({ at, value: q.running });
  }

  get sessionTotals(): SessionTotals {
    return this.totals;
  }
}
