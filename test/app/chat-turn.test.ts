// One chat turn (src/runtime/chat-turn.ts) against the real SQLite store:
// what it saves and when (the reply row grows while it streams), the three
// kinds of action it reports (saved, the events of a frame, ended), batching
// without loss or reordering, cancel, a retry, a store problem; in the app
// loop, a frame draws the batch; and a turn against the real mistral.rs server.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Action, type Effect, defaultKeymap, initialState } from '../../src/app/index.js';
import type { ChatBackend } from '../../src/domain/backend.js';
import type { ChatEvent, ChatRequest } from '../../src/domain/chat.js';
import { silentLogger } from '../../src/domain/log.js';
import type { SessionStore } from '../../src/domain/store.js';
import { AppLoop } from '../../src/runtime/app-loop.js';
import { ChatTurns, type TurnHost } from '../../src/runtime/chat-turn.js';
import type { AppPorts } from '../../src/domain/ports.js';
import { HttpBackend } from '../../src/services/backends/http-backend.js';
import { openStore, StreamWriter } from '../../src/services/store/index.js';
import { ReplyMeter } from '../../src/services/telemetry/reply-meter.js';
import { Buffer, DARK_THEME, key } from '../../src/tui/index.js';
import { useRealServer, whenRealServer } from '../fixtures/backends/real-server.js';

type SendChat = Extract<Effect, { type: 'sendChat' }>;

/** A backend whose reply is what the test pushes; 'end' ends the stream. A cancel finishes it as cancelled. */
function pushed(): ChatBackend & {
  push(...xs: (ChatEvent | 'end')[]): void;
  requests: ChatRequest[];
} {
  const queue: (ChatEvent | 'end')[] = [];
  let wake: (() => void) | undefined;
  const requests: ChatRequest[] = [];
  return {
    name: 'pushed',
    kind: 'openai',
    requests,
    push: (...xs) => {
      queue.push(...xs);
      wake?.();
    },
    capabilities: () => Promise.reject(new Error('unused')),
    health: () => Promise.resolve({ ok: true, ms: 1 }),
    listModels: () => Promise.resolve([]),
    async *streamChat(req: ChatRequest, signal?: AbortSignal): AsyncIterable<ChatEvent> {
      requests.push(req);
      for (;;) {
        while (queue.length === 0) {
          if (signal?.aborted === true) {
            yield { type: 'finish', reason: 'cancelled' };
            return;
          }
          await new Promise<void>((r) => {
            wake = r;
            signal?.addEventListener(
              'abort',
              () => {
                r();
              },
              { once: true },
            );
          });
          wake = undefined;
        }
        const x = queue.shift();
        if (x === undefined || x === 'end') return;
        yield x;
      }
    },
  };
}

const stores: SessionStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

async function openTemp(): Promise<SessionStore> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mrt-turn-'));
  const store = await openStore({ kind: 'sqlite', path: path.join(dir, 's.db') });
  stores.push(store);
  return store;
}

function portsFor(backend: ChatBackend, store: SessionStore): AppPorts {
  return {
    backend,
    store,
    startReply: (s, input) => StreamWriter.start(s, input, { intervalMs: 5 }),
    meter: () => new ReplyMeter(),
    logger: silentLogger,
  };
}

/** A host that keeps what the turn reports; `frames` holds the flushes it asked to run before a frame. */
function recording(withFrames: boolean): TurnHost & {
  actions: Action[];
  frames: (() => void)[];
} {
  const actions: Action[] = [];
  const frames: (() => void)[] = [];
  return {
    actions,
    frames,
    dispatch: (a) => actions.push(a),
    ...(withFrames ? { beforeFrame: (f: () => void) => frames.push(f) } : {}),
  };
}

function request(over: Partial<SendChat> = {}): SendChat {
  return {
    type: 'sendChat',
    requestId: 'request-3',
    sessionId: undefined,
    title: 'hi',
    model: 'm1',
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'hi' },
    ],
    parentStoreId: undefined,
    userItemId: 'local-1',
    assistantItemId: 'local-2',
    sampling: { temperature: 0.2 },
    sessionSettings: { preset: 'precise', system_prompt: 'Be brief.' },
    ...over,
  };
}

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500 && !(await check()); i++) await new Promise((r) => setTimeout(r, 10));
  expect(await check()).toBe(true);
}

