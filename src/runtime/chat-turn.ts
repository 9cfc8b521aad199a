// One chat turn, end to end. The chat pane built the request (the session's
// system prompt and sampling, fitted to the model's context: the pane owns it);
// a turn saves the exchange (the session when this is its first message, the
// user message, an empty `streaming` reply row), streams the reply while the
// store's writer keeps it as it grows, meters and traces it, and writes its
// final status and figures. Saving never stops the reply: a store problem is
// a notice. The app hears three coarse actions: `turnSaved` (before the first
// token), `chatEvents` (the events of a frame, in order) and `turnEnded`.
import type { Action, Effect, ReplyFigures, SavedItem } from '../app/index.js';
import type { ChatEvent, ToolCall } from '../domain/chat.js';
import type { AppPorts, ReplyRecorder } from '../domain/ports.js';
import type { SessionStore } from '../domain/store.js';
import type { ReplyMetrics } from '../domain/telemetry.js';
import { storedMetrics } from '../domain/telemetry.js';
import { mergeSettings } from './composer-effects.js';
import { ReplyTracer } from './reply-tracer.js';
import { summary } from './sessions-effects.js';
import type { AttachmentEffects } from './attachment-effects.js';
import { newMessageMedia, saveSentMedia, withMediaParts } from './attachment-send.js';

export type SendChat = Extract<Effect, { type: 'sendChat' }>;
type TurnSaved = Extract<Action, { type: 'turnSaved' }>;

export interface TurnHost {
  dispatch(a: Action): void;
  /**
   * Runs `flush` just before the next frame is drawn (the app loop); without
   * it, or when no frame comes (a suspended terminal), a timer runs it.
   */
  beforeFrame?(flush: () => void): void;
  /** The attachments' bytes (a message's images and audio are sent as parts, then saved). */
  readonly media?: AttachmentEffects;
}

/** One frame at 60 fps: how long a batch waits when nothing draws frames. */
const FRAME_MS = 16;
/** How long a batch waits for a frame that was asked for before a timer sends it. */
const NO_FRAME_MS = 33;

const errText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * A reply's streamed events, handed to the app as one `chatEvents` action per
 * frame: at 200 tokens a second, the root reducer runs at most 60 times, not 200.
 * The first event of a batch asks for a frame; the batch goes just before it is drawn.
 */
export class EventBatch {
  private events: ChatEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** One function for the batch's life: the loop keeps a set of them, so asking twice is once. */
  private readonly flushFn = (): void => {
    this.flush();
  };

  constructor(
    private readonly requestId: string,
    private readonly host: TurnHost,
  ) {}

  push(ev: ChatEvent): void {
    this.events.push(ev);
    if (this.events.length > 1) return;
    this.host.beforeFrame?.(this.flushFn);
    this.timer = setTimeout(this.flushFn, this.host.beforeFrame ? NO_FRAME_MS : FRAME_MS);
    this.timer.unref();
  }

  /** Sends what has arrived (nothing when empty). */
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.events.length === 0) return;
    const events = this.events;
    this.events = [];
    this.host.dispatch({ type: 'chatEvents', requestId: this.requestId, events });
  }
}

/** The turns running: started by `sendChat`, stopped by `cancelChat` and on quitting. */
export class ChatTurns {
  private readonly aborts = new Map<string, AbortController>();
  private readonly running = new Set<Promise<void>>();

  constructor(
    /** Read at each turn's start: the models tab can switch the backend. */
    private readonly ports: () => AppPorts,
    private readonly host: TurnHost,
  ) {}

  /** Resolves once the turn's last write is done and `turnEnded` was sent. */
  run(e: SendChat): Promise<void> {
    const ac = new AbortController();
    this.aborts.set(e.requestId, ac);
    // The turn starts on the next turn of the event loop: saving the message
    // and starting the request take a few ms of synchronous work (SQLite, the
    // request's first steps), and the frame showing the sent message, and the
    // echo of a key typed with Enter, go out first.
    const started = new Promise<void>((resolve) => setImmediate(resolve));
    const p = started
      .then(() => runTurn(this.ports(), this.host, e, ac.signal))
      .finally(() => {
        this.aborts.delete(e.requestId);
        this.running.delete(p);
      });
    this.running.add(p);
    return p;
  }

  cancel(requestId: string): void {
    this.aborts.get(requestId)?.abort();
  }

  /** Stops every turn (quitting); `ended` then waits for their final writes. */
  cancelAll(): void {
    for (const ac of this.aborts.values()) ac.abort();
  }

  /** Settles when every turn running now has ended. */
  async ended(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }
}

