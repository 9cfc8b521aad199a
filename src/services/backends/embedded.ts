// The `embedded` backend: a GGUF model run in-process by node-llama-cpp. That
// package is optional (about 85 MB for the CPU build, 725 MB with the CUDA and
// Vulkan binaries npm adds by default), so it is loaded with import() only
// here, from the project's node_modules or from the cache folder that
// scripts/install-embedded.sh fills. Inference runs on llama.cpp's own threads,
// so the event loop stays free while tokens are generated.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
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
import { mediaParts } from './media-errors.js';

// The part of node-llama-cpp's API used here (the package is not a build dependency).
type HistoryItem =
  | { type: 'system'; text: string }
  | { type: 'user'; text: string }
  | { type: 'model'; response: string[] };
interface TokenMeter {
  readonly usedInputTokens: number;
  readonly usedOutputTokens: number;
}
interface Sequence {
  readonly tokenMeter: TokenMeter;
  clearHistory(): Promise<void>;
}
interface Context {
  readonly contextSize: number;
  getSequence(): Sequence;
  dispose(): Promise<void>;
}
interface Model {
  readonly trainContextSize: number;
  createContext(o: { contextSize?: number; threads?: number }): Promise<Context>;
  dispose(): Promise<void>;
}
interface Llama {
  loadModel(o: { modelPath: string }): Promise<Model>;
  dispose(): Promise<void>;
}
interface Session {
  setChatHistory(h: HistoryItem[]): void;
  prompt(
    text: string,
    o: {
      signal?: AbortSignal;
      stopOnAbortSignal?: boolean;
      maxTokens?: number;
      temperature?: number;
      topK?: number;
      topP?: number;
      minP?: number;
      seed?: number;
      onTextChunk?: (t: string) => void;
    },
  ): Promise<string>;
  dispose(o?: { disposeSequence?: boolean }): void;
}
interface LlamaModule {
  getLlama(o: { gpu?: false | 'auto'; build?: 'never' | 'auto' }): Promise<Llama>;
  LlamaChatSession: new (o: {
    contextSequence: Sequence;
    autoDisposeSequence?: boolean;
    chatWrapper?: unknown;
  }) => Session;
  resolveChatWrapper(model: Model): unknown;
}

export const EMBEDDED_INSTALL_HINT =
  'the embedded backend needs node-llama-cpp: run scripts/install-embedded.sh (about 85 MB, CPU build) or `npm install node-llama-cpp`';

/** Where scripts/install-embedded.sh puts node-llama-cpp. */
export function embeddedDir(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  return (
    env.MISTRALRS_TUI_EMBEDDED_DIR ??
    path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'mistralrs-tui', 'embedded')
  );
}

export async function loadLlamaModule(dir = embeddedDir()): Promise<LlamaModule> {
  try {
    // A variable, so TypeScript does not look for the optional package.
    const name = 'node-llama-cpp';
    return (await import(name)) as LlamaModule;
  } catch {
    const entry = path.join(dir, 'node_modules', 'node-llama-cpp', 'dist', 'index.js');
    if (!existsSync(entry))
      throw new BackendError({ code: 'unsupported', message: EMBEDDED_INSTALL_HINT });
    return (await import(pathToFileURL(entry).href)) as LlamaModule;
  }
}

/**
 * Every core but one. Measured on the 2-core test machine under load: with 2
 * threads llama.cpp's workers fought the event loop (1.7 tokens/s, event-loop
 * delay p99 9.8 ms, max 235 ms); with 1 thread, 50 tokens/s and p99 5.8 ms.
 */
export function defaultThreads(): number {
  return Math.max(1, os.availableParallelism() - 1);
}

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

