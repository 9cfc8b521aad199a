// Display width of text, measured per grapheme cluster: wide CJK (2), emoji
// presentation, ZWJ sequences, flags and keycaps (2), combining marks and other
// zero-width code points (0), text-presentation selector VS15 (1). This is the
// one width function the engine uses; nothing else counts columns.
import { eastAsianWidth } from 'get-east-asian-width';

let segmenter: Intl.Segmenter | undefined;

/**
 * The one grapheme segmenter, made on first use: creating the first
 * Intl.Segmenter loads ICU data (15-25 ms), and a first frame of plain text
 * never needs it.
 */
export function graphemeSegmenter(): Intl.Segmenter {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return segmenter;
}

// Printable ASCII only: one grapheme per char, width 1 each (the fast path).
const ASCII = /^[\x20-\x7e]*$/;
// Nonspacing/enclosing marks (variation selectors included) and format characters (ZWJ, ZWSP, tags).
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]/u;
const EMOJI_PRESENTATION = /^\p{Emoji_Presentation}/u;
const PICTOGRAPHIC = /^\p{Extended_Pictographic}/u;
const REGIONAL = /^[\u{1f1e6}-\u{1f1ff}]/u;

// Code units that always form a grapheme cluster on their own (no combining
// marks, joiners, variation selectors, surrogates or Hangul jamo): strings made
// only of these split per code unit, which avoids Intl.Segmenter in the common
// case of Latin, Greek, Cyrillic, box drawing, braille and CJK text.
const SIMPLE =
  /^[\x20-\x7e\xa0-\u02ff\u0370-\u0482\u048a-\u0590\u2010-\u2027\u2030-\u205e\u2070-\u20cf\u2100-\u23ff\u2500-\u27bf\u2800-\u2bff\u3000-\u3029\u3030-\u3098\u309b-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff\uff01-\uffdc]*$/;

export function isAscii(s: string): boolean {
  return ASCII.test(s);
}

/** True when every code unit of `s` is a grapheme cluster of its own. */
export function isSimple(s: string): boolean {
  return SIMPLE.test(s);
}

/**
 * Grapheme clusters of `s` with their UTF-16 offsets. Strings where every code
 * unit stands alone (most text) are split without Intl.Segmenter.
 */
export function segments(
  s: string,
): Iterable<{ readonly segment: string; readonly index: number }> {
  if (!ASCII.test(s) && !SIMPLE.test(s)) return graphemeSegmenter().segment(s);
  return Array.from(s, (segment, index) => ({ segment, index }));
}

/** Grapheme clusters of `s`. */
export function graphemes(s: string): string[] {
  if (ASCII.test(s) || SIMPLE.test(s)) return s.split('');
  const out: string[] = [];
  for (const seg of graphemeSegmenter().segment(s)) out.push(seg.segment);
  return out;
}

const cache = new Map<string, number>();

/** Columns one grapheme cluster occupies: 0, 1 or 2. */
export function graphemeWidth(g: string): number {
  if (g.length === 1) {
    const c = g.charCodeAt(0);
    if (c >= 0x20 && c < 0x7f) return 1;
    if (c < 0x20 || (c >= 0x7f && c < 0xa0)) return 0;
  }
  const hit = cache.get(g);
  if (hit !== undefined) return hit;
  const w = computeWidth(g);
  if (cache.size > 10_000) cache.clear();
  cache.set(g, w);
  return w;
}

function computeWidth(g: string): number {
  const cp = g.codePointAt(0) ?? 0;
  if (ZERO_WIDTH.test(g)) return 0;
  if (g.includes('\ufe0e')) return 1;
  if (EMOJI_PRESENTATION.test(g) || REGIONAL.test(g)) return 2;
  if (PICTOGRAPHIC.test(g) && (g.includes('\ufe0f') || g.includes('\u200d'))) return 2;
  // Keycaps: digit/#/* + VS16 + U+20E3.
  if (g.includes('\u20e3') && g.includes('\ufe0f')) return 2;
  return eastAsianWidth(cp, { ambiguousAsWide: false });
}

/** Columns `s` occupies (no control characters expected; sanitize first). */
export function stringWidth(s: string): number {
  if (ASCII.test(s)) return s.length;
  let w = 0;
  if (SIMPLE.test(s)) {
    for (let i = 0; i < s.length; i++) w += graphemeWidth(s.charAt(i));
    return w;
  }
  for (const seg of graphemeSegmenter().segment(s)) w += graphemeWidth(seg.segment);
  return w;
}

/** Expands tabs to the next multiple of `tabWidth`, counting from column `startCol`. */
export function expandTabs(s: string, tabWidth = 4, startCol = 0): string {
  if (!s.includes('\t')) return s;
  let col = startCol;
  let out = '';
  for (const g of graphemes(s)) {
    if (g === '\t') {
      const n = tabWidth - (col % tabWidth);
      out += ' '.repeat(n);
      col += n;
    } else {
      out += g;
      col += graphemeWidth(g);
    }
  }
  return out;
}
