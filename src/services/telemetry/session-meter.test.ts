import { describe, expect, it } from 'vitest';
import { SessionMeter } from './session-meter.js';

describe('SessionMeter', () => {
  it('adds up replies and keeps bounded series', () => {
    const s = new SessionMeter(2);
    for (let i = 0; i < 5; i++) {
      s.addReply(
        {
          totalMs: 100,
          completionTokens: 10,
          promptTokens: 5,
          tokenSource: 'server',
          deltas: 10,
          ttftMs: i,
          decodeTokPerSec: 20,
        },
        i,
      );
    }
    s.addReply({ totalMs: 50, completionTokens: 1, tokenSource: 'client', deltas: 1 }, 9);
    expect(s.sessionTotals).toEqual({
      replies: 6,
      promptTokens: 25,
      completionTokens: 51,
      totalMs: 550,
    });
    expect(s.ttftMs.toArray().map((x) => x.value)).toEqual([3, 4]);
    s.addQueue({ source: 'log', running: 1, waiting: 2 }, 1);
    expect(s.queueWaiting.last()).toEqual({ at: 1, value: 2 });
  });
});
