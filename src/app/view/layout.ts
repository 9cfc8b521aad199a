// The named layout: rects per pane, computed once per frame from the state and
// the terminal size. The same rects draw the frame and hit-test the mouse.
import {
  type Rect,
  contains,
  fill,
  horizontal,
  length,
  rect,
  vertical,
  visualRows,
} from '../../tui/index.js';
import { type State } from '../state.js';

export const MIN_WIDTH = 60;
export const MIN_HEIGHT = 20;
const MAX_COMPOSER_ROWS = 8;

export interface AppLayout {
  readonly tooSmall: boolean;
  readonly screen: Rect;
  readonly chat: Rect;
  readonly composer: Rect;
  readonly status: Rect;
  readonly sidebar?: Rect;
  /** Where session rows are drawn inside the sidebar. */
  readonly sessionRows?: Rect;
}

export type HitTarget =
  | { readonly pane: 'chat' }
  | { readonly pane: 'composer' }
  | { readonly pane: 'status' }
  | { readonly pane: 'sessions'; readonly index?: number };

const zero = rect(0, 0, 0, 0);

/** First session row shown: the selection is kept in view from the top. */
export function sessionsOffset(selected: number, count: number, height: number): number {
  if (height <= 0) return 0;
  const maxOffset = Math.max(0, count - height);
  return Math.min(maxOffset, Math.max(0, selected - height + 1));
}

export function computeLayout(s: State): AppLayout {
  const screen = rect(0, 0, s.width, s.height);
  if (s.width < MIN_WIDTH || s.height < MIN_HEIGHT)
    return { tooSmall: true, screen, chat: zero, composer: zero, status: zero };
  const [main = screen, status = zero] = vertical(screen, [fill(), length(1)]);
  let left = main;
  let sidebar: Rect | undefined;
  if (s.layout === 'dual') {
    // The chat keeps at least two thirds of the width.
    const w = Math.min(s.sidebarWidth, Math.floor(main.width / 3));
    const [l = main, r = zero] = horizontal(main, [fill(), length(w)]);
    left = l;
    sidebar = r;
  }
  const inner = Math.max(1, left.width - 4);
  const rowsNeeded = visualRows(s.composer.editor.lines, inner).length;
  const composerRows = Math.max(1, Math.min(MAX_COMPOSER_ROWS, rowsNeeded));
  const [chat = left, composer = zero] = vertical(left, [fill(), length(composerRows + 2)]);
  const out: AppLayout = { tooSmall: false, screen, chat, composer, status };
  if (sidebar === undefined) return out;
  // Inside the sidebar's border, below its one-line tab header.
  const sessionRows = rect(sidebar.x + 1, sidebar.y + 2, sidebar.width - 2, sidebar.height - 3);
  return { ...out, sidebar, sessionRows };
}

export function hitTest(l: AppLayout, s: State, x: number, y: number): HitTarget | undefined {
  if (l.tooSmall) return undefined;
  if (l.sidebar !== undefined && contains(l.sidebar, x, y)) {
    const rows = l.sessionRows;
    if (rows !== undefined && contains(rows, x, y)) {
      const off = sessionsOffset(s.sessions.selected, s.sessions.items.length, rows.height);
      const i = off + (y - rows.y);
      if (i < s.sessions.items.length) return { pane: 'sessions', index: i };
    }
    return { pane: 'sessions' };
  }
  if (contains(l.chat, x, y)) return { pane: 'chat' };
  if (contains(l.composer, x, y)) return { pane: 'composer' };
  if (contains(l.status, x, y)) return { pane: 'status' };
  return undefined;
}
