import { describe, expect, it } from 'vitest';
import { numberPlaceholders } from './driver.js';
import { writerGone } from './recover.js';
import { queryTerms } from './search.js';
import { buildSnippet } from './snippet.js';

describe('search helpers', () => {
  it('splits a query into lower-case words, dropping syntax characters', () => {
    expect(queryTerms('Stream* "tokens" AND NEAR(x) Ünï-code')).toEqual([
      'stream',
      'tokens',
      'and',
      'near',
      'x',
      'ünï',
      'code',
    ]);
    expect(queryTerms('  ')).toEqual([]);
  });

  it('highlights prefix matches in a window around the first match', () => {
    const words = Array.from({ length: 40 }, (_, i) => `w${i}`);
    words[30] = 'Streaming';
    const text = words.join(' ');
    const s = buildSnippet(text, ['stream'], 10);
    expect(s.snippet.startsWith('…w27 w28 w29 Streaming')).toBe(true);
    expect(s.snippet.endsWith('…')).toBe(true);
    expect(s.highlights).toHaveLength(1);
    const [start, end] = s.highlights[0] ?? [0, 0];
    expect(s.snippet.slice(start, end)).toBe('Streaming');
  });

  it('keeps a short text whole, with newlines as spaces and offsets intact', () => {
    const s = buildSnippet('one\ntwo two', ['two']);
    expect(s).toEqual({
      snippet: 'one two two',
      highlights: [
        [4, 7],
        [8, 11],
      ],
    });
  });
});

describe('numberPlaceholders', () => {
  it('numbers ? outside quotes only', () => {
    expect(numberPlaceholders(`SELECT '?', "a?" FROM t WHERE a = ? AND b = ?`)).toBe(
      `SELECT '?', "a?" FROM t WHERE a = $1 AND b = $2`,
    );
  });
});

describe('writerGone', () => {
  const now = new Date('2026-01-01T01:00:00.000Z');
  it('treats this process as alive and a missing writer as gone', () => {
    const self = `host:${process.pid}`;
    expect(writerGone(self, now.toISOString(), self, now)).toBe(false);
    expect(writerGone(null, now.toISOString(), self, now)).toBe(true);
  });

  it('checks processes on this host and ages out writers elsewhere', async () => {
    const os = await import('node:os');
    const here = os.hostname();
    expect(writerGone(`${here}:${process.pid}`, now.toISOString(), 'other', now)).toBe(false);
    expect(writerGone(`${here}:2147483646`, now.toISOString(), 'other', now)).toBe(true);
    expect(writerGone('elsewhere:1', '2026-01-01T00:55:00.000Z', 'other', now)).toBe(false);
    expect(writerGone('elsewhere:1', '2026-01-01T00:45:00.000Z', 'other', now)).toBe(true);
  });
});
