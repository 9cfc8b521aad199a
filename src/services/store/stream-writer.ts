// Persists a reply while it streams: deltas accumulate in memory and are
// written as the whole text so far, at most every `intervalMs` or every
// `maxTokens` deltas, whichever comes first, each write one short transaction.
// What a crash can lose is bounded by one batch; what was written survives.
import type { ReplyRecorder } from '../../domain/ports.js';
import type { Message, MessageRole } from '../../domain/session.js';
import type { Finalize, SessionStore } from '../../domain/store.js';

export interface StreamWriterOptions {
  readonly intervalMs?: number;
  readonly maxTokens?: number;
  /** A background write failed; the next flush or finish retries it. */
  readonly onError?: (err: unknown) => void;
  /** A batch was committed; `length` is the length of the text it holds. */
  readonly onFlushed?: (batch: { readonly flushes: number; readonly length: number }) => void;
}

export interface StreamDelta {
  readonly content?: string;
  readonly reasoning?: string;
  /** Tokens this delta carries (default 1). */
  readonly tokens?: number;
}

export class StreamWriter implements ReplyRecorder {
  readonly message: Message;
  private readonly store: SessionStore;
  private readonly intervalMs: number;
  private readonly maxTokens: number;
  private readonly onError: (err: unknown) => void;
  private readonly onFlushed: NonNullable<StreamWriterOptions['onFlushed']>;
  private content: string;
  private reasoning: string | null;
  private tokens = 0;
  private unflushedTokens = 0;
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private finished = false;
  /** Batches written so far. */
  flushes = 0;

  private constructor(store: SessionStore, message: Message, options: StreamWriterOptions) {
    this.store = store;
    this.message = message;
    this.content = message.content;
    this.reasoning = message.reasoning;
    this.intervalMs = options.intervalMs ?? 250;
    this.maxTokens = options.maxTokens ?? 64;
    this.onError = options.onError ?? (() => undefined);
    this.onFlushed = options.onFlushed ?? (() => undefined);
  }

  /** Appends a `streaming` message and returns a writer for it. */
  static async start(
    store: SessionStore,
    input: {
      readonly sessionId: string;
      readonly parentId?: string | null;
      readonly role?: MessageRole;
      readonly modelId?: string | null;
    },
    options: StreamWriterOptions = {},
  ): Promise<StreamWriter> {
    const message = await store.appendMessage({
      sessionId: input.sessionId,
      parentId: input.parentId ?? null,
      role: input.role ?? 'assistant',
      modelId: input.modelId ?? null,
      status: 'streaming',
    });
    return new StreamWriter(store, message, options);
  }

  get text(): string {
    return this.content;
  }

  push(delta: StreamDelta): void {
    if (this.finished) throw new Error('StreamWriter.push after finish');
    if (delta.content !== undefined) this.content += delta.content;
    if (delta.reasoning !== undefined) this.reasoning = (this.reasoning ?? '') + delta.reasoning;
    const n = delta.tokens ?? 1;
    this.tokens += n;
    this.unflushedTokens += n;
    this.dirty = true;
    if (this.unflushedTokens >= this.maxTokens) {
      void this.flush().catch(this.onError);
    } else {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        void this.flush().catch(this.onError);
      }, this.intervalMs);
    }
  }

  /** Writes what has arrived since the last write; resolves when it is committed. */
  flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const next = this.writing
      .catch(() => undefined)
      .then(async () => {
        if (!this.dirty) return;
        this.dirty = false;
        this.unflushedTokens = 0;
        const content = this.content;
        try {
          await this.store.updateStreaming(this.message.id, {
            content,
            reasoning: this.reasoning,
            completionTokens: this.tokens,
          });
          this.flushes += 1;
          this.onFlushed({ flushes: this.flushes, length: content.length });
        } catch (err) {
          this.dirty = true;
          throw err;
        }
      });
    this.writing = next;
    return next;
  }

  /** Ends the stream with its final status and metrics. */
  async finish(result: Finalize): Promise<Message> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.finished = true;
    await this.writing.catch(() => undefined);
    return this.store.finalizeMessage(this.message.id, {
      content: this.content,
      reasoning: this.reasoning,
      completionTokens: this.tokens,
      ...result,
    });
  }
}
