/** YAML streams and JSON documents, as kubectl prints them. */
import { stringify } from 'yaml';

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
