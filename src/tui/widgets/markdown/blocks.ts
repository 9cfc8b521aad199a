// Block-level Markdown to lines at a given width: headings, paragraphs, lists
// (with task boxes and hanging indents), block quotes, fenced code
// (highlighted, on a code background, wrapped at a space where there is one,
// continuation rows marked ↪ in the margin and kept at the line's indent), GFM tables
// (box-drawn, columns shrunk to fit) and rules. Pure: same tokens and width
// give the same lines, which is what makes per-block caching safe.
import type { Token, Tokens } from 'marked';
import { EMPTY_STYLE, Mod, type Style, patch } from '../../style/style.js';
import type { Theme } from '../../style/theme.js';
import { type Line, type Span, lineWidth, span, styledLine } from '../../text/span.js';
import { glyphs, truncateLine, wrapLine } from '../../text/wrap.js';
import { highlightCode } from './highlight.js';
import { inlineSpans } from './inline.js';

/** Splits spans on '\n' into lines. */
function splitLines(spans: readonly Span[]): Line[] {
  const lines: Span[][] = [[]];
  for (const s of spans) {
    s.content.split('\n').forEach((part, i) => {
      if (i > 0) lines.push([]);
      if (part !== '') lines[lines.length - 1]?.push(span(part, s.style));
    });
  }
  return lines.map((l) => styledLine(l));
}

function wrapped(spans: readonly Span[], width: number): Line[] {
  return splitLines(spans).flatMap((l) => wrapLine(l, width));
}

/** Prefixes the first line with `first` and the others with `rest` (same width). */
function indent(lines: readonly Line[], first: Span, rest: Span): Line[] {
  return lines.map((l, i) => styledLine([i === 0 ? first : rest, ...l.spans], l.style, l.align));
}

export function renderBlocks(
  tokens: readonly Token[],
  width: number,
  theme: Theme,
  base: Style = EMPTY_STYLE,
  tight = false,
): Line[] {
  const out: Line[] = [];
  let first = true;
  for (const t of tokens) {
    // A task item's checkbox is drawn as the item's marker.
    if (t.type === 'space' || t.type === 'def' || t.type === 'checkbox') continue;
    const lines = renderBlock(t, Math.max(1, width), theme, base);
    if (!first && !tight && lines.length > 0) out.push(styledLine([]));
    first = false;
    out.push(...lines);
  }
  return out;
}

function renderBlock(t: Token, width: number, theme: Theme, base: Style): Line[] {
  switch (t.type) {
    case 'heading': {
      const h = t as Tokens.Heading;
      const st = patch(
        patch(base, theme['md.heading']),
        h.depth === 1 ? { add: Mod.underline } : undefined,
      );
      const marker = span('#'.repeat(h.depth) + ' ', patch(base, theme['text.dim']));
      return wrapped([marker, ...inlineSpans(h.tokens, theme, st)], width);
    }
    case 'paragraph':
      return wrapped(inlineSpans((t as Tokens.Paragraph).tokens, theme, base), width);
    case 'text': {
      const tx = t as Tokens.Text;
      return wrapped(
        tx.tokens ? inlineSpans(tx.tokens, theme, base) : [span(tx.text, base)],
        width,
      );
    }
    case 'code':
      return renderCode(t as Tokens.Code, width, theme);
    case 'blockquote': {
      const q = t as Tokens.Blockquote;
      const inner = renderBlocks(q.tokens, width - 2, theme, patch(base, theme['md.quote']));
      const bar = span('│ ', theme['md.quote']);
      return indent(inner, bar, bar);
    }
    case 'list':
      return renderList(t as Tokens.List, width, theme, base);
    case 'table':
      return renderTable(t as Tokens.Table, width, theme, base);
    case 'hr':
      return [styledLine([span('─'.repeat(width), theme['md.rule'])])];
    case 'html':
      return wrapped(
        [span((t as Tokens.HTML).text.trimEnd(), patch(base, theme['text.dim']))],
        width,
      );
    default:
      return wrapped([span(t.raw.trimEnd(), base)], width);
  }
}

/** Marks a code row that continues the line above (a line too long for the width). */
const CONTINUED = '↪';

/**
 * A code line in rows of `width` cells: broken at a space where there is one
 * (by character only inside a word too long for a row), each continuation at
 * the line's own indent, so wrapped code still reads as its structure.
 */
