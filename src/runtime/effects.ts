// Runs the app's effects through the ports and reports each result back as an
// action. Nothing here decides anything the app should; it only does I/O.
import {
  type Action,
  type Effect,
  type LayoutName,
  type SidebarTab,
  type ThemeName,
  threadItems,
} from '../app/index.js';
import type { JsonValue } from '../domain/session.js';
import { storedMetrics } from '../domain/telemetry.js';
import { ChatEffects, ReplyTracer, isChatEffect, reportSiblings } from './chat-effects.js';
import { ComposerEffects, isComposerEffect, mergeSettings } from './composer-effects.js';
import { ModelsRunner, isModelsEffect } from './models-effects.js';
import type { AppPorts, ReplyRecorder } from '../domain/ports.js';
import { SessionsEffects, isSessionsEffect, summary } from './sessions-effects.js';
import { TelemetryEffects, isTelemetryEffect } from './telemetry-effects.js';

type SendChat = Extract<Effect, { type: 'sendChat' }>;

export interface EffectHost {
  dispatch(a: Action): void;
  quit(): void;
  suspend(): void;
  /** Writes OSC 52 (the clipboard of the user's terminal); false when it could not. */
  clipboard?(text: string): boolean;
}

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
    ...(typeof all['chat.last_model'] === 'string' && all['chat.last_model'] !== ''
      ? { lastModel: all['chat.last_model'] }
      : {}),
  };
}

const errText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export class EffectRunner {
  private readonly streams = new Map<string, AbortController>();
  private readonly pending = new Set<Promise<void>>();
  /** Replies in flight: quitting waits for their final writes, nothing else. */
  private readonly replies = new Set<Promise<void>>();

  /** The sessions tab's effects (list, search, rename, tag, archive, delete, fork, export). */
  private readonly sessions: SessionsEffects;

  /** The chat pane's message effects (copy, edit, branches, fork at a message). */
  private readonly chat: ChatEffects;
  /** Chat settings, templates and slash commands. */
  private readonly composer: ComposerEffects;

  /** The models tab's effects; it may replace the backend (a launched server, an embedded model). */
  private readonly models: ModelsRunner;

  /** The metrics and logs tabs' effects: the telemetry poller, capabilities, the log feed. */
  private readonly telemetry: TelemetryEffects;

  constructor(
    // Not readonly: the models tab can switch the backend at run time.
    private ports: AppPorts,
    private readonly host: EffectHost,
  ) {
    this.sessions = new SessionsEffects(ports, host);
    this.chat = new ChatEffects(() => this.ports, host);
    this.composer = new ComposerEffects(
      () => this.ports,
      (a) => {
        host.dispatch(a);
      },
    );
    this.models = new ModelsRunner(
      ports.models,
      {
        dispatch: (a) => {
          host.dispatch(a);
        },
        backend: () => this.ports.backend,
        replaceBackend: (next) => {
          const old = this.ports.backend;
          this.ports = { ...this.ports, backend: next };
          // A reply still streaming from the old backend ends first.
          void Promise.allSettled([...this.replies])
            .then(() => old.close?.())
            .catch(() => undefined);
        },
      },
      ports.logger,
    );
    this.telemetry = new TelemetryEffects({
      dispatch: (a) => {
        host.dispatch(a);
      },
      backend: () => this.ports.backend,
      ...(ports.telemetry !== undefined ? { poller: ports.telemetry } : {}),
      ...(ports.logFeed !== undefined ? { logFeed: ports.logFeed } : {}),
    });
  }

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
    this.telemetry.stop();
    for (const ac of this.streams.values()) ac.abort();
    await Promise.race([
      Promise.allSettled([...this.replies]),
      new Promise((r) => setTimeout(r, timeoutMs).unref()),
    ]);
  }

  private async exec(e: Effect): Promise<void> {
    if (isModelsEffect(e)) {
      await this.models.exec(e);
      return;
    }
    if (isSessionsEffect(e)) {
      await this.sessions.exec(e);
      return;
    }
    if (isChatEffect(e)) {
      await this.chat.exec(e);
      return;
    }
    if (isComposerEffect(e)) {
      await this.composer.exec(e);
      return;
    }
    if (isTelemetryEffect(e)) {
      await this.telemetry.exec(e);
      return;
    }
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
      items: threadItems(thread, all),
    });
    this.host.dispatch({
      type: 'sessionSettingsLoaded',
      sessionId: id,
      settings: session.settings,
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
            ...(e.sessionSettings !== undefined
              ? { settings: mergeSettings({}, e.sessionSettings) }
              : {}),
          });
          sessionId = s.id;
          this.host.dispatch({ type: 'sessionCreated', session: summary(s) });
          this.host.dispatch({ type: 'sessionSettingsLoaded', sessionId, settings: s.settings });
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
          // An edited message is a new sibling of the one it replaces.
          await reportSiblings(store, sessionId, user.parentId, e.userItemId, (a) => {
            this.host.dispatch(a);
          });
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
        if (e.retryOfUser !== undefined)
          await reportSiblings(store, sessionId, userId, e.assistantItemId, (a) => {
            this.host.dispatch(a);
          });
      } catch (err) {
        logger.error('saving the exchange failed', { error: errText(err) });
        this.host.dispatch({ type: 'notice', level: 'error', text: `Not saved: ${errText(err)}` });
      }
    }
    const meter = this.ports.meter();
    // The chat's own sampling over the config's defaults.
    const sampling = { ...this.ports.sampling, ...e.sampling };
    const tracer = new ReplyTracer(e.model, e.messages, sampling);
    let status: 'complete' | 'cancelled' | 'error' = 'complete';
    let error: string | undefined;
    try {
      const events = backend.streamChat(
        {
          model: e.model,
          messages: e.messages,
          ...(Object.keys(sampling).length > 0 ? { sampling } : {}),
        },
        ac.signal,
      );
      for await (const ev of events) {
        meter.observe(ev);
        tracer.observe(ev);
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
      ...(m.promptTokens !== undefined ? { promptTokens: m.promptTokens } : {}),
      totalMs: m.totalMs,
    };
    this.host.dispatch({
      type: 'replyTraced',
      itemId: recorder?.message.id ?? e.assistantItemId,
      trace: tracer.trace(),
    });
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
