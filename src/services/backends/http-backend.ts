// The HTTP ChatBackend for kind "mistralrs" (a mistral.rs server: model
// management, system info, /metrics when present) and kind "openai" (any other
// OpenAI-compatible server: only what probing finds). One class, so both get
// the same streaming, timeouts, retries and error reporting.
import type { IncomingMessage } from 'node:http';
import {
  BackendError,
  MODEL_ALIAS,
  aliasTarget,
  type BackendCapabilities,
  type BackendModel,
  type ChatBackend,
  type GeneratedImage,
  type GeneratedSpeech,
  type HealthReport,
  type ModelStatusReport,
  type ServerMetrics,
  type SystemInfo,
} from '../../domain/backend.js';
import type { BackendErrorInfo, ChatEvent, ChatRequest } from '../../domain/chat.js';
import { silentLogger, type Logger } from '../../domain/log.js';
import { parseServerMetrics } from './metrics.js';
import { generationRefused, partsRefused } from './media-errors.js';
import { isPoisoned, poisonedInfo } from './poisoned.js';
import { SseChatStream } from './sse.js';
import { ChunkDecoder, errorMessageOf, oneLine } from './stream-decoder.js';
import {
  TransportError,
  abortError,
  backoffMs,
  isAbort,
  readBytes,
  readText,
  send,
  sleep,
} from './transport.js';
import {
  chatBody,
  parseAudioType,
  parseModelList,
  parseStatusReport,
  parseSystemInfo,
} from './wire.js';

export interface HttpBackendOptions {
  readonly name: string;
  readonly kind: 'mistralrs' | 'openai';
  readonly url: string;
  readonly apiKey?: string;
  readonly connectTimeoutMs: number;
  readonly firstByteTimeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly requestTimeoutMs: number;
  /** Retries of idempotent requests and of chats that failed before any byte. */
  readonly retries?: number;
  /** How often to poll while the server answers 503 (model loading). */
  readonly loadingPollMs?: number;
  readonly logger?: Logger;
}

type Probe = 'present' | 'absent';

export class HttpBackend implements ChatBackend {
  readonly name: string;
  readonly kind: 'mistralrs' | 'openai';
  private readonly root: string;
  private readonly log: Logger;
  private readonly routes = new Map<string, Probe>();
  private caps: BackendCapabilities | undefined;

  constructor(private readonly opts: HttpBackendOptions) {
    this.name = opts.name;
    this.kind = opts.kind;
    this.root = opts.url.replace(/\/+$/, '');
    // The key is never logged: only whether there is one.
    this.log = (opts.logger ?? silentLogger).child({
      backend: opts.name,
      kind: opts.kind,
      url: this.root,
      apiKey: opts.apiKey !== undefined ? 'set' : 'none',
    });
  }

  private get serverName(): string {
    return this.kind === 'mistralrs' ? 'mistralrs serve' : 'the server';
  }

  private headers(json: boolean): Record<string, string> {
    // Every body we send is JSON (mistral.rs answers 415 without this header).
    const h: Record<string, string> = {
      accept: json ? 'application/json' : 'text/event-stream',
      'content-type': 'application/json',
    };
    if (this.opts.apiKey !== undefined) h.authorization = `Bearer ${this.opts.apiKey}`;
    return h;
  }

  /** A short request; idempotent ones retry with backoff on transport errors and 502-504. */
  private async call(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    signal: AbortSignal | undefined,
    idempotent: boolean,
  ): Promise<{ status: number; res: IncomingMessage }> {
    const retries = idempotent ? (this.opts.retries ?? 3) : 0;
    for (let attempt = 0; ; attempt++) {
      const timeout = AbortSignal.timeout(this.opts.requestTimeoutMs);
      const both = signal !== undefined ? AbortSignal.any([signal, timeout]) : timeout;
      try {
        const res = await send(`${this.root}${path}`, {
          method,
          headers: this.headers(true),
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          signal: both,
          connectTimeoutMs: this.opts.connectTimeoutMs,
          firstByteTimeoutMs: this.opts.requestTimeoutMs,
          serverName: this.serverName,
        });
        const status = res.statusCode ?? 0;
        if (attempt < retries && status >= 502 && status <= 504) {
          res.resume();
          await sleep(backoffMs(attempt), signal);
          continue;
        }
        return { status, res };
      } catch (err) {
        if (signal?.aborted === true) throw abortError();
        if (timeout.aborted) {
          throw new BackendError({
            code: 'first_byte_timeout',
            message: `${this.root}${path} did not answer within ${this.opts.requestTimeoutMs} ms`,
          });
        }
        if (err instanceof TransportError && attempt < retries) {
          this.log.debug('retrying', { path, attempt: attempt + 1, reason: err.code });
          await sleep(backoffMs(attempt), signal);
          continue;
        }
        if (err instanceof TransportError)
          throw new BackendError({ code: err.code, message: err.message });
        throw err;
      }
    }
  }

