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

function lessOrEqual(a: Uint32Array, b: Uint32Array): boolean {
  for (let i = 0; i < 4; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return true;
}

function trailingZeros(l: Uint32Array): number {
  for (let i = 3; i >= 0; i--) {
    const x = l[i]!;
    if (x !== 0) return (3 - i) * 32 + 31 - Math.clz32(x & -x);
  }
  return 128;
}

/** floor(log2(e - s + 1)), with e >= s. */
function fitLog2(s: Uint32Array, e: Uint32Array, d: Uint32Array): number {
  // d = e - s
  let borrow = 0;
  for (let i = 3; i >= 0; i--) {
    const x = e[i]! - s[i]! - borrow;
    borrow = x < 0 ? 1 : 0;
    d[i] = x < 0 ? x + 0x100000000 : x;
  }
  // d + 1, remembering an overflow past 2^128 (the whole space)
  for (let i = 3; i >= 0; i--) {
    if (d[i] === 0xffffffff) {
      d[i] = 0;
      if (i === 0) return 128;
    } else {
      d[i] = d[i]! + 1;
      break;
    }
  }
  for (let i = 0; i < 4; i++) if (d[i] !== 0) return (3 - i) * 32 + 31 - Math.clz32(d[i]!);
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
  const d = new Uint32Array(4);
  for (const [s0, e0] of set) {
    loadLimbs(s, s0);
    loadLimbs(e, e0);
    for (;;) {
      const tz = trailingZeros(s);
      const fit = fitLog2(s, e, d);
      const size = tz < fit ? tz : fit;
      out.push(`${formatV6Limbs(s)}/${128 - size}`);
      if (size === 128) break;
      // Stop when the block just emitted ends at e (s + 2^size - 1 === e).
      addPow2(s, size);
      if (s[0] === 0 && s[1] === 0 && s[2] === 0 && s[3] === 0) break; // wrapped past the top
      if (!lessOrEqual(s, e)) break;
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
