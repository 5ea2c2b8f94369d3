/**
 * The minimal canonical CIDR cover of a normalized interval set, written straight to text:
 * repeatedly the largest aligned block that starts at the next address and fits in what is left.
 *
 * This is the hot end of an audit (a fragmented reachable set can be tens of thousands of
 * prefixes), so it avoids bigint arithmetic in the loop: IPv4 runs on Numbers, IPv6 on four
 * 32-bit limbs.
 */
import { formatV4, formatV6Limbs, loadLimbs } from './address.js';
import type { Interval } from './intervals.js';
import type { V4Ranges } from './v4-ranges.js';

/** Writes the cover of the IPv4 range `[s, e]` (Numbers below 2^32) to `out`. */
function coverV4Range(s: number, e: number, out: string[]): void {
  while (s <= e) {
    const tz = s === 0 ? 32 : 31 - Math.clz32(s & -s);
    const span = e - s + 1; // 1 .. 2^32
    const fit = span >= 0x100000000 ? 32 : 31 - Math.clz32(span);
    const size = tz < fit ? tz : fit;
    out.push(`${formatV4(s)}/${32 - size}`);
    s += 2 ** size;
  }
}

/** Writes the minimal canonical CIDR cover of normalized flat IPv4 intervals (see `v4-ranges.ts`) to `out`, ascending. */
export function coverV4Ranges(set: V4Ranges, out: string[]): void {
  for (let i = 0; i < set.length; i += 2) coverV4Range(set[i]!, set[i + 1]!, out);
}

function trailingZeros(l: Uint32Array): number {
  for (let i = 3; i >= 0; i--) {
    const x = l[i]!;
    if (x !== 0) return (3 - i) * 32 + 31 - Math.clz32(x & -x);
  }
  return 128;
}

/**
 * The last address of the block of 2^size addresses at `s` (aligned to it), compared with `e`:
 * negative, zero or positive.
 */
function blockEndVersus(s: Uint32Array, e: Uint32Array, size: number): number {
  for (let i = 0; i < 4; i++) {
    const bits = size - 32 * (3 - i); // the block's bits in this limb
    const x = bits >= 32 ? 0xffffffff : bits <= 0 ? s[i]! : (s[i]! | (2 ** bits - 1)) >>> 0;
    if (x !== e[i]) return x - e[i]!;
  }
  return 0;
}

/** s += 2^size (size < 128). */
function addPow2(s: Uint32Array, size: number): void {
  let i = 3 - (size >>> 5);
  let carry = 2 ** (size & 31);
  while (i >= 0 && carry !== 0) {
    const x = s[i]! + carry;
    s[i] = x >>> 0;
    carry = x > 0xffffffff ? 1 : 0;
    i--;
  }
}

/** Writes the minimal canonical CIDR cover of normalized IPv6 intervals to `out`, ascending. */
export function coverV6(set: readonly Interval[], out: string[]): void {
  const s = new Uint32Array(4);
  const e = new Uint32Array(4);
  for (const [s0, e0] of set) {
    loadLimbs(s, s0);
    loadLimbs(e, e0);
    for (;;) {
      // The largest block aligned at s that ends by e.
      let size = trailingZeros(s);
      while (blockEndVersus(s, e, size) > 0) size--;
      out.push(`${formatV6Limbs(s)}/${128 - size}`);
      // Its end is e (so no wrap past the top), or the next block starts after it.
      if (blockEndVersus(s, e, size) === 0) break;
      addPow2(s, size);
    }
  }
}

/** The minimal canonical CIDR cover of one family's intervals (bigint pairs), ascending. */
export function coverCidrs(set: readonly Interval[], family: 4 | 6): string[] {
  const out: string[] = [];
  if (family === 4) for (const [s, e] of set) coverV4Range(Number(s), Number(e), out);
  else coverV6(set, out);
  return out;
}
