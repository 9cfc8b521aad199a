// Builds search snippets in one place for both dialects, so SQLite and
// PostgreSQL show the same text: the window of words around the first match,
// with the offsets of every word that matches a query term as a prefix.
// (FTS5's snippet() also ignores a rowid constraint next to MATCH in SQLite
// 3.53, which made it unusable for ranking first and highlighting after.)
import type { SearchHit } from '../../domain/session.js';

const WORD = /[\p{L}\p{N}]+/gu;

export function buildSnippet(
  text: string,
  terms: readonly string[],
  maxWords = 24,
): Pick<SearchHit, 'snippet' | 'highlights'> {
  const words = [...text.matchAll(WORD)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    hit: terms.some((t) => m[0].normalize('NFKC').toLowerCase().startsWith(t)),
  }));
  const first = words.findIndex((w) => w.hit);
  const from = Math.max(0, (first < 0 ? 0 : first) - Math.floor(maxWords / 3));
  const to = Math.min(words.length, from + maxWords);
  const startAt = from === 0 ? 0 : (words[from]?.start ?? 0);
  const endAt = to >= words.length ? text.length : (words[to - 1]?.end ?? text.length);
  const prefix = from > 0 ? '…' : '';
  const raw = text.slice(startAt, endAt);
  // Newlines and tabs become spaces (one for one, so offsets still hold).
  const snippet = prefix + raw.replace(/[\r\n\t\f\v]/g, ' ') + (endAt < text.length ? '…' : '');
  const highlights = words
    .slice(from, to)
    .filter((w) => w.hit)
    .map((w) => [w.start - startAt + prefix.length, w.end - startAt + prefix.length] as const);
  return { snippet, highlights };
}
