// normalize (its sort: orderByStart, packed doubles with a bigint sort of ties)
// against a naive reference: mark every covered point of a small universe, read the runs back.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { intersect, normalize, sortKeys, subtract, type Interval } from '../../src/cidr/intervals.js';
import { orderByStart } from '../../src/cidr/sort-keys.js';

/** The runs of covered points, computed point by point (the reference). */
function naive(intervals: readonly Interval[], base: bigint, span: number): Interval[] {
  const covered = new Array<boolean>(span).fill(false);
  for (const [s, e] of intervals) for (let x = s; x <= e; x++) covered[Number(x - base)] = true;
  const out: Interval[] = [];
  for (let i = 0; i < span; ) {
    if (!covered[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < span && covered[j + 1]) j++;
    out.push([base + BigInt(i), base + BigInt(j)]);
    i = j + 1;
  }
  return out;
}

const arbIntervals = (base: bigint) =>
  fc.array(
    fc.tuple(fc.integer({ min: 0, max: 199 }), fc.integer({ min: 0, max: 12 })).map(([s, len]): Interval => [base + BigInt(s), base + BigInt(Math.min(199, s + len))]),
    { maxLength: 40 },
  );

describe('normalize', () => {
  // Bases below 2^32 take the packed sort; the others straddle or pass 2^32 and take the comparator.
  for (const [name, base] of [
    ['IPv4-sized starts', 0n],
    ['starts near 2^32 - 1', 0xffffffffn - 100n],
    ['IPv6-sized starts', 1n << 100n],
  ] as const) {
    it(`sorts and merges like the point-by-point reference (${name})`, () => {
      fc.assert(
        fc.property(arbIntervals(base), (intervals) => {
          expect(normalize(intervals)).toEqual(naive(intervals, base, 200));
        }),
      );
    });
  }

  it('does not reorder or change its argument', () => {
    const input: Interval[] = [[5n, 6n], [1n, 2n], [3n, 3n]];
    const copy = input.map(([s, e]) => [s, e]);
    expect(normalize(input)).toEqual([
      [1n, 3n],
      [5n, 6n],
    ]);
    expect(input).toEqual(copy);
  });

  // An interval nothing merged into is handed on as its own pair (no new pair per disjoint
  // network); a merged one is a new pair. Frozen input proves no pair is ever written.
  it('keeps the pairs nothing merged into, never writes one, returns a fresh list (property)', () => {
    fc.assert(
      fc.property(arbIntervals(1n << 100n), (intervals) => {
        const input = Object.freeze(intervals.map((pair) => Object.freeze(pair) as Interval));
        const out = normalize(input);
        expect(out).toEqual(naive(intervals, 1n << 100n, 200));
        expect(out).not.toBe(input);
        expect(Object.isFrozen(out)).toBe(false);
        for (const pair of out) {
          const same = input.filter((p) => p === pair);
          if (same.length === 0) continue;
          // A reused pair is an input interval whose bounds are exactly the run's.
          expect(same[0]).toEqual(pair);
        }
        // Every run that is one input interval exactly is that very pair, when no other input interval touches it.
        for (const pair of out) {
          const touching = input.filter(([s, e]) => s <= pair[1] + 1n && e + 1n >= pair[0]);
          if (touching.length === 1) expect(touching[0]).toBe(pair);
        }
      }),
    );
  });
});

// intersect hands on a pair of `a` it leaves whole: on frozen inputs intersect and subtract still
// give the point-by-point answer and write nothing.
describe('intersect and subtract on frozen pairs', () => {
  const base = 1n << 100n;
  const frozen = (list: Interval[]): readonly Interval[] => Object.freeze(normalize(list).map((p) => Object.freeze([p[0], p[1]]) as Interval));
  const points = (list: readonly Interval[]): Set<bigint> => {
    const out = new Set<bigint>();
    for (const [s, e] of list) for (let x = s; x <= e; x++) out.add(x);
    return out;
  };
  it('equal the point-by-point answer (property)', () => {
    fc.assert(
      fc.property(arbIntervals(base), arbIntervals(base), (x, y) => {
        const a = frozen(x);
        const b = frozen(y);
        const pa = points(a);
        const pb = points(b);
        const both = naive([...pa].filter((p) => pb.has(p)).map((p): Interval => [p, p]), base, 200);
        const left = naive([...pa].filter((p) => !pb.has(p)).map((p): Interval => [p, p]), base, 200);
        const i = intersect(a, b);
        const d = subtract(a, b);
        expect(i).toEqual(both);
        expect(d).toEqual(left);
        for (const pair of [...i, ...d]) if (Object.isFrozen(pair)) expect([...a, ...b].some((p) => p === pair)).toBe(true);
        // A pair of `a` wholly inside one of `b` is the very pair in the intersection.
        for (const pair of a) if (b.some(([s, e]) => s <= pair[0] && e >= pair[1])) expect(i).toContain(pair);
      }),
    );
  });
});

// sortKeys switches to a radix sort on long lists (from 6,144 or 12,288 keys): it must give exactly the native sort, at
// the widths its callers use (38 bits: IPv4 network keys; 53: packed start and index).
describe('sortKeys against the native sort of doubles', () => {
  for (const bits of [38, 53]) {
    it(`${bits}-bit keys, short and long lists (property)`, () => {
      const key = fc.oneof(
        fc.integer({ min: 0, max: 2 ** 20 }),
        fc.double({ min: 0, max: 2 ** bits - 1, noNaN: true }).map(Math.floor),
        fc.constantFrom(0, 2 ** bits - 1, 2 ** 32, 2 ** 13 - 1, 2 ** 26),
      );
      fc.assert(
        fc.property(fc.oneof(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 12_288, max: 14_000 })).chain((n) => fc.array(key, { minLength: n, maxLength: n })), (xs) => {
          const want = Float64Array.from(xs).sort();
          expect(Array.from(sortKeys(Float64Array.from(xs)))).toEqual(Array.from(want));
        }),
        { numRuns: 20 },
      );
    });
  }
});

// orderByStart packs each start's leading bits (above the smallest start) with its index into one
// double; starts that differ only below the kept bits tie on the key and are sorted as bigints.
describe('orderByStart against a bigint comparator sort', () => {
  const arbStarts = fc.oneof(
    // Spread wide (keys drop low bits; near-equal starts tie and take the bigint sort)...
    fc.array(fc.oneof(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.bigInt({ min: 0n, max: 1000n }).map((x) => (1n << 127n) + x)), { minLength: 1, maxLength: 80 }),
    // ...or narrow (keys exact), with duplicates.
    fc.array(fc.bigInt({ min: 0n, max: 30n }).map((x) => (1n << 100n) + x), { minLength: 1, maxLength: 80 }),
  );
  it('gives the starts in ascending order, each index once', () => {
    fc.assert(
      fc.property(arbStarts, (starts) => {
        const intervals = starts.map((s): Interval => [s, s]);
        const order = [...orderByStart(intervals)];
        expect([...order].sort((x, y) => x - y)).toEqual(starts.map((_, i) => i));
        expect(order.map((i) => starts[i]!)).toEqual([...starts].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
      }),
      { numRuns: 1000 },
    );
  });
  it('ties in the key on long lists (thousands of starts a few addresses apart under one /32)', () => {
    const base = 0x20010db8n << 96n;
    const starts = Array.from({ length: 5000 }, (_, i) => base + (BigInt((i * 7919) % 1000) << 70n) + BigInt(i % 7));
    const order = [...orderByStart(starts.map((s): Interval => [s, s]))];
    expect(order.map((i) => starts[i]!)).toEqual([...starts].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
  });
});
