// Checked indexing: the element at `i`, or a RangeError. Used where an index is
// known to be in range (so `noUncheckedIndexedAccess` has nothing to add) and a
// silent `undefined` would only hide a bug.
export function at<T>(arr: readonly T[], i: number): T {
  const v = arr[i];
  if (v === undefined) throw new RangeError(`index ${i} out of range (length ${arr.length})`);
  return v;
}
