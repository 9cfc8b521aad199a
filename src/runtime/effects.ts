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
import { ChatEffects, isChatEffect } from './chat-effects.js';
import { chosenLeaf, savedChoices, threadKey } from './thread-choice.js';
import { ChatTurns } from './chat-turn.js';
import { AgentEffects, isAgentEffect } from './agent-effects.js';
import { ComposerEffects, isComposerEffect } from './composer-effects.js';
import { ModelsRunner, isModelsEffect } from './models-effects.js';
import type { AppPorts } from '../domain/ports.js';
import { SessionsEffects, isSessionsEffect, summary } from './sessions-effects.js';
import { TelemetryEffects, isTelemetryEffect } from './telemetry-effects.js';
import { AttachmentEffects, isMediaEffect } from './attachment-effects.js';

export interface EffectHost {
  dispatch(a: Action): void;
  quit(): void;
  suspend(): void;
  /** Writes OSC 52 (the clipboard of the user's terminal); false when it could not. */
  clipboard?(text: string): boolean;
  /** The screen is on another machine (a browser tab): only OSC 52 reaches the user's clipboard. */
  readonly remoteScreen?: boolean;
  /** Runs `flush` just before the next frame is drawn (a chat turn's batched events). */
  beforeFrame?(flush: () => void): void;
  /** Asks for a frame (a preview's bytes arrived). */
  requestFrame?(): void;
}

const LAYOUTS = new Set<string>(['single', 'dual', 'inspector']);
const THEMES = new Set<string>(['dark', 'light', 'high-contrast']);
const TABS = new Set<string>(['sessions', 'models', 'metrics', 'logs', 'tools']);

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
  /** Chat turns in flight: quitting waits for their final writes, nothing else. */
  private readonly turns: ChatTurns;

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

  /** Attachments: chips, previews' bytes, playing, generation (runtime/attachment-effects.ts). */
  readonly media: AttachmentEffects;
  /** Agent mode: MCP servers and tool calls. */
  readonly agent: AgentEffects;

  constructor(
    // Not readonly: the models tab can switch the backend at run time.
    private ports: AppPorts,
    private readonly host: EffectHost,
  ) {
    this.media = new AttachmentEffects(() => this.ports, {
      dispatch: (a) => {
        host.dispatch(a);
      },
      requestFrame: () => host.requestFrame?.(),
    });
    this.turns = new ChatTurns(() => this.ports, {
      dispatch: (a) => {
        host.dispatch(a);
      },
      ...(host.beforeFrame !== undefined
        ? {
            beforeFrame: (flush: () => void) => {
              host.beforeFrame?.(flush);
            },
          }
        : {}),
      media: this.media,
    });
    this.agent = new AgentEffects(
      () => this.ports,
      (a) => {
        host.dispatch(a);
      },
    );
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
          void this.turns
            .ended()
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
    void this.exec(e).catch((err: unknown) => {
      this.ports.logger.error('effect failed', { effect: e.type, error: errText(err) });
      this.host.dispatch({ type: 'notice', level: 'error', text: errText(err) });
    });
  }

  /** Stops every reply and waits (bounded) for their final writes. */
  async settle(timeoutMs = 3000): Promise<void> {
    this.telemetry.stop();
    this.turns.cancelAll();
    await Promise.race([
      Promise.all([this.turns.ended(), this.agent.settle()]),
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
    if (isAgentEffect(e)) {
      await this.agent.exec(e);
      return;
    }
    if (isTelemetryEffect(e)) {
      await this.telemetry.exec(e);
      return;
    }
    if (isMediaEffect(e)) {
      await this.media.exec(e);
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
        await this.openSession(e.sessionId, e.messageId);
        return;
      case 'sendChat':
        await this.turns.run(e);
        return;
      case 'cancelChat':
        // An image or speech generation runs under a chat request id too.
        if (!this.media.cancel(e.requestId)) this.turns.cancel(e.requestId);
        return;
      case 'saveSetting':
        await store?.setSetting(e.key, e.value);
        return;
    }
  }

  /**
   * Opens a session on one thread of its tree: through `messageId` (a search
   * hit, so the version that holds it is shown), and elsewhere through the
   * versions last chosen in it (thread-choice.ts), else the newest ones.
   */
  async openSession(id: string, messageId?: string): Promise<void> {
    const store = this.ports.store;
    if (store === undefined) return;
    const session = await store.getSession(id);
    if (session === undefined) return;
    const all = await store.listMessages(id);
    const hit = all.some((x) => x.id === messageId) ? messageId : undefined;
    const choices = savedChoices(await store.getSetting(threadKey(id)), all);
    const leaf = chosenLeaf(hit, all, choices);
    const thread = leaf === undefined ? [] : await store.getThread(leaf);
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
}
