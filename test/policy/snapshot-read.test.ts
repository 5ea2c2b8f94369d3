// readSnapshot holds exactly the objects the API server would keep: metadata validated as the
// server does, the last valid document of one identity wins, lists flattened as kubectl does,
// the agent-sandbox kinds and Nodes read, and the controller's policy only when it controls it.
// Fixtures are self-generated here; the kubectl behaviours asserted were observed with
// `kubectl label --local -f FILE k=v -o json` (kubectl v1.32), the CRD fields are from
// kubernetes-sigs/agent-sandbox k8s/crds/*.yaml.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditCluster, templateRefHash } from '../../src/index.js';
import { readSnapshot, type Snapshot } from '../../src/policy/snapshot.js';
import { cnp, np, ns } from '../support/cluster-objects.js';

const pod = (name: string, namespace: string, labels: Record<string, string> = {}, extra: object = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels }, spec: { containers: [] }, ...extra });
const template = (name: string, namespace: string, spec: object = {}, meta: object = {}) => ({
  apiVersion: 'extensions.agents.x-k8s.io/v1beta1',
  kind: 'SandboxTemplate',
  metadata: { name, namespace, ...meta },
  spec: { podTemplate: { spec: { containers: [{ name: 'agent', image: 'python:3.12' }] } }, ...spec },
});

/** What a snapshot says, as plain data (for comparing two snapshots). */
const view = (s: Snapshot) => ({
  namespaces: [...s.namespaces.entries()],
  networkPolicies: s.networkPolicies.map((p) => ({ label: p.label, spec: p.view.spec, renderedFrom: p.renderedFrom })),
  clusterPolicies: s.clusterPolicies.map((c) => [c.name, c.tier, c.priority, c.egress.map((r) => r.action)]),
  pods: s.pods,
  templates: s.templates.map((t) => t.pod),
  sandboxes: s.sandboxes,
  claims: s.claims,
  warmPools: s.warmPools,
  nodes: s.nodes,
});

