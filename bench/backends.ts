// Backends benchmark (`npm run bench -- backends`):
// 1. SSE parse throughput (MB/s, events/s) of our stream path (eventsource-parser
//    + ChunkDecoder) against the official `openai` client's stream parsing, on the
//    same recorded mistral.rs stream (test/fixtures/backends/smollm2-stream.sse),
//    repeated to a few MB.
// 2. Client overhead on time to first token: a loopback server writes the first
//    data event; we time from that write to our first `content` event (p50/p99).
// 3. Memory growth over a 100,000-token reply streamed over loopback HTTP.
// 4. Embedded: tokens/s of our EmbeddedBackend against node-llama-cpp used
//    directly on the same prompt and settings, and the event loop's delay (p99)
//    while the embedded model generates. Skipped when node-llama-cpp or the
//    test model is missing (scripts/install-embedded.sh, scripts/fetch-test-model.sh).
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import OpenAI from 'openai';
import { Stream } from 'openai/core/streaming';
import {
  defaultThreads,
  EmbeddedBackend,
  embeddedDir,
} from '../dist/services/backends/embedded.js';
import { HttpBackend } from '../dist/services/backends/http-backend.js';
import { SseChatStream } from '../dist/services/backends/sse.js';
import { printTable, summarize, writeResults } from './_table.ts';

const RECORDED = new URL('../test/fixtures/backends/smollm2-stream.sse', import.meta.url);

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function corpus(targetBytes: number): { text: string; events: number; chunks: string[] } {
  const one = readFileSync(RECORDED, 'utf8');
  // Repeat the body of the recording (without its final [DONE]) to the target size.
  const body = one.replace(/data: \[DONE\]\n\n$/, '');
  let text = '';
  while (text.length < targetBytes) text += body;
  text += 'data: [DONE]\n\n';
  const events = text.split('\n\n').filter((e) => e.startsWith('data:')).length;
  // Network-like reads of 4 KiB.
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += 4096) chunks.push(text.slice(i, i + 4096));
  return { text, events, chunks };
}

function ours(chunks: readonly string[]): number {
  const sse = new SseChatStream();
  let n = 0;
  for (const c of chunks) n += sse.feed(c).length;
  return n + sse.end().length;
}

async function official(chunks: readonly string[]): Promise<number> {
  const enc = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(ctrl) {
      for (const c of chunks) ctrl.enqueue(enc.encode(c));
      ctrl.close();
    },
  });
  const stream = Stream.fromSSEResponse<unknown>(
    new Response(body, { headers: { 'content-type': 'text/event-stream' } }),
    new AbortController(),
  );
  let n = 0;
  for await (const _ of stream) n++;
  return n;
}

async function oursFromBytes(chunks: readonly string[]): Promise<number> {
  // The same ReadableStream + bytes path as the official client, for fairness.
  const enc = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(ctrl) {
      for (const c of chunks) ctrl.enqueue(enc.encode(c));
      ctrl.close();
    },
  });
  const dec = new TextDecoder();
  const sse = new SseChatStream();
  let n = 0;
  for await (const b of body) n += sse.feed(dec.decode(b, { stream: true })).length;
  return n + sse.end().length;
}

async function time(fn: () => Promise<number> | number, reps: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

const chunkJson = (content: string, i: number): string =>
  `data: {"id":"chatcmpl-${i}","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":${JSON.stringify(content)}},"finish_reason":null,"logprobs":null}]}\n\n`;

async function withServer(
  handler: http.RequestListener,
  fn: (url: string) => Promise<void>,
): Promise<void> {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

const client = (url: string): HttpBackend =>
  new HttpBackend({
    name: 'bench',
    kind: 'mistralrs',
    url,
    connectTimeoutMs: 5000,
    firstByteTimeoutMs: 60_000,
    idleTimeoutMs: 60_000,
    requestTimeoutMs: 5000,
  });

const TTFT_WARMUP = 600;

async function ttftOverhead(reps: number, which: 'ours' | 'openai'): Promise<number[]> {
  const samples: number[] = [];
  let wroteAt = 0;
  await withServer(
    (req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.flushHeaders();
        // Let the client wait on the body, then write the first token.
        // Server and client share this process's one thread, so whatever the
        // server does after the write delays the client's read of it: the event
        // is built before the clock starts, and the rest of the reply goes on
        // the server's next turn (as a real server's next token would), not in
        // the same callback, where its end-of-response work (about 0.1 ms,
        // more under load) was counted as the client's.
        setTimeout(() => {
          const first = chunkJson('Hi', 0);
          wroteAt = performance.now();
          res.write(first);
          setImmediate(() =>
            res.end(
              'data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n',
            ),
          );
        }, 5);
      });
    },
    async (url) => {
      if (which === 'openai') {
        const oa = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'none', maxRetries: 0 });
        for (let i = 0; i < reps; i++) {
          let first = 0;
          const stream = await oa.chat.completions.create({
            model: 'm',
            messages: [{ role: 'user', content: 'x' }],
            stream: true,
          });
          for await (const chunk of stream) {
            if (first === 0 && (chunk.choices[0]?.delta.content ?? '') !== '')
              first = performance.now();
          }
          samples.push(first - wroteAt);
        }
        return;
      }
      const b = client(url);
      for (let i = 0; i < reps; i++) {
        let first = 0;
        for await (const ev of b.streamChat({
          model: 'm',
          messages: [{ role: 'user', content: 'x' }],
        })) {
          if (ev.type === 'content' && first === 0) first = performance.now();
        }
        samples.push(first - wroteAt);
      }
    },
  );
  return samples;
}

