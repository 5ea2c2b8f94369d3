/**
 * Coverage of address ranges by a {@link CidrSet}, and the guarded read of a set passed in from
 * outside (the map functions accept any value and fail closed on anything but a real set).
 * Internal.
 */
import { CidrSet } from '../cidr/cidr-set.js';
import type { Interval } from '../cidr/intervals.js';
import { SandboxPolicyError } from '../errors.js';

/** How much of a range a set holds: none of it, some of it, or all of it. */
export type Coverage = 'none' | 'partial' | 'full';

/** Largest address per family, as bigint. */
const MAX = /* @__PURE__ */ (() => ({ 4: (1n << 32n) - 1n, 6: (1n << 128n) - 1n }) as const)();

const notASet = (path: string): SandboxPolicyError =>
  new SandboxPolicyError([{ path, message: 'must be a CidrSet (build one with CidrSet.from or take egressReachable from an audit)' }]);

/** Copies one family's intervals, checking they are what a CidrSet holds: sorted, disjoint, merged, in range. */
function readIntervals(value: unknown, family: 4 | 6, path: string): Interval[] {
  if (!Array.isArray(value)) throw notASet(path);
  const out: Interval[] = [];
  let previousEnd = -2n;
  for (let i = 0; i < value.length; i++) {
    const pair: unknown = value[i];
    if (!Array.isArray(pair) || pair.length !== 2) throw notASet(path);
    const [start, end]: unknown[] = [pair[0], pair[1]];
    if (typeof start !== 'bigint' || typeof end !== 'bigint') throw notASet(path);
    if (start <= previousEnd + 1n || end < start || end > MAX[family]) throw notASet(path);
    out.push([start, end]);
    previousEnd = end;
  }
  return out;
}

/**
 * A fresh, genuine CidrSet with the addresses of `value`, or {@link SandboxPolicyError} naming
 * `path` when `value` is not a CidrSet (including look-alikes, proxies whose traps throw, and
 * objects whose intervals are not normalized).
 */
export function readCidrSet(value: unknown, path: string): CidrSet {
  try {
    if (!(value instanceof CidrSet)) throw notASet(path);
    const v4 = readIntervals(value.v4, 4, path);
    const v6 = readIntervals(value.v6, 6, path);
    return CidrSet.fromIntervals(v4, v6);
  } catch {
    // Whatever went wrong (our own check, a getter, a proxy trap), the value is not a set.
    throw notASet(path);
  }
}

/**
 * Coverage of consecutive, equal-sized, aligned blocks of the IPv4 space, in one sweep over the
 * set's sorted intervals: O(blocks + intervals), never a set operation per block.
 *
 * @param intervals - normalized IPv4 intervals (sorted, disjoint, non-adjacent).
 * @param blockBits - log2 of the block size in addresses (16 for /16 blocks).
 * @returns one coverage code per block, in address order: 0 none, 1 partial, 2 full.
 */
export function sweepV4(intervals: readonly Interval[], blockBits: number): Uint8Array {
  const blocks = 2 ** (32 - blockBits);
  const size = 2 ** blockBits;
  const out = new Uint8Array(blocks);
  const starts = intervals.map(([s]) => Number(s));
  const ends = intervals.map(([, e]) => Number(e));
  let j = 0;
  for (let b = 0; b < blocks; b++) {
    const lo = b * size;
    const hi = lo + size - 1;
    while (j < ends.length && ends[j]! < lo) j++;
    if (j === ends.length) break; // every later block is uncovered (0)
    if (starts[j]! > hi) continue;
    // Intervals are merged, so a block is full only when a single interval spans it.
    out[b] = starts[j]! <= lo && ends[j]! >= hi ? 2 : 1;
  }
  return out;
}

/** The coverage names by sweep code. */
export const COVERAGE_BY_CODE: readonly Coverage[] = /* @__PURE__ */ Object.freeze(['none', 'partial', 'full']);

/** Coverage of one CIDR range by a set (a few set operations: for short tables, not for maps). */
export function coverageOf(set: CidrSet, range: CidrSet): Coverage {
  const common = set.intersect(range);
  if (common.isEmpty()) return 'none';
  return common.equals(range) ? 'full' : 'partial';
}
