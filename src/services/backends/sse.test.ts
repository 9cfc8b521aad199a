import { describe, expect, it } from 'vitest';
import type { ChatEvent } from '../../domain/chat.js';
import { SseChatStream } from './sse.js';
import { ChunkDecoder, mapUsage } from './stream-decoder.js';

const chunk = (delta: object, extra: object = {}): string =>
  `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: null }], ...extra })}\n\n`;

function run(text: string, splits: number[] = []): ChatEvent[] {
  const sse = new SseChatStream();
  const out: ChatEvent[] = [];
  let at = 0;
  for (const s of [...splits, text.length]) {
    out.push(...sse.feed(text.slice(at, s)));
    at = s;
  }
  out.push(...sse.end());
  return out;
}

const text = (events: ChatEvent[]): string =>
  events.map((e) => (e.type === 'content' ? e.text : '')).join('');

// The shape mistral.rs 0.8.1 sends at the end of a reply: the last content,
// finish_reason and usage in one chunk, then [DONE].
const LAST = `data: ${JSON.stringify({
  object: 'chat.completion.chunk',
  choices: [{ index: 0, delta: { role: 'assistant', content: ' there.' }, finish_reason: 'stop' }],
  usage: {
    prompt_tokens: 31,
    completion_tokens: 9,
    total_tokens: 40,
    avg_tok_per_sec: 50.5,
    avg_prompt_tok_per_sec: 300.1,
    avg_compl_tok_per_sec: 18.2,
    total_time_sec: 0.6,
    total_prompt_time_sec: 0.1,
    total_completion_time_sec: 0.5,
  },
})}\n\n`;

describe('SseChatStream', () => {
  it('keeps the content of the chunk that carries finish_reason and usage', () => {
    const events = run(`${chunk({ role: 'assistant', content: 'Hello' })}${LAST}data: [DONE]\n\n`);
    expect(text(events)).toBe('Hello there.');
    expect(events.map((e) => e.type)).toEqual(['content', 'content', 'usage', 'finish']);
    expect(events.at(-2)).toEqual({
      type: 'usage',
      usage: {
        promptTokens: 31,
        completionTokens: 9,
        totalTokens: 40,
        source: 'server',
        avgTokPerSec: 50.5,
        avgPromptTokPerSec: 300.1,
        avgComplTokPerSec: 18.2,
        totalTimeSec: 0.6,
        totalPromptTimeSec: 0.1,
        totalCompletionTimeSec: 0.5,
      },
    });
    expect(events.at(-1)).toEqual({ type: 'finish', reason: 'stop' });
  });

  it('surfaces the plain-text error line mistral.rs sends before [DONE]', () => {
    const events = run(
      `${chunk({ content: 'Hi' })}data: Prompt sequence length is greater than 8192, perhaps consider using \`truncate_sequence\`?\n\ndata: [DONE]\n\n`,
    );
    expect(events).toEqual([
      { type: 'content', text: 'Hi' },
      {
        type: 'error',
        error: {
          code: 'server',
          message:
            'Prompt sequence length is greater than 8192, perhaps consider using `truncate_sequence`?',
        },
      },
    ]);
  });

  it('surfaces OpenAI-style and mistral.rs-style error objects inside the stream', () => {
    expect(run('data: {"error":{"message":"boom","type":"x"}}\n\n').at(-1)).toEqual({
      type: 'error',
      error: { code: 'server', message: 'boom' },
    });
    expect(run('data: {"message":"model died"}\n\n').at(-1)).toEqual({
      type: 'error',
      error: { code: 'server', message: 'model died' },
    });
  });

  it('ends with a malformed error and keeps the partial text', () => {
    const events = run(
      `${chunk({ content: 'part' })}data: {"choices":[{"delta":\n\n${chunk({ content: 'never' })}`,
    );
    expect(text(events)).toBe('part');
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { code: 'malformed' } });
    expect(events.filter((e) => e.type === 'error')).toHaveLength(1);
  });

  it('ignores keep-alive comments and does not count them as data', () => {
    const sse = new SseChatStream();
    expect(sse.feed(': keep-alive\n\n:\n\n')).toEqual([]);
    expect(sse.dataEvents).toBe(0);
    expect(sse.feed(chunk({ content: 'x' }))).toEqual([{ type: 'content', text: 'x' }]);
    expect(sse.dataEvents).toBe(1);
  });

  it('reports a cut when the stream ends without finish or [DONE]', () => {
    const events = run(chunk({ content: 'half' }));
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { code: 'cut' } });
  });

  it('finishes when finish_reason came but the connection closed before [DONE]', () => {
    expect(run(LAST).at(-1)).toEqual({ type: 'finish', reason: 'stop' });
  });

  it('puts a usage chunk sent after finish_reason (OpenAI include_usage) before finish', () => {
    const events = run(
      `${chunk({ content: 'a' })}data: {"choices":[{"index":0,"delta":{},"finish_reason":"length"}]}\n\ndata: {"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}\n\ndata: [DONE]\n\n`,
    );
    expect(events.map((e) => e.type)).toEqual(['content', 'usage', 'finish']);
    expect(events.at(-1)).toEqual({ type: 'finish', reason: 'length' });
  });

  it('reads reasoning deltas', () => {
    const events = run(
      `${chunk({ reasoning_content: 'think' })}${chunk({ content: 'ok' })}data: [DONE]\n\n`,
    );
    expect(events.slice(0, 2)).toEqual([
      { type: 'reasoning', text: 'think' },
      { type: 'content', text: 'ok' },
    ]);
  });

  it('decodes the same events at every split point of a real-shaped stream', () => {
    const stream = `${chunk({ role: 'assistant', content: 'Grüße 👋' })}: ping\n\n${chunk({ content: ' und' })}${LAST}data: [DONE]\n\n`;
    const whole = run(stream);
    for (let i = 1; i < stream.length; i++) expect(run(stream, [i])).toEqual(whole);
  });
});

