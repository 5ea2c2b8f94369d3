/**
 * IPv4 set algebra on Numbers: a set of one family is a flat `Float64Array`
 * `[start0, end0, start1, end1, ...]` of sorted, disjoint, non-adjacent closed intervals (every
 * address an exact Number below 2^32). The same algebra as `intervals.ts` without a bigint, a pair
 * array or a freeze per interval: every function returns a fresh array (never one of its
 * arguments, so a caller may keep what it gets) and never writes to its arguments.
 */
import { sortKeys } from './sort-keys.js';
import type { Interval } from './intervals.js';

/** Normalized IPv4 intervals, flat: `[start0, end0, start1, end1, ...]`. Never written after it is made. */
export type V4Ranges = Float64Array;

/** Addresses after the first in an IPv4 network of each prefix length: `2 ** (32 - prefix) - 1`. */
const HOST_SPAN = /* @__PURE__ */ (() => Float64Array.from({ length: 33 }, (_, p) => 2 ** (32 - p) - 1))();

/** The first `length` entries of `out` (`out` itself when it is all of it). */
const fit = (out: Float64Array, length: number): Float64Array => (length === out.length ? out : out.slice(0, length));

/**
 * Merges sorted starts and sorted ends into intervals. The starts and ends of a list of intervals
 * may be sorted each on its own: the union has a gap exactly where the i-th smallest start lies
 * more than one address past the (i-1)-th smallest end.
 */
function sweep(starts: Float64Array, ends: Float64Array): V4Ranges {
  const n = starts.length;
  const out = new Float64Array(2 * n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0 && starts[i]! <= ends[i - 1]! + 1) continue;
    if (k > 0) out[k - 1] = ends[i - 1]!;
    out[k] = starts[i]!;
    k += 2;
  }
  if (k > 0) out[k - 1] = ends[n - 1]!;
  return fit(out, k);
}

/**
 * Normalizes IPv4 intervals given flat, in any order, overlapping or adjacent (each start <= its
 * end, both below 2^32): sorted, disjoint, merged.
 */
export function v4Normalize(flat: ArrayLike<number>): V4Ranges {
  const n = flat.length >> 1;
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    starts[i] = flat[2 * i]!;
    ends[i] = flat[2 * i + 1]!;
  }
  return sweep(sortKeys(starts, 32), sortKeys(ends, 32));
}

/**
 * Normalized intervals of IPv4 networks given as `start * 64 + prefix` keys (see `v4CidrKey`), in
 * any order: one sort of the keys and a sweep. May sort `keys` in place.
 */
export function v4FromKeys(keys: Float64Array): V4Ranges {
  const sorted = sortKeys(keys, 38);
  const out = new Float64Array(2 * sorted.length);
  let k = 0;
  for (let i = 0; i < sorted.length; i++) {
    const key = sorted[i]!;
    const start = Math.floor(key / 64); // exact: key is an integer below 2^38 (no fmod)
    const end = start + HOST_SPAN[key - start * 64]!;
    if (k > 0 && start <= out[k - 1]! + 1) {
      if (end > out[k - 1]!) out[k - 1] = end;
    } else {
      out[k++] = start;
      out[k++] = end;
    }
  }
  return fit(out, k);
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

/** a ∪ b. */
export function v4Union(a: V4Ranges, b: V4Ranges): V4Ranges {
  if (a.length === 0 || b.length === 0) return (a.length === 0 ? b : a).slice();
  const out = new Float64Array(a.length + b.length);
  let k = 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let s: number;
    let e: number;
    if (j >= b.length || (i < a.length && a[i]! <= b[j]!)) {
      s = a[i]!;
      e = a[i + 1]!;
      i += 2;
    } else {
      s = b[j]!;
      e = b[j + 1]!;
      j += 2;
    }
    if (k > 0 && s <= out[k - 1]! + 1) {
      if (e > out[k - 1]!) out[k - 1] = e;
    } else {
      out[k++] = s;
      out[k++] = e;
    }
  }
  return fit(out, k);
}

