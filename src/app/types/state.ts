// The application's state: one tree of plain data (the composer's editor model
// is the one exception: the engine's TextAreaModel is a mutable object the app
// owns and only the composer reducer touches). Views read it; reducers return
// the next one.
import type { BackendModel } from '../../domain/backend.js';
import type { ModelDescription, ModelFolder, ModelFormat, ModelKind } from '../../domain/model.js';
import type { BackendCapabilities, ServerMetrics } from '../../domain/backend.js';
import type { HardwareReading } from '../../domain/telemetry.js';
import { TextAreaModel } from '../../tui/index.js';
import type { Dialog } from './dialog.js';
import type { CommandId, Context, Keymap } from './keymap.js';
import type { ThemeName } from './themes.js';
import type { ChatRowMap } from './screen.js';
import type { AttachmentRef, Generating, Playing } from './attachments.js';
import type { AgentState, ToolRecord } from './agent.js';

/** Panes that take focus. The sidebar shows one of its tabs; the inspector shows the selected message. */
export type Pane = 'composer' | 'chat' | 'sidebar' | 'inspector';
export type SidebarTab = 'sessions' | 'models' | 'metrics' | 'logs' | 'tools';
export const SIDEBAR_TABS: readonly SidebarTab[] = [
  'sessions',
  'models',
  'metrics',
  'logs',
  'tools',
];
/** single: chat only; dual: chat and sidebar; inspector: adds the message inspector. */
export type LayoutName = 'single' | 'dual' | 'inspector';
export const LAYOUTS: readonly LayoutName[] = ['single', 'dual', 'inspector'];
export type Connection = 'checking' | 'ok' | 'down';
export type MessageState = 'complete' | 'streaming' | 'cancelled' | 'error' | 'interrupted';

export interface ReplyFigures {
  readonly ttftMs?: number;
  readonly tokensPerSec?: number;
  readonly completionTokens?: number;
  readonly promptTokens?: number;
  /** Request sent to the end of the reply. */
  readonly totalMs?: number;
}

/** One event of a reply as the runtime received it (the inspector lists them). */
export interface TracedEvent {
  /** Milliseconds since the request was sent. */
  readonly ms: number;
  readonly type: string;
  /** A short form of the event's payload. */
  readonly text: string;
}

/**
 * What the runtime recorded for one reply, in memory only: the request sent
 * and the events received (the first and last few, and counts by type).
 */
export interface ReplyTrace {
  readonly model: string;
  readonly messages: readonly { readonly role: string; readonly content: string }[];
  readonly sampling?: Readonly<Record<string, unknown>>;
  readonly sentAt: string;
  readonly first: readonly TracedEvent[];
  readonly last: readonly TracedEvent[];
  readonly counts: Readonly<Record<string, number>>;
  readonly total: number;
}

export interface ChatItem {
  /** Local id, stable for the view cache; the store id once saved. */
  readonly id: string;
  readonly storeId?: string;
  readonly role: 'system' | 'user' | 'assistant' | 'tool';
  readonly content: string;
  readonly reasoning?: string;
  readonly status: MessageState;
  readonly error?: string;
  readonly modelId?: string;
  readonly createdAt: string;
  readonly figures?: ReplyFigures;
  /** Store ids of this message and its siblings (same parent), oldest first; set when there are several. */
  readonly siblings?: readonly string[];
  /** The reasoning block shown open (true) or folded (false); unset: open only while streaming. */
  readonly reasoningOpen?: boolean;
  readonly toolCalls?: unknown;
  /** Images and audio on the message (types/attachments.ts). */
  readonly attachments?: readonly AttachmentRef[];
  /** A tool message (agent mode): the call, its decision and result, drawn as a call card. */
  readonly tool?: ToolRecord;
  /** A tool message's card is open (its result shown in full). */
  readonly toolOpen?: boolean;
}

/** Whether an item's reasoning block is drawn open: as set, else while it streams. */
export function reasoningOpen(it: ChatItem): boolean {
  return it.reasoningOpen ?? it.status === 'streaming';
}

/** A cell of the chat area (absolute screen position). */
export interface CellPos {
  readonly x: number;
  readonly y: number;
}

