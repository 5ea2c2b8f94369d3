/**
 * One reconcile step of a TypeScript controller that owns sandbox NetworkPolicies, written the
 * way the Go controller's SandboxTemplateReconciler is:
 *
 *   1. Unmanaged: delete the policy if (and only if) this template controls it.
 *   2. Managed: create the policy when missing; refuse one this template does not control;
 *      update only when the spec drifted (networkPolicyNeedsUpdate), so reconciles do not write.
 *
 * Typed against @kubernetes/client-node 1.x's KubernetesObjectApi; `import type` only, so nothing
 * of the client loads unless the caller passes a real one. Policies go to that client through
 * toClientNodeObject (its model calls the ingress `from` field `_from`); what it reads back
 * (`_from`) is understood by networkPolicyNeedsUpdate as is.
 */
import type { KubernetesObjectApi, V1NetworkPolicy } from '@kubernetes/client-node';
import { networkPolicyFor, networkPolicyNeedsUpdate, parseSandboxTemplate, toClientNodeObject, type NetworkPolicy, type PolicyOptions } from 'agent-sandbox-policy';

/** The part of KubernetesObjectApi a reconcile needs. */
export type PolicyClient = Pick<KubernetesObjectApi, 'read' | 'create' | 'replace' | 'delete'>;

export type ReconcileResult =
  | { action: 'created' | 'updated' | 'unchanged' | 'deleted' | 'absent'; name: string }
  | { action: 'refused'; name: string; reason: string };

const isNotFound = (err: unknown) => (err as { code?: number })?.code === 404;

async function readPolicy(client: PolicyClient, name: string, namespace: string): Promise<V1NetworkPolicy | null> {
  try {
    return await client.read<V1NetworkPolicy>({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace } });
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

function controlledBy(policy: V1NetworkPolicy, uid: string): boolean {
  return (policy.metadata?.ownerReferences ?? []).some((ref) => ref.controller === true && ref.uid === uid);
}

/** Reconciles the NetworkPolicy of one SandboxTemplate (as read from the API server: it has a uid). */
export async function reconcileTemplate(client: PolicyClient, rawTemplate: unknown, options?: PolicyOptions): Promise<ReconcileResult> {
  const template = parseSandboxTemplate(rawTemplate);
  const namespace = template.metadata.namespace ?? 'default';
  const uid = template.metadata.uid ?? '';
  const name = `${template.metadata.name}-network-policy`;
  const desired = networkPolicyFor(template, options);
  const existing = await readPolicy(client, name, namespace);

  if (desired === null) {
    if (existing === null) return { action: 'absent', name };
    if (!controlledBy(existing, uid)) return { action: 'refused', name, reason: 'exists but is not controlled by this template: left alone' };
    await client.delete(existing);
    return { action: 'deleted', name };
  }
  if (existing === null) {
    // client-node's typed serializer names the ingress `from` field `_from` and drops `from`:
    // always convert, or the router-only ingress rule would go out as `{}` (allow all).
    await client.create(toClientNodeObject({ ...desired, metadata: { ...desired.metadata, namespace } }));
    return { action: 'created', name };
  }
  if (!controlledBy(existing, uid)) {
    return { action: 'refused', name, reason: `refusing to update NetworkPolicy "${name}" as it is not controlled by SandboxTemplate "${template.metadata.name}"` };
  }
  if (!networkPolicyNeedsUpdate(existing, desired)) return { action: 'unchanged', name };
  // Only .spec is reconciled, like upstream; metadata (labels, owner references) is kept.
  await client.replace(toClientNodeObject({ ...(existing as NetworkPolicy), spec: desired.spec }));
  return { action: 'updated', name };
}
