/**
 * Go's `%q` verb (`strconv.Quote`) for strings, as the API server uses it to quote a value in an
 * error or warning message. Internal.
 *
 * A JS string reaches the API server as JSON, whose decoder turns an unpaired surrogate into
 * U+FFFD; we quote that same replacement character, so a message reads as the server would print it.
 */

import { GO_PRINTABLE_DELTAS } from './go-isprint.generated.js';

/**
 * `strconv.IsPrint` (letters, marks, numbers, punctuation, symbols and the ASCII space) as the Go
 * of Kubernetes 1.32-1.35 (Go 1.23-1.25, Unicode 15.0.0) knows it: the bounds of its printable
 * ranges, alternately a start and an end (exclusive), ascending. JavaScript's `\p{..}` follows the
 * runtime's newer Unicode and would print raw what Go escapes (U+A7CE, assigned in Unicode 16).
 */
const BOUNDS: readonly number[] = /* @__PURE__ */ (() => {
  let at = 0;
  return Object.freeze(GO_PRINTABLE_DELTAS.split(',').map((d) => (at += Number.parseInt(d, 36))));
})();

/** Whether Go 1.21-1.26 prints `cp` as is: it lies inside a range (an odd number of bounds are <= it). */
function isPrint(cp: number): boolean {
  let lo = 0;
  let hi = BOUNDS.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (BOUNDS[mid]! <= cp) lo = mid + 1;
    else hi = mid;
  }
  return (lo & 1) === 1;
}

/** Go's short escapes, by code point. */
const SHORT_ESCAPES: Readonly<Record<number, string>> = /* @__PURE__ */ Object.freeze({
  0x07: '\\a',
  0x08: '\\b',
  0x09: '\\t',
  0x0a: '\\n',
  0x0b: '\\v',
  0x0c: '\\f',
  0x0d: '\\r',
  0x22: '\\"',
  0x5c: '\\\\',
});

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

function quoteRune(ch: string): string {
  const cp = ch.codePointAt(0)!;
  const short = SHORT_ESCAPES[cp];
  if (short !== undefined) return short;
  if (cp >= 0xd800 && cp <= 0xdfff) return '\ufffd'; // an unpaired surrogate, decoded by Go as U+FFFD
  if (cp < 0x80) return cp < 0x20 || cp === 0x7f ? `\\x${hex(cp, 2)}` : ch;
  if (isPrint(cp)) return ch;
  return cp < 0x10000 ? `\\u${hex(cp, 4)}` : `\\U${hex(cp, 8)}`;
}

/**
 * Quotes a string as Go's `fmt.Sprintf("%q", s)` does: `"` and `\` escaped, `\a \b \f \n \r \t \v`,
 * other C0 controls and DEL as `\xNN`, non-printable code points as `\uNNNN` or `\UNNNNNNNN`,
 * everything printable (including non-ASCII letters and digits) as is, by the Unicode 15.0.0 tables
 * of the Go that builds Kubernetes 1.32-1.35 (not the runtime's Unicode). Internal (not exported by
 * the package): `goQuote('a\u00a0b\u0000')` is `'"a\\u00a0b\\x00"'`.
 */
export function goQuote(s: string): string {
  let out = '"';
  let plainFrom = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c) continue; // plain ASCII: copied in runs
    out += s.slice(plainFrom, i);
    const wide = c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    out += quoteRune(wide ? s.slice(i, i + 2) : s[i]!);
    if (wide) i++;
    plainFrom = i + 1;
  }
  return `${out}${s.slice(plainFrom)}"`;
}
