// A consumer of the root entry, compiled by test/consumer-types.test.ts in a project where
// @kubernetes/client-node is NOT installed (strict, skipLibCheck false). Every
// `@ts-expect-error` line must be an error: the types are precise, not `any`.
import {
  applySandboxSecureDefaults,
  networkPolicyFor,
  parseSandboxTemplate,
  planNetworkPolicy,
  safeParseSandboxTemplate,
  sandboxPodLabels,
  auditNetworkPolicy,
  FINDING_CODES,
  isSandboxPolicyError,
  type Finding,
  type FindingCode,
  type NetworkPolicy,
  type NetworkPolicySpec,
  type SandboxTemplate,
} from 'agent-sandbox-policy';
// @ts-expect-error the client-node conversions live in the `agent-sandbox-policy/client-node` entry
import { toClientNodeObject } from 'agent-sandbox-policy';
// @ts-expect-error @kubernetes/client-node is not installed in this project
import type { V1NetworkPolicy } from '@kubernetes/client-node';

const doc: unknown = { apiVersion: 'extensions.agents.x-k8s.io/v1beta1', kind: 'SandboxTemplate', metadata: { name: 'sandbox', uid: 'u-1' }, spec: {} };
const template: SandboxTemplate = parseSandboxTemplate(doc);

const policy = networkPolicyFor(template);
// @ts-expect-error null when the template is Unmanaged
policy.spec;
if (policy) {
  const kind: 'NetworkPolicy' = policy.kind;
  const name: string | undefined = policy.metadata.name;
  const spec: NetworkPolicySpec = policy.spec;
  const cidr: string | undefined = spec.egress?.[0]?.to?.[0]?.ipBlock?.cidr;
  const owner: boolean | undefined = policy.metadata.ownerReferences?.[0]?.controller;
  // @ts-expect-error podSelector is a label selector, not a number (it was `any` before)
  const n: number = policy.spec.podSelector;
  // @ts-expect-error results are readonly
  policy.metadata.name = 'other';
  // @ts-expect-error ingress rules use the wire name `from`, not client-node's `_from`
  policy.spec.ingress?.[0]?._from;
  // @ts-expect-error policy types are 'Ingress' | 'Egress'
  const both: 'Both' = policy.spec.policyTypes![0]!;
  // @ts-expect-error ports are numbers or names
  const port: boolean = policy.spec.egress![0]!.ports![0]!.port!;
  void [kind, name, cidr, owner, n, both, port];
}

const pod = applySandboxSecureDefaults(template, { containers: [{ name: 'agent', image: 'python:3.12' }] });
const token: boolean = pod.automountServiceAccountToken;
// @ts-expect-error the token setting is always decided: a boolean
const tokenText: string = pod.automountServiceAccountToken;
// @ts-expect-error dnsPolicy is checked
applySandboxSecureDefaults(template, { dnsPolicy: 5 });
const labels: Record<string, string> = sandboxPodLabels(template);

const plan = planNetworkPolicy(template, null);
if (plan.action === 'create' || plan.action === 'update') {
  const body: NetworkPolicy = plan.policy;
  void body;
}
if (plan.action === 'conflict') {
  // @ts-expect-error a conflict carries no policy
  const body: NetworkPolicy = plan.policy;
  void body;
}
// @ts-expect-error the actions are create, update, delete, none and conflict
const action: typeof plan.action = 'apply';
const patched: string | undefined = plan.templateLabelPatch?.metadata.labels['agents.x-k8s.io/sandbox-template-ref-hash'];

const result = safeParseSandboxTemplate(doc);
if (result.success) {
  const parsed: SandboxTemplate = result.data;
  void parsed;
} else {
  const paths: string[] = result.error.issues.map((i) => i.path);
  void paths;
}
// @ts-expect-error data exists only once success is checked
const unchecked: SandboxTemplate = result.data;

// Finding codes are a closed union, derived from the finding catalogue.
const findings: readonly Finding[] = auditNetworkPolicy(policy).findings;
const code: FindingCode = findings[0]!.code;
const known: readonly FindingCode[] = FINDING_CODES;
// @ts-expect-error 'metadata' is not a finding code (the code is 'metadata-reachable')
const unknownCode: Finding['code'] = 'metadata';
// @ts-expect-error a comparison with a string that is no finding code has no overlap
if (findings[0]!.code === 'metdata-reachable') void 0;
// @ts-expect-error codes are not arbitrary strings
const wider: FindingCode = String(code);

// Issues carry the API server's error type and a machine reason, each a closed union.
try {
  parseSandboxTemplate(doc);
} catch (err) {
  if (isSandboxPolicyError(err)) {
    const reason = err.issues[0]?.reason;
    if (reason === 'leading-zeros' || reason === 'host-bits') void reason;
    // @ts-expect-error not a reason
    if (reason === 'leading zeros') void reason;
    // @ts-expect-error not a field error type
    if (err.issues[0]?.type === 'Invalid') void 0;
  }
}

void [token, tokenText, labels, action, patched, unchecked, toClientNodeObject, known, unknownCode, wider];
export type Unused = V1NetworkPolicy;