/** Index (even) of the first interval of `set` whose end is >= `value`, or `set.length` (binary search). */
function firstEndingAtOrAfter(set: V4Ranges, value: number): number {
  let lo = 0;
  let hi = set.length >> 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (set[2 * mid + 1]! < value) lo = mid + 1;
    else hi = mid;
  }
  return 2 * lo;
}

/** Writes `set ∩ [s, e]` to `out` from index `k`; returns the new length. */
function clipInto(set: V4Ranges, s: number, e: number, out: Float64Array, k: number): number {
  for (let j = firstEndingAtOrAfter(set, s); j < set.length && set[j]! <= e; j += 2) {
    out[k++] = set[j]! > s ? set[j]! : s;
    out[k++] = set[j + 1]! < e ? set[j + 1]! : e;
  }
  return k;
}

/** a ∩ b: a linear merge, or binary searches from the far smaller side. */
export function v4Intersect(a: V4Ranges, b: V4Ranges): V4Ranges {
  const out = new Float64Array(a.length + b.length);
  let k = 0;
  if (a.length * 16 < b.length || b.length * 16 < a.length) {
    const [small, big] = a.length < b.length ? [a, b] : [b, a];
    for (let i = 0; i < small.length; i += 2) k = clipInto(big, small[i]!, small[i + 1]!, out, k);
    return fit(out, k);
  }
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const s = a[i]! > b[j]! ? a[i]! : b[j]!;
    const e = a[i + 1]! < b[j + 1]! ? a[i + 1]! : b[j + 1]!;
    if (s <= e) {
      out[k++] = s;
      out[k++] = e;
    }
    if (a[i + 1]! < b[j + 1]!) i += 2;
    else j += 2;
  }
  return fit(out, k);
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

/** a − b. */
export function v4Subtract(a: V4Ranges, b: V4Ranges): V4Ranges {
  const out = new Float64Array(a.length + b.length);
  let k = 0;
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    let s = a[i]!;
    const ae = a[i + 1]!;
    while (j < b.length && b[j + 1]! < s) j += 2;
    for (let m = j; m < b.length && b[m]! <= ae; m += 2) {
      if (b[m]! > s) {
        out[k++] = s;
        out[k++] = b[m]! - 1;
      }
      s = b[m + 1]! + 1;
      if (s > ae) break;
    }
    if (s <= ae) {
      out[k++] = s;
      out[k++] = ae;
    }
  }
  return fit(out, k);
}

/** True when `set` shares an address with `[start, end]` (binary search, no allocation). */
export function v4OverlapsRange(set: V4Ranges, start: number, end: number): boolean {
  const j = firstEndingAtOrAfter(set, start);
  return j < set.length && set[j]! <= end;
}

/** True when the sets share an address (binary searches from the smaller side, no allocation). */
export function v4Overlaps(a: V4Ranges, b: V4Ranges): boolean {
  const [small, big] = a.length <= b.length ? [a, b] : [b, a];
  for (let i = 0; i < small.length; i += 2) if (v4OverlapsRange(big, small[i]!, small[i + 1]!)) return true;
  return false;
}

/** True when every address of `[start, end]` is in `set` (one interval of a merged set must hold it all). */
export function v4ContainsRange(set: V4Ranges, start: number, end: number): boolean {
  const j = firstEndingAtOrAfter(set, start);
  return j < set.length && set[j]! <= start && set[j + 1]! >= end;
}

/** True when every address of `inner` is in `outer`. */
export function v4ContainsAll(outer: V4Ranges, inner: V4Ranges): boolean {
  for (let i = 0; i < inner.length; i += 2) if (!v4ContainsRange(outer, inner[i]!, inner[i + 1]!)) return false;
  return true;
}

/** True when both hold the same addresses (normalized sets are equal exactly when their lists are). */
export function v4Equals(a: V4Ranges, b: V4Ranges): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Number of addresses (exact: at most 2^32). */
export function v4Size(set: V4Ranges): number {
  let n = 0;
  for (let i = 0; i < set.length; i += 2) n += set[i + 1]! - set[i]! + 1;
  return n;
}
