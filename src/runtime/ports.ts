// What the runtime needs from the outside world, handed in by main.ts: the
// chat backend, the session store (optional: the app runs without one), a
// reply recorder over the store's streaming writes, a reply meter, a logger.
import { type ChatBackend } from '../domain/backend.js';
import { type ChatEvent, type SamplingSettings } from '../domain/chat.js';
import { type Logger } from '../domain/log.js';
import { type Message } from '../domain/session.js';
import { type Finalize, type SessionStore } from '../domain/store.js';
import { type ReplyMetrics } from '../domain/telemetry.js';

/** A reply being written to the store as it streams (services/store StreamWriter). */
export interface ReplyRecorder {
  readonly message: Message;
  push(delta: { readonly content?: string; readonly reasoning?: string }): void;
  finish(result: Finalize): Promise<Message>;
}

export interface ReplyMeterPort {
  observe(ev: ChatEvent): void;
  finish(): ReplyMetrics;
}

export interface AppPorts {
  readonly backend: ChatBackend;
  readonly store?: SessionStore;
  startReply(
    store: SessionStore,
    input: {
      readonly sessionId: string;
      readonly parentId: string | null;
      readonly modelId: string;
    },
  ): Promise<ReplyRecorder>;
  meter(): ReplyMeterPort;
  readonly logger: Logger;
  readonly sampling?: SamplingSettings;
}
