// Strict field validation (kubectl's default) in the snapshot reader: an object with an unknown
// field is refused by the API server (`strict decoding error: unknown field "spec.hostnetwork"`),
// so readSnapshot leaves it out and auditCluster reports it as api-invalid. Status is the
// cluster's and is never checked. Fixtures are self-generated; the field names are the Pod API's
// (k8s.io/api v0.36.3, as the generated trees of src/validation/pod-fields.generated.ts hold them).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditCluster } from '../../src/index.js';
import { readSnapshot } from '../../src/policy/snapshot.js';
import { NAMESPACE_FIELDS, POD_FIELDS } from '../../src/validation/pod-fields.generated.js';
import type { FieldTree } from '../../src/validation/strict-fields.js';

type Obj = Record<string, unknown>;

/** A deep copy of `o` with `edit` applied to the copy. */
const edited = <T>(o: T, edit: (c: any) => void): T => {
  const c = structuredClone(o);
  edit(c);
  return c;
};

/** `object path: message` of every api-invalid finding of auditCluster. */
const apiInvalid = (objects: unknown[]) =>
  auditCluster(objects)
    .findings.filter((f) => f.code === 'api-invalid')
    .map((f) => `${f.policy} ${f.path}: ${f.message.replace(' (the API server rejects this object, so it is left out)', '')}`);

const pod: Obj = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web',
    namespace: 'a',
    labels: { app: 'web' },
    annotations: { note: 'x' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'u1', controller: true, blockOwnerDeletion: true }],
    managedFields: [{ manager: 'kubectl', operation: 'Apply', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} } }],
  },
  spec: {
    hostNetwork: false,
    containers: [
      {
        name: 'c',
        image: 'nginx',
        ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
        env: [{ name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }],
        resources: { limits: { cpu: '1' }, requests: { memory: '64Mi' } },
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
        readinessProbe: { httpGet: { path: '/', port: 'http', httpHeaders: [{ name: 'X', value: 'y' }] } },
        volumeMounts: [{ name: 'data', mountPath: '/data' }],
      },
    ],
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] } } },
    tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule' }],
    volumes: [{ name: 'data', emptyDir: {} }],
  },
  status: { phase: 'Running', podIP: '10.0.0.5', podIPs: [{ ip: '10.0.0.5' }] },
};

const namespace: Obj = {
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'a', labels: { team: 'x' }, ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'o', uid: 'u' }] },
  spec: { finalizers: ['kubernetes'] },
  status: { phase: 'Active' },
};

const node: Obj = {
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'n1', labels: { 'kubernetes.io/hostname': 'n1' } },
  spec: { podCIDR: '10.0.0.0/24', taints: [{ key: 'k', effect: 'NoSchedule' }] },
  status: { addresses: [{ type: 'InternalIP', address: '192.0.2.1' }], nodeInfo: { kubeletVersion: 'v1.36.0' } },
};

const podTemplate = { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image: 'python:3.12', ports: [{ containerPort: 8080 }] }] } };
const volumeClaimTemplates = [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }];

const template: Obj = {
  apiVersion: 'extensions.agents.x-k8s.io/v1beta1',
  kind: 'SandboxTemplate',
  metadata: { name: 't', namespace: 'a' },
  spec: { podTemplate, volumeClaimTemplates },
};

const sandbox: Obj = { apiVersion: 'agents.x-k8s.io/v1beta1', kind: 'Sandbox', metadata: { name: 's', namespace: 'a' }, spec: { podTemplate, volumeClaimTemplates }, status: { podIPs: ['10.0.0.9'], futureField: 1 } };
const claim: Obj = {
  apiVersion: 'extensions.agents.x-k8s.io/v1beta1',
  kind: 'SandboxClaim',
  metadata: { name: 'c', namespace: 'a' },
  spec: { warmPoolRef: { name: 'p' }, additionalPodMetadata: { labels: { x: '1' } }, volumeClaimTemplates },
};
const warmPool: Obj = { apiVersion: 'extensions.agents.x-k8s.io/v1beta1', kind: 'SandboxWarmPool', metadata: { name: 'p', namespace: 'a' }, spec: { sandboxTemplateRef: { name: 't' }, replicas: 1 } };

