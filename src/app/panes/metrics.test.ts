import { describe, expect, it } from 'vitest';
import type { Effect } from '../types/effects.js';
import type { ChatItem, State } from '../types/state.js';
import { NOW, press, run, testState } from '../testing.js';
import { update } from '../update.js';
import {
  LOG_QUEUE_SILENCE_MS,
  contextLength,
  contextUse,
  replyStats,
  syncTelemetry as metricsSync,
} from './metrics.js';

const telemetryFx = (fx: readonly Effect[]) => fx.filter((e) => e.type === 'telemetry');

function reply(id: string, figures: ChatItem['figures'], modelId?: string): ChatItem {
  return {
    id,
    role: 'assistant',
    content: 'x',
    status: 'complete',
    createdAt: NOW,
    ...(figures !== undefined ? { figures } : {}),
    ...(modelId !== undefined ? { modelId } : {}),
  };
}

describe('metrics poller follows the tab', () => {
  it('starts when Alt+3 shows the tab and stops when another tab is shown', () => {
    let [s, fx] = run(testState(120, 40), press('alt+3'));
    expect(telemetryFx(fx)).toEqual([{ type: 'telemetry', run: 'start' }]);
    expect(s.metrics.polling).toBe(true);
    [s, fx] = run(s, press('alt+1'));
    expect(telemetryFx(fx)).toEqual([{ type: 'telemetry', run: 'stop' }]);
    expect(s.metrics.polling).toBe(false);
  });

  it('stops when the layout hides the sidebar, and starts again when it comes back', () => {
    let [s] = run(testState(120, 40), press('alt+3'));
    let fx: Effect[];
    [s, fx] = run(s, { type: 'command', id: 'layout.single' });
    expect(telemetryFx(fx)).toEqual([{ type: 'telemetry', run: 'stop' }]);
    [s, fx] = run(s, { type: 'command', id: 'layout.dual' });
    expect(telemetryFx(fx)).toEqual([{ type: 'telemetry', run: 'start' }]);
    // A terminal too small to draw anything hides it too.
    [, fx] = run(s, { type: 'resize', width: 40, height: 10 });
    expect(telemetryFx(fx)).toEqual([{ type: 'telemetry', run: 'stop' }]);
  });

  it('starts when remembered settings open the app on the metrics tab; nothing else polls', () => {
    const [s, fx] = run(testState(120, 40), { type: 'settingsLoaded', sidebarTab: 'metrics' });
    expect(telemetryFx(fx)).toEqual([{ type: 'telemetry', run: 'start' }]);
    const [, more] = run(s, { type: 'tick' }, press('alt+3'), press('alt+3'));
    expect(telemetryFx(more)).toEqual([]);
  });

  it('asks for the capabilities once the backend answers', () => {
    const [, fx] = run(testState(), { type: 'health', ok: true });
    expect(fx).toContainEqual({ type: 'loadCapabilities' });
    const [, again] = run(testState(), { type: 'health', ok: false });
    expect(again).not.toContainEqual({ type: 'loadCapabilities' });
  });

  it("a new backend drops the old one's figures and asks for its capabilities", () => {
    const [up] = run(
      testState(),
      { type: 'health', ok: true },
      { type: 'serverQueue', running: 1, waiting: 0 },
    );
    const switched: State = { ...up, backend: { ...up.backend, url: 'http://127.0.0.1:9999' } };
    const [s, fx] = metricsSync(up, switched);
    expect(s.metrics.queue).toBeUndefined();
    expect(fx).toEqual([{ type: 'loadCapabilities' }]);
  });

  it('r in the tab polls at once', () => {
    const [s] = run(testState(120, 40), press('alt+3'));
    const [, fx] = run(s, press('r'));
    expect(fx).toEqual([{ type: 'telemetry', run: 'poll' }]);
  });
});