function wrapCode(l: Line, width: number): Line[] {
  const gs = glyphs(l);
  let n = 0;
  while (n < gs.length && gs[n]?.g === ' ') n++;
  // A deep indent keeps at least half the row for the code.
  const ind = Math.min(n, Math.floor(width / 2));
  const spans: Span[] = [];
  for (const g of gs.slice(ind)) {
    const last = spans.at(-1);
    if (last?.style === g.style) spans[spans.length - 1] = span(last.content + g.g, g.style);
    else spans.push(span(g.g, g.style));
  }
  const lead = ind > 0 ? [span(' '.repeat(ind), gs[0]?.style ?? EMPTY_STYLE)] : [];
  return wrapLine(styledLine(spans), width - ind, 'word').map((r) =>
    styledLine([...lead, ...r.spans]),
  );
}

function renderCode(c: Tokens.Code, width: number, theme: Theme): Line[] {
  const bg = theme['md.code'];
  const out: Line[] = [];
  const label = c.lang !== undefined && c.lang !== '' ? c.lang : undefined;
  if (label !== undefined)
    out.push(styledLine([span(` ${label}`, patch(bg, theme['text.dim']))], bg));
  for (const spans of highlightCode(c.text.replace(/\n$/, ''), c.lang?.split(/\s/)[0], theme)) {
    // Inside a one-cell margin, which marks the rows that continue a line.
    const body = wrapCode(styledLine(spans), Math.max(1, width - 1));
    body.forEach((l, i) => {
      const pad = width - 1 - lineWidth(l);
      const margin = i === 0 ? span(' ', bg) : span(CONTINUED, patch(bg, theme['text.dim']));
      const row = [margin, ...l.spans];
      out.push(styledLine(pad > 0 ? [...row, span(' '.repeat(pad), bg)] : row));
    });
  }
  return out;
}

function renderList(l: Tokens.List, width: number, theme: Theme, base: Style): Line[] {
  const out: Line[] = [];
  const start = typeof l.start === 'number' ? l.start : 1;
  const markers = l.items.map((item, i) => {
    if (item.task) return item.checked === true ? '☑ ' : '☐ ';
    return l.ordered ? `${start + i}. ` : '• ';
  });
  const mw = Math.max(...markers.map((m) => m.length));
  l.items.forEach((item, i) => {
    const marker = (markers[i] ?? '').padEnd(mw);
    const body = renderBlocks(item.tokens, width - mw, theme, base, !l.loose);
    if (l.loose && i > 0) out.push(styledLine([]));
    out.push(
      ...indent(
        body.length > 0 ? body : [styledLine([])],
        span(marker, theme['md.bullet']),
        span(' '.repeat(mw)),
      ),
    );
  });
  return out;
}

function renderTable(t: Tokens.Table, width: number, theme: Theme, base: Style): Line[] {
  const bs = theme['md.table.border'];
  const cells = [t.header, ...t.rows].map((row) =>
    row.map((c) => styledLine(inlineSpans(c.tokens, theme, base))),
  );
  const n = t.header.length;
  const widths = Array.from({ length: n }, (_, col) =>
    Math.max(1, ...cells.map((r) => (r[col] ? lineWidth(r[col]) : 0))),
  );
  // Shrink the widest column until the table fits: borders take n + 1 cells, padding 2 per column.
  const budget = width - (n + 1) - 2 * n;
  while (widths.reduce((a, b) => a + b, 0) > budget) {
    let wi = 0;
    widths.forEach((w, i) => {
      if (w > (widths[wi] ?? 0)) wi = i;
    });
    if ((widths[wi] ?? 0) <= 1) break;
    widths[wi] = (widths[wi] ?? 1) - 1;
  }
  const rule = (l: string, m: string, r: string): Line =>
    styledLine([span(l + widths.map((w) => '─'.repeat(w + 2)).join(m) + r, bs)]);
  const row = (r: readonly Line[], header: boolean): Line => {
    const spans: Span[] = [span('│', bs)];
    widths.forEach((w, i) => {
      const cell = truncateLine(r[i] ?? styledLine([]), w);
      const pad = w - lineWidth(cell);
      const align = t.align[i] ?? 'left';
      const left = align === 'right' ? pad : align === 'center' ? Math.floor(pad / 2) : 0;
      const st = header ? { add: Mod.bold } : EMPTY_STYLE;
      spans.push(span(' '.repeat(left + 1)));
      spans.push(...cell.spans.map((s) => span(s.content, patch(s.style, st))));
      spans.push(span(' '.repeat(pad - left + 1)), span('│', bs));
    });
    return styledLine(spans);
  };
  const out = [rule('┌', '┬', '┐'), row(cells[0] ?? [], true), rule('├', '┼', '┤')];
  for (const r of cells.slice(1)) out.push(row(r, false));
  out.push(rule('└', '┴', '┘'));
  return out;
}
