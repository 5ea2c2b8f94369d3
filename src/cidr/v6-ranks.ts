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

/** The boundaries of a normalized list: each start, and each end + 1 (strictly increasing). */
function boundaries(list: readonly Interval[]): bigint[] {
  const out: bigint[] = [];
  for (const [s, e] of list) out.push(s, e + 1n);
  return out;
}

/**
 * Runs `op` on the rank ranges of two normalized bigint interval lists (IPv6, or any family) and
 * returns what it returns, and the boundaries that map rank ranges back (see {@link v6Op}).
 */
export function byRank<T>(a: readonly Interval[], b: readonly Interval[], op: RankOp<T>): [T, bigint[]] {
  const pa = boundaries(a);
  const pb = boundaries(b);
  const ra = new Float64Array(pa.length);
  const rb = new Float64Array(pb.length);
  const points: bigint[] = [];
  for (let i = 0, j = 0; i < pa.length || j < pb.length; ) {
    const point = j >= pb.length || (i < pa.length && pa[i]! <= pb[j]!) ? pa[i]! : pb[j]!;
    // Segment r runs from points[r] to points[r + 1] - 1: a start is the first segment of its
    // run, an end + 1 the one after its last.
    if (pa[i] === point) ra[i] = points.length - (i++ & 1);
    if (pb[j] === point) rb[j] = points.length - (j++ & 1);
    points.push(point);
  }
  return [op(ra, rb), points];
}

/**
 * `op` (an algebra function of `v4-ranges.ts` giving a set) applied to two normalized bigint
 * interval lists: a fresh normalized list of fresh pairs.
 */
export function v6Op(a: readonly Interval[], b: readonly Interval[], op: RankOp<V4Ranges>): Interval[] {
  const [ranks, points] = byRank(a, b, op);
  const out = new Array<Interval>(ranks.length >> 1);
  for (let k = 0; k < ranks.length; k += 2) out[k >> 1] = [points[ranks[k]! | 0]!, points[(ranks[k + 1]! | 0) + 1]! - 1n];
  return out;
}
