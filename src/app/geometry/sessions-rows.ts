// Where things sit in the sessions tab: the head rows, one or two rows per
// session (two when the tab is wide enough for the details line), two per
// search hit, and which entry is at a screen row. The view draws with it and
// maps each row of the tab to its entry with it (view/sidebar.ts TAB_ROWS),
// which the mouse hit test reads, so the two always agree.
import type { Rect } from '../../tui/index.js';
import type { State } from '../types/state.js';

/** From this body width on, each session gets a second row (model, messages, tags). */
export const TWO_ROW_MIN_WIDTH = 30;
/** The count line above the list. */
export const LIST_HEAD_ROWS = 1;
/** The search line and the result count above the hits. */
export const SEARCH_HEAD_ROWS = 2;
/** A hit: its session's title, then the snippet. */
export const HIT_ROWS = 2;

export interface SessionsGeometry {
  /** First row of the entries. */
  readonly top: number;
  /** Rows each entry takes. */
  readonly per: number;
  /** Entries that fit. */
  readonly visible: number;
  /** Index of the first entry shown. */
  readonly offset: number;
  /** Entries in the list (sessions, or hits while searching). */
  readonly count: number;
}

/** First entry shown: the selection is kept in view from the top. */
export function listOffset(selected: number, count: number, visible: number): number {
  if (visible <= 0) return 0;
  const maxOffset = Math.max(0, count - visible);
  return Math.min(maxOffset, Math.max(0, selected - visible + 1));
}

export function rowsPerSession(width: number): number {
  return width >= TWO_ROW_MIN_WIDTH ? 2 : 1;
}

export function sessionsGeometry(s: State, body: Rect): SessionsGeometry {
  const search = s.sessions.search;
  const head = search !== undefined ? SEARCH_HEAD_ROWS : LIST_HEAD_ROWS;
  const per = search !== undefined ? HIT_ROWS : rowsPerSession(body.width);
  const count = search !== undefined ? search.hits.length : s.sessions.items.length;
  const selected = search !== undefined ? search.selected : s.sessions.selected;
  const visible = Math.max(0, Math.floor((body.height - head) / per));
  return {
    top: body.y + head,
    per,
    visible,
    offset: listOffset(selected, count, visible),
    count,
  };
}

/** The entry (session or hit index) drawn at screen row `y`, if any. */
export function sessionRowAt(s: State, body: Rect, y: number): number | undefined {
  const g = sessionsGeometry(s, body);
  if (y < g.top) return undefined;
  const r = Math.floor((y - g.top) / g.per);
  if (r >= g.visible) return undefined;
  const i = g.offset + r;
  return i < g.count ? i : undefined;
}
