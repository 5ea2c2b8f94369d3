import fc from 'fast-check';
import { IPv4, IPv4CidrRange, IPv6, IPv6CidrRange } from 'ip-num';
import { describe, expect, it } from 'vitest';
import { CidrSet, mergeCidrs, parseCidr, parseCidrStrict } from '../../src/index.js';

const RUNS = { numRuns: 1000 };

// ---------------------------------------------------------------------------------------------
// Brute-force reference: a set is a bitmap over a small universe (the first 256 addresses of a
// family, or a /120 inside IPv6 space), so every operation can be checked address by address.
// ---------------------------------------------------------------------------------------------
const V6_BASE = 0x20010db8n << 96n; // 2001:db8::/120 as the IPv6 universe

function cidrText(family: 4 | 6, start: number, prefixInUniverse: number): string {
  // prefixInUniverse is 0..8 bits inside a 256-address universe.
  const size = 1 << (8 - prefixInUniverse);
  const aligned = start - (start % size);
  if (family === 4) return `10.0.0.${aligned}/${24 + prefixInUniverse}`;
  const value = V6_BASE + BigInt(aligned);
  return `${IPv6.fromBigInt(value).toString().replace(/(^|:)0+(?=[0-9a-f])/g, '$1')}/${120 + prefixInUniverse}`;
}

const arbCidr = (family: 4 | 6) => fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 8 })).map(([s, p]) => cidrText(family, s, p));
const arbList = (family: 4 | 6) => fc.array(arbCidr(family), { maxLength: 12 });

function bitmap(cidrs: string[]): boolean[] {
  const bits = new Array<boolean>(256).fill(false);
  for (const c of cidrs) {
    const p = parseCidr(c)!;
    const base = p.family === 4 ? (10n << 24n) : V6_BASE;
    for (let a = p.start; a <= p.end; a++) bits[Number(a - base)] = true;
  }
  return bits;
}
function bitmapOf(set: CidrSet): boolean[] {
  return bitmap(set.toCidrs());
}

describe('CidrSet algebra against a brute-force bitmap (1,000 runs each)', () => {
  for (const family of [4, 6] as const) {
    const ops: Array<[string, (a: CidrSet, b: CidrSet) => CidrSet, (x: boolean, y: boolean) => boolean]> = [
      ['union', (a, b) => a.union(b), (x, y) => x || y],
      ['intersect', (a, b) => a.intersect(b), (x, y) => x && y],
      ['subtract', (a, b) => a.subtract(b), (x, y) => x && !y],
    ];
    for (const [name, op, bit] of ops) {
      it(`IPv${family}: ${name}`, () => {
        fc.assert(
          fc.property(arbList(family), arbList(family), (a, b) => {
            const got = bitmapOf(op(CidrSet.from(a), CidrSet.from(b)));
            const ba = bitmap(a);
            const bb = bitmap(b);
            return got.every((g, k) => g === bit(ba[k]!, bb[k]!));
          }),
          RUNS,
        );
      });
    }
    it(`IPv${family}: contains matches the bitmap for every address`, () => {
      fc.assert(
        fc.property(arbList(family), fc.integer({ min: 0, max: 255 }), (a, offset) => {
          const set = CidrSet.from(a);
          const address = family === 4 ? `10.0.0.${offset}` : IPv6.fromBigInt(V6_BASE + BigInt(offset)).toString();
          return set.contains(address) === bitmap(a)[offset];
        }),
        RUNS,
      );
    });
    it(`IPv${family}: toCidrs is sorted, disjoint, canonical and minimal`, () => {
      fc.assert(
        fc.property(arbList(family), (a) => {
          const cover = CidrSet.from(a).toCidrs();
          const parsed = cover.map((c) => parseCidr(c)!);
          for (const p of parsed) if (p.strictProblem !== null || p.nonCanonicalText || p.canonical !== p.text) return false;
          for (let i = 1; i < parsed.length; i++) if (parsed[i]!.start <= parsed[i - 1]!.end) return false;
          // Minimal: no two neighbours are the two halves of one larger aligned block.
          for (let i = 1; i < parsed.length; i++) {
            const x = parsed[i - 1]!;
            const y = parsed[i]!;
            if (x.prefix === y.prefix && x.end + 1n === y.start) {
              const size = y.end - x.start + 1n;
              if (x.start % size === 0n) return false;
            }
          }
          // Same addresses as the input.
          const want = bitmap(a);
          return bitmap(cover).every((bit, i) => bit === want[i]);
        }),
        RUNS,
      );
    });
  }

  it('set laws: De Morgan and idempotence over mixed families', () => {
    const arbMixed = fc.tuple(arbList(4), arbList(6)).map(([a, b]) => [...a, ...b]);
    fc.assert(
      fc.property(arbMixed, arbMixed, arbMixed, (a, b, c) => {
        const [A, B, C] = [CidrSet.from(a), CidrSet.from(b), CidrSet.from(c)];
        return (
          A.subtract(B.union(C)).equals(A.subtract(B).intersect(A.subtract(C))) &&
          A.union(A).equals(A) &&
          A.intersect(B).equals(B.intersect(A)) &&
          A.subtract(B).union(A.intersect(B)).equals(A)
        );
      }),
      RUNS,
    );
  });
});

