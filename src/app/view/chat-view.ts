// The chat transcript: each item as a role header (with "2/3" when it has
// other versions), its reasoning (folded to one line once complete), its body
// (Markdown for assistant text) and a footer (streaming spinner,
// cancelled/error states, TTFT and tokens/s). Only the items that reach the
// viewport are rendered (the ViewCache's row index maps the scroll to them);
// Markdown is cached per item by the ViewCache. The selected message has a bar in the left margin; a
// mouse text selection is highlighted. What each row shows is returned for
// the mouse (chat-rows.ts).
import {
  type Buffer,
  type Line,
  type Rect,
  type Style,
  type Theme,
  MarkdownDocument,
  Mod,
  line,
  rect,
  span,
  spinnerFrame,
  plain,
  styledLine,
  text,
  wrapLines,
  highlighterGeneration,
} from '../../tui/index.js';
import { reasoningOpen } from '../panes/chat-select.js';
import type { ChatItem, State } from '../types/state.js';
import { RowIndex } from '../geometry/chat-index.js';
import { type ChatRowMap, emptyRowMap, ordered } from '../geometry/chat-rows.js';
import { welcomeLines } from './onboarding.js';

export interface Row {
  readonly line: Line;
  readonly indent: number;
}

/** Markdown documents kept (most recently drawn first): a few screens' worth, so memory stays flat. */
export const DOCS_KEPT = 300;

/** Rendering caches the app owns across frames (Markdown per chat item, the chat's row index). */
export class ViewCache {
  private docs = new Map<string, MarkdownDocument>();
  /** Heights of the chat items and where they sit (which items a scroll shows). */
  readonly index = new RowIndex();
  /** The last item and its height in the previous frame (to hold a scrolled-back view still). */
  last: { id: string; rows: number; width: number } | undefined;
  /** The state's `chat.reveal` already honoured (the selection is scrolled into view once per request). */
  revealed: number | undefined;
  /** The chat's width in the last frame (what `measureAhead` measures at). */
  chatWidth: number | undefined;
  constructor(readonly theme: Theme) {}
  /** The document of item `id`, least recently used ones dropped past DOCS_KEPT. */
  doc(id: string): MarkdownDocument {
    let d = this.docs.get(id);
    if (d === undefined) {
      d = new MarkdownDocument(this.theme);
      if (this.docs.size >= DOCS_KEPT) {
        const oldest = this.docs.keys().next();
        if (oldest.done !== true) this.docs.delete(oldest.value);
      }
    } else this.docs.delete(id);
    this.docs.set(id, d);
    return d;
  }
  /** How many documents are kept (for tests). */
  get docCount(): number {
    return this.docs.size;
  }
  /** Drops documents of items no longer shown (after opening another session). */
  keep(ids: ReadonlySet<string>): void {
    for (const id of this.docs.keys()) if (!ids.has(id)) this.docs.delete(id);
  }
}

