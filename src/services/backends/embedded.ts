// The `embedded` backend: a GGUF model run in-process by node-llama-cpp. That
// package is optional (about 85 MB for the CPU build, 725 MB with the CUDA and
// Vulkan binaries npm adds by default), so it is loaded with import() only
// when the backend first runs, from the project's node_modules or from the
// cache folder that scripts/install-embedded.sh fills.
//
// The engine runs on a worker thread (embedded-worker.ts, embedded-engine.ts):
// importing the package, loading its native binding and a model, and
// resolving the model's chat template block for seconds, much of it
// synchronously, and on the UI's thread that froze typing for 1-2 s. Here is
// the ChatBackend that talks to it: it queues requests one at a time, as the
// one context sequence needs, and knows which model is loaded.
import { existsSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import {
  BackendError,
  type BackendCapabilities,
  type BackendModel,
  type ChatBackend,
  type HealthReport,
  type ModelStatusReport,
} from '../../domain/backend.js';
import type { ChatEvent, ChatMessage, ChatRequest } from '../../domain/chat.js';
import { silentLogger, type Logger } from '../../domain/log.js';
import type { EngineOptions, EngineRequest, LoadReport } from './embedded-engine.js';
import { mediaParts } from './media-errors.js';

export {
  EMBEDDED_INSTALL_HINT,
  defaultThreads,
  embeddedDir,
  loadLlamaModule,
} from './embedded-engine.js';

/** A request to the worker. */
export type WorkerCall =
  | { readonly id: number; readonly op: 'health' | 'unload' | 'close' }
  | { readonly id: number; readonly op: 'load'; readonly file: string }
  | { readonly id: number; readonly op: 'prompt'; readonly request: EngineRequest }
  | { readonly id: number; readonly op: 'cancel'; readonly of: number };

/** The worker's answer to a call: done (with a value), failed, or one event of a reply. */
export type WorkerReply =
  | { readonly id: number; readonly type: 'done'; readonly value: unknown }
  | {
      readonly id: number;
      readonly type: 'error';
      readonly code: 'unsupported' | 'http' | 'server';
      readonly message: string;
    }
  | { readonly id: number; readonly type: 'event'; readonly event: ChatEvent };

export interface EmbeddedOptions {
  readonly name: string;
  /** GGUF file used for model "default". */
  readonly modelPath?: string;
  /**
   * 0: one thread per core but one, left to the event loop (defaultThreads).
   * Always set explicitly: the library's default was ~80x slower here.
   */
  readonly threads: number;
  /** 0: the model's training context, capped at 8192. */
  readonly contextSize: number;
  readonly logger?: Logger;
  readonly moduleDir?: string;
}

/**
 * node-llama-cpp here runs text models only: a message with images or audio
 * is refused with words that say so, instead of the parts being dropped.
 */
function mediaRefused(request: ChatRequest): ChatEvent | undefined {
  const { images, audio } = mediaParts(request);
  if (images + audio === 0) return undefined;
  const what = [images > 0 ? 'images' : '', audio > 0 ? 'audio' : ''].filter((w) => w !== '');
  return {
    type: 'error',
    error: {
      code: 'incompatible',
      message:
        `the embedded engine (node-llama-cpp) takes text only: it cannot read the ${what.join(' or ')} attached — ` +
        'send the message without attachments, or use a mistral.rs server with a vision or audio model',
    },
  };
}

function oneEvent(ev: ChatEvent): AsyncIterable<ChatEvent> {
  return {
    [Symbol.asyncIterator]: () => {
      let done = false;
      return {
        next: () => {
          const result: IteratorResult<ChatEvent> = done
            ? { done: true, value: undefined }
            : { done: false, value: ev };
          done = true;
          return Promise.resolve(result);
        },
      };
    },
  };
}

function textOf(m: ChatMessage): string {
  if (typeof m.content === 'string') return m.content;
  return m.content.map((p) => (p.type === 'text' ? p.text : '')).join('');
}

/** The worker's file next to this one: .js from dist/, .ts when tests run the sources. */
function workerUrl(): URL {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./embedded-worker${ext}`, import.meta.url);
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
  onEvent?: (ev: ChatEvent) => void;
}

export class EmbeddedBackend implements ChatBackend {
  readonly name: string;
  readonly kind = 'embedded' as const;
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** The GGUF file the worker has loaded. */
  private loadedPath: string | undefined;
  /** The worker's thread id once it answered (0 would be the main thread). */
  private engineThread: number | undefined;
  /** The engine's nice value once it answered (lowerEnginePriority); null: left as the UI's. */
  private enginePriority: number | null | undefined;
  /** Requests run one at a time on the one context sequence. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly log: Logger;

  constructor(private readonly opts: EmbeddedOptions) {
    this.name = opts.name;
    this.log = (opts.logger ?? silentLogger).child({ backend: opts.name, kind: 'embedded' });
  }

  /** The thread the engine runs on, once it has run: never the UI's (0). For tests. */
  get engineThreadId(): number | undefined {
    return this.engineThread;
  }

  /** The engine's nice value, once it has run; null where it is the UI's (not Linux). For tests. */
  get engineNice(): number | null | undefined {
    return this.enginePriority;
  }

  private thread(): Worker {
    if (this.worker !== undefined) return this.worker;
    const data: EngineOptions = {
      threads: this.opts.threads,
      contextSize: this.opts.contextSize,
      ...(this.opts.moduleDir !== undefined ? { moduleDir: this.opts.moduleDir } : {}),
    };
    const { Worker } = process.getBuiltinModule('node:worker_threads');
    const w = new Worker(workerUrl(), { workerData: data });
    // The app quits without waiting for it; close() stops it when asked.
    w.unref();
    w.on('message', (r: WorkerReply) => {
      this.onReply(r);
    });
    const gone = (err: Error): void => {
      if (this.worker !== w) return;
      this.worker = undefined;
      this.loadedPath = undefined;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    w.on('error', (err: unknown) => {
      const why = err instanceof Error ? err.message : String(err);
      this.log.error('embedded engine failed', { error: why });
      gone(new BackendError({ code: 'server', message: `the embedded engine failed: ${why}` }));
    });
    w.on('exit', (code) => {
      gone(
        new BackendError({ code: 'server', message: `the embedded engine stopped (exit ${code})` }),
      );
    });
    this.worker = w;
    return w;
  }

  private onReply(r: WorkerReply): void {
    const p = this.pending.get(r.id);
    if (p === undefined) return;
    if (r.type === 'event') {
      p.onEvent?.(r.event);
      return;
    }
    this.pending.delete(r.id);
    if (r.type === 'done') p.resolve(r.value);
    else p.reject(new BackendError({ code: r.code, message: r.message }));
  }

  /** Sends a call to the worker; resolves with its value. `started` gets the call's id. */
  private call(
    c:
      | Omit<Extract<WorkerCall, { op: 'health' | 'unload' | 'close' }>, 'id'>
      | Omit<Extract<WorkerCall, { op: 'load' }>, 'id'>
      | Omit<Extract<WorkerCall, { op: 'prompt' }>, 'id'>,
    onEvent?: (ev: ChatEvent) => void,
    started?: (id: number) => void,
  ): Promise<unknown> {
    const w = this.thread();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, ...(onEvent !== undefined ? { onEvent } : {}) });
      w.postMessage({ ...c, id });
      started?.(id);
    });
  }

  private resolvePath(model: string): string {
    const p = model === 'default' || model === '' ? this.opts.modelPath : model;
    if (p === undefined) {
      throw new BackendError({
        code: 'unsupported',
        message: `backend "${this.name}" has no model: set model to a GGUF file path`,
      });
    }
    if (!existsSync(p)) throw new BackendError({ code: 'http', message: `no GGUF file at ${p}` });
    return p;
  }

  private async ensure(model: string): Promise<void> {
    const file = this.resolvePath(model);
    if (this.loadedPath === file) return;
    this.loadedPath = undefined; // the worker frees the old model first
    const report = (await this.call({ op: 'load', file })) as LoadReport | null;
    this.loadedPath = file;
    if (report !== null) this.log.info('model loaded', { ...report, thread: 'worker' });
  }

  capabilities(): Promise<BackendCapabilities> {
    return Promise.resolve({
      modelManagement: true,
      metrics: false,
      systemInfo: false,
      visionInput: false,
      audioInput: false,
      imageGeneration: false,
      speechGeneration: false,
      toolCalling: false,
      webSearch: false,
    });
  }

  async health(): Promise<HealthReport> {
    const started = performance.now();
    try {
      const v = (await this.call({ op: 'health' })) as { threadId: number; nice: number | null };
      if (this.engineThread !== v.threadId)
        this.log.info('embedded engine started', { threadId: v.threadId, nice: v.nice });
      this.engineThread = v.threadId;
      this.enginePriority = v.nice;
      return { ok: true, ms: Math.round(performance.now() - started) };
    } catch (err) {
      return {
        ok: false,
        ms: Math.round(performance.now() - started),
        message: (err as Error).message,
      };
    }
  }

  listModels(): Promise<readonly BackendModel[]> {
    const out: BackendModel[] = [];
    if (this.opts.modelPath !== undefined) {
      out.push({
        id: this.opts.modelPath,
        status: this.loadedPath === this.opts.modelPath ? 'loaded' : 'unloaded',
      });
    }
    if (this.loadedPath !== undefined && this.loadedPath !== this.opts.modelPath) {
      out.push({ id: this.loadedPath, status: 'loaded' });
    }
    return Promise.resolve(out);
  }

  private status(modelId: string): ModelStatusReport {
    let file: string;
    try {
      file = this.resolvePath(modelId);
    } catch {
      return { modelId, status: 'not_found' };
    }
    return { modelId, status: this.loadedPath === file ? 'loaded' : 'unloaded' };
  }

  modelStatus(modelId: string): Promise<ModelStatusReport> {
    return Promise.resolve(this.status(modelId));
  }

  async loadModel(modelId: string): Promise<ModelStatusReport> {
    await this.serial(() => this.ensure(modelId));
    return this.status(modelId);
  }

  reloadModel(modelId: string): Promise<ModelStatusReport> {
    return this.loadModel(modelId);
  }

  async unloadModel(modelId: string): Promise<ModelStatusReport> {
    await this.serial(async () => {
      if (this.status(modelId).status === 'loaded') {
        await this.call({ op: 'unload' });
        this.loadedPath = undefined;
      }
    });
    return this.status(modelId);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  streamChat(request: ChatRequest, signal?: AbortSignal): AsyncIterable<ChatEvent> {
    const refused = mediaRefused(request);
    // Refused before the model is loaded or the queue is joined: nothing to undo.
    if (refused !== undefined) return oneEvent(refused);
    return this.stream(request, signal);
  }

  private async *stream(request: ChatRequest, signal?: AbortSignal): AsyncGenerator<ChatEvent> {
    const pending: ChatEvent[] = [];
    let wake: (() => void) | undefined;
    const push = (ev: ChatEvent): void => {
      pending.push(ev);
      wake?.();
    };
    const state = { finished: false };
    const aborted = (): boolean => signal?.aborted === true;
    const run = this.serial(async () => {
      try {
        if (this.loadedPath === undefined)
          push({ type: 'loading', message: 'loading the model into memory' });
        await this.ensure(request.model);
      } catch (err) {
        push({
          type: 'error',
          error:
            err instanceof BackendError
              ? { code: err.code, message: err.message }
              : { code: 'server', message: (err as Error).message },
        });
        return;
      }
      if (aborted()) {
        push({ type: 'finish', reason: 'cancelled' });
        return;
      }
      const engineRequest: EngineRequest = {
        messages: request.messages.map((m) => ({ role: m.role, text: textOf(m) })),
        sampling: request.sampling ?? {},
      };
      let callId: number | undefined;
      const cancel = (): void => {
        if (callId !== undefined) this.worker?.postMessage({ op: 'cancel', of: callId, id: 0 });
      };
      signal?.addEventListener('abort', cancel, { once: true });
      try {
        await this.call({ op: 'prompt', request: engineRequest }, push, (id) => {
          callId = id;
          if (aborted()) cancel();
        });
      } catch (err) {
        push(
          aborted()
            ? { type: 'finish', reason: 'cancelled' }
            : { type: 'error', error: { code: 'server', message: (err as Error).message } },
        );
      } finally {
        signal?.removeEventListener('abort', cancel);
      }
    }).finally(() => {
      state.finished = true;
      wake?.();
    });
    for (;;) {
      const ev = pending.shift();
      if (ev !== undefined) {
        yield ev;
        continue;
      }
      if (state.finished) break;
      await new Promise<void>((r) => {
        wake = r;
      });
      wake = undefined;
    }
    await run;
  }

  async close(): Promise<void> {
    const w = this.worker;
    if (w === undefined) return;
    await this.serial(() => this.call({ op: 'close' })).catch(() => undefined);
    this.loadedPath = undefined;
    this.worker = undefined;
    await w.terminate();
  }
}
