// Pure text helpers for the editor: grapheme boundaries and word boundaries
// within one line, as UTF-16 offsets. Movement never lands inside a grapheme
// cluster, so an emoji ZWJ sequence or a combining mark moves as one.
import { segments } from '../../text/width.js';

/** Offsets of every grapheme boundary in `s`, including 0 and s.length. */
export function boundaries(s: string): number[] {
  const out: number[] = [];
  for (const seg of segments(s)) out.push(seg.index);
  out.push(s.length);
  return out;
}

export function prevBoundary(s: string, col: number): number {
  let prev = 0;
  for (const b of boundaries(s)) {
    if (b >= col) return prev;
    prev = b;
  }
  return prev;
}

export function nextBoundary(s: string, col: number): number {
  for (const b of boundaries(s)) if (b > col) return b;
  return s.length;
}

type CharClass = 0 | 1 | 2; // space, word, punctuation
function classOf(ch: string): CharClass {
  if (/\s/u.test(ch)) return 0;
  if (/[\p{L}\p{N}\p{M}_]/u.test(ch)) return 1;
  return 2;
}

const chAt = (s: string, i: number): string => String.fromCodePoint(s.codePointAt(i) ?? 32);

/** Start of the word before `col` (skipping spaces first), as editors do for Ctrl+Left. */
export function wordLeft(s: string, col: number): number {
  const bs = boundaries(s).filter((b) => b < col);
  const cls = (i: number): CharClass => classOf(chAt(s, bs[i] ?? 0));
  let i = bs.length - 1;
  while (i >= 0 && cls(i) === 0) i--;
  if (i < 0) return 0;
  const c = cls(i);
  while (i > 0 && cls(i - 1) === c) i--;
  return bs[i] ?? 0;
}

/** End of the word after `col` (skipping spaces first), as editors do for Ctrl+Right. */
export function wordRight(s: string, col: number): number {
  const bs = boundaries(s).filter((b) => b >= col && b < s.length);
  const cls = (i: number): CharClass => classOf(chAt(s, bs[i] ?? 0));
  let i = 0;
  while (i < bs.length && cls(i) === 0) i++;
  if (i >= bs.length) return s.length;
  const c = cls(i);
  while (i < bs.length && cls(i) === c) i++;
  return bs[i] ?? s.length;
}
