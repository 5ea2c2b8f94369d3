/**
 * IPv4 set algebra on Numbers: a set of one family is a flat `Float64Array`
 * `[start0, end0, start1, end1, ...]` of sorted, disjoint, non-adjacent closed intervals (every
 * address an exact Number below 2^32). The same algebra as `intervals.ts` without a bigint, a pair
 * array or a freeze per interval: every function returns a fresh array, or the shared empty
 * `NONE`, never one of its arguments (so a caller may keep what it gets), and never writes to its
 * arguments.
 */
import { sortKeys } from './sort-keys.js';
import type { Interval } from './intervals.js';

/** Normalized IPv4 intervals, flat: `[start0, end0, start1, end1, ...]`. Never written after it is made. */
export type V4Ranges = Float64Array;

/** The empty list, shared (nothing can be written to it). */
export const NONE: V4Ranges = new Float64Array(0);

/** The first `length` entries of `out` (`out` itself when it is all of it). */
const fit = (out: Float64Array, length: number): Float64Array => (length === out.length ? out : length ? out.slice(0, length) : NONE);

/**
 * Merges fresh flat pairs sorted by start, in place (what it writes never passes what it reads),
 * and returns the merged part.
 */
function mergeSorted(p: Float64Array): V4Ranges {
  let k = 0;
  for (let i = 0; i < p.length; i += 2) {
    const s = p[i]!;
    const e = p[i + 1]!;
    if (k > 0 && s <= p[k - 1]! + 1) {
      if (e > p[k - 1]!) p[k - 1] = e;
    } else {
      p[k++] = s;
      p[k++] = e;
    }
  }
  return fit(p, k);
}

/**
 * Normalizes IPv4 intervals given flat, in any order, overlapping or adjacent (each start <= its
 * end, both below 2^32): sorted, disjoint, merged. The starts and the ends are sorted each on
 * their own: the union has a gap exactly where the i-th smallest start lies more than one address
 * past the (i-1)-th smallest end, so the i-th smallest of each make a pair the merge can sweep.
 */
export function v4Normalize(flat: ArrayLike<number>): V4Ranges {
  const n = flat.length >> 1;
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    starts[i] = flat[2 * i]!;
    ends[i] = flat[2 * i + 1]!;
  }
  const s = sortKeys(starts);
  const e = sortKeys(ends);
  const p = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    p[2 * i] = s[i]!;
    p[2 * i + 1] = e[i]!;
  }
  return mergeSorted(p);
}

/**
 * Normalized intervals of IPv4 networks given as `start * 64 + prefix` keys (see `v4CidrKey`), in
 * any order: one sort of the keys and a sweep. May sort `keys` in place.
 */
export function v4FromKeys(keys: Float64Array): V4Ranges {
  const sorted = sortKeys(keys);
  const p = new Float64Array(2 * sorted.length);
  for (let i = 0; i < sorted.length; i++) {
    const key = sorted[i]!;
    const start = Math.floor(key / 64); // exact: key is an integer below 2^38 (no fmod)
    const prefix = key - start * 64;
    p[2 * i] = start;
    p[2 * i + 1] = start + (prefix === 32 ? 0 : 0xffffffff >>> prefix); // + 2^(32 - prefix) - 1
  }
  return mergeSorted(p);
}

/** Flat Numbers of `[start, end]` bigint pairs (IPv4, as they come: not normalized). */
export function v4FlatOf(pairs: readonly Interval[]): Float64Array {
  const out = new Float64Array(2 * pairs.length);
  for (let i = 0; i < pairs.length; i++) {
    out[2 * i] = Number(pairs[i]![0]);
    out[2 * i + 1] = Number(pairs[i]![1]);
  }
  return out;
}

/** The intervals as fresh `[start, end]` bigint pairs (not frozen). */
export function v4Pairs(set: V4Ranges): Interval[] {
  const out = new Array<Interval>(set.length >> 1);
  for (let i = 0; i < set.length; i += 2) out[i >> 1] = [BigInt(set[i]!), BigInt(set[i + 1]!)];
  return out;
}