describe('tool-call deltas', () => {
  const call = { id: 'call_1', name: 'get_weather', args: '{"city":"Paris","unit":"C"}' };
  const second = { id: 'call_2', name: 'now', args: '{}' };

  function stream(nameSplit: number, argSplit: number): string {
    const parts = [
      chunk({
        tool_calls: [
          {
            index: 0,
            id: call.id,
            type: 'function',
            function: { name: call.name.slice(0, nameSplit) },
          },
        ],
      }),
      chunk({
        tool_calls: [
          {
            index: 0,
            function: { name: call.name.slice(nameSplit), arguments: call.args.slice(0, argSplit) },
          },
        ],
      }),
      chunk({
        tool_calls: [
          {
            index: 1,
            id: second.id,
            type: 'function',
            function: { name: second.name, arguments: '' },
          },
        ],
      }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: call.args.slice(argSplit) } }] }),
      chunk({ tool_calls: [{ index: 1, function: { arguments: second.args } }] }),
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] })}\n\n`,
      'data: [DONE]\n\n',
    ];
    return parts.join('');
  }

  it('assembles calls by index whatever the split of names and arguments', () => {
    for (let n = 0; n <= call.name.length; n++) {
      for (let a = 0; a <= call.args.length; a++) {
        const events = run(stream(n, a));
        expect(events).toEqual([
          {
            type: 'toolCall',
            call: { index: 0, id: call.id, name: call.name, arguments: call.args },
          },
          {
            type: 'toolCall',
            call: { index: 1, id: second.id, name: second.name, arguments: second.args },
          },
          { type: 'finish', reason: 'tool_calls' },
        ]);
      }
    }
  });

  it('assembles the same calls at every byte split of the stream', () => {
    const s = stream(3, 7);
    const whole = run(s);
    for (let i = 1; i < s.length; i++) expect(run(s, [i])).toEqual(whole);
  });
});

describe('SSE fuzz', () => {
  // A deterministic generator so a failure can be replayed from its seed.
  function rng(seed: number): () => number {
    let x = seed >>> 0 || 1;
    return () => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return (x >>> 0) / 2 ** 32;
    };
  }
  const pieces = [
    chunk({ content: 'a' }),
    chunk({ tool_calls: [{ index: 0, function: { arguments: '{"' } }] }),
    LAST,
    'data: [DONE]\n\n',
    ': keep-alive\n\n',
    'data: plain error\n\n',
    'data: {"choices":\n\n',
    'data: {"choices":[{"delta":{"content":5}}]}\n\n',
    'data: {"choices":"x"}\n\n',
    'data: null\n\n',
    'data: []\n\n',
    'event: weird\nid: 1\nretry: 10\ndata: {}\n\n',
    '\r\n\r\n',
    '\u0000\uffff\ud800',
    'data:',
    '\n',
  ];

  it('never throws and always ends on random streams split at random points', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const r = rng(seed);
      let s = '';
      const n = Math.floor(r() * 20);
      for (let i = 0; i < n; i++) {
        s +=
          r() < 0.1
            ? String.fromCharCode(Math.floor(r() * 0x3000))
            : (pieces[Math.floor(r() * pieces.length)] ?? '');
      }
      const splits: number[] = [];
      for (let i = 1; i < s.length; i++) if (r() < 0.2) splits.push(i);
      const events = run(s, splits);
      const last = events.at(-1);
      expect(last?.type === 'finish' || last?.type === 'error', `seed ${seed}`).toBe(true);
      expect(
        events.filter((e) => e.type === 'finish' || e.type === 'error'),
        `seed ${seed}`,
      ).toHaveLength(1);
    }
  });
});

describe('ChunkDecoder', () => {
  it('ignores everything after [DONE]', () => {
    const d = new ChunkDecoder();
    expect(d.data('[DONE]')).toEqual([{ type: 'finish', reason: 'stop' }]);
    expect(d.data('{"choices":[{"delta":{"content":"late"}}]}')).toEqual([]);
    expect(d.end()).toEqual([]);
  });

  it('maps usage without timings for other servers', () => {
    expect(mapUsage({ prompt_tokens: 3, completion_tokens: 4 })).toEqual({
      promptTokens: 3,
      completionTokens: 4,
      totalTokens: 7,
      source: 'server',
    });
    expect(mapUsage({ foo: 1 })).toBeUndefined();
  });
});

describe('Prometheus /metrics', () => {
  it('reads the mistral.rs 0.9 gauges and keeps every sample', async () => {
    const { parseServerMetrics } = await import('./metrics.js');
    const m = await parseServerMetrics(
      '# HELP mistralrs_sequences_running Running\n# TYPE mistralrs_sequences_running gauge\nmistralrs_sequences_running{model="a"} 1\nmistralrs_sequences_running{model="b"} 2\n# TYPE mistralrs_sequences_waiting gauge\nmistralrs_sequences_waiting 3\n# TYPE mistralrs_kv_cache_blocks_used gauge\nmistralrs_kv_cache_blocks_used 10\n# TYPE mistralrs_kv_cache_blocks_total gauge\nmistralrs_kv_cache_blocks_total 100\n',
    );
    expect(m).toMatchObject({
      running: 3,
      waiting: 3,
      kvCacheBlocksUsed: 10,
      kvCacheBlocksTotal: 100,
    });
    expect(m.samples.mistralrs_sequences_running).toBe(3);
  });
});

describe('a stream recorded from the real mistral.rs 0.8.1', () => {
  it('decodes to the recorded text, the combined last chunk included, at any 4 KiB-ish split', async () => {
    const { readFileSync } = await import('node:fs');
    const raw = readFileSync(
      new URL('../../../test/fixtures/backends/smollm2-stream.sse', import.meta.url),
      'utf8',
    );
    const expected = raw
      .split('\n\n')
      .filter((e) => e.startsWith('data: {'))
      .map(
        (e) =>
          (JSON.parse(e.slice(6)) as { choices: { delta: { content?: string } }[] }).choices[0]
            ?.delta.content ?? '',
      )
      .join('');
    for (const size of [1, 7, 100, 4096, raw.length]) {
      const splits: number[] = [];
      for (let i = size; i < raw.length; i += size) splits.push(i);
      const events = run(raw, splits);
      expect(text(events)).toBe(expected);
      expect(events.at(-2)).toMatchObject({
        type: 'usage',
        usage: { completionTokens: 64, promptTokens: 39, source: 'server' },
      });
      expect(events.at(-1)).toEqual({ type: 'finish', reason: 'length' });
    }
  });
});
