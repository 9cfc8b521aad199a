// Everything that can happen to the app, as data: input from the terminal,
// commands, and the results of effects reported back by the runtime.
import type { BackendCapabilities, BackendModel, ServerMetrics } from '../../domain/backend.js';
import type { ChatEvent } from '../../domain/chat.js';
import type { ModelDescription, ModelFolder } from '../../domain/model.js';
import type { JsonObject } from '../../domain/session.js';
import type { HardwareReading } from '../../domain/telemetry.js';
import type { KeyEvent, MouseEvent } from '../../tui/index.js';
import type { CommandId } from './keymap.js';
import type {
  BinaryState,
  ChatItem,
  FreeMemory,
  LayoutName,
  ReplyFigures,
  ReplyTrace,
  SessionHit,
  SessionSummary,
  SidebarTab,
  TemplateItem,
} from './state.js';
import type { ThemeName } from './themes.js';
import type { ChatRowMap } from './screen.js';
import type { AgentAction } from './agent.js';
import type { AttachmentRef } from './attachments.js';

/** The attachments' results (runtime/attachment-effects.ts; panes/attachments.ts). */
export type MediaAction =
  /** A file was read: a chip for it. */
  | { readonly type: 'attachmentProbed'; readonly ref: AttachmentRef }
  /** A pasted path that names no media file: the text goes into the editor as typed. */
  | { readonly type: 'pasteText'; readonly text: string }
  /** Image and audio files under the working folder (relative paths), for the picker. */
  | {
      readonly type: 'mediaFiles';
      readonly root: string;
      readonly files: readonly string[];
      /** Open the picker (else only /attach's completion wanted them). */
      readonly open: boolean;
    }
  /** Saved attachments by the store id of their message. */
  | {
      readonly type: 'attachmentsLoaded';
      readonly sessionId: string;
      readonly byMessage: Readonly<Record<string, readonly AttachmentRef[]>>;
    }
  /** A message's attachments were saved: its item shows the stored copies. */
  | {
      readonly type: 'attachmentsSaved';
      readonly itemId: string;
      readonly refs: readonly AttachmentRef[];
    }
  | { readonly type: 'playbackEnded'; readonly key: string }
  /** A generation ended: the reply's attachments, or why it failed. */
  | {
      readonly type: 'generationEnded';
      readonly requestId: string;
      readonly refs: readonly AttachmentRef[];
      readonly error?: string;
      readonly cancelled?: boolean;
    };

/** What is under the mouse pointer, hit-tested on the last frame's layout (geometry/layout.ts). */
export type HitTarget =
  /** `item`: the message drawn on that row; `rows`: what the chat drew (for a text selection). */
  | { readonly pane: 'chat'; readonly item?: number; readonly rows?: ChatRowMap }
  /** `chip`: the attachment chip under the pointer (its index); `remove`: on its ✕. */
  | { readonly pane: 'composer'; readonly chip?: number; readonly remove?: boolean }
  | { readonly pane: 'status' }
  | { readonly pane: 'inspector' }
  | { readonly pane: 'toast'; readonly index: number }
  | { readonly pane: 'sidebarBorder' }
  | { readonly pane: 'sidebarTab'; readonly tab: SidebarTab }
  /** `index`: the list row under the pointer, as the tab's view counts it. */
  | { readonly pane: 'sidebar'; readonly index?: number };

