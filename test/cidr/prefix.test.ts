// parseCidr's shortcuts (canonical text taken from the input when a scan finds it RFC 5952, IPv6
// bigints from 64-bit halves), v4CidrKey and the except subset rule, checked against the full
// paths on generated texts of both families (self-generated, property-based; see test/support/cidr-text-arbitraries.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAddress, parseAddress } from '../../src/cidr/address.js';
import { formatCidr, isStrictSubset, parseCidr, v4CidrKey } from '../../src/cidr/prefix.js';
import { validateNetworkPolicySpec } from '../../src/index.js';
import { anyCidrText, v4CidrText, v6CidrText } from '../support/cidr-text-arbitraries.js';

const RUNS = { numRuns: 3000 };

describe('parseCidr', () => {
  it('canonical is always the formatted network; nonCanonicalText only for strict-valid IPv6 text that differs from it', () => {
    fc.assert(
      fc.property(anyCidrText, (text) => {
        const p = parseCidr(text);
        if (p === null) return;
        expect(p.canonical).toBe(formatCidr(p.family, p.start, p.prefix));
        expect(p.nonCanonicalText).toBe(p.family === 6 && p.strictProblem === null && text !== p.canonical);
        if (p.strictProblem === null && !p.nonCanonicalText) expect(p.canonical).toBe(text);
      }),
      RUNS,
    );
  });
  it('start and end are the masked written address and the last address of the network', () => {
    fc.assert(
      fc.property(anyCidrText, (text) => {
        const p = parseCidr(text);
        if (p === null) return;
        const address = parseAddress(text.slice(0, text.indexOf('/')))!;
        const bits = p.family === 4 ? 32 : 128;
        const value = p.family === 4 && address.textFamily === 6 ? address.value & 0xffffffffn : address.value;
        const host = (1n << BigInt(bits - p.prefix)) - 1n;
        expect(p.start).toBe(value & ~host);
        expect(p.end).toBe(p.start | host);
        expect(formatAddress(p.family, p.start)).toBe(p.canonical.slice(0, p.canonical.indexOf('/')));
      }),
      RUNS,
    );
  });
  it('returns plain data: own enumerable fields in a fixed order, a fresh object every call', () => {
    const a = parseCidr('2001:db8::/64')!;
    expect(Object.keys(a)).toEqual(['text', 'family', 'start', 'end', 'prefix', 'rawPrefix', 'canonical', 'strictProblem', 'nonCanonicalText']);
    expect(Object.getPrototypeOf(a)).toBe(Object.prototype);
    expect(parseCidr('2001:db8::/64')).not.toBe(a);
    expect(parseCidr('2001:db8::/64')).toEqual(a);
    expect(a).toEqual({
      text: '2001:db8::/64',
      family: 6,
      start: 0x20010db8n << 96n,
      end: (0x20010db8n << 96n) | ((1n << 64n) - 1n),
      prefix: 64,
      rawPrefix: 64,
      canonical: '2001:db8::/64',
      strictProblem: null,
      nonCanonicalText: false,
    });
  });
  it('one parse does not leak into the next (scratch space is rewritten)', () => {
    fc.assert(
      fc.property(v6CidrText, v6CidrText, (x, y) => {
        const alone = parseCidr(y);
        parseCidr(x);
        expect(parseCidr(y)).toEqual(alone);
      }),
      { numRuns: 500 },
    );
  });
});

describe('v4CidrKey', () => {
  it('is start * 64 + prefix exactly for dotted-quad text without leading zeros (and, strictly, without host bits); -1 otherwise', () => {
    fc.assert(
      fc.property(fc.oneof(anyCidrText, v4CidrText), fc.boolean(), (text, strict) => {
        const p = parseCidr(text);
        const eligible = p !== null && p.family === 4 && !text.includes(':') && p.strictProblem !== 'leading-zeros' && (!strict || p.strictProblem === null);
        expect(v4CidrKey(text, strict)).toBe(eligible ? Number(p.start) * 64 + p.prefix : -1);
      }),
      RUNS,
    );
  });
});

describe('the except subset rule in validation', () => {
  const cidrs = fc.oneof(v4CidrText, fc.constantFrom('::ffff:10.0.0.0/104', '::ffff:0.0.0.0/96', '::/0', '0.0.0.0/0', '10.0.0.0/8', '10.1.0.0/16'));
  const nearby = (cidr: string) =>
    fc.oneof(
      v4CidrText,
      fc.tuple(fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 2 ** 24 - 1 })).map(([prefix, low]) => {
        const p = parseCidr(cidr);
        const base = p !== null && p.family === 4 ? Number(p.start) : 0;
        const n = (base + low) >>> 0;
        const start = prefix === 0 ? 0 : (n >>> (32 - prefix)) * 2 ** (32 - prefix);
        return `${start >>> 24}.${(start >>> 16) & 255}.${(start >>> 8) & 255}.${start & 255}/${prefix}`;
      }),
    );
  it('are refused as not a strict subset exactly when isStrictSubset on the full parses says so', () => {
    const seen = new Set<boolean>();
    fc.assert(
      fc.property(cidrs.chain((cidr) => fc.tuple(fc.constant(cidr), nearby(cidr))), fc.boolean(), ([cidr, except], strictCidr) => {
        const c = parseCidr(cidr);
        const e = parseCidr(except);
        fc.pre(c !== null && e !== null);
        const found = validateNetworkPolicySpec({ podSelector: {}, egress: [{ to: [{ ipBlock: { cidr, except: [except] } }] }] }, { strictCidr });
        const notSubset = found.some((i) => i.path === 'spec.egress[0].to[0].ipBlock.except[0]' && i.reason === 'except-not-subset');
        expect(notSubset).toBe(!isStrictSubset(c!, e!));
        seen.add(notSubset);
      }),
      RUNS,
    );
    expect([...seen].sort()).toEqual([false, true]);
  });
});
