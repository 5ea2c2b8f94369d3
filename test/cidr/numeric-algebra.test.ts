// The Number algebra (v4-ranges.ts) against the bigint algebra of intervals.ts on random sets; the
// bigint algebra itself (what IPv6 runs on) against membership at every boundary point; and the CIDR covers against a naive bigint
// cover written here. Random sets crowd the edges of each space (0.0.0.0, 255.255.255.255, ::,
// ffff:...:ffff, whole spaces) and small windows where intervals overlap and touch.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as iv from '../../src/cidr/intervals.js';
import * as v4r from '../../src/cidr/v4-ranges.js';
import { coverV4Ranges, coverV6 } from '../../src/cidr/cover.js';
import { setIntersectRange, setOfOwnIntervals, setOfRanges, setOverlapsRange, v4RangesOf } from '../../src/cidr/cidr-set.js';
import { CidrSet } from '../../src/index.js';
import { formatAddress } from '../../src/cidr/address.js';
import { v4CidrKey } from '../../src/cidr/prefix.js';

const RUNS = { numRuns: 1000 };
const V4_MAX = 2n ** 32n - 1n;
const V6_MAX = 2n ** 128n - 1n;

/** An address near an edge of the space, in a small window (so intervals overlap and touch), or anywhere. */
function arbAddress(max: bigint): fc.Arbitrary<bigint> {
  const windows = [0n, max - 63n, max / 2n - 31n, 0xffffn << (max === V4_MAX ? 0n : 32n)];
  return fc.oneof(
    fc.tuple(fc.constantFrom(...windows), fc.bigInt({ min: 0n, max: 63n })).map(([base, off]) => base + off),
    fc.constantFrom(0n, 1n, max - 1n, max),
    fc.bigInt({ min: 0n, max }),
  );
}

const arbPair = (max: bigint): fc.Arbitrary<iv.Interval> => fc.tuple(arbAddress(max), arbAddress(max)).map(([a, b]) => (a <= b ? [a, b] : [b, a]));
/** Raw pairs: any order, overlapping, adjacent, sometimes the whole space. */
const arbPairs = (max: bigint) => fc.array(fc.oneof({ weight: 12, arbitrary: arbPair(max) }, { weight: 1, arbitrary: fc.constant<iv.Interval>([0n, max]) }), { maxLength: 24 });
const arbSet = (max: bigint) => arbPairs(max).map((pairs) => iv.normalize(pairs));

const flat = (pairs: readonly iv.Interval[]): Float64Array => v4r.v4FlatOf(pairs);
const pairs = (ranges: Float64Array): iv.Interval[] => v4r.v4Pairs(ranges);