const eventsOf = (actions: readonly Action[]): ChatEvent[] =>
  actions.flatMap((a) => (a.type === 'chatEvents' ? a.events : []));
const types = (actions: readonly Action[]): string[] => actions.map((a) => a.type);
const content = (n: number, from = 0): ChatEvent[] =>
  Array.from({ length: n }, (_, i) => ({ type: 'content', text: `t${String(from + i)} ` }));

describe('one chat turn', () => {
  it('starts on the next turn of the event loop: the key that sent it returns at once', async () => {
    const store = await openTemp();
    const backend = pushed();
    const host = recording(false);
    const turns = new ChatTurns(() => portsFor(backend, store), host);
    const done = turns.run(request());
    // Nothing saved or asked yet: the frame showing the sent message (and the
    // echo of a key typed with Enter) is not held up by the turn's first steps.
    expect(host.actions).toEqual([]);
    expect(backend.requests).toHaveLength(0);
    expect((await store.listSessions()).items).toHaveLength(0);
    await until(() => backend.requests.length === 1);
    backend.push({ type: 'finish', reason: 'stop' }, 'end');
    await done;
    expect(host.actions.at(-1)?.type).toBe('turnEnded');
  });

  it('saves the exchange before the first token, keeps the reply as it grows, and ends it with its figures', async () => {
    const store = await openTemp();
    const backend = pushed();
    const host = recording(false);
    const turns = new ChatTurns(() => portsFor(backend, store), host);
    const done = turns.run(request());
    backend.push({ type: 'content', text: 'Hel' });
    // One action before the first token: the session, its settings, both items.
    await until(() => host.actions.some((a) => a.type === 'chatEvents'));
    expect(types(host.actions)).toEqual(['turnSaved', 'chatEvents']);
    const saved = host.actions[0];
    if (saved?.type !== 'turnSaved') throw new Error('not saved first');
    const sessionId = saved.created?.session.id ?? '';
    expect(saved.created?.session.title).toBe('hi');
    expect(saved.created?.settings).toMatchObject({ preset: 'precise' });
    const [user, reply] = saved.items;
    expect(saved.items.map((i) => i.itemId)).toEqual(['local-1', 'local-2']);
    // While it streams the reply row holds what arrived (a crash leaves it, marked interrupted at the next start).
    await until(async () => (await store.getMessage(reply?.storeId ?? ''))?.content === 'Hel');
    expect((await store.getMessage(reply?.storeId ?? ''))?.status).toBe('streaming');
    backend.push({ type: 'content', text: 'lo' }, { type: 'finish', reason: 'stop' }, 'end');
    await done;

    expect(types(host.actions).at(-1)).toBe('turnEnded');
    expect(types(host.actions).filter((t) => t === 'turnSaved')).toHaveLength(1);
    expect(eventsOf(host.actions)).toEqual([
      { type: 'content', text: 'Hel' },
      { type: 'content', text: 'lo' },
      { type: 'finish', reason: 'stop' },
    ]);
    const ended = host.actions.at(-1);
    if (ended?.type !== 'turnEnded') throw new Error('not ended');
    expect(ended.requestId).toBe('request-3');
    expect(ended.traceKey).toBe(reply?.storeId);
    expect(ended.figures.completionTokens).toBe(2);
    expect(ended.trace).toMatchObject({ model: 'm1', total: 3, sampling: { temperature: 0.2 } });
    expect(ended.trace.messages.map((m) => m.role)).toEqual(['system', 'user']);
    // The request went as the pane built it.
    expect(backend.requests[0]).toEqual({
      model: 'm1',
      messages: request().messages,
      sampling: { temperature: 0.2 },
    });
    const msgs = await store.listMessages(sessionId);
    expect(msgs.map((m) => [m.id, m.role, m.content, m.status])).toEqual([
      [user?.storeId, 'user', 'hi', 'complete'],
      [reply?.storeId, 'assistant', 'Hello', 'complete'],
    ]);
    expect(msgs[1]?.completionTokens).toBe(2);
    expect((await store.getSession(sessionId))?.settings).toMatchObject({
      system_prompt: 'Be brief.',
    });
  });

  it('a burst of events is one action per frame, in order, and nothing is lost at the end', async () => {
    const store = await openTemp();
    const backend = pushed();
    const host = recording(true);
    const turns = new ChatTurns(() => portsFor(backend, store), host);
    const done = turns.run(request());
    backend.push(...content(200));
    await until(() => host.frames.length > 0);
    // The frame comes: whatever arrived by then goes as one action.
    for (const f of host.frames) f();
    const first = host.actions.filter((a) => a.type === 'chatEvents');
    expect(first).toHaveLength(1);
    expect(eventsOf(first)).toEqual(content(200));
    // The end of the turn sends the rest without waiting for a frame.
    backend.push(...content(100, 200), { type: 'finish', reason: 'stop' }, 'end');
    await done;
    const batches = host.actions.filter((a) => a.type === 'chatEvents');
    expect(batches).toHaveLength(2);
    expect(eventsOf(host.actions)).toEqual([...content(300), { type: 'finish', reason: 'stop' }]);
    expect(types(host.actions).at(-1)).toBe('turnEnded');
    // Each batch asked for a frame once, with the same flush: the loop keeps it once.
    expect(host.frames).toHaveLength(2);
    expect(new Set(host.frames).size).toBe(1);
  });

  it('a cancel keeps what arrived, saved as cancelled; the finish is the last event reported', async () => {
    const store = await openTemp();
    const backend = pushed();
    const host = recording(false);
    const turns = new ChatTurns(() => portsFor(backend, store), host);
    const done = turns.run(request());
    backend.push({ type: 'content', text: 'partial ' });
    await until(() => eventsOf(host.actions).length === 1);
    turns.cancel('request-3');
    await done;
    expect(eventsOf(host.actions).at(-1)).toEqual({ type: 'finish', reason: 'cancelled' });
    expect(types(host.actions).at(-1)).toBe('turnEnded');
    const saved = host.actions[0];
    const replyId = saved?.type === 'turnSaved' ? saved.items[1]?.storeId : undefined;
    expect(await store.getMessage(replyId ?? '')).toMatchObject({
      content: 'partial ',
      status: 'cancelled',
    });
  });

  it('a retry saves no user message; the new reply is reported with its sibling', async () => {
    const store = await openTemp();
    const s = await store.createSession({ title: 'T', modelId: 'm1' });
    const u1 = await store.appendMessage({
      sessionId: s.id,
      parentId: null,
      role: 'user',
      content: 'q',
    });
    const a1 = await store.appendMessage({
      sessionId: s.id,
      parentId: u1.id,
      role: 'assistant',
      content: 'old',
    });
    const backend = pushed();
    const host = recording(false);
    const turns = new ChatTurns(() => portsFor(backend, store), host);
    backend.push({ type: 'content', text: 'new' }, { type: 'finish', reason: 'stop' }, 'end');
    await turns.run(
      request({
        sessionId: s.id,
        messages: [{ role: 'user', content: 'q' }],
        userItemId: 'u1-item',
        retryOfUser: u1.id,
        sessionSettings: undefined,
      }),
    );
    const saved = host.actions[0];
    if (saved?.type !== 'turnSaved') throw new Error('not saved first');
    expect(saved.created).toBeUndefined();
    const added = saved.items[0]?.storeId ?? '';
    expect(saved.items).toEqual([{ itemId: 'local-2', storeId: added, siblings: [a1.id, added] }]);
    const msgs = await store.listMessages(s.id);
    expect(msgs.map((m) => [m.role, m.content, m.parentId])).toEqual([
      ['user', 'q', null],
      ['assistant', 'old', u1.id],
      ['assistant', 'new', u1.id],
    ]);
  });

  it('a store problem is a notice: the reply still streams and ends, traced under its item id', async () => {
    const store = await openTemp();
    const backend = pushed();
    const host = recording(false);
    const turns = new ChatTurns(() => portsFor(backend, store), host);
    backend.push(
      { type: 'content', text: 'still here' },
      { type: 'finish', reason: 'stop' },
      'end',
    );
    // The session the chat names is gone from the database.
    await turns.run(request({ sessionId: 'gone', sessionSettings: undefined }));
    expect(types(host.actions)).toEqual(['notice', 'chatEvents', 'turnEnded']);
    const notice = host.actions[0];
    expect(notice?.type === 'notice' && notice.text).toMatch(/^Not saved: /);
    const ended = host.actions.at(-1);
    expect(ended?.type === 'turnEnded' && ended.traceKey).toBe('local-2');
    expect(eventsOf(host.actions)[0]).toEqual({ type: 'content', text: 'still here' });
  });
});