export interface ChatState {
  readonly sessionId?: string;
  readonly title?: string;
  readonly items: readonly ChatItem[];
  /** Rows scrolled up from the latest; 0 follows the stream (kept in range: panes/chat-scroll.ts). */
  readonly scroll: number;
  /** The reply being generated: its request id and item id. */
  readonly streaming?: {
    readonly requestId: string;
    readonly itemId: string;
    /** Ctrl+C asked it to stop: the next Ctrl+C quits (panes/global.ts). */
    readonly stopping?: true;
    /** When data last arrived (ms; set at the first tick or event: panes/chat-quiet.ts). */
    readonly dataAt?: number;
    /** Whole seconds without data, once that is long enough to say so on the spinner line. */
    readonly quietS?: number;
  };
  /** A server-side activity (tool, web search, model loading) shown while streaming. */
  readonly activity?: string;
  /** Index of the selected message (the inspector shows it; copy, edit, fork act on it). */
  readonly selected?: number;
  /** Bumped to have the selected message scrolled into view (once per bump: panes/chat-scroll.ts). */
  readonly reveal?: number;
  /** Text being selected with the mouse (screen cells), drawn highlighted until the next click. */
  readonly mark?: {
    readonly anchor: CellPos;
    readonly head: CellPos;
    /** Released (copied); still drawn. */
    readonly done: boolean;
    /** The rows drawn when the drag began or last moved (the text is copied from them). */
    readonly rows: ChatRowMap;
  };
  /** Rows the inspector is scrolled down by. */
  readonly inspectorScroll?: number;
  /** Requests and events of this run's replies, by item id (in memory). */
  readonly traces?: Readonly<Record<string, ReplyTrace>>;
  /** Audio being played (panes/attachments.ts). */
  readonly playing?: Playing;
  /** An image or speech generation in flight (panes/generate.ts). */
  readonly generating?: Generating;
  /** The chat's web-search switch: requests ask mistral.rs to search (web_search_options). */
  readonly webSearch?: boolean;
}

export interface SessionSummary {
  readonly id: string;
  readonly title: string;
  readonly modelId: string | null;
  readonly updatedAt: string;
  readonly tags?: readonly string[];
  readonly archived?: boolean;
  /** Messages in the session (every branch); unknown until the list counts them. */
  readonly messages?: number;
  /** Forked from another session (marked before its title in the list). */
  readonly fork?: boolean;
}

/** One search result: a session title or a message that matched. */
export interface SessionHit {
  readonly sessionId: string;
  readonly title: string;
  /** null: the title matched. */
  readonly messageId: string | null;
  readonly role: string | null;
  /** Plain text around the match, and [start, end) of the matched words in it. */
  readonly snippet: string;
  readonly highlights: readonly (readonly [number, number])[];
}

/** The sessions tab's search line and its results (present while searching). */
export interface SessionSearch {
  /** The query being typed (mutable like the composer's, only sessions.ts touches it). */
  readonly editor: TextAreaModel;
  /** Number of the latest query asked; older answers are dropped. */
  readonly seq: number;
  /** The query the shown hits answer. */
  readonly query: string;
  readonly hits: readonly SessionHit[];
  readonly selected: number;
  /** A query is on its way. */
  readonly pending: boolean;
  readonly error?: string;
}

export interface SessionsState {
  readonly items: readonly SessionSummary[];
  readonly selected: number;
  readonly loaded: boolean;
  /** Why the list is empty because of a problem (no store, a store error). */
  readonly problem?: string;
  /** Sessions matching the list's filter, loaded or not (more load on demand). */
  readonly total?: number;
  /** A further page has been asked for. */
  readonly loadingMore?: boolean;
  /** The list shows archived sessions too. */
  readonly showArchived?: boolean;
  readonly search?: SessionSearch;
  /** A search hit being opened: its message is selected and scrolled to once the session opens. */
  readonly reveal?: { readonly sessionId: string; readonly messageId: string };
}

export interface BackendState {
  readonly name: string;
  readonly kind: string;
  readonly url?: string;
  readonly model: string;
  readonly connection: Connection;
  readonly message?: string;
}

export type Level = 'info' | 'warn' | 'error';

/**
 * A notification: shown as a toast until `until` (epoch ms), kept in the
 * history. Reducers raise one with `notify()`; the root reducer stamps `at`
 * and `until` with the action's time.
 */
export interface Notice {
  readonly id: number;
  readonly level: Level;
  readonly text: string;
  /** ISO time it was raised ('' until stamped). */
  readonly at: string;
  readonly until: number;
}

/** Notifications kept for the history list. */
export const NOTICE_HISTORY = 200;

// --- slices filled by the panes (each pane's module owns its slice) ---------

