// The chat transcript drawn into its area: the rows of the items in view
// (laid out by geometry/chat-layout.ts; the ViewCache's row index says which
// items the scroll shows, so only those are rendered), the selected message's
// bar in the left margin, a mouse text selection highlighted, and "↓ n more"
// when scrolled back. What each row shows is returned for the mouse
// (geometry/chat-rows.ts). The welcome stands in for an empty chat.
import {
  type Buffer,
  type Line,
  type Rect,
  type Theme,
  Mod,
  plain,
  rect,
  styledLine,
  wrapLines,
} from '../../tui/index.js';
import { type ViewCache, chatRows, fitScroll, syncChatIndex } from '../geometry/chat-layout.js';
import { type ChatRowMap, emptyRowMap, ordered } from '../geometry/chat-rows.js';
import type { State } from '../types/state.js';
import { welcomeLines } from './onboarding.js';
import { drawPreviewRow } from './attachment-view.js';

function welcome(s: State, theme: Theme, width: number): Line[] {
  // The onboarding text lives with the model browser (onboarding.ts).
  return welcomeLines(s, theme, width);
}

export interface ChatDrawn {
  /** The scroll shown: the state's, clamped to the content for this frame only. */
  readonly scroll: number;
  readonly rows: ChatRowMap;
}

/**
 * Wraps a line so that its continuation rows keep its leading indent (the
 * welcome's numbered steps and commands stay readable in a narrow chat).
 */
export function hangingWrap(l: Line, width: number): Line[] {
  const lead = /^ */.exec(plain(l))?.[0].length ?? 0;
  if (lead === 0 || lead >= width - 8) return wrapLines([l], width);
  let skip = lead;
  const spans = l.spans
    .map((sp) => {
      const cut = Math.min(skip, sp.content.length - sp.content.trimStart().length);
      skip -= cut;
      return cut === 0 ? sp : { ...sp, content: sp.content.slice(cut) };
    })
    .filter((sp) => sp.content !== '');
  const pad = ' '.repeat(lead);
  return wrapLines([styledLine(spans, l.style)], width - lead).map((r) =>
    styledLine([{ content: pad, style: {} }, ...r.spans], r.style),
  );
}

/**
 * Draws the transcript into `area` (the column left of it is the selection
 * margin); returns the scroll shown and what each row shows. Only the items
 * in view are rendered: the cache's row index says which they are
 * (geometry/chat-index.ts). Nothing drawn goes back into the state.
 */
export function drawChat(buf: Buffer, area: Rect, s: State, cache: ViewCache): ChatDrawn {
  const theme = cache.theme;
  const items = s.chat.items;
  const n = items.length;
  const last = items[n - 1];
  if (last === undefined) {
    const width = Math.max(1, area.width - 1);
    welcome(s, theme, width)
      .flatMap((l) => hangingWrap(l, width))
      .forEach((l, i) => {
        if (i < area.height) buf.setLine(area.x + 1, area.y + i, l, area.width - 1);
      });
    return { scroll: 0, rows: emptyRowMap(area) };
  }
  const sel = s.chat.selected;
  const selected = sel !== undefined && sel >= 0 && sel < n ? sel : undefined;
  const index = cache.index;
  const { rowsOf, measure } = chatRows(s, cache, area.width);
  syncChatIndex(s, cache, area.width, measure);
  // The reducers keep the scroll within the content, hold it still while a
  // reply grows and move it to reveal a selection (panes/chat-scroll.ts); it
  // is clamped here again only for drawing a state that did not pass them.
  const scroll = fitScroll(index, measure, area.height, s.chat.scroll);
  const all = index.rowsFrom(index.first);
  const total = all - 1;
  const start = Math.max(0, total - area.height - scroll);
  const shown = Math.min(area.height, total - start);
  const rowItems: (number | undefined)[] = [];
  const rowMedia: (string | undefined)[] = [];
  const cells: string[][] = [];
  const bar = { ...theme['text.accent'], add: Mod.bold };
  // The item holding the top row (rows counted up from the last item's blank row).
  let { item: i, row: skip } = index.at(all - 1 - start);
  for (let y = 0; y < shown && i < n; i++, skip = 0) {
    const it = items[i];
    if (it === undefined) break;
    const rows = rowsOf(it);
    for (let r = skip; r < rows.length && y < shown; r++, y++) {
      const row = rows[r];
      if (row === undefined) break;
      buf.setLine(area.x + row.indent, area.y + y, row.line, area.width - row.indent);
      if (row.media !== undefined)
        drawPreviewRow(buf, area, area.x + row.indent, area.y + y, row, s, cache);
      rowItems.push(i);
      rowMedia.push(row.media?.ref.key);
      if (i === selected && area.x > 0) buf.setString(area.x - 1, area.y + y, '▌', bar, 1);
    }
  }
  for (let r = 0; r < rowItems.length; r++) {
    const out: string[] = [];
    for (let x = area.x; x < area.x + area.width; x++)
      out.push(buf.get(x, area.y + r)?.symbol ?? '');
    cells.push(out);
  }
  highlightMark(buf, area, s, theme);
  if (scroll > 0) {
    const tag = ` ↓ ${scroll} more `;
    buf.setString(area.x + area.width - tag.length, area.y + area.height - 1, tag, theme.selection);
  }
  const media = rowMedia.some((k) => k !== undefined) ? { media: rowMedia } : {};
  return { scroll, rows: { area, items: rowItems, cells, ...media } };
}

/** The mouse text selection, drawn over the cells it covers. */
function highlightMark(buf: Buffer, area: Rect, s: State, theme: Theme): void {
  const m = s.chat.mark;
  if (m === undefined || (m.anchor.x === m.head.x && m.anchor.y === m.head.y)) return;
  const [from, to] = ordered(m.anchor, m.head);
  for (let y = Math.max(from.y, area.y); y <= Math.min(to.y, area.y + area.height - 1); y++) {
    const x0 = y === from.y ? from.x : area.x;
    const x1 = y === to.y ? to.x : area.x + area.width - 1;
    if (x1 >= x0) buf.setStyle(rect(x0, y, x1 - x0 + 1, 1), theme.selection);
  }
}
