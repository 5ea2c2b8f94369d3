/**
 * goQuote prints as the Go of Kubernetes 1.32-1.35 (Go 1.23-1.25, Unicode 15.0.0) does, not as the
 * runtime's Unicode would. Independent: the expectations come from Go's own isprint.go tables
 * (test/fixtures/go/isprint-unicode-15.0.0.go.txt) and from strconv.Quote's documented escapes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ISPRINT_MODULE, TABLE_FILE, isPrintModule, printableRanges } from '../../scripts/generate-go-isprint.js';
import { goQuote } from '../../src/validation/go-quote.js';
import { ROOT } from '../support/cli.js';

const ranges = printableRanges(readFileSync(join(ROOT, TABLE_FILE), 'utf8'));
const printable = (cp: number) => ranges.some(([s, e]) => cp >= s && cp < e);

/** strconv.Quote of one code point (not a short escape, not ASCII), from its printability. */
const expected = (cp: number): string =>
  printable(cp) ? String.fromCodePoint(cp) : cp < 0x10000 ? `\\u${cp.toString(16).padStart(4, '0')}` : `\\U${cp.toString(16).padStart(8, '0')}`;

describe('goQuote: Go 1.21-1.26 IsPrint (Unicode 15.0.0)', () => {
  it('escapes what Unicode 15.0 does not know, though the runtime may (the differential\'s ":\\ua7ce19")', () => {
    expect(goQuote(':\ua7ce19')).toBe('":\\ua7ce19"');
    expect(goQuote('\u{2ebf0}')).toBe('"\\U0002ebf0"'); // CJK Extension I, Unicode 15.1
    expect(goQuote('\u{1e4d0}\u{11f00}\u{31350}')).toBe('"\u{1e4d0}\u{11f00}\u{31350}"'); // Unicode 15.0 additions
    expect(goQuote('\u00a0\u00ad\u2028')).toBe('"\\u00a0\\u00ad\\u2028"');
  });
  it('every non-ASCII code point is quoted by the tables (property)', () => {
    const cp = fc.integer({ min: 0x80, max: 0x10ffff }).filter((c) => c < 0xd800 || c > 0xdfff);
    fc.assert(
      fc.property(cp, (c) => {
        expect(goQuote(String.fromCodePoint(c))).toBe(`"${expected(c)}"`);
      }),
      { numRuns: 20000 },
    );
  });
  it('the committed module is what scripts/generate-go-isprint.ts generates', () => {
    expect(readFileSync(join(ROOT, ISPRINT_MODULE), 'utf8')).toBe(isPrintModule());
  });
  it('the tables are Unicode 15.0.0 ones: 424+133+112 16-bit and 508 32-bit entries, as Go\'s header counts them', () => {
    expect(ranges.length).toBeGreaterThan(700);
    expect(printable(0x11f00)).toBe(true); // Kawi (15.0)
    expect(printable(0xa7ce)).toBe(false); // Latin (16.0)
  });
});