describe('agreement with ip-num (an independent implementation) on random CIDRs', () => {
  it('IPv4 first/last address and containment', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 32 }), (n, prefix) => {
        const net = BigInt(n) & ~((1n << BigInt(32 - prefix)) - 1n);
        const text = `${IPv4.fromNumber(net).toString()}/${prefix}`;
        const ours = parseCidr(text)!;
        const theirs = IPv4CidrRange.fromCidr(text);
        return ours.start === theirs.getFirst().value && ours.end === theirs.getLast().value && ours.canonical === text;
      }),
      RUNS,
    );
  });
  it('IPv6 first/last address', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.integer({ min: 0, max: 128 }), (n, prefix) => {
        const net = n & ~((1n << BigInt(128 - prefix)) - 1n);
        if (net >> 32n === 0xffffn) return true; // IPv4-mapped: Go semantics differ on purpose
        const theirs = IPv6CidrRange.fromCidr(`${IPv6.fromBigInt(net).toString()}/${prefix}`);
        const ours = parseCidr(`${IPv6.fromBigInt(net).toString()}/${prefix}`)!;
        return ours.start === theirs.getFirst().value && ours.end === theirs.getLast().value;
      }),
      RUNS,
    );
  });
});

describe('parsing like Kubernetes', () => {
  it.each([
    ['10.0.0.0/8', null, '10.0.0.0/8'],
    ['10.0.0.1/8', 'host-bits', '10.0.0.0/8'],
    ['010.0.0.0/8', 'leading-zeros', '10.0.0.0/8'],
    ['10.0.0.0/08', 'leading-zeros', '10.0.0.0/8'],
    ['::ffff:10.0.0.0/104', 'ipv4-mapped', '10.0.0.0/8'],
    ['::ffff:0:0/96', 'ipv4-mapped', '0.0.0.0/0'],
    ['2001:DB8::/32', null, '2001:db8::/32'],
    ['2001:0db8:0:0:0:0:0:0/32', null, '2001:db8::/32'],
    ['0:0:0:0:0:0:0:00001/128', 'leading-zeros', '::1/128'],
    ['::/0', null, '::/0'],
    ['0.0.0.0/0', null, '0.0.0.0/0'],
    ['1:0:0:1:0:0:0:1/128', null, '1:0:0:1::1/128'],
    ['1:0:0:0:1:0:0:1/128', null, '1::1:0:0:1/128'],
    ['1:0:1:0:1:0:1:0/128', null, '1:0:1:0:1:0:1:0/128'],
  ])('%s -> problem %s, canonical %s', (text, problem, canonical) => {
    const p = parseCidr(text)!;
    expect(p.strictProblem).toBe(problem);
    expect(p.canonical).toBe(canonical);
  });
  it.each(['10.0.0.0', '10.0.0.0/33', '::/129', '256.0.0.0/8', '1.2.3/24', 'fe80::1%eth0/64', '1::2::3/64', '10.0.0.0/-1', '10.0.0.0/+8', '', '/8', 'a.b.c.d/8', '1:2:3:4:5:6:7:8:9/128', '::1.2.3.4.5/128'])(
    'rejects %s',
    (text) => {
      expect(parseCidr(text)).toBeNull();
    },
  );
  it('flags non-RFC 5952 IPv6 text (the API server warns)', () => {
    expect(parseCidr('2001:DB8::/32')!.nonCanonicalText).toBe(true);
    expect(parseCidr('2001:db8::/32')!.nonCanonicalText).toBe(false);
  });
  it('parseCidrStrict names the path and suggests the canonical form', () => {
    expect(() => parseCidrStrict('10.0.0.1/8', 'options.clusterCidrs[3]')).toThrowError(/options\.clusterCidrs\[3\].*use 10\.0\.0\.0\/8/);
    expect(parseCidrStrict('10.0.0.1/8', 'x', 'legacy').canonical).toBe('10.0.0.0/8');
  });
  it('mergeCidrs merges across families', () => {
    expect(mergeCidrs(['10.0.0.0/9', '10.128.0.0/9', '::/1', '8000::/1', '10.1.0.0/16'])).toEqual(['10.0.0.0/8', '::/0']);
  });
  it('10,000 ranges merge', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => `10.${(i >> 8) & 255}.${i & 255}.0/24`);
    // 10.0.0.0/24 .. 10.39.15.0/24
    expect(mergeCidrs(many)).toEqual(['10.0.0.0/11', '10.32.0.0/14', '10.36.0.0/15', '10.38.0.0/16', '10.39.0.0/20']);
  });
});

