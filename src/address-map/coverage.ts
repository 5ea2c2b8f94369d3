/**
 * Coverage of address ranges by a {@link CidrSet}, and the guarded read of a set passed in from
 * outside (the map functions accept any value and fail closed on anything but a real set).
 * Internal.
 */
import { v4RangesOf, type CidrSet } from '../cidr/cidr-set.js';
import type { V4Ranges } from '../cidr/v4-ranges.js';
import { SandboxPolicyError } from '../errors.js';

/** How much of a range a set holds: none of it, some of it, or all of it. */
export type Coverage = 'none' | 'partial' | 'full';

/** Largest IPv6 address. */
const MAX_V6 = (1n << 128n) - 1n;

const notASet = (path: string): SandboxPolicyError =>
  new SandboxPolicyError([{ path, message: 'must be a CidrSet (build one with CidrSet.from or take egressReachable from an audit)' }]);

/** True when the IPv6 intervals are what a CidrSet holds: bigint pairs, sorted, disjoint, merged, in range. */
function normalizedV6(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  let previousEnd = -2n;
  for (let i = 0; i < value.length; i++) {
    const pair: unknown = value[i];
    if (!Array.isArray(pair) || pair.length !== 2) return false;
    const [start, end]: unknown[] = [pair[0], pair[1]];
    if (typeof start !== 'bigint' || typeof end !== 'bigint') return false;
    if (start <= previousEnd + 1n || end < start || end > MAX_V6) return false;
    previousEnd = end;
  }
  return true;
}

/** True when the IPv4 ranges are what a CidrSet holds: integers, sorted, disjoint, merged, in range. */
function normalizedV4(ranges: unknown): boolean {
  if (!(ranges instanceof Float64Array) || ranges.length % 2 !== 0) return false;
  let previousEnd = -2;
  for (let i = 0; i < ranges.length; i += 2) {
    const start = ranges[i]!;
    const end = ranges[i + 1]!;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start <= previousEnd + 1 || end < start || end > 0xffffffff) return false;
    previousEnd = end;
  }
  return true;
}

/**
 * `value` itself when it is a genuine CidrSet holding normalized intervals (sets are immutable,
 * so it needs no copy), or {@link SandboxPolicyError} naming `path` for anything else: a
 * look-alike, a proxy of a set, a value whose reading throws.
 */
export function readCidrSet(value: unknown, path: string): CidrSet {
  try {
    // Only a genuine set has the private ranges: reading them from anything else throws.
    if (normalizedV4(v4RangesOf(value as CidrSet)) && normalizedV6((value as CidrSet).v6)) return value as CidrSet;
  } catch {
    // Whatever went wrong (a missing private field, a getter, a proxy trap), the value is not a set.
  }
  throw notASet(path);
}

/**
 * Coverage of consecutive, equal-sized, aligned blocks of the IPv4 space, in one sweep over the
 * set's sorted intervals: O(blocks + intervals), never a set operation per block.
 *
 * @param ranges - normalized IPv4 intervals, flat Numbers (sorted, disjoint, non-adjacent; see `v4RangesOf`).
 * @param blockBits - log2 of the block size in addresses (16 for /16 blocks).
 * @returns one coverage code per block, in address order: 0 none, 1 partial, 2 full.
 */
export function sweepV4(ranges: V4Ranges, blockBits: number): Uint8Array {
  const blocks = 2 ** (32 - blockBits);
  const size = 2 ** blockBits;
  const out = new Uint8Array(blocks);
  let j = 0;
  for (let b = 0; b < blocks; b++) {
    const lo = b * size;
    const hi = lo + size - 1;
    while (j < ranges.length && ranges[j + 1]! < lo) j += 2;
    if (j === ranges.length) break; // every later block is uncovered (0)
    if (ranges[j]! > hi) continue;
    // Intervals are merged, so a block is full only when a single interval spans it.
    out[b] = ranges[j]! <= lo && ranges[j + 1]! >= hi ? 2 : 1;
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
