// How the chat's items lay out into rows at a width: a role header (with
// "2/3" when the message has other versions), its reasoning (folded to one
// line once complete), its body (Markdown for assistant text, cached per item)
// and a footer (streaming spinner, cancelled/error states, TTFT and tokens/s).
// The view draws these rows; the row index (chat-index.ts) counts them, so the
// reducers can clamp the chat's scroll without drawing anything.
import { meaningfulRate } from '../types/figures.js';
import {
  type Line,
  type Style,
  type Theme,
  MarkdownDocument,
  Mod,
  highlighterGeneration,
  line,
  span,
  spinnerFrame,
  styledLine,
  text,
  wrapLines,
} from '../../tui/index.js';
import { modelName } from '../../domain/model.js';
import { type ChatItem, type State, reasoningOpen } from '../types/state.js';
import { type Measure, RowIndex } from './chat-index.js';
import { type MediaSource, chipIcon, previewRows } from './media.js';
import { type AttachmentRef, attachmentLabel } from '../types/attachments.js';
import { replyText, toolCallsOf } from '../types/agent.js';
import { replyCallRows, toolCardRows } from './tool-card.js';

export interface Row {
  readonly line: Line;
  readonly indent: number;
  /** A preview's row: the attachment, this row's offset in the preview and its height. */
  readonly media?: { readonly ref: AttachmentRef; readonly offset: number; readonly rows: number };
}

/** Markdown documents kept (most recently drawn first): a few screens' worth, so memory stays flat. */
export const DOCS_KEPT = 300;

/**
 * Caches the app owns across frames (Markdown per chat item, the chat's row
 * index): the view draws with them, and the reducers measure the chat with
 * them (the runtime hands the same one to both).
 */
export class ViewCache {
  private docs = new Map<string, MarkdownDocument>();
  /** Heights of the chat items and where they sit (which items a scroll shows). */
  readonly index = new RowIndex();
  /** The chat's width when last measured (what `measureAhead` measures at). */
  chatWidth: number | undefined;
  /** Attachments' pictures and sounds (set by the runtime; absent: previews show their labels). */
  media: MediaSource | undefined = undefined;
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
  const rate = meaningfulRate(f);
  if (rate !== undefined) parts.push(`${rate.toFixed(1)} tok/s`);
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
  const meta = [
    it.role === 'assistant' && it.modelId !== undefined
      ? modelName(s.models.inventory, it.modelId)
      : undefined,
    clock(it.createdAt),
  ]
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
  if (it.role === 'tool' && it.tool !== undefined)
    body.push(...toolCardRows(it, it.tool, bodyWidth, theme));
  else if (it.role === 'assistant') {
    const shown = replyText(it);
    if (shown !== '') body.push(...cache.doc(it.id).lines(shown, bodyWidth));
  } else if (it.content !== '') body.push(...plainRows(it.content, bodyWidth));
  if (it.role === 'assistant' && it.status !== 'streaming')
    body.push(...replyCallRows(toolCallsOf(it), s.agent !== undefined, bodyWidth, theme));
  for (const l of body) rows.push({ line: l, indent: 2 });
  for (const a of it.attachments ?? []) rows.push(...attachmentRows(s, a, bodyWidth, theme));
  const foot = footer(s, it, bodyWidth, theme);
  for (const l of foot) rows.push({ line: l, indent: 2 });
  rows.push({ line: styledLine([]), indent: 0 });
  return rows;
}

/** An attachment: its label, then rows kept for its preview (the view draws it there). */
function attachmentRows(s: State, a: AttachmentRef, width: number, theme: Theme): Row[] {
  const playing = s.chat.playing?.key === a.key;
  const keys =
    a.kind === 'audio' ? (playing ? '  ■ Alt+P stops' : '  ▶ Alt+P plays') : '  Alt+O opens';
  const label = line(
    span(`${chipIcon(a)} `, theme['text.accent']),
    span(attachmentLabel(a), a.problem !== undefined ? theme['status.warn'] : theme['text.dim']),
    span(a.problem === undefined ? keys : '', theme['text.dim']),
  );
  const rows: Row[] = wrapLines([label], width).map((l) => ({ line: l, indent: 2 }));
  const n = previewRows(a, width);
  for (let i = 0; i < n; i++)
    rows.push({ line: styledLine([]), indent: 2, media: { ref: a, offset: i, rows: n } });
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
      const quietS = s.chat.streaming?.itemId === it.id ? s.chat.streaming.quietS : undefined;
      if (quietS !== undefined)
        return [
          line(
            span(`${spinnerFrame(s.tick)} no data for ${quietS} s`, theme['status.warn']),
            span(' — Esc stops', theme['text.dim']),
          ),
        ];
      const gen = s.chat.generating?.itemId === it.id ? s.chat.generating : undefined;
      const elapsed =
        gen === undefined ? '' : ` · ${Math.max(0, (s.tick - gen.since) / 10).toFixed(1)} s`;
      const what =
        (s.chat.activity ?? (it.content === '' ? 'waiting for the first token' : 'generating')) +
        elapsed;
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

/** The rows of the chat's items at `width`, and their count. */
export interface ChatRows {
  readonly rowsOf: (it: ChatItem) => Row[];
  readonly measure: Measure;
}

/**
 * The chat's rows at `width` for one frame or one action: the last item's are
 * kept, since a streaming reply is measured (it changed) and then drawn, and
 * need not be built twice.
 */
export function chatRows(s: State, cache: ViewCache, width: number): ChatRows {
  const last = s.chat.items.at(-1);
  let lastBuilt: Row[] | undefined;
  const rowsOf = (it: ChatItem): Row[] => {
    if (it !== last) return itemRows(s, it, width, cache);
    lastBuilt ??= itemRows(s, it, width, cache);
    return lastBuilt;
  };
  return { rowsOf, measure: (it) => rowsOf(it).length };
}

/** Brings the row index up to the chat's items at `width`, the last item measured at least. */
export function syncChatIndex(s: State, cache: ViewCache, width: number, measure: Measure): void {
  const n = s.chat.items.length;
  cache.chatWidth = width;
  cache.index.sync(s.chat.items, width, highlighterGeneration(), measure);
  cache.index.extend(measure, (_, first) => first < n);
}

/** The first scroll (rows up from the latest) at which rows [from, to) of `total` are in view, nearest `wanted`. */
function revealScroll(total: number, height: number, wanted: number, from: number, to: number) {
  let start = total - height - wanted;
  if (from < start) start = from;
  else if (to > start + height) start = Math.min(from, to - height);
  return Math.max(0, total - height - start);
}

/**
 * The scroll (rows up from the latest) that shows `wanted` in `height` rows,
 * clamped to the content; with `reveal`, the one nearest `wanted` that shows
 * item `reveal` (its top, when it is taller than the view). Measures items
 * upwards only as far as that needs (the last item's trailing blank row is
 * not shown); the index must be synced (syncChatIndex).
 */
export function fitScroll(
  index: RowIndex,
  measure: Measure,
  height: number,
  wanted: number,
  reveal?: number,
): number {
  const need = Math.min(wanted + height + 1, Number.MAX_SAFE_INTEGER);
  index.extend(measure, (rows, first) => rows >= need && (reveal === undefined || first <= reveal));
  const all = index.rowsFrom(index.first);
  const total = all - 1;
  let scroll = wanted;
  if (reveal !== undefined) {
    const from = all - index.rowsFrom(reveal);
    const to = Math.min(total, all - index.rowsFrom(reveal + 1));
    scroll = revealScroll(total, height, wanted, from, to);
  }
  return Math.min(scroll, Math.max(0, total - height));
}
