/**
 * Go's `%q` verb (`strconv.Quote`) for strings, as the API server uses it to quote a value in an
 * error or warning message. Internal.
 *
 * A JS string reaches the API server as JSON, whose decoder turns an unpaired surrogate into
 * U+FFFD; we quote that same replacement character, so a message reads as the server would print it.
 */

import { NEWER_DELTAS } from './go-isprint.generated.js';

/**
 * `strconv.IsPrint` of a code point other than ASCII: letters, marks, numbers, punctuation and
 * symbols, as the runtime's Unicode knows them. Go's tables for Unicode 15.0.0 are these
 * categories exactly, but the runtime's Unicode is newer: see {@link isPrint}.
 */
const PRINTABLE = /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u;

/**
 * Whether the Go of Kubernetes 1.32-1.35 (Go 1.23-1.25, Unicode 15.0.0) prints `ch` (code point
 * `cp`, not ASCII) as is: the runtime's Unicode prints it and it lies in none of the ranges of
 * {@link NEWER_DELTAS} (an even number of their bounds are <= it), gaps in Go's tables where the
 * runtime's newer Unicode has assigned printable characters (U+A7CE, Unicode 16). The bounds are
 * decoded on each call: only a non-ASCII printable character gets here.
 */
function isPrint(ch: string, cp: number): boolean {
  let at = 0;
  return PRINTABLE.test(ch) && !(NEWER_DELTAS.split(',').filter((d) => (at += parseInt(d, 36)) <= cp).length & 1);
}

/** Go's short escapes: the character at an index of the first string is `\` and the one at that index of the second. */
const SHORT = '\x07\b\f\n\r\t\v"\\';
const SHORT_NAMES = 'abfnrtv"\\';

/** Go's quoting of one code point other than plain ASCII (an unpaired surrogate stands alone). */
function quoteRune(ch: string): string {
  const short = SHORT.indexOf(ch);
  if (short >= 0) return `\\${SHORT_NAMES[short]}`;
  const cp = ch.codePointAt(0)!;
  if (cp >= 0xd800 && cp <= 0xdfff) return '\ufffd'; // an unpaired surrogate, decoded by Go as U+FFFD
  if (cp >= 0x80 && isPrint(ch, cp)) return ch;
  const width = cp < 0x80 ? 2 : cp < 0x10000 ? 4 : 8;
  return `\\${width > 4 ? 'U' : width > 2 ? 'u' : 'x'}${cp.toString(16).padStart(width, '0')}`;
}

/**
 * Quotes a string as Go's `fmt.Sprintf("%q", s)` does: `"` and `\` escaped, `\a \b \f \n \r \t \v`,
 * other C0 controls and DEL as `\xNN`, non-printable code points as `\uNNNN` or `\UNNNNNNNN`,
 * everything printable (including non-ASCII letters and digits) as is, by the Unicode 15.0.0 tables
 * of the Go that builds Kubernetes 1.32-1.35 (not the runtime's Unicode). Internal (not exported by
 * the package): `goQuote('a\u00a0b\u0000')` is `'"a\\u00a0b\\x00"'`.
 */
export const goQuote = (s: string): string => `"${s.replace(/[^ !#-[\]-~]/gu, quoteRune)}"`;
