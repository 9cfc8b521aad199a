// The runtime loop with the real SQLite store and a scripted backend (the real
// model is exercised in test/e2e): what the app asks for is saved, streamed
// replies are written as they grow and finished with their status and figures.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultKeymap, initialState } from '../../src/app/index.js';
import type { ChatBackend } from '../../src/domain/backend.js';
import type { ChatEvent, ChatRequest } from '../../src/domain/chat.js';
import { silentLogger } from '../../src/domain/log.js';
import type { SessionStore } from '../../src/domain/store.js';
import { AppLoop } from '../../src/runtime/app-loop.js';
import { openStore, StreamWriter } from '../../src/services/store/index.js';
import { ReplyMeter } from '../../src/services/telemetry/reply-meter.js';
import { Buffer, DARK_THEME, key } from '../../src/tui/index.js';

/** Replies with the given chunks; waits for `gate` before the last one when given. */
function scripted(
  chunks: string[],
  gate?: Promise<void>,
): ChatBackend & { requests: ChatRequest[] } {
  const requests: ChatRequest[] = [];
  return {
    name: 'scripted',
    kind: 'openai',
    requests,
    capabilities: () => Promise.reject(new Error('unused')),
    health: () => Promise.resolve({ ok: true, ms: 1 }),
    listModels: () => Promise.resolve([]),
    async *streamChat(req: ChatRequest, signal?: AbortSignal): AsyncIterable<ChatEvent> {
      requests.push(req);
      for (const [i, c] of chunks.entries()) {
        if (i === chunks.length - 1 && gate) {
          await Promise.race([gate, new Promise((r) => signal?.addEventListener('abort', r))]);
        }
        if (signal?.aborted === true) {
          yield { type: 'finish', reason: 'cancelled' };
          return;
        }
        yield { type: 'content', text: c };
      }
      yield { type: 'finish', reason: 'stop' };
    },
  };
}

const stores: SessionStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

async function setUp(backend: ChatBackend) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mrt-app-'));
  const store = await openStore({ kind: 'sqlite', path: path.join(dir, 's.db') });
  stores.push(store);
  const state = initialState({
    width: 100,
    height: 30,
    keymap: defaultKeymap(),
    backend: { name: 'scripted', kind: 'openai', model: 'm1' },
  });
  const loop = new AppLoop(state, () => DARK_THEME, {
    backend,
    store,
    startReply: (s, input) => StreamWriter.start(s, input, { intervalMs: 5 }),
    meter: () => new ReplyMeter(),
    logger: silentLogger,
  });
  const frames = { n: 0 };
  loop.start(
    {
      requestFrame: () => frames.n++,
      requestFrameNow: () => frames.n++,
      quit: () => undefined,
      suspend: () => undefined,
    },
    true,
  );
  return { loop, store, frames };
}

