// Runs encode.ts in a worker thread (encode-worker.ts), started on the first
// picture to encode and not keeping the program alive. Where the worker's file
// is not built JavaScript (tests that import the sources) it encodes on the
// calling thread instead, as the engine's image decoder does.
import type { Worker } from 'node:worker_threads';
import type { RgbaImage } from '../../domain/media.js';
import { type EncodePicture, encodePicture } from './encode.js';

type Reply =
  | { readonly id: number; readonly bytes: Uint8Array }
  | { readonly id: number; readonly error: string };

export class EncodeThread {
  private worker: Worker | undefined;
  private seq = 0;
  private readonly waiting = new Map<
    number,
    { resolve: (b: Uint8Array) => void; reject: (e: Error) => void }
  >();
  private readonly useWorker = import.meta.url.endsWith('.js');

  readonly encode: EncodePicture = (img: RgbaImage, as: 'png' | 'jpeg') => {
    if (!this.useWorker) return encodePicture(img, as);
    const w = this.start();
    const id = ++this.seq;
    return new Promise<Uint8Array>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      // A copy: the caller keeps its pixels, the worker gets its own buffer.
      const data = img.data.slice();
      w.ref();
      w.postMessage({ id, width: img.width, height: img.height, data, as }, [data.buffer]);
    });
  };

  private start(): Worker {
    if (this.worker !== undefined) return this.worker;
    const { Worker } = process.getBuiltinModule('node:worker_threads');
    const w = new Worker(new URL('./encode-worker.js', import.meta.url));
    w.on('message', (r: Reply) => {
      const p = this.waiting.get(r.id);
      if (p === undefined) return;
      this.waiting.delete(r.id);
      if ('bytes' in r) p.resolve(r.bytes);
      else p.reject(new Error(r.error));
      if (this.waiting.size === 0) w.unref();
    });
    const fail = (err: Error): void => {
      for (const p of this.waiting.values()) p.reject(err);
      this.waiting.clear();
      this.worker = undefined;
    };
    w.on('error', fail);
    w.on('exit', (code) => {
      fail(new Error(`the picture encoder stopped (exit code ${code})`));
    });
    w.unref();
    this.worker = w;
    return w;
  }

  /** A worker thread has been started (and not stopped). */
  get threaded(): boolean {
    return this.worker !== undefined;
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    await w?.terminate();
  }
}
