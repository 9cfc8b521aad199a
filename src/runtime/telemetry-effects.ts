// The metrics and logs tabs' effects: the telemetry poller (started while the
// metrics tab is on screen, rebuilt when the backend is replaced), the
// backend's capabilities, and the log feed turned into `logRecords` actions,
// batched so a burst of records costs one state update per frame.
import type { Action, Effect, LogRecordData } from '../app/index.js';
import type { ChatBackend } from '../domain/backend.js';
import type { LogFeed, LogRecord } from '../domain/log.js';
import type { TelemetryPort } from '../domain/ports.js';
import type { TelemetryReading } from '../domain/telemetry.js';

export type TelemetryEffect = Extract<
  Effect,
  { type: 'telemetry' } | { type: 'loadCapabilities' } | { type: 'watchLogs' }
>;

export function isTelemetryEffect(e: Effect): e is TelemetryEffect {
  return e.type === 'telemetry' || e.type === 'loadCapabilities' || e.type === 'watchLogs';
}

export interface TelemetryHost {
  dispatch(a: Action): void;
  /** The current backend (the models tab may replace it). */
  backend(): ChatBackend;
  readonly poller?: (backend: ChatBackend, on: (r: TelemetryReading) => void) => TelemetryPort;
  readonly logFeed?: LogFeed;
}

/** One frame at 60 fps: records arriving within it become one action. */
const BATCH_MS = 16;

export function recordData(r: LogRecord): LogRecordData {
  const { pid: _pid, ...fields } = r.fields;
  return {
    at: r.time,
    level: r.level === 'trace' ? 'debug' : r.level,
    message: r.msg,
    ...(Object.keys(fields).length > 0 ? { fields } : {}),
  };
}

export class TelemetryEffects {
  private poller: { readonly backend: ChatBackend; readonly port: TelemetryPort } | undefined;
  private running = false;
  private unsubscribe: (() => void) | undefined;
  private batch: LogRecordData[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly host: TelemetryHost) {}

  async exec(e: TelemetryEffect): Promise<void> {
    switch (e.type) {
      case 'telemetry':
        await this.poll(e.run);
        return;
      case 'loadCapabilities': {
        // Unknown capabilities only hide the indicators: not worth a notice.
        const capabilities = await this.host
          .backend()
          .capabilities()
          .catch(() => undefined);
        if (capabilities !== undefined)
          this.host.dispatch({ type: 'telemetry', update: { kind: 'capabilities', capabilities } });
        return;
      }
      case 'watchLogs':
        this.watch();
        return;
    }
  }

  /** The poller of the current backend; a replaced backend gets a new one. */
  private port(): TelemetryPort | undefined {
    const make = this.host.poller;
    if (make === undefined) return undefined;
    const backend = this.host.backend();
    if (this.poller?.backend !== backend) {
      this.poller?.port.stop();
      const port = make(backend, (r) => {
        this.onReading(r);
      });
      this.poller = { backend, port };
      if (this.running) port.start();
    }
    return this.poller.port;
  }

  private async poll(run: 'start' | 'stop' | 'poll'): Promise<void> {
    if (run === 'stop') {
      this.running = false;
      this.poller?.port.stop();
      return;
    }
    const p = this.port();
    if (p === undefined) return;
    if (run === 'start') {
      this.running = true;
      p.start();
    } else await p.pollOnce();
  }

  private onReading(r: TelemetryReading): void {
    switch (r.type) {
      case 'queue': {
        const { running, waiting } = r.reading;
        if (running === undefined && waiting === undefined) return;
        this.host.dispatch({
          type: 'serverQueue',
          running: running ?? 0,
          waiting: waiting ?? 0,
          source: 'metrics',
        });
        return;
      }
      case 'hardware':
        this.host.dispatch({ type: 'telemetry', update: { kind: 'hardware', reading: r.reading } });
        return;
      case 'server':
        this.host.dispatch({
          type: 'telemetry',
          update: { kind: 'server', metrics: r.metrics, at: Date.now() },
        });
        return;
      case 'queue-unavailable':
        this.host.dispatch({ type: 'telemetry', update: { kind: 'queueUnavailable' } });
        return;
    }
  }

  private watch(): void {
    const feed = this.host.logFeed;
    if (feed === undefined || this.unsubscribe !== undefined) return;
    for (const r of feed.recent()) this.batch.push(recordData(r));
    this.unsubscribe = feed.subscribe((r) => {
      this.batch.push(recordData(r));
      this.timer ??= setTimeout(() => {
        this.flush();
      }, BATCH_MS);
    });
    this.flush();
  }

  private flush(): void {
    this.timer = undefined;
    if (this.batch.length === 0) return;
    const records = this.batch;
    this.batch = [];
    this.host.dispatch({ type: 'logRecords', records });
  }

  /** Stops polling and the log feed (the app is quitting). */
  stop(): void {
    this.running = false;
    this.poller?.port.stop();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
