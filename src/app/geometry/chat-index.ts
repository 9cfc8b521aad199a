// Where each chat item sits, in rows from the bottom of the transcript (the
// chat scroll counts rows up from the latest). Heights are cached per item
// object and width: the state is immutable, so an edited, streamed or
// re-folded item is a new object and misses. The sums of the heights from the
// bottom (`below`) map a scroll offset to the item drawn there by a binary
// search, so a frame costs the same at the top of a 10,000-message session as
// at the bottom. Heights are measured lazily, upwards from the latest item and
// only as far as a frame needs: opening a long session measures its last
// screen; the first jump to the top measures everything, once.
import type { ChatItem } from '../types/state.js';

/** The rows an item takes at the index's width (its header, body, footer and blank row). */
export type Measure = (item: ChatItem) => number;

interface Height {
  readonly width: number;
  readonly gen: number;
  readonly rows: number;
}

/** Changed items at the tail measured at once (a streamed reply, a sent message); more resets the sums. */
const TAIL = 16;

export class RowIndex {
  private readonly heights = new WeakMap<ChatItem, Height>();
  private items: readonly ChatItem[] = [];
  private width = -1;
  private gen = -1;
  /** below[i]: the rows of items i..n-1, valid for i >= known; below[n] = 0. */
  private below = new Float64Array(1);
  /** The first item measured: items[known..] are in `below`. */
  private known = 0;
  /** How many items were measured afresh (cache misses) since it was made (for tests). */
  measured = 0;

  /** The items whose heights `below` holds now, at `width` (and Markdown generation `gen`). */
  sync(items: readonly ChatItem[], width: number, gen: number, measure: Measure): void {
    const n = items.length;
    if (width !== this.width || gen !== this.gen) {
      this.width = width;
      this.gen = gen;
      this.reset(items);
      return;
    }
    if (items === this.items) return;
    const prev = this.items;
    const common = Math.min(n, prev.length);
    let p = 0;
    while (p < common && items[p] === prev[p]) p++;
    if (p === n && n === prev.length) {
      this.items = items;
      return;
    }
    if (p < this.known || n - p > TAIL) {
      this.reset(items);
      return;
    }
    // Only the tail changed (a reply streaming, a message sent): measure it
    // and add the unchanged heights above it back on top.
    const below = new Float64Array(n + 1);
    for (let i = n - 1; i >= p; i--)
      below[i] = (below[i + 1] ?? 0) + this.heightOf(items, i, measure);
    for (let i = p - 1; i >= this.known; i--)
      below[i] = (below[i + 1] ?? 0) + ((this.below[i] ?? 0) - (this.below[i + 1] ?? 0));
    this.below = below;
    this.items = items;
  }

  private reset(items: readonly ChatItem[]): void {
    this.items = items;
    this.below = new Float64Array(items.length + 1);
    this.known = items.length;
  }

  private heightOf(items: readonly ChatItem[], i: number, measure: Measure): number {
    const it = items[i];
    return it === undefined ? 0 : this.rowsOfItem(it, measure);
  }

  /** The rows `it` takes at the index's width (measured once per item object, like the others). */
  rowsOfItem(it: ChatItem, measure: Measure): number {
    const h = this.heights.get(it);
    if (h?.width === this.width && h.gen === this.gen) return h.rows;
    const rows = measure(it);
    this.measured++;
    this.heights.set(it, { width: this.width, gen: this.gen, rows });
    return rows;
  }

  /** Measures items upwards until `enough(rows measured, first item measured)` or the first item is. */
  extend(measure: Measure, enough: (rows: number, first: number) => boolean): void {
    let k = this.known;
    while (k > 0 && !enough(this.below[k] ?? 0, k)) {
      k--;
      this.below[k] = (this.below[k + 1] ?? 0) + this.heightOf(this.items, k, measure);
    }
    this.known = k;
  }

  /** The first item measured (0: all are). */
  get first(): number {
    return this.known;
  }

  /** The rows of items i..n-1 (i at or after `first`). */
  rowsFrom(i: number): number {
    return this.below[i] ?? 0;
  }

  /** The rows of item i (at or after `first`). */
  height(i: number): number {
    return (this.below[i] ?? 0) - (this.below[i + 1] ?? 0);
  }

  /**
   * The item holding the row `b` rows up from the bottom (0: the last item's
   * last row), and that row's index within the item; b < rowsFrom(first).
   */
  at(b: number): { item: number; row: number } {
    let lo = this.known;
    let hi = this.items.length - 1;
    // The last i with below[i] > b (below decreases with i).
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.below[mid] ?? 0) > b) lo = mid;
      else hi = mid - 1;
    }
    return { item: lo, row: (this.below[lo] ?? 0) - 1 - b };
  }
}
