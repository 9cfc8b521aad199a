// Fuzzy matching for the palette and pickers: the query's characters in
// order, case-insensitive; word starts and runs score higher, gaps lower.

export interface FuzzyMatch {
  readonly score: number;
  /** Indices (UTF-16) of the matched characters, for highlighting. */
  readonly positions: readonly number[];
}

const WORD_BREAK = /[\s._\-/:()[\]]/;

export function fuzzyMatch(query: string, text: string): FuzzyMatch | undefined {
  const q = query.toLowerCase().replace(/\s+/g, '');
  if (q === '') return { score: 0, positions: [] };
  const t = text.toLowerCase();
  const positions: number[] = [];
  let score = 0;
  let from = 0;
  let prev = -2;
  for (const ch of q) {
    // Prefer the next word start holding this character; else its next occurrence.
    let at = -1;
    for (let i = t.indexOf(ch, from); i >= 0; i = t.indexOf(ch, i + 1)) {
      if (i === prev + 1 || i === 0 || WORD_BREAK.test(t.charAt(i - 1))) {
        at = i;
        break;
      }
      if (at < 0) at = i;
    }
    if (at < 0) return undefined;
    const start = at === 0 || WORD_BREAK.test(t.charAt(at - 1));
    score += 1 + (at === prev + 1 ? 3 : 0) + (start ? 2 : 0) - Math.min(3, (at - from) * 0.05);
    positions.push(at);
    prev = at;
    from = at + 1;
  }
  // Shorter texts win ties; an exact prefix wins most.
  if (t.startsWith(q)) score += 5;
  return { score: score - text.length * 0.01, positions };
}

/** Items that match, best first (stable for equal scores). */
export function fuzzyFilter<T>(
  query: string,
  items: readonly T[],
  textOf: (item: T) => string,
): { item: T; match: FuzzyMatch }[] {
  const out: { item: T; match: FuzzyMatch; i: number }[] = [];
  items.forEach((item, i) => {
    const match = fuzzyMatch(query, textOf(item));
    if (match !== undefined) out.push({ item, match, i });
  });
  if (query.trim() !== '') out.sort((a, b) => b.match.score - a.match.score || a.i - b.i);
  return out.map(({ item, match }) => ({ item, match }));
}
