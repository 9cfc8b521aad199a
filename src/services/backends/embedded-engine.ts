// The embedded backend's engine: node-llama-cpp itself, run on a worker thread
// (embedded-worker.ts) so that loading a model — importing the package,
// loading its native binding, reading the GGUF and resolving its chat
// template, seconds of work much of it synchronous — never blocks the event
// loop that draws the UI. embedded.ts is the ChatBackend that talks to it.
//
// This module is loaded by the worker with a computed file name, so that it
// runs from src/ (tests, Node's type stripping) as well as from dist/: it has
// no relative imports but type-only ones, which are erased.
import { existsSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ChatEvent, SamplingSettings } from '../../domain/chat.js';

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

/** An engine failure as plain data (it crosses the thread boundary; embedded.ts makes a BackendError of it). */
export class EngineError extends Error {
  readonly code: 'unsupported' | 'http' | 'server';
  constructor(code: EngineError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

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
    if (!existsSync(entry)) throw new EngineError('unsupported', EMBEDDED_INSTALL_HINT);
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

/** How far below the UI's the engine's CPU priority is: a nice value added to the UI's. */
export const ENGINE_NICE = 10;

/** The system calls lowerEnginePriority makes (tests pass fakes). */
export interface PrioritySystem {
  readonly platform: NodeJS.Platform;
  /** A thread's nice value; id 0 is the calling thread. */
  getPriority(tid: number): number;
  setPriority(tid: number, nice: number): void;
  /** The process's threads: id and name. */
  threads(): Promise<{ readonly tid: number; readonly name: string }[]>;
}

const linuxSystem: PrioritySystem = {
  platform: process.platform,
  getPriority: (tid) => os.getPriority(tid),
  setPriority: (tid, nice) => {
    os.setPriority(tid, nice);
  },
  threads: async () => {
    // libuv's pool starts on its first use: started from here, its threads
    // would take this thread's nice; started earlier, they are found below.
    await stat(process.execPath);
    const out: { tid: number; name: string }[] = [];
    for (const tid of await readdir('/proc/self/task')) {
      const name = await readFile(`/proc/self/task/${tid}/comm`, 'utf8').catch(() => '');
      out.push({ tid: Number(tid), name: name.trim() });
    }
    return out;
  },
};

/**
 * Lowers the CPU priority of the engine's work by ENGINE_NICE below the UI's,
 * so that on a machine with few cores the UI's thread and the terminal get a
 * core as soon as they wake: with the engine at the UI's priority, a key typed
 * while a model loaded waited for llama.cpp's and the package's work (on 2
 * cores, echo p99 16-22 ms). The engine's work runs on two kinds of thread:
 *  - this worker thread: importing the package, parsing the GGUF, resolving
 *    the chat template (threads and processes it starts inherit its nice,
 *    such as the process node-llama-cpp forks to test its native binary);
 *  - libuv's thread pool (named libuv-worker), where node-llama-cpp's native
 *    calls run: loading the model, evaluating tokens. The pool is shared with
 *    the UI thread's asynchronous file work, none of which a keypress waits for.
 * Linux only: there a nice value is a thread's own, elsewhere it is the whole
 * process's, the UI's included. A thread already nicer is left as it is (only
 * a privileged process may lower a nice value). Returns the new nice value, or
 * undefined when nothing was changed.
 */
export async function lowerEnginePriority(
  sys: PrioritySystem = linuxSystem,
  by = ENGINE_NICE,
): Promise<number | undefined> {
  if (sys.platform !== 'linux' || by <= 0) return undefined;
  const nice = Math.min(19, sys.getPriority(0) + by);
  const lower = (tid: number): void => {
    try {
      if (sys.getPriority(tid) < nice) sys.setPriority(tid, nice);
    } catch {
      // The thread ended meanwhile.
    }
  };
  lower(0);
  for (const t of await sys.threads()) if (t.name === 'libuv-worker') lower(t.tid);
  return nice;
}

export interface EngineOptions {
  /** 0: defaultThreads(). */
  readonly threads: number;
  /** 0: the model's training context, capped at 8192. */
  readonly contextSize: number;
  readonly moduleDir?: string;
}

/** A chat request as the engine takes it: the messages already flattened to text. */
export interface EngineRequest {
  readonly messages: readonly { readonly role: string; readonly text: string }[];
  readonly sampling: SamplingSettings;
}

export interface LoadReport {
  readonly file: string;
  readonly threads: number;
  readonly contextSize: number;
  readonly ms: number;
}

interface Loaded {
  readonly path: string;
  /** The chat template, resolved once per model: resolving it is seconds of synchronous work. */
  readonly chatWrapper: unknown;
  readonly model: Model;
  readonly context: Context;
  readonly sequence: Sequence;
}

/** node-llama-cpp with at most one model loaded. Calls are made one at a time (embedded.ts queues them). */
export class LlamaEngine {
  private llama: Promise<{ mod: LlamaModule; llama: Llama }> | undefined;
  private loaded: Loaded | undefined;
  // No parameter property: Node's type stripping (the worker run from src/) cannot erase one.
  private readonly opts: EngineOptions;

  constructor(opts: EngineOptions) {
    this.opts = opts;
  }

  engine(): Promise<{ mod: LlamaModule; llama: Llama }> {
    this.llama ??= (async () => {
      const mod = await loadLlamaModule(this.opts.moduleDir);
      return { mod, llama: await mod.getLlama({ gpu: false, build: 'never' }) };
    })();
    this.llama.catch(() => {
      this.llama = undefined;
    });
    return this.llama;
  }

  /** Loads `file` (freeing the model loaded before); nothing to do when it is loaded. */
  async load(file: string): Promise<LoadReport | undefined> {
    if (this.loaded?.path === file) return undefined;
    await this.unload(); // switching: free the old model first
    const { llama, mod } = await this.engine();
    const started = performance.now();
    const m = await llama.loadModel({ modelPath: file });
    const threads = this.opts.threads > 0 ? this.opts.threads : defaultThreads();
    const contextSize =
      this.opts.contextSize > 0 ? this.opts.contextSize : Math.min(m.trainContextSize, 8192);
    const context = await m.createContext({ contextSize, threads });
    // node-llama-cpp would otherwise resolve the GGUF's chat template again for
    // every session, blocking for ~2 s each time (measured).
    const chatWrapper = mod.resolveChatWrapper(m);
    this.loaded = { path: file, model: m, chatWrapper, context, sequence: context.getSequence() };
    return { file, threads, contextSize, ms: Math.round(performance.now() - started) };
  }

  async unload(): Promise<void> {
    const l = this.loaded;
    if (l === undefined) return;
    this.loaded = undefined;
    await l.context.dispose();
    await l.model.dispose();
  }

  /** Generates the reply to the loaded model; events go to `emit` as they come. */
  async prompt(
    request: EngineRequest,
    emit: (ev: ChatEvent) => void,
    signal: AbortSignal,
  ): Promise<void> {
    const loaded = this.loaded;
    if (loaded === undefined) throw new EngineError('server', 'no model is loaded');
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
      if (m.role === 'system') history.push({ type: 'system', text: m.text });
      else if (m.role === 'user') history.push({ type: 'user', text: m.text });
      else if (m.role === 'assistant') history.push({ type: 'model', response: [m.text] });
    }
    session.setChatHistory(history);
    const before = {
      in: loaded.sequence.tokenMeter.usedInputTokens,
      out: loaded.sequence.tokenMeter.usedOutputTokens,
    };
    const s = request.sampling;
    try {
      await session.prompt(last?.text ?? '', {
        signal,
        stopOnAbortSignal: true,
        ...(s.maxTokens !== undefined ? { maxTokens: s.maxTokens } : {}),
        ...(s.temperature !== undefined ? { temperature: s.temperature } : {}),
        ...(s.topK !== undefined ? { topK: s.topK } : {}),
        ...(s.topP !== undefined ? { topP: s.topP } : {}),
        ...(s.minP !== undefined ? { minP: s.minP } : {}),
        ...(s.seed !== undefined ? { seed: s.seed } : {}),
        onTextChunk: (text) => {
          if (text !== '') emit({ type: 'content', text });
        },
      });
      const prompt = loaded.sequence.tokenMeter.usedInputTokens - before.in;
      const completion = loaded.sequence.tokenMeter.usedOutputTokens - before.out;
      // Counted by llama.cpp in this process: exact, but not a server's report.
      emit({
        type: 'usage',
        usage: {
          promptTokens: prompt,
          completionTokens: completion,
          totalTokens: prompt + completion,
          source: 'client',
        },
      });
      const reason = signal.aborted
        ? 'cancelled'
        : s.maxTokens !== undefined && completion >= s.maxTokens
          ? 'length'
          : 'stop';
      emit({ type: 'finish', reason });
    } catch (err) {
      emit(
        signal.aborted
          ? { type: 'finish', reason: 'cancelled' }
          : { type: 'error', error: { code: 'server', message: (err as Error).message } },
      );
    } finally {
      session.dispose({ disposeSequence: false });
    }
  }

  async close(): Promise<void> {
    await this.unload();
    const engine = this.llama;
    this.llama = undefined;
    if (engine !== undefined) await (await engine).llama.dispose();
  }
}
