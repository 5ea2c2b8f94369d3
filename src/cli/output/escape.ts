/**
 * Text from input made safe for a terminal: C0/C1 control characters (ESC of colour and OSC 8
 * link sequences, CR/LF that would start a fake line, DEL) and bidi overrides are shown as
 * escapes, so a crafted name prints as itself and nothing else.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `s` with every control and bidi-control character written as `\xNN` / `\uNNNN`. */
export function escapeTerminal(s: string): string {
  return s.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