async function memoryGrowth(tokens: number): Promise<{
  textBytes: number;
  heapGrowthBytes: number;
  rssGrowthBytes: number;
  seconds: number;
}> {
  let result = { textBytes: 0, heapGrowthBytes: 0, rssGrowthBytes: 0, seconds: 0 };
  await withServer(
    (req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        let i = 0;
        const pump = (): void => {
          while (i < tokens) {
            const ok = res.write(chunkJson(` tok${i % 1000}`, i));
            i++;
            if (!ok) {
              res.once('drain', pump);
              return;
            }
          }
          res.end(
            'data: {"choices":[{"index":0,"delta":{},"finish_reason":"length"}]}\n\ndata: [DONE]\n\n',
          );
        };
        pump();
      });
    },
    async (url) => {
      gc();
      const heap0 = process.memoryUsage().heapUsed;
      const rss0 = process.memoryUsage().rss;
      const t = performance.now();
      const parts: string[] = [];
      for await (const ev of client(url).streamChat({ model: 'm', messages: [] })) {
        if (ev.type === 'content') parts.push(ev.text);
      }
      const text = parts.join('');
      const seconds = (performance.now() - t) / 1000;
      gc();
      const heap1 = process.memoryUsage().heapUsed;
      result = {
        textBytes: Buffer.byteLength(text),
        heapGrowthBytes: heap1 - heap0,
        rssGrowthBytes: process.memoryUsage().rss - rss0,
        seconds,
      };
      // Keep the text alive until measured.
      if (text.length === 0) throw new Error('no text');
    },
  );
  return result;
}

const MODEL = path.join(
  os.homedir(),
  '.cache/mistralrs-tui/models/SmolLM2-135M-Instruct.Q4_1.gguf',
);
const PROMPT = 'Write a short story about a lighthouse keeper.';
const TOKENS = 128;

interface LlamaDirect {
  getLlama(o: object): Promise<{
    loadModel(o: object): Promise<{
      createContext(
        o: object,
      ): Promise<{ getSequence(): { clearHistory(): Promise<void> }; dispose(): Promise<void> }>;
      dispose(): Promise<void>;
    }>;
    dispose(): Promise<void>;
  }>;
  LlamaChatSession: new (o: object) => {
    prompt(t: string, o: object): Promise<string>;
    setChatHistory(h: unknown[]): void;
    dispose(o?: object): void;
  };
  resolveChatWrapper(model: unknown): unknown;
}

async function embedded(): Promise<Record<string, unknown> | string> {
  const entry = path.join(embeddedDir(), 'node_modules/node-llama-cpp/dist/index.js');
  if (!existsSync(entry) || !existsSync(MODEL)) {
    return 'not measured: run scripts/install-embedded.sh and scripts/fetch-test-model.sh';
  }
  const threads = defaultThreads();
  const runs = 3;
  // node-llama-cpp directly.
  const mod = (await import(pathToFileURL(entry).href)) as LlamaDirect;
  const llama = await mod.getLlama({ gpu: false, build: 'never' });
  const model = await llama.loadModel({ modelPath: MODEL });
  const ctx = await model.createContext({ contextSize: 2048, threads });
  const direct: number[] = [];
  const seq = ctx.getSequence();
  // The same set-up as ours: template resolved once, no default system prompt.
  const chatWrapper = mod.resolveChatWrapper(model);
  for (let i = 0; i < runs; i++) {
    await seq.clearHistory();
    const session = new mod.LlamaChatSession({
      contextSequence: seq,
      autoDisposeSequence: false,
      chatWrapper,
    });
    session.setChatHistory([]);
    let n = 0;
    let first = 0;
    await session.prompt(PROMPT, {
      maxTokens: TOKENS,
      temperature: 0,
      onToken: (t: unknown[]) => {
        if (first === 0) first = performance.now();
        n += t.length;
      },
    });
    direct.push((n - 1) / ((performance.now() - first) / 1000));
    session.dispose({ disposeSequence: false });
  }
  await ctx.dispose();
  await model.dispose();
  await llama.dispose();

  // Ours, with the event loop's delay sampled while it generates.
  const backend = new EmbeddedBackend({
    name: 'bench',
    modelPath: MODEL,
    threads,
    contextSize: 2048,
  });
  for await (const _ of backend.streamChat({
    model: 'default',
    messages: [{ role: 'user', content: 'hi' }],
    sampling: { maxTokens: 2 },
  })) {
    // load the model before timing
  }
  const ours: number[] = [];
  const h = monitorEventLoopDelay({ resolution: 1 });
  for (let i = 0; i < runs; i++) {
    let first = 0;
    let last = 0;
    let tokens = 0;
    h.enable();
    for await (const ev of backend.streamChat({
      model: 'default',
      messages: [{ role: 'user', content: PROMPT }],
      sampling: { maxTokens: TOKENS, temperature: 0 },
    })) {
      if (ev.type === 'content') {
        if (first === 0) first = performance.now();
        last = performance.now();
      }
      if (ev.type === 'usage') tokens = ev.usage.completionTokens;
    }
    h.disable();
    ours.push((tokens - 1) / ((last - first) / 1000));
  }
  await backend.close();
  const med = (xs: number[]): number => summarize(xs).p50;
  return {
    threads,
    tokens: TOKENS,
    runs,
    directTokPerSec: med(direct),
    oursTokPerSec: med(ours),
    oursVsDirect: med(ours) / med(direct),
    eventLoopDelayP99Ms: h.percentile(99) / 1e6,
    eventLoopDelayMaxMs: h.max / 1e6,
  };
}

