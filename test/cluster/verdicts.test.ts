// Acceptance cases for the cluster model: each snapshot is one a user or an attacker would write,
// and each expectation is what Kubernetes enforces (upstream agent-sandbox controllers, the API
// server's storage rules, NetworkPolicy and ClusterNetworkPolicy semantics), written from the
// specification, not from this library's output. Independent fixtures.
import { describe, expect, it } from 'vitest';
import { auditCluster, evaluateTraffic, templateRefHash } from '../../src/index.js';
import { cnp, np, ns } from '../support/cluster-objects.js';

const METADATA = '169.254.169.254';
const SEVERE = ['critical', 'high'];

const template = (name: string, namespace: string, spec: object = {}) => ({
  apiVersion: 'extensions.agents.x-k8s.io/v1beta1',
  kind: 'SandboxTemplate',
  metadata: { name, namespace },
  spec: { podTemplate: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'python' }] } }, ...spec },
});
const pod = (name: string, namespace: string, labels: Record<string, string>, extra: { ip?: string; ports?: object[]; hostNetwork?: boolean } = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, labels },
  spec: { ...(extra.hostNetwork ? { hostNetwork: true } : {}), containers: [{ name: 'c', image: 'x', ...(extra.ports ? { ports: extra.ports } : {}) }] },
  ...(extra.ip ? { status: { podIP: extra.ip, podIPs: [{ ip: extra.ip }] } } : {}),
});
const denyAllEgress = { podSelector: {}, policyTypes: ['Egress'] };

function targetOf(report: ReturnType<typeof auditCluster>, kind: string, name: string) {
  const t = report.targets.find((x) => x.target.kind === kind && x.target.name === name);
  expect(t, `${kind} ${name} is a target`).toBeDefined();
  return t!;
}

describe('objects count as the API server keeps them: the last write wins', () => {
  it('a NetworkPolicy replaced under its name no longer isolates (not unioned with the earlier one)', () => {
    const r = auditCluster([pod('p', 'a', { app: 'x' }), np('guard', 'a', denyAllEgress), np('guard', 'a', { podSelector: {}, policyTypes: ['Ingress'] })]);
    const t = targetOf(r, 'Pod', 'p');
    expect(t.egressIsolated).toBe(false);
    expect(t.egressReachable.contains(METADATA)).toBe(true);
  });

  it('a ClusterNetworkPolicy Deny-all replaced by an Accept of the same name leaves only the Accept', () => {
    const r = auditCluster([
      template('t', 'a', { networkPolicyManagement: 'Unmanaged' }),
      np('iso', 'a', denyAllEgress),
      cnp('guard', 'Admin', 1, { egress: [{ action: 'Deny', to: [{ networks: ['0.0.0.0/0'] }] }] }),
      cnp('guard', 'Admin', 2, { egress: [{ action: 'Accept', to: [{ networks: ['169.254.0.0/16'] }] }] }),
    ]);
    expect(targetOf(r, 'SandboxTemplate', 't').egressReachable.contains(METADATA)).toBe(true);
  });

  it('a Namespace relabelled by a later document loses the label a ClusterNetworkPolicy selected it by', () => {
    const r = auditCluster([
      ns('a', { guarded: 'yes' }),
      ns('a', {}),
      template('t', 'a', { networkPolicyManagement: 'Unmanaged' }),
      cnp('deny-all', 'Admin', 1, { egress: [{ action: 'Deny', to: [{ networks: ['0.0.0.0/0', '::/0'] }] }] }, { namespaces: { matchLabels: { guarded: 'yes' } } }),
    ]);
    expect(targetOf(r, 'SandboxTemplate', 't').egressReachable.contains(METADATA)).toBe(true);
  });
});

describe('a template is a family of pods', () => {
  it('a policy that opens metadata to one sandbox by its name hash is seen on the template', () => {
    const r = auditCluster([
      template('t', 'a'),
      np('one-sandbox', 'a', { podSelector: { matchLabels: { 'agents.x-k8s.io/sandbox-name-hash': templateRefHash('my-sandbox') } }, egress: [{ to: [{ ipBlock: { cidr: `${METADATA}/32` } }] }], policyTypes: ['Egress'] }),
    ]);
    const t = targetOf(r, 'SandboxTemplate', 't');
    expect(t.egressReachable.contains(METADATA)).toBe(true);
    expect(SEVERE).toContain(r.highest);
  });

  it('a deny-all selecting `created-by DoesNotExist` isolates no claimed sandbox', () => {
    const r = auditCluster([
      template('t', 'a', { networkPolicyManagement: 'Unmanaged' }),
      np('deny', 'a', { podSelector: { matchExpressions: [{ key: 'agents.x-k8s.io/created-by', operator: 'DoesNotExist' }] }, policyTypes: ['Egress'] }),
    ]);
    const t = targetOf(r, 'SandboxTemplate', 't');
    expect(t.egressIsolated).toBe(false);
    expect(t.egressReachable.contains(METADATA)).toBe(true);
  });

  it('a deny-all selecting only cold sandboxes leaves the warm ones open', () => {
    const r = auditCluster([
      template('t', 'a', { networkPolicyManagement: 'Unmanaged' }),
      np('deny', 'a', { podSelector: { matchLabels: { 'agents.x-k8s.io/launch-type': 'cold' } }, policyTypes: ['Egress'] }),
    ]);
    expect(targetOf(r, 'SandboxTemplate', 't').egressReachable.contains(METADATA)).toBe(true);
  });

  it('a deny-all that selects every pod of the template isolates the whole family', () => {
    const r = auditCluster([template('t', 'a', { networkPolicyManagement: 'Unmanaged' }), np('deny', 'a', denyAllEgress)]);
    const t = targetOf(r, 'SandboxTemplate', 't');
    expect(t.egressIsolated).toBe(true);
    expect(t.egressReachable.isEmpty()).toBe(true);
  });
});

