/**
 * How NetworkPolicy-shaped input is read by every function that takes one (validate, audit,
 * explain, evaluate, drift): one plain-data snapshot, then `@kubernetes/client-node`'s in-memory
 * name of the ingress peers (`_from`) renamed to the wire name (`from`). A rule that gives both is
 * ambiguous (the client sends `_from`, everything else reads `from`) and is reported, never
 * guessed. Internal.
 */
import { isObject, type JsonObject } from './json.js';
import { setOwn, snapshot } from './snapshot.js';
import { fieldError, type ValidationIssue } from './validation/field.js';

/** A NetworkPolicy read for checking: the data and the ambiguities found while reading it. */
export interface PolicyInput {
  /** The snapshot, in the wire format (ingress `from`). Any JSON value. */
  readonly data: unknown;
  /** One `FieldValueForbidden` per ingress rule that gave both `from` and `_from` (paths under `spec.`). */
  readonly issues: readonly ValidationIssue[];
}

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** True when an object is a whole NetworkPolicy rather than its spec. */
export function looksLikePolicy(value: JsonObject): boolean {
  return hasOwn(value, 'spec') || hasOwn(value, 'metadata') || hasOwn(value, 'kind');
}

/**
 * Snapshots `value` (a NetworkPolicy, or its spec when `shape` says so or it looks like one) and
 * renames ingress `_from` to `from`.
 *
 * @param path - path of `value` in snapshot errors (`''`, `policies[2]`, `existing`).
 * @throws {@link SandboxPolicyError} when `value` is not plain data (see snapshot.ts).
 */
export function readPolicy(value: unknown, path: string, shape: 'policy' | 'spec' | 'either' = 'either'): PolicyInput {
  return normalizePolicy(snapshot(value, path), shape);
}

/** {@link readPolicy} on a value that is already a snapshot (it is modified in place). */
export function normalizePolicy(data: unknown, shape: 'policy' | 'spec' | 'either' = 'either'): PolicyInput {
  const issues: ValidationIssue[] = [];
  if (!isObject(data)) return { data, issues };
  const isPolicy = shape === 'policy' || (shape === 'either' && looksLikePolicy(data));
  const spec = isPolicy ? data.spec : data;
  if (!isObject(spec) || !Array.isArray(spec.ingress)) return { data, issues };
  spec.ingress = spec.ingress.map((rule: unknown, i: number) => {
    if (!isObject(rule) || !hasOwn(rule, '_from')) return rule;
    const both = hasOwn(rule, 'from');
    if (both) {
      issues.push(
        fieldError.forbidden(
          `spec.ingress[${i}]`,
          'may not specify both `from` and `_from` (`_from` is the Kubernetes JavaScript client\'s in-memory name for `from`; give one of them)',
        ),
      );
    }
    const out: JsonObject = {};
    for (const k of Object.keys(rule)) {
      if (k !== '_from') setOwn(out, k, rule[k]);
      else if (!both) setOwn(out, 'from', rule[k]);
    }
    return out;
  });
  return { data, issues };
}