  /** The body of a short request; the request timeout also covers reading it. */
  private async readBody(
    res: IncomingMessage,
    path: string,
    signal?: AbortSignal,
  ): Promise<string> {
    try {
      return await readText(res);
    } catch (err) {
      if (signal?.aborted === true) throw err;
      throw new BackendError({
        code: isAbort(err) ? 'stalled' : 'cut',
        message: isAbort(err)
          ? `${this.root}${path} did not finish its answer within ${this.opts.requestTimeoutMs} ms`
          : `the connection to ${this.root} closed in the middle of the answer to ${path}`,
      });
    }
  }

  private async json(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    signal: AbortSignal | undefined,
    idempotent = true,
  ): Promise<unknown> {
    const { status, res } = await this.call(method, path, body, signal, idempotent);
    const text = await this.readBody(res, path, signal);
    if (status !== 200) throw httpError(status, text, path);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new BackendError({
        code: 'malformed',
        message: `${path} did not answer JSON: ${oneLine(text, 120)}`,
      });
    }
  }

  /** Whether a GET route exists (probed once per backend; 404/405 = absent). */
  private async probe(path: string, signal?: AbortSignal): Promise<boolean> {
    const known = this.routes.get(path);
    if (known !== undefined) return known === 'present';
    let present: boolean;
    try {
      const { status, res } = await this.call('GET', path, undefined, signal, true);
      res.resume();
      present = status === 200;
    } catch (err) {
      if (isAbort(err, signal)) throw err;
      return false; // unreachable: do not remember
    }
    this.routes.set(path, present ? 'present' : 'absent');
    return present;
  }

  async capabilities(signal?: AbortSignal): Promise<BackendCapabilities> {
    if (this.caps !== undefined) return this.caps;
    const models = await this.listModels(signal).catch((err: unknown) => {
      if (isAbort(err, signal)) throw err;
      return [] as BackendModel[];
    });
    const [metrics, systemInfo] = await Promise.all([
      this.probe('/metrics', signal),
      this.probe('/v1/system/info', signal),
    ]);
    // Only a version the server states is shown; none is guessed from features.
    const serverVersion = systemInfo
      ? (await this.systemInfo(signal).catch(() => undefined))?.serverVersion
      : undefined;
    const managed = this.kind === 'mistralrs' && models.some((m) => m.status !== undefined);
    const tools = models.some((m) => m.toolsAvailable === true);
    this.caps = {
      modelManagement: managed,
      metrics,
      systemInfo,
      // Neither 0.8.1 nor the OpenAI model list says which inputs a model takes;
      // the app learns that from discovery, not from here.
      visionInput: false,
      audioInput: false,
      imageGeneration: this.kind === 'mistralrs',
      speechGeneration: this.kind === 'mistralrs',
      toolCalling: true,
      webSearch: tools,
      ...(serverVersion !== undefined ? { serverVersion } : {}),
    };
    return this.caps;
  }

  async health(signal?: AbortSignal): Promise<HealthReport> {
    const started = performance.now();
    const ms = (): number => Math.round(performance.now() - started);
    try {
      const path = this.kind === 'mistralrs' ? '/health' : '/v1/models';
      const { status, res } = await this.call('GET', path, undefined, signal, true);
      const text = await this.readBody(res, path, signal);
      if (status === 200) return { ok: true, ms: ms() };
      return {
        ok: false,
        ms: ms(),
        message: `${path} answered HTTP ${status}: ${errorMessageOf(text)}`,
      };
    } catch (err) {
      if (isAbort(err, signal)) throw err;
      return { ok: false, ms: ms(), message: err instanceof Error ? err.message : String(err) };
    }
  }

  async listModels(signal?: AbortSignal): Promise<readonly BackendModel[]> {
    const doc = await this.json('GET', '/v1/models', undefined, signal);
    const list = parseModelList(doc);
    if (list === undefined) {
      throw new BackendError({
        code: 'malformed',
        message: '/v1/models did not answer an OpenAI model list',
      });
    }
    return list;
  }

  private async modelRoute(
    route: 'status' | 'unload' | 'reload',
    modelId: string,
    signal?: AbortSignal,
  ): Promise<ModelStatusReport> {
    if (this.kind !== 'mistralrs') {
      throw new BackendError({
        code: 'unsupported',
        message: `${this.root} does not manage models`,
      });
    }
    // These routes answer HTTP 200 even on failure; the outcome is `status`.
    const doc = await this.json(
      'POST',
      `/v1/models/${route}`,
      { model_id: modelId },
      signal,
      route === 'status',
    );
    const report = parseStatusReport(doc, modelId);
    if (report === undefined) {
      throw new BackendError({
        code: 'malformed',
        message: `/v1/models/${route} answered without a status`,
      });
    }
    return report;
  }

  modelStatus(modelId: string, signal?: AbortSignal): Promise<ModelStatusReport> {
    return this.modelRoute('status', modelId, signal);
  }
  unloadModel(modelId: string, signal?: AbortSignal): Promise<ModelStatusReport> {
    return this.modelRoute('unload', modelId, signal);
  }
  /**
   * mistral.rs's reload route loads an *unloaded* model only. Sent for a
   * loaded one, 0.8.1 answers `not_found` and leaves the model marked
   * "reloading" for good (listed twice; after a later unload it can never be
   * loaded again: every request gets `ModelReloading`). So a loaded model is
   * unloaded first, then loaded.
   */
  async reloadModel(modelId: string, signal?: AbortSignal): Promise<ModelStatusReport> {
    if ((await this.modelStatus(modelId, signal)).status === 'loaded') {
      const r = await this.unloadModel(modelId, signal);
      if (r.status !== 'unloaded') return r;
    }
    return this.modelRoute('reload', modelId, signal);
  }
  /** Loads an unloaded model (the reload route); a loaded one is left alone (see reloadModel). */
  async loadModel(modelId: string, signal?: AbortSignal): Promise<ModelStatusReport> {
    const now = await this.modelStatus(modelId, signal);
    if (now.status === 'loaded') return now;
    return this.modelRoute('reload', modelId, signal);
  }

  async systemInfo(signal?: AbortSignal): Promise<SystemInfo | undefined> {
    if (!(await this.probe('/v1/system/info', signal))) return undefined;
    return parseSystemInfo(await this.json('GET', '/v1/system/info', undefined, signal));
  }

  async metrics(signal?: AbortSignal): Promise<ServerMetrics | undefined> {
    if (!(await this.probe('/metrics', signal))) return undefined;
    const { status, res } = await this.call('GET', '/metrics', undefined, signal, true);
    const text = await this.readBody(res, '/metrics', signal);
    if (status !== 200) return undefined;
    return parseServerMetrics(text);
  }

  async generateImage(
    prompt: string,
    opts: { width?: number; height?: number; n?: number; model?: string } = {},
    signal?: AbortSignal,
  ): Promise<GeneratedImage[]> {
    const path = '/v1/images/generations';
    const model = opts.model ?? MODEL_ALIAS;
    // 0.8.1 takes the enum name "B64Json"; OpenAI's "b64_json" is refused with 422.
    const { status, res } = await this.call(
      'POST',
      path,
      {
        model,
        prompt,
        n: opts.n ?? 1,
        response_format: this.kind === 'mistralrs' ? 'B64Json' : 'b64_json',
        ...(opts.width !== undefined ? { width: opts.width } : {}),
        ...(opts.height !== undefined ? { height: opts.height } : {}),
      },
      signal,
      false,
    );
    const text = await this.readBody(res, path, signal);
    if (status !== 200) {
      const refused = generationRefused('image', model, status, errorMessageOf(text));
      throw refused !== undefined ? new BackendError(refused) : httpError(status, text, path);
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text) as unknown;
    } catch {
      throw new BackendError({
        code: 'malformed',
        message: `${path} did not answer JSON: ${oneLine(text, 120)}`,
      });
    }
    const data = (doc as { data?: unknown }).data;
    if (!Array.isArray(data))
      throw new BackendError({ code: 'malformed', message: 'no images in the answer' });
    const images = (data as { b64_json?: unknown }[])
      .filter((d) => typeof d.b64_json === 'string')
      .map((d) => ({
        mime: 'image/png',
        bytes: new Uint8Array(Buffer.from(d.b64_json as string, 'base64')),
      }));
    if (images.length === 0) {
      throw new BackendError({
        code: 'malformed',
        message: `${path} answered without image data (b64_json); the server may have written the images to its own disk`,
      });
    }
    return images;
  }

  async generateSpeech(
    input: string,
    opts: { format?: 'wav' | 'mp3' | 'flac' | 'opus' | 'aac' | 'pcm'; model?: string } = {},
    signal?: AbortSignal,
  ): Promise<GeneratedSpeech> {
    const model = opts.model ?? MODEL_ALIAS;
    const { status, res } = await this.call(
      'POST',
      '/v1/audio/speech',
      { model, input, response_format: opts.format ?? 'wav' },
      signal,
      false,
    );
    if (status !== 200) {
      const text = await this.readBody(res, '/v1/audio/speech', signal);
      const refused = generationRefused('speech', model, status, errorMessageOf(text));
      throw refused !== undefined
        ? new BackendError(refused)
        : httpError(status, text, '/v1/audio/speech');
    }
    const bytes = await readBytes(res);
    return { ...parseAudioType(res.headers['content-type']), bytes };
  }

  streamChat(request: ChatRequest, signal?: AbortSignal): AsyncIterable<ChatEvent> {
    const events = withPartsRefused(request, this.byIdWhenPoisoned(request, signal));
    return request.webSearch !== undefined ? withSearchStatus(events) : events;
  }

  /**
   * mistral.rs refuses "default" after its model was unloaded (EnginePoisoned,
   * even once the model is loaded again) while the model's own id works. When
   * the server lists one model besides the alias, the request goes again by
   * that id: the refusal came before any token, so nothing is sent twice.
   */
  private async *byIdWhenPoisoned(
    request: ChatRequest,
    signal?: AbortSignal,
  ): AsyncGenerator<ChatEvent> {
    for await (const ev of this.stream(request, signal)) {
      if (
        ev.type === 'error' &&
        ev.error.code === 'engine_poisoned' &&
        request.model === MODEL_ALIAS &&
        this.kind === 'mistralrs'
      ) {
        const id = aliasTarget(await this.listModels(signal).catch(() => []));
        if (id !== undefined) {
          this.log.info('"default" refused (EnginePoisoned): sent again by the model id', {
            model: id,
          });
          yield* this.stream({ ...request, model: id }, signal);
          return;
        }
      }
      yield ev;
    }
  }

  private async *stream(request: ChatRequest, signal?: AbortSignal): AsyncGenerator<ChatEvent> {
    const body = JSON.stringify(chatBody(request, this.kind));
    const url = `${this.root}/v1/chat/completions`;
    const retries = this.opts.retries ?? 3;
    const loadingDeadline = Date.now() + this.opts.firstByteTimeoutMs;
    let res: IncomingMessage | undefined;
    let toldLoading = false;
    for (let attempt = 0; res === undefined;) {
      try {
        const r = await send(url, {
          method: 'POST',
          headers: this.headers(false),
          body,
          ...(signal !== undefined ? { signal } : {}),
          connectTimeoutMs: this.opts.connectTimeoutMs,
          firstByteTimeoutMs: this.opts.firstByteTimeoutMs,
          serverName: this.serverName,
        });
        if (r.statusCode === 503 && Date.now() < loadingDeadline) {
          // The model is loading: say so, poll, then send again.
          const text = await readText(r);
          if (!toldLoading) {
            toldLoading = true;
            yield { type: 'loading', message: errorMessageOf(text) || 'the model is loading' };
          }
          await sleep(this.opts.loadingPollMs ?? 1000, signal);
          continue;
        }
        res = r;
      } catch (err) {
        if (isAbort(err, signal)) {
          yield { type: 'finish', reason: 'cancelled' };
          return;
        }
        // Retried only when nothing came back: the server cannot have started a reply.
        const retriable =
          err instanceof TransportError &&
          (err.code === 'unreachable' || err.code === 'connect_timeout');
        if (retriable && attempt < retries) {
          this.log.debug('retrying chat before any byte', {
            attempt: attempt + 1,
            reason: err.code,
          });
          try {
            await sleep(backoffMs(attempt++), signal);
          } catch {
            yield { type: 'finish', reason: 'cancelled' };
            return;
          }
          continue;
        }
        yield { type: 'error', error: transportInfo(err) };
        return;
      }
    }
    const status = res.statusCode ?? 0;
    if (status !== 200) {
      const text = await readText(res).catch(() => '');
      this.log.warn('chat request failed', { status });
      const said = errorMessageOf(text);
      yield {
        type: 'error',
        error: isPoisoned(said)
          ? poisonedInfo(status, said, request.model)
          : infoOf(httpError(status, text, '/v1/chat/completions')),
      };
      return;
    }
    if ((res.headers['content-type'] ?? '').includes('application/json')) {
      // A server that ignored `stream: true`: one JSON answer through the same decoder.
      const decoder = new ChunkDecoder();
      yield* decoder.data(await readText(res));
      yield* decoder.end();
      return;
    }
    yield* this.readStream(res, signal);
  }

  private async *readStream(res: IncomingMessage, signal?: AbortSignal): AsyncGenerator<ChatEvent> {
    const sse = new SseChatStream();
    let timer: NodeJS.Timeout | undefined;
    let stalledAfterMs = 0;
    // Before the first data event the model may still be reading the prompt
    // (or loading): the first-byte timeout applies; after it, the idle timeout.
    // Keep-alive comments do not re-arm the timer: they are not progress.
    const arm = (ms: number): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        stalledAfterMs = ms;
        res.destroy();
      }, ms);
    };
    const utf8 = new TextDecoder();
    arm(this.opts.firstByteTimeoutMs);
    let failure: unknown;
    try {
      for await (const chunk of res as AsyncIterable<Buffer>) {
        const before = sse.dataEvents;
        const events = sse.feed(utf8.decode(chunk, { stream: true }));
        if (sse.dataEvents === before) continue;
        clearTimeout(timer); // a slow consumer is not a stalled server
        for (const ev of events) {
          yield ev;
          if (ev.type === 'error') return;
        }
        if (sse.done) return;
        arm(this.opts.idleTimeoutMs);
      }
    } catch (err) {
      failure = err;
    } finally {
      clearTimeout(timer);
      res.destroy();
    }
    if (signal?.aborted === true || (failure !== undefined && isAbort(failure))) {
      yield { type: 'finish', reason: 'cancelled' };
      return;
    }
    if (stalledAfterMs > 0) {
      yield {
        type: 'error',
        error: {
          code: 'stalled',
          message:
            sse.dataEvents === 0
              ? `the server sent no reply data for ${stalledAfterMs / 1000} s — the model may be loading or stuck; raise first_byte_timeout_ms if it needs longer.`
              : `the reply stalled: no data for ${stalledAfterMs / 1000} s — the server may be overloaded; raise idle_timeout_ms if it needs longer.`,
        },
      };
      return;
    }
    yield* [...sse.feed(utf8.decode()), ...sse.end()];
  }
}

