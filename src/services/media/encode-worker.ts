// The encode worker: encoding a scaled picture for sending (mozjpeg takes
// seconds for a 1568 px JPEG on a slow machine) off the thread that reads keys
// and draws frames. Started by encode-thread.ts.
import { parentPort } from 'node:worker_threads';
import { encodePicture } from './encode.js';

interface Request {
  readonly id: number;
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
  readonly as: 'png' | 'jpeg';
}

parentPort?.on('message', (req: Request) => {
  encodePicture({ width: req.width, height: req.height, data: req.data }, req.as).then(
    (bytes) => {
      parentPort?.postMessage({ id: req.id, bytes }, [bytes.buffer as ArrayBuffer]);
    },
    (err: unknown) => {
      parentPort?.postMessage({
        id: req.id,
        error: err instanceof Error ? err.message : String(err),
      });
    },
  );
});
