// The named layout: rects per pane, computed once per frame from the state and
// the terminal size. The same rects draw the frame and hit-test the mouse.
import { chipAt } from './media.js';
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
import { keyLabel } from '../types/keymap.js';
import { TOAST_MAX_ROWS, toastRows } from './toast-rows.js';

export const MIN_WIDTH = 60;
export const MIN_HEIGHT = 20;
const MAX_COMPOSER_ROWS = 8;
/** Widest toast, in cells, on a narrow chat; a wide one gives toasts 60% of its width. */
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

/** The key that shows every notification in full, as the toasts name it. */
export function notificationsKey(s: State): string | undefined {
  const k = s.keymap['app.notifications'][0];
  return k === undefined ? undefined : keyLabel(k);
}

/**
 * The toasts' rects, top to bottom, for the newest toasts that fit in a band
 * at the top of the chat of at most a third of its rows. The chat's text
 * starts below the band (chatTextArea), so a toast never hides a line of the
 * transcript; each toast wraps to at most two rows (geometry/toast-rows.ts).
 */
function toastRects(s: State, chat: Rect): Rect[] {
  const w = Math.min(Math.max(TOAST_WIDTH, Math.floor(chat.width * 0.6)), chat.width - 4);
  const budget = Math.max(TOAST_MAX_ROWS, Math.floor((chat.height - 2) / 3));
  const key = notificationsKey(s);
  const sizes: { width: number; rows: number }[] = [];
  let used = 0;
  for (const t of [...s.toasts].reverse()) {
    const width = Math.min(w, stringWidth(t.text) + 4);
    const rows = toastRows(t.text, width - 4, key).length;
    if (used + rows > budget) break;
    used += rows;
    sizes.unshift({ width, rows });
  }
  let y = chat.y + 1;
  return sizes.map(({ width, rows }) => {
    const r = rect(chat.x + chat.width - width - 2, y, width, rows);
    y += rows;
    return r;
  });
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
  // Attachment chips take a row above the editor.
  const chipRow = (s.composer.attachments?.length ?? 0) > 0 ? 1 : 0;
  const [chat = left, composer = zero] = vertical(left, [
    fill(),
    length(composerRows + 2 + chipRow),
  ]);
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
  const last = l.toasts.at(-1);
  const top = last === undefined ? 0 : last.y + last.height - (l.chat.y + 1);
  return inner(blockInner(l.chat, {}), { top, right: 1, bottom: 0, left: 1 });
}

/** The composer's chips row: its first row inside the border, a column of margin each side. */
export function chipsRow(l: AppLayout): Rect {
  const r = blockInner(l.composer, {});
  return rect(r.x + 1, r.y, Math.max(0, r.width - 2), 1);
}

/** Tab titles for narrow sidebars (the full ones need 33 cells). */
const SHORT_TAB_TITLES: Readonly<Record<SidebarTab, string>> = {
  sessions: 'Ses',
  models: 'Mod',
  metrics: 'Met',
  logs: 'Log',
  tools: 'Too',
};

/** Cells a row of titles takes: a cell of padding on both sides, no divider. */
const rowWidth = (titles: readonly string[]) => titles.reduce((n, t) => n + stringWidth(t) + 2, 0);

/**
 * The tab row as the tabs widget draws it in `width` cells, with the tab each
 * title stands for: the full titles, else the short ones, else — when even
 * those would be cut (a 60-column screen) — the shown tab's full title between
 * ‹ and ›, which step to the tab before and after it (a click, or [ and ]).
 */
export function tabsProps(s: State, width: number) {
  const tabs = sidebarTabs(s);
  const selected = tabs.indexOf(s.sidebarTab);
  for (const names of [TAB_TITLES, SHORT_TAB_TITLES]) {
    const titles = tabs.map((t) => names[t]);
    if (rowWidth(titles) <= width) return { titles, selected, divider: '', tabs };
  }
  const n = tabs.length;
  const near = (step: number) => tabs[(selected + step + n) % n] ?? s.sidebarTab;
  return {
    titles: ['‹', TAB_TITLES[s.sidebarTab], '›'],
    selected: 1,
    divider: '',
    tabs: [near(-1), s.sidebarTab, near(1)],
  };
}

export function hitTest(l: AppLayout, s: State, x: number, y: number): HitTarget | undefined {
  if (l.tooSmall) return undefined;
  const toast = l.toasts.findIndex((r) => contains(r, x, y));
  if (toast >= 0) return { pane: 'toast', index: toast };
  if (l.sidebar !== undefined && contains(l.sidebar, x, y)) {
    if (x === l.sidebar.x) return { pane: 'sidebarBorder' };
    if (l.sidebarTabs !== undefined && contains(l.sidebarTabs, x, y)) {
      const props = tabsProps(s, l.sidebarTabs.width);
      const i = tabAt(l.sidebarTabs, props, x);
      const tab = i === undefined ? undefined : props.tabs[i];
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
  if (contains(l.composer, x, y)) {
    const refs = s.composer.attachments ?? [];
    const row = chipsRow(l);
    if (refs.length > 0 && y === row.y) {
      const at = chipAt(refs, row.width, x - row.x);
      if (at !== undefined) return { pane: 'composer', ...at };
    }
    return { pane: 'composer' };
  }
  if (contains(l.status, x, y)) return { pane: 'status' };
  return undefined;
}
