// Styled text: a Span is a string with one Style, a Line is a row of spans
// with an optional alignment, a Text is a list of lines. Styles stay data here;
// they become escape codes only in the emitter, so nothing ever slices an ANSI
// string.
import { EMPTY_STYLE, patch, type Style } from '../style/style.js';
import { stringWidth } from './width.js';
import { sanitize } from './sanitize.js';

export type Alignment = 'left' | 'center' | 'right';

export interface Span {
  readonly content: string;
  readonly style: Style;
}

export interface Line {
  readonly spans: readonly Span[];
  readonly style?: Style;
  readonly align?: Alignment;
}

export interface Text {
  readonly lines: readonly Line[];
  readonly style?: Style;
}

export function span(content: string, style: Style = EMPTY_STYLE): Span {
  return { content, style };
}

export function line(...parts: (Span | string)[]): Line {
  return { spans: parts.map((p) => (typeof p === 'string' ? span(p) : p)) };
}

export function styledLine(spans: readonly Span[], style?: Style, align?: Alignment): Line {
  const l: { spans: readonly Span[]; style?: Style; align?: Alignment } = { spans };
  if (style !== undefined) l.style = style;
  if (align !== undefined) l.align = align;
  return l;
}

/** Text from a plain string, one Line per `\n` (a `\r\n` counts as one break). */
export function text(s: string, style?: Style): Text {
  const lines = s.split(/\r?\n/).map((l) => line(span(l, style ?? EMPTY_STYLE)));
  return { lines };
}

export function lineWidth(l: Line): number {
  let w = 0;
  for (const s of l.spans) w += stringWidth(sanitize(s.content));
  return w;
}

export function textWidth(t: Text): number {
  let w = 0;
  for (const l of t.lines) w = Math.max(w, lineWidth(l));
  return w;
}

/** Each span's style with the line's (and an outer) style underneath it. */
export function resolvedSpans(l: Line, outer?: Style): Span[] {
  const base = patch(outer ?? EMPTY_STYLE, l.style);
  return l.spans.map((s) => (base === EMPTY_STYLE ? s : span(s.content, patch(base, s.style))));
}

export function plain(l: Line): string {
  return l.spans.map((s) => s.content).join('');
}