describe('last write wins', () => {
  it('two NetworkPolicies of one name do not union: the later one is the object', () => {
    const s = readSnapshot([
      np('p', 'a', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] }),
      np('p', 'a', { podSelector: {}, policyTypes: ['Egress'] }),
    ]);
    expect(s.networkPolicies).toHaveLength(1);
    expect(s.networkPolicies[0]!.view.spec.egress).toBeUndefined();
    expect(s.replaced).toEqual([{ object: 'NetworkPolicy a/p', kept: 'objects[1]', replaced: 'objects[0]' }]);
  });

  it('a CNP guard Deny-all at priority 1 replaced by guard Accept at priority 2 leaves only the Accept', () => {
    const s = readSnapshot([
      cnp('guard', 'Admin', 1, { egress: [{ action: 'Deny', to: [{ networks: ['0.0.0.0/0'] }] }] }),
      cnp('guard', 'Admin', 2, { egress: [{ action: 'Accept', to: [{ networks: ['0.0.0.0/0'] }] }] }),
    ]);
    expect(s.clusterPolicies.map((c) => [c.name, c.priority, c.egress[0]!.action])).toEqual([['guard', 2, 'Accept']]);
  });

  it('an invalid later document does not replace (the server rejects it)', () => {
    const s = readSnapshot([np('p', 'a', { podSelector: {}, policyTypes: ['Egress'] }), np('p', 'a', { podSelector: {}, policyTypes: ['Sideways'] })]);
    expect(s.networkPolicies).toHaveLength(1);
    expect(s.replaced).toEqual([]);
    expect(s.problems.map((p) => p.object)).toEqual(['NetworkPolicy a/p']);
  });

  it('namespaces resolve as kubectl: no namespace is the default one; cluster-scoped kinds ignore a namespace', () => {
    const s = readSnapshot([np('p', 'default', { podSelector: {} }), { ...np('p', 'x', { podSelector: {}, policyTypes: ['Egress'] }), metadata: { name: 'p' } }], {});
    expect(s.networkPolicies.map((p) => p.label)).toEqual(['NetworkPolicy default/p']);
    expect(s.networkPolicies[0]!.view.spec.policyTypes).toEqual(['Egress']);
    const c = readSnapshot([{ ...cnp('g', 'Admin', 1, {}), metadata: { name: 'g', namespace: 'one' } }, { ...cnp('g', 'Admin', 5, {}), metadata: { name: 'g', namespace: 'two' } }]);
    expect(c.clusterPolicies.map((x) => x.priority)).toEqual([5]);
  });

  it('covers Namespace, Pod, SandboxTemplate and the new kinds; distinct groups or kinds stay distinct', () => {
    const s = readSnapshot([
      ns('a', { v: '1' }),
      ns('a', { v: '2' }),
      pod('w', 'a', { v: '1' }),
      pod('w', 'a', { v: '2' }),
      template('t', 'a'),
      { ...template('t', 'a'), apiVersion: 'extensions.agents.x-k8s.io/v1alpha1', spec: { ...template('t', 'a').spec, networkPolicyManagement: 'Unmanaged' } },
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, status: { addresses: [{ type: 'InternalIP', address: '10.0.0.1' }] } },
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, status: { addresses: [{ type: 'InternalIP', address: '10.0.0.2' }] } },
      cnp('same', 'Admin', 1, {}),
      { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', metadata: { name: 'same' }, spec: { priority: 3, subject: { namespaces: {} } } },
    ]);
    expect(s.namespaces.get('a')).toMatchObject({ v: '2' });
    expect(s.pods.map((p) => p.labels.v)).toEqual(['2']);
    expect(s.templates).toHaveLength(1);
    expect(s.templates[0]!.template.spec.networkPolicyManagement).toBe('Unmanaged');
    expect(s.nodes.map((n) => n.addresses)).toEqual([['10.0.0.2']]);
    expect(s.clusterPolicies.map((c) => c.kind).sort()).toEqual(['AdminNetworkPolicy', 'ClusterNetworkPolicy']);
    expect(s.replaced.map((r) => r.object)).toEqual(['Namespace a', 'Pod a/w', 'SandboxTemplate a/t', 'Node n']);
  });

  it('auditCluster reports duplicate-object naming both documents', () => {
    const r = auditCluster([np('p', 'a', { podSelector: {} }), np('p', 'a', { podSelector: {}, policyTypes: ['Egress'] })]);
    const f = r.findings.find((x) => x.code === 'duplicate-object');
    expect(f).toMatchObject({ policy: 'NetworkPolicy a/p', severity: 'medium' });
    expect(f!.message).toContain('objects[1]');
    expect(f!.message).toContain('objects[0]');
  });

  it('property: the snapshot of any stream equals the snapshot of the stream with earlier duplicates removed', () => {
    // Each generated document carries its identity and whether the API server accepts it, worked out here, not by the reader.
    type Doc = { doc: object; key: string; valid: boolean };
    const doc: fc.Arbitrary<Doc> = fc.oneof(
      fc.record({ n: fc.constantFrom('p', 'q'), space: fc.constantFrom('a', 'x', undefined), deny: fc.boolean(), bad: fc.boolean() }).map(({ n, space, deny, bad }) => {
        const o = np(n, space ?? 'x', { podSelector: {}, policyTypes: bad ? ['Nope'] : deny ? ['Egress'] : ['Ingress'] });
        return { doc: space === undefined ? { ...o, metadata: { name: n } } : o, key: `np/${space ?? 'x'}/${n}`, valid: !bad };
      }),
      fc.record({ n: fc.constantFrom('g', 'h'), prio: fc.integer({ min: 0, max: 3 }), deny: fc.boolean() }).map(({ n, prio, deny }) => ({
        doc: cnp(n, 'Admin', prio, { egress: [{ action: deny ? 'Deny' : 'Accept', to: [{ networks: ['0.0.0.0/0'] }] }] }),
        key: `cnp/${n}`,
        valid: true,
      })),
      fc.record({ n: fc.constantFrom('a', 'b'), v: fc.constantFrom('1', '2', 'bad value!') }).map(({ n, v }) => ({ doc: ns(n, { v }), key: `ns/${n}`, valid: v !== 'bad value!' })),
      fc.record({ n: fc.constantFrom('w', 'v'), v: fc.constantFrom('1', '2') }).map(({ n, v }) => ({ doc: pod(n, 'a', { v }), key: `pod/a/${n}`, valid: true })),
    );
    fc.assert(
      fc.property(fc.array(doc, { maxLength: 12 }), (docs) => {
        const s = readSnapshot(docs.map((d) => d.doc), { namespace: 'x' });
        const superseded = (i: number) => docs[i]!.valid && docs.some((d, j) => j > i && d.valid && d.key === docs[i]!.key);
        const deduped = docs.filter((_, i) => !superseded(i)).map((d) => d.doc);
        const d = readSnapshot(deduped, { namespace: 'x' });
        expect(view(s)).toEqual(view(d));
        expect(d.replaced).toEqual([]);
        expect(s.replaced.map((r) => r.replaced).sort()).toEqual(docs.flatMap((_, i) => (superseded(i) ? [`objects[${i}]`] : [])).sort());
      }),
      { numRuns: 200 },
    );
  });
});