interface Loaded {
  readonly path: string;
  /** The chat template, resolved once per model: resolving it is seconds of synchronous work. */
  readonly chatWrapper: unknown;
  readonly model: Model;
  readonly context: Context;
  readonly sequence: Sequence;
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

export class EmbeddedBackend implements ChatBackend {
  readonly name: string;
  readonly kind = 'embedded' as const;
  private llama: Promise<{ mod: LlamaModule; llama: Llama }> | undefined;
  private loaded: Loaded | undefined;
  /** Requests run one at a time on the one context sequence. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly log: Logger;

  constructor(private readonly opts: EmbeddedOptions) {
    this.name = opts.name;
    this.log = (opts.logger ?? silentLogger).child({ backend: opts.name, kind: 'embedded' });
  }

  private engine(): Promise<{ mod: LlamaModule; llama: Llama }> {
    this.llama ??= (async () => {
      const mod = await loadLlamaModule(this.opts.moduleDir);
      return { mod, llama: await mod.getLlama({ gpu: false, build: 'never' }) };
    })();
    this.llama.catch(() => {
      this.llama = undefined;
    });
    return this.llama;
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

  private async ensure(model: string): Promise<Loaded> {
    const file = this.resolvePath(model);
    if (this.loaded?.path === file) return this.loaded;
    await this.unloadCurrent(); // switching: free the old model first
    const { llama, mod } = await this.engine();
    const started = performance.now();
    const m = await llama.loadModel({ modelPath: file });
    const threads = this.opts.threads > 0 ? this.opts.threads : defaultThreads();
    const contextSize =
      this.opts.contextSize > 0 ? this.opts.contextSize : Math.min(m.trainContextSize, 8192);
    const context = await m.createContext({ contextSize, threads });
    // node-llama-cpp would otherwise resolve the GGUF's chat template again for
    // every session, blocking the event loop for ~2 s each time (measured).
    const chatWrapper = mod.resolveChatWrapper(m);
    this.loaded = { path: file, model: m, chatWrapper, context, sequence: context.getSequence() };
    this.log.info('model loaded', {
      file,
      threads,
      contextSize,
      ms: Math.round(performance.now() - started),
    });
    return this.loaded;
  }

  private async unloadCurrent(): Promise<void> {
    const l = this.loaded;
    if (l === undefined) return;
    this.loaded = undefined;
    await l.context.dispose();
    await l.model.dispose();
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
      await this.engine();
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
        status: this.loaded?.path === this.opts.modelPath ? 'loaded' : 'unloaded',
      });
    }
    if (this.loaded !== undefined && this.loaded.path !== this.opts.modelPath) {
      out.push({ id: this.loaded.path, status: 'loaded' });
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
    return { modelId, status: this.loaded?.path === file ? 'loaded' : 'unloaded' };
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
      if (this.status(modelId).status === 'loaded') await this.unloadCurrent();
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
    const run = this.serial(async () => {
      let loaded: Loaded;
      try {
        if (this.loaded === undefined)
          push({ type: 'loading', message: 'loading the model into memory' });
        loaded = await this.ensure(request.model);
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
      const { mod } = await this.engine();
      await loaded.sequence.clearHistory();
      const session = new mod.LlamaChatSession({
        contextSequence: loaded.sequence,
        autoDisposeSequence: false,
        chatWrapper: loaded.chatWrapper,
      });
      const msgs = request.messages;
      const last = msgs.at(-1);
      const history: HistoryItem[] = [];
      for (const m of msgs.slice(0, -1)) {
        if (m.role === 'system') history.push({ type: 'system', text: textOf(m) });
        else if (m.role === 'user') history.push({ type: 'user', text: textOf(m) });
        else if (m.role === 'assistant') history.push({ type: 'model', response: [textOf(m)] });
      }
      session.setChatHistory(history);
      const before = {
        in: loaded.sequence.tokenMeter.usedInputTokens,
        out: loaded.sequence.tokenMeter.usedOutputTokens,
      };
      const s = request.sampling ?? {};
      try {
        await session.prompt(last !== undefined ? textOf(last) : '', {
          ...(signal !== undefined ? { signal, stopOnAbortSignal: true } : {}),
          ...(s.maxTokens !== undefined ? { maxTokens: s.maxTokens } : {}),
          ...(s.temperature !== undefined ? { temperature: s.temperature } : {}),
          ...(s.topK !== undefined ? { topK: s.topK } : {}),
          ...(s.topP !== undefined ? { topP: s.topP } : {}),
          ...(s.minP !== undefined ? { minP: s.minP } : {}),
          ...(s.seed !== undefined ? { seed: s.seed } : {}),
          onTextChunk: (text) => {
            if (text !== '') push({ type: 'content', text });
          },
        });
        const prompt = loaded.sequence.tokenMeter.usedInputTokens - before.in;
        const completion = loaded.sequence.tokenMeter.usedOutputTokens - before.out;
        // Counted by llama.cpp in this process: exact, but not a server's report.
        push({
          type: 'usage',
          usage: {
            promptTokens: prompt,
            completionTokens: completion,
            totalTokens: prompt + completion,
            source: 'client',
          },
        });
        const reason =
          signal?.aborted === true
            ? 'cancelled'
            : s.maxTokens !== undefined && completion >= s.maxTokens
              ? 'length'
              : 'stop';
        push({ type: 'finish', reason });
      } catch (err) {
        push(
          signal?.aborted === true
            ? { type: 'finish', reason: 'cancelled' }
            : { type: 'error', error: { code: 'server', message: (err as Error).message } },
        );
      } finally {
        session.dispose({ disposeSequence: false });
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
    await this.serial(() => this.unloadCurrent());
    const engine = this.llama;
    this.llama = undefined;
    if (engine !== undefined) await (await engine).llama.dispose();
  }
}
