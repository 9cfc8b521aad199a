// Wrapping and truncation of styled lines by display width. Works on grapheme
// clusters, so a wide glyph or an emoji ZWJ sequence is never split, and a
// word wrap never breaks inside a word unless the word alone is too wide.
import { EMPTY_STYLE, type Style } from '../style/style.js';
import { sanitize } from './sanitize.js';
import { type Line, type Span, span, styledLine } from './span.js';
import { expandTabs, graphemes, graphemeWidth } from './width.js';
import { at } from '../util/at.js';

export type WrapMode = 'word' | 'char';

interface Glyph {
  readonly g: string;
  readonly w: number;
  readonly style: Style;
}

/** A line as safe, tab-expanded graphemes with their widths and styles. */
export function glyphs(l: Line, tabWidth = 4): Glyph[] {
  const out: Glyph[] = [];
  let col = 0;
  for (const s of l.spans) {
    const clean = sanitize(expandTabs(s.content.replace(/\r/g, ''), tabWidth, col));
    for (const g of graphemes(clean)) {
      const w = graphemeWidth(g);
      if (w === 0) continue;
      out.push({ g, w, style: s.style });
      col += w;
    }
  }
  return out;
}

function toLine(gs: readonly Glyph[], from: Line): Line {
  const spans: Span[] = [];
  let cur = '';
  let st: Style | undefined;
  for (const x of gs) {
    if (st !== undefined && x.style !== st) {
      spans.push(span(cur, st));
      cur = '';
    }
    st = x.style;
    cur += x.g;
  }
  if (st !== undefined) spans.push(span(cur, st));
  return styledLine(spans, from.style, from.align);
}

const isSpace = (g: Glyph): boolean => g.g === ' ';

/** Wraps `l` to `width` columns. An empty line stays one empty line. */
export function wrapLine(l: Line, width: number, mode: WrapMode = 'word'): Line[] {
  if (width <= 0) return [];
  const gs = glyphs(l);
  const out: Line[] = [];
  let start = 0;
  while (start < gs.length) {
    if (out.length > 0 && mode === 'word') {
      while (start < gs.length && isSpace(at(gs, start))) start++;
      if (start >= gs.length) break;
    }
    let w = 0;
    let i = start;
    let lastBreak = -1; // index just after the last space that fits
    while (i < gs.length) {
      const x = at(gs, i);
      if (w + x.w > width) break;
      w += x.w;
      i++;
      if (isSpace(x)) lastBreak = i;
    }
    let end = i;
    if (i < gs.length && mode === 'word') {
      const next = at(gs, i);
      if (!isSpace(next) && lastBreak > start) end = lastBreak;
    }
    if (end === start) end = start + 1; // a glyph wider than the line: emit it alone
    let trimmed = end;
    if (mode === 'word' && end < gs.length) {
      while (trimmed > start && isSpace(at(gs, trimmed - 1))) trimmed--;
    }
    out.push(toLine(gs.slice(start, trimmed), l));
    start = end;
  }
  if (out.length === 0) out.push(styledLine([], l.style, l.align));
  return out;
}

export function wrapLines(ls: readonly Line[], width: number, mode: WrapMode = 'word'): Line[] {
  const out: Line[] = [];
  for (const l of ls) for (const w of wrapLine(l, width, mode)) out.push(w);
  return out;
}

/** `l` cut to `width` columns, ending in `ellipsis` when something was cut. */
export function truncateLine(l: Line, width: number, ellipsis = '…'): Line {
  const gs = glyphs(l);
  let total = 0;
  for (const g of gs) total += g.w;
  if (total <= width) return l;
  const ew = ellipsis === '' ? 0 : glyphs({ spans: [span(ellipsis)] }).reduce((a, g) => a + g.w, 0);
  const room = Math.max(0, width - ew);
  const kept: Glyph[] = [];
  let w = 0;
  for (const g of gs) {
    if (w + g.w > room) break;
    kept.push(g);
    w += g.w;
  }
  if (ew > 0 && ew <= width) {
    const last = kept[kept.length - 1];
    kept.push({ g: ellipsis, w: ew, style: last?.style ?? gs[0]?.style ?? EMPTY_STYLE });
  }
  return toLine(kept, l);
}

/** Plain-string truncation by width. */
export function truncate(s: string, width: number, ellipsis = '…'): string {
  return truncateLine({ spans: [span(s)] }, width, ellipsis)
    .spans.map((x) => x.content)
    .join('');
}
