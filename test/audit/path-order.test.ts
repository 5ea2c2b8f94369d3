import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalPathOrder } from '../../src/audit/grants.js';

// Grants are made in the string order of their paths (`to[10]` before `to[1]`), so that the
// findings they give need no sorting by path: the order must be exactly that of a string sort.
const byText = (n: number) =>
  Array.from({ length: n }, (_, j) => j).sort((a, b) => {
    const x = `spec.egress[${a}].to`;
    const y = `spec.egress[${b}].to`;
    return x < y ? -1 : x > y ? 1 : 0;
  });

describe('decimalPathOrder', () => {
  it('is the string order of bracketed indices, for any length (300 runs)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), (n) => {
        expect(Array.from(decimalPathOrder(n))).toEqual(byText(n));
      }),
      { numRuns: 300 },
    );
  });
  it('on the edges of each digit count', () => {
    for (const n of [0, 1, 2, 10, 11, 100, 101, 1000, 1001, 10_001]) expect(Array.from(decimalPathOrder(n))).toEqual(byText(n));
    expect(Array.from(decimalPathOrder(12))).toEqual([0, 10, 11, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