describe('the valid objects are read', () => {
  it('every fixture is accepted as written, with no problem', () => {
    const s = readSnapshot([pod, namespace, node, template, sandbox, claim, warmPool]);
    expect(s.problems).toEqual([]);
    expect([s.pods.length, s.namespaces.has('a'), s.nodes.length, s.templates.length, s.sandboxes.length, s.claims.length, s.warmPools.length]).toEqual([1, true, 1, 1, 1, 1, 1]);
    expect(apiInvalid([pod, namespace, node, template, sandbox, claim, warmPool])).toEqual([]);
  });

  it('status is the cluster’s: unknown (newer) status fields of a Pod, Namespace, Node or Sandbox are no error', () => {
    const future = { resize: 'Proposed', someFutureField: { nested: [{ x: 1 }] }, conditions: [{ type: 'Ready', status: 'True', newField: 1 }] };
    const objects = [
      edited(pod, (p) => Object.assign(p.status, future)),
      edited(namespace, (n) => Object.assign(n.status, future)),
      edited(node, (n) => Object.assign(n.status, future)),
      edited(sandbox, (x) => Object.assign(x.status, future)),
    ];
    const s = readSnapshot(objects);
    expect(s.problems).toEqual([]);
    expect(s.pods.map((p) => p.ips)).toEqual([['10.0.0.5']]);
    expect(s.nodes.map((n) => n.addresses)).toEqual([['192.0.2.1']]);
  });
});

