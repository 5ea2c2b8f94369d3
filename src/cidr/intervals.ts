/**
 * Set algebra on sorted, disjoint, non-adjacent closed intervals of bigints: the representation
 * of one address family's set. Every function takes normalized input and returns fresh,
 * normalized output; `normalize` is the only O(n log n) step, the rest are linear merges.
 */

/** A closed interval `[start, end]` of addresses. */
export type Interval = readonly [start: bigint, end: bigint];

const INDEX_SPACE = 2 ** 21;

/**
 * The intervals in ascending order of start (ties in input order). When every start fits in 32
 * bits (any IPv4 set) and there are fewer than 2^21 intervals, each start and its index are packed
 * into one exact double (start * 2^21 + index < 2^53) and sorted natively, without a comparator
 * or bigint comparisons; otherwise a comparator sort.
 */
function sortByStart(intervals: readonly Interval[]): readonly Interval[] {
  const n = intervals.length;
  if (n < INDEX_SPACE) {
    const keys = new Float64Array(n);
    let packed = true;
    for (let i = 0; i < n; i++) {
      const start = intervals[i]![0];
      if (start > 0xffffffffn) {
        packed = false;
        break;
      }
      keys[i] = Number(start) * INDEX_SPACE + i;
    }
    if (packed) {
      const sorted = sortKeys(keys, 53);
      const out = new Array<Interval>(n);
      for (let i = 0; i < n; i++) {
        const k = sorted[i]!;
        out[i] = intervals[k - Math.floor(k / INDEX_SPACE) * INDEX_SPACE]!; // the index (no fmod)
      }
      return out;
    }
  }
  return intervals.slice().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** Addresses after the first in an IPv4 network of each prefix length: `2 ** (32 - prefix) - 1`. */
const V4_HOST_SPAN = /* @__PURE__ */ (() => Float64Array.from({ length: 33 }, (_, p) => 2 ** (32 - p) - 1))();

const DIGIT_BITS = 13;
const DIGITS = 2 ** DIGIT_BITS;

/**
 * Sorts non-negative integer doubles below `2 ** bits`, ascending: for long lists an LSD radix sort
 * (13-bit digits, linear; 0.4-0.7x the native sort of doubles from 8,192 keys on), else the native sort.
 * May sort `keys` in place and returns the sorted array (`keys` or a fresh one).
 */
export function sortKeys(keys: Float64Array, bits: number): Float64Array {
  const n = keys.length;
  // Each pass costs a fixed 8,192-entry count besides its n steps: below these lengths (measured
  // on Node 20) the native sort is faster.
  if (n < (bits <= 39 ? 6144 : 12_288)) return keys.sort();
  let from: Float64Array = keys;
  let to: Float64Array = new Float64Array(n);
  const count = new Uint32Array(DIGITS);
  for (let shift = 0; shift < bits; shift += DIGIT_BITS) {
    const scale = 2 ** shift;
    count.fill(0);
    // Digits by division only: `%` on doubles beyond 32 bits is a slow fmod.
    for (let i = 0; i < n; i++) {
      const q = Math.floor(from[i]! / scale);
      count[q - Math.floor(q / DIGITS) * DIGITS]!++;
    }
    let sum = 0;
    for (let d = 0; d < DIGITS; d++) {
      const c = count[d]!;
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const v = from[i]!;
      const q = Math.floor(v / scale);
      to[count[q - Math.floor(q / DIGITS) * DIGITS]!++] = v;
    }
    [from, to] = [to, from];
  }
  return from;
}

/**
 * Sorts and merges IPv4 networks given as `start * 64 + prefix` keys (see `v4CidrKey`): a native
 * sort of doubles and a sweep in Numbers; bigints are made only for the merged intervals.
 */
export function mergeV4Keys(unsorted: Float64Array): Interval[] {
  const keys = sortKeys(unsorted, 38);
  const out: Interval[] = [];
  let curStart = -1;
  let curEnd = -1;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const start = Math.floor(k / 64); // exact: k is an integer below 2^38 (no fmod, no pow)
    const end = start + V4_HOST_SPAN[k - start * 64]!;
    if (curStart >= 0 && start <= curEnd + 1) {
      if (end > curEnd) curEnd = end;
      continue;
    }
    if (curStart >= 0) out.push([BigInt(curStart), BigInt(curEnd)]);
    curStart = start;
    curEnd = end;
  }
  if (curStart >= 0) out.push([BigInt(curStart), BigInt(curEnd)]);
  return out;
}

/** Sorts and merges overlapping or adjacent intervals. */
export function normalize(intervals: readonly Interval[]): Interval[] {
  if (intervals.length <= 1) return intervals.map(([s, e]) => [s, e] as const);
  const sorted = sortByStart(intervals);
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

/** Index of the first interval whose end is >= value (binary search). */
function firstEndingAtOrAfter(set: readonly Interval[], value: bigint | number): number {
  let lo = 0;
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

/** a − b. */
export function subtract(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let j = 0;
  for (const [as, ae] of a) {
    let s = as;
    while (j < b.length && b[j]![1] < s) j++;
    let k = j;
    while (k < b.length && b[k]![0] <= ae) {
      const [bs, be] = b[k]!;
      if (bs > s) out.push([s, bs - 1n]);
      if (be >= ae) {
        s = ae + 1n;
        break;
      }
      s = be + 1n;
      k++;
    }
    if (s <= ae) out.push([s, ae]);
  }
  return out;
}

/** True when the sets share an address; allocates nothing (binary search from the smaller side). */
export function overlaps(a: readonly Interval[], b: readonly Interval[]): boolean {
  const [small, big] = a.length <= b.length ? [a, b] : [b, a];
  for (const [s, e] of small) {
    const j = firstEndingAtOrAfter(big, s);
    if (j < big.length && big[j]![0] <= e) return true;
  }
  return false;
}

/** True when the set shares an address with `[start, end]` (binary search, no allocation; bounds may be exact Numbers). */
export function overlapsRange(set: readonly Interval[], start: bigint | number, end: bigint | number): boolean {
  const j = firstEndingAtOrAfter(set, start);
  return j < set.length && set[j]![0] <= end;
}

/** True when `value` lies in the set (binary search). */
export function containsValue(set: readonly Interval[], value: bigint): boolean {
  const j = firstEndingAtOrAfter(set, value);
  return j < set.length && set[j]![0] <= value;
}

/** True when every address of `inner` is in `outer`. */
export function containsAll(outer: readonly Interval[], inner: readonly Interval[]): boolean {
  return subtract(inner, outer).length === 0;
}
