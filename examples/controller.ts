/**
 * One reconcile step of a TypeScript controller that owns sandbox NetworkPolicies. The decision
 * is planNetworkPolicy's (the Go controller's, as a pure function); this file is only the I/O
 * around it: read the policy, write what the plan says.
 *
 * Typed against @kubernetes/client-node 1.x's KubernetesObjectApi; `import type` only, so nothing
 * of the client loads unless the caller passes a real one. That client's models name the ingress
 * `from` field `_from`: what it reads goes through fromClientNodeObject, what it writes through
 * toClientNodeObject (without it, the router-only ingress rule would go out as `{}`: allow all).
 */
import type { KubernetesObjectApi, V1NetworkPolicy } from '@kubernetes/client-node';
import { parseSandboxTemplate, planNetworkPolicy, type PolicyOptions } from 'agent-sandbox-policy';
import { fromClientNodeObject, toClientNodeObject } from 'agent-sandbox-policy/client-node';

/** The part of KubernetesObjectApi a reconcile needs. */
export type PolicyClient = Pick<KubernetesObjectApi, 'read' | 'create' | 'replace' | 'delete' | 'patch'>;

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

/** Reconciles the NetworkPolicy of one SandboxTemplate (as read from the API server: it has a uid). */
export async function reconcileTemplate(client: PolicyClient, rawTemplate: unknown, options?: PolicyOptions): Promise<ReconcileResult> {
  const template = parseSandboxTemplate(rawTemplate);
  const namespace = template.metadata.namespace ?? 'default';
  const name = `${template.metadata.name}-network-policy`;
  const read = await readPolicy(client, name, namespace);
  const plan = planNetworkPolicy(template, read === null ? null : fromClientNodeObject(read), options);

  if (plan.templateLabelPatch) {
    const target = { apiVersion: template.apiVersion, kind: template.kind, metadata: { name: template.metadata.name, namespace } };
    await client.patch({ ...target, ...plan.templateLabelPatch, metadata: { ...target.metadata, ...plan.templateLabelPatch.metadata } }, undefined, undefined, undefined, undefined, 'application/merge-patch+json');
  }
  switch (plan.action) {
    case 'create':
      await client.create(toClientNodeObject({ ...plan.policy, metadata: { ...plan.policy.metadata, namespace } }));
      return { action: 'created', name };
    case 'update':
      await client.replace(toClientNodeObject(plan.policy));
      return { action: 'updated', name };
    case 'delete':
      await client.delete(toClientNodeObject(plan.policy));
      return { action: 'deleted', name };
    case 'conflict':
      return { action: 'refused', name, reason: plan.reason };
    case 'none':
      if (read === null) return { action: 'absent', name };
      return template.spec.networkPolicyManagement === 'Unmanaged'
        ? { action: 'refused', name, reason: plan.reason }
        : { action: 'unchanged', name };
  }
}
