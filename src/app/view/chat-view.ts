// The chat transcript: each item as a role header, its body (Markdown for
// assistant text) and a footer (streaming spinner, cancelled/error states,
// TTFT and tokens/s). Only the items that reach the viewport are rendered,
// walking up from the latest; Markdown is cached per item by the ViewCache.
import {
  type Buffer,
  type Line,
  type Rect,
  type Style,
  type Theme,
  MarkdownDocument,
  Mod,
  line,
  span,
  spinnerFrame,
  styledLine,
  text,
  wrapLines,
} from '../../tui/index.js';
import { type ChatItem, type State } from '../state.js';

export interface Row {
  readonly line: Line;
  readonly indent: number;
}

/** Rendering caches the app owns across frames (Markdown per chat item). */
export class ViewCache {
  private docs = new Map<string, MarkdownDocument>();
  /** The last item and its height in the previous frame (to hold a scrolled-back view still). */
  last: { id: string; rows: number; width: number } | undefined;
  constructor(readonly theme: Theme) {}
  doc(id: string): MarkdownDocument {
    let d = this.docs.get(id);
    if (d === undefined) {
      d = new MarkdownDocument(this.theme);
      this.docs.set(id, d);
    }
    return d;
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
      span(` ${meta}`, theme['text.dim']),
    ),
    indent: 0,
  });
  const body: Line[] = [];
  if (it.reasoning !== undefined && it.reasoning !== '') {
    body.push(line(span('thinking', { ...theme['text.dim'], add: Mod.italic })));
    body.push(...plainRows(it.reasoning, bodyWidth, theme['text.dim']));
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

function welcome(s: State, theme: Theme): Line[] {
  const b = s.backend;
  const out: Line[] = [
    line(span('mistralrs-tui', theme['title.focused'])),
    styledLine([]),
    line(span('Type a message below and press Enter to send it.', theme.text)),
  ];
  if (b.connection === 'down') {
    out.push(
      styledLine([]),
      line(span(`No server answers at ${b.url ?? b.name}.`, theme['status.error'])),
      line(span('To get going, either:', theme['text.dim'])),
      line(
        span('  mistralrs-tui models', theme['text.code']),
        span('  lists the models found on disk;', theme['text.dim']),
      ),
      line(
        span('  mistralrs-tui serve <model-id>', theme['text.code']),
        span('  starts a server for one;', theme['text.dim']),
      ),
      line(
        span('  mistralrs serve -m <model> -p 1234', theme['text.code']),
        span('  starts one by hand,', theme['text.dim']),
      ),
      line(
        span(
          'then run mistralrs-tui --url http://127.0.0.1:1234 (or set url in the config).',
          theme['text.dim'],
        ),
      ),
    );
  }
  return out;
}

/**
 * Draws the transcript into `area`; returns the scroll actually shown (the
 * state's scroll clamped to the content), for the runtime to store back.
 */
export function drawChat(buf: Buffer, area: Rect, s: State, cache: ViewCache): number {
  const theme = cache.theme;
  const items = s.chat.items;
  if (items.length === 0) {
    wrapLines(welcome(s, theme), Math.max(1, area.width - 1)).forEach((l, i) => {
      if (i < area.height) buf.setLine(area.x + 1, area.y + i, l, area.width - 1);
    });
    return 0;
  }
  // Rows from the bottom up, until the viewport plus the scroll are covered.
  const blocks: Row[][] = [];
  let count = 0;
  let wanted = s.chat.scroll;
  for (let i = items.length - 1; i >= 0 && count < area.height + wanted; i--) {
    const it = items[i];
    if (it === undefined) continue;
    const rows = itemRows(s, it, area.width, cache);
    if (i === items.length - 1) {
      // Scrolled back while the last reply grows: keep the same rows in view
      // (following stops when the user scrolls up; End or G jumps back).
      const prev = cache.last;
      if (wanted > 0 && prev?.id === it.id && prev.width === area.width && rows.length > prev.rows)
        wanted += rows.length - prev.rows;
      cache.last = { id: it.id, rows: rows.length, width: area.width };
    }
    blocks.push(rows);
    count += rows.length;
  }
  const all = blocks.reverse().flat();
  // The trailing blank row of the last item is not needed.
  if (all.length > 0) all.pop();
  const maxScroll = Math.max(0, all.length - area.height);
  const scroll = Math.min(wanted, maxScroll);
  const start = Math.max(0, all.length - area.height - scroll);
  for (let r = 0; r < area.height; r++) {
    const row = all[start + r];
    if (row === undefined) break;
    buf.setLine(area.x + row.indent, area.y + r, row.line, area.width - row.indent);
  }
  if (scroll > 0) {
    const tag = ` ↓ ${scroll} more `;
    buf.setString(area.x + area.width - tag.length, area.y + area.height - 1, tag, theme.selection);
  }
  return scroll;
}