/**
 * mistral.rs runs web searches inside the server and hides their turns in a
 * stream: the client sees only a pause. Since we asked for search, the pause
 * before the first output is labelled as searching — no more than that.
 */
async function* withSearchStatus(events: AsyncIterable<ChatEvent>): AsyncGenerator<ChatEvent> {
  yield { type: 'webSearch', phase: 'started' };
  let open = true;
  for await (const ev of events) {
    if (open && ev.type !== 'loading' && ev.type !== 'usage') {
      open = false;
      yield { type: 'webSearch', phase: 'finished' };
    }
    yield ev;
  }
}

/**
 * A text-only model's chat template fails on image or audio parts: HTTP 500
 * before a stream, or a plain-text error event inside one (0.8.1). Either way
 * the chat gets an `incompatible` error naming the model and what it takes.
 */
async function* withPartsRefused(
  request: ChatRequest,
  events: AsyncIterable<ChatEvent>,
): AsyncGenerator<ChatEvent> {
  for await (const ev of events) {
    if (ev.type === 'error' && (ev.error.code === 'server' || ev.error.code === 'http')) {
      const refused = partsRefused(request, serverSaid(ev.error), ev.error.status);
      if (refused !== undefined) {
        yield { type: 'error', error: refused };
        continue;
      }
    }
    yield ev;
  }
}

