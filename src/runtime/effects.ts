// Runs the app's effects through the ports and reports each result back as an
// action. Nothing here decides anything the app should; it only does I/O.
import {
  type Action,
  type Effect,
  type LayoutName,
  type SessionSummary,
  type SidebarTab,
  type ThemeName,
  itemFromMessage,
} from '../app/index.js';
import { type JsonValue, type Session } from '../domain/session.js';
import { storedMetrics } from '../domain/telemetry.js';
import { type AppPorts, type ReplyRecorder } from './ports.js';

type SendChat = Extract<Effect, { type: 'sendChat' }>;

export interface EffectHost {
  dispatch(a: Action): void;
  quit(): void;
  suspend(): void;
}

const summary = (s: Session): SessionSummary => ({
  id: s.id,
  title: s.title,
  modelId: s.modelId,
  updatedAt: s.updatedAt,
});

const LAYOUTS = new Set<string>(['single', 'dual', 'inspector']);
const THEMES = new Set<string>(['dark', 'light', 'high-contrast']);
const TABS = new Set<string>(['sessions', 'models', 'metrics', 'logs']);

/** The remembered UI settings; anything unknown or malformed is ignored. */
export function settingsFrom(
  all: Readonly<Record<string, JsonValue>>,
): Omit<Extract<Action, { type: 'settingsLoaded' }>, 'type'> {
  const str = (k: string, ok: Set<string>) => {
    const v = all[k];
    return typeof v === 'string' && ok.has(v) ? v : undefined;
  };
  const layout = str('ui.layout', LAYOUTS) as LayoutName | undefined;
  const theme = str('ui.theme', THEMES) as ThemeName | undefined;
  const tab = str('ui.sidebar_tab', TABS) as SidebarTab | undefined;
  const width = Number(all['ui.sidebar_width']);
  return {
    ...(layout !== undefined ? { layout } : {}),
    ...(theme !== undefined ? { theme } : {}),
    ...(tab !== undefined ? { sidebarTab: tab } : {}),
    ...(Number.isInteger(width) && width >= 20 && width <= 400 ? { sidebarWidth: width } : {}),
  };
}

