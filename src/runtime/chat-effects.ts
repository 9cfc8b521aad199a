// The chat pane's message effects: copying (clipboard tool and OSC 52),
// saving an edited message as a new version, showing another branch of the message tree and
// forking at a message; and what the inspector shows of each reply (the
// request sent and the events received, kept in memory only).
import type { Action, Effect, ReplyTrace, TracedEvent } from '../app/index.js';
import { newestLeaf, threadItems } from '../app/index.js';
import type { ChatEvent, ChatMessage, SamplingSettings } from '../domain/chat.js';
import type { SessionStore } from '../domain/store.js';
import { Clipboard } from './clipboard.js';
import type { EffectHost } from './effects.js';
import type { AppPorts } from '../domain/ports.js';
import { summary } from './sessions-effects.js';

export type ChatEffect = Extract<Effect, { type: 'copy' | 'newVersion' | 'openBranch' | 'forkAt' }>;

const CHAT_EFFECTS: ReadonlySet<Effect['type']> = new Set([
  'copy',
  'newVersion',
  'openBranch',
  'forkAt',
]);

export function isChatEffect(e: Effect): e is ChatEffect {
  return CHAT_EFFECTS.has(e.type);
}

export class ChatEffects {
  private readonly clipboard: Clipboard;

  constructor(
    private readonly ports: () => AppPorts,
    private readonly host: EffectHost,
  ) {
    this.clipboard = new Clipboard((text) => host.clipboard?.(text) ?? false);
  }

  async exec(e: ChatEffect): Promise<void> {
    const store = this.ports().store;
    switch (e.type) {
      case 'copy': {
        const r = await this.clipboard.copy(e.text, e.what);
        this.host.dispatch({ type: 'notice', level: r.level, text: r.text });
        return;
      }
      case 'newVersion': {
        if (store === undefined) return;
        const old = await store.getMessage(e.storeId);
        if (old === undefined) {
          const text = 'The edited message is no longer in the database: the edit was not saved';
          this.host.dispatch({ type: 'notice', level: 'error', text });
          return;
        }
        // A sibling of the old message: the switcher ("‹ 1/2 ›") goes back to it.
        const m = await store.appendMessage({
          sessionId: old.sessionId,
          parentId: old.parentId,
          role: old.role,
          content: e.content,
          reasoning: old.reasoning,
          name: old.name,
          modelId: old.modelId,
        });
        this.host.dispatch({ type: 'itemSaved', itemId: e.itemId, storeId: m.id });
        await reportSiblings(store, old.sessionId, old.parentId, e.itemId, (a) => {
          this.host.dispatch(a);
        });
        return;
      }
      case 'openBranch': {
        if (store === undefined) return;
        const all = await store.listMessages(e.sessionId);
        const thread = await store.getThread(newestLeaf(e.storeId, all));
        this.host.dispatch({
          type: 'branchOpened',
          sessionId: e.sessionId,
          items: threadItems(thread, all),
          selected: e.selected,
        });
        return;
      }
      case 'forkAt': {
        if (store === undefined) return;
        const session = await store.forkSession(e.storeId, e.title);
        this.host.dispatch({ type: 'sessionForked', session: summary(session), from: e.storeId });
        return;
      }
    }
  }
}

/** Tells the app a saved message's siblings once there are several (a retry or an edit). */
export async function reportSiblings(
  store: SessionStore,
  sessionId: string,
  parentId: string | null,
  itemId: string,
  dispatch: (a: Action) => void,
): Promise<void> {
  const sibs = await store.listChildren(sessionId, parentId);
  if (sibs.length > 1) dispatch({ type: 'siblingsLoaded', itemId, ids: sibs.map((m) => m.id) });
}

/** Events kept from the start and from the end of a reply. */
const KEEP = 20;
/** Characters of an event's payload kept. */
const TEXT = 120;

function short(ev: ChatEvent): string {
  switch (ev.type) {
    case 'content':
    case 'reasoning':
      return JSON.stringify(ev.text);
    case 'toolCall':
      return JSON.stringify(ev.call);
    case 'toolActivity':
      return `${ev.phase} ${ev.name ?? ''}`.trim();
    case 'webSearch':
      return ev.phase;
    case 'loading':
      return ev.message;
    case 'usage':
      return JSON.stringify(ev.usage);
    case 'finish':
      return ev.reason;
    case 'error':
      return `${ev.error.code}: ${ev.error.message}`;
  }
}

/** Records one reply's request and events for the inspector. */
export class ReplyTracer {
  private readonly started = Date.now();
  private readonly first: TracedEvent[] = [];
  private last: TracedEvent[] = [];
  private readonly counts: Record<string, number> = {};
  private total = 0;

  constructor(
    private readonly model: string,
    private readonly messages: readonly ChatMessage[],
    private readonly sampling: SamplingSettings | undefined,
    private readonly sentAt: string = new Date().toISOString(),
  ) {}

  observe(ev: ChatEvent): void {
    this.total++;
    this.counts[ev.type] = (this.counts[ev.type] ?? 0) + 1;
    const t = short(ev);
    const rec: TracedEvent = {
      ms: Date.now() - this.started,
      type: ev.type,
      text: t.length > TEXT ? `${t.slice(0, TEXT - 1)}…` : t,
    };
    if (this.first.length < KEEP) this.first.push(rec);
    else {
      this.last.push(rec);
      if (this.last.length > KEEP * 2) this.last = this.last.slice(-KEEP);
    }
  }

  trace(): ReplyTrace {
    return {
      model: this.model,
      messages: this.messages.map((m) => ({
        role: m.role,
        content: typeof m.content === 'string' ? m.content : JSON.stringify(m.content),
      })),
      ...(this.sampling !== undefined ? { sampling: { ...this.sampling } } : {}),
      sentAt: this.sentAt,
      first: [...this.first],
      last: this.last.slice(-KEEP),
      counts: { ...this.counts },
      total: this.total,
    };
  }
}