/** Runs one turn; `signal` cancels the reply (what arrived is kept, marked cancelled). */
export async function runTurn(
  ports: AppPorts,
  host: TurnHost,
  e: SendChat,
  signal: AbortSignal,
): Promise<void> {
  const { store, backend, logger } = ports;
  const recorder = store === undefined ? undefined : await save(ports, store, host, e);
  const meter = ports.meter();
  // The chat's own sampling over the config's defaults.
  const sampling = { ...ports.sampling, ...e.sampling };
  let messages = e.messages;
  const batch = new EventBatch(e.requestId, host);
  let status: 'complete' | 'cancelled' | 'error' = 'complete';
  let error: string | undefined;
  let tracer = new ReplyTracer(e.model, messages, sampling);
  // The calls the reply made, kept with it (agent mode answers them; the inspector shows them).
  const calls: ToolCall[] = [];
  try {
    if (host.media !== undefined)
      messages = await withMediaParts(ports, host.media, e.messages, e.media);
    tracer = new ReplyTracer(e.model, messages, sampling);
    const events = backend.streamChat(
      {
        model: e.model,
        messages,
        ...(Object.keys(sampling).length > 0 ? { sampling } : {}),
        ...(e.tools !== undefined ? { tools: e.tools } : {}),
        ...(e.webSearch !== undefined ? { webSearch: e.webSearch } : {}),
      },
      signal,
    );
    for await (const ev of events) {
      meter.observe(ev);
      tracer.observe(ev);
      if (ev.type === 'content') recorder?.push({ content: ev.text });
      else if (ev.type === 'reasoning') recorder?.push({ reasoning: ev.text });
      else if (ev.type === 'toolCall') calls.push(ev.call);
      else if (ev.type === 'finish' && ev.reason === 'cancelled') status = 'cancelled';
      else if (ev.type === 'error') {
        status = 'error';
        error = ev.error.message;
        logger.warn('reply failed', { code: ev.error.code, message: ev.error.message });
      }
      batch.push(ev);
    }
  } catch (err) {
    status = 'error';
    error = errText(err);
    batch.push({ type: 'error', error: { code: 'server', message: error } });
  }
  batch.flush();
  const m = meter.finish();
  if (recorder !== undefined) {
    try {
      await recorder.finish({
        status,
        ...(error !== undefined ? { error } : {}),
        ...(calls.length > 0 ? { toolCalls: calls.map((c) => ({ ...c })) } : {}),
        ...storedMetrics(m),
      });
    } catch (err) {
      logger.error('saving the reply failed', { error: errText(err) });
    }
  }
  host.dispatch({
    type: 'turnEnded',
    requestId: e.requestId,
    figures: figuresOf(m),
    traceKey: recorder?.message.id ?? e.assistantItemId,
    trace: tracer.trace(),
  });
}

function figuresOf(m: ReplyMetrics): ReplyFigures {
  return {
    ...(m.ttftMs !== undefined ? { ttftMs: m.ttftMs } : {}),
    ...(m.decodeTokPerSec !== undefined ? { tokensPerSec: m.decodeTokPerSec } : {}),
    completionTokens: m.completionTokens,
    ...(m.promptTokens !== undefined ? { promptTokens: m.promptTokens } : {}),
    totalMs: m.totalMs,
  };
}

/**
 * Saves the exchange and starts the reply's row: the session first when the
 * chat has none, the user message unless this is a retry (it is saved), then
 * the reply. Reports what was saved as one `turnSaved`, even when a later step
 * failed (then a notice says so); the reply's recorder when its row exists.
 */
async function save(
  ports: AppPorts,
  store: SessionStore,
  host: TurnHost,
  e: SendChat,
): Promise<ReplyRecorder | undefined> {
  let created: TurnSaved['created'];
  const items: SavedItem[] = [];
  let recorder: ReplyRecorder | undefined;
  // An edit or a retry adds a sibling: the app shows the versions once there
  // are several. The item is reported saved even when this question fails.
  const addSiblings = async (sessionId: string, parentId: string | null): Promise<void> => {
    const all = await store.listChildren(sessionId, parentId);
    const item = items.at(-1);
    if (all.length > 1 && item !== undefined)
      items[items.length - 1] = { ...item, siblings: all.map((m) => m.id) };
  };
  let failed: unknown;
  try {
    let sessionId = e.sessionId;
    if (sessionId === undefined) {
      const s = await store.createSession({
        title: e.title,
        modelId: e.model,
        backend: ports.backend.name,
        ...(e.sessionSettings !== undefined
          ? { settings: mergeSettings({}, e.sessionSettings) }
          : {}),
      });
      sessionId = s.id;
      created = { session: summary(s), settings: s.settings };
    }
    // After a round of tool calls the reply follows the last tool message: no user message.
    let userId = e.continuation === true ? e.parentStoreId : e.retryOfUser;
    if (userId === undefined && e.continuation !== true) {
      const last = e.messages.at(-1);
      const user = await store.appendMessage({
        sessionId,
        parentId: e.parentStoreId ?? null,
        role: 'user',
        content: typeof last?.content === 'string' ? last.content : '',
      });
      userId = user.id;
      items.push({ itemId: e.userItemId, storeId: user.id });
      const refs = newMessageMedia(e);
      if (refs.length > 0 && host.media !== undefined) {
        const saved = await saveSentMedia(store, host.media, sessionId, user.id, refs);
        host.dispatch({ type: 'attachmentsSaved', itemId: e.userItemId, refs: saved });
      }
      await addSiblings(sessionId, user.parentId);
    }
    recorder = await ports.startReply(store, {
      sessionId,
      parentId: userId ?? null,
      modelId: e.model,
    });
    items.push({ itemId: e.assistantItemId, storeId: recorder.message.id });
    if (e.retryOfUser !== undefined) await addSiblings(sessionId, userId ?? null);
  } catch (err) {
    failed = err;
  }
  if (created !== undefined || items.length > 0)
    host.dispatch({ type: 'turnSaved', ...(created !== undefined ? { created } : {}), items });
  if (failed !== undefined) {
    ports.logger.error('saving the exchange failed', { error: errText(failed) });
    host.dispatch({ type: 'notice', level: 'error', text: `Not saved: ${errText(failed)}` });
  }
  return recorder;
}
