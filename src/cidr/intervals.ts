/**
 * Set algebra on sorted, disjoint, non-adjacent closed intervals of bigints: the form in which a
 * `CidrSet` keeps its IPv6 addresses, shows both families (`v4`, `v6`) and takes them
 * (`fromIntervals`). Every function takes normalized input and returns fresh, normalized output;
 * `normalize` is the only O(n log n) step, the rest are merges (that search past long gaps) or
 * binary searches. IPv4 has the same algebra on Numbers in `v4-ranges.ts`.
 */
import { v4FromKeys, v4Pairs } from './v4-ranges.js';

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

/** Sorts and merges overlapping or adjacent intervals. */
export function normalize(intervals: readonly Interval[]): Interval[] {
  if (intervals.length === 0) return [];
  const sorted = intervals.slice().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: Interval[] = [];
  let [curStart, curEnd] = sorted[0]!;
  for (let i = 1; i < sorted.length; i++) {
    const [s, e] = sorted[i]!;
    if (s <= curEnd + 1n) {
      if (e > curEnd) curEnd = e;
    } else {
      out.push([curStart, curEnd]);
      curStart = s;
      curEnd = e;
    }
  }
  out.push([curStart, curEnd]);
  return out;
}

/** a ∪ b. */
export function union(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  if (a.length === 0) return b.slice();
  if (b.length === 0) return a.slice();
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  let cur: [bigint, bigint] | null = null;
  while (i < a.length || j < b.length) {
    const next: Interval = j >= b.length || (i < a.length && a[i]![0] <= b[j]![0]) ? a[i++]! : b[j++]!;
    if (cur === null) cur = [next[0], next[1]];
    else if (next[0] <= cur[1] + 1n) {
      if (next[1] > cur[1]) cur[1] = next[1];
    } else {
      out.push(cur);
      cur = [next[0], next[1]];
    }
  }
  if (cur !== null) out.push(cur);
  return out;
}

/** Index of the first interval of `set` from the `from`-th on whose end is >= value (binary search). */
function firstEndingAtOrAfter(set: readonly Interval[], value: bigint | number, from = 0): number {
  let lo = from;
  let hi = set.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (set[mid]![1] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** small ∩ big in O(k log n): each small interval binary-searches its place in big. */
function intersectSmall(small: readonly Interval[], big: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const [s, e] of small) {
    for (let j = firstEndingAtOrAfter(big, s); j < big.length && big[j]![0] <= e; j++) {
      const [bs, be] = big[j]!;
      out.push([bs > s ? bs : s, be < e ? be : e]);
    }
  }
  return out;
}

/** a ∩ b: a linear merge, or binary search when one side is far smaller. */
export function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  if (a.length * 16 < b.length) return intersectSmall(a, b);
  if (b.length * 16 < a.length) return intersectSmall(b, a);
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [as, ae] = a[i]!;
    const [bs, be] = b[j]!;
    const s = as > bs ? as : bs;
    const e = ae < be ? ae : be;
    if (s <= e) out.push([s, e]);
    if (ae < be) i++;
    else j++;
  }
  return out;
}

/** a − b: linear at most, and b is searched, not walked, past the gaps of a. */
export function subtract(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let j = 0;
  for (let i = 0; i < a.length; i++) {
    const ae = a[i]![1];
    let s = a[i]![0];
    // b is walked a few steps (as dense as a), then searched past a long run within a gap of a.
    for (let steps = 0; j < b.length && b[j]![1] < s; j++) if (++steps === 8) j = firstEndingAtOrAfter(b, s, j + 1) - 1;
    for (; j < b.length && b[j]![0] <= ae; j++) {
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

/**
 * True when the sets share an address; allocates nothing: a merge that stops at the first shared
 * address, or binary search from the smaller side when one is far smaller.
 */
export function overlaps(a: readonly Interval[], b: readonly Interval[]): boolean {
  if (a.length * 16 < b.length || b.length * 16 < a.length) {
    const [small, big] = a.length <= b.length ? [a, b] : [b, a];
    for (let i = 0; i < small.length; i++) if (overlapsRange(big, small[i]![0], small[i]![1])) return true;
    return false;
  }
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i]![1] < b[j]![0]) i++;
    else if (b[j]![1] < a[i]![0]) j++;
    else return true;
  }
  return false;
}

/** True when the set shares an address with `[start, end]` (binary search, no allocation; bounds may be exact Numbers). */
export function overlapsRange(set: readonly Interval[], start: bigint | number, end: bigint | number): boolean {
  const j = firstEndingAtOrAfter(set, start);
  return j < set.length && set[j]![0] <= end;
}

/** True when every address of `[start, end]` is in the set (binary search, no allocation). */
export function containsRange(set: readonly Interval[], start: bigint, end: bigint): boolean {
  const j = firstEndingAtOrAfter(set, end);
  return j < set.length && set[j]![0] <= start;
}

/** True when every address of `inner` is in `outer` (each interval of `inner` must lie in one of `outer`'s). */
export function containsAll(outer: readonly Interval[], inner: readonly Interval[]): boolean {
  for (let i = 0, j = 0; i < inner.length; i++) {
    const [s, e] = inner[i]!;
    if (j >= outer.length || outer[j]![1] < e) j = firstEndingAtOrAfter(outer, e, j);
    if (j >= outer.length || outer[j]![0] > s) return false;
  }
  return true;
}

/** True when both hold the same addresses (normalized lists are equal exactly when their pairs are). */
export function equals(a: readonly Interval[], b: readonly Interval[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]![0] !== b[i]![0] || a[i]![1] !== b[i]![1]) return false;
  return true;
}