describe('a turn in the app loop', () => {
  it('a frame draws the events that arrived before it; drawing asks for no other frame', async () => {
    const store = await openTemp();
    const backend = pushed();
    const loop = new AppLoop(
      initialState({
        width: 100,
        height: 30,
        keymap: defaultKeymap(),
        backend: { name: 'pushed', kind: 'openai', model: 'm1' },
      }),
      () => DARK_THEME,
      portsFor(backend, store),
    );
    const seen: Action[] = [];
    const dispatch = loop.dispatch.bind(loop);
    loop.dispatch = (a, echo) => {
      seen.push(a);
      dispatch(a, echo);
    };
    // A host that draws once the work at hand is done, as the terminal's frame scheduler does.
    let drawing = false;
    let askedWhileDrawing = 0;
    let pending = false;
    const screens: string[] = [];
    const ask = (): void => {
      if (drawing) askedWhileDrawing++;
      if (pending) return;
      pending = true;
      setImmediate(() => {
        pending = false;
        const buf = Buffer.sized(100, 30);
        drawing = true;
        loop.draw({ buffer: buf, setCursor: () => undefined });
        drawing = false;
        screens.push(Array.from({ length: 30 }, (_, y) => buf.rowText(y)).join('\n'));
      });
    };
    loop.start({ requestFrame: ask, requestFrameNow: ask, quit: () => 0, suspend: () => 0 }, false);
    for (const c of 'hi') loop.onInput(key(c, {}, c));
    loop.onInput(key('enter'));
    await until(() => seen.some((a) => a.type === 'turnSaved'));
    // 50 tokens in one go: one action, drawn by the next frame.
    const drawn = screens.length;
    backend.push(...content(50));
    await until(() => screens.length > drawn);
    // The very frame the batch asked for shows it.
    expect(screens[drawn]).toContain('t49');
    expect(seen.filter((a) => a.type === 'chatEvents')).toHaveLength(1);
    expect(seen.some((a) => a.type === 'chatEvent')).toBe(false);
    expect(askedWhileDrawing).toBe(0);
    backend.push({ type: 'finish', reason: 'stop' }, 'end');
    await until(() => loop.state.chat.streaming === undefined);
    expect(loop.state.chat.items[1]?.content).toBe(
      content(50)
        .map((e) => (e.type === 'content' ? e.text : ''))
        .join(''),
    );
    await loop.stop();
  });
});