describe('metrics readings', () => {
  it('keeps the queue depth; a server without /metrics says so until a log line reports it', () => {
    let [s] = run(testState(), { type: 'telemetry', update: { kind: 'queueUnavailable' } });
    expect(s.metrics.queueUnavailable).toBe(true);
    [s] = run(s, { type: 'serverQueue', running: 1, waiting: 2 });
    expect(s.metrics.queue).toMatchObject({ running: 1, waiting: 2, source: 'log' });
    expect(s.metrics.queueUnavailable).toBeUndefined();
    const [same] = run(s, { type: 'telemetry', update: { kind: 'queueUnavailable' } });
    expect(same.metrics.queueUnavailable).toBeUndefined();
  });

  it("a launched server's busy queue goes idle when its log stops repeating it", () => {
    const at = (ms: number) => new Date(Date.parse(NOW) + ms).toISOString();
    let [s] = run(testState(), { type: 'serverQueue', running: 1, waiting: 1 });
    s = update(s, { type: 'tick' }, at(LOG_QUEUE_SILENCE_MS - 1000))[0];
    expect(s.metrics.queue).toMatchObject({ running: 1, waiting: 1 });
    s = update(s, { type: 'tick' }, at(LOG_QUEUE_SILENCE_MS + 1000))[0];
    expect(s.metrics.queue).toMatchObject({ running: 0, waiting: 0 });
    // A /metrics reading is the server's own figure: it stays until the next poll.
    let [m] = run(testState(), { type: 'serverQueue', running: 1, waiting: 0, source: 'metrics' });
    m = update(m, { type: 'tick' }, at(60_000))[0];
    expect(m.metrics.queue).toMatchObject({ running: 1, source: 'metrics' });
  });

  it('sums the chat replies and keeps their series in order', () => {
    const st = replyStats([
      reply('a', { ttftMs: 100, tokensPerSec: 10, promptTokens: 20, completionTokens: 5 }),
      { ...reply('u', undefined), role: 'user' },
      reply('b', { ttftMs: 300, tokensPerSec: 12, promptTokens: 40, completionTokens: 7 }),
      reply('c', undefined),
    ]);
    expect(st).toMatchObject({
      ttft: [100, 300],
      tokensPerSec: [10, 12],
      replies: 2,
      promptTokens: 60,
      completionTokens: 12,
    });
    expect(st.last?.id).toBe('b');
  });

  it('leaves replies too short for a rate out of the tokens/s series (their outlier set the scale)', () => {
    const st = replyStats([
      reply('a', { tokensPerSec: 40, completionTokens: 120 }),
      reply('b', { tokensPerSec: 2500, completionTokens: 1 }),
      reply('c', { tokensPerSec: 900, completionTokens: 3 }),
      reply('d', { tokensPerSec: 42, completionTokens: 64 }),
    ]);
    expect(st.tokensPerSec).toEqual([40, 42]);
    expect(st.replies).toBe(4);
  });

  it('context use: the last reply against the window the backend or discovery reported', () => {
    const base = testState();
    const s: State = {
      ...base,
      chat: {
        ...base.chat,
        items: [reply('a', { promptTokens: 100, completionTokens: 28 }, 'm1')],
      },
    };
    expect(contextUse(s)).toEqual({ used: 128 });
    const [known] = run(s, {
      type: 'telemetry',
      update: { kind: 'contextLength', model: 'm1', tokens: 2048 },
    });
    expect(contextUse(known)).toEqual({ used: 128, length: 2048 });
  });

  it('learns the window from a reply the server refused as too long', () => {
    const base = testState();
    const long = { ...reply('a', undefined, 'm1'), status: 'error' as const };
    const s: State = { ...base, chat: { ...base.chat, items: [long] } };
    expect(contextLength(metricsSync(s, s)[0], 'm1')).toBeUndefined();
    const refused: State = {
      ...s,
      chat: {
        ...s.chat,
        items: [
          {
            ...long,
            error:
              'Prompt sequence length is greater than 8192, perhaps consider using `truncate_sequence`?',
          },
        ],
      },
    };
    const [learnt] = metricsSync(s, refused);
    expect(contextLength(learnt, 'm1')).toBe(8192);
  });

  it("finds the window of the server's one model in the inventory for 'default'", () => {
    const base = testState();
    const s: State = {
      ...base,
      models: {
        ...base.models,
        server: [{ id: 'default' }, { id: '/models' }],
        inventory: [
          {
            id: 'smol',
            name: 'SmolLM2',
            path: '/models/smol.gguf',
            files: [{ path: '/models/smol.gguf', sizeBytes: 1, mtimeMs: 0 }],
            contextLength: 8192,
          } as unknown as State['models']['inventory'][number],
        ],
      },
    };
    expect(contextLength(s, 'default')).toBe(8192);
    expect(contextLength(s, 'other')).toBeUndefined();
  });
});
