import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { histogramQuantile, histogramSince } from '../../domain/telemetry.js';
import { parseServerMetrics } from './metrics.js';

// Recorded from the real mistral.rs 0.9.2 serving SmolLM2 after one plain and
// one streamed chat request (test/fixtures/backends/).
const recorded = readFileSync(
  new URL('../../../test/fixtures/backends/mistralrs-0.9.2-metrics.prom', import.meta.url),
  'utf8',
);

describe('/metrics of the real mistral.rs 0.9.2', () => {
  it('reads queue, admission, tokens, prefix cache and both latency histograms', async () => {
    const m = await parseServerMetrics(recorded);
    expect(m).toMatchObject({
      // The gauge still says 1 (0.9.2 leaves it at its last busy value), but no
      // request is in flight: the server is idle.
      running: 0,
      waiting: 0,
      pendingAdmission: 0,
      tokensProcessed: 102,
      prefixCacheLookups: 2,
      // No hit yet: 0.9.2 prints the hits counter only after the first one.
      prefixCacheHits: 0,
    });
    // Only the streamed request is in the histograms (one TTFT, 19 gaps between 20 tokens).
    expect(m.ttft?.count).toBe(1);
    expect(m.interTokenLatency?.count).toBe(19);
    const p50 = histogramQuantile(m.ttft!, 0.5)!;
    expect(p50).toBeGreaterThan(0.25);
    expect(p50).toBeLessThanOrEqual(0.5);
    const itl95 = histogramQuantile(m.interTokenLatency!, 0.95)!;
    expect(itl95).toBeGreaterThan(0.01);
    expect(itl95).toBeLessThanOrEqual(0.05);
    // Buckets come sorted by bound, summed over label sets, +Inf last.
    expect(m.ttft!.buckets.map((b) => b.le)).toEqual(
      [...m.ttft!.buckets.map((b) => b.le)].sort((a, b) => a - b),
    );
    expect(m.ttft!.buckets.at(-1)?.le).toBe(Infinity);
  });

  it('keeps the running gauge while a chat request is in flight', async () => {
    expect(recorded).toContain('mistralrs_sequences_running 1');
    const busy = recorded.replace(
      /(http_requests_in_flight\{method="POST",path="\/v1\/chat\/completions"[^}]*\}) 0/,
      '$1 1',
    );
    expect(busy).not.toBe(recorded);
    expect((await parseServerMetrics(busy)).running).toBe(1);
  });

  it('sums a histogram over its label sets', async () => {
    const m = await parseServerMetrics(
      [
        '# TYPE mistralrs_time_to_first_token_seconds histogram',
        'mistralrs_time_to_first_token_seconds_bucket{model="a",le="0.1"} 1',
        'mistralrs_time_to_first_token_seconds_bucket{model="a",le="1"} 2',
        'mistralrs_time_to_first_token_seconds_bucket{model="a",le="+Inf"} 2',
        'mistralrs_time_to_first_token_seconds_bucket{model="b",le="0.1"} 0',
        'mistralrs_time_to_first_token_seconds_bucket{model="b",le="1"} 1',
        'mistralrs_time_to_first_token_seconds_bucket{model="b",le="+Inf"} 2',
        '',
      ].join('\n'),
    );
    expect(m.ttft).toEqual({
      buckets: [
        { le: 0.1, count: 1 },
        { le: 1, count: 3 },
        { le: Infinity, count: 4 },
      ],
      count: 4,
    });
  });
});

describe('histogramQuantile', () => {
  const h = {
    buckets: [
      { le: 0.1, count: 2 },
      { le: 0.5, count: 6 },
      { le: 1, count: 8 },
      { le: Infinity, count: 10 },
    ],
    count: 10,
  };
  it('interpolates inside the bucket the rank falls in', () => {
    expect(histogramQuantile(h, 0.2)).toBeCloseTo(0.1);
    expect(histogramQuantile(h, 0.4)).toBeCloseTo(0.3);
    expect(histogramQuantile(h, 0.7)).toBeCloseTo(0.75);
  });
  it('answers the open last bucket with its lower bound, and nothing for an empty histogram', () => {
    expect(histogramQuantile(h, 0.95)).toBe(1);
    expect(histogramQuantile({ buckets: [], count: 0 }, 0.5)).toBeUndefined();
  });
  it('histogramSince keeps the requests between two readings (a restarted server: all)', () => {
    const later = {
      ...h,
      buckets: h.buckets.map((b) => ({ ...b, count: b.count + 1 })),
      count: 11,
    };
    expect(histogramSince(later, h)).toEqual({
      buckets: h.buckets.map((b) => ({ le: b.le, count: 1 })),
      count: 1,
    });
    expect(histogramSince(h, later)).toBe(h);
  });
});
