/**
 * The `agent-sandbox-policy/client-node` entry: conversions between this library's wire-format
 * NetworkPolicy and the in-memory models of `@kubernetes/client-node` 1.x. Only this entry's
 * types refer to that package (type-only: nothing of it is loaded at run time).
 *
 * @packageDocumentation
 * @module agent-sandbox-policy/client-node
 */
import type { V1NetworkPolicy } from '@kubernetes/client-node';
import type { NetworkPolicy } from './wire-types.js';
import { clientNodeCopy, wireCopy } from './wire-form.js';

/**
 * Converts a NetworkPolicy from this library (wire format) to the in-memory shape of
 * `@kubernetes/client-node` 1.x, whose model names the ingress `from` field `_from`.
 *
 * Pass policies through this before `KubernetesObjectApi.create`/`replace` (or any typed client
 * call): that client serializes through its model map and silently DROPS a field named `from`,
 * which turns `ingress: [{from: [router]}]` into `ingress: [{}]`: allow all ingress.
 * `JSON.stringify` of the result is no longer the wire format; don't send it raw.
 *
 * @param policy - a NetworkPolicy (or its spec) in the wire format, e.g. from `networkPolicyFor`
 *   or a plan of `planNetworkPolicy`. It is never modified.
 * @returns a fresh plain-data object typed as `V1NetworkPolicy` (`Date` values are copied).
 * @throws {@link agent-sandbox-policy!SandboxPolicyError} when `policy` is not an object, a rule has both `from` and
 *   `_from`, or the value is not plain data (a cycle, a `__proto__` key, a BigInt, a getter that
 *   throws, nesting deeper than `MAX_NESTING_DEPTH` (128) levels).
 * @example
 * ```ts
 * import { networkPolicyFor } from 'agent-sandbox-policy';
 * import { toClientNodeObject } from 'agent-sandbox-policy/client-node';
 *
 * const body = toClientNodeObject(networkPolicyFor(doc)!);
 * body.spec?.ingress?.[0]?._from?.[0]?.namespaceSelector?.matchLabels; // { 'kubernetes.io/metadata.name': 'agent-sandbox-system' }
 * // then: await objectApi.create(body);
 * ```
 */
export function toClientNodeObject(policy: NetworkPolicy): V1NetworkPolicy {
  return clientNodeCopy(policy) as V1NetworkPolicy;
}

/**
 * Converts a NetworkPolicy as `@kubernetes/client-node` 1.x returns it (ingress `_from`,
 * timestamps as `Date`) to this library's wire format (`from`, RFC 3339 strings), e.g. to hand
 * what `KubernetesObjectApi.read` returned to `planNetworkPolicy`.
 *
 * @param policy - a `V1NetworkPolicy` (a client model instance or plain data). Never modified.
 * @returns a fresh plain-data NetworkPolicy in the wire format. Its fields are copied as they
 *   are, not validated (use `validateNetworkPolicy` for that).
 * @throws {@link agent-sandbox-policy!SandboxPolicyError} when `policy` is not an object, a rule has both `from` and
 *   `_from`, a `Date` is invalid, or the value is not plain data (see {@link toClientNodeObject}).
 * @example
 * ```ts
 * import { networkPolicyFor } from 'agent-sandbox-policy';
 * import { fromClientNodeObject, toClientNodeObject } from 'agent-sandbox-policy/client-node';
 *
 * const read = toClientNodeObject(networkPolicyFor(doc)!); // as the client would return it
 * fromClientNodeObject(read).spec.ingress?.[0]?.from?.length; // 1
 * ```
 */
export function fromClientNodeObject(policy: V1NetworkPolicy): NetworkPolicy {
  return wireCopy(policy) as unknown as NetworkPolicy;
}
