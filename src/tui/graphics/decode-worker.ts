// The decode worker: decoding a large JPEG takes hundreds of milliseconds,
// which must not block the event loop that draws frames and reads keys.
import { parentPort } from 'node:worker_threads';
import { decodeImage } from './decode.js';
import type { ImageFormat } from './format.js';

interface Request {
  readonly id: number;
  readonly bytes: Uint8Array;
  readonly format: ImageFormat;
}

parentPort?.on('message', (req: Request) => {
  decodeImage(req.bytes, req.format).then(
    (img) => {
      parentPort?.postMessage({ id: req.id, img }, [img.data.buffer as ArrayBuffer]);
    },
    (err: unknown) => {
      parentPort?.postMessage({
        id: req.id,
        error: err instanceof Error ? err.message : String(err),
      });
    },
  );
});