describe('metadata validated as the API server does', () => {
  it('a NetworkPolicy with annotation key "not a valid key!" is rejected', () => {
    const s = readSnapshot([{ ...np('p', 'a', { podSelector: {} }), metadata: { name: 'p', namespace: 'a', annotations: { 'not a valid key!': 'x' } } }]);
    expect(s.networkPolicies).toEqual([]);
    expect(s.problems[0]!.issues[0]).toMatchObject({ path: 'metadata.annotations', message: expect.stringMatching(/^Invalid value: "not a valid key!": name part must consist of alphanumeric characters/) });
  });

  it('annotations above 256 KiB in total are rejected; keys are checked case-insensitively', () => {
    const big = { a: 'x'.repeat(256 * 1024) };
    const s = readSnapshot([{ ...np('p', 'a', { podSelector: {} }), metadata: { name: 'p', namespace: 'a', annotations: big } }]);
    expect(s.problems[0]!.issues).toEqual([{ path: 'metadata.annotations', message: 'Too long: may not be more than 262144 bytes', type: 'FieldValueTooLong', reason: 'too-long' }].map(({ reason: _r, ...i }) => i));
    const ok = readSnapshot([{ ...np('p', 'a', { podSelector: {} }), metadata: { name: 'p', namespace: 'a', annotations: { 'Example.COM/Key': 'v', a: 'x'.repeat(256 * 1024 - 17) } /* exactly 256 KiB */ } }]);
    expect(ok.problems).toEqual([]);
  });

  it('Guard_All is rejected for a ClusterNetworkPolicy (a DNS-1123 subdomain)', () => {
    const s = readSnapshot([cnp('Guard_All', 'Admin', 1, { egress: [{ action: 'Deny', to: [{ networks: ['0.0.0.0/0'] }] }] })]);
    expect(s.clusterPolicies).toEqual([]);
    expect(s.problems[0]!.issues[0]!.message).toMatch(/^Invalid value: "Guard_All": a lowercase RFC 1123 subdomain/);
  });

  it('every kind: bad label values, bad names, namespaces that are not labels', () => {
    const bad = readSnapshot([
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n', labels: { k: 'no spaces' } } },
      { ...pod('w', 'a'), metadata: { name: 'w', namespace: 'Not_A_Label' } },
      { apiVersion: 'agents.x-k8s.io/v1beta1', kind: 'Sandbox', metadata: { name: 'UPPER', namespace: 'a' }, spec: { podTemplate: { spec: { containers: [] } } } },
      { apiVersion: 'extensions.agents.x-k8s.io/v1beta1', kind: 'SandboxWarmPool', metadata: { name: 'p', namespace: 'a', annotations: { '/x': '' } }, spec: { sandboxTemplateRef: { name: 't' } } },
      ns('a.b'),
    ]);
    expect(bad.nodes).toEqual([]);
    expect(bad.pods).toEqual([]);
    expect(bad.sandboxes).toEqual([]);
    expect(bad.warmPools).toEqual([]);
    expect(bad.namespaces.size).toBe(0);
    expect(bad.problems.map((p) => p.issues[0]!.path)).toEqual(['metadata.labels', 'metadata.namespace', 'metadata.name', 'metadata.annotations', 'metadata.name']);
  });

  it('property: a document with invalid metadata counts as if it were absent', () => {
    const badMeta = fc.constantFrom<object>({ labels: { k: 'a b' } }, { annotations: { 'a/b/c': '' } }, { name: 'Bad_Name' }, { labels: { '-x': 'v' } }, { ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'x', uid: '1', controller: true }, { apiVersion: 'v1', kind: 'Y', name: 'y', uid: '2', controller: true }] });
    const base = [np('p', 'a', { podSelector: {}, policyTypes: ['Egress'] }), pod('w', 'a'), ns('a'), cnp('g', 'Admin', 1, {}), { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' } }] as Array<{ metadata: object }>;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: base.length - 1 }), badMeta), { maxLength: 4 }), fc.integer({ min: 0, max: base.length }), (bads, at) => {
        const spoiled = bads.map(([i, m]) => ({ ...base[i]!, metadata: { ...base[i]!.metadata, ...m } }));
        const docs = [...base.slice(0, at), ...spoiled, ...base.slice(at)];
        const s = readSnapshot(docs);
        const clean = readSnapshot(docs.filter((d) => !spoiled.includes(d)));
        expect(view(s)).toEqual(view(clean));
        expect(s.problems.length).toBe(spoiled.length);
      }),
      { numRuns: 100 },
    );
  });
});