/** Free memory to set a model's estimate against (bytes). */
export interface FreeMemory {
  readonly vramFree?: number;
  readonly vramTotal?: number;
  readonly ramFree?: number;
  readonly ramTotal?: number;
  /** Where the numbers came from: the server's /v1/system/info or this machine. */
  readonly from: 'server' | 'local';
}

/** What is being done to a model right now (shown as its status until it answers). */
export type ModelWork = 'loading' | 'unloading' | 'reloading' | 'launching' | 'embedding';

/** The mistralrs binary launches use: its path, or why there is none (with the install hint). */
export type BinaryState =
  | { readonly found: true; readonly path: string }
  | {
      readonly found: false;
      readonly message: string;
      /** launcher.binary, when it is set but not an executable file. */
      readonly configured?: string;
    };

/** The model browser (sidebar tab "models"); reducers in panes/models.ts. */
export interface ModelsState {
  /** The inventory has been scanned once. */
  readonly loaded: boolean;
  readonly inventory: readonly ModelDescription[];
  /** Where the last scan looked (absolute paths), named by the welcome and the empty list. */
  readonly folders: readonly ModelFolder[];
  /** The launcher's binary; undefined until looked up (or when launching is not available). */
  readonly binary?: BinaryState;
  /** Why the inventory is empty or stale (a scan error). */
  readonly inventoryProblem?: string;
  /** The models the backend reports, with their status. */
  readonly server: readonly BackendModel[];
  readonly serverLoaded: boolean;
  /** Why the backend's list is missing (down, not a model-managing server). */
  readonly serverProblem?: string;
  readonly memory?: FreeMemory;
  /** The selected model's key (panes/models.ts ModelEntry.key); the first shown when unset. */
  readonly selectedKey?: string;
  /** Text filter ('/'), matched against name, id, architecture, quantization. */
  readonly filter: string;
  readonly kind?: ModelKind;
  readonly format?: ModelFormat;
  /** The details pane below the list is shown. */
  readonly details: boolean;
  /** Work in flight by model key (see panes/models.ts entryKey). */
  readonly work: Readonly<Record<string, ModelWork>>;
  /** The server this app launched (stopped when the app quits). */
  readonly launched?: { readonly modelId: string; readonly url: string };
  /** The chat's model came from the remembered setting (dropped if the server lacks it). */
  readonly remembered?: string;
}

/** Queue depth of the server: from its /metrics or a launched server's log lines. */
export interface QueueDepth {
  readonly running: number;
  readonly waiting: number;
  readonly source: 'metrics' | 'log';
  /** When it was read (epoch ms). */
  readonly at: number;
}

/** Figures of one /metrics reading, for the metrics tab's sparklines. */
export interface ServerSample {
  /** When it was read (epoch ms). */
  readonly at: number;
  readonly running: number;
  readonly waiting: number;
  readonly tokensProcessed?: number;
  /** Tokens processed per second since the previous sample. */
  readonly tokPerSec?: number;
  /** The server's TTFT p50 (ms) over the requests since the previous sample. */
  readonly ttftP50Ms?: number;
}

