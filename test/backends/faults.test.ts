// The fault matrix: the fault proxy sits between the HTTP backend and the real
// mistral.rs server; every injected fault must end the reply with its own
// error (keeping the partial text) and never hang.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatEvent, ChatRequest } from '../../src/domain/chat.js';
import { HttpBackend } from '../../src/services/backends/http-backend.js';
import { startFaultProxy, type FaultProxy } from '../fixtures/backends/fault-proxy.js';
import {
  startRealServer,
  whenRealServer,
  type RealServer,
} from '../fixtures/backends/real-server.js';

const req: ChatRequest = {
  model: 'default',
  messages: [{ role: 'user', content: 'Count from one to twenty in words.' }],
  sampling: { maxTokens: 24, temperature: 0 },
};

async function collect(it: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
  const out: ChatEvent[] = [];
  for await (const ev of it) out.push(ev);
  return out;
}
const errorOf = (events: ChatEvent[]): string => {
  const last = events.at(-1);
  return last?.type === 'error' ? last.error.message : '';
};
const textOf = (events: ChatEvent[]): string =>
  events.map((e) => (e.type === 'content' ? e.text : '')).join('');

whenRealServer('faults.test.ts', it, (build) => {
  let server: RealServer;
  let proxy: FaultProxy;
  // The real model on a busy 2-core machine can take seconds for the prompt
  // and close to a second between tokens, so only the client used for a
  // timeout fault has a short one; the others wait like a real user would.
  const make = (firstByteTimeoutMs: number, idleTimeoutMs: number): HttpBackend =>
    new HttpBackend({
      name: 'faulty',
      kind: 'mistralrs',
      url: proxy.url,
      connectTimeoutMs: 2000,
      firstByteTimeoutMs,
      idleTimeoutMs,
      requestTimeoutMs: 5000,
      retries: 1,
      loadingPollMs: 100,
    });
  let client: HttpBackend;
  let stallClient: HttpBackend;
  beforeAll(async () => {
    server = await startRealServer(build);
    proxy = await startFaultProxy(server.url);
    client = make(120_000, 60_000);
    stallClient = make(120_000, 3000);
  }, 120_000);
  afterAll(async () => {
    await proxy.close();
    await server.stop();
  });

  const partialThen = (events: ChatEvent[], code: string): void => {
    expect(textOf(events).length, 'partial text kept').toBeGreaterThan(0);
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { code } });
    expect(events.filter((e) => e.type === 'error' || e.type === 'finish')).toHaveLength(1);
  };

  // Real generation on a loaded 2-core machine is slow; no test may hang, but
  // none should fail on a slow token either.
  describe('fault matrix', { timeout: 180_000 }, () => {
    it('no fault: the real reply passes through the proxy', async () => {
      proxy.fault = { kind: 'none' };
      const events = await collect(client.streamChat(req));
      expect(events.at(-1)).toMatchObject({ type: 'finish' });
      expect(events.some((e) => e.type === 'usage')).toBe(true);
    });

    it('slow first byte: first_byte_timeout, not a hang', async () => {
      proxy.fault = { kind: 'slow-first-byte', ms: 4000 };
      const events = await collect(make(1500, 60_000).streamChat(req));
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: 'error', error: { code: 'first_byte_timeout' } });
      expect(errorOf(events)).toContain('sent nothing for 1.5 s');
    });

    it('stall mid-stream: stalled error, partial text kept', async () => {
      proxy.fault = { kind: 'stall', after: 3 };
      const events = await collect(stallClient.streamChat(req));
      partialThen(events, 'stalled');
      expect(errorOf(events)).toContain('no data for 3 s');
    });

    it('keep-alive comments alone are not progress: still stalled', async () => {
      proxy.fault = { kind: 'keepalive-stall', after: 3, everyMs: 100 };
      partialThen(await collect(stallClient.streamChat(req)), 'stalled');
    });

    it('cut connection: cut error, partial text kept', async () => {
      proxy.fault = { kind: 'cut', after: 3 };
      partialThen(await collect(client.streamChat(req)), 'cut');
    });

    it('malformed chunk: malformed error, partial text kept', async () => {
      proxy.fault = { kind: 'inject', after: 3, payload: '{"choices":[{"delta":{"content":' };
      partialThen(await collect(client.streamChat(req)), 'malformed');
    });

    it('error object inside the stream: its message', async () => {
      proxy.fault = {
        kind: 'inject',
        after: 3,
        payload: '{"error":{"message":"injected failure"}}',
      };
      const events = await collect(client.streamChat(req));
      partialThen(events, 'server');
      expect(events.at(-1)).toMatchObject({ error: { message: 'injected failure' } });
    });

    it('plain-text error line inside the stream: its text', async () => {
      proxy.fault = { kind: 'inject', after: 3, payload: 'the engine ran out of memory' };
      const events = await collect(client.streamChat(req));
      partialThen(events, 'server');
      expect(events.at(-1)).toMatchObject({ error: { message: 'the engine ran out of memory' } });
    });

    it('HTTP 500 with an OpenAI error envelope: status and message', async () => {
      proxy.fault = { kind: 'status', status: 500, body: '{"error":{"message":"kaput"}}' };
      expect(await collect(client.streamChat(req))).toEqual([
        { type: 'error', error: { code: 'http', status: 500, message: 'HTTP 500: kaput' } },
      ]);
    });

    it('HTTP 422 plain text: the text', async () => {
      proxy.fault = {
        kind: 'status',
        status: 422,
        body: 'Failed to deserialize the JSON body into the target type',
      };
      expect((await collect(client.streamChat(req)))[0]).toMatchObject({
        error: {
          status: 422,
          message: 'HTTP 422: Failed to deserialize the JSON body into the target type',
        },
      });
    });

    it('503 while loading: shown as loading, polled, then the real reply', async () => {
      proxy.fault = {
        kind: 'status',
        status: 503,
        body: '{"message":"Model is loading"}',
        times: 3,
      };
      const before = proxy.chatRequests;
      const events = await collect(client.streamChat(req));
      expect(events[0]).toEqual({ type: 'loading', message: 'Model is loading' });
      expect(events.filter((e) => e.type === 'loading')).toHaveLength(1);
      expect(textOf(events).length).toBeGreaterThan(0);
      expect(events.at(-1)).toMatchObject({ type: 'finish' });
      expect(proxy.chatRequests - before).toBe(4);
    });

    it('cancel through the proxy closes the client connection at once', async () => {
      proxy.fault = { kind: 'none' };
      const closedBefore = proxy.clientClosed;
      const ac = new AbortController();
      const events: ChatEvent[] = [];
      for await (const ev of client.streamChat(req, ac.signal)) {
        events.push(ev);
        if (ev.type === 'content') ac.abort();
      }
      expect(events.at(-1)).toEqual({ type: 'finish', reason: 'cancelled' });
      // The proxy sees the close asynchronously; wait for it (bounded), then check.
      for (let i = 0; i < 100 && proxy.clientClosed === closedBefore; i++) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(proxy.clientClosed).toBe(closedBefore + 1);
    });
  });
});