describe('named ports on ipBlock peers', () => {
  it('an egress rule to 0.0.0.0/0 on named port http reaches a pod that names its port http', () => {
    const objects = [
      template('t', 'a', { networkPolicy: { egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 'http' }] }] } }),
      pod('web', 'b', { app: 'web' }, { ip: '10.1.2.3', ports: [{ name: 'http', containerPort: 80 }] }),
    ];
    const r = auditCluster(objects);
    const t = targetOf(r, 'SandboxTemplate', 't');
    const seen = t.egressReachable.contains('10.1.2.3') || t.findings.some((f) => JSON.stringify(f).includes('http'));
    expect(seen).toBe(true);
  });
});

describe('which objects count', () => {
  it('a ClusterNetworkPolicy with an unmatchable selector is stored: its other rules stay in force', () => {
    const r = auditCluster([
      template('t', 'a'),
      cnp('open-md', 'Admin', 1, { egress: [{ action: 'Accept', to: [{ pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'not valid!' } } } }, { networks: [`${METADATA}/32`] }] }] }),
    ]);
    expect(targetOf(r, 'SandboxTemplate', 't').egressReachable.contains(METADATA)).toBe(true);
  });

  it('a ClusterNetworkPolicy named Guard_All is rejected by the server, so its Deny does not protect', () => {
    const r = auditCluster([
      template('t', 'a', { networkPolicyManagement: 'Unmanaged' }),
      cnp('Guard_All', 'Admin', 1, { egress: [{ action: 'Deny', to: [{ networks: ['0.0.0.0/0', '::/0'] }] }] }),
    ]);
    expect(targetOf(r, 'SandboxTemplate', 't').egressReachable.contains(METADATA)).toBe(true);
  });

  it('a NetworkPolicy with an invalid annotation key is rejected, so it isolates nothing', () => {
    const bad = { ...np('deny', 'a', denyAllEgress), metadata: { name: 'deny', namespace: 'a', annotations: { 'not a valid key!': 'x' } } };
    const r = auditCluster([template('t', 'a', { networkPolicyManagement: 'Unmanaged' }), bad]);
    expect(targetOf(r, 'SandboxTemplate', 't').egressIsolated).toBe(false);
  });

  it('an `items` list of any kind is flattened as kubectl does', () => {
    const r = auditCluster([template('t', 'a'), { apiVersion: 'v1', kind: 'Bundle', items: [cnp('open-md', 'Admin', 1, { egress: [{ action: 'Accept', to: [{ networks: [`${METADATA}/32`] }] }] })] }]);
    expect(targetOf(r, 'SandboxTemplate', 't').egressReachable.contains(METADATA)).toBe(true);
  });
});

describe('pods outside NetworkPolicy and kinds the cluster has', () => {
  it('a hostNetwork pod is a target, and a critical one', () => {
    const r = auditCluster([pod('h', 'a', { app: 'x' }, { hostNetwork: true }), np('deny', 'a', denyAllEgress)]);
    const t = targetOf(r, 'Pod', 'h');
    expect(t.egressReachable.contains(METADATA)).toBe(true);
    expect(t.findings.some((f) => f.severity === 'critical')).toBe(true);
  });

  it('a bare Sandbox has no selector label and no default policy', () => {
    const sandbox = {
      apiVersion: 'agents.x-k8s.io/v1beta1',
      kind: 'Sandbox',
      metadata: { name: 'raw', namespace: 'a' },
      spec: { podTemplate: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'python' }] } } },
    };
    const r = auditCluster([template('t', 'a'), sandbox]);
    const t = targetOf(r, 'Sandbox', 'raw');
    expect(t.egressReachable.contains(METADATA)).toBe(true);
    expect(t.sandbox).toBe(true);
  });
});

