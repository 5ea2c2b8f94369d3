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

/** Result of an operation on rank ranges, and the boundaries it maps back through. */
type RankOp<T> = (a: V4Ranges, b: V4Ranges) => T;

/**
 * Runs `op` on the rank ranges of two normalized bigint interval lists (IPv6, or any family)
 * and returns what it returns, with `points` to map rank ranges back (see {@link v6Op}).
 */
function byRank<T>(a: readonly Interval[], b: readonly Interval[], op: RankOp<T>): [T, bigint[]] {
  const points: bigint[] = [];
  const ra = new Float64Array(2 * a.length);
  const rb = new Float64Array(2 * b.length);
  // The k-th boundary of a list: its (k >> 1)-th start, or end + 1 for odd k.
  const at = (list: readonly Interval[], k: number): bigint => (k & 1 ? list[k >> 1]![1] + 1n : list[k >> 1]![0]);
  let i = 0;
  let j = 0;
  let x = i < ra.length ? at(a, i) : 0n;
  let y = j < rb.length ? at(b, j) : 0n;
  while (i < ra.length || j < rb.length) {
    const point = j >= rb.length || (i < ra.length && x <= y) ? x : y;
    // Segment r runs from points[r] to points[r + 1] - 1: a start is the first segment of its
    // run, an end + 1 the one after its last.
    if (i < ra.length && x === point) {
      ra[i] = points.length - (i & 1);
      if (++i < ra.length) x = at(a, i);
    }
    if (j < rb.length && y === point) {
      rb[j] = points.length - (j & 1);
      if (++j < rb.length) y = at(b, j);
    }
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
  for (let k = 0; k < ranks.length; k += 2) out[k >> 1] = [points[ranks[k]!]!, points[ranks[k + 1]! + 1]! - 1n];
  return out;
}

/** `test` (an algebra predicate of `v4-ranges.ts`) on two normalized bigint interval lists. */
export function v6Test(a: readonly Interval[], b: readonly Interval[], test: RankOp<boolean>): boolean {
  return byRank(a, b, test)[0];
}
