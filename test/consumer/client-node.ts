// A consumer of the `agent-sandbox-policy/client-node` entry, compiled by
// test/consumer-types.test.ts in a project where @kubernetes/client-node 1.x IS installed
// (strict, skipLibCheck false).
import type { KubernetesObjectApi, V1NetworkPolicy } from '@kubernetes/client-node';
import { networkPolicyFor, planNetworkPolicy, type NetworkPolicy } from 'agent-sandbox-policy';
import { fromClientNodeObject, toClientNodeObject } from 'agent-sandbox-policy/client-node';

const doc: Record<string, unknown> = { apiVersion: 'extensions.agents.x-k8s.io/v1beta1', kind: 'SandboxTemplate', metadata: { name: 'sandbox', uid: 'u-1' }, spec: {} };
const policy = networkPolicyFor(doc)!;

// The converted object is client-node's model.
const v1: V1NetworkPolicy = toClientNodeObject(policy);
const peers = v1.spec?.ingress?.[0]?._from;
// @ts-expect-error the wire object is not client-node's model (readonly lists, `from`, string times): convert it
const raw: V1NetworkPolicy = policy;

// And back: what the client reads goes to the planner in the wire format.
const back: NetworkPolicy = fromClientNodeObject(v1);
const plan = planNetworkPolicy(doc, back);
// @ts-expect-error fromClientNodeObject takes client-node's model, not a string
fromClientNodeObject('policy');

export async function create(api: Pick<KubernetesObjectApi, 'create'>): Promise<void> {
  if (plan.action === 'create') await api.create(toClientNodeObject(plan.policy));
  // @ts-expect-error toClientNodeObject takes a whole NetworkPolicy
  toClientNodeObject({ spec: 5 });
}
void [peers, raw];

// client-node's pod spec model is accepted as the pod spec to default.
import type { V1PodSpec } from '@kubernetes/client-node';
import { applySandboxSecureDefaults } from 'agent-sandbox-policy';
declare const v1Pod: V1PodSpec;
export const defaulted: boolean = applySandboxSecureDefaults(doc, v1Pod).automountServiceAccountToken;
