// The chat pane's message effects: copying (clipboard tool and OSC 52),
// saving an edited message as a new version, showing another branch of the
// message tree and forking at a message. Sending is a turn of its own
// (chat-turn.ts).
import type { Action, Effect } from '../app/index.js';
import { newestLeaf, threadItems } from '../app/index.js';
import type { SessionStore } from '../domain/store.js';
import { choose, chosenLeaf, savedChoices, threadKey } from './thread-choice.js';
import { Clipboard } from './clipboard.js';
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

/** What the chat's effects need of the runtime (a part of effects.ts's EffectHost). */
export interface ChatEffectsHost {
  dispatch(a: Action): void;
  /** Writes OSC 52 (the clipboard of the user's terminal); false when it could not. */
  clipboard?(text: string): boolean;
  /**
   * The screen is on another machine (the web host's browser tab): OSC 52 is
   * the only way to the user's clipboard, and it is known to arrive; a
   * clipboard tool here (xclip, wl-copy) would fill the server's clipboard.
   */
  readonly remoteScreen?: boolean;
}

export class ChatEffects {
  /** Made at the first copy: the host is known by then (runApp names it after construction). */
  private clipboardOf: Clipboard | undefined;

  constructor(
    private readonly ports: () => AppPorts,
    private readonly host: ChatEffectsHost,
  ) {}

  private get clipboard(): Clipboard {
    const remote = this.host.remoteScreen === true;
    this.clipboardOf ??= new Clipboard(
      (text) => this.host.clipboard?.(text) ?? false,
      remote ? () => undefined : undefined,
      remote ? true : undefined,
    );
    return this.clipboardOf;
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
        // The version chosen joins the session's other choices: the thread
        // below it goes through the versions chosen there before.
        const key = threadKey(e.sessionId);
        const before = savedChoices(await store.getSetting(key), all);
        const { choices, saved } = choose(before, all, e.storeId);
        const leaf = chosenLeaf(e.storeId, all, choices) ?? newestLeaf(e.storeId, all);
        const thread = await store.getThread(leaf);
        this.host.dispatch({
          type: 'branchOpened',
          sessionId: e.sessionId,
          items: threadItems(thread, all),
          selected: e.selected,
        });
        await store.setSetting(key, saved);
        return;
      }
      case 'forkAt': {
        if (store === undefined) return;
        const session = await store.forkSession(e.storeId, e.title);
        // Counted now, so the new row shows its messages at once, as a reload would.
        const count = (await store.countMessages([session.id]))[session.id] ?? 0;
        this.host.dispatch({
          type: 'sessionForked',
          session: summary(session, count),
          from: e.storeId,
        });
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
