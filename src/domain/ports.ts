// The runtime's ports: what it needs from the outside world, handed in by
// main.ts as one AppPorts record. Services implement them (services/store
// StreamWriter, services/telemetry ReplyMeter and TelemetryPoller,
// services/export, and model-ports.ts over services/launcher), so each type is
// written once, here. The app never sees them: it asks for work by returning
// effects. The older ports have files of their own: ChatBackend (backend.ts),
// SessionStore (store.ts), Inventory (inventory.ts), Logger and LogFeed (log.ts).
import type { McpClients, RuleWriter } from './agent/types.js';
import type { ChatBackend } from './backend.js';
import type { ChatEvent, SamplingSettings } from './chat.js';
import type { Inventory } from './inventory.js';
import type { LogFeed, Logger } from './log.js';
import type { ClipboardImage, MediaInfo, Playback, PlayerLookup, ScaledImage } from './media.js';
import type { LaunchSpec } from './model.js';
import type { ExportFormat, Message, SessionBundle } from './session.js';
import type { Finalize, SessionStore } from './store.js';
import type { ReplyMetrics, TelemetryReading } from './telemetry.js';

/** A reply being written to the store as it streams (services/store StreamWriter). */
export interface ReplyRecorder {
  readonly message: Message;
  push(delta: { readonly content?: string; readonly reasoning?: string }): void;
  finish(result: Finalize): Promise<Message>;
}

/** Measures one reply from its events (services/telemetry ReplyMeter). */
export interface ReplyMeterPort {
  observe(ev: ChatEvent): void;
  finish(): ReplyMetrics;
}

/** Writes session exports (services/export/exporter.ts). */
export interface SessionExporter {
  /** The absolute path `typed` names: `~` is the home folder, relative paths start at the working folder. */
  resolve(typed: string): string;
  /** 'file', 'folder', or undefined when nothing is there. */
  existing(file: string): 'file' | 'folder' | undefined;
  /**
   * Writes the export; Markdown also writes the bundle's `blobs` into an
   * `attachments/` folder beside the file (ask the store with `bytes: true`).
   */
  write(file: string, bundle: SessionBundle, format: ExportFormat): void;
}

/** What a launched mistral.rs server reports (services/launcher ServerLauncher). */
export type LauncherEvent =
  | { readonly type: 'starting'; readonly argv: readonly string[]; readonly port: number }
  | { readonly type: 'line'; readonly stream: 'stdout' | 'stderr'; readonly text: string }
  | { readonly type: 'progress'; readonly message: string }
  | {
      readonly type: 'queue';
      readonly running: number;
      readonly waiting: number;
      readonly throughputTokPerSec?: number;
    }
  | { readonly type: 'ready'; readonly url: string; readonly ms: number }
  | {
      readonly type: 'exited';
      readonly code: number | null;
      readonly signal: string | null;
      readonly expected: boolean;
      readonly lastLines: readonly string[];
    };

/** Starts one mistral.rs server at a time (model-ports.ts over services/launcher ServerLauncher). */
export interface LauncherPort {
  /** The binary, or why there is none (with the install hint; `configured`: the launcher.binary that is not one). */
  find(): Promise<
    { found: true; path: string } | { found: false; message: string; configured?: string }
  >;
  /** Stops the running one first; resolves with its URL once /health answers. */
  start(spec: LaunchSpec, onEvent: (e: LauncherEvent) => void): Promise<{ url: string }>;
  stop(): Promise<void>;
}

/** The model browser's services (runtime/models-effects.ts), built by model-ports.ts. */
export interface ModelPorts {
  /** The inventory, built on first use (its parsers stay off the start-up path). */
  inventory?(): Promise<Inventory>;
  readonly launcher?: LauncherPort;
  /** A backend for a mistral.rs server at `url` (a launched one). */
  httpBackend(url: string): ChatBackend;
  /** An in-process backend for a GGUF file (node-llama-cpp, loaded lazily). */
  embeddedBackend(modelPath: string): ChatBackend;
}

/** Polls the server's and the machine's figures (services/telemetry TelemetryPoller). */
export interface TelemetryPort {
  start(): void;
  stop(): void;
  pollOnce(): Promise<void>;
}

/** Media files for attachments (services/media): docs/attachments.md. */
export interface MediaPort {
  /** The type by magic bytes and the header's facts; undefined when it is none of the formats taken. */
  sniff(bytes: Uint8Array): MediaInfo | undefined;
  /** Reads a file and sniffs it; rejects with an Error in words for a missing file, a folder, or one over 512 MB. */
  sniffFile(
    path: string,
  ): Promise<{ readonly bytes: Uint8Array; readonly info: MediaInfo | undefined }>;
  /**
   * The image scaled down to `maxSide` (config attachments.max_image_side when
   * omitted) on its longest side and re-encoded (PNG stays PNG, others JPEG);
   * undefined when it already fits. Throws an Error naming the problem when
   * the picture cannot be decoded.
   */
  scaleImage(bytes: Uint8Array, maxSide?: number): Promise<ScaledImage | undefined>;
  /** An audio player on PATH (pw-play, paplay, aplay, afplay, ffplay, in that order). */
  findPlayer(): Promise<PlayerLookup>;
  /**
   * Plays a file (a path) or bytes (written to a temporary file first, removed
   * when playing ends) through the player found; rejects with an Error holding
   * the findPlayer message when there is none.
   */
  play(audio: string | Uint8Array): Promise<Playback>;
  /** The system clipboard's image through the platform's tool (wl-paste, xclip, pngpaste, PowerShell). */
  readClipboardImage(): Promise<ClipboardImage>;
}

/** Everything the runtime is handed: the chat backend, the optional services, the logger. */
export interface AppPorts {
  readonly backend: ChatBackend;
  /** The session store; absent: the app runs without one. */
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
  readonly exporter?: SessionExporter;
  /** Discovery, launching and backend switching; absent: the models tab shows the server's list only. */
  readonly models?: ModelPorts;
  /** A telemetry poller for a backend; absent: no server figures. */
  readonly telemetry?: (
    backend: ChatBackend,
    onReading: (r: TelemetryReading) => void,
  ) => TelemetryPort;
  /** The log's live records (services/log LogTail) for the logs tab. */
  readonly logFeed?: LogFeed;
  /** Media services for attachments; absent: attaching says it is not available. */
  readonly media?: MediaPort;
  /** Agent mode (issue 17): MCP clients and the writer of "always allow" rules; absent when off. */
  readonly agent?: { readonly clients: McpClients; readonly rules: RuleWriter };
}
