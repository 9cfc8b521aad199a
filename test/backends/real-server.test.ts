// The HTTP backend against the REAL mistral.rs servers (0.8.1 and 0.9.2) serving SmolLM2:
// streaming through both kinds, cancel, the plain-text stream error, model
// routes. Nothing here is a mock; the server is started on a free port.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatEvent, ChatRequest } from '../../src/domain/chat.js';
import { BackendError } from '../../src/domain/backend.js';
import { HttpBackend } from '../../src/services/backends/http-backend.js';
import { isPoisoned } from '../../src/services/backends/poisoned.js';
import {
  startRealServer,
  whenRealServer,
  type RealServer,
} from '../fixtures/backends/real-server.js';

const hi = (maxTokens = 24, model = 'default'): ChatRequest => ({
  model,
  messages: [{ role: 'user', content: 'Say hi in five words.' }],
  sampling: { maxTokens, temperature: 0 },
});

export async function collect(it: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
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

const backend = (url: string, kind: 'mistralrs' | 'openai' = 'mistralrs'): HttpBackend =>
  new HttpBackend({
    name: 't',
    kind,
    url,
    connectTimeoutMs: 2000,
    firstByteTimeoutMs: 60_000,
    idleTimeoutMs: 30_000,
    requestTimeoutMs: 10_000,
    retries: 1,
  });

whenRealServer('real-server.test.ts', it, (build) => {
  let server: RealServer;
  beforeAll(async () => {
    server = await startRealServer(build);
  }, 120_000);
  afterAll(async () => {
    await server.stop();
  });

  describe('streaming a real reply', { timeout: 180_000 }, () => {
    it('mistralrs kind: text, server usage with every timing, finish', async () => {
      const events = await collect(backend(server.url).streamChat(hi()));
      const text = textOf(events);
      expect(text.trim().length).toBeGreaterThan(0);
      const usage = events.find((e) => e.type === 'usage');
      expect(usage).toBeDefined();
      if (usage?.type !== 'usage') return;
      expect(usage.usage.source).toBe('server');
      expect(usage.usage.promptTokens).toBeGreaterThan(5);
      expect(usage.usage.completionTokens).toBeGreaterThan(0);
      expect(usage.usage.completionTokens).toBeLessThanOrEqual(24);
      for (const k of [
        'avgTokPerSec',
        'avgPromptTokPerSec',
        'avgComplTokPerSec',
        'totalTimeSec',
        'totalPromptTimeSec',
        'totalCompletionTimeSec',
      ] as const) {
        expect(usage.usage[k], k).toBeGreaterThanOrEqual(0);
      }
      expect(events.at(-1)).toMatchObject({ type: 'finish' });
      expect(['stop', 'length']).toContain((events.at(-1) as { reason: string }).reason);
    });

    it('openai kind against the same server gives the same greedy text', async () => {
      const a = textOf(await collect(backend(server.url).streamChat(hi(12))));
      const b = textOf(await collect(backend(server.url, 'openai').streamChat(hi(12))));
      expect(b).toBe(a);
    });

    it('cancel mid-stream closes the connection, keeps the partial text and ends with cancelled', async () => {
      const ac = new AbortController();
      const events: ChatEvent[] = [];
      for await (const ev of backend(server.url).streamChat(hi(400), ac.signal)) {
        events.push(ev);
        if (ev.type === 'content') ac.abort();
      }
      expect(textOf(events).length).toBeGreaterThan(0);
      expect(events.at(-1)).toEqual({ type: 'finish', reason: 'cancelled' });
      expect(events.some((e) => e.type === 'usage')).toBe(false);
      // The server is still healthy and serves the next request.
      const next = await collect(backend(server.url).streamChat(hi(4)));
      expect(next.at(-1)).toMatchObject({ type: 'finish' });
    });

    it('an over-long prompt gives the plain-text stream error as an error event', async () => {
      const prompt = Array.from({ length: 12_000 }, (_, i) => `word${i % 50}`).join(' ');
      const events = await collect(
        backend(server.url).streamChat({
          model: 'default',
          messages: [{ role: 'user', content: prompt }],
          sampling: { maxTokens: 4 },
        }),
      );
      expect(events.at(-1)).toMatchObject({ type: 'error', error: { code: 'server' } });
      expect(errorOf(events)).toContain('Prompt sequence length is greater than');
    }, 60_000);

    it('an unknown model gives HTTP 500 with the server message', async () => {
      const events = await collect(backend(server.url).streamChat(hi(4, 'no-such-model')));
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: 'error', error: { code: 'http', status: 500 } });
      expect(errorOf(events)).toContain("Requested model 'no-such-model' is not available");
    });
  });

  describe('model routes', { timeout: 180_000 }, () => {
    it('lists default and the model with its status', async () => {
      const models = await backend(server.url).listModels();
      expect(models[0]?.id).toBe('default');
      expect(models.find((m) => m.id === server.modelId)).toMatchObject({ status: 'loaded' });
    });

    it('status, unload, and a chat that reloads the model; not_found answered with HTTP 200', async () => {
      const b = backend(server.url);
      expect(await b.modelStatus(server.modelId)).toMatchObject({ status: 'loaded' });
      expect(await b.modelStatus('nope')).toMatchObject({ modelId: 'nope', status: 'not_found' });
      expect(await b.unloadModel(server.modelId)).toMatchObject({ status: 'unloaded' });
      expect((await b.listModels()).find((m) => m.id === server.modelId)?.status).toBe('unloaded');
      const events = await collect(b.streamChat(hi(4, server.modelId)));
      expect(events.at(-1)).toMatchObject({ type: 'finish' });
      expect(await b.modelStatus(server.modelId)).toMatchObject({ status: 'loaded' });
    }, 60_000);

    // Regression (issue 14.6): after an unload 0.8.1 refuses "default" for good
    // ("EnginePoisoned"); 0.9.2 too, in other words ("engine state lock is poisoned").
    it('after unload and reload the server refuses "default" (poisoned); a chat for "default" still gets a reply, sent by id', async () => {
      const b = backend(server.url);
      expect(await b.unloadModel(server.modelId)).toMatchObject({ status: 'unloaded' });
      expect(await b.reloadModel(server.modelId)).toMatchObject({ status: 'loaded' });
      // The server itself, without the app: "default" fails, the id works.
      const raw = await fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'default',
          max_tokens: 2,
          messages: [{ role: 'user', content: 'hi' }],
        }),
      });
      expect(raw.status).toBe(500);
      const said = ((await raw.json()) as { message: string }).message;
      expect(isPoisoned(said)).toBe(true);

      const events = await collect(b.streamChat(hi(4)));
      expect(events.filter((e) => e.type === 'error')).toEqual([]);
      expect(textOf(events).length).toBeGreaterThan(0);
      expect(events.at(-1)).toMatchObject({ type: 'finish' });
      // Any OpenAI-compatible client gets the error explained (no model management, no resend).
      const plain = await collect(backend(server.url, 'openai').streamChat(hi(4)));
      expect(plain.at(-1)).toMatchObject({
        type: 'error',
        error: { code: 'engine_poisoned', status: 500 },
      });
      expect(errorOf(plain)).toContain(
        `the server lost its "default" model after an unload or reload (mistral.rs: HTTP 500 ${said}) — choose the model by its id`,
      );
    }, 120_000);

    // 0.8.1's reload route, sent for a loaded model, answers not_found and leaves it stuck
    // "reloading": after the next unload it could never be loaded again (ModelReloading).
    it('reload and load of a loaded model leave it working: listed once, and it unloads and loads again', async () => {
      const b = backend(server.url);
      const listed = async () => (await b.listModels()).filter((m) => m.id === server.modelId);
      expect(await b.modelStatus(server.modelId)).toMatchObject({ status: 'loaded' });
      expect(await b.reloadModel(server.modelId)).toMatchObject({ status: 'loaded' });
      expect(await b.loadModel(server.modelId)).toMatchObject({ status: 'loaded' });
      expect(await listed()).toEqual([expect.objectContaining({ status: 'loaded' })]);
      expect(await b.unloadModel(server.modelId)).toMatchObject({ status: 'unloaded' });
      expect(await b.loadModel(server.modelId)).toMatchObject({ status: 'loaded' });
      expect(await listed()).toEqual([expect.objectContaining({ status: 'loaded' })]);
      const events = await collect(b.streamChat(hi(4, server.modelId)));
      expect(events.filter((e) => e.type === 'error')).toEqual([]);
      expect(events.at(-1)).toMatchObject({ type: 'finish' });
    }, 120_000);

    it(`health, capabilities probed (${build.has.metrics ? 'with' : 'no'} /metrics), system info`, async () => {
      const b = backend(server.url);
      expect(await b.health()).toMatchObject({ ok: true });
      const caps = await b.capabilities();
      expect(caps).toMatchObject({
        modelManagement: true,
        metrics: build.has.metrics,
        systemInfo: true,
      });
      if (build.has.metrics) {
        // A reply went by above: the server counted its tokens and its queue.
        const m = await b.metrics();
        expect(m?.running).toBeGreaterThanOrEqual(0);
        expect(m?.waiting).toBe(0);
        expect(m?.tokensProcessed).toBeGreaterThan(0);
      } else expect(await b.metrics()).toBeUndefined();
      const info = await b.systemInfo();
      expect(info?.logicalCores).toBeGreaterThan(0);
      expect(info?.memoryTotalBytes).toBeGreaterThan(0);
      const o = await backend(server.url, 'openai').capabilities();
      expect(o.modelManagement).toBe(false);
      await expect(backend(server.url, 'openai').unloadModel('x')).rejects.toBeInstanceOf(
        BackendError,
      );
    });
  });
});
