import { describe, expect, it } from 'vitest';
import { ReplyMeter, formatReplyMetrics } from './reply-meter.js';

function clock(times: number[]): () => number {
  let i = 0;
  return () => times[Math.min(i++, times.length - 1)] ?? 0;
}

describe('ReplyMeter', () => {
  it('measures TTFT and decode speed on the client when the server sends no usage', () => {
    // start 0; deltas at 100, 200, 300, 400; finish 450
    const m = new ReplyMeter(undefined, clock([0, 100, 200, 300, 400, 450]));
    for (const t of ['a', 'b', 'c', 'd']) m.observe({ type: 'content', text: t });
    const r = m.finish();
    expect(r).toEqual({
      ttftMs: 100,
      totalMs: 450,
      completionTokens: 4,
      tokenSource: 'client',
      decodeTokPerSec: 10,
      decodeTokPerSecSource: 'client',
      deltas: 4,
    });
    expect(formatReplyMetrics(r).join('\n')).toContain('4 completion (counted by the client)');
  });

  it('prefers the server usage and timings, and reports context use', () => {
    const m = new ReplyMeter(8192, clock([0, 50, 60, 70]));
    m.observe({ type: 'reasoning', text: 'x' });
    m.observe({ type: 'content', text: 'y' });
    m.observe({
      type: 'usage',
      usage: {
        promptTokens: 30,
        completionTokens: 2,
        totalTokens: 32,
        source: 'server',
        avgComplTokPerSec: 17.5,
        avgPromptTokPerSec: 250,
        totalTimeSec: 0.2,
        totalPromptTimeSec: 0.1,
        totalCompletionTimeSec: 0.1,
      },
    });
    const r = m.finish();
    expect(r).toMatchObject({
      ttftMs: 50,
      promptTokens: 30,
      completionTokens: 2,
      tokenSource: 'server',
      decodeTokPerSec: 17.5,
      decodeTokPerSecSource: 'server',
      promptTokPerSec: 250,
      contextUsed: 32,
      contextLength: 8192,
    });
    const text = formatReplyMetrics(r).join('\n');
    expect(text).toContain('decode: 17.5 tokens/s (server)');
    expect(text).toContain('tokens: 30 prompt + 2 completion (server usage)');
    expect(text).toContain('context: 32 / 8192 tokens');
  });

  it('never makes up a TTFT when no token came', () => {
    const r = new ReplyMeter(undefined, clock([0, 10])).finish();
    expect(r.ttftMs).toBeUndefined();
    expect(r.decodeTokPerSec).toBeUndefined();
    expect(formatReplyMetrics(r)[0]).toBe('time to first token: no token (client)');
  });
});
