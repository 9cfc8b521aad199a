// What the runtime needs from the outside world, handed in by main.ts: the
// chat backend, the session store (optional: the app runs without one), a
// reply recorder over the store's streaming writes, a reply meter, a logger.
import type { ChatBackend } from '../domain/backend.js';
import type { ChatEvent, SamplingSettings } from '../domain/chat.js';
import type { Inventory } from '../domain/inventory.js';
import type { LogFeed, Logger } from '../domain/log.js';
import type { LaunchSpec } from '../domain/model.js';
import type { Message, SessionBundle } from '../domain/session.js';
import type { Finalize, SessionStore } from '../domain/store.js';
import type { HardwareReading, QueueReading, ReplyMetrics } from '../domain/telemetry.js';

/** A reply being written to the store as it streams (services/store StreamWriter). */
export interface ReplyRecorder {
  readonly message: Message;
  push(delta: { readonly content?: string; readonly reasoning?: string }): void;
  finish(result: Finalize): Promise<Message>;
}

export interface ReplyMeterPort {
  observe(ev: ChatEvent): void;
  finish(): ReplyMetrics;
}

/** Writes session exports (services/export/exporter.ts); `~` in a path is the home folder. */
export interface SessionExporterPort {
  resolve(typed: string): string;
  existing(file: string): 'file' | 'folder' | undefined;
  write(file: string, bundle: SessionBundle, format: 'md' | 'jsonl'): void;
}

/** What a launched server reports (services/launcher LauncherEvent, the part used here). */
export type LaunchEvent =
  | { readonly type: 'starting'; readonly argv: readonly string[]; readonly port: number }
  | { readonly type: 'line'; readonly stream: 'stdout' | 'stderr'; readonly text: string }
  | { readonly type: 'progress'; readonly message: string }
  | { readonly type: 'queue'; readonly running: number; readonly waiting: number }
  | { readonly type: 'ready'; readonly url: string; readonly ms: number }
  | {
      readonly type: 'exited';
      readonly code: number | null;
      readonly signal: string | null;
      readonly expected: boolean;
      readonly lastLines: readonly string[];
    };

/** Starts one mistral.rs server at a time (services/launcher ServerLauncher). */
export interface LauncherPort {
  /** The binary, or why there is none (with the install hint; `configured`: the launcher.binary that is not one). */
  find(): Promise<
    { found: true; path: string } | { found: false; message: string; configured?: string }
  >;
  /** Stops the running one first; resolves with its URL once /health answers. */
  start(spec: LaunchSpec, onEvent: (e: LaunchEvent) => void): Promise<{ url: string }>;
  stop(): Promise<void>;
}

/** The model browser's services (runtime/models-effects.ts). */
export interface ModelPorts {
  /** The inventory, built on first use (its parsers stay off the start-up path). */
  inventory?(): Promise<Inventory>;
  readonly launcher?: LauncherPort;
  /** A backend for a mistral.rs server at `url` (a launched one). */
  httpBackend(url: string): ChatBackend;
  /** An in-process backend for a GGUF file (node-llama-cpp, loaded lazily). */
  embeddedBackend(modelPath: string): ChatBackend;
}

export interface AppPorts {
  readonly backend: ChatBackend;
  readonly store?: SessionStore;
  startReply(
    store: SessionStore,
    input: {
      readonly sessionId: string;
      readonly parentId: string | null;
      readonly modelId: string;
    },
  ): Promise<ReplyRecorder>;
  meter(): ReplyMeterPort;
  readonly logger: Logger;
  readonly sampling?: SamplingSettings;
  /** Session exports from the sessions tab; without it exporting says so. */
  readonly exporter?: SessionExporterPort;
  /** Discovery, launching and backend switching; absent: the models tab shows the server's list only. */
  readonly models?: ModelPorts;
  /** A telemetry poller for a backend (services/telemetry TelemetryPoller); absent: no server figures. */
  readonly telemetry?: (
    backend: ChatBackend,
    onReading: (r: TelemetryReading) => void,
  ) => TelemetryPort;
  /** The log's live records (services/log LogTail) for the logs tab. */
  readonly logFeed?: LogFeed;
}

/** A reading of the telemetry poller (services/telemetry/poller.ts). */
export type TelemetryReading =
  | { readonly type: 'queue'; readonly reading: QueueReading }
  | { readonly type: 'hardware'; readonly reading: HardwareReading }
  | { readonly type: 'queue-unavailable' };

export interface TelemetryPort {
  start(): void;
  stop(): void;
  pollOnce(): Promise<void>;
}
