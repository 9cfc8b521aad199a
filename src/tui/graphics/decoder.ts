// Decodes pictures off the main thread: one worker, started when the first
// picture is decoded and unreferenced so it never keeps the program alive.
// Where no worker can be started (the engine run from TypeScript sources, as
// in tests) it decodes in-process instead.
import type { Worker } from 'node:worker_threads';
import { type Pcm, decodeAudio } from './audio.js';
import { type Decoded, type ScaleHint, decodeImage } from './decode.js';
import type { ImageFormat } from './format.js';

interface Reply {
  readonly id: number;
  readonly decoded?: Decoded;
  readonly pcm?: Pcm;
  readonly error?: string;
}

export class ImageDecoder {
  private worker: Worker | undefined;
  private next = 1;
  private readonly waiting = new Map<
    number,
    { ok: (r: Reply) => void; fail: (e: Error) => void }
  >();
  private readonly useWorker: boolean;

  constructor(opts?: { worker?: boolean }) {
    this.useWorker = (opts?.worker ?? true) && import.meta.url.endsWith('.js');
  }

  /** Decodes, and with a hint also scales for the first drawing (see decodeImage). */
  async decode(bytes: Uint8Array, format: ImageFormat, hint?: ScaleHint): Promise<Decoded> {
    if (!this.useWorker) return decodeImage(bytes, format, hint);
    const r = await this.post({ kind: 'image', bytes, format, hint });
    if (!r.decoded) throw new Error('decode failed');
    return r.decoded;
  }

  /** Decodes audio for a waveform (WAV, MP3, FLAC, Ogg Vorbis), in the worker. */
  async audio(bytes: Uint8Array): Promise<Pcm> {
    if (!this.useWorker) return decodeAudio(bytes);
    const r = await this.post({ kind: 'audio', bytes });
    if (!r.pcm) throw new Error('decode failed');
    return r.pcm;
  }

  private post(msg: object): Promise<Reply> {
    const w = this.start();
    const id = this.next++;
    return new Promise<Reply>((ok, fail) => {
      this.waiting.set(id, { ok, fail });
      w.ref();
      w.postMessage({ id, ...msg });
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    // node:worker_threads is taken on the first picture, not at start-up.
    const { Worker } = process.getBuiltinModule('node:worker_threads');
    const w = new Worker(new URL('./decode-worker.js', import.meta.url));
    w.unref();
    w.on('message', (r: Reply) => {
      const p = this.waiting.get(r.id);
      this.waiting.delete(r.id);
      if (this.waiting.size === 0) w.unref();
      if (!p) return;
      if (r.error === undefined) p.ok(r);
      else p.fail(new Error(r.error));
    });
    const failAll = (err: Error): void => {
      for (const p of this.waiting.values()) p.fail(err);
      this.waiting.clear();
      this.worker = undefined;
    };
    w.on('error', failAll);
    w.on('exit', () => {
      failAll(new Error('decoder stopped'));
    });
    this.worker = w;
    return w;
  }

  /** Stops the worker (tests, benchmarks). */
  async dispose(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}