function type(loop: AppLoop, text: string): void {
  for (const c of text) loop.onInput(key(c, {}, c));
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

describe('the runtime loop', () => {
  it('saves the session, the user message and the streamed reply with its figures', async () => {
    const backend = scripted(['Hel', 'lo ', 'there']);
    const { loop, store } = await setUp(backend);
    type(loop, 'hi');
    loop.onInput(key('enter'));
    await until(
      () => loop.state.chat.streaming === undefined && loop.state.chat.items.length === 2,
    );
    await until(() => loop.state.sessions.items.length === 1);
    expect(backend.requests[0]?.messages).toEqual([{ role: 'user', content: 'hi' }]);
    const [session] = (await store.listSessions()).items;
    expect(session?.title).toBe('hi');
    const msgs = await store.listMessages(session?.id ?? '');
    expect(msgs.map((m) => [m.role, m.content, m.status])).toEqual([
      ['user', 'hi', 'complete'],
      ['assistant', 'Hello there', 'complete'],
    ]);
    expect(msgs[1]?.parentId).toBe(msgs[0]?.id);
    expect(msgs[1]?.completionTokens).toBe(3);
    expect(loop.state.chat.items[1]?.figures?.completionTokens).toBe(3);
    await loop.stop();
  });

  it('Esc cancels: the partial reply is saved as cancelled', async () => {
    let release = (): void => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const { loop, store } = await setUp(scripted(['partial ', 'never'], gate));
    type(loop, 'go');
    loop.onInput(key('enter'));
    await until(() => loop.state.chat.items[1]?.content === 'partial ');
    loop.onInput(key('escape'));
    await until(() => loop.state.chat.streaming === undefined);
    release();
    expect(loop.state.chat.items[1]?.status).toBe('cancelled');
    const [session] = (await store.listSessions()).items;
    const msgs = await store.listMessages(session?.id ?? '');
    expect(msgs[1]).toMatchObject({ content: 'partial ', status: 'cancelled' });
    await loop.stop();
  });

  it('a retry saves the new reply as a sibling of the old one, which stays', async () => {
    const { loop, store } = await setUp(scripted(['answer']));
    type(loop, 'q1');
    loop.onInput(key('enter'));
    await until(
      () => loop.state.chat.streaming === undefined && loop.state.chat.items.length === 2,
    );
    await until(() => loop.state.chat.items[1]?.storeId !== undefined);
    loop.onInput(key('r', { ctrl: true }));
    await until(
      () =>
        loop.state.chat.streaming === undefined && loop.state.chat.items[1]?.content === 'answer',
    );
    const [session] = (await store.listSessions()).items;
    const msgs = await store.listMessages(session?.id ?? '');
    expect(msgs.map((m) => [m.role, m.parentId === msgs[0]?.id])).toEqual([
      ['user', false],
      ['assistant', true],
      ['assistant', true],
    ]);
    await loop.stop();
  });

  it('reopens the newest session at start and draws it', async () => {
    const { loop, store } = await setUp(scripted(['one']));
    type(loop, 'first');
    loop.onInput(key('enter'));
    await until(
      () => loop.state.chat.streaming === undefined && loop.state.chat.items.length === 2,
    );
    await loop.stop();
    // A second loop on the same store.
    const state = initialState({
      width: 100,
      height: 30,
      keymap: defaultKeymap(),
      backend: { name: 'scripted', kind: 'openai', model: 'm1' },
    });
    const again = new AppLoop(state, () => DARK_THEME, {
      backend: scripted([]),
      store,
      startReply: (s, input) => StreamWriter.start(s, input),
      meter: () => new ReplyMeter(),
      logger: silentLogger,
    });
    again.start(
      { requestFrame: () => 0, requestFrameNow: () => 0, quit: () => 0, suspend: () => 0 },
      true,
    );
    await until(() => again.state.chat.items.length === 2);
    const buf = Buffer.sized(100, 30);
    again.draw({ buffer: buf, setCursor: () => undefined });
    const text = Array.from({ length: 30 }, (_, y) => buf.rowText(y)).join('\n');
    expect(text).toContain('first');
    expect(text).toContain('one');
    await again.stop();
  });
});

describe('settings', () => {
  it('a layout switch is saved and restored at the next start', async () => {
    const { loop, store } = await setUp(scripted([]));
    loop.onInput(key('b', { ctrl: true }));
    expect(loop.state.layout).toBe('single');
    await until(() => loop.state.sessions.loaded);
    await loop.stop();
    expect(await store.getSetting('ui.layout')).toBe('single');
    const again = new AppLoop(
      initialState({
        width: 100,
        height: 30,
        keymap: defaultKeymap(),
        backend: { name: 'scripted', kind: 'openai', model: 'm1' },
      }),
      () => DARK_THEME,
      {
        backend: scripted([]),
        store,
        startReply: (s, input) => StreamWriter.start(s, input),
        meter: () => new ReplyMeter(),
        logger: silentLogger,
      },
    );
    again.start(
      { requestFrame: () => 0, requestFrameNow: () => 0, quit: () => 0, suspend: () => 0 },
      false,
    );
    await until(() => again.state.layout === 'single');
    await again.stop();
  });
});
