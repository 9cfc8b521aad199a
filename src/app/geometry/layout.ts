// The named layout: rects per pane, computed once per frame from the state and
// the terminal size. The same rects draw the frame and hit-test the mouse.
import {
  type Rect,
  blockInner,
  contains,
  fill,
  horizontal,
  inner,
  length,
  rect,
  stringWidth,
  tabAt,
  vertical,
  visualRows,
} from '../../tui/index.js';
import { type SidebarTab, type State, sidebarShown, sidebarTabs } from '../types/state.js';
import type { HitTarget } from '../types/actions.js';
import type { ChatRowMap } from '../types/screen.js';
import { itemAtRow } from './chat-rows.js';

export const MIN_WIDTH = 60;
export const MIN_HEIGHT = 20;
const MAX_COMPOSER_ROWS = 8;
/** Widest toast, in cells. */
const TOAST_WIDTH = 60;

export const TAB_TITLES: Readonly<Record<SidebarTab, string>> = {
  sessions: 'Sessions',
  models: 'Models',
  metrics: 'Metrics',
  logs: 'Logs',
  tools: 'Tools',
};

export interface AppLayout {
  readonly tooSmall: boolean;
  readonly screen: Rect;
  readonly chat: Rect;
  readonly composer: Rect;
  readonly status: Rect;
  readonly inspector?: Rect;
  readonly sidebar?: Rect;
  /** The sidebar's tab row (inside its border). */
  readonly sidebarTabs?: Rect;
  /** The sidebar tab's body, below the tab row, inside the border. */
  readonly sidebarBody?: Rect;
  /** One rect per toast shown, top to bottom. */
  readonly toasts: readonly Rect[];
  /** What the chat drew on each row (set by drawApp after drawing). */
  readonly chatRows?: ChatRowMap;
  /** Per row of the sidebar's body: the list entry the tab drew there (set by drawApp). */
  readonly sidebarRows?: readonly (number | undefined)[];
}

export type { HitTarget };

const zero = rect(0, 0, 0, 0);

/** The sidebar's width on this screen: the setting, at most a third of the screen. */
export function sidebarCells(s: State, available: number): number {
  return Math.max(20, Math.min(s.sidebarWidth, Math.floor(available / 3)));
}

function toastRects(s: State, chat: Rect): Rect[] {
  const out: Rect[] = [];
  const w = Math.min(TOAST_WIDTH, chat.width - 4);
  s.toasts.forEach((t, i) => {
    const width = Math.min(w, stringWidth(t.text) + 4);
    const y = chat.y + 1 + i;
    if (y < chat.y + chat.height - 1) out.push(rect(chat.x + chat.width - width - 2, y, width, 1));
  });
  return out;
}

export function computeLayout(s: State): AppLayout {
  const screen = rect(0, 0, s.width, s.height);
  if (s.width < MIN_WIDTH || s.height < MIN_HEIGHT)
    return { tooSmall: true, screen, chat: zero, composer: zero, status: zero, toasts: [] };
  const [main = screen, status = zero] = vertical(screen, [fill(), length(1)]);
  let left = main;
  let sidebar: Rect | undefined;
  let inspector: Rect | undefined;
  if (sidebarShown(s)) {
    const w = sidebarCells(s, main.width);
    const [l = main, r = zero] = horizontal(main, [fill(), length(w)]);
    left = l;
    sidebar = r;
  }
  if (s.layout === 'inspector') {
    const w = Math.max(28, Math.floor(left.width * 0.42));
    const [l = left, r = zero] = horizontal(left, [fill(), length(w)]);
    left = l;
    inspector = r;
  }
  const inner = Math.max(1, left.width - 4);
  const rowsNeeded = visualRows(s.composer.editor.lines, inner).length;
  const composerRows = Math.max(1, Math.min(MAX_COMPOSER_ROWS, rowsNeeded));
  const [chat = left, composer = zero] = vertical(left, [fill(), length(composerRows + 2)]);
  const out: AppLayout = {
    tooSmall: false,
    screen,
    chat,
    composer,
    status,
    ...(inspector !== undefined ? { inspector } : {}),
    toasts: toastRects(s, chat),
  };
  if (sidebar === undefined) return out;
  const sidebarTabs = rect(sidebar.x + 1, sidebar.y + 1, sidebar.width - 2, 1);
  const sidebarBody = rect(sidebar.x + 1, sidebar.y + 2, sidebar.width - 2, sidebar.height - 3);
  return { ...out, sidebar, sidebarTabs, sidebarBody };
}

/**
 * The chat's text inside its border, a column of margin each side (the left
 * one shows the selection bar): the view draws the transcript there and the
 * reducers clamp the chat's scroll to it.
 */
export function chatTextArea(l: AppLayout): Rect {
  return inner(blockInner(l.chat, {}), { top: 0, right: 1, bottom: 0, left: 1 });
}

/** The tab row as the tabs widget draws it. */
/** Tab titles for narrow sidebars (the full ones need 33 cells). */
const SHORT_TAB_TITLES: Readonly<Record<SidebarTab, string>> = {
  sessions: 'Ses',
  models: 'Mod',
  metrics: 'Met',
  logs: 'Log',
  tools: 'Too',
};

/** The tab row as the tabs widget draws it in `width` cells. */
export function tabsProps(s: State, width: number) {
  const full = sidebarTabs(s).map((t) => TAB_TITLES[t]);
  // Each title takes a cell of padding on both sides; no divider between them.
  const fits = full.reduce((n, t) => n + stringWidth(t) + 2, 0) <= width;
  return {
    titles: fits ? full : sidebarTabs(s).map((t) => SHORT_TAB_TITLES[t]),
    selected: sidebarTabs(s).indexOf(s.sidebarTab),
    divider: '',
  };
}

export function hitTest(l: AppLayout, s: State, x: number, y: number): HitTarget | undefined {
  if (l.tooSmall) return undefined;
  const toast = l.toasts.findIndex((r) => contains(r, x, y));
  if (toast >= 0) return { pane: 'toast', index: toast };
  if (l.sidebar !== undefined && contains(l.sidebar, x, y)) {
    if (x === l.sidebar.x) return { pane: 'sidebarBorder' };
    if (l.sidebarTabs !== undefined && contains(l.sidebarTabs, x, y)) {
      const i = tabAt(l.sidebarTabs, tabsProps(s, l.sidebarTabs.width), x);
      const tab = i === undefined ? undefined : sidebarTabs(s)[i];
      return tab === undefined ? { pane: 'sidebar' } : { pane: 'sidebarTab', tab };
    }
    const body = l.sidebarBody;
    if (body !== undefined && contains(body, x, y)) {
      const index = l.sidebarRows?.[y - body.y];
      if (index !== undefined) return { pane: 'sidebar', index };
    }
    return { pane: 'sidebar' };
  }
  if (l.inspector !== undefined && contains(l.inspector, x, y)) return { pane: 'inspector' };
  if (contains(l.chat, x, y)) {
    const rows = l.chatRows;
    if (rows === undefined) return { pane: 'chat' };
    const item = itemAtRow(rows, y);
    return { pane: 'chat', rows, ...(item !== undefined ? { item } : {}) };
  }
  if (contains(l.composer, x, y)) return { pane: 'composer' };
  if (contains(l.status, x, y)) return { pane: 'status' };
  return undefined;
}