describe('ClusterNetworkPolicy selectors the server stores but nobody can parse', () => {
  const deny = (subject: object, to: object = { networks: ['0.0.0.0/0'] }) =>
    cnp('d', 'Admin', 1, { egress: [{ action: 'Deny', to: [{ pods: { podSelector: { matchLabels: { app: 'bad value!' } } } }] }, { action: 'Deny', to: [to] }] }, subject);

  it('keeps the object and its other rules; the bad selector matches nothing', () => {
    const s = readSnapshot([deny({ namespaces: {} })]);
    expect(s.problems).toEqual([]);
    const c = s.clusterPolicies[0]!;
    expect(c.egress.map((r) => r.action)).toEqual(['Deny', 'Deny']);
    expect(c.unmatchable).toEqual([{ path: 'spec.egress[0].to[0].pods.podSelector', message: expect.stringContaining('spec.egress[0].to[0].pods.podSelector.matchLabels') }]);
    const r = auditCluster([deny({ namespaces: {} }), template('t', 'a', { networkPolicyManagement: 'Unmanaged' })]);
    expect(r.targets[0]!.egressReachable.contains('1.1.1.1')).toBe(false); // the Deny-all rule is in force
    expect(r.findings.find((f) => f.code === 'unmatchable-selector')).toMatchObject({ severity: 'low', policy: 'ClusterNetworkPolicy d', path: 'spec.egress[0].to[0].pods.podSelector' });
  });

  it('an unparsable subject selects no pod (an unknown operator, In without values)', () => {
    for (const sel of [{ matchExpressions: [{ key: 'a', operator: 'Has' }] }, { matchExpressions: [{ key: 'a', operator: 'In' }] }, { matchLabels: { 'bad key!': 'x' } }]) {
      const r = auditCluster([cnp('d', 'Admin', 1, { egress: [{ action: 'Deny', to: [{ networks: ['0.0.0.0/0'] }] }] }, { namespaces: sel }), template('t', 'a', { networkPolicyManagement: 'Unmanaged' })]);
      expect(r.targets[0]!.egressReachable.contains('1.1.1.1'), JSON.stringify(sel)).toBe(true);
    }
  });

  it('what the CRD schema rejects stays rejected (missing operator, non-string values)', () => {
    const s = readSnapshot([cnp('d', 'Admin', 1, {}, { namespaces: { matchExpressions: [{ key: 'a' }] } }), cnp('e', 'Admin', 1, {}, { namespaces: { matchLabels: { a: 1 } } })]);
    expect(s.clusterPolicies).toEqual([]);
    expect(s.problems).toHaveLength(2);
  });
});