describe('large against small sets (binary-search intersect path)', () => {
  it('A ∩ B = A − (A − B) when one side is 20x larger (1,000 runs)', () => {
    const big = fc.array(fc.tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 16, max: 32 })), { minLength: 100, maxLength: 200 });
    const small = fc.array(fc.tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 32 })), { maxLength: 4 });
    const toSet = (xs: Array<[number, number]>) =>
      CidrSet.from(xs.map(([n, p]) => `${IPv4.fromNumber(BigInt(n) & ~((1n << BigInt(32 - p)) - 1n)).toString()}/${p}`));
    fc.assert(
      fc.property(big, small, (b, s) => {
        const [B, S] = [toSet(b), toSet(s)];
        return B.intersect(S).equals(B.subtract(B.subtract(S))) && S.intersect(B).equals(S.subtract(S.subtract(B)));
      }),
      RUNS,
    );
  });
});

// CidrSet.from reads plain dotted-quad CIDRs on a Number fast path and everything else with
// parseCidr: both must give exactly what parseCidr entry by entry gives (or the same error).
describe('CidrSet.from against parseCidr entry by entry (fast path and full parser agree)', () => {
  const octet = fc.oneof(fc.integer({ min: 0, max: 255 }).map(String), fc.constantFrom('00', '01', '007', '256', '', 'x'));
  const prefix = fc.oneof(fc.integer({ min: 0, max: 32 }).map(String), fc.constantFrom('00', '08', '033', '33', '', '3x', '1 '));
  const v4Text = fc.tuple(octet, octet, octet, octet, prefix).map(([a, b, c, d, p]) => `${a}.${b}.${c}.${d}/${p}`);
  const anyText = fc.oneof({ weight: 6, arbitrary: v4Text }, { weight: 1, arbitrary: arbCidr(6) }, { weight: 1, arbitrary: fc.constantFrom('::ffff:1.2.3.0/120', '1.2.3.4', '1.2.3.4/8/8') });
  const reference = (texts: string[], mode: 'strict' | 'legacy'): { cidrs: string[] } | { error: string } => {
    for (let i = 0; i < texts.length; i++) {
      const p = parseCidr(texts[i]!);
      if (p === null || (mode === 'strict' && p.strictProblem !== null)) {
        try {
          parseCidrStrict(texts[i]!, `cidrs[${i}]`, mode);
        } catch (err) {
          return { error: (err as Error).message };
        }
      }
    }
    // Merge through fromParsed, which takes parsed bounds as they are.
    return { cidrs: CidrSet.fromParsed(texts.map((t) => parseCidr(t)!)).toCidrs() };
  };
  for (const mode of ['strict', 'legacy'] as const) {
    it(`${mode}: same set or the same error (1,000 runs)`, () => {
      fc.assert(
        fc.property(fc.array(anyText, { maxLength: 20 }), (texts) => {
          const want = reference(texts, mode);
          let got: { cidrs: string[] } | { error: string };
          try {
            got = { cidrs: CidrSet.from(texts, { mode }).toCidrs() };
          } catch (err) {
            got = { error: (err as Error).message };
          }
          expect(got).toEqual(want);
        }),
        RUNS,
      );
    });
  }
  it('masks host bits in legacy mode and refuses them in strict mode on the fast path', () => {
    expect(CidrSet.from(['10.1.2.3/8', '192.168.1.1/32'], { mode: 'legacy' }).toCidrs()).toEqual(['10.0.0.0/8', '192.168.1.1/32']);
    expect(() => CidrSet.from(['10.0.0.0/8', '10.1.2.3/8'])).toThrow(/cidrs\[1\].*bits set beyond the prefix length/);
  });
});

describe('IPv6 intervals are frozen when first shown', () => {
  it('every operation gives a set whose v6 list and pairs cannot be written, and a set sharing them stays unchanged', () => {
    const a = CidrSet.from(['2001:db8::/32', 'fd00::/8', '::1/128']);
    const b = CidrSet.from(['2001:db8:1::/48', 'fe80::/10']);
    const made = [a, a.union(b), a.intersect(b), a.subtract(b), a.family(6), CidrSet.unionAll([a, b]), CidrSet.fromIntervals([], [[1n, 5n], [3n, 9n]])];
    for (const set of made) {
      const before = set.toCidrs();
      const shared = set.family(6); // the same private list, not yet shown
      const list = set.v6 as unknown as Array<[bigint, bigint]>;
      expect(Object.isFrozen(list)).toBe(true);
      expect(list.every((pair) => Object.isFrozen(pair))).toBe(true);
      expect(() => list.push([0n, 0n])).toThrow(TypeError);
      expect(() => (list[0]![1] = (1n << 128n) - 1n)).toThrow(TypeError);
      expect(shared.v6).toBe(set.v6);
      expect(set.toCidrs()).toEqual(before);
    }
  });
});