export default async function run(): Promise<void> {
  const { text, events, chunks } = corpus(4 << 20);
  const mb = Buffer.byteLength(text) / 1e6;
  // Warm up both paths.
  ours(chunks);
  await official(chunks);
  await oursFromBytes(chunks);
  const reps = 7;
  const a = summarize(await time(() => ours(chunks), reps));
  const c = summarize(await time(() => oursFromBytes(chunks), reps));
  const b = summarize(await time(() => official(chunks), reps));
  const rate = (ms: number) => ({ mbPerSec: mb / (ms / 1000), eventsPerSec: events / (ms / 1000) });
  const parse = {
    corpusMB: mb,
    events,
    ours: { p50Ms: a.p50, ...rate(a.p50) },
    oursViaReadableStream: { p50Ms: c.p50, ...rate(c.p50) },
    openaiClient: { p50Ms: b.p50, ...rate(b.p50) },
  };
  console.log(
    `SSE parse, ${mb.toFixed(1)} MB, ${events} events (recorded mistral.rs 0.8.1 stream, repeated), median of ${reps}`,
  );
  printTable([
    ['path', 'ms', 'MB/s', 'events/s'],
    ['ours (string chunks)', a.p50, parse.ours.mbPerSec, parse.ours.eventsPerSec],
    [
      'ours (bytes via ReadableStream)',
      c.p50,
      parse.oursViaReadableStream.mbPerSec,
      parse.oursViaReadableStream.eventsPerSec,
    ],
    [
      'openai Stream.fromSSEResponse',
      b.p50,
      parse.openaiClient.mbPerSec,
      parse.openaiClient.eventsPerSec,
    ],
  ]);

  // Warm-up: node's HTTP code and ours are still being optimized for the first
  // ~600 requests (V8 --trace-opt: 190 functions optimized during requests
  // 31-330, 140 during 331-630, 17 during 631-930); after 30 alone, that JIT
  // work landed in the measured window and in its p99.
  await ttftOverhead(TTFT_WARMUP, 'ours');
  await ttftOverhead(TTFT_WARMUP, 'openai');
  const ttft = summarize(await ttftOverhead(300, 'ours'));
  const ttftOpenai = summarize(await ttftOverhead(300, 'openai'));
  console.log(
    '\nclient overhead on TTFT (server write of first data event -> first content), loopback, 300 requests',
  );
  printTable([
    ['client', 'p50 ms', 'p99 ms', 'max ms'],
    ['ours', ttft.p50, ttft.p99, ttft.max],
    ['openai npm client', ttftOpenai.p50, ttftOpenai.p99, ttftOpenai.max],
  ]);

  const mem = await memoryGrowth(100_000);
  console.log('\n100,000-token reply over loopback HTTP');
  printTable([
    [
      'text bytes',
      'heap growth bytes',
      'heap growth / text',
      'rss growth MB',
      'seconds',
      'tokens/s',
    ],
    [
      String(mem.textBytes),
      String(mem.heapGrowthBytes),
      mem.heapGrowthBytes / mem.textBytes,
      mem.rssGrowthBytes / 1e6,
      mem.seconds,
      100_000 / mem.seconds,
    ],
  ]);
  const emb = await embedded();
  console.log('\nembedded (node-llama-cpp, SmolLM2 Q4_1, CPU), median of 3 replies');
  if (typeof emb === 'string') console.log(emb);
  else {
    printTable([
      ['direct tok/s', 'ours tok/s', 'ours/direct', 'event-loop delay p99 ms', 'max ms'],
      [
        emb.directTokPerSec as number,
        emb.oursTokPerSec as number,
        emb.oursVsDirect as number,
        emb.eventLoopDelayP99Ms as number,
        emb.eventLoopDelayMaxMs as number,
      ],
    ]);
  }
  const file = writeResults('backends', {
    parse,
    ttftOverheadMs: ttft,
    ttftOverheadOpenaiClientMs: ttftOpenai,
    loadAverage: os.loadavg(),
    cpus: os.availableParallelism(),
    memory100kTokens: { ...mem, heapGrowthPerTextByte: mem.heapGrowthBytes / mem.textBytes },
    embedded: emb,
  });
  console.log(`\nwrote ${file}`);
}
