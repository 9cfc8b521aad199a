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

/**
 * Pulls a response body one chunk at a time. Unlike `for await` over the
 * stream, stopping early does not destroy the response: the caller says what
 * becomes of the connection — `release()` when the reply was read to its end
 * (the socket goes back to the agent's keep-alive pool for the next request),
 * `destroy()` otherwise. A chunk goes from the 'data' event straight to the
 * waiting reader (no 'readable' event deferred through process.nextTick and no
 * read() call per chunk, as the async iterator does), so the first token
 * reaches the caller with less work between the socket and it.
 */
export class BodyReader {
  private readonly queue: Buffer[] = [];
  private ended = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly res: IncomingMessage) {
    res.on('data', this.onData);
    res.on('end', this.onEnd);
    res.on('error', this.onError);
    res.on('close', this.onClose);
  }

  /** The next chunk; undefined at the end of the body. Throws what broke the body (an abort, a reset). */
  async next(): Promise<Buffer | undefined> {
    for (;;) {
      const chunk = this.queue.shift();
      if (chunk !== undefined) return chunk;
      if (this.failure !== undefined) throw this.failure;
      if (this.ended) return undefined;
      // Nothing buffered: let the body flow until the next chunk arrives.
      this.res.resume();
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  /**
   * The reply was read to its end: the connection can serve the next request.
   * A body still open (its final chunk not yet here) is drained, and closed
   * if it does not end within `graceMs`.
   */
  release(graceMs = 1000): void {
    this.detach();
    const res = this.res;
    if (!res.complete) {
      const t = setTimeout(() => {
        res.destroy();
      }, graceMs);
      t.unref();
      res.once('close', () => {
        clearTimeout(t);
      });
    }
    res.resume();
  }

  /** Closes the connection (a reply cut short, cancelled, stalled or failed). */
  destroy(): void {
    this.detach();
    this.res.destroy();
  }

  private detach(): void {
    this.res.off('data', this.onData);
    this.res.off('end', this.onEnd);
    this.res.off('close', this.onClose);
    // The 'error' listener stays: an error after this point must not be unhandled.
    this.queue.length = 0;
    this.ended = true;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private readonly onData = (chunk: Buffer): void => {
    this.queue.push(chunk);
    // Backpressure: hold the socket until the reader asks again.
    if (this.wake === undefined) this.res.pause();
    this.notify();
  };

  private readonly onEnd = (): void => {
    this.ended = true;
    this.notify();
  };

  private readonly onError = (err: Error): void => {
    this.failure ??= err;
    this.notify();
  };

  private readonly onClose = (): void => {
    // Closed before its end (the socket was reset or destroyed): a cut body.
    if (!this.ended) this.failure ??= new Error('the connection closed before the body ended');
    this.notify();
  };
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
