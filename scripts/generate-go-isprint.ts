// Generates src/validation/go-isprint.generated.ts: what the JavaScript runtime's Unicode prints
// that Go's `strconv.IsPrint` for Unicode 15.0.0 does not (the `unicode.Version` of Go 1.21 through
// 1.26, which build Kubernetes 1.32-1.35). Go's own tables are copied to
// test/fixtures/go/isprint-unicode-15.0.0.go.txt and stay there: the library prints by the
// runtime's `\p{L}\p{M}\p{N}\p{P}\p{S}` (Go's IsPrint is exactly those categories and the ASCII
// space), minus the code points assigned (as printable) after Unicode 15.0.0. Those are found here,
// on the runtime that runs the script, as the code points its `\p{..}` prints and Go's tables do
// not; each lies in a gap of Go's tables (a run of code points Go does not print), and the module
// lists those whole gaps, so what a later Unicode assigns in the same gaps is escaped too. The
// gaps are Go's, so the output depends on the runtime only through which gaps hold a newer code
// point; `NEWER_UNICODE` names the Unicode version the committed module was generated with.
//
// `npx tsx scripts/generate-go-isprint.ts` rewrites the module; test/validation/go-quote-tables.test.ts
// checks the module against Go's full tables for every code point, that no code point the runtime
// prints and Go does not lies outside it, and (on a runtime of `NEWER_UNICODE`) that it is what
// this script generates.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const TABLE_FILE = 'test/fixtures/go/isprint-unicode-15.0.0.go.txt';
export const ISPRINT_MODULE = 'src/validation/go-isprint.generated.ts';

/** The numbers of one `var name = []uintN{...}` table of a Go isprint.go. */
export function goTable(text: string, name: string): number[] {
  const m = new RegExp(`var ${name} = \\[\\]uint(?:16|32)\\{([^}]*)\\}`).exec(text);
  if (m === null) throw new Error(`no table ${name}`);
  return [...m[1]!.replace(/\/\/.*$/gm, '').matchAll(/0x[0-9a-f]+/gi)].map((x) => Number.parseInt(x[0], 16));
}

/** Half-open printable ranges [start, end) of an isprint.go's tables, sorted. */
export function printableRanges(text: string): Array<[number, number]> {
  const not = new Set([...goTable(text, 'isNotPrint16'), ...goTable(text, 'isNotPrint32').map((x) => x + 0x10000)]);
  const pairs = [...goTable(text, 'isPrint16'), ...goTable(text, 'isPrint32')];
  const out: Array<[number, number]> = [];
  for (let i = 0; i < pairs.length; i += 2) {
    let start = pairs[i]!;
    const last = pairs[i + 1]!;
    for (let c = start; c <= last; c++) {
      if (!not.has(c)) continue;
      if (c > start) out.push([start, c]);
      start = c + 1;
    }
    if (start <= last) out.push([start, last + 1]);
  }
  return out;
}

/**
 * Go's `strconv.IsPrint` for every code point (1 printable, 0 not), from an isprint.go's tables.
 * Go's IsPrint of a code point below U+0100 is a rule rather than the tables: 0x20-0x7E and
 * 0xA1-0xFF but U+00AD, which is what the tables hold too.
 */
export function printableArray(text: string): Uint8Array {
  const out = new Uint8Array(0x110000);
  for (const [start, end] of printableRanges(text)) out.fill(1, start, end);
  return out;
}

/** Go's tables for Unicode 15.0.0, as {@link printableArray}. */
export function goPrintable(): Uint8Array {
  return printableArray(readFileSync(`${ROOT}${TABLE_FILE}`, 'utf8'));
}

/** What the library asks of the runtime for a non-ASCII code point: `\p{L}\p{M}\p{N}\p{P}\p{S}` (src/validation/go-quote.ts). */
export const RUNTIME_PRINTABLE = /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u;

/** Whether the runtime's Unicode prints `cp` (a surrogate never: goQuote makes it U+FFFD first). */
export const runtimePrints = (cp: number): boolean => (cp < 0xd800 || cp > 0xdfff) && RUNTIME_PRINTABLE.test(String.fromCodePoint(cp));

/**
 * The gaps of Go's tables (maximal half-open runs of code points Go does not print) that hold a
 * code point the runtime prints: what the library must escape although the runtime prints it.
 */
export function newerRanges(go: Uint8Array = goPrintable(), prints: (cp: number) => boolean = runtimePrints): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let cp = 0;
  while (cp < 0x110000) {
    if (go[cp] === 1) {
      cp++;
      continue;
    }
    const start = cp;
    let newer = false;
    for (; cp < 0x110000 && go[cp] === 0; cp++) newer ||= prints(cp);
    if (newer) out.push([start, cp]);
  }
  return out;
}

/** Ranges as the module stores them: base-36 deltas (gap from the previous range's end, then length), comma-separated. */
export function encodeRanges(ranges: ReadonlyArray<readonly [number, number]>): string {
  let at = 0;
  const deltas: string[] = [];
  for (const [start, end] of ranges) {
    deltas.push((start - at).toString(36), (end - start).toString(36));
    at = end;
  }
  return deltas.join(',');
}

/** The module's text. */
export function isPrintModule(): string {
  const ranges = newerRanges();
  return `// Generated by scripts/generate-go-isprint.ts from ${TABLE_FILE} and the Unicode ${process.versions.unicode}
// of the runtime that ran it: do not edit. ${ranges.length} half-open ranges of code points that Go's strconv.IsPrint
// for Unicode 15.0.0 (Go 1.21-1.26) does not print, each a whole gap of Go's tables that holds a code
// point Unicode ${process.versions.unicode} prints (assigned after 15.0.0), as base-36 deltas (gap from the
// previous range's end, then length), comma-separated.

/** The Unicode version of the runtime the ranges were generated on. Internal. */
export const NEWER_UNICODE = '${process.versions.unicode}';

/** Code points the runtime's \`\\p{..}\` may print and Go 1.21-1.26 escapes, as described above. Internal. */
export const NEWER_DELTAS = '${encodeRanges(ranges)}';
`;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) writeFileSync(`${ROOT}${ISPRINT_MODULE}`, isPrintModule());