describe('items of any kind, as kubectl reads them', () => {
  it('flattens a document of any kind that has items; items: null is an empty list', () => {
    const s = readSnapshot([
      { apiVersion: 'v1', kind: 'Foo', items: [pod('a', 'x')] },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, items: [pod('b', 'x')] },
      { apiVersion: 'v1', kind: 'PodList', items: null },
    ]);
    expect(s.pods.map((p) => p.name)).toEqual(['a', 'b']);
    expect(s.problems).toEqual([]);
    expect(s.ignored).toEqual([]);
  });

  it('refuses a list inside a list, items that are not a list, and a list without a kind', () => {
    const s = readSnapshot([
      { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'List', items: [pod('a', 'x')] }, pod('b', 'x')] },
      { apiVersion: 'v1', kind: 'Foo', items: 'nope' },
      { items: [pod('c', 'x')] },
    ]);
    expect(s.pods.map((p) => p.name)).toEqual(['b']);
    expect(s.problems.map((p) => p.object)).toEqual(['objects[0].items[0]', 'objects[1]', 'objects[2]']);
    // A top-level List given as the input itself: its items are list items.
    const l = readSnapshot({ apiVersion: 'v1', kind: 'List', items: [{ kind: 'X', items: [pod('a', 'x')] }, pod('b', 'x')] });
    expect(l.pods.map((p) => p.name)).toEqual(['b']);
    expect(l.problems.map((p) => p.object)).toEqual(['objects.items[0]']);
  });
});