describe('IPv4 on Numbers equals the bigint algebra (1,000 runs each)', () => {
  it('v4Normalize of raw pairs', () => {
    fc.assert(
      fc.property(arbPairs(V4_MAX), (raw) => {
        expect(pairs(v4r.v4Normalize(flat(raw)))).toEqual(iv.normalize(raw));
      }),
      RUNS,
    );
  });
  it('v4FromKeys of network keys', () => {
    const arbNet = fc.tuple(arbAddress(V4_MAX), fc.integer({ min: 0, max: 32 })).map(([a, p]) => {
      const start = p === 0 ? 0n : (a >> BigInt(32 - p)) << BigInt(32 - p);
      return [start, start + (1n << BigInt(32 - p)) - 1n, p] as const;
    });
    fc.assert(
      fc.property(fc.array(arbNet, { maxLength: 30 }), (nets) => {
        const keys = Float64Array.from(nets, ([s, , p]) => Number(s) * 64 + p);
        expect(pairs(v4r.v4FromKeys(keys))).toEqual(iv.normalize(nets.map(([s, e]) => [s, e])));
      }),
      RUNS,
    );
  });
  const binary: Array<[string, (a: Float64Array, b: Float64Array) => Float64Array, (a: iv.Interval[], b: iv.Interval[]) => iv.Interval[]]> = [
    ['union', v4r.v4Union, iv.union],
    ['intersect', v4r.v4Intersect, iv.intersect],
    ['subtract', v4r.v4Subtract, iv.subtract],
  ];
  for (const [name, ours, reference] of binary) {
    it(name, () => {
      fc.assert(
        fc.property(arbSet(V4_MAX), arbSet(V4_MAX), (a, b) => {
          const fa = flat(a);
          const fb = flat(b);
          expect(pairs(ours(fa, fb))).toEqual(reference(a, b));
          // Never writes to its arguments.
          expect(pairs(fa)).toEqual(a);
          expect(pairs(fb)).toEqual(b);
        }),
        RUNS,
      );
    });
  }
  it('overlaps, containsAll and equals', () => {
    fc.assert(
      fc.property(arbSet(V4_MAX), arbSet(V4_MAX), fc.boolean(), (a, b0, same) => {
        const b = same ? a : b0;
        expect(v4r.v4Overlaps(flat(a), flat(b))).toBe(iv.overlaps(a, b));
        expect(v4r.v4ContainsAll(flat(a), flat(b))).toBe(iv.containsAll(a, b));
        expect(v4r.v4Equals(flat(a), flat(b))).toBe(JSON.stringify(a.map(String)) === JSON.stringify(b.map(String)));
      }),
      RUNS,
    );
  });
  it('a range: overlapsRange and intersectRange', () => {
    fc.assert(
      fc.property(arbSet(V4_MAX), arbPair(V4_MAX), (a, [s, e]) => {
        expect(v4r.v4OverlapsRange(flat(a), Number(s), Number(e))).toBe(iv.overlapsRange(a, s, e));
        expect(pairs(v4r.v4IntersectRange(flat(a), Number(s), Number(e)))).toEqual(iv.intersect(a, [[s, e]]));
      }),
      RUNS,
    );
  });
});

/** Naive membership: a scan of every interval. */
const member = (set: readonly iv.Interval[], x: bigint): boolean => set.some(([s, e]) => s <= x && x <= e);

/**
 * Every point where membership in any of `lists` can change (each start and end, and the address
 * on either side of it), within [0, max]: two sets that agree on all of them hold the same addresses.
 */
function boundaryPoints(max: bigint, ...lists: ReadonlyArray<readonly iv.Interval[]>): bigint[] {
  const out = new Set<bigint>([0n, max]);
  for (const list of lists) for (const [s, e] of list) for (const x of [s - 1n, s, e, e + 1n]) if (x >= 0n && x <= max) out.add(x);
  return [...out];
}

/** Sorted, disjoint and non-adjacent, each start <= its end. */
const isNormalized = (list: readonly iv.Interval[]): boolean => list.every(([s, e], i) => s <= e && (i === 0 || s > list[i - 1]![1] + 1n));