describe('a typo of a real field is refused with the did-you-mean, per kind', () => {
  const cases: Array<[string, Obj, (c: any) => void, string]> = [
    ['Pod spec', pod, (p) => (p.spec.hostnetwork = true), 'Pod a/web spec.hostnetwork: unknown field "spec.hostnetwork"; did you mean "spec.hostNetwork"?'],
    ['Pod container', pod, (p) => (p.spec.containers[0].imagePullPolcy = 'Always'), 'Pod a/web spec.containers[0].imagePullPolcy: unknown field "spec.containers[0].imagePullPolcy"; did you mean "spec.containers[0].imagePullPolicy"?'],
    ['Pod metadata', pod, (p) => (p.metadata.annotaions = {}), 'Pod a/web metadata.annotaions: unknown field "metadata.annotaions"; did you mean "metadata.annotations"?'],
    ['Pod top level', pod, (p) => (p.specs = {}), 'Pod a/web specs: unknown field "specs"; did you mean "spec"?'],
    ['Namespace metadata', namespace, (n) => (n.metadata.lables = { team: 'y' }), 'Namespace a metadata.lables: unknown field "metadata.lables"; did you mean "metadata.labels"?'],
    ['Namespace spec', namespace, (n) => (n.spec.finalizer = ['kubernetes']), 'Namespace a spec.finalizer: unknown field "spec.finalizer"; did you mean "spec.finalizers"?'],
    ['Node spec', node, (n) => (n.spec.podCidr = '10.0.1.0/24'), 'Node n1 spec.podCidr: unknown field "spec.podCidr"; did you mean "spec.podCIDR"?'],
    ['Node metadata', node, (n) => (n.metadata.lables = {}), 'Node n1 metadata.lables: unknown field "metadata.lables"; did you mean "metadata.labels"?'],
    [
      'SandboxTemplate pod spec',
      template,
      (t) => (t.spec.podTemplate.spec.containerz = []),
      'SandboxTemplate a/t spec.podTemplate.spec.containerz: unknown field "spec.podTemplate.spec.containerz"; did you mean "spec.podTemplate.spec.containers"?',
    ],
    [
      'SandboxTemplate pod metadata',
      template,
      (t) => (t.spec.podTemplate.metadata.lables = {}),
      'SandboxTemplate a/t spec.podTemplate.metadata.lables: unknown field "spec.podTemplate.metadata.lables"; did you mean "spec.podTemplate.metadata.labels"?',
    ],
    [
      'SandboxTemplate volume claim template',
      template,
      (t) => (t.spec.volumeClaimTemplates[0].spec.accesModes = ['ReadWriteOnce']),
      'SandboxTemplate a/t spec.volumeClaimTemplates[0].spec.accesModes: unknown field "spec.volumeClaimTemplates[0].spec.accesModes"; did you mean "spec.volumeClaimTemplates[0].spec.accessModes"?',
    ],
    ['SandboxTemplate metadata', template, (t) => (t.metadata.lables = {}), 'SandboxTemplate a/t metadata.lables: unknown field "metadata.lables"; did you mean "metadata.labels"?'],
    [
      'Sandbox pod spec',
      sandbox,
      (x) => (x.spec.podTemplate.spec.hostnetwork = true),
      'Sandbox a/s spec.podTemplate.spec.hostnetwork: unknown field "spec.podTemplate.spec.hostnetwork"; did you mean "spec.podTemplate.spec.hostNetwork"?',
    ],
    [
      'Sandbox container',
      sandbox,
      (x) => (x.spec.podTemplate.spec.containers[0].securityContxt = {}),
      'Sandbox a/s spec.podTemplate.spec.containers[0].securityContxt: unknown field "spec.podTemplate.spec.containers[0].securityContxt"; did you mean "spec.podTemplate.spec.containers[0].securityContext"?',
    ],
    [
      'Sandbox pod metadata',
      sandbox,
      (x) => (x.spec.podTemplate.metadata.lables = {}),
      'Sandbox a/s spec.podTemplate.metadata.lables: unknown field "spec.podTemplate.metadata.lables"; did you mean "spec.podTemplate.metadata.labels"?',
    ],
    [
      'Sandbox volume claim template',
      sandbox,
      (x) => (x.spec.volumeClaimTemplates[0].metadata.nam = 'd'),
      'Sandbox a/s spec.volumeClaimTemplates[0].metadata.nam: unknown field "spec.volumeClaimTemplates[0].metadata.nam"; did you mean "spec.volumeClaimTemplates[0].metadata.name"?',
    ],
    ['Sandbox metadata', sandbox, (x) => (x.metadata.lables = {}), 'Sandbox a/s metadata.lables: unknown field "metadata.lables"; did you mean "metadata.labels"?'],
    ['Sandbox spec', sandbox, (x) => (x.spec.servic = true), 'Sandbox a/s spec.servic: unknown field "spec.servic"; did you mean "spec.service"?'],
    [
      'SandboxClaim pod metadata',
      claim,
      (c) => (c.spec.additionalPodMetadata.lables = {}),
      'SandboxClaim a/c spec.additionalPodMetadata.lables: unknown field "spec.additionalPodMetadata.lables"; did you mean "spec.additionalPodMetadata.labels"?',
    ],
    [
      'SandboxClaim volume claim template',
      claim,
      (c) => (c.spec.volumeClaimTemplates[0].spec.storageClasName = 'fast'),
      'SandboxClaim a/c spec.volumeClaimTemplates[0].spec.storageClasName: unknown field "spec.volumeClaimTemplates[0].spec.storageClasName"; did you mean "spec.volumeClaimTemplates[0].spec.storageClassName"?',
    ],
    ['SandboxClaim metadata', claim, (c) => (c.metadata.annotation = {}), 'SandboxClaim a/c metadata.annotation: unknown field "metadata.annotation"; did you mean "metadata.annotations"?'],
    ['SandboxWarmPool spec', warmPool, (w) => (w.spec.replica = 2), 'SandboxWarmPool a/p spec.replica: unknown field "spec.replica"; did you mean "spec.replicas"?'],
    ['SandboxWarmPool metadata', warmPool, (w) => (w.metadata.lables = {}), 'SandboxWarmPool a/p metadata.lables: unknown field "metadata.lables"; did you mean "metadata.labels"?'],
  ];

  it.each(cases)('%s: api-invalid, left out; without the typo accepted', (_, valid, typo, expected) => {
    const bad = edited(valid, typo);
    expect(apiInvalid([bad])).toEqual([expected]);
    const s = readSnapshot([bad]);
    expect([s.pods, s.templates, s.sandboxes, s.claims, s.warmPools, s.nodes].every((l) => l.length === 0)).toBe(true);
    expect(s.namespaces.size).toBe(0);
    expect(readSnapshot([valid]).problems).toEqual([]);
    expect(apiInvalid([valid])).toEqual([]);
  });

  it('a typo in a template reported by both readers is reported once, with the edit-distance did-you-mean', () => {
    const bad = edited(template, (t) => (t.spec.networkPolicyManagment = 'Unmanaged'));
    expect(apiInvalid([bad])).toEqual(['SandboxTemplate a/t spec.networkPolicyManagment: unknown field "spec.networkPolicyManagment"; did you mean "spec.networkPolicyManagement"?']);
  });

  it('an unknown field of a refused object does not let an earlier document be replaced', () => {
    const s = readSnapshot([pod, edited(pod, (p) => (p.spec.hostnetwork = true))]);
    expect(s.pods).toHaveLength(1);
    expect(s.pods[0]!.hostNetwork).toBe(false);
    expect(s.replaced).toEqual([]);
  });
});

