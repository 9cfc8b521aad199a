// The decode worker: decoding a large JPEG takes hundreds of milliseconds,
// which must not block the event loop that draws frames and reads keys. Audio
// for waveforms is decoded here too.
import { parentPort } from 'node:worker_threads';
import { decodeAudio } from './audio.js';
import { type ScaleHint, decodeImage } from './decode.js';
import type { ImageFormat } from './format.js';

// The WebAssembly decoders print their complaints with console.error; a
// worker's console is forwarded to the program's, which is the screen the UI
// is drawn on. Errors come back as rejections instead.
const quiet = (): void => undefined;
/* eslint-disable no-console -- silencing it is the point */
console.log = quiet;
console.info = quiet;
console.warn = quiet;
console.error = quiet;
console.debug = quiet;
/* eslint-enable no-console */

type Request =
  | {
      readonly id: number;
      readonly kind: 'image';
      readonly bytes: Uint8Array;
      readonly format: ImageFormat;
      readonly hint?: ScaleHint;
    }
  | { readonly id: number; readonly kind: 'audio'; readonly bytes: Uint8Array };

function fail(id: number, err: unknown): void {
  parentPort?.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
}

parentPort?.on('message', (req: Request) => {
  if (req.kind === 'audio') {
    decodeAudio(req.bytes).then(
      (pcm) => {
        parentPort?.postMessage({ id: req.id, pcm }, [pcm.samples.buffer as ArrayBuffer]);
      },
      (err: unknown) => {
        fail(req.id, err);
      },
    );
    return;
  }
  decodeImage(req.bytes, req.format, req.hint).then(
    (d) => {
      const transfer = [d.img.data.buffer as ArrayBuffer];
      if (d.scaled && d.scaled !== d.img) transfer.push(d.scaled.data.buffer as ArrayBuffer);
      parentPort?.postMessage({ id: req.id, decoded: d }, transfer);
    },
    (err: unknown) => {
      fail(req.id, err);
    },
  );
});