/** The metrics tab (panes/metrics.ts): what the backend and the telemetry poller reported. */
export interface MetricsState {
  /** The telemetry poller runs: the tab is on screen (panes/metrics.ts syncTelemetry). */
  readonly polling: boolean;
  readonly capabilities?: BackendCapabilities;
  readonly queue?: QueueDepth;
  /** The server has no /metrics and no launched-server log reports its queue. */
  readonly queueUnavailable?: boolean;
  /** The last reading of the server's /metrics, when it has one. */
  readonly server?: ServerMetrics;
  /** One sample per /metrics reading, oldest first (the tab's sparklines over time). */
  readonly serverHistory?: readonly ServerSample[];
  readonly hardware?: HardwareReading;
  /** Context window of a model in tokens, by model id, as discovery or the backend reported it. */
  readonly contextLengths: Readonly<Record<string, number>>;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** One line of the logs tab: an app log record or a launched server's output. */
export interface LogLine {
  readonly id: number;
  /** ISO time. */
  readonly at: string;
  readonly level: LogLevel;
  readonly source: 'app' | 'server';
  readonly text: string;
}

/** Log lines kept in the logs tab; older ones drop out. */
export const LOG_LINES = 3000;

/** The logs tab (panes/logs.ts). */
export interface LogsState {
  /** Newest lines stay in view; scrolling up stops it, End resumes. */
  readonly follow: boolean;
  /** Oldest first, at most LOG_LINES. */
  readonly lines: readonly LogLine[];
  /** Least severe level shown. */
  readonly minLevel: LogLevel;
  /** Text filter ('' shows everything); matches are highlighted. */
  readonly query: string;
  /** Entries scrolled up from the newest one shown. */
  readonly scroll: number;
  /** The tab shows the logs or the notifications of this run. */
  readonly view: 'logs' | 'notifications';
  readonly nextId: number;
}

/** Sampling presets; "custom" is what a hand-set value turns the preset into. */
export type PresetName = 'default' | 'precise' | 'balanced' | 'creative' | 'custom';

/** A chat's system prompt and sampling (stored in the session's settings). */
export interface SessionSettings {
  readonly preset: PresetName;
  readonly systemPrompt?: string;
  readonly temperature?: number;
  readonly topP?: number;
  readonly maxTokens?: number;
  /** Generated images' size and how many per prompt (panes/generate.ts). */
  readonly imageWidth?: number;
  readonly imageHeight?: number;
  readonly imageCount?: number;
}

/** A prompt template as the composer knows it (the store's, trimmed). */
export interface TemplateItem {
  readonly id: string;
  readonly name: string;
  readonly body: string;
  readonly description?: string;
}

/** The composer: the editor model (mutable, owned by the composer reducer). */
export interface ComposerState {
  readonly editor: TextAreaModel;
  /** Settings for new chats (from the config's [chat] section). */
  readonly defaults: SessionSettings;
  /** The chat's settings; they apply while `settingsFor` is the chat's session id. */
  readonly settings: SessionSettings;
  readonly settingsFor?: string;
  /** The completion row chosen with up/down, for the text it was chosen at (typing resets it). */
  readonly completion: { readonly index: number; readonly text: string };
  /** The text the completion list was dismissed for (Esc); it shows again once the text changes. */
  readonly dismissed?: string;
  /** Templates from the store; undefined until first loaded. */
  readonly templates?: readonly TemplateItem[];
  /** Sessions whose stored user messages are in the input history already. */
  readonly historyFrom: readonly string[];
  /** The text ↑/↓ last recalled from the history: they keep walking it while it is unchanged. */
  readonly recalled?: string;
  /** Attachments waiting to go with the next message (chips above the editor). */
  readonly attachments?: readonly AttachmentRef[];
  /** Image and audio files under the working folder (the picker, /attach's completion). */
  readonly mediaFiles?: { readonly root: string; readonly files: readonly string[] };
}

/** What is drawn over the panes and takes the keys first. */
export type Overlay =
  | { readonly kind: 'help' }
  | { readonly kind: 'dialog'; readonly dialog: Dialog }
  /** A picture full size (panes/attachments.ts); any key or click closes it. */
  | { readonly kind: 'media'; readonly ref: AttachmentRef };

export interface State {
  readonly width: number;
  readonly height: number;
  readonly focus: Pane;
  readonly layout: LayoutName;
  readonly sidebarTab: SidebarTab;
  readonly sidebarWidth: number;
  readonly theme: ThemeName;
  readonly overlay?: Overlay;
  /** Rows the help overlay is scrolled by. */
  readonly helpScroll: number;
  readonly keymap: Keymap;
  readonly backend: BackendState;
  readonly chat: ChatState;
  readonly composer: ComposerState;
  readonly sessions: SessionsState;
  readonly models: ModelsState;
  readonly metrics: MetricsState;
  readonly logs: LogsState;
  /** Agent mode (issue 17): absent when it is off. */
  readonly agent?: AgentState;
  /** The Tools tab's scroll (rows from its top). */
  readonly toolsScroll?: number;
  /** Toasts being shown (newest last). */
  readonly toasts: readonly Notice[];
  /** Every notification of this run, newest last (capped at NOTICE_HISTORY). */
  readonly notices: readonly Notice[];
  /** Commands run from the palette, most recent first. */
  readonly recentCommands: readonly CommandId[];
  /** Mouse drag in progress (the sidebar border). */
  readonly drag?: { readonly kind: 'sidebar' };
  /** Advanced by the runtime's timer while something animates. */
  readonly tick: number;
  /** Counter for local ids and request ids (deterministic for tests). */
  readonly seq: number;
  /** Lines per mouse-wheel step. */
  readonly scrollLines: number;
  readonly hasStore: boolean;
  /** This run's set-up (backend, database, config, log), shown in the help. */
  readonly info: readonly (readonly [label: string, value: string])[];
}

export interface InitOptions {
  readonly width: number;
  readonly height: number;
  readonly keymap: Keymap;
  readonly backend: Omit<BackendState, 'connection'>;
  readonly layout?: LayoutName;
  readonly sidebarWidth?: number;
  readonly theme?: ThemeName;
  readonly scrollLines?: number;
  readonly hasStore?: boolean;
  readonly info?: readonly (readonly [label: string, value: string])[];
  /** Settings new chats start with. */
  readonly chatDefaults?: SessionSettings;
  /** Agent mode on: its rules and limits. */
  readonly agent?: Pick<AgentState, 'rules' | 'maxSteps' | 'resultLimit' | 'servers'>;
}

export function initialState(o: InitOptions): State {
  return {
    width: o.width,
    height: o.height,
    focus: 'composer',
    layout: o.layout ?? 'dual',
    sidebarTab: 'sessions',
    sidebarWidth: o.sidebarWidth ?? 36,
    theme: o.theme ?? 'dark',
    keymap: o.keymap,
    backend: { ...o.backend, connection: 'checking' },
    chat: { items: [], scroll: 0 },
    composer: {
      editor: new TextAreaModel(),
      defaults: o.chatDefaults ?? { preset: 'default' },
      settings: o.chatDefaults ?? { preset: 'default' },
      completion: { index: 0, text: '' },
      historyFrom: [],
    },
    sessions: { items: [], selected: 0, loaded: false },
    models: {
      loaded: false,
      inventory: [],
      folders: [],
      server: [],
      serverLoaded: false,
      filter: '',
      details: true,
      work: {},
    },
    metrics: { polling: false, contextLengths: {} },
    logs: {
      follow: true,
      lines: [],
      minLevel: 'info',
      query: '',
      scroll: 0,
      view: 'logs',
      nextId: 1,
    },
    toasts: [],
    notices: [],
    recentCommands: [],
    tick: 0,
    helpScroll: 0,
    seq: 0,
    scrollLines: o.scrollLines ?? 3,
    hasStore: o.hasStore ?? true,
    info: o.info ?? [],
    ...(o.agent !== undefined ? { agent: { ...o.agent, sessionAllowed: [] } } : {}),
  };
}

/** The keymap context that has focus (an overlay first). */
export function focusedContext(s: State): Context {
  if (s.overlay?.kind === 'help') return 'help';
  if (s.overlay?.kind === 'dialog') return 'dialog';
  return paneContext(s, s.focus);
}

/** The keymap context of a pane (the sidebar's is its tab). */
export function paneContext(s: State, pane: Pane): Context {
  return pane === 'sidebar' ? s.sidebarTab : pane;
}

/**
 * The sidebar's tabs now: the Tools tab only in agent mode, when the server
 * runs tools of its own (mistral.rs --mcp-config, --enable-search), or while
 * it is shown (Alt+5 opens it anyway).
 */
export function sidebarTabs(s: State): readonly SidebarTab[] {
  const serverTools = s.models.server.some(
    (m) => m.toolsAvailable === true || (m.mcpToolsCount ?? 0) > 0,
  );
  const tools =
    s.agent !== undefined ||
    serverTools ||
    s.metrics.capabilities?.webSearch === true ||
    s.sidebarTab === 'tools';
  return tools ? SIDEBAR_TABS : SIDEBAR_TABS.filter((t) => t !== 'tools');
}

/** Whether the sidebar is on screen in the current layout (the inspector layout drops it when narrow). */
export function sidebarShown(s: State): boolean {
  return (
    s.layout === 'dual' || (s.layout === 'inspector' && s.width >= INSPECTOR_SIDEBAR_MIN_WIDTH)
  );
}

/** Below this width the inspector layout shows chat and inspector only. */
export const INSPECTOR_SIDEBAR_MIN_WIDTH = 140;

/** Panes that can take focus in the current layout, in Tab order. */
export function focusOrder(s: State): readonly Pane[] {
  const out: Pane[] = ['composer', 'chat'];
  if (s.layout === 'inspector') out.push('inspector');
  if (sidebarShown(s)) out.push('sidebar');
  return out;
}

/** The state with focus moved off a pane the layout no longer shows. */
export function fixFocus(s: State): State {
  return focusOrder(s).includes(s.focus) ? s : { ...s, focus: 'composer' };
}