/** Every object node of `value` that `tree` describes (a field tree, not a free-form `0`), with its path. */
function structuredNodes(value: unknown, tree: FieldTree, path: string, out: Array<{ path: string; tree: FieldTree; at: (root: any) => Obj }>, at: (root: any) => any): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => structuredNodes(item, tree, `${path}[${i}]`, out, (r) => at(r)[i]));
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  out.push({ path, tree, at });
  for (const [k, v] of Object.entries(value)) {
    const inner = tree[k];
    if (inner !== undefined && inner !== 0) structuredNodes(v, inner, path ? `${path}.${k}` : k, out, (r) => at(r)[k]);
  }
}

describe('property: any key that is not a field, at any depth of a valid Pod or Namespace, refuses it', () => {
  const { status: _podStatus, ...podNoStatus } = pod;
  const { status: _nsStatus, ...nsNoStatus } = namespace;
  for (const [kind, valid, tree] of [
    ['Pod', podNoStatus, POD_FIELDS],
    ['Namespace', nsNoStatus, NAMESPACE_FIELDS],
  ] as const) {
    const nodes: Array<{ path: string; tree: FieldTree; at: (root: any) => Obj }> = [];
    structuredNodes(valid, tree, '', nodes, (r) => r);

    it(`${kind}: ${nodes.length} places, each refusing an unknown key`, () => {
      expect(nodes.length).toBeGreaterThan(kind === 'Pod' ? 20 : 3);
      fc.assert(
        fc.property(
          fc.nat({ max: nodes.length - 1 }),
          fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'toString', 'Spec', 'hostnetwork', 'status', 'items')),
          fc.jsonValue({ maxDepth: 2 }),
          (i, key, value) => {
            const node = nodes[i]!;
            fc.pre(!Object.hasOwn(node.tree, key));
            // A document with a top-level `items` key is a List to kubectl (snapshot-read.test.ts), not a Pod.
            fc.pre(!(node.path === '' && key === 'items'));
            const bad = structuredClone(valid) as Obj;
            Object.defineProperty(node.at(bad), key, { value, enumerable: true, writable: true, configurable: true });
            const s = readSnapshot([bad]);
            expect(kind === 'Pod' ? s.pods.length : s.namespaces.size).toBe(0);
            const fieldPath = node.path ? `${node.path}.${key}` : key;
            const issue = s.problems[0]?.issues.find((x) => x.path === fieldPath);
            expect(issue?.message).toMatch(/^unknown field "/);
          },
        ),
        { numRuns: 300 },
      );
    });
  }
});
