/** Sorting of the non-negative doubles, and of the bigint intervals, the interval algebra merges. */
import type { Interval } from './intervals.js';

/**
 * Sorts non-negative doubles ascending, in place, and returns `keys`. The IEEE 754 bits of
 * non-negative doubles order the same way as their values, so the sort runs on them as unsigned
 * 64-bit integers: as fast as a radix sort on long lists (about half the native sort of doubles on
 * 20,000 keys, which pays for its NaN and -0 order) without the code of one.
 *
 * @param keys - non-negative doubles (not NaN, not -0).
 */
export function sortKeys(keys: Float64Array): Float64Array {
  new BigUint64Array(keys.buffer, keys.byteOffset, keys.length).sort();
  return keys;
}

/**
 * The order of `intervals` by start, as indexes: a native sort of doubles that each pack the
 * leading bits of a start's distance from the smallest start (a monotone key: `a < b` gives
 * `key(a) <= key(b)`) above the interval's index. When two keys tie (starts that differ only in
 * the bits the key dropped), a sort by the bigints themselves follows; it finds the list sorted
 * but for the runs of tied keys (the array sort, TimSort, takes about n comparisons for a nearly
 * sorted list, and never more than O(n log n)).
 */
export function orderByStart(intervals: readonly Interval[]): number[] {
  const n = intervals.length;
  let min = intervals[0]![0];
  let max = min;
  for (let i = 1; i < n; i++) {
    const s = intervals[i]![0];
    if (s < min) min = s;
    else if (s > max) max = s;
  }
  // index < 2^indexBits; key < 2^(52 - indexBits) (the spread divided by a power of two): packed < 2^53, exact.
  const indexBits = n.toString(2).length;
  const scale = 2 ** indexBits;
  const unit = 2 ** Math.max(0, (max - min).toString(2).length - 52 + indexBits);
  const packed = new Float64Array(n);
  for (let i = 0; i < n; i++) packed[i] = Math.floor(Number(intervals[i]![0] - min) / unit) * scale + i;
  sortKeys(packed);
  const order = new Array<number>(n);
  let ties = false;
  for (let i = 0; i < n; i++) {
    order[i] = packed[i]! % scale;
    ties ||= i > 0 && packed[i]! - order[i]! === packed[i - 1]! - order[i - 1]!;
  }
  return ties ? order.sort((x, y) => (intervals[x]![0] < intervals[y]![0] ? -1 : 1)) : order;
}