describe('the bigint algebra (IPv6 runs on it) against membership at every boundary (1,000 runs each)', () => {
  const binary: Array<[string, (a: iv.Interval[], b: iv.Interval[]) => iv.Interval[], (x: boolean, y: boolean) => boolean]> = [
    ['union', iv.union, (x, y) => x || y],
    ['intersect', iv.intersect, (x, y) => x && y],
    ['subtract', iv.subtract, (x, y) => x && !y],
  ];
  for (const [name, op, bit] of binary) {
    it(name, () => {
      fc.assert(
        fc.property(arbSet(V6_MAX), arbSet(V6_MAX), (a, b) => {
          const got = op(a, b);
          expect(isNormalized(got)).toBe(true);
          for (const x of boundaryPoints(V6_MAX, a, b, got)) expect(member(got, x)).toBe(bit(member(a, x), member(b, x)));
        }),
        RUNS,
      );
    });
  }
  it('normalize', () => {
    fc.assert(
      fc.property(arbPairs(V6_MAX), (raw) => {
        const got = iv.normalize(raw);
        expect(isNormalized(got)).toBe(true);
        for (const x of boundaryPoints(V6_MAX, raw, got)) expect(member(got, x)).toBe(member(raw, x));
      }),
      RUNS,
    );
  });
  it('subtract of a long list from a sparse one (b searched past a gap of a)', () => {
    const arbDense = fc.array(fc.bigInt({ min: 0n, max: 4000n }), { minLength: 20, maxLength: 200 }).map((xs) => iv.normalize(xs.map((x) => [x, x] as const)));
    fc.assert(
      fc.property(arbSet(V6_MAX), arbDense, (a, b) => {
        const got = iv.subtract(a, b);
        expect(isNormalized(got)).toBe(true);
        for (const x of boundaryPoints(V6_MAX, a, b, got)) expect(member(got, x)).toBe(member(a, x) && !member(b, x));
      }),
      RUNS,
    );
  });
  it('overlaps, containsAll (of sets and of one range) and equals', () => {
    fc.assert(
      fc.property(arbSet(V6_MAX), arbSet(V6_MAX), fc.boolean(), arbPair(V6_MAX), (a, b0, same, [s, e]) => {
        const b = same ? a.map(([x, y]) => [x, y] as const) : b0;
        const points = boundaryPoints(V6_MAX, a, b, [[s, e]]);
        expect(iv.overlaps(a, b)).toBe(points.some((x) => member(a, x) && member(b, x)));
        expect(iv.containsAll(a, b)).toBe(points.every((x) => !member(b, x) || member(a, x)));
        expect(iv.equals(a, b)).toBe(points.every((x) => member(a, x) === member(b, x)));
        // One range in a set (what CidrSet.contains asks), both families.
        expect(iv.containsAll(a, [[s, e]])).toBe(points.every((x) => x < s || x > e || member(a, x)));
        const a4 = iv.intersect(a, [[0n, V4_MAX]]);
        const [s4, e4] = [s > V4_MAX ? V4_MAX : s, e > V4_MAX ? V4_MAX : e];
        expect(v4r.v4ContainsAll(flat(a4), Float64Array.of(Number(s4), Number(e4)))).toBe(boundaryPoints(V4_MAX, a4, [[s4, e4]]).every((x) => x < s4 || x > e4 || member(a4, x)));
      }),
      RUNS,
    );
  });
  it('overlaps of a small set against a large one (binary search)', () => {
    const arbBig = fc.array(fc.bigInt({ min: 0n, max: 100000n }), { minLength: 40, maxLength: 200 }).map((xs) => iv.normalize(xs.map((x) => [x * 3n, x * 3n + 1n] as const)));
    fc.assert(
      fc.property(arbSet(V6_MAX), arbBig, (a, b) => {
        const small = a.slice(0, 2);
        expect(iv.overlaps(small, b)).toBe(iv.intersect(small, b).length > 0);
        expect(iv.overlaps(b, small)).toBe(boundaryPoints(V6_MAX, small, b).some((x) => member(small, x) && member(b, x)));
      }),
      RUNS,
    );
  });
});

/** The minimal cover, naively: from each start, the largest aligned block that fits (bigints only). */
function naiveCover(set: readonly iv.Interval[], family: 4 | 6): string[] {
  const bits = family === 4 ? 32 : 128;
  const out: string[] = [];
  for (const [s0, e] of set) {
    let s = s0;
    while (s <= e) {
      let size = 0;
      while (size < bits && s % (1n << BigInt(size + 1)) === 0n && s + (1n << BigInt(size + 1)) - 1n <= e) size++;
      out.push(`${formatAddress(family, s)}/${bits - size}`);
      s += 1n << BigInt(size);
    }
  }
  return out;
}