/** The server's own words inside an error made by httpError ("HTTP 500: ..."). */
function serverSaid(e: BackendErrorInfo): string {
  return e.message.replace(/^HTTP \d+: /, '');
}

/** A plain object (an Error's message does not survive JSON.stringify). */
function infoOf(e: BackendError): BackendErrorInfo {
  return {
    code: e.code,
    message: e.message,
    ...(e.status !== undefined ? { status: e.status } : {}),
  };
}

function transportInfo(err: unknown): BackendErrorInfo {
  if (err instanceof TransportError) return { code: err.code, message: err.message };
  return { code: 'unreachable', message: err instanceof Error ? err.message : String(err) };
}

/** An HTTP error with the server's own message, in any of the shapes servers use. */
export function httpError(status: number, body: string, path: string): BackendError {
  const message = errorMessageOf(body);
  if (status === 401 || status === 403) {
    return new BackendError({
      code: 'auth',
      status,
      message: `the server refused the API key (HTTP ${status}) — set api_key or api_key_env for this profile${message !== '' ? `: ${message}` : ''}`,
    });
  }
  if (status === 404) {
    return new BackendError({
      code: 'http',
      status,
      message: `${path} is not served here (HTTP 404) — check the URL and the backend kind`,
    });
  }
  return new BackendError({
    code: 'http',
    status,
    message: `HTTP ${status}: ${message !== '' ? message : 'no message from the server'}`,
  });
}
