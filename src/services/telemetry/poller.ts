// Polls what the metrics pane shows — the server's /metrics (when the backend
// has one), GPU/RAM readings — every `intervalMs` while started, and hands each
// reading to the listener. For a server the launcher started, queue depth comes
// from its log lines instead (LauncherEvent "queue"); feed them to `queue()`.
import type { ChatBackend } from '../../domain/backend.js';
import type { TelemetryPort } from '../../domain/ports.js';
import type { QueueReading, TelemetryReading } from '../../domain/telemetry.js';
import { readHardware, type RunFile } from './hardware.js';
import { SessionMeter } from './session-meter.js';

export interface PollerOptions {
  readonly backend: ChatBackend;
  readonly intervalMs: number;
  readonly serverMetrics: boolean;
  readonly systemInfo: boolean;
  readonly gpu: boolean;
  readonly run?: RunFile;
}

export class TelemetryPoller implements TelemetryPort {
  readonly meter = new SessionMeter();
  private timer: NodeJS.Timeout | undefined;
  private busy = false;

  constructor(
    private readonly opts: PollerOptions,
    private readonly onReading: (r: TelemetryReading) => void,
  ) {}

  /** One round of readings (also used by tests). */
  async pollOnce(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const b = this.opts.backend;
      if (this.opts.serverMetrics && b.metrics !== undefined) {
        const m = await b.metrics().catch(() => undefined);
        if (m === undefined) this.onReading({ type: 'queue-unavailable' });
        else {
          const waiting =
            m.waiting !== undefined || m.pendingAdmission !== undefined
              ? (m.waiting ?? 0) + (m.pendingAdmission ?? 0)
              : undefined;
          this.queue({
            source: 'metrics',
            ...(m.running !== undefined ? { running: m.running } : {}),
            ...(waiting !== undefined ? { waiting } : {}),
          });
          this.onReading({ type: 'server', metrics: m });
        }
      }
      const sysInfo = this.opts.systemInfo ? b.systemInfo?.bind(b) : undefined;
      const reading = await readHardware({
        gpu: this.opts.gpu,
        ...(sysInfo !== undefined ? { systemInfo: sysInfo } : {}),
        ...(this.opts.run !== undefined ? { run: this.opts.run } : {}),
      });
      this.onReading({ type: 'hardware', reading });
    } finally {
      this.busy = false;
    }
  }

  queue(reading: QueueReading): void {
    this.meter.addQueue(reading);
    this.onReading({ type: 'queue', reading });
  }

  start(): void {
    if (this.timer !== undefined) return;
    void this.pollOnce();
    this.timer = setInterval(() => void this.pollOnce(), this.opts.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