describe('ties and domains', () => {
  it('two Admin policies at one priority with Accept and Deny in different orders raise a tie', () => {
    const r = auditCluster([
      template('t', 'a'),
      cnp('a-first', 'Admin', 5, { egress: [{ action: 'Accept', to: [{ networks: [`${METADATA}/32`] }] }, { action: 'Deny', to: [{ networks: ['0.0.0.0/0'] }] }] }),
      cnp('b-first', 'Admin', 5, { egress: [{ action: 'Deny', to: [{ networks: ['0.0.0.0/0'] }] }, { action: 'Accept', to: [{ networks: [`${METADATA}/32`] }] }] }),
    ]);
    expect(r.findings.map((f) => f.code)).toContain('cnp-priority-tie');
  });

  it('an Admin Accept to metadata.google.internal is judged, not only listed', () => {
    const airgapped = template('t', 'a', { networkPolicy: {} });
    expect(SEVERE).not.toContain(auditCluster([airgapped]).highest);
    const r = auditCluster([airgapped, cnp('dns', 'Admin', 1, { egress: [{ action: 'Accept', to: [{ domainNames: ['metadata.google.internal'] }] }] })]);
    expect(SEVERE).toContain(r.highest);
  });
});

describe('the evaluator and the auditor agree on the family', () => {
  it('what evaluateTraffic allows from a claimed sandbox of the template is inside the template target reach', () => {
    const objects = [
      template('t', 'a'),
      np('one-sandbox', 'a', { podSelector: { matchLabels: { 'agents.x-k8s.io/launch-type': 'warm' } }, egress: [{ to: [{ ipBlock: { cidr: `${METADATA}/32` } }] }], policyTypes: ['Egress'] }),
    ];
    const labels = { app: 'agent', 'agents.x-k8s.io/sandbox-template-ref-hash': templateRefHash('t'), 'agents.x-k8s.io/sandbox-name-hash': templateRefHash('s1'), 'agents.x-k8s.io/launch-type': 'warm', 'agents.x-k8s.io/created-by': 'go-client' };
    expect(evaluateTraffic(objects, { from: { namespace: 'a', labels }, to: { ip: METADATA }, port: 80 }).allowed).toBe(true);
    expect(targetOf(auditCluster(objects), 'SandboxTemplate', 't').egressReachable.contains(METADATA)).toBe(true);
  });
});

describe('ports and nodes in the reachable set', () => {
  it('egressReachableAllPorts is what some pod reaches on every port; port-limited egress reaches nothing on all ports', () => {
    const r = auditCluster([template('web', 'a', { networkPolicy: { egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 443 }] }] } }), template('default', 'a')]);
    const web = targetOf(r, 'SandboxTemplate', 'web');
    expect(web.egressReachable.contains('8.8.8.8')).toBe(true);
    expect(web.egressReachableAllPorts.isEmpty()).toBe(true);
    const def = targetOf(r, 'SandboxTemplate', 'default');
    expect(def.egressReachableAllPorts.contains('8.8.8.8')).toBe(true);
    expect(def.egressReachableAllPorts.contains(METADATA)).toBe(false);
  });

  it('an Admin Accept to nodes reaches the addresses of the Nodes it selects, over an airgapped template', () => {
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', labels: { role: 'worker' } }, status: { addresses: [{ type: 'InternalIP', address: '10.0.0.5' }, { type: 'Hostname', address: 'n1' }] } };
    const r = auditCluster([template('t', 'a', { networkPolicy: {} }), node, cnp('kubelet', 'Admin', 1, { egress: [{ action: 'Accept', to: [{ nodes: { matchLabels: { role: 'worker' } } }] }] })]);
    const t = targetOf(r, 'SandboxTemplate', 't');
    expect(t.egressReachable.contains('10.0.0.5')).toBe(true);
    expect(t.egressReachable.contains('10.0.0.6')).toBe(false);
  });
});

describe('workloads reached by label', () => {
  it('lists each selector peer of the deciding policies with the namespaces and pods of the snapshot it selects', () => {
    const r = auditCluster([
      ns('tools', { team: 'tools' }),
      ns('a'),
      pod('cache', 'tools', { app: 'cache' }, { ip: '10.9.0.1' }),
      pod('db', 'tools', { app: 'db' }, { ip: '10.9.0.2' }),
      pod('peer', 'a', { app: 'peer' }),
      template('t', 'a', { networkPolicy: { egress: [{ to: [{ namespaceSelector: { matchLabels: { team: 'tools' } }, podSelector: { matchLabels: { app: 'cache' } } }], ports: [{ port: 6379 }] }, { to: [{ podSelector: {} }] }] } }),
      cnp('dns', 'Admin', 1, { egress: [{ action: 'Accept', to: [{ namespaces: { matchLabels: { team: 'tools' } } }] }] }),
    ]);
    const peers = targetOf(r, 'SandboxTemplate', 't').selectorPeers;
    expect(peers.map((p) => [p.policy, p.rule, p.action, p.namespaces, p.pods])).toEqual([
      ['ClusterNetworkPolicy dns', 'spec.egress[0].to[0]', 'Accept', ['tools'], ['tools/cache', 'tools/db']],
      ['NetworkPolicy a/t-network-policy', 'spec.egress[0].to[0]', 'Allow', ['tools'], ['tools/cache']],
      ['NetworkPolicy a/t-network-policy', 'spec.egress[1].to[0]', 'Allow', ['a'], ['a/peer']],
    ]);
    expect(peers[1]!.ports).toEqual([{ protocol: 'TCP', port: 6379 }]);
  });
});
