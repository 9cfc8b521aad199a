// The metrics and logs tabs and the status bar's indicators, drawn into a
// buffer and read back as text.
import { describe, expect, it } from 'vitest';
import { Buffer, DARK_THEME, rect } from '../../tui/index.js';
import type { Action } from '../types/actions.js';
import type { ChatItem, State } from '../types/state.js';
import { press, testState } from '../testing.js';
import { update } from '../update.js';
import { drawLogsTab } from './logs-view.js';
import { drawMetricsTab } from './metrics-view.js';
import { drawStatus } from './panels.js';

const NOW = '2026-01-02T03:04:05.000Z';

function run(s: State, ...actions: Action[]): State {
  for (const a of actions) s = update(s, a, NOW)[0];
  return s;
}

function tab(draw: typeof drawMetricsTab, s: State, width: number, height: number): string[] {
  const buf = Buffer.sized(width, height);
  draw(buf, rect(0, 0, width, height), s, DARK_THEME, true);
  return Array.from({ length: height }, (_, y) => buf.rowText(y).trimEnd());
}

function status(s: State): string {
  const buf = Buffer.sized(s.width, 1);
  drawStatus(buf, rect(0, 0, s.width, 1), s, DARK_THEME);
  return buf.rowText(0).trimEnd();
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
  return run(
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
    const s = run(testState(120, 40), {
      type: 'telemetry',
      update: { kind: 'queueUnavailable' },
    });
    const text = tab(drawMetricsTab, s, 34, 30).join('\n');
    expect(text).toContain('No reply in this chat yet.');
    expect(text).toMatch(/context +unknown/);
    expect(text).toMatch(/queue +no \/metrics route/);
    // A backend without the figure at all (in-process): said once a poll went by.
    const embedded = run(testState(120, 40), press('alt+3'));
    expect(tab(drawMetricsTab, embedded, 34, 30).join('\n')).toMatch(/queue +reading…/);
    const polled = run(embedded, {
      type: 'telemetry',
      update: {
        kind: 'hardware',
        reading: { source: 'ram', gpus: [], ramTotalBytes: 1, ramFreeBytes: 1 },
      },
    });
    expect(tab(drawMetricsTab, polled, 34, 30).join('\n')).toMatch(/queue +not reported/);
  });
});

describe('logs tab', () => {
  const records: Action = {
    type: 'logRecords',
    records: [
      { at: '2026-01-02T03:04:05.000Z', level: 'info', message: 'start', fields: { v: 1 } },
      {
        at: '2026-01-02T03:04:06.000Z',
        level: 'warn',
        message: 'reply failed because the server closed the connection early',
      },
    ],
  };

  it('shows entries newest last, wrapped and indented, with the header', () => {
    const s = run(testState(120, 40), press('alt+4'), records, {
      type: 'serverLine',
      stream: 'stdout',
      text: 'INFO engine: ready',
    });
    const rows = tab(drawLogsTab, s, 34, 8);
    expect(rows[0]).toMatch(/^ logs notices {2}≥info +following$/);
    expect(rows.slice(1, 6)).toEqual([
      ' 03:04:05 I start v=1',
      ' 03:04:06 W reply failed because',
      '   the server closed the',
      '   connection early',
      ' 03:04:05 I ▸ INFO engine: ready',
    ]);
  });

  it('Home shows the oldest lines from the top, the newer ones below them', () => {
    const many: Action = {
      type: 'logRecords',
      records: Array.from({ length: 20 }, (_, i) => ({
        at: NOW,
        level: 'info' as const,
        message: `line ${i}`,
      })),
    };
    const s = run(testState(120, 40), press('alt+4'), many, press('home'));
    const rows = tab(drawLogsTab, s, 34, 6);
    expect(rows[0]).toContain('paused');
    expect(rows.slice(1)).toEqual([
      ' 03:04:05 I line 0',
      ' 03:04:05 I line 1',
      ' 03:04:05 I line 2',
      ' 03:04:05 I line 3',
      ' 03:04:05 I line 4',
    ]);
    const end = run(s, press('end'));
    expect(tab(drawLogsTab, end, 34, 6).at(-1)).toBe(' 03:04:05 I line 19');
  });

  it('paused when scrolled up; the filter line counts matches', () => {
    let s = run(testState(120, 40), press('alt+4'), records, press('k'));
    expect(tab(drawLogsTab, s, 34, 8)[0]).toContain('paused · End');
    s = { ...s, logs: { ...s.logs, query: 'SERVER' } };
    const rows = tab(drawLogsTab, s, 34, 8);
    expect(rows[1]).toBe(' /SERVER  1 match');
  });

  it('the notifications view and empty states', () => {
    let s = run(testState(120, 40), press('alt+4'), press('n'));
    expect(tab(drawLogsTab, s, 34, 6)[1]).toBe(' No notifications yet.');
    s = run(s, { type: 'notice', level: 'error', text: 'Not saved: disk full' });
    expect(tab(drawLogsTab, s, 34, 6)[1]).toBe(' 03:04:05 E Not saved: disk full');
  });
});

describe('status bar', () => {
  it('shows the capabilities and the queue, and the running tool while it runs', () => {
    let s = run(
      testState(120, 40),
      {
        type: 'telemetry',
        update: {
          kind: 'capabilities',
          capabilities: {
            modelManagement: true,
            metrics: false,
            systemInfo: true,
            visionInput: false,
            audioInput: false,
            imageGeneration: false,
            speechGeneration: false,
            toolCalling: true,
            webSearch: true,
          },
        },
      },
      { type: 'serverQueue', running: 1, waiting: 0 },
    );
    expect(status(s)).toContain('· default 1 run 0 wait tools search');
    s = {
      ...s,
      chat: {
        ...s.chat,
        streaming: { requestId: 'r', itemId: 'i' },
        activity: 'searching the web',
      },
    };
    expect(status(s)).toContain('· default ⌕ search 1 run 0 wait tools');
  });

  it('at 80 columns the indicators leave the key hints their room', () => {
    const s = run(testState(80, 24), { type: 'serverQueue', running: 1, waiting: 0 });
    const line = status(s);
    expect(line).toContain('Enter send');
    expect(line.length).toBeLessThanOrEqual(80);
  });
});
