// How `ask` keeps its exchange: the session and the prompt are saved before the
// request is sent, and the reply goes through the store's StreamWriter — the
// writer the TUI uses — so it is persisted as it grows (status `streaming`). A
// kill mid-reply therefore loses at most one batch: the next open of the store
// finds the row and marks it `interrupted` (services/store/recover.ts).
import type { Effective } from '../config/effective.js';
import type { ChatMessage } from '../domain/chat.js';
import type { Finalize, SessionStore } from '../domain/store.js';
import type { StreamDelta, StreamWriter } from '../services/store/stream-writer.js';

export interface AskRecord {
  push(delta: StreamDelta): void;
  /** Writes the final status and metrics, then closes the store. Never throws. */
  finish(result: Finalize): Promise<void>;
}

/**
 * Opens the store and saves the session, `messages` and an empty `streaming`
 * reply. A store that cannot be used is reported through `warn` and gives
 * undefined: the reply is still worth showing.
 */
export async function startRecord(
  effective: Effective,
  model: string,
  messages: readonly ChatMessage[],
  warn: (message: string) => void,
): Promise<AskRecord | undefined> {
  let store: SessionStore | undefined;
  try {
    const { openStore, StreamWriter } = await import('../services/store/index.js');
    store = await openStore(effective.database);
    const last = messages.at(-1)?.content;
    const title = typeof last === 'string' ? last.replace(/\s+/g, ' ').trim().slice(0, 60) : 'ask';
    const session = await store.createSession({
      title,
      modelId: model,
      backend: effective.backendName,
      tags: ['ask'],
    });
    let parentId: string | null = null;
    for (const msg of messages) {
      const saved = await store.appendMessage({
        sessionId: session.id,
        parentId,
        role: msg.role === 'tool' ? 'tool' : msg.role,
        content: typeof msg.content === 'string' ? msg.content : '',
      });
      parentId = saved.id;
    }
    const writer = await StreamWriter.start(
      store,
      { sessionId: session.id, parentId, modelId: model },
      // A failed batch is retried by the next one and by finish().
      { onError: () => undefined },
    );
    return recordOf(store, writer, warn);
  } catch (err) {
    warn(`the exchange will not be saved: ${(err as Error).message}`);
    await store?.close().catch(() => undefined);
    return undefined;
  }
}

function recordOf(
  store: SessionStore,
  writer: StreamWriter,
  warn: (message: string) => void,
): AskRecord {
  return {
    push: (delta) => {
      writer.push(delta);
    },
    finish: async (result) => {
      try {
        await writer.finish(result);
      } catch (err) {
        // The reply was shown; a store problem must not turn it into a failure.
        warn(`the reply was not saved in full: ${(err as Error).message}`);
      } finally {
        await store.close().catch(() => undefined);
      }
    },
  };
}
