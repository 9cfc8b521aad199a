import { describe, expect, it } from 'vitest';
import type { ChatBackend, ServerMetrics } from '../../domain/backend.js';
import type { TelemetryReading } from '../../domain/telemetry.js';
import { TelemetryPoller } from './poller.js';

function fakeBackend(metrics: ServerMetrics | undefined): ChatBackend {
  return {
    name: 'f',
    kind: 'mistralrs',
    capabilities: () => Promise.reject(new Error('unused')),
    health: () => Promise.resolve({ ok: true, ms: 1 }),
    listModels: () => Promise.resolve([]),
    streamChat: () => ({
      [Symbol.asyncIterator]: () => ({
        next: () => Promise.resolve({ done: true, value: undefined }),
      }),
    }),
    metrics: () => Promise.resolve(metrics),
    systemInfo: () => Promise.resolve(undefined),
  };
}

describe('TelemetryPoller', () => {
  it('turns /metrics into queue readings (waiting + pending admission)', async () => {
    const seen: TelemetryReading[] = [];
    const p = new TelemetryPoller(
      {
        backend: fakeBackend({ running: 2, waiting: 1, pendingAdmission: 3, samples: {} }),
        intervalMs: 1000,
        serverMetrics: true,
        systemInfo: true,
        gpu: false,
      },
      (r) => seen.push(r),
    );
    await p.pollOnce();
    expect(seen[0]).toEqual({
      type: 'queue',
      reading: { source: 'metrics', running: 2, waiting: 4 },
    });
    // The whole reading goes on too (capacity, latency histograms, ...).
    expect(seen[1]).toMatchObject({ type: 'server', metrics: { running: 2, pendingAdmission: 3 } });
    expect(seen[2]).toMatchObject({ type: 'hardware', reading: { source: 'ram' } });
    expect(p.meter.queueWaiting.last()?.value).toBe(4);
  });

  it('says when the server reports no queue', async () => {
    const seen: TelemetryReading[] = [];
    await new TelemetryPoller(
      {
        backend: fakeBackend(undefined),
        intervalMs: 1000,
        serverMetrics: true,
        systemInfo: false,
        gpu: false,
      },
      (r) => seen.push(r),
    ).pollOnce();
    expect(seen[0]).toEqual({ type: 'queue-unavailable' });
  });
});
