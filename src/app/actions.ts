// Everything that can happen to the app, as data: input from the terminal,
// commands, and the results of effects reported back by the runtime.
import { type ChatEvent } from '../domain/chat.js';
import { type KeyEvent, type MouseEvent } from '../tui/index.js';
import { type CommandId } from './keymap.js';
import {
  type ChatItem,
  type LayoutName,
  type ReplyFigures,
  type SessionSummary,
  type SidebarTab,
} from './state.js';
import { type ThemeName } from './themes.js';
import { type HitTarget } from './view/layout.js';

export type Action =
  | { readonly type: 'key'; readonly event: KeyEvent }
  | { readonly type: 'paste'; readonly text: string }
  /** A mouse event with the pane under it, hit-tested on the last frame's layout. */
  | { readonly type: 'mouse'; readonly event: MouseEvent; readonly hit: HitTarget | undefined }
  | { readonly type: 'resize'; readonly width: number; readonly height: number }
  | { readonly type: 'tick' }
  /** The chat view showed a different scroll than asked (clamped to the content). */
  | { readonly type: 'chatClamped'; readonly scroll: number }
  | { readonly type: 'command'; readonly id: CommandId }
  | { readonly type: 'health'; readonly ok: boolean; readonly message?: string }
  /** Settings remembered in the store from an earlier run. */
  | {
      readonly type: 'settingsLoaded';
      readonly layout?: LayoutName;
      readonly theme?: ThemeName;
      readonly sidebarTab?: SidebarTab;
      readonly sidebarWidth?: number;
    }
  | {
      readonly type: 'sessionsLoaded';
      readonly items: readonly SessionSummary[];
      readonly problem?: string;
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
  | { readonly type: 'notice'; readonly level: 'info' | 'warn' | 'error'; readonly text: string }
  /** A line a server launched by the app printed (the logs tab shows them). */
  | { readonly type: 'serverLine'; readonly stream: 'stdout' | 'stderr'; readonly text: string }
  /** Queue depth of the launched server (from its output or its /metrics). */
  | { readonly type: 'serverQueue'; readonly running: number; readonly waiting: number }
  /** A record the app's logger wrote (the logs tab shows them). */
  | {
      readonly type: 'logRecord';
      readonly at: string;
      readonly level: 'debug' | 'info' | 'warn' | 'error';
      readonly message: string;
      readonly fields?: Readonly<Record<string, unknown>>;
    };