describe('CIDR covers against a naive bigint cover', () => {
  it('IPv4 (Numbers; 1,000 runs)', () => {
    fc.assert(
      fc.property(arbSet(V4_MAX), (a) => {
        const out: string[] = [];
        coverV4Ranges(flat(a), out);
        expect(out).toEqual(naiveCover(a, 4));
      }),
      RUNS,
    );
  });
  it('IPv6 (32-bit limbs; 300 runs: the naive cover is slow)', () => {
    fc.assert(
      fc.property(arbSet(V6_MAX), (a) => {
        const out: string[] = [];
        coverV6(a, out);
        expect(out).toEqual(naiveCover(a, 6));
      }),
      { numRuns: 300 },
    );
  });
  it('the whole spaces and their last addresses', () => {
    const out: string[] = [];
    coverV6([[0n, V6_MAX]], out);
    coverV6([[V6_MAX, V6_MAX]], out);
    coverV6([[V6_MAX - 1n, V6_MAX]], out);
    coverV4Ranges(Float64Array.of(0, 2 ** 32 - 1), out);
    expect(out).toEqual(['::/0', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127', '0.0.0.0/0']);
  });
});

describe('internal Number entry points for the audit', () => {
  it('setOfRanges and setOfOwnIntervals build the set CidrSet.fromIntervals builds (1,000 runs)', () => {
    fc.assert(
      fc.property(arbPairs(V4_MAX), arbPairs(V6_MAX), fc.array(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { maxLength: 8 }), (r4, r6, singles) => {
        const want = CidrSet.fromIntervals([...r4, ...singles.map((x) => [BigInt(x), BigInt(x)] as const)], r6);
        const keys = () => Float64Array.from(singles, (x) => x * 64 + 32);
        expect(setOfRanges(flat(r4), keys(), r6).equals(want)).toBe(true);
        expect(setOfOwnIntervals(r4, r6, keys()).equals(want)).toBe(true);
        expect(setOfOwnIntervals(r4, r6, keys()).v4).toEqual(want.v4);
      }),
      RUNS,
    );
  });
  it('v4RangesOf, setOverlapsRange and setIntersectRange agree with the set algebra (1,000 runs)', () => {
    fc.assert(
      fc.property(arbSet(V4_MAX), arbSet(V6_MAX), arbPair(V4_MAX), arbPair(V6_MAX), (a4, a6, [s4, e4], [s6, e6]) => {
        const set = CidrSet.fromIntervals(a4, a6);
        expect(pairs(v4RangesOf(set))).toEqual(a4);
        const r4 = CidrSet.fromIntervals([[s4, e4]], []);
        const r6 = CidrSet.fromIntervals([], [[s6, e6]]);
        expect(setOverlapsRange(set, 4, Number(s4), Number(e4))).toBe(set.overlaps(r4));
        expect(setOverlapsRange(set, 4, s4, e4)).toBe(set.overlaps(r4));
        expect(setOverlapsRange(set, 6, s6, e6)).toBe(set.overlaps(r6));
        expect(setIntersectRange(set, 4, Number(s4), Number(e4)).equals(set.intersect(r4))).toBe(true);
        expect(setIntersectRange(set, 6, s6, e6).equals(set.intersect(r6))).toBe(true);
      }),
      RUNS,
    );
  });
  it('the doc examples', () => {
    expect(setOfRanges([167772160, 184549375], Float64Array.of(v4CidrKey('8.8.8.8/32', true))).toCidrs()).toEqual(['8.8.8.8/32', '10.0.0.0/8']);
    expect(Array.from(v4RangesOf(CidrSet.from(['10.0.0.0/8'])))).toEqual([167772160, 184549375]);
    expect(setOverlapsRange(CidrSet.from(['10.0.0.0/8']), 4, 167772161, 167772161)).toBe(true);
    expect(setIntersectRange(CidrSet.from(['10.0.0.0/8']), 4, 0, 167772415).toCidrs()).toEqual(['10.0.0.0/24']);
  });
  it('a set read twice gives the same frozen pairs, and family() shares nothing a caller can write', () => {
    const set = CidrSet.from(['10.0.0.0/8', '192.168.0.0/16']);
    expect(set.v4).toBe(set.v4);
    expect(Object.isFrozen(set.v4) && set.v4.every((p) => Object.isFrozen(p))).toBe(true);
    expect(set.family(4).v4).toEqual(set.v4);
  });
});
