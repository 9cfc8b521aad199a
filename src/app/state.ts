// The application's state: one tree of plain data (the composer's editor model
// is the one exception: the engine's TextAreaModel is a mutable object the app
// owns and only the composer reducer touches). Views read it; reducers return
// the next one.
import { TextAreaModel } from '../tui/index.js';
import { type Dialog } from './dialogs/dialog.js';
import { type CommandId, type Context, type Keymap } from './keymap.js';
import { type ThemeName } from './themes.js';

/** Panes that take focus. The sidebar shows one of its tabs; the inspector shows the selected message. */
export type Pane = 'composer' | 'chat' | 'sidebar' | 'inspector';
export type SidebarTab = 'sessions' | 'models' | 'metrics' | 'logs';
export const SIDEBAR_TABS: readonly SidebarTab[] = ['sessions', 'models', 'metrics', 'logs'];
/** single: chat only; dual: chat and sidebar; inspector: adds the message inspector. */
export type LayoutName = 'single' | 'dual' | 'inspector';
export const LAYOUTS: readonly LayoutName[] = ['single', 'dual', 'inspector'];
export type Connection = 'checking' | 'ok' | 'down';
export type MessageState = 'complete' | 'streaming' | 'cancelled' | 'error' | 'interrupted';

export interface ReplyFigures {
  readonly ttftMs?: number;
  readonly tokensPerSec?: number;
  readonly completionTokens?: number;
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
}

export interface ChatState {
  readonly sessionId?: string;
  readonly title?: string;
  readonly items: readonly ChatItem[];
  /** Rows scrolled up from the latest; 0 follows the stream. The view clamps it. */
  readonly scroll: number;
  /** The reply being generated: its request id and item id. */
  readonly streaming?: { readonly requestId: string; readonly itemId: string };
  /** A server-side activity (tool, web search, model loading) shown while streaming. */
  readonly activity?: string;
}

export interface SessionSummary {
  readonly id: string;
  readonly title: string;
  readonly modelId: string | null;
  readonly updatedAt: string;
}

export interface SessionsState {
  readonly items: readonly SessionSummary[];
  readonly selected: number;
  readonly loaded: boolean;
  /** Why the list is empty because of a problem (no store, a store error). */
  readonly problem?: string;
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

/** The model browser (sidebar tab "models"). */
export interface ModelsState {
  readonly loaded: boolean;
}

/** The metrics tab. */
export interface MetricsState {
  readonly visible?: boolean;
}

/** The logs tab. */
export interface LogsState {
  readonly follow: boolean;
}

/** The composer: the editor model (mutable, owned by the composer reducer). */
export interface ComposerState {
  readonly editor: TextAreaModel;
}

/** What is drawn over the panes and takes the keys first. */
export type Overlay =
  { readonly kind: 'help' } | { readonly kind: 'dialog'; readonly dialog: Dialog };

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
    composer: { editor: new TextAreaModel() },
    sessions: { items: [], selected: 0, loaded: false },
    models: { loaded: false },
    metrics: {},
    logs: { follow: true },
    toasts: [],
    notices: [],
    recentCommands: [],
    tick: 0,
    helpScroll: 0,
    seq: 0,
    scrollLines: o.scrollLines ?? 3,
    hasStore: o.hasStore ?? true,
    info: o.info ?? [],
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
