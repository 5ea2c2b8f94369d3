/**
 * goQuote prints as the Go of Kubernetes 1.32-1.35 (Go 1.23-1.25, Unicode 15.0.0) does, not as the
 * runtime's Unicode would. Independent: the expectations come from Go's own isprint.go tables
 * (test/fixtures/go/isprint-unicode-15.0.0.go.txt) and from strconv.Quote's documented escapes.
 * The library keeps only the gaps of those tables that newer Unicode fills
 * (src/validation/go-isprint.generated.ts); these tests hold it to the full tables.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ISPRINT_MODULE, goPrintable, isPrintModule, newerRanges, runtimePrints } from '../../scripts/generate-go-isprint.js';
import { NEWER_DELTAS, NEWER_UNICODE } from '../../src/validation/go-isprint.generated.js';
import { goQuote } from '../../src/validation/go-quote.js';
import { ROOT } from '../support/cli.js';

/** Go's IsPrint for Unicode 15.0.0, every code point (1 printable). */
const go = goPrintable();

/** The committed module's ranges, decoded. */
const committed: Array<[number, number]> = [];
{
  const d = NEWER_DELTAS.split(',').map((x) => Number.parseInt(x, 36));
  for (let i = 0, at = 0; i < d.length; i += 2) committed.push([(at += d[i]!), (at += d[i + 1]!)]);
}
const inNewer = new Uint8Array(0x110000);
for (const [s, e] of committed) inNewer.fill(1, s, e);

const SHORT: Record<number, string> = { 7: 'a', 8: 'b', 9: 't', 10: 'n', 11: 'v', 12: 'f', 13: 'r', 34: '"', 92: '\\' };
const hex = (cp: number, width: number) => cp.toString(16).padStart(width, '0');

/** strconv.Quote of one code point (not a surrogate), from Go's tables and Quote's documented escapes. */
function expected(cp: number): string {
  if (SHORT[cp] !== undefined) return `"\\${SHORT[cp]}"`;
  if (go[cp] === 1) return `"${String.fromCodePoint(cp)}"`;
  return `"${cp < 0x80 ? `\\x${hex(cp, 2)}` : cp < 0x10000 ? `\\u${hex(cp, 4)}` : `\\U${hex(cp, 8)}`}"`;
}

const hexList = (cps: number[]) => cps.map((c) => `U+${hex(c, 4).toUpperCase()}`).join(', ');

describe('goQuote: Go 1.21-1.26 IsPrint (Unicode 15.0.0)', () => {
  it('escapes what Unicode 15.0 does not know, though the runtime may (the differential\'s ":\\ua7ce19")', () => {
    expect(goQuote(':\ua7ce19')).toBe('":\\ua7ce19"');
    expect(goQuote('\u{2ebf0}')).toBe('"\\U0002ebf0"'); // CJK Extension I, Unicode 15.1
    expect(goQuote('\u{1e4d0}\u{11f00}\u{31350}')).toBe('"\u{1e4d0}\u{11f00}\u{31350}"'); // Unicode 15.0 additions
    expect(goQuote('\u00a0\u00ad\u2028')).toBe('"\\u00a0\\u00ad\\u2028"');
  });

  it('quotes every code point 0..0x10FFFF as Go\'s full tables say', () => {
    const wrong: number[] = [];
    for (let cp = 0; cp < 0x110000; cp++) {
      if (cp === 0xd800) cp = 0xe000; // a surrogate is U+FFFD first (test/go-parity.test.ts)
      if (goQuote(String.fromCodePoint(cp)) !== expected(cp)) wrong.push(cp);
    }
    expect(hexList(wrong.slice(0, 20)), `${wrong.length} code points`).toBe('');
  });

  it('the runtime prints nothing Go does not that lies outside the ranges (else regenerate the module: a newer Unicode)', () => {
    // On a runtime whose Unicode assigns characters in a gap of Go's tables that the module does
    // not list (Unicode 18 and later, for a module generated with 17.0), goQuote would print them
    // raw where Go 1.21-1.26 escapes them: `npx tsx scripts/generate-go-isprint.ts` adds the gaps.
    const outside: number[] = [];
    for (let cp = 0x80; cp < 0x110000; cp++) if (go[cp] === 0 && inNewer[cp] === 0 && runtimePrints(cp)) outside.push(cp);
    expect(hexList(outside.slice(0, 20)), `${outside.length} code points, runtime Unicode ${process.versions.unicode}`).toBe('');
  });

  it('the ranges are whole gaps of Go\'s tables: none holds a code point Go prints, and each is bounded by one (or the end)', () => {
    for (const [s, e] of committed) {
      expect(go.subarray(s, e).includes(1), `${hex(s, 4)}-${hex(e, 4)}`).toBe(false);
      expect(go[s - 1], hex(s, 4)).toBe(1);
      expect(e === 0x110000 || go[e] === 1, hex(e, 4)).toBe(true);
    }
    expect(committed.length).toBeGreaterThan(40);
    expect(inNewer[0xa7ce]).toBe(1); // Latin (16.0)
    expect(go[0x11f00]).toBe(1); // Kawi (15.0)
  });

  it.runIf(process.versions.unicode === NEWER_UNICODE)('the committed module is what scripts/generate-go-isprint.ts generates (on a runtime of its Unicode)', () => {
    expect(readFileSync(join(ROOT, ISPRINT_MODULE), 'utf8')).toBe(isPrintModule());
    expect(newerRanges()).toEqual(committed);
  });
});
