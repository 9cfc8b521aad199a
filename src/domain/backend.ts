// The ChatBackend port: everything that serves a model implements it, so the
// app streams, cancels, switches and measures the same way whatever serves the
// tokens. Imports only sibling domain types.
import type { BackendErrorCode, BackendErrorInfo, ChatEvent, ChatRequest } from './chat.js';

export type BackendKind = 'mistralrs' | 'openai' | 'embedded';

/** What a backend can do; probed from the server, never assumed from a version. */
export interface BackendCapabilities {
  readonly modelManagement: boolean;
  readonly metrics: boolean;
  readonly systemInfo: boolean;
  readonly visionInput: boolean;
  readonly audioInput: boolean;
  readonly imageGeneration: boolean;
  readonly speechGeneration: boolean;
  readonly toolCalling: boolean;
  readonly webSearch: boolean;
  /** The server's version, where it states it (mistral.rs 0.9+ in its system info). */
  readonly serverVersion?: string;
}

export type ModelStatus =
  | 'loaded'
  | 'unloaded'
  | 'reloading'
  | 'not_found'
  | 'no_loader_config'
  | 'internal_error'
  | (string & {});

export interface BackendModel {
  readonly id: string;
  /** Known only to backends that manage models (mistral.rs). */
  readonly status?: ModelStatus;
  readonly toolsAvailable?: boolean;
  readonly mcpToolsCount?: number;
}

/** The name mistral.rs lists first for the model it serves by default (it has no status). */
export const MODEL_ALIAS = 'default';

/**
 * The id that "default" stands for on this server: the one model it lists
 * besides the alias. Undefined when the list has no alias (not mistral.rs) or
 * several models (the list does not say which one is the default).
 *
 * Requests name the model by this id rather than "default": after an unload
 * (even once the model is reloaded) mistral.rs 0.8.1 refuses "default" with
 * EnginePoisoned until it restarts, while the model's own id keeps working.
 */
export function aliasTarget(models: readonly BackendModel[]): string | undefined {
  if (!models.some((m) => m.id === MODEL_ALIAS)) return undefined;
  // 0.8.1 may list a model twice (once "reloading", once "loaded"): ids count once.
  const named = new Set(models.filter((m) => m.id !== MODEL_ALIAS).map((m) => m.id));
  return named.size === 1 ? [...named][0] : undefined;
}

export interface ModelStatusReport {
  readonly modelId: string;
  readonly status: ModelStatus;
  readonly error?: string;
}

export interface HealthReport {
  readonly ok: boolean;
  readonly ms: number;
  readonly message?: string;
}

export interface DeviceInfo {
  readonly kind: string;
  readonly ordinal?: number;
  readonly name: string;
  readonly totalMemoryBytes?: number;
  readonly availableMemoryBytes?: number;
}

export interface SystemInfo {
  readonly os?: string;
  readonly cpuBrand?: string;
  readonly logicalCores?: number;
  readonly memoryTotalBytes?: number;
  readonly memoryAvailableBytes?: number;
  readonly devices: readonly DeviceInfo[];
  /** The server's own version, where its system info states it (mistral.rs 0.9+). */
  readonly serverVersion?: string;
}

/** A Prometheus histogram, label sets summed: cumulative counts by upper bound. */
export interface Histogram {
  /** Ascending upper bounds (seconds for the latency ones), the last one Infinity. */
  readonly buckets: readonly { readonly le: number; readonly count: number }[];
  readonly count: number;
}

/** Server-side gauges, from Prometheus text where the server has /metrics. */
export interface ServerMetrics {
  readonly running?: number;
  readonly waiting?: number;
  /** How many sequences the scheduler runs at once (its max-seqs). */
  readonly capacity?: number;
  readonly pendingAdmission?: number;
  readonly kvCacheBlocksUsed?: number;
  readonly kvCacheBlocksTotal?: number;
  /** Prompt and completion tokens processed since the server started. */
  readonly tokensProcessed?: number;
  readonly prefixCacheHits?: number;
  readonly prefixCacheLookups?: number;
  /** The server's time to first token per request (streamed requests only on mistral.rs 0.9.2). */
  readonly ttft?: Histogram;
  readonly interTokenLatency?: Histogram;
  /** Every sample by metric name (labels dropped, values summed). */
  readonly samples: Readonly<Record<string, number>>;
}

export interface GeneratedImage {
  readonly mime: string;
  readonly bytes: Uint8Array;
}

export interface GeneratedSpeech {
  readonly mime: string;
  readonly sampleRate?: number;
  readonly channels?: number;
  readonly bytes: Uint8Array;
}

export interface ChatBackend {
  readonly name: string;
  readonly kind: BackendKind;
  capabilities(signal?: AbortSignal): Promise<BackendCapabilities>;
  health(signal?: AbortSignal): Promise<HealthReport>;
  listModels(signal?: AbortSignal): Promise<readonly BackendModel[]>;
  /**
   * One reply as events. Never throws for transport or server failures: they
   * end the stream as an `error` event. Aborting `signal` closes the
   * connection at once and ends the stream with `finish` reason "cancelled".
   */
  streamChat(request: ChatRequest, signal?: AbortSignal): AsyncIterable<ChatEvent>;
  loadModel?(modelId: string, signal?: AbortSignal): Promise<ModelStatusReport>;
  unloadModel?(modelId: string, signal?: AbortSignal): Promise<ModelStatusReport>;
  reloadModel?(modelId: string, signal?: AbortSignal): Promise<ModelStatusReport>;
  modelStatus?(modelId: string, signal?: AbortSignal): Promise<ModelStatusReport>;
  systemInfo?(signal?: AbortSignal): Promise<SystemInfo | undefined>;
  metrics?(signal?: AbortSignal): Promise<ServerMetrics | undefined>;
  /** PNG images as bytes; `n` how many (default 1). BackendError code `incompatible` for a model that makes no images. */
  generateImage?(
    prompt: string,
    opts?: { width?: number; height?: number; n?: number; model?: string },
    signal?: AbortSignal,
  ): Promise<GeneratedImage[]>;
  /** Audio bytes (WAV by default); BackendError code `incompatible` for a model that does not speak. */
  generateSpeech?(
    input: string,
    opts?: { format?: 'wav' | 'mp3' | 'flac' | 'opus' | 'aac' | 'pcm'; model?: string },
    signal?: AbortSignal,
  ): Promise<GeneratedSpeech>;
  /** Frees what the backend holds (connections, an in-process model). */
  close?(): Promise<void>;
}

/** Thrown by the non-streaming calls; carries the same info as an error event. */
export class BackendError extends Error implements BackendErrorInfo {
  override readonly name = 'BackendError';
  readonly code: BackendErrorCode;
  readonly status?: number;
  constructor(info: BackendErrorInfo, options?: ErrorOptions) {
    super(info.message, options);
    this.code = info.code;
    if (info.status !== undefined) this.status = info.status;
  }
}
