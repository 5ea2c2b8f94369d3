import type {
  V1NetworkPolicy,
  V1NetworkPolicyIngressRule,
  V1NetworkPolicyPeer,
  V1NetworkPolicySpec,
} from '@kubernetes/client-node';
import { isObject, type JsonObject } from './json.js';

/**
 * An ingress rule in the API's wire format (`from`). `@kubernetes/client-node` 1.x names this
 * field `_from` in memory (its serializer renames it), so its type is adjusted here.
 */
export type NetworkPolicyIngressRule = Omit<V1NetworkPolicyIngressRule, '_from'> & {
  /** Allowed sources; none means every source. */
  from?: V1NetworkPolicyPeer[];
};

/** A NetworkPolicy spec in the API's wire format: what `JSON.stringify` sends to the API server. */
export type NetworkPolicySpec = Omit<V1NetworkPolicySpec, 'ingress'> & {
  /** Ingress rules, with the wire name `from`. */
  ingress?: NetworkPolicyIngressRule[];
};

/** A NetworkPolicy in the API's wire format (`kind`, `apiVersion`, `metadata`, `spec`). */
export type NetworkPolicy = Omit<V1NetworkPolicy, 'spec'> & {
  /** The spec, in the wire format. */
  spec?: NetworkPolicySpec;
};

function renameIngressField(value: unknown, from: 'from' | '_from', to: 'from' | '_from'): unknown {
  if (!isObject(value)) return value;
  const isPolicy = 'spec' in value || 'metadata' in value || 'kind' in value;
  const spec = isPolicy ? value.spec : value;
  if (!isObject(spec) || !Array.isArray(spec.ingress) || !spec.ingress.some((r) => isObject(r) && from in r)) return value;
  const ingress = spec.ingress.map((rule) => {
    if (!isObject(rule) || !(from in rule) || to in rule) return rule;
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(rule)) out[k === from ? to : k] = v;
    return out;
  });
  const newSpec = { ...spec, ingress };
  return isPolicy ? { ...value, spec: newSpec } : newSpec;
}

/**
 * Reads a NetworkPolicy (or spec) in either shape: the wire format (`from`), or
 * `@kubernetes/client-node`'s in-memory model (`_from`, as `KubernetesObjectApi.read` returns it).
 * Returns the wire format; the argument is not modified. Internal.
 */
export function wireForm<T>(value: T): T {
  return renameIngressField(value, '_from', 'from') as T;
}

/**
 * Converts a policy from this library (wire format) to the in-memory shape of
 * `@kubernetes/client-node` 1.x, whose model names the ingress `from` field `_from`.
 *
 * Pass policies through this before `KubernetesObjectApi.create`/`replace` (or any typed client
 * call): that client serializes through its model map and silently DROPS a field named `from`,
 * which turns `ingress: [{from: [router]}]` into `ingress: [{}]` — allow all ingress.
 * `JSON.stringify` of the result is no longer the wire format; don't send it raw.
 *
 * @returns a fresh object typed as `V1NetworkPolicy` (plain data is copied; non-plain values such
 *   as a client's `Date` objects are kept by reference). Never throws.
 * @example
 * ```ts
 * await objectApi.create(toClientNodeObject(networkPolicyFor(template)!));
 * ```
 */
export function toClientNodeObject(policy: NetworkPolicy): V1NetworkPolicy {
  return renameIngressField(copyData(policy), 'from', '_from') as V1NetworkPolicy;
}

/** Copies plain objects and arrays; anything else (a client's `Date`, say) is kept as it is. */
function copyData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyData);
  if (!isObject(value)) return value;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) out[k] = copyData(v);
  return out;
}