export function clock(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

export function formatFigures(f: ChatItem['figures']): string | undefined {
  if (f === undefined) return undefined;
  const parts: string[] = [];
  if (f.ttftMs !== undefined)
    parts.push(
      `TTFT ${f.ttftMs >= 1000 ? `${(f.ttftMs / 1000).toFixed(2)} s` : `${Math.round(f.ttftMs)} ms`}`,
    );
  if (f.tokensPerSec !== undefined) parts.push(`${f.tokensPerSec.toFixed(1)} tok/s`);
  if (f.completionTokens !== undefined) parts.push(`${f.completionTokens} tokens`);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

const ROLE_LABEL: Readonly<Record<ChatItem['role'], string>> = {
  user: ' you ',
  assistant: ' assistant ',
  system: ' system ',
  tool: ' tool ',
};

function badgeStyle(theme: Theme, role: ChatItem['role']): Style {
  const tok = role === 'user' ? 'text.accent' : role === 'assistant' ? 'status.ok' : 'status.warn';
  return { ...theme[tok], add: Mod.bold | Mod.reverse };
}

function plainRows(content: string, width: number, style?: Style): Line[] {
  return wrapLines(text(content, style).lines, width);
}

/** The rows of one item at `width` (headers at column 0, bodies indented by 2). */
export function itemRows(s: State, it: ChatItem, width: number, cache: ViewCache): Row[] {
  const theme = cache.theme;
  const bodyWidth = Math.max(1, width - 2);
  const rows: Row[] = [];
  const meta = [it.role === 'assistant' ? it.modelId : undefined, clock(it.createdAt)]
    .filter((x): x is string => x !== undefined && x !== '')
    .join(' · ');
  rows.push({
    line: line(
      span(ROLE_LABEL[it.role], badgeStyle(theme, it.role)),
      ...versionSpans(it, theme),
      span(` ${meta}`, theme['text.dim']),
    ),
    indent: 0,
  });
  const body: Line[] = [];
  if (it.reasoning !== undefined && it.reasoning !== '') {
    const open = reasoningOpen(it);
    const words = it.reasoning.trim().split(/\s+/).length;
    body.push(
      line(
        span(`${open ? '▾' : '▸'} thinking · ${words} ${words === 1 ? 'word' : 'words'}`, {
          ...theme['text.dim'],
          add: Mod.italic,
        }),
      ),
    );
    if (open) body.push(...plainRows(it.reasoning, bodyWidth, theme['text.dim']));
  }
  if (it.content !== '') {
    if (it.role === 'assistant') body.push(...cache.doc(it.id).lines(it.content, bodyWidth));
    else body.push(...plainRows(it.content, bodyWidth));
  }
  for (const l of body) rows.push({ line: l, indent: 2 });
  const foot = footer(s, it, bodyWidth, theme);
  for (const l of foot) rows.push({ line: l, indent: 2 });
  rows.push({ line: styledLine([]), indent: 0 });
  return rows;
}

/** " 2/3 " after the badge when the message has other versions (siblings in the store). */
function versionSpans(it: ChatItem, theme: Theme) {
  const sibs = it.siblings;
  if (sibs === undefined || sibs.length < 2 || it.storeId === undefined) return [];
  const at = sibs.indexOf(it.storeId);
  if (at < 0) return [];
  return [span(` ‹ ${at + 1}/${sibs.length} ›`, theme['text.accent'])];
}

function footer(s: State, it: ChatItem, width: number, theme: Theme): Line[] {
  if (it.role !== 'assistant') return [];
  switch (it.status) {
    case 'streaming': {
      const what =
        s.chat.activity ?? (it.content === '' ? 'waiting for the first token' : 'generating');
      return [
        line(
          span(`${spinnerFrame(s.tick)} ${what}…`, theme['status.info']),
          span('  Esc stops', theme['text.dim']),
        ),
      ];
    }
    case 'cancelled':
      return [line(span('⊘ cancelled', theme['status.warn']), ...figureSpans(it, theme))];
    case 'interrupted':
      return [
        line(span('⚠ interrupted before the reply was complete', theme['status.warn'])),
        line(span('Ctrl+R asks again.', theme['text.dim'])),
      ];
    case 'error':
      return [
        ...plainRows(`✗ ${it.error ?? 'the reply failed'}`, width, theme['status.error']),
        line(span('Ctrl+R asks again.', theme['text.dim'])),
      ];
    case 'complete': {
      const f = figureSpans(it, theme);
      return f.length > 0 ? [line(...f)] : [];
    }
  }
}

function figureSpans(it: ChatItem, theme: Theme) {
  const f = formatFigures(it.figures);
  return f === undefined ? [] : [span(it.status === 'complete' ? f : `  ${f}`, theme['text.dim'])];
}

function welcome(s: State, theme: Theme, width: number): Line[] {
  // The onboarding text lives with the model browser (onboarding.ts).
  return welcomeLines(s, theme, width);
}

export interface ChatDrawn {
  /** The scroll shown (the state's clamped to the content, or moved to reveal the selection). */
  readonly scroll: number;
  readonly rows: ChatRowMap;
}

/** The first scroll (rows up from the latest) at which rows [from, to) of `total` are in view, nearest `wanted`. */
function revealScroll(total: number, height: number, wanted: number, from: number, to: number) {
  let start = total - height - wanted;
  if (from < start) start = from;
  else if (to > start + height) start = Math.min(from, to - height);
  return Math.max(0, total - height - start);
}

/**
 * Draws the transcript into `area` (the column left of it is the selection
 * margin); returns the scroll actually shown, for the runtime to store back,
 * and what each row shows. Only the items in view are rendered: the cache's
 * row index says which they are (chat-index.ts).
 */
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
 * Measures more of the chat's items, upwards from those already measured,
 * until `deadline` (a `performance.now()` time); true while some are left.
 * The runtime calls it in short slices between frames, so that a later jump
 * to the top of a long session finds the heights known instead of measuring
 * thousands of messages in one frame.
 */
export function measureAhead(s: State, cache: ViewCache, deadline: number): boolean {
  const width = cache.chatWidth;
  const items = s.chat.items;
  if (width === undefined || items.length === 0) return false;
  const index = cache.index;
  const measure = (it: ChatItem): number => itemRows(s, it, width, cache).length;
  index.sync(items, width, highlighterGeneration(), measure);
  index.extend(measure, () => performance.now() >= deadline);
  return index.first > 0;
}

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
  const reveal =
    selected !== undefined && s.chat.reveal !== undefined && s.chat.reveal !== cache.revealed;
  const index = cache.index;
  // The last item's rows are kept for the frame: a streaming reply is
  // measured (it changed) and then drawn, and need not be built twice.
  let lastBuilt: Row[] | undefined;
  const rowsOf = (it: ChatItem): Row[] => {
    if (it !== last) return itemRows(s, it, area.width, cache);
    lastBuilt ??= itemRows(s, it, area.width, cache);
    return lastBuilt;
  };
  const measure = (it: ChatItem): number => rowsOf(it).length;
  cache.chatWidth = area.width;
  index.sync(items, area.width, highlighterGeneration(), measure);
  index.extend(measure, (_, first) => first < n);
  let wanted = s.chat.scroll;
  // Scrolled back while the last reply grows: keep the same rows in view
  // (following stops when the user scrolls up; End or G jumps back).
  const lastRows = index.height(n - 1);
  const prev = cache.last;
  if (wanted > 0 && prev?.id === last.id && prev.width === area.width && lastRows > prev.rows)
    wanted += lastRows - prev.rows;
  cache.last = { id: last.id, rows: lastRows, width: area.width };
  // Measure up to the viewport plus the scroll (the last item's trailing
  // blank row is not shown), and to the selected item when it must be revealed.
  const need = Math.min(wanted + area.height + 1, Number.MAX_SAFE_INTEGER);
  index.extend(measure, (rows, first) => rows >= need && (!reveal || first <= selected));
  const first = index.first;
  const all = index.rowsFrom(first);
  const total = all - 1;
  if (reveal) {
    cache.revealed = s.chat.reveal;
    const from = all - index.rowsFrom(selected);
    const to = Math.min(total, all - index.rowsFrom(selected + 1));
    wanted = revealScroll(total, area.height, wanted, from, to);
  }
  const maxScroll = Math.max(0, total - area.height);
  const scroll = Math.min(wanted, maxScroll);
  const start = Math.max(0, total - area.height - scroll);
  const shown = Math.min(area.height, total - start);
  const rowItems: (number | undefined)[] = [];
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
      rowItems.push(i);
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
  return { scroll, rows: { area, items: rowItems, cells } };
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
