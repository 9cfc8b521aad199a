// Bounded reads of file prefixes. Header parsers are synchronous functions over
// a Buffer that throw NeedMore when the prefix is too short; readPrefix then
// reads more (doubling) and parses again. No parser ever sees more than
// `maxBytes`, and nothing reads past a header, so a 100 GB file costs what its
// header costs. Restarting is cheaper than async reads per field: a GGUF
// vocabulary has ~100k strings, and the prefix doubles only a few times.
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';

/** A file that is not what it claims to be; `message` is the reason shown to the user. */
export class FormatError extends Error {
  override readonly name = 'FormatError';
}

/** Thrown by a parser that needs the first `end` bytes of the file. */
export class NeedMore extends Error {
  override readonly name = 'NeedMore';
  constructor(readonly end: number) {
    super(`need ${end} bytes`);
  }
}

export const MiB = 1024 * 1024;

/**
 * O_NONBLOCK: opening a FIFO (or a device) named like a model must not wait
 * for a writer forever; the isFile() check right after refuses it. Regular
 * files ignore the flag.
 */
export const READ_FLAGS = fsConstants.O_RDONLY | fsConstants.O_NONBLOCK;

/** A parser's view of a file: the prefix read so far and the real file size. */
export interface Prefix {
  readonly buf: Buffer;
  readonly fileSize: number;
}

export interface ReadOptions {
  /** First read size. */
  readonly initialBytes?: number;
  /** Largest prefix a parser may ask for; asking for more is a FormatError. */
  readonly maxBytes: number;
  /** What the limit protects, for the error message ("GGUF metadata"). */
  readonly what: string;
}

export interface PrefixResult<T> {
  readonly value: T;
  readonly bytesRead: number;
  readonly fileSize: number;
}

/** Checks that [0, end) can be read: inside the file, and inside what was read. */
export function need(p: Prefix, end: number, what: string): void {
  if (end > p.fileSize) {
    throw new FormatError(
      `truncated: ${what} needs ${end} bytes but the file has ${p.fileSize} bytes`,
    );
  }
  if (end > p.buf.length) throw new NeedMore(end);
}

export async function readPrefix<T>(
  file: string,
  parse: (p: Prefix) => T,
  options: ReadOptions,
): Promise<PrefixResult<T>> {
  const handle = await fs.open(file, READ_FLAGS);
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new FormatError('not a regular file');
    const fileSize = stat.size;
    let want = Math.min(fileSize, options.initialBytes ?? 64 * 1024, options.maxBytes);
    let buf = Buffer.alloc(0);
    for (;;) {
      if (want > buf.length) {
        const next = Buffer.allocUnsafe(want);
        buf.copy(next, 0, 0, buf.length);
        let filled = buf.length;
        while (filled < want) {
          const { bytesRead } = await handle.read(next, filled, want - filled, filled);
          if (bytesRead === 0) break;
          filled += bytesRead;
        }
        // A file that shrank while we read: parse what there is as the whole file.
        buf = next.subarray(0, filled);
      }
      try {
        const value = parse({ buf, fileSize });
        return { value, bytesRead: buf.length, fileSize };
      } catch (err) {
        if (!(err instanceof NeedMore)) throw err;
        if (buf.length < want) {
          throw new FormatError(
            `truncated: the file ended after ${buf.length} bytes while reading`,
          );
        }
        if (err.end > options.maxBytes) {
          throw new FormatError(
            `${options.what} is larger than the ${Math.round(options.maxBytes / MiB)} MiB read limit (needs ${err.end} bytes)`,
          );
        }
        want = Math.min(fileSize, options.maxBytes, Math.max(err.end, buf.length * 2));
      }
    }
  } finally {
    await handle.close();
  }
}

/** Reads and parses a small JSON file, refusing files over `maxBytes`. */
export async function readJsonFile(
  file: string,
  maxBytes: number,
): Promise<{ value: unknown; bytesRead: number }> {
  const handle = await fs.open(file, READ_FLAGS);
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new FormatError('not a regular file');
    if (stat.size > maxBytes) {
      throw new FormatError(
        `${stat.size} bytes is over the ${Math.round(maxBytes / 1024)} KiB limit for this JSON file`,
      );
    }
    const buf = Buffer.alloc(stat.size);
    let filled = 0;
    while (filled < stat.size) {
      const { bytesRead } = await handle.read(buf, filled, stat.size - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    try {
      return { value: JSON.parse(buf.toString('utf8', 0, filled)) as unknown, bytesRead: filled };
    } catch (err) {
      throw new FormatError(`invalid JSON: ${(err as Error).message}`);
    }
  } finally {
    await handle.close();
  }
}

/** Narrowing helpers for untrusted JSON. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function posInt(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : undefined;
}
