// sha256 of a model's weights, streamed (never the whole file in memory),
// with progress reports and cancellation. One file: the file's sha256, the
// number `sha256sum` prints. Several files (split GGUF, shards): the sha256 of
// the lines "<sha256>  <file name>\n" in file order, so it is reproducible
// with `sha256sum FILES | sha256sum` after trimming the folder from the names.
import { createReadStream } from 'node:fs';
import path from 'node:path';

export interface ChecksumFile {
  readonly path: string;
  readonly sizeBytes: number;
}

export async function sha256File(
  file: string,
  onBytes: (n: number) => void,
  signal?: AbortSignal,
): Promise<string> {
  const { createHash } = process.getBuiltinModule('node:crypto');
  const hash = createHash('sha256');
  const stream = createReadStream(file, {
    highWaterMark: 1024 * 1024,
    ...(signal ? { signal } : {}),
  });
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    onBytes((chunk as Buffer).length);
  }
  return hash.digest('hex');
}

export async function modelSha256(
  files: readonly ChecksumFile[],
  onProgress: (done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<string> {
  const total = files.reduce((a, f) => a + f.sizeBytes, 0);
  let done = 0;
  let lastReport = 0;
  const report = (n: number): void => {
    done += n;
    const now = Date.now();
    if (now - lastReport >= 100 || done === total) {
      lastReport = now;
      onProgress(done, total);
    }
  };
  const sums: string[] = [];
  for (const f of files) sums.push(await sha256File(f.path, report, signal));
  onProgress(done, total);
  if (files.length === 1 && sums[0] !== undefined) return sums[0];
  const list = files.map((f, i) => `${sums[i] ?? ''}  ${path.basename(f.path)}\n`).join('');
  const { createHash } = process.getBuiltinModule('node:crypto');
  return createHash('sha256').update(list).digest('hex');
}