/** a ∪ b: a linear merge. */
export function v4Union(a: V4Ranges, b: V4Ranges): V4Ranges {
  const p = new Float64Array(a.length + b.length);
  for (let i = 0, j = 0, k = 0; k < p.length; k += 2) {
    const q = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? i : -1;
    p[k] = q >= 0 ? a[i]! : b[j]!;
    p[k + 1] = q >= 0 ? a[i + 1]! : b[j + 1]!;
    if (q >= 0) i += 2;
    else j += 2;
  }
  return mergeSorted(p);
}

/** Index (even) of the first interval of `set` from the `from`-th (even) on whose end is >= `value`, or `set.length` (binary search). */
function firstEndingAtOrAfter(set: V4Ranges, value: number, from = 0): number {
  let lo = from >> 1;
  let hi = set.length >> 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (set[2 * mid + 1]! < value) lo = mid + 1;
    else hi = mid;
  }
  return 2 * lo;
}

/**
 * a ∩ b, as a − (a − b) from the smaller side: O(k log n) for k intervals against n. Nothing is
 * made when the larger set holds nothing within the span of the smaller one.
 */
export function v4Intersect(a: V4Ranges, b: V4Ranges): V4Ranges {
  const [small, big] = a.length <= b.length ? [a, b] : [b, a];
  return small.length > 0 && v4OverlapsRange(big, small[0]!, small[small.length - 1]!) ? v4Subtract(small, v4Subtract(small, big)) : NONE;
}

/** set ∩ [start, end] (binary search: O(log n + the intervals it keeps)). */
export function v4IntersectRange(set: V4Ranges, start: number, end: number): V4Ranges {
  const from = firstEndingAtOrAfter(set, start);
  let to = from;
  while (to < set.length && set[to]! <= end) to += 2;
  const out = set.slice(from, to);
  if (out.length > 0) {
    if (out[0]! < start) out[0] = start;
    if (out[out.length - 1]! > end) out[out.length - 1] = end;
  }
  return out;
}

/** a − b: O(|a| log |b|) at most (b is searched, not walked, past the gaps of a). */
export function v4Subtract(a: V4Ranges, b: V4Ranges): V4Ranges {
  if (a.length === 0) return NONE;
  // Only an interval of b within a's span can split one of a's in two: that bounds the result.
  let j = firstEndingAtOrAfter(b, a[0]!);
  const out = new Float64Array(a.length + Math.min(b.length, firstEndingAtOrAfter(b, a[a.length - 1]!, j) + 2) - j);
  let k = 0;
  for (let i = 0; i < a.length; i += 2) {
    let s = a[i]!;
    const e = a[i + 1]!;
    if (j < b.length && b[j + 1]! < s) j = firstEndingAtOrAfter(b, s, j);
    for (; j < b.length && b[j]! <= e; j += 2) {
      if (b[j]! > s) {
        out[k++] = s;
        out[k++] = b[j]! - 1;
      }
      s = b[j + 1]! + 1;
      if (s > e) break;
    }
    if (s <= e) {
      out[k++] = s;
      out[k++] = e;
    }
  }
  return fit(out, k);
}

/** True when `set` shares an address with `[start, end]` (binary search, no allocation). */
export function v4OverlapsRange(set: V4Ranges, start: number, end: number): boolean {
  const j = firstEndingAtOrAfter(set, start);
  return j < set.length && set[j]! <= end;
}

/** True when the sets share an address (no allocation when the spans do not meet). */
export function v4Overlaps(a: V4Ranges, b: V4Ranges): boolean {
  return v4Intersect(a, b).length > 0;
}

/** True when every address of `inner` is in `outer`. */
export function v4ContainsAll(outer: V4Ranges, inner: V4Ranges): boolean {
  return v4Subtract(inner, outer).length === 0;
}

/** True when both hold the same addresses (normalized sets are equal exactly when their lists are). */
export function v4Equals(a: V4Ranges, b: V4Ranges): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
