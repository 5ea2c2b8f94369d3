/**
 * IPv6 set algebra by rank: the algebra of `v4-ranges.ts` (on Numbers) run on the ranks of the
 * boundaries of two bigint interval lists, so one algebra serves both families.
 *
 * The boundaries of a normalized list (each start, and each end + 1) increase strictly. Merged
 * with the other list's, they cut the space into segments that each list holds all or none of;
 * an interval becomes the run of segment numbers it covers, and two runs of segments are
 * adjacent exactly when their intervals are. Linear in the two lists; IPv6 lists are short in
 * practice, and the bigints are compared, never added to in a loop beyond one `+ 1n` per end.
 */
import type { Interval } from './intervals.js';
import type { V4Ranges } from './v4-ranges.js';

/** An operation of `v4-ranges.ts` on two normalized lists of ranges. */
type RankOp<T> = (a: V4Ranges, b: V4Ranges) => T;

/** Above every boundary (the largest is 2^128): ends each list, so the merge never reads past one. */
const AFTER_ALL = 1n << 129n;

/** The boundaries of a normalized list: each start, and each end + 1 (strictly increasing), then {@link AFTER_ALL}. */
function boundaries(list: readonly Interval[]): bigint[] {
  const out: bigint[] = [];
  for (let i = 0; i < list.length; i++) out.push(list[i]![0], list[i]![1] + 1n); // (no destructuring: it iterates)
  out.push(AFTER_ALL);
  return out;
}

/**
 * Runs `op` on the rank ranges of two normalized bigint interval lists (IPv6, or any family) and
 * returns what it returns, and the boundaries that map rank ranges back (see {@link v6Op}).
 * `clip` (bits 1 and 2) first narrows `a` to the span of `b`, and `b` to the span of the original
 * `a`, for operations that only need that part (intersect: 3, subtract: 2, `b ⊆ a`: 1).
 */
export function byRank<T>(a: readonly Interval[], b: readonly Interval[], op: RankOp<T>, clip = 0): [T, bigint[]] {
  // What the operation needs of each list (see `within`): bit 1 clips a to b's span, bit 2 b to a's.
  const pa = boundaries(clip & 1 ? within(a, b) : a);
  const pb = boundaries(clip & 2 ? within(b, a) : b);
  const ra = new Float64Array(pa.length - 1);
  const rb = new Float64Array(pb.length - 1);
  const points: bigint[] = [];
  // Nothing to rank (often: one family of a set holds nothing): the loop does not run.
  for (let i = 0, j = 0; i < ra.length || j < rb.length; ) {
    const x = pa[i]!;
    const y = pb[j]!;
    const point = x <= y ? x : y;
    // Segment r runs from points[r] to points[r + 1] - 1: a start is the first segment of its
    // run, an end + 1 the one after its last.
    if (x === point) ra[i] = points.length - (i++ & 1);
    if (y === point) rb[j] = points.length - (j++ & 1);
    points.push(point);
  }
  return [op(ra, rb), points];
}

/**
 * `op` (an algebra function of `v4-ranges.ts` giving a set) applied to two normalized bigint
 * interval lists: a fresh normalized list of fresh pairs. `clip` as for {@link byRank}.
 */
export function v6Op(a: readonly Interval[], b: readonly Interval[], op: RankOp<V4Ranges>, clip = 0): Interval[] {
  const [ranks, points] = byRank(a, b, op, clip);
  const out = new Array<Interval>(ranks.length >> 1);
  for (let k = 0; k < ranks.length; k += 2) out[k >> 1] = [points[ranks[k]! | 0]!, points[(ranks[k + 1]! | 0) + 1]! - 1n];
  return out;
}

/** The index of the first interval of `list` that is `past` (which must hold from some index on). */
function search(list: readonly Interval[], past: (interval: Interval) => boolean): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (past(list[mid]!)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The intervals of a normalized `list` that meet the span of `other` (its first start to its
 * last end), found by binary search: all that an intersection with `other`, or a subtraction
 * from it, needs of `list`, so a small set against a large one costs O(k + log n).
 */
export function within(list: readonly Interval[], other: readonly Interval[]): readonly Interval[] {
  if (other.length === 0) return [];
  const start = other[0]![0];
  const end = other[other.length - 1]![1];
  return list.slice(
    search(list, (x) => x[1] >= start),
    search(list, (x) => x[0] > end),
  );
}

