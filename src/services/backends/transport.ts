// One HTTP request with the timeouts a streaming client needs, on node:http so
// each phase can be timed on its own: connecting (connect timeout), waiting for
// the response head (first-byte timeout), then the body, whose idle timing the
// stream reader owns. Aborting the signal destroys the socket at once.
import type { IncomingMessage } from 'node:http';
import type * as Https from 'node:https';
import type { BackendErrorCode } from '../../domain/chat.js';
import { describeNetworkError } from './errors.js';

// Importing node:http as an ES module copies every export, and reading its lazy
// WebSocket/EventSource getters loads undici: ~40 ms of start-up.
// getBuiltinModule does not. node:https loads TLS (~20 ms of CPU), so it is
// taken on the first https:// request, not at start-up.
const http = process.getBuiltinModule('node:http');
let https: typeof Https | undefined;

export interface SendOptions {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly signal?: AbortSignal;
  readonly connectTimeoutMs: number;
  readonly firstByteTimeoutMs: number;
  /** Names the server in hints ("is mistralrs serve running on PORT?"). */
  readonly serverName: string;
}

/** A failure before any byte of the response arrived: safe to retry. */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    readonly code: BackendErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export function isAbort(err: unknown, signal?: AbortSignal): boolean {
  return (
    signal?.aborted === true ||
    (err instanceof Error && (err.name === 'AbortError' || err.name === 'CancelledError'))
  );
}

/** Resolves with the response head; the body is left unread for the caller. */
export function send(url: string, opts: SendOptions): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted === true) {
      reject(abortError());
      return;
    }
    const u = new URL(url);
    const mod = u.protocol === 'https:' ? (https ??= process.getBuiltinModule('node:https')) : http;
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.body !== undefined) headers['content-length'] = String(Buffer.byteLength(opts.body));
    const req = mod.request(u, { method: opts.method, headers });
    let settled = false;
    let connectTimer: NodeJS.Timeout | undefined;
    let headTimer: NodeJS.Timeout | undefined;
    const clear = (): void => {
      clearTimeout(connectTimer);
      clearTimeout(headTimer);
      opts.signal?.removeEventListener('abort', onAbort);
    };
    const fail = (err: Error): void => {
      if (settled) return;
      settled = true;
      clear();
      req.destroy();
      reject(err);
    };
    const onAbort = (): void => {
      fail(abortError());
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    const startHeadTimer = (): void => {
      headTimer = setTimeout(() => {
        fail(
          new TransportError(
            'first_byte_timeout',
            `${u.origin} accepted the request but sent nothing for ${seconds(opts.firstByteTimeoutMs)} — the model may still be loading; raise first_byte_timeout_ms if it needs longer.`,
          ),
        );
      }, opts.firstByteTimeoutMs);
    };
    req.on('socket', (socket) => {
      if ('connecting' in socket && socket.connecting) {
        connectTimer = setTimeout(() => {
          fail(
            new TransportError(
              'connect_timeout',
              `timed out connecting to ${u.origin} after ${seconds(opts.connectTimeoutMs)} — is the host up and the port open?`,
            ),
          );
        }, opts.connectTimeoutMs);
        socket.once(u.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
          clearTimeout(connectTimer);
          startHeadTimer();
        });
      } else {
        startHeadTimer();
      }
    });
    req.on('response', (res) => {
      if (settled) {
        res.destroy();
        return;
      }
      settled = true;
      clear();
      // From here the caller owns cancellation of the body.
      if (opts.signal !== undefined) {
        const onBodyAbort = (): void => {
          res.destroy(abortError());
          req.destroy();
        };
        opts.signal.addEventListener('abort', onBodyAbort, { once: true });
        res.once('close', () => opts.signal?.removeEventListener('abort', onBodyAbort));
      }
      resolve(res);
    });
    req.on('error', (err) => {
      fail(
        new TransportError('unreachable', describeNetworkError(err, u.origin, opts.serverName), {
          cause: err,
        }),
      );
    });
    req.end(opts.body);
  });
}

export function abortError(): Error {
  const err = new Error('the request was cancelled');
  err.name = 'AbortError';
  return err;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** Reads a whole body as text (for JSON routes and error bodies), at most `limit` bytes kept. */
export async function readText(res: IncomingMessage, limit = 4 << 20): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    if (size < limit) parts.push(chunk);
    size += chunk.length;
  }
  return Buffer.concat(parts).toString('utf8');
}

export async function readBytes(res: IncomingMessage): Promise<Uint8Array> {
  const parts: Buffer[] = [];
  for await (const chunk of res as AsyncIterable<Buffer>) parts.push(chunk);
  return new Uint8Array(Buffer.concat(parts));
}

/** Exponential backoff with full jitter, capped. */
export function backoffMs(
  attempt: number,
  baseMs = 200,
  capMs = 5000,
  random = Math.random,
): number {
  return Math.round(random() * Math.min(capMs, baseMs * 2 ** attempt));
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(abortError());
      return;
    }
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(abortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
