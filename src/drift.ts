import { canonicalSpec } from './canonical.js';
import type { NetworkPolicy, NetworkPolicySpec } from './wire-types.js';
import { SandboxPolicyError } from './errors.js';
import { isObject } from './json.js';
import { looksLikePolicy, readPolicy } from './policy-input.js';
import { describeValue } from './snapshot.js';
import { throwIfInvalid } from './validation/network-policy.js';

/**
 * A NetworkPolicy or its spec, in the wire format or `@kubernetes/client-node`'s in-memory shape
 * (`V1NetworkPolicy`, ingress `_from`): any object is accepted and read as such a policy.
 */
export type NetworkPolicyLike = NetworkPolicy | NetworkPolicySpec | object;

/** Reads one side: a plain-data snapshot of its spec, in the wire format. */
function specOf(value: unknown, path: string): unknown {
  const { data, issues } = readPolicy(value, path);
  if (!isObject(data)) throw new SandboxPolicyError([{ path, message: `must be a NetworkPolicy or its spec, got ${describeValue(data)}` }]);
  throwIfInvalid(issues, path);
  const spec = looksLikePolicy(data) ? (data.spec ?? {}) : data;
  if (!isObject(spec)) throw new SandboxPolicyError([{ path: `${path}.spec`, message: `must be an object, got ${describeValue(spec)}` }]);
  return spec;
}

/** The fields the API server defaults on a NetworkPolicy (networking/v1 `SetDefaults_*`). */
function withServerDefaults(spec: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...spec };
  for (const [direction, peers] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const) {
    const rules = out[direction];
    if (!Array.isArray(rules)) continue;
    out[direction] = rules.map((rule: unknown) => {
      if (!isObject(rule) || !Array.isArray(rule.ports)) return rule;
      const ports = rule.ports.map((p: unknown) => (isObject(p) && (p.protocol === undefined || p.protocol === null) ? { ...p, protocol: 'TCP' } : p));
      return { ...rule, ports, [peers]: rule[peers] };
    });
  }
  if (!Array.isArray(out.policyTypes) || out.policyTypes.length === 0) {
    const egress = out.egress;
    out.policyTypes = Array.isArray(egress) && egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  }
  return canonicalSpec(out);
}

/**
 * The controller's drift check: `true` when the existing policy's spec differs from the desired
 * one and an Update is due. Like apimachinery's `equality.Semantic.DeepEqual`, a missing list or
 * map equals an empty one, and key order never matters. Unlike the Go controller, values the API
 * server fills in by default (`ports[].protocol: TCP`, `policyTypes` when omitted) are applied to
 * both sides first, so a policy read back from the server is not seen as drifted and a controller
 * built on this does not write on every reconcile. Only `spec` is compared (upstream reconciles
 * nothing else). Either side may be in the wire format or in `@kubernetes/client-node`'s
 * in-memory shape (ingress `_from`, as `KubernetesObjectApi.read` returns it).
 *
 * @param existing - the policy (or its spec) as read from the cluster; `null`/`undefined` when it
 *   does not exist (then the answer is `true`: create it).
 * @param desired - the policy (or spec) from {@link networkPolicyFor}; `null` (Unmanaged) gives
 *   `false`: nothing to update (an Unmanaged controller deletes its policy instead).
 * @returns whether an Update (or Create) is needed.
 * @throws {@link SandboxPolicyError} when either side is not a NetworkPolicy object or spec, is not
 *   plain data, or has an ingress rule with both `from` and `_from`.
 * @example
 * ```ts
 * const desired = networkPolicyFor(template)!;
 * const readBack = { ...desired, metadata: { ...desired.metadata, resourceVersion: '42' } };
 * networkPolicyNeedsUpdate(readBack, desired); // false
 * networkPolicyNeedsUpdate({ ...readBack, spec: { podSelector: {} } }, desired); // true
 * networkPolicyNeedsUpdate(null, desired); // true
 * ```
 */
export function networkPolicyNeedsUpdate(existing: NetworkPolicyLike | null | undefined, desired: NetworkPolicyLike | null | undefined): boolean {
  if (desired === null || desired === undefined) return false;
  if (existing === null || existing === undefined) return true;
  return specsDiffer(specOf(existing, 'existing'), specOf(desired, 'desired'));
}

/**
 * The comparison of {@link networkPolicyNeedsUpdate} on two specs already read (plain data in
 * the wire format, e.g. from `wireCopy`): server defaults applied to both, canonical form, bytes
 * compared. Internal.
 */
export function specsDiffer(existing: unknown, desired: unknown): boolean {
  const a = withServerDefaults(canonicalSpec(existing));
  const b = withServerDefaults(canonicalSpec(desired));
  return JSON.stringify(a) !== JSON.stringify(b);
}