whenRealServer('chat-turn.test.ts', it, () => {
  const server = useRealServer();
  describe('a turn against the real mistral.rs server', { timeout: 180_000 }, () => {
    it('streams a real reply: what the app is told is what the store keeps', async () => {
      const store = await openTemp();
      const backend = new HttpBackend({
        name: 'real',
        kind: 'mistralrs',
        url: server.url,
        connectTimeoutMs: 2000,
        firstByteTimeoutMs: 60_000,
        idleTimeoutMs: 30_000,
        requestTimeoutMs: 10_000,
        retries: 1,
      });
      const host = recording(false);
      const turns = new ChatTurns(() => portsFor(backend, store), host);
      await turns.run(
        request({
          model: 'default',
          messages: [{ role: 'user', content: 'Say hi in five words.' }],
          sampling: { maxTokens: 16, temperature: 0 },
        }),
      );
      expect(types(host.actions)[0]).toBe('turnSaved');
      expect(types(host.actions).at(-1)).toBe('turnEnded');
      const events = eventsOf(host.actions);
      const text = events.map((e) => (e.type === 'content' ? e.text : '')).join('');
      expect(text.trim().length).toBeGreaterThan(0);
      expect(events.at(-1)).toMatchObject({ type: 'finish' });
      const saved = host.actions[0];
      const replyId = saved?.type === 'turnSaved' ? saved.items[1]?.storeId : undefined;
      const reply = await store.getMessage(replyId ?? '');
      expect(reply).toMatchObject({ content: text, status: 'complete' });
      expect(reply?.completionTokens).toBeGreaterThan(0);
      const ended = host.actions.at(-1);
      if (ended?.type !== 'turnEnded') throw new Error('not ended');
      expect(ended.trace.total).toBe(events.length);
      expect(ended.figures.completionTokens).toBeGreaterThan(0);
    });
  });
});
