/**
 * JSON text written the way Go's `encoding/json` writes it, so bytes compare equal to what the Go
 * controller and `kubectl` produce. `JSON.stringify` cannot do this on its own: JavaScript objects
 * list integer-like keys (`"9"`, `"10"`) first and in numeric order, while Go writes map keys
 * sorted as strings (`"10"` before `"9"`) and struct fields in declaration order.
 */
import { NETWORK_POLICY_KIND, NETWORK_POLICY_SPEC_KIND, byteOrder, type Kind } from './canonical.js';
import { SandboxPolicyError } from './errors.js';
import { isObject } from './json.js';
import { describeValue, snapshot, snapshotOptions } from './snapshot.js';

/** Options of {@link stringifyGo}. */
export interface GoJsonOptions {
  /**
   * Spaces per indentation level (0 to 10), as `json.MarshalIndent(v, "", "  ")` writes them.
   * Default `0`: compact, as `json.Marshal`.
   */
  readonly indent?: number;
  /**
   * The Go type of the value. `'auto'` (default): a NetworkPolicy when `kind` is
   * `"NetworkPolicy"`, else unstructured data (`map[string]interface{}`, every object's keys
   * sorted, as Go writes an `unstructured.Unstructured` object or a pod spec read as a map).
   * `'NetworkPolicySpec'` for a bare spec (fields in the Go struct's order).
   */
  readonly shape?: 'auto' | 'NetworkPolicy' | 'NetworkPolicySpec' | 'unstructured';
}

const HEX = '0123456789abcdef';

/** A string literal as Go writes it: HTML-safe `<`, `>`, `&`, U+2028/2029 escaped, lone surrogates as U+FFFD. */
function quote(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029) {
      out += `\\u${HEX[c >> 12]}${HEX[(c >> 8) & 15]}${HEX[(c >> 4) & 15]}${HEX[c & 15]}`;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      out += text[i]! + text[i + 1]!;
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) out += '\\ufffd';
    else out += text[i]!;
  }
  return `${out}"`;
}

/** Object keys in the order Go writes them for `kind`: struct fields first in order, the rest sorted. */
function keysFor(value: Record<string, unknown>, kind: Kind | undefined): Array<[string, Kind | undefined]> {
  const own = Object.keys(value);
  if (kind?.t !== 'struct') return own.sort(byteOrder).map((k) => [k, undefined]);
  const known = new Map(kind.fields);
  const ordered: Array<[string, Kind | undefined]> = kind.fields.filter(([name]) => own.includes(name)).map(([name, k]) => [name, k]);
  for (const k of own.filter((k) => !known.has(k)).sort(byteOrder)) ordered.push([k, undefined]);
  return ordered;
}

function write(value: unknown, kind: Kind | undefined, indent: string, depth: number): string {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : JSON.stringify(value);
  if (typeof value === 'boolean' || value === null) return String(value);
  const pad = indent ? `\n${indent.repeat(depth + 1)}` : '';
  const end = indent ? `\n${indent.repeat(depth)}` : '';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const of = kind?.t === 'list' ? kind.of : undefined;
    return `[${value.map((v) => pad + write(v, of, indent, depth + 1)).join(',')}${end}]`;
  }
  const obj = value as Record<string, unknown>;
  const keys = keysFor(obj, kind);
  if (keys.length === 0) return '{}';
  const sep = indent ? ': ' : ':';
  return `{${keys.map(([k, kk]) => pad + quote(k) + sep + write(obj[k], kk, indent, depth + 1)).join(',')}${end}}`;
}

/**
 * Writes `value` as JSON text in Go's `encoding/json` byte order and escaping: struct fields of a
 * NetworkPolicy in the Go type's declaration order, every map's keys sorted as strings (so label
 * keys `"10"` and `"9"` come out as Go writes them, unlike `JSON.stringify`), `<`, `>`, `&`,
 * U+2028 and U+2029 escaped as `\u003c` and so on. Values are written as they are (no field is
 * added or dropped); pass output of {@link networkPolicyFor} for the controller's exact bytes.
 *
 * @param value - plain JSON data (a NetworkPolicy, its spec, labels, a pod spec, ...).
 * @param options - indentation and the value's Go type; see {@link GoJsonOptions}.
 * @returns the JSON text, without a trailing newline.
 * @throws {@link SandboxPolicyError} when `value` is not plain JSON data (BigInt, cycles, a getter
 *   that throws, `undefined` at the root, ...) or the options are invalid.
 * @example
 * ```ts
 * stringifyGo({ '9': 'a', '10': 'b' });  // '{"10":"b","9":"a"}'  (JSON.stringify gives '{"9":"a","10":"b"}')
 * stringifyGo(networkPolicyFor(template), { indent: 2 }); // kind, apiVersion, metadata, spec: as Go
 * ```
 */
export function stringifyGo(value: unknown, options?: GoJsonOptions): string {
  const opts = snapshotOptions(options, ['indent', 'shape']);
  const indent = opts.indent ?? 0;
  if (typeof indent !== 'number' || !Number.isInteger(indent) || indent < 0 || indent > 10) {
    throw new SandboxPolicyError([{ path: 'options.indent', message: `must be an integer from 0 to 10, got ${describeValue(indent)}` }]);
  }
  const shape = opts.shape ?? 'auto';
  if (shape !== 'auto' && shape !== 'NetworkPolicy' && shape !== 'NetworkPolicySpec' && shape !== 'unstructured') {
    throw new SandboxPolicyError([
      { path: 'options.shape', message: `must be one of "auto", "NetworkPolicy", "NetworkPolicySpec", "unstructured", got ${describeValue(shape)}` },
    ]);
  }
  const data = snapshot(value, '');
  if (data === undefined) throw new SandboxPolicyError([{ path: '', message: 'is undefined: there is nothing to write' }]);
  const kind =
    shape === 'NetworkPolicy' || (shape === 'auto' && isObject(data) && data.kind === 'NetworkPolicy')
      ? NETWORK_POLICY_KIND
      : shape === 'NetworkPolicySpec'
        ? NETWORK_POLICY_SPEC_KIND
        : undefined;
  return write(data, kind, ' '.repeat(indent), 0);
}
