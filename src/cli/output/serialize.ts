/** YAML streams and JSON documents, as kubectl prints them. */
import { stringify } from 'yaml';
import { stringifyGo } from '../../index.js';

/** Objects as a YAML stream (`---` between documents), ready for `kubectl apply -f -`. */
export function yamlStream(values: readonly unknown[]): string {
  return values.map((v) => stringify(v, { lineWidth: 0 })).join('---\n');
}

/** Objects as one JSON document: a `kind: List`, as `kubectl get -o json` prints several objects. */
export function jsonList(values: readonly unknown[]): string {
  return json({ apiVersion: 'v1', kind: 'List', items: values });
}

/** One JSON document, two-space indented, newline-terminated. */
export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * Objects as one JSON `kind: List` whose items are written byte for byte as Go's encoding/json
 * writes them (`stringifyGo`): a NetworkPolicy's fields in the Go struct's order, map keys sorted
 * as strings (label keys "10" before "9"), `<`, `>`, `&` escaped. `JSON.stringify` differs for
 * integer-like keys, so render -o json never uses it for objects the controller also writes.
 */
export function goJsonList(values: readonly unknown[], extra?: Readonly<Record<string, readonly unknown[]>>): string {
  const list = (xs: readonly unknown[]) => (xs.length === 0 ? '[]' : `[\n${xs.map((v) => `    ${stringifyGo(v, { indent: 2 }).replace(/\n/g, '\n    ')}`).join(',\n')}\n  ]`);
  // Extra top-level lists (render's kind-less details) sit beside items, where kubectl ignores them.
  const extras = Object.entries(extra ?? {}).map(([k, xs]) => `,\n  ${JSON.stringify(k)}: ${list(xs)}`);
  return `{\n  "apiVersion": "v1",\n  "kind": "List",\n  "items": ${list(values)}${extras.join('')}\n}\n`;
}