describe('Sandbox, SandboxClaim, SandboxWarmPool and Node', () => {
  const sandbox = (apiVersion: string, spec: object, meta: object = {}, status: object = {}) => ({ apiVersion, kind: 'Sandbox', metadata: { name: 's', namespace: 'a', ...meta }, spec, status });
  const podTemplate = { podTemplate: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', ports: [{ name: 'http', containerPort: 8080 }] }] } } };

  it('reads both served Sandbox versions with their pod labels, ports, addresses and extension owner', () => {
    const owner = { apiVersion: 'extensions.agents.x-k8s.io/v1beta1', kind: 'SandboxClaim', name: 'c', uid: 'u', controller: true };
    const s = readSnapshot([sandbox('agents.x-k8s.io/v1beta1', podTemplate, { labels: { l: '1' }, ownerReferences: [owner] }, { podIPs: ['10.1.0.5', 'fd00::5'] }), { ...sandbox('agents.x-k8s.io/v1alpha1', { ...podTemplate, replicas: 1 }), metadata: { name: 'bare', namespace: 'a' } }]);
    expect(s.problems).toEqual([]);
    expect(s.sandboxes).toEqual([
      { kind: 'Sandbox', name: 's', namespace: 'a', labels: { l: '1' }, podLabels: { app: 'x' }, ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }], hostNetwork: false, extensionOwner: 'SandboxClaim', ips: ['10.1.0.5', 'fd00::5'] },
      { kind: 'Sandbox', name: 'bare', namespace: 'a', labels: {}, podLabels: { app: 'x' }, ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }], hostNetwork: false, extensionOwner: null, ips: [] },
    ]);
  });

  it('an owner outside extensions.agents.x-k8s.io, or not the controller, is no extension owner', () => {
    const ref = (apiVersion: string, controller: boolean) => ({ apiVersion, kind: 'SandboxWarmPool', name: 'p', uid: 'u', controller });
    const s = readSnapshot([sandbox('agents.x-k8s.io/v1beta1', podTemplate, { ownerReferences: [ref('example.com/v1', true)] }), { ...sandbox('agents.x-k8s.io/v1beta1', podTemplate, { name: 't', ownerReferences: [ref('extensions.agents.x-k8s.io/v1beta1', false)] }) }]);
    expect(s.sandboxes.map((x) => x.extensionOwner)).toEqual([null, null]);
  });

  it('validates the CRD schema: required fields, types, enums, unknown fields', () => {
    const s = readSnapshot([
      sandbox('agents.x-k8s.io/v1beta1', {}),
      sandbox('agents.x-k8s.io/v1beta1', { ...podTemplate, operatingMode: 'Paused' }, { name: 'b' }),
      sandbox('agents.x-k8s.io/v1beta1', { ...podTemplate, replicas: 1 }, { name: 'c' }), // v1alpha1 only
      sandbox('agents.x-k8s.io/v1beta1', { podTemplate: { spec: 'x' } }, { name: 'd' }),
      sandbox('agents.x-k8s.io/v1beta1', { podTemplate: { spec: { hostNetwork: 'yes', containers: [] } } }, { name: 'e' }),
      { apiVersion: 'extensions.agents.x-k8s.io/v1beta1', kind: 'SandboxClaim', metadata: { name: 'c', namespace: 'a' }, spec: { sandboxTemplateRef: { name: 't' } } }, // v1alpha1 field
      { apiVersion: 'extensions.agents.x-k8s.io/v1beta1', kind: 'SandboxWarmPool', metadata: { name: 'p', namespace: 'a' }, spec: { sandboxTemplateRef: { name: 't' }, replicas: -1 } },
      { apiVersion: 'extensions.agents.x-k8s.io/v1alpha1', kind: 'SandboxWarmPool', metadata: { name: 'q', namespace: 'a' }, spec: { sandboxTemplateRef: { name: 't' } } }, // replicas required in v1alpha1
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, status: { addresses: [{ type: 'InternalIP' }] } },
      { apiVersion: 'extensions.agents.x-k8s.io/v1beta2', kind: 'SandboxClaim', metadata: { name: 'z', namespace: 'a' }, spec: {} },
    ]);
    expect(s.sandboxes).toEqual([]);
    expect(s.claims).toEqual([]);
    expect(s.warmPools).toEqual([]);
    expect(s.nodes).toEqual([]);
    expect(s.problems.map((p) => p.issues.map((i) => `${i.path}: ${i.message}`)[0])).toEqual([
      'spec.podTemplate: Required value',
      'spec.operatingMode: Unsupported value: "Paused": supported values: "Running", "Suspended"',
      'spec.replicas: unknown field "spec.replicas"',
      'spec.podTemplate.spec: Invalid value: "string": spec.podTemplate.spec in body must be of type object: "string"',
      'spec.podTemplate.spec.hostNetwork: Invalid value: "string": spec.podTemplate.spec.hostNetwork in body must be of type boolean: "string"',
      'spec.warmPoolRef: Required value',
      'spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0',
      'spec.replicas: Required value',
      'status.addresses[0].address: Required value',
      'apiVersion: Unsupported value: "extensions.agents.x-k8s.io/v1beta2": supported values: "extensions.agents.x-k8s.io/v1beta1", "extensions.agents.x-k8s.io/v1alpha1"',
    ]);
  });

  it('claims (v1alpha1 by template, v1beta1 by warm pool) and warm pools', () => {
    const s = readSnapshot([
      { apiVersion: 'extensions.agents.x-k8s.io/v1alpha1', kind: 'SandboxClaim', metadata: { name: 'old', namespace: 'a', labels: { 'agents.x-k8s.io/created-by': 'me' } }, spec: { sandboxTemplateRef: { name: 't' }, additionalPodMetadata: { labels: { x: '1' } } } },
      { apiVersion: 'extensions.agents.x-k8s.io/v1beta1', kind: 'SandboxClaim', metadata: { name: 'new', namespace: 'a' }, spec: { warmPoolRef: { name: 'pool' } } },
      { apiVersion: 'extensions.agents.x-k8s.io/v1beta1', kind: 'SandboxClaim', metadata: { name: 'orphan', namespace: 'a' }, spec: { warmPoolRef: { name: 'none' } } },
      { apiVersion: 'extensions.agents.x-k8s.io/v1beta1', kind: 'SandboxWarmPool', metadata: { name: 'pool', namespace: 'a' }, spec: { sandboxTemplateRef: { name: 't2' } } },
    ]);
    expect(s.claims).toEqual([
      { kind: 'SandboxClaim', name: 'old', namespace: 'a', template: 't', createdBy: 'me', additionalLabels: { x: '1' } },
      { kind: 'SandboxClaim', name: 'new', namespace: 'a', template: 't2', createdBy: null, additionalLabels: {}, warmPool: 'pool' },
      { kind: 'SandboxClaim', name: 'orphan', namespace: 'a', template: '', createdBy: null, additionalLabels: {}, warmPool: 'none' },
    ]);
    expect(s.warmPools).toEqual([{ kind: 'SandboxWarmPool', name: 'pool', namespace: 'a', template: 't2' }]);
  });

  it('Node addresses are the status addresses that parse as IPs, each once', () => {
    const s = readSnapshot([{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n', labels: { zone: 'z' } }, status: { addresses: [{ type: 'Hostname', address: 'node-1' }, { type: 'InternalIP', address: '10.0.0.1' }, { type: 'InternalIP', address: 'fd00::1' }, { type: 'ExternalIP', address: '10.0.0.1' }] } }]);
    expect(s.nodes).toEqual([{ name: 'n', labels: { zone: 'z' }, addresses: ['10.0.0.1', 'fd00::1'] }]);
  });
});

describe("the controller's own policy", () => {
  const owner = (extra: object = {}) => ({ apiVersion: 'extensions.agents.x-k8s.io/v1beta1', kind: 'SandboxTemplate', name: 't', uid: 'u-1', controller: true, ...extra });
  const hash = templateRefHash('t');
  const livePolicy = (spec: object, ownerReferences?: object[]) => ({ ...np('t-network-policy', 'a', spec), metadata: { name: 't-network-policy', namespace: 'a', ...(ownerReferences ? { ownerReferences } : {}) } });
  const openSpec = { podSelector: { matchLabels: { 'agents.x-k8s.io/sandbox-template-ref-hash': hash } }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] };

  it('Managed, controlled: the live object is used and marked; drift from the render is reported', () => {
    const s = readSnapshot([template('t', 'a', {}, { uid: 'u-1' }), livePolicy(openSpec, [owner()])]);
    expect(s.networkPolicies.map((p) => [p.label, p.renderedFrom, p.view.spec.egress])).toEqual([['NetworkPolicy a/t-network-policy', 'SandboxTemplate a/t', openSpec.egress]]);
    expect(s.controllerPolicies).toEqual([{ template: 'SandboxTemplate a/t', policy: 'NetworkPolicy a/t-network-policy', state: 'drift' }]);
    const r = auditCluster([template('t', 'a', {}, { uid: 'u-1' }), livePolicy(openSpec, [owner()])]);
    expect(r.findings.find((f) => f.code === 'managed-policy-drift')).toMatchObject({ policy: 'NetworkPolicy a/t-network-policy', severity: 'medium' });
  });

  it('Managed, controlled and equal to the render: no drift', () => {
    const rendered = readSnapshot([template('t', 'a')]).networkPolicies[0]!.view.spec;
    const s = readSnapshot([template('t', 'a', {}, { uid: 'u-1' }), livePolicy(rendered, [owner()])]);
    expect(s.controllerPolicies).toEqual([]);
    expect(s.networkPolicies[0]!.renderedFrom).toBe('SandboxTemplate a/t');
  });

  it('Managed, not controlled (no ownerReference, another uid, not the controller, another kind): the hand-written object stays, unmarked, and is reported', () => {
    for (const refs of [undefined, [owner({ uid: 'u-2' })], [owner({ controller: false })], [owner({ kind: 'Deployment' })], [owner({ name: 'other' })]]) {
      const s = readSnapshot([template('t', 'a', {}, { uid: 'u-1' }), livePolicy(openSpec, refs)]);
      expect(s.networkPolicies.map((p) => [p.label, p.renderedFrom]), JSON.stringify(refs)).toEqual([['NetworkPolicy a/t-network-policy', undefined]]);
      expect(s.controllerPolicies).toEqual([{ template: 'SandboxTemplate a/t', policy: 'NetworkPolicy a/t-network-policy', state: 'foreign' }]);
    }
    const r = auditCluster([template('t', 'a', {}, { uid: 'u-1' }), livePolicy(openSpec)]);
    expect(r.findings.find((f) => f.code === 'managed-policy-blocked')).toMatchObject({ policy: 'NetworkPolicy a/t-network-policy' });
  });

  it('a template read without a uid: kind, name and controller decide', () => {
    const s = readSnapshot([template('t', 'a'), livePolicy(openSpec, [owner({ uid: 'anything' })])]);
    expect(s.networkPolicies[0]!.renderedFrom).toBe('SandboxTemplate a/t');
  });

  it('Unmanaged: a controlled policy is deleted by the controller, a foreign one stays', () => {
    const unmanaged = template('t', 'a', { networkPolicyManagement: 'Unmanaged' }, { uid: 'u-1' });
    expect(readSnapshot([unmanaged, livePolicy(openSpec, [owner()])]).networkPolicies).toEqual([]);
    const foreign = readSnapshot([unmanaged, livePolicy(openSpec)]);
    expect(foreign.networkPolicies.map((p) => [p.label, p.renderedFrom])).toEqual([['NetworkPolicy a/t-network-policy', undefined]]);
    expect(foreign.controllerPolicies).toEqual([]);
  });
});

describe('generateName', () => {
  it('objects with only generateName are new objects on every create: none replaces another', () => {
    const gen = (prefix: string) => ({ ...np('x', 'a', { podSelector: {} }), metadata: { generateName: prefix, namespace: 'a' } });
    const s = readSnapshot([gen('np-'), gen('np-')]);
    expect(s.networkPolicies.map((p) => p.name)).toEqual(['np-', 'np-']);
    expect(s.replaced).toEqual([]);
  });

  it('the prefix is checked as the API server does (maskTrailingDash), and neither name nor generateName is an error', () => {
    const gen = (prefix: string) => ({ ...pod('x', 'a'), metadata: { generateName: prefix, namespace: 'a' } });
    // 'a_-' masks to 'a' + 'a': the character before the dash is replaced too, so it passes.
    expect(readSnapshot([gen('a_-')]).problems).toEqual([]);
    expect(readSnapshot([gen('AB-')]).problems[0]!.issues[0]).toMatchObject({ path: 'metadata.generateName' });
    expect(readSnapshot([{ ...pod('x', 'a'), metadata: { namespace: 'a' } }]).problems[0]!.issues).toEqual([{ path: 'metadata.name', message: 'Required value: name or generateName is required', type: 'FieldValueRequired' }]);
  });
});