export type Action =
  /** Agent mode: MCP servers, tool progress and outcomes (panes/agent.ts). */
  | { readonly type: 'agent'; readonly event: AgentAction }
  | { readonly type: 'key'; readonly event: KeyEvent }
  | { readonly type: 'paste'; readonly text: string }
  /** A mouse event with the pane under it, hit-tested on the last frame's layout. */
  | { readonly type: 'mouse'; readonly event: MouseEvent; readonly hit: HitTarget | undefined }
  | { readonly type: 'resize'; readonly width: number; readonly height: number }
  | { readonly type: 'tick' }
  | { readonly type: 'command'; readonly id: CommandId }
  | { readonly type: 'health'; readonly ok: boolean; readonly message?: string }
  /** Settings remembered in the store from an earlier run. */
  | {
      readonly type: 'settingsLoaded';
      readonly layout?: LayoutName;
      readonly theme?: ThemeName;
      readonly sidebarTab?: SidebarTab;
      readonly sidebarWidth?: number;
      /** The model the last chat used ('chat.last_model'). */
      readonly lastModel?: string;
    }
  | {
      readonly type: 'sessionsLoaded';
      readonly items: readonly SessionSummary[];
      readonly problem?: string;
      /** Sessions matching the filter, loaded or not. */
      readonly total?: number;
    }
  /** A further page of the session list (loadMoreSessions). */
  | {
      readonly type: 'sessionsPage';
      readonly offset: number;
      readonly items: readonly SessionSummary[];
      readonly total: number;
    }
  /** The answer to searchSessions number `seq`. */
  | {
      readonly type: 'sessionsSearched';
      readonly seq: number;
      readonly hits: readonly SessionHit[];
      readonly error?: string;
    }
  /** The store renamed, tagged, archived or unarchived a session. */
  | {
      readonly type: 'sessionUpdated';
      readonly session: SessionSummary;
      readonly change: 'renamed' | 'tagged' | 'archived' | 'unarchived';
    }
  | { readonly type: 'sessionsDeleted'; readonly ids: readonly string[] }
  /** A fork of `from` was made (and should be opened). */
  | { readonly type: 'sessionForked'; readonly session: SessionSummary; readonly from: string }
  | { readonly type: 'sessionExported'; readonly file: string }
  /** Exporting would replace an existing file: ask first. */
  | {
      readonly type: 'exportExists';
      readonly sessionId: string;
      readonly file: string;
      readonly format: 'md' | 'jsonl';
    }
  | {
      readonly type: 'sessionOpened';
      readonly session: SessionSummary;
      readonly items: readonly ChatItem[];
    }
  /** The store created the session the first message went to. */
  | { readonly type: 'sessionCreated'; readonly session: SessionSummary }
  /** A local item was saved; it now has a store id. */
  | { readonly type: 'itemSaved'; readonly itemId: string; readonly storeId: string }
  | { readonly type: 'chatEvent'; readonly requestId: string; readonly event: ChatEvent }
  | {
      readonly type: 'streamEnded';
      readonly requestId: string;
      readonly figures: ReplyFigures;
    }
  // --- one chat turn, as the runtime reports it (runtime/chat-turn.ts) ---
  /**
   * The turn's messages are in the store (before its first token): the session
   * its first message created, and the items that got a store id. Stands for
   * sessionCreated, sessionSettingsLoaded, itemSaved and siblingsLoaded, in that order.
   */
  | {
      readonly type: 'turnSaved';
      readonly created?: { readonly session: SessionSummary; readonly settings: JsonObject };
      readonly items: readonly SavedItem[];
    }
  /** The events of one reply that arrived within a frame, in order (one chatEvent each). */
  | {
      readonly type: 'chatEvents';
      readonly requestId: string;
      readonly events: readonly ChatEvent[];
    }
  /** The reply ended and its last write is done: its figures and the inspector's trace of it. */
  | {
      readonly type: 'turnEnded';
      readonly requestId: string;
      readonly figures: ReplyFigures;
      /** The reply's store id, or its item id when it was not saved. */
      readonly traceKey: string;
      readonly trace: ReplyTrace;
    }
  | { readonly type: 'notice'; readonly level: 'info' | 'warn' | 'error'; readonly text: string }
  /** The thread of another branch of the open session (openBranch). */
  | {
      readonly type: 'branchOpened';
      readonly sessionId: string;
      readonly items: readonly ChatItem[];
      readonly selected: number;
    }
  /** Store ids of a saved item and its siblings (after a retry or an edit added one). */
  | { readonly type: 'siblingsLoaded'; readonly itemId: string; readonly ids: readonly string[] }
  /** What the runtime sent and received for a reply (the inspector shows it). */
  | { readonly type: 'replyTraced'; readonly itemId: string; readonly trace: ReplyTrace }
  /** A session's stored settings (on opening it, or once the first message created it). */
  | {
      readonly type: 'sessionSettingsLoaded';
      readonly sessionId: string;
      readonly settings: JsonObject;
    }
  | {
      readonly type: 'templatesLoaded';
      readonly templates: readonly TemplateItem[];
      readonly open?: boolean;
      readonly insert?: string;
    }
  // --- the model browser (panes/models.ts) ---
  | {
      readonly type: 'inventoryLoaded';
      readonly models: readonly ModelDescription[];
      readonly problem?: string;
      /** Where the scan looked; absent when discovery did not run. */
      readonly folders?: readonly ModelFolder[];
    }
  /** Whether the mistralrs binary is there to launch servers with (looked up at start and on launch). */
  | { readonly type: 'launcherChecked'; readonly binary: BinaryState }
  | {
      readonly type: 'serverModelsLoaded';
      readonly models: readonly BackendModel[];
      readonly problem?: string;
      readonly memory?: FreeMemory;
    }
  /** A load/unload/reload/launch/embed finished (ok or not); `text` says how. */
  | {
      readonly type: 'modelWorkDone';
      readonly key: string;
      readonly ok: boolean;
      readonly text: string;
      /** A load/unload/reload: the model and the status the server answered. */
      readonly model?: { readonly id: string; readonly status: string };
    }
  /** The runtime replaced the backend (a launched server, an embedded model). */
  | {
      readonly type: 'backendSwitched';
      readonly name: string;
      readonly kind: string;
      readonly url?: string;
      readonly model: string;
      /** Set when the new backend is a server this app launched. */
      readonly launched?: { readonly modelId: string; readonly url: string };
    }
  /** The server this app launched exited without being asked to. */
  | { readonly type: 'launchedExited'; readonly text: string }
  /** A line a server launched by the app printed (the logs tab shows them). */
  | { readonly type: 'serverLine'; readonly stream: 'stdout' | 'stderr'; readonly text: string }
  /** Queue depth of the launched server (from its output or its /metrics). */
  | {
      readonly type: 'serverQueue';
      readonly running: number;
      readonly waiting: number;
      /** "metrics": the server's /metrics route; "log" (the default): a launched server's log line. */
      readonly source?: 'metrics' | 'log';
    }
  /** A record the app's logger wrote (the logs tab shows them). */
  | {
      readonly type: 'logRecord';
      readonly at: string;
      readonly level: 'debug' | 'info' | 'warn' | 'error';
      readonly message: string;
      readonly fields?: Readonly<Record<string, unknown>>;
    }
  /** Log records gathered over a frame (the runtime batches them: one update per frame). */
  | { readonly type: 'logRecords'; readonly records: readonly LogRecordData[] }
  /** What the backend and the telemetry poller reported (the metrics tab and status bar show it). */
  | { readonly type: 'telemetry'; readonly update: TelemetryUpdate }
  | MediaAction;

/** A chat item of a turn that the store saved, with its siblings once there are several. */
export interface SavedItem {
  readonly itemId: string;
  readonly storeId: string;
  readonly siblings?: readonly string[];
}

export interface LogRecordData {
  readonly at: string;
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly fields?: Readonly<Record<string, unknown>>;
}

export type TelemetryUpdate =
  | { readonly kind: 'capabilities'; readonly capabilities: BackendCapabilities }
  | { readonly kind: 'hardware'; readonly reading: HardwareReading }
  /** The server reports no queue depth (no /metrics route). */
  | { readonly kind: 'queueUnavailable' }
  /** What the server's /metrics said, read at `at` (epoch ms). */
  | { readonly kind: 'server'; readonly metrics: ServerMetrics; readonly at: number }
  /** A model's context window, in tokens. */
  | { readonly kind: 'contextLength'; readonly model: string; readonly tokens: number };