const errText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export class EffectRunner {
  private readonly streams = new Map<string, AbortController>();
  private readonly pending = new Set<Promise<void>>();
  /** Replies in flight: quitting waits for their final writes, nothing else. */
  private readonly replies = new Set<Promise<void>>();

  constructor(
    private readonly ports: AppPorts,
    private readonly host: EffectHost,
  ) {}

  run(e: Effect): void {
    const p = this.exec(e).catch((err: unknown) => {
      this.ports.logger.error('effect failed', { effect: e.type, error: errText(err) });
      this.host.dispatch({ type: 'notice', level: 'error', text: errText(err) });
    });
    this.pending.add(p);
    if (e.type === 'sendChat') this.replies.add(p);
    void p.finally(() => {
      this.pending.delete(p);
      this.replies.delete(p);
    });
  }

  /** Stops every reply and waits (bounded) for their final writes. */
  async settle(timeoutMs = 3000): Promise<void> {
    for (const ac of this.streams.values()) ac.abort();
    await Promise.race([
      Promise.allSettled([...this.replies]),
      new Promise((r) => setTimeout(r, timeoutMs).unref()),
    ]);
  }

  private async exec(e: Effect): Promise<void> {
    const { store, backend } = this.ports;
    switch (e.type) {
      case 'quit':
        await this.settle();
        this.host.quit();
        return;
      case 'suspend':
        this.host.suspend();
        return;
      case 'checkHealth': {
        const h = await backend.health();
        this.host.dispatch({
          type: 'health',
          ok: h.ok,
          ...(h.message !== undefined ? { message: h.message } : {}),
        });
        return;
      }
      case 'loadSessions': {
        if (store === undefined) {
          this.host.dispatch({
            type: 'sessionsLoaded',
            items: [],
            problem: 'No session store: chats are not saved.',
          });
          return;
        }
        const page = await store.listSessions({ limit: 200, sort: 'updated', order: 'desc' });
        this.host.dispatch({ type: 'sessionsLoaded', items: page.items.map(summary) });
        return;
      }
      case 'loadSettings': {
        if (store === undefined) return;
        this.host.dispatch({ type: 'settingsLoaded', ...settingsFrom(await store.listSettings()) });
        return;
      }
      case 'openSession':
        await this.openSession(e.sessionId);
        return;
      case 'sendChat':
        await this.send(e);
        return;
      case 'cancelChat':
        this.streams.get(e.requestId)?.abort();
        return;
      case 'saveSetting':
        await store?.setSetting(e.key, e.value);
        return;
    }
  }

  async openSession(id: string): Promise<void> {
    const store = this.ports.store;
    if (store === undefined) return;
    const session = await store.getSession(id);
    if (session === undefined) return;
    const all = await store.listMessages(id);
    const leaf = all.at(-1);
    const thread = leaf === undefined ? [] : await store.getThread(leaf.id);
    this.host.dispatch({
      type: 'sessionOpened',
      session: summary(session),
      items: thread.map(itemFromMessage),
    });
  }

  /** Persists what it can (a store problem never stops the reply) and streams the reply. */
  private async send(e: SendChat): Promise<void> {
    const { store, backend, logger } = this.ports;
    const ac = new AbortController();
    this.streams.set(e.requestId, ac);
    let recorder: ReplyRecorder | undefined;
    if (store !== undefined) {
      try {
        let sessionId = e.sessionId;
        if (sessionId === undefined) {
          const s = await store.createSession({
            title: e.title,
            modelId: e.model,
            backend: backend.name,
          });
          sessionId = s.id;
          this.host.dispatch({ type: 'sessionCreated', session: summary(s) });
        }
        let userId = e.retryOfUser;
        if (userId === undefined) {
          const last = e.messages.at(-1);
          const user = await store.appendMessage({
            sessionId,
            parentId: e.parentStoreId ?? null,
            role: 'user',
            content: typeof last?.content === 'string' ? last.content : '',
          });
          userId = user.id;
          this.host.dispatch({ type: 'itemSaved', itemId: e.userItemId, storeId: user.id });
        }
        recorder = await this.ports.startReply(store, {
          sessionId,
          parentId: userId,
          modelId: e.model,
        });
        this.host.dispatch({
          type: 'itemSaved',
          itemId: e.assistantItemId,
          storeId: recorder.message.id,
        });
      } catch (err) {
        logger.error('saving the exchange failed', { error: errText(err) });
        this.host.dispatch({ type: 'notice', level: 'error', text: `Not saved: ${errText(err)}` });
      }
    }
    const meter = this.ports.meter();
    let status: 'complete' | 'cancelled' | 'error' = 'complete';
    let error: string | undefined;
    try {
      const events = backend.streamChat(
        {
          model: e.model,
          messages: e.messages,
          ...(this.ports.sampling ? { sampling: this.ports.sampling } : {}),
        },
        ac.signal,
      );
      for await (const ev of events) {
        meter.observe(ev);
        if (ev.type === 'content') recorder?.push({ content: ev.text });
        else if (ev.type === 'reasoning') recorder?.push({ reasoning: ev.text });
        else if (ev.type === 'finish' && ev.reason === 'cancelled') status = 'cancelled';
        else if (ev.type === 'error') {
          status = 'error';
          error = ev.error.message;
          logger.warn('reply failed', { code: ev.error.code, message: ev.error.message });
        }
        this.host.dispatch({ type: 'chatEvent', requestId: e.requestId, event: ev });
      }
    } catch (err) {
      status = 'error';
      error = errText(err);
      this.host.dispatch({
        type: 'chatEvent',
        requestId: e.requestId,
        event: { type: 'error', error: { code: 'server', message: error } },
      });
    } finally {
      this.streams.delete(e.requestId);
    }
    const m = meter.finish();
    const figures = {
      ...(m.ttftMs !== undefined ? { ttftMs: m.ttftMs } : {}),
      ...(m.decodeTokPerSec !== undefined ? { tokensPerSec: m.decodeTokPerSec } : {}),
      completionTokens: m.completionTokens,
    };
    if (recorder !== undefined) {
      try {
        await recorder.finish({
          status,
          ...(error !== undefined ? { error } : {}),
          ...storedMetrics(m),
        });
      } catch (err) {
        logger.error('saving the reply failed', { error: errText(err) });
      }
    }
    this.host.dispatch({ type: 'streamEnded', requestId: e.requestId, figures });
  }
}
