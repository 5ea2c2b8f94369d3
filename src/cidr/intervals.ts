/**
 * Set algebra on sorted, disjoint, non-adjacent closed intervals of bigints: the form in which a
 * `CidrSet` keeps its IPv6 addresses, shows both families (`v4`, `v6`) and takes them
 * (`fromIntervals`). Every function takes normalized input and returns a fresh, normalized list;
 * a pair `normalize` or `intersect` leaves as it is may be the input's own pair (pairs are never
 * written, only frozen when a set shows them), so disjoint networks cost no new pairs;
 * `normalize` is the only O(n log n) step, the rest are merges (that search past long gaps) or
 * binary searches. IPv4 has the same algebra on Numbers in `v4-ranges.ts`.
 */
import { v4FromKeys, v4Pairs } from './v4-ranges.js';
import { orderByStart } from './sort-keys.js';

export { sortKeys } from './sort-keys.js';

/** A closed interval `[start, end]` of addresses. */
export type Interval = readonly [start: bigint, end: bigint];

/**
 * Sorts and merges IPv4 networks given as `start * 64 + prefix` keys (see `v4CidrKey`), as bigint
 * pairs (the merge runs on Numbers: `v4FromKeys`). May sort `unsorted` in place.
 */
export function mergeV4Keys(unsorted: Float64Array): Interval[] {
  return v4Pairs(v4FromKeys(unsorted));
}

/** Sorts and merges overlapping or adjacent intervals (sorted by packed doubles: see `orderByStart`). */
export function normalize(intervals: readonly Interval[]): Interval[] {
  return intervals.length === 0 ? [] : merged(intervals, orderByStart(intervals));
}

/** a ∪ b: the two lists' order by start found by a linear merge, then merged. */
export function union(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const order = new Uint32Array(a.length + b.length);
  for (let i = 0, j = 0, k = 0; k < order.length; k++) {
    order[k] = j >= b.length || (i < a.length && a[i]![0] <= b[j]![0]) ? i++ : a.length + j++;
  }
  return merged(a.concat(b), order);
}

/**
 * The intervals of `list` taken in `order` (ascending starts), overlapping and adjacent ones
 * merged, in a fresh list. An interval nothing extends is kept as its own pair (pairs are never
 * written, and a set freezes them only when it shows them): a list of disjoint networks, such as
 * a long allow-list's IPv6 peers, is merged without a new pair each.
 */
function merged(list: readonly Interval[], order: ArrayLike<number>): Interval[] {
  const out: Interval[] = [];
  let end = -2n; // (addresses are >= 0: the first interval starts a run)
  for (let k = 0; k < order.length; k++) {
    const pair = list[order[k]!]!;
    if (pair[0] > end + 1n) out.push(pair), (end = pair[1]);
    else if (pair[1] > end) out[out.length - 1] = [out[out.length - 1]![0], (end = pair[1])];
  }
  return out;
}

/**
 * Index of the first interval of `set` from the `from`-th on whose end is >= value, or
 * `set.length`: a galloping search, O(log d) for an answer d intervals past `from` (so a merge
 * that searches at each step stays linear, and skips long runs in logarithmic time).
 */
function firstEndingAtOrAfter(set: readonly Interval[], value: bigint | number, from = 0): number {
  let lo = from;
  let hi = from || set.length; // (from the start: a plain binary search)
  for (let step = 1; hi < set.length && set[hi]![1] < value; step *= 2) {
    lo = hi + 1;
    hi += step;
  }
  if (hi > set.length) hi = set.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (set[mid]![1] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** a ∩ b: a merge that gallops past the intervals of one side that end before the other's next one. */
export function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    const as = a[i]![0];
    const ae = a[i]![1];
    const bs = b[j]![0];
    const be = b[j]![1];
    if (ae < bs) i = firstEndingAtOrAfter(a, bs, i + 1);
    else if (be < as) j = firstEndingAtOrAfter(b, as, j + 1);
    else {
      // A pair of `a` wholly inside one of `b` is kept as it is (pairs are never written).
      out.push(as >= bs && ae <= be ? a[i]! : [as > bs ? as : bs, ae < be ? ae : be]);
      if (ae < be) i++;
      else j++;
    }
  }
  return out;
}

/** a − b: a merge that gallops past the intervals of b within a gap of a. */
export function subtract(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let j = 0;
  for (let i = 0; i < a.length; i++) {
    const ae = a[i]![1];
    let s = a[i]![0];
    for (j = firstEndingAtOrAfter(b, s, j); j < b.length && b[j]![0] <= ae; j++) {
      const bs = b[j]![0];
      const be = b[j]![1];
      if (bs > s) out.push([s, bs - 1n]);
      if (be >= ae) {
        s = ae + 1n;
        break;
      }
      s = be + 1n;
    }
    if (s <= ae) out.push([s, ae]);
  }
  return out;
}

/** True when the sets share an address: their intersection is not empty (O(k log n) for k intervals against n). */
export function overlaps(a: readonly Interval[], b: readonly Interval[]): boolean {
  return intersect(a, b).length > 0;
}

/** True when the set shares an address with `[start, end]` (binary search, no allocation; bounds may be exact Numbers). */
export function overlapsRange(set: readonly Interval[], start: bigint | number, end: bigint | number): boolean {
  const j = firstEndingAtOrAfter(set, start);
  return j < set.length && set[j]![0] <= end;
}

/** True when every address of `inner` is in `outer` (each interval of `inner` must lie in one of `outer`'s). */
export function containsAll(outer: readonly Interval[], inner: readonly Interval[]): boolean {
  for (let i = 0, j = 0; i < inner.length; i++) {
    const s = inner[i]![0];
    const e = inner[i]![1];
    if (j >= outer.length || outer[j]![1] < e) j = firstEndingAtOrAfter(outer, e, j);
    if (j >= outer.length || outer[j]![0] > s) return false;
  }
  return true;
}

/** True when both hold the same addresses (normalized lists are equal exactly when their pairs are). */
export function equals(a: readonly Interval[], b: readonly Interval[]): boolean {
  return a.length === b.length && a.every((x, i) => x[0] === b[i]![0] && x[1] === b[i]![1]);
}
