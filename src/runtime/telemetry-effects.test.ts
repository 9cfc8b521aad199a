import { describe, expect, it } from 'vitest';
import type { Action } from '../app/index.js';
import type { ChatBackend } from '../domain/backend.js';
import type { LogRecord } from '../domain/log.js';
import type { TelemetryReading } from '../domain/telemetry.js';
import { TelemetryEffects } from './telemetry-effects.js';

class Feed {
  subs = new Set<(r: LogRecord) => void>();
  constructor(private readonly backlog: LogRecord[]) {}
  recent() {
    return this.backlog;
  }
  subscribe(fn: (r: LogRecord) => void) {
    this.subs.add(fn);
    return () => this.subs.delete(fn);
  }
  push(r: LogRecord) {
    for (const fn of this.subs) fn(r);
  }
}

const rec = (msg: string, level: LogRecord['level'] = 'info'): LogRecord => ({
  time: '2026-01-02T03:04:05.000Z',
  level,
  msg,
  fields: { pid: 1, n: 2 },
});

const backend = (name: string) => ({ name }) as unknown as ChatBackend;

describe('TelemetryEffects', () => {
  it('turns the log feed into batched logRecords actions (backlog first, then one per burst)', async () => {
    const feed = new Feed([rec('start')]);
    const got: Action[] = [];
    const fx = new TelemetryEffects({
      dispatch: (a) => got.push(a),
      backend: () => backend('b'),
      logFeed: feed,
    });
    await fx.exec({ type: 'watchLogs' });
    feed.push(rec('one', 'trace'));
    feed.push(rec('two'));
    await new Promise((r) => setTimeout(r, 50));
    fx.stop();
    feed.push(rec('after stop'));
    expect(got).toEqual([
      {
        type: 'logRecords',
        records: [
          { at: '2026-01-02T03:04:05.000Z', level: 'info', message: 'start', fields: { n: 2 } },
        ],
      },
      {
        type: 'logRecords',
        records: [
          { at: '2026-01-02T03:04:05.000Z', level: 'debug', message: 'one', fields: { n: 2 } },
          { at: '2026-01-02T03:04:05.000Z', level: 'info', message: 'two', fields: { n: 2 } },
        ],
      },
    ]);
  });

  it('starts and stops the poller, reports its readings, and makes a new one for a new backend', async () => {
    const calls: string[] = [];
    let current = backend('first');
    let emit: (r: TelemetryReading) => void = () => undefined;
    const got: Action[] = [];
    const fx = new TelemetryEffects({
      dispatch: (a) => got.push(a),
      backend: () => current,
      poller: (b, on) => {
        emit = on;
        return {
          start: () => calls.push(`start ${b.name}`),
          stop: () => calls.push(`stop ${b.name}`),
          pollOnce: () => {
            calls.push(`poll ${b.name}`);
            return Promise.resolve();
          },
        };
      },
    });
    await fx.exec({ type: 'telemetry', run: 'start' });
    emit({ type: 'queue', reading: { source: 'metrics', running: 2 } });
    emit({ type: 'queue', reading: { source: 'metrics' } });
    emit({ type: 'queue-unavailable' });
    current = backend('second');
    await fx.exec({ type: 'telemetry', run: 'poll' });
    await fx.exec({ type: 'telemetry', run: 'stop' });
    expect(calls).toEqual([
      'start first',
      'stop first',
      'start second',
      'poll second',
      'stop second',
    ]);
    expect(got).toEqual([
      { type: 'serverQueue', running: 2, waiting: 0, source: 'metrics' },
      { type: 'telemetry', update: { kind: 'queueUnavailable' } },
    ]);
  });
});
