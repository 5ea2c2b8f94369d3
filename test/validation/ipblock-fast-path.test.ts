// Validation reads a dotted-quad ipBlock cidr without excepts on a fast path (no full parse when
// the text is strict and canonical). The same text with `except: []` always takes the full path:
// the issues, paths, messages and reasons must be identical, in both CIDR modes. Generated texts
// (self-generated, property-based): valid, host-bit, leading-zero, out-of-range and broken ones.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateNetworkPolicySpec } from '../../src/index.js';

const octet = fc.oneof(fc.integer({ min: 0, max: 255 }).map(String), fc.constantFrom('00', '01', '007', '256', '', 'x', '1e1', '+1'));
const prefix = fc.oneof(fc.integer({ min: 0, max: 32 }).map(String), fc.constantFrom('00', '08', '033', '33', '', '3x', '1 ', '-1'));
const v4Text = fc.tuple(octet, octet, octet, octet, prefix).map(([a, b, c, d, p]) => `${a}.${b}.${c}.${d}/${p}`);
const anyText = fc.oneof({ weight: 8, arbitrary: v4Text }, { weight: 1, arbitrary: fc.constantFrom('::ffff:1.2.3.0/120', '1.2.3.4', '1.2.3.4/8/8', '10.0.0.0/8 ', ' 10.0.0.0/8') });
const spec = (cidr: string, except?: string[]) => ({
  podSelector: {},
  egress: [{ to: [{ ipBlock: except ? { cidr, except } : { cidr } }] }],
  policyTypes: ['Egress'],
});

describe('ipBlock cidr: the fast path reports exactly what the full parse reports', () => {
  for (const strictCidr of [true, false]) {
    it(`strictCidr ${strictCidr} (1,000 runs)`, () => {
      fc.assert(
        fc.property(anyText, (text) => {
          expect(validateNetworkPolicySpec(spec(text), { strictCidr })).toEqual(validateNetworkPolicySpec(spec(text, []), { strictCidr }));
        }),
        { numRuns: 1000 },
      );
    });
  }
  it('still refuses what it must on the fast-path shape', () => {
    const types = (text: string) => validateNetworkPolicySpec(spec(text)).map((i) => `${i.severity} ${i.reason ?? ''}`);
    expect(types('10.0.0.1/8')).toEqual(['error host-bits']);
    expect(types('010.0.0.0/8')).toEqual(['error leading-zeros']);
    expect(types('10.0.0.0/33')).toEqual(['error invalid-cidr']);
    expect(types('10.0.0.0/8')).toEqual([]);
  });
});
