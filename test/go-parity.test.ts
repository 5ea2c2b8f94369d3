// Go parity of the CIDR parser, the ipBlock warnings, value quoting and CidrSet#contains, case by
// case (issue 15). Expected strings are what Kubernetes' Go code prints for the same input, as
// observed with k8s.io/utils/net and fmt %q (test/go has the full differential against that code).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CidrSet, parseCidr, validateNetworkPolicySpec } from '../src/index.js';
import { goQuote } from '../src/validation/go-quote.js';
import { FIXTURES } from './helpers.js';

const block = (cidr: string, except?: string[]) => ({ podSelector: {}, egress: [{ to: [{ ipBlock: { cidr, ...(except ? { except } : {}) } }] }] });
const warnings = (cidr: string) =>
  validateNetworkPolicySpec(block(cidr), { strictCidr: false })
    .filter((i) => i.severity === 'warning')
    .map((i) => i.message);

describe('goQuote is Go\'s %q', () => {
  const cases = parse(readFileSync(join(FIXTURES, 'go-quote.yaml'), 'utf8')) as Array<{ input: string; quoted: string }>;
  for (const { input, quoted } of cases) {
    it(`quotes ${JSON.stringify(input)} as ${quoted}`, () => expect(goQuote(input)).toBe(quoted));
  }

  it('quotes an unpaired surrogate as U+FFFD, what Go\'s JSON decoder makes of it', () => {
    expect(goQuote('a\ud800b\udc00')).toBe('"a\ufffdb\ufffd"');
    expect(goQuote('\ud83d\ude00')).toBe('"\u{1f600}"'); // a proper pair stays one printable rune
  });

  it('equals JSON.stringify on printable ASCII', () => {
    fc.assert(fc.property(fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) }), (s) => goQuote(s) === JSON.stringify(s)));
  });

  it('never lets a control, format, separator or unassigned code point through unescaped', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(goQuote(s)).toMatch(/^"[\p{L}\p{M}\p{N}\p{P}\p{S} ]*"$/u);
      }),
    );
  });
});

describe('CIDR parsing as ParseCIDRSloppy', () => {
  it('reads a prefix length with any number of leading zeros (strict mode reports them)', () => {
    expect(parseCidr('::/0000000')?.canonical).toBe('::/0');
    expect(parseCidr(`10.0.0.0/${'0'.repeat(5000)}8`)?.canonical).toBe('10.0.0.0/8');
    expect(parseCidr('10.0.0.0/0000000')?.strictProblem).toBe('leading-zeros');
    const errors = validateNetworkPolicySpec(block('::/0000000')).map((i) => i.message);
    expect(errors).toEqual(['Invalid value: "::/0000000": must not have leading 0s in IP or prefix length']);
  });

  it('rejects a prefix length that reaches Go\'s dtoi limit or exceeds the family', () => {
    expect(parseCidr('10.0.0.0/16777215')).toBeNull();
    expect(parseCidr('10.0.0.0/0000033')).toBeNull();
    expect(parseCidr('::/000000129')).toBeNull();
    expect(parseCidr('::/+8')).toBeNull();
  });
});

describe('GetWarningsForCIDR, word for word', () => {
  it('offers the network or the single address in the written family', () => {
    expect(warnings('::1/5')).toEqual(['CIDR value "::1/5" is ambiguous in this context (should be "::/5" or "::1/128"?)']);
    expect(warnings('10.0.0.1/8')).toEqual(['CIDR value "10.0.0.1/8" is ambiguous in this context (should be "10.0.0.0/8" or "10.0.0.1/32"?)']);
  });

  it('gives both warnings for host bits with leading zeros or an IPv4-mapped address', () => {
    expect(warnings('010.0.0.1/8')).toEqual([
      'CIDR value "010.0.0.1/8" is ambiguous in this context (should be "10.0.0.0/8" or "10.0.0.1/32"?)',
      'non-standard CIDR value "010.0.0.1/8" will be considered invalid in a future Kubernetes release: use "10.0.0.0/8"',
    ]);
    expect(warnings('::ffff:1.2.3.4/120')).toEqual([
      'CIDR value "::ffff:1.2.3.4/120" is ambiguous in this context (should be "1.2.3.0/24" or "1.2.3.4/128"?)',
      'non-standard CIDR value "::ffff:1.2.3.4/120" will be considered invalid in a future Kubernetes release: use "1.2.3.0/24"',
    ]);
  });

  it('gives only the non-standard warning when no host bits are set', () => {
    expect(warnings('::ffff:1.2.3.0/120')).toEqual([
      'non-standard CIDR value "::ffff:1.2.3.0/120" will be considered invalid in a future Kubernetes release: use "1.2.3.0/24"',
    ]);
    expect(warnings('10.0.0.0/08')).toEqual(['non-standard CIDR value "10.0.0.0/08" will be considered invalid in a future Kubernetes release: use "10.0.0.0/8"']);
  });

  it('quotes invalid values as Go does', () => {
    const [issue] = validateNetworkPolicySpec(block('10.0.0.0/8\u00a0'));
    expect(issue?.message).toBe('Invalid value: "10.0.0.0/8\\u00a0": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)');
    const [nul] = validateNetworkPolicySpec(block('10.0.0.0/8', ['\x00\u2028']));
    expect(nul?.message).toBe('Invalid value: "\\x00\\u2028": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)');
  });
});

describe('CidrSet#contains treats IPv4-mapped addresses as IPv4, like IPNet.Contains', () => {
  const v4 = CidrSet.from(['128.0.0.0/24']);
  const v6 = CidrSet.from(['::/0']);

  it('finds a mapped address in an IPv4 set, as it finds the mapped /128', () => {
    expect(v4.contains('::ffff:128.0.0.192')).toBe(true);
    expect(v4.contains('::ffff:8000:c0')).toBe(true);
    expect(v4.contains('::ffff:128.0.0.192/128')).toBe(true);
    expect(v4.contains('::ffff:128.0.1.0')).toBe(false);
  });

  it('does not find a mapped address in an IPv6-only set', () => {
    expect(v6.contains('::ffff:128.0.0.192')).toBe(false);
    expect(v6.contains('::fffe:128.0.0.192')).toBe(true);
  });

  it('agrees between the address and its /128 for every mapped address', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => {
        const dotted = `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
        const set = CidrSet.from(['0.0.0.0/1', '192.168.0.0/16']);
        const expected = set.contains(dotted);
        expect(set.contains(`::ffff:${dotted}`)).toBe(expected);
        expect(set.contains(`::ffff:${dotted}/128`)).toBe(expected);
      }),
    );
  });
});
