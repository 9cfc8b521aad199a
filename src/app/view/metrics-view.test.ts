// The metrics tab drawn into a buffer and read back as text.
import { describe, expect, it } from 'vitest';
import { Buffer, DARK_THEME, rect } from '../../tui/index.js';
import type { ChatItem, State } from '../types/state.js';
import type { ServerMetrics } from '../../domain/backend.js';
import { NOW, press, stateAfter, testState } from '../testing.js';
import { drawMetricsTab } from './metrics-view.js';

function tab(draw: typeof drawMetricsTab, s: State, width: number, height: number): string[] {
  const buf = Buffer.sized(width, height);
  draw(buf, rect(0, 0, width, height), s, DARK_THEME, true);
  return Array.from({ length: height }, (_, y) => buf.rowText(y).trimEnd());
}

const reply = (id: string, ttftMs: number, tokensPerSec: number): ChatItem => ({
  id,
  role: 'assistant',
  content: 'x',
  status: 'complete',
  createdAt: NOW,
  modelId: 'smol',
  figures: { ttftMs, tokensPerSec, promptTokens: 900, completionTokens: 124 },
});

function measured(): State {
  const base = testState(120, 40);
  return stateAfter(
    {
      ...base,
      chat: { ...base.chat, items: [reply('a', 250, 12), reply('b', 1250, 18.25)] },
    },
    { type: 'health', ok: true },
    { type: 'telemetry', update: { kind: 'contextLength', model: 'smol', tokens: 2048 } },
    { type: 'serverQueue', running: 1, waiting: 3 },
    {
      type: 'telemetry',
      update: {
        kind: 'hardware',
        reading: {
          source: 'nvidia-smi',
          gpus: [
            {
              name: 'NVIDIA H100',
              utilizationPct: 40,
              memoryUsedBytes: 10 * 1024 ** 3,
              memoryTotalBytes: 80 * 1024 ** 3,
            },
          ],
          ramTotalBytes: 64 * 1024 ** 3,
          ramFreeBytes: 32 * 1024 ** 3,
          server: {
            cpu: 'AMD EPYC',
            cores: 16,
            memoryTotalBytes: 128 * 1024 ** 3,
            memoryAvailableBytes: 96 * 1024 ** 3,
          },
        },
      },
    },
  );
}

