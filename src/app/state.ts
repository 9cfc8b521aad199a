// The application's state: one tree of plain data (the composer's editor model
// is the one exception: the engine's TextAreaModel is a mutable object the app
// owns and only the composer reducer touches). Views read it; reducers return
// the next one.
import { TextAreaModel } from '../tui/index.js';
import { type Context, type Keymap } from './keymap.js';

export type Pane = 'composer' | 'chat' | 'sessions';
export type LayoutName = 'single' | 'dual';
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

export interface Notice {
  readonly level: 'info' | 'warn' | 'error';
  readonly text: string;
}

export interface State {
  readonly width: number;
  readonly height: number;
  readonly focus: Pane;
  readonly layout: LayoutName;
  readonly sidebarWidth: number;
  readonly overlay?: 'help';
  /** Rows the help overlay is scrolled by. */
  readonly helpScroll: number;
  readonly keymap: Keymap;
  readonly backend: BackendState;
  readonly chat: ChatState;
  readonly composer: { readonly editor: TextAreaModel };
  readonly sessions: SessionsState;
  readonly notice?: Notice;
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
    sidebarWidth: o.sidebarWidth ?? 36,
    keymap: o.keymap,
    backend: { ...o.backend, connection: 'checking' },
    chat: { items: [], scroll: 0 },
    composer: { editor: new TextAreaModel() },
    sessions: { items: [], selected: 0, loaded: false },
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
  if (s.overlay === 'help') return 'help';
  return s.focus;
}

/** Panes that can take focus in the current layout, in Tab order. */
export function focusOrder(s: State): readonly Pane[] {
  return s.layout === 'dual' ? ['composer', 'chat', 'sessions'] : ['composer', 'chat'];
}
