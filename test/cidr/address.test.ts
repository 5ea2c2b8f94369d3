// The IPv6 scanner decides RFC 5952 canonicity without formatting: checked against two full
// formatters, ours (formatV6Limbs) and the WHATWG URL parser (independent: Node's own IPv6 host
// serializer, RFC 5952 for every address that is not IPv4-mapped), on generated texts of every
// spelling (self-generated, property-based; see test/support/cidr-text-arbitraries.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { V6_LEADING_ZEROS, V6_NOT_CANONICAL, formatV6Limbs, limbsToBigint, parseAddress, scanV4, scanV6 } from '../../src/cidr/address.js';
import { cidrGarbage, v6AddressText } from '../support/cidr-text-arbitraries.js';

const RUNS = { numRuns: 3000 };

/** The URL parser's RFC 5952 text of an address, or null when it refuses the text. */
function urlCanonical(text: string): string | null {
  try {
    return new URL(`http://[${text}]/`).hostname.slice(1, -1);
  } catch {
    return null;
  }
}

/** The 128-bit value of RFC 5952 text (no dotted quad), read the slow way. */
function valueOf(canonical: string): bigint {
  const [head = '', tail = ''] = canonical.split('::');
  const h = head ? head.split(':') : [];
  const t = canonical.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return groups.reduce((v, g) => (v << 16n) | BigInt(parseInt(g, 16)), 0n);
}

describe('scanV6', () => {
  it('says "not canonical" exactly when the text differs from formatV6Limbs of its value (IPv4-mapped addresses aside)', () => {
    fc.assert(
      fc.property(fc.oneof(v6AddressText, cidrGarbage), (text) => {
        const limbs = new Uint32Array(4);
        const bits = scanV6(text, 0, text.length, limbs);
        if (bits < 0 || (limbs[0] === 0 && limbs[1] === 0 && limbs[2] === 0xffff)) return; // the bit is not meaningful for mapped addresses
        expect((bits & V6_NOT_CANONICAL) !== 0).toBe(text !== formatV6Limbs(limbs));
      }),
      RUNS,
    );
  });
  it('agrees with the URL parser on value and canonical text, for texts both read', () => {
    let compared = 0;
    fc.assert(
      fc.property(v6AddressText, (text) => {
        const limbs = new Uint32Array(4);
        const bits = scanV6(text, 0, text.length, limbs);
        const theirs = urlCanonical(text);
        if (theirs === null) return; // e.g. a group of five digits, which Go reads and strict mode refuses
        expect(bits).toBeGreaterThanOrEqual(0);
        expect(limbsToBigint(limbs)).toBe(valueOf(theirs));
        if (limbs[0] === 0 && limbs[1] === 0 && limbs[2] === 0xffff) return; // RFC 5952 writes these dotted, URL does not
        compared++;
        expect((bits & V6_NOT_CANONICAL) !== 0).toBe(text !== theirs);
      }),
      RUNS,
    );
    expect(compared).toBeGreaterThan(1000);
  });
  it('reads only its range of the string, and flags leading zeros as Go does', () => {
    const limbs = new Uint32Array(4);
    expect(scanV6('x2001:db8::/32', 1, 11, limbs)).toBe(0);
    expect(limbsToBigint(limbs)).toBe(0x20010db8n << 96n);
    expect(scanV6('2001:db8::1/32', 0, 9, limbs)).toBe(-1); // ends on a single ':'
    expect(scanV6('::00001', 0, 7, limbs) & V6_LEADING_ZEROS).toBe(V6_LEADING_ZEROS);
    expect(scanV6('::0001', 0, 6, limbs)).toBe(V6_NOT_CANONICAL);
    expect(scanV6('::1.2.3.04', 0, 10, limbs)).toBe(V6_LEADING_ZEROS | V6_NOT_CANONICAL);
    expect(scanV6('::1.2.3.4', 0, 9, limbs)).toBe(V6_NOT_CANONICAL); // RFC 5952 text has no dotted quad
    // Where `::` goes: the first longest run of two or more zero groups, and only there.
    const canonical = (text: string) => scanV6(text, 0, text.length, limbs) === 0;
    expect(canonical('1:0:0:2::')).toBe(true); // 1:0:0:2:0:0:0:0, the longest run last
    expect(canonical('1::2:0:0:0:0')).toBe(false);
    expect(canonical('1::2:0:0:0')).toBe(true); // 1:0:0:0:2:0:0:0, equal runs: the first
    expect(canonical('1:0:0:0:2::')).toBe(false);
    expect(canonical('1:0:0:0:0:2::')).toBe(false);
    expect(canonical('1::2:0:0')).toBe(true);
    expect(canonical('1::2:3:4:5:6:7')).toBe(false); // a single zero group is written 0
    expect(canonical('1:0:2:3:4:5:6:7')).toBe(true);
    expect(canonical('1:0:0:2:3:4:5:6')).toBe(false);
    expect(canonical('::')).toBe(true);
    expect(canonical('0::')).toBe(false);
  });
});

describe('scanV4', () => {
  it('reads as parseAddress does, within its range', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789./'), maxLength: 18 }), (text) => {
        const a = parseAddress(text);
        const v = scanV4(`/${text}/`, 1, text.length + 1);
        if (a === null || a.textFamily === 6) expect(v).toBe(-1);
        else expect(v).toBe(Number(a.value) + (a.leadingZeros ? 2 ** 32 : 0));
      }),
      RUNS,
    );
  });
});
