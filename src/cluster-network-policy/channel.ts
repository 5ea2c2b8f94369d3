/** Which release channel of the ClusterNetworkPolicy CRD a set of objects needs. */
import { isObject, listOf } from '../json.js';
import { snapshot } from '../snapshot.js';
import type { CrdChannel } from './types.js';

/** Egress peer fields that exist only in the experimental-channel CRD. */
const EXPERIMENTAL_PEER_FIELDS = /* @__PURE__ */ Object.freeze(['nodes', 'domainNames'] as const);

/**
 * The CRD channel that must be installed for the API server to accept these ClusterNetworkPolicies:
 * `'experimental'` when any egress peer uses `nodes` or `domainNames` (the standard-channel CRD
 * does not declare them), else `'standard'` (which the experimental CRD also accepts).
 *
 * @param policies - one ClusterNetworkPolicy or a list of them (any value; nothing is modified).
 * @returns `'standard'` or `'experimental'`.
 * @throws {@link SandboxPolicyError} only when the value is not JSON data (a cycle, a BigInt, a
 *   getter that throws, nesting deeper than {@link MAX_NESTING_DEPTH}).
 * @example
 * ```ts
 * requiredCrdChannel(clusterGuardrailFor());                               // 'standard'
 * requiredCrdChannel(clusterGuardrailFor({ allowDomains: ['pypi.org'] })); // 'experimental'
 * ```
 */
export function requiredCrdChannel(policies: unknown): CrdChannel {
  const value = snapshot(policies);
  for (const policy of Array.isArray(value) ? value : [value]) {
    if (!isObject(policy) || !isObject(policy.spec)) continue;
    for (const rule of listOf(policy.spec.egress)) {
      if (!isObject(rule)) continue;
      for (const peer of listOf(rule.to)) {
        if (isObject(peer) && EXPERIMENTAL_PEER_FIELDS.some((f) => peer[f] !== undefined && peer[f] !== null)) return 'experimental';
      }
    }
  }
  return 'standard';
}