describe('metrics tab', () => {
  it('reads at 34 columns: figures with sparklines, context gauge, totals, queue and devices', () => {
    const rows = tab(drawMetricsTab, measured(), 34, 30);
    const text = rows.join('\n');
    expect(text).toContain('● connected');
    expect(text).toMatch(/backend +local \(mistralrs\)/);
    expect(text).toMatch(/TTFT +1\.25 s +[▁▂▃▄▅▆▇█]{2}/);
    expect(text).toMatch(/tok\/s +18\.3 +[▁▂▃▄▅▆▇█]{2}/);
    expect(text).toContain('context 1,024 / 2,048 (50%)');
    expect(text).toMatch(/Session +2 replies/);
    expect(text).toMatch(/in +1,800 tokens/);
    expect(text).toMatch(/out +248 tokens/);
    expect(text).toContain('queue   1 running · 3 waiting');
    expect(text).toContain('GPU     NVIDIA H100 40%');
    expect(text).toMatch(/VRAM +[█▏▎▍▌▋▊▉░0-9%]+ 10\.0\/80\.0 GiB/);
    expect(text).toContain('CPU     AMD EPYC · 16 cores');
    // The server's memory, not this machine's.
    expect(text).toMatch(/RAM .* 32\.0\/128 GiB/);
    for (const r of rows) expect(r.length).toBeLessThanOrEqual(34);
  });

  it('with rows to spare, a taller chart of tokens/s by reply; compact when short', () => {
    const tall = tab(drawMetricsTab, measured(), 34, 40);
    const at = tall.findIndex((r) => r.includes('tok/s by reply'));
    expect(tall[at]).toContain('last 2, top 18.3');
    expect(tall.slice(at + 1).join('')).toMatch(/[▁▂▃▄▅▆▇█]/);
    const short = tab(drawMetricsTab, measured(), 24, 20).join('\n');
    expect(short).not.toContain('tok/s by reply');
    expect(short).not.toContain('http://');
    expect(short).toMatch(/TTFT +1\.25 s/);
    expect(short).toMatch(/queue +1 run · 3 wait$/m);
  });

  it('a tab too short for everything cuts at the bottom and never draws over a row', () => {
    for (let h = 1; h <= 12; h++) {
      const rows = tab(drawMetricsTab, measured(), 34, h);
      expect(rows).toEqual(tab(drawMetricsTab, measured(), 34, 25).slice(0, h));
    }
  });

  it('says what nobody measured: no reply yet, context unknown, no /metrics', () => {
    const s = stateAfter(testState(120, 40), {
      type: 'telemetry',
      update: { kind: 'queueUnavailable' },
    });
    const text = tab(drawMetricsTab, s, 34, 30).join('\n');
    expect(text).toContain('No reply in this chat yet.');
    expect(text).toMatch(/context +unknown/);
    // A known window with no reply yet: said in words, not "? / 2,048".
    const windowOnly = stateAfter(s, {
      type: 'telemetry',
      update: { kind: 'contextLength', model: s.backend.model, tokens: 2048 },
    });
    const w = tab(drawMetricsTab, windowOnly, 34, 30).join('\n');
    expect(w).toMatch(/context +unknown \/ 2,048 tokens/);
    expect(w).not.toContain('?');
    expect(text).toMatch(/queue +no \/metrics route/);
    // A backend without the figure at all (in-process): said once a poll went by.
    const embedded = stateAfter(testState(120, 40), press('alt+3'));
    expect(tab(drawMetricsTab, embedded, 34, 30).join('\n')).toMatch(/queue +reading…/);
    const polled = stateAfter(embedded, {
      type: 'telemetry',
      update: {
        kind: 'hardware',
        reading: { source: 'ram', gpus: [], ramTotalBytes: 1, ramFreeBytes: 1 },
      },
    });
    expect(tab(drawMetricsTab, polled, 34, 30).join('\n')).toMatch(/queue +not reported/);
  });

  // mistral.rs 0.9.2: its /metrics read three times, 2 s apart, while a reply streams.
  const histogram = (counts: [number, number][]) => ({
    buckets: counts.map(([le, count]) => ({ le, count })),
    count: counts.at(-1)?.[1] ?? 0,
  });
  const server = (tokens: number, ttftCount: number): ServerMetrics => ({
    running: 1,
    waiting: 0,
    capacity: 32,
    pendingAdmission: 0,
    tokensProcessed: tokens,
    prefixCacheHits: 1,
    prefixCacheLookups: 4,
    ttft: histogram([
      [0.25, 0],
      [0.5, ttftCount],
      [1, ttftCount],
      [Infinity, ttftCount],
    ]),
    interTokenLatency: histogram([
      [0.01, 0],
      [0.025, 18],
      [0.05, 20],
      [Infinity, 20],
    ]),
    samples: {},
  });
  function fromMetrics(): State {
    return stateAfter(
      measured(),
      { type: 'serverQueue', running: 1, waiting: 0, source: 'metrics' },
      { type: 'telemetry', update: { kind: 'server', metrics: server(100, 1), at: 1000 } },
      { type: 'telemetry', update: { kind: 'server', metrics: server(150, 2), at: 3000 } },
      { type: 'telemetry', update: { kind: 'server', metrics: server(250, 2), at: 5000 } },
    );
  }

  it("the server's /metrics: queue, slots, prefix cache, tokens/s and latency percentiles beside the app's, each with its source", () => {
    const rows = tab(drawMetricsTab, fromMetrics(), 34, 40);
    const text = rows.join('\n');
    expect(text).toMatch(/Server +from \/metrics/);
    expect(text).toMatch(/queue +1 running · 0 wait [▁▂▃▄▅▆▇█]{2,}/);
    expect(text).toMatch(/slots +1 \/ 32 · 0 pending/);
    expect(text).toMatch(/prefix +25% hits \(1 of 4\)/);
    // 100 tokens in the last 2 s, with a sparkline of the rate over the readings.
    expect(text).toMatch(/tokens +250 · 50\.0\/s +[▁▂▃▄▅▆▇█]{2}/);
    // Percentiles in aligned columns, the server's from its histograms, the app's from the chat.
    expect(text).toMatch(/^ +p50 +p95$/m);
    expect(text).toMatch(/TTFT +375 ms · 488 ms server/);
    expect(text).toMatch(/^ +250 ms · 1\.25 s +app$/m);
    expect(text).toMatch(/ITL +18 ms · +38 ms server/);
    expect(text).toMatch(/^ +55 ms · +83 ms app$/m);
    const col = (re: RegExp) => rows.find((r) => re.test(r))?.indexOf('·');
    expect(col(/TTFT .*server/)).toBe(col(/ITL .*server/));
    expect(col(/TTFT .*server/)).toBeGreaterThan(0);
    expect(text).not.toContain('lacks');
    for (const r of rows) expect(r.length).toBeLessThanOrEqual(34);
    // Narrower (the sidebar at 100 columns): the queue's text is never cut for its sparkline.
    const narrow = tab(drawMetricsTab, fromMetrics(), 31, 40).join('\n');
    expect(narrow).toMatch(/^ queue +1 run · 0 wait [▁▂▃▄▅▆▇█]{3,}$/m);
    expect(narrow).toMatch(/^ tokens +250 · 50\.0\/s +[▁▂▃▄▅▆▇█]{2}/m);
    // Too narrow for p95 and the source: p50 alone, each row still naming its source.
    const slim = tab(drawMetricsTab, fromMetrics(), 24, 40).join('\n');
    expect(slim).toMatch(/TTFT +375 ms server$/m);
    expect(slim).toMatch(/^ +250 ms app$/m);
  });

  it('a server without /metrics keeps its log queue and says what it lacks', () => {
    const text = tab(drawMetricsTab, measured(), 34, 40).join('\n');
    expect(text).toMatch(/Server +from its log/);
    expect(text).toMatch(/lacks +no \/metrics route: no/);
    expect(text).toMatch(/TTFT +250 ms · 1\.25 s app/);
    expect(text).not.toMatch(/server$/m);
  });
});
