/**
 * NetworkPolicies arrive in two shapes: the API's wire format (ingress `from`) and
 * `@kubernetes/client-node` 1.x's in-memory model, which names that field `_from`. These helpers
 * move between them. Internal: users convert with the `agent-sandbox-policy/client-node` entry.
 */
import { SandboxPolicyError } from './errors.js';
import { isObject, type JsonObject } from './json.js';
import { snapshot } from './snapshot.js';

/** What to do with `Date` values (client-node models carry timestamps as `Date`). */
type DateHandling = 'keep' | 'rfc3339';

type IngressField = 'from' | '_from';

/** A whole object (rather than a bare spec) when it has any of the object fields. */
const isWholeObject = (value: JsonObject): boolean => 'spec' in value || 'metadata' in value || 'kind' in value || 'apiVersion' in value;

function renameIngressField(value: unknown, from: IngressField, to: IngressField): unknown {
  if (!isObject(value)) return value;
  const isPolicy = isWholeObject(value);
  const spec = isPolicy ? value.spec : value;
  if (!isObject(spec) || !Array.isArray(spec.ingress) || !spec.ingress.some((r) => isObject(r) && from in r)) return value;
  const ingress = spec.ingress.map((rule) => {
    if (!isObject(rule) || !(from in rule) || to in rule) return rule;
    // Defined, not assigned: an own `__proto__` key must stay a key, never become the prototype.
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(rule)) {
      Object.defineProperty(out, k === from ? to : k, { value: v, enumerable: true, writable: true, configurable: true });
    }
    return out;
  });
  const newSpec = { ...spec, ingress };
  return isPolicy ? { ...value, spec: newSpec } : newSpec;
}

/**
 * A plain-data copy of a NetworkPolicy (or spec) in the wire format (`from`, RFC 3339 times),
 * taken in one pass (snapshot.ts; an own `__proto__` key is refused, never a Kubernetes field). A rule that carries both `from` and `_from` is refused:
 * the two shapes would read it differently (client-node sends `_from`, everything else `from`).
 *
 * @throws {@link SandboxPolicyError} for anything the snapshot refuses, a value that is not
 *   an object, or a rule with both fields.
 */
export function wireCopy(value: unknown): JsonObject {
  return renameIngressField(checkedCopy(value, 'rfc3339'), '_from', 'from') as JsonObject;
}

/** Like {@link wireCopy}, in client-node's shape instead: `_from`, timestamps as `Date`. */
export function clientNodeCopy(value: unknown): JsonObject {
  const copied = checkedCopy(value, 'keep');
  const renamed = renameIngressField(copied, 'from', '_from') as JsonObject;
  if (isWholeObject(renamed) && isObject(renamed.metadata)) timestampsAsDates(renamed.metadata);
  return renamed;
}

function checkedCopy(value: unknown, dates: DateHandling): JsonObject {
  const copied = snapshot(value, '', { dates, protoKey: 'refuse' });
  if (!isObject(copied)) {
    throw new SandboxPolicyError([{ path: '', message: 'must be a NetworkPolicy (or its spec) as an object' }]);
  }
  const isPolicy = isWholeObject(copied);
  const spec = isPolicy ? copied.spec : copied;
  const base = isPolicy ? 'spec.ingress' : 'ingress';
  if (isObject(spec) && Array.isArray(spec.ingress)) {
    const issues = spec.ingress.flatMap((rule, i) =>
      isObject(rule) && 'from' in rule && '_from' in rule
        ? [{ path: `${base}[${i}]`, message: 'has both "from" and "_from": the wire format and client-node would read different peers; keep one' }]
        : [],
    );
    if (issues.length > 0) throw new SandboxPolicyError(issues);
  }
  return copied;
}

/**
 * client-node's models hold `meta/v1.Time` fields as `Date`, and its serializer calls
 * `toISOString()` on them: RFC 3339 strings of the wire format become `Date`s (in place, on our
 * own fresh copy).
 */
function timestampsAsDates(meta: JsonObject): void {
  const toDate = (holder: JsonObject, key: string, path: string): void => {
    const value = holder[key];
    if (typeof value !== 'string') return;
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) throw new SandboxPolicyError([{ path, message: `must be an RFC 3339 time, got ${JSON.stringify(value)}` }]);
    holder[key] = date;
  };
  toDate(meta, 'creationTimestamp', 'metadata.creationTimestamp');
  toDate(meta, 'deletionTimestamp', 'metadata.deletionTimestamp');
  if (Array.isArray(meta.managedFields)) {
    meta.managedFields.forEach((entry, i) => {
      if (isObject(entry)) toDate(entry, 'time', `metadata.managedFields[${i}].time`);
    });
  }
}
