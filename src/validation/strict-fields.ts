/**
 * Unknown fields, as the API server's strict field validation (kubectl's default) refuses them:
 * `strict decoding error: unknown field "spec.networkpolicy"`, one error per unknown field with
 * its full path, plus a did-you-mean naming the field that was probably meant. An unknown key in
 * a security object is far more likely a typo than a field, and a typo must not silently change
 * a policy (`spec.networkpolicy: {}`, meant as deny-all, is otherwise dropped and the open
 * default applies). Internal.
 */
import { isObject } from '../json.js';
import { goQuote } from './go-quote.js';
import { child, type ValidationIssue } from './field.js';

/**
 * The fields an object may have, by JSON name. A field's value is the tree of its own value, or
 * `0` when that value is not checked further (a scalar, a map with free keys, a free-form or
 * preserve-unknown-fields object). A list field uses the tree of its items: lists are walked
 * item by item with the same tree.
 */
export interface FieldTree {
  readonly [field: string]: FieldTree | 0;
}

/** Suggests the known field an unknown name was probably meant as (undefined when none is close). */
export type Suggest = (name: string, known: readonly string[]) => string | undefined;

/**
 * The known field equal to `name` ignoring case (`networkpolicy` -> `networkPolicy`): the cheap
 * suggestion of the controller path. {@link didYouMean} (strict-entry.ts) adds edit distance.
 * Internal.
 */
export const sameIgnoringCase: Suggest = (name, known) => known.find((k) => k.toLowerCase() === name.toLowerCase());

function walk(value: unknown, tree: FieldTree, path: string, issues: ValidationIssue[], suggest: Suggest): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, tree, `${path}[${i}]`, issues, suggest));
    return;
  }
  if (!isObject(value)) return; // a wrong type is the type checks' to report
  for (const k of Object.keys(value)) {
    // An own field of the tree only: `__proto__` or `constructor` are unknown fields, not Object's.
    const inner = Object.hasOwn(tree, k) ? tree[k] : undefined;
    if (inner === undefined) {
      // The API server's strict decoding wording, the path quoted as Go's `%q`.
      const meant = suggest(k, Object.keys(tree));
      const p = child(path, k);
      const hint = meant === undefined ? '' : `; did you mean ${goQuote(child(path, meant))}?`;
      issues.push({ path: p, type: 'FieldValueForbidden', message: `unknown field ${goQuote(p)}${hint}`, severity: 'error', reason: 'unknown-field' });
    }
    else if (inner !== 0) walk(value[k], inner, child(path, k), issues, suggest);
  }
}

/**
 * Every unknown field of `value` (parsed JSON or YAML; lists are walked item by item) against
 * `tree`, with paths under `path`, in document order: what the API server's strict field
 * validation refuses. Values of the wrong type are not reported here (they are the type checks'
 * to report). Internal (for the readers of each kind: SandboxTemplate, NetworkPolicy, Pod,
 * Namespace, and the Sandbox, SandboxClaim, SandboxWarmPool and Node readers).
 *
 * @param value - plain data (read through a snapshot first: getters and proxies are not read here).
 * @param tree - the kind's field tree, e.g. `POD_FIELDS` or `NAMESPACE_FIELDS` (pod-fields.generated.ts).
 * @param path - the path of `value` itself (`''` for a whole object, `spec.podTemplate` for a part).
 * @param suggest - how a did-you-mean is found: by default the field equal ignoring case; pass
 *   `didYouMean` (strict-entry.ts) to add the nearest by edit distance.
 * @returns one `FieldValueForbidden` issue with reason `unknown-field` per unknown field.
 * For example:
 *   unknownFieldIssues({ spec: { networkpolicy: {} } }, { spec: { networkPolicy: 0 } }, '');
 * // [{ path: 'spec.networkpolicy', type: 'FieldValueForbidden', severity: 'error', reason: 'unknown-field',
 * //    message: 'unknown field "spec.networkpolicy"; did you mean "spec.networkPolicy"?' }]
 */
export function unknownFieldIssues(value: unknown, tree: FieldTree, path: string, suggest: Suggest = sameIgnoringCase): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  walk(value, tree, path, issues, suggest);
  return issues;
}
