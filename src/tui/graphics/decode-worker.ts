// The decode worker: decoding a large JPEG takes hundreds of milliseconds,
// which must not block the event loop that draws frames and reads keys.
import { parentPort } from 'node:worker_threads';
import { type ScaleHint, decodeImage } from './decode.js';
import type { ImageFormat } from './format.js';

interface Request {
  readonly id: number;
  readonly bytes: Uint8Array;
  readonly format: ImageFormat;
  readonly hint?: ScaleHint;
}

parentPort?.on('message', (req: Request) => {
  decodeImage(req.bytes, req.format, req.hint).then(
    (d) => {
      const transfer = [d.img.data.buffer as ArrayBuffer];
      if (d.scaled && d.scaled !== d.img) transfer.push(d.scaled.data.buffer as ArrayBuffer);
      parentPort?.postMessage({ id: req.id, decoded: d }, transfer);
    },
    (err: unknown) => {
      parentPort?.postMessage({
        id: req.id,
        error: err instanceof Error ? err.message : String(err),
      });
    },
  );
});
