// Typo suggestions for unknown config keys and names ("did you mean ...?").

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j] ?? 0;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      d[i * cols + j] = best;
    }
  }
  return at(rows - 1, cols - 1);
}

/**
 * The candidate nearest to `input`, if it is close enough to be a plausible typo:
 * within a third of the length (at least 1, at most 3 edits), or differing only
 * in case, dashes versus underscores, or by a prefix.
 */
export function nearest(input: string, candidates: Iterable<string>): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/-/g, '_');
  const wanted = norm(input);
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    const c = norm(candidate);
    if (c === wanted) return candidate;
    const distance = editDistance(wanted, c);
    const limit = Math.min(3, Math.max(1, Math.floor(Math.max(wanted.length, c.length) / 3)));
    const prefix = wanted.length >= 3 && (c.startsWith(wanted) || wanted.startsWith(c));
    const score = prefix ? Math.min(distance, limit) : distance;
    if ((score <= limit || prefix) && score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}
