// The worker thread that runs the embedded engine (embedded-engine.ts): it
// takes one request at a time from embedded.ts over the thread's message
// port and answers with a result, an error, or a reply's events as they come.
// A cancel is taken at once, also while a reply is being generated.
//
// Loaded from dist/ as .js and, in tests, from src/ as .ts (Node strips the
// types): so the engine is imported by a computed name, and this file has no
// relative imports but type-only ones.
import { parentPort, threadId, workerData } from 'node:worker_threads';
import type * as EngineModule from './embedded-engine.js';
import type { EngineOptions } from './embedded-engine.js';
import type { WorkerCall, WorkerReply } from './embedded.js';

const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const { LlamaEngine: Engine, lowerEnginePriority } = (await import(
  new URL(`./embedded-engine${ext}`, import.meta.url).href
)) as Pick<typeof EngineModule, 'LlamaEngine' | 'lowerEnginePriority'>;
// Before any of the engine's work starts, so that all of it runs below the UI.
const nice = await lowerEnginePriority();

const port = parentPort;
if (port === null) throw new Error('embedded-worker.ts runs as a worker thread only');
const engine = new Engine(workerData as EngineOptions);
const replies = new Map<number, AbortController>();

function send(r: WorkerReply): void {
  port?.postMessage(r);
}

function failure(id: number, err: unknown): WorkerReply {
  const code = (err as { code?: unknown }).code;
  return {
    id,
    type: 'error',
    code: code === 'unsupported' || code === 'http' ? code : 'server',
    message: err instanceof Error ? err.message : String(err),
  };
}

async function handle(c: WorkerCall): Promise<void> {
  try {
    switch (c.op) {
      case 'health':
        await engine.engine();
        send({ id: c.id, type: 'done', value: { threadId, nice: nice ?? null } });
        return;
      case 'load':
        send({ id: c.id, type: 'done', value: (await engine.load(c.file)) ?? null });
        return;
      case 'unload':
        await engine.unload();
        send({ id: c.id, type: 'done', value: null });
        return;
      case 'prompt': {
        const ac = new AbortController();
        replies.set(c.id, ac);
        try {
          await engine.prompt(
            c.request,
            (event) => {
              send({ id: c.id, type: 'event', event });
            },
            ac.signal,
          );
        } finally {
          replies.delete(c.id);
        }
        send({ id: c.id, type: 'done', value: null });
        return;
      }
      case 'cancel':
        replies.get(c.of)?.abort();
        return;
      case 'close':
        await engine.close();
        send({ id: c.id, type: 'done', value: null });
        return;
    }
  } catch (err) {
    send(failure(c.id, err));
  }
}

port.on('message', (c: WorkerCall) => {
  void handle(c);
});
