import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { evaluateTraffic, isSandboxPolicyError, type ConnectionEndpoint } from '../../src/index.js';
import { FIXTURES } from '../helpers.js';
import { cnp, np, ns } from '../support/cluster-objects.js';

const pod = (name: string, namespace: string, labels: Record<string, string>, ip: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels }, spec: { containers: [] }, status: { podIP: ip } });
const target = (namespace: string, name: string): ConnectionEndpoint => ({ target: { kind: 'Pod', namespace, name } });

const A = pod('a', 'ns1', { app: 'a' }, '10.0.0.1');
const B = pod('b', 'ns2', { app: 'b' }, '10.0.0.2');
const base = [ns('ns1', { team: 'x' }), ns('ns2', { team: 'y' }), A, B];
const toB = (objects: unknown[], port = 80, protocol: 'TCP' | 'UDP' = 'TCP') => evaluateTraffic([...base, ...objects], { from: target('ns1', 'a'), to: target('ns2', 'b'), port, protocol });
const toIp = (objects: unknown[], ip: string, port = 443) => evaluateTraffic([...base, ...objects], { from: target('ns1', 'a'), to: { ip }, port });

const denyEgressA = np('deny-egress', 'ns1', { podSelector: {}, policyTypes: ['Egress'] });
const ingressOnlyA = np('ingress-only', 'ns1', { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] });
const allowB = np('allow-to-b', 'ns1', { podSelector: {}, egress: [{ to: [{ namespaceSelector: { matchLabels: { team: 'y' } }, podSelector: { matchLabels: { app: 'b' } } }], ports: [{ port: 80 }] }] });
const denyIngressB = np('deny-ingress', 'ns2', { podSelector: {} });
const allowFromA = np('allow-from-a', 'ns2', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['x'] }] } }] }] });

describe('NetworkPolicy union and isolation (per direction)', () => {
  // [case, objects, allowed, tier]
  const TABLE: Array<[string, unknown[], boolean, string]> = [
    ['no policy: allowed by default', [], true, 'Default'],
    ['ingress-only policy (policyTypes omitted, no egress rules) does not isolate egress', [ingressOnlyA], true, 'Default'],
    ['default-deny egress isolates egress', [denyEgressA], false, 'NetworkPolicy'],
    ['union: a second policy allowing b re-opens it', [denyEgressA, allowB], true, 'NetworkPolicy'],
    ['wrong port: still denied', [denyEgressA, allowB], false, 'NetworkPolicy'],
    ['destination ingress isolated: both sides must allow', [denyIngressB], false, 'NetworkPolicy'],
    ['destination ingress allows namespace In (x)', [denyIngressB, allowFromA], true, 'Default'],
    ['policy in another namespace does not select', [np('other-ns', 'ns2', { podSelector: { matchLabels: { app: 'a' } }, policyTypes: ['Egress'] })], true, 'Default'],
    ['policyTypes [Ingress] with egress rules: egress not isolated', [np('ing', 'ns1', { podSelector: {}, policyTypes: ['Ingress'], egress: [{ to: [{ ipBlock: { cidr: '1.2.3.4/32' } }] }] })], true, 'Default'],
    ['egress rules without policyTypes isolate egress', [np('eg', 'ns1', { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '1.2.3.4/32' } }] }] })], false, 'NetworkPolicy'],
    ['NotIn on a label the pod lacks selects it', [np('notin', 'ns1', { podSelector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['z'] }] }, policyTypes: ['Egress'] })], false, 'NetworkPolicy'],
    ['DoesNotExist on a label the pod has does not select it', [np('dne', 'ns1', { podSelector: { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, policyTypes: ['Egress'] })], true, 'Default'],
    ['podSelector alone means the policy namespace (b is in ns2)', [denyEgressA, np('same-ns', 'ns1', { podSelector: {}, egress: [{ to: [{ podSelector: {} }] }] })], false, 'NetworkPolicy'],
    ['ipBlock matches the pod IP', [denyEgressA, np('ipb', 'ns1', { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/24', except: ['10.0.0.1/32'] } }] }] })], true, 'NetworkPolicy'],
    ['ipBlock except excludes it', [denyEgressA, np('ipb', 'ns1', { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/24', except: ['10.0.0.2/32'] } }] }] })], false, 'NetworkPolicy'],
  ];
  it.each(TABLE)('%s', (name, objects, allowed, tier) => {
    const v = toB(objects, name.startsWith('wrong port') ? 81 : 80);
    expect(v.allowed).toBe(allowed);
    expect(v.tier).toBe(tier);
  });

  it('reports the side that denied and both decisions', () => {
    const v = toB([denyIngressB]);
    expect(v.egress?.allowed).toBe(true);
    expect(v.ingress?.allowed).toBe(false);
    expect(v.explanation).toMatch(/isolated for ingress by NetworkPolicy ns2\/deny-ingress/);
  });
});

describe('ClusterNetworkPolicy tiers, priorities, Pass and first match', () => {
  const all = { networks: ['0.0.0.0/0', '::/0'] };
  const toNs2 = { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'ns2' } } };
  const egress = (...rules: object[]) => ({ egress: rules });
  const TABLE: Array<[string, unknown[], boolean, string, string | undefined]> = [
    // Conformance (standard-anp-np-banp): Admin Deny beats an NP allow.
    ['Admin Deny beats a NetworkPolicy allow', [denyEgressA, allowB, cnp('deny', 'Admin', 10, egress({ action: 'Deny', to: [toNs2] }))], false, 'Admin', 'ClusterNetworkPolicy deny'],
    // With Admin Pass, the NP decides.
    ['Admin Pass hands over to the NetworkPolicy allow', [denyEgressA, allowB, cnp('pass', 'Admin', 10, egress({ action: 'Pass', to: [toNs2] }))], true, 'NetworkPolicy', 'NetworkPolicy ns1/allow-to-b'],
    ['Admin Pass, NetworkPolicy denies', [denyEgressA, cnp('pass', 'Admin', 10, egress({ action: 'Pass', to: [toNs2] }))], false, 'NetworkPolicy', undefined],
    // With Admin Pass, no NP and a Baseline Deny: denied.
    ['Admin Pass, no NetworkPolicy, Baseline Deny', [cnp('pass', 'Admin', 10, egress({ action: 'Pass', to: [toNs2] })), cnp('bdeny', 'Baseline', 10, egress({ action: 'Deny', to: [toNs2] }))], false, 'Baseline', 'ClusterNetworkPolicy bdeny'],
    ['Baseline is skipped when a NetworkPolicy isolates the direction', [allowB, cnp('bdeny', 'Baseline', 10, egress({ action: 'Deny', to: [toNs2] }))], true, 'NetworkPolicy', 'NetworkPolicy ns1/allow-to-b'],
    ['Baseline applies when only an ingress policy selects the pod', [ingressOnlyA, cnp('bdeny', 'Baseline', 10, egress({ action: 'Deny', to: [toNs2] }))], false, 'Baseline', 'ClusterNetworkPolicy bdeny'],
    ['Admin Accept is final over a NetworkPolicy deny', [denyEgressA, cnp('acc', 'Admin', 10, egress({ action: 'Accept', to: [toNs2] }))], true, 'Admin', 'ClusterNetworkPolicy acc'],
    ['lower priority number first', [cnp('p20-deny', 'Admin', 20, egress({ action: 'Deny', to: [all] })), cnp('p10-accept', 'Admin', 10, egress({ action: 'Accept', to: [toNs2] }))], true, 'Admin', 'ClusterNetworkPolicy p10-accept'],
    ['first matching rule within a policy', [cnp('one', 'Admin', 10, egress({ action: 'Deny', to: [toNs2] }, { action: 'Accept', to: [toNs2] }))], false, 'Admin', 'ClusterNetworkPolicy one'],
    ['a non-matching rule continues to the next policy', [cnp('one', 'Admin', 10, egress({ action: 'Accept', to: [toNs2], protocols: [{ udp: { destinationPort: { number: 80 } } }] })), cnp('two', 'Admin', 11, egress({ action: 'Deny', to: [all] }))], false, 'Admin', 'ClusterNetworkPolicy two'],
    ['Pass skips the rest of the tier (lower-precedence Deny ignored)', [cnp('pass', 'Admin', 1, egress({ action: 'Pass', to: [toNs2] })), cnp('deny', 'Admin', 2, egress({ action: 'Deny', to: [all] }))], true, 'Default', undefined],
    ['no implicit isolation: a CNP with only ingress rules leaves egress alone', [cnp('ing', 'Admin', 1, { ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }] }, { namespaces: { matchLabels: { team: 'y' } } })], false, 'Admin', 'ClusterNetworkPolicy ing'],
    ['networks match pod IPs too', [cnp('net', 'Admin', 1, egress({ action: 'Deny', to: [{ networks: ['10.0.0.2/32'] }] }))], false, 'Admin', 'ClusterNetworkPolicy net'],
    ['pods peer: namespace AND pod selector', [cnp('pods', 'Admin', 1, egress({ action: 'Deny', to: [{ pods: { namespaceSelector: { matchLabels: { team: 'y' } }, podSelector: { matchLabels: { app: 'nope' } } } }] }))], true, 'Default', undefined],
    ['subject pods: absent namespaceSelector means every namespace', [cnp('subj', 'Admin', 1, egress({ action: 'Deny', to: [all] }), { pods: { podSelector: { matchLabels: { app: 'a' } } } })], false, 'Admin', 'ClusterNetworkPolicy subj'],
    ['Exists on kubernetes.io/metadata.name selects every namespace', [cnp('ex', 'Admin', 1, egress({ action: 'Deny', to: [all] }), { namespaces: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'Exists' }] } })], false, 'Admin', 'ClusterNetworkPolicy ex'],
    ['port range is inclusive', [cnp('r', 'Admin', 1, egress({ action: 'Deny', to: [all], protocols: [{ tcp: { destinationPort: { range: { start: 79, end: 80 } } } }] }))], false, 'Admin', 'ClusterNetworkPolicy r'],
    ['Baseline: the first policy by priority decides (Accept)', [cnp('b1', 'Baseline', 1, egress({ action: 'Accept', to: [toNs2] })), cnp('b2', 'Baseline', 2, egress({ action: 'Deny', to: [all] }))], true, 'Baseline', 'ClusterNetworkPolicy b1'],
    ['v1alpha1 ANP Allow maps to Accept', [denyEgressA, { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', metadata: { name: 'anp' }, spec: { priority: 3, subject: { namespaces: {} }, egress: [{ action: 'Allow', to: [toNs2], ports: [{ portNumber: { port: 80 } }] }] } }], true, 'Admin', 'AdminNetworkPolicy anp'],
    ['v1alpha1 BANP is the Baseline tier', [{ apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'BaselineAdminNetworkPolicy', metadata: { name: 'default' }, spec: { subject: { namespaces: {} }, egress: [{ action: 'Deny', to: [toNs2] }] } }], false, 'Baseline', 'BaselineAdminNetworkPolicy default'],
  ];
  it.each(TABLE)('%s', (name, objects, allowed, tier, policy) => {
    const v = name.startsWith('no implicit') ? evaluateTraffic([...base, ...objects], { from: target('ns1', 'a'), to: target('ns2', 'b'), port: 80 }) : toB(objects);
    expect(v.allowed).toBe(allowed);
    expect(v.tier).toBe(tier);
    expect(v.policy).toBe(policy);
  });

  it('names the rule that decided, with its name', () => {
    const v = toIp([cnp('c', 'Admin', 1, egress({ name: 'first', action: 'Accept', to: [{ networks: ['8.8.8.8/32'] }] }, { name: 'rest', action: 'Deny', to: [all] }))], '1.1.1.1');
    expect(v).toMatchObject({ allowed: false, tier: 'Admin', policy: 'ClusterNetworkPolicy c', rule: 'spec.egress[1]', ruleName: 'rest' });
    expect(v.ingress).toBeNull();
  });

  it('domainNames match only when the destination names a matching domain', () => {
    const objs = [cnp('d', 'Admin', 1, egress({ action: 'Accept', to: [{ domainNames: ['*.example.com', 'example.org'] }] }, { action: 'Deny', to: [all] }))];
    const go = (domain: string | undefined) => evaluateTraffic([...base, ...objs], { from: target('ns1', 'a'), to: { ip: '93.184.215.14', ...(domain ? { domain } : {}) }, port: 443 }).allowed;
    expect(go('a.example.com')).toBe(true);
    expect(go('a.b.EXAMPLE.com.')).toBe(true);
    expect(go('example.com')).toBe(false);
    expect(go('example.org')).toBe(true);
    expect(go('www.example.org')).toBe(false);
    expect(go(undefined)).toBe(false);
  });

  it('named destination ports resolve on the destination pod', () => {
    const web = { ...pod('web', 'ns2', { app: 'web' }, '10.0.0.3'), spec: { containers: [{ name: 'c', ports: [{ name: 'http', containerPort: 8080 }] }] } };
    const objs = [web, cnp('n', 'Admin', 1, egress({ action: 'Deny', to: [{ namespaces: {} }], protocols: [{ destinationNamedPort: 'http' }] }))];
    const go = (port: number) => evaluateTraffic([...base, ...objs], { from: target('ns1', 'a'), to: target('ns2', 'web'), port }).allowed;
    expect(go(8080)).toBe(false);
    expect(go(80)).toBe(true);
  });
});

describe('the upstream agent-sandbox example (documented outcomes)', () => {
  const fx = parse(readFileSync(join(FIXTURES, 'cluster', 'sandbox-example.yaml'), 'utf8')) as { objects: unknown[]; expect: Array<[string, ConnectionEndpoint, 'TCP' | 'UDP', number, boolean, string, string | null]> };
  it.each(fx.expect)('%s -> %j %s/%i', (from, to, protocol, port, allowed, tier, policy) => {
    const [kind, nsName] = from.split(' ') as ['SandboxTemplate' | 'Pod', string];
    const [namespace, name] = nsName.split('/') as [string, string];
    const v = evaluateTraffic(fx.objects, { from: { target: { kind, namespace, name } }, to, protocol, port });
    expect(v.allowed).toBe(allowed);
    expect(v.tier).toBe(tier);
    expect(v.policy ?? null).toBe(policy);
  });

  it('without the Baseline deny, the raw sandbox reaches the tool server', () => {
    const objects = fx.objects.filter((o) => (o as { metadata?: { name?: string } }).metadata?.name !== 'sandbox-egress-baseline-deny');
    const v = evaluateTraffic(objects, { from: { target: { kind: 'Pod', namespace: 'sandbox-team-a', name: 'raw-sandbox' } }, to: { target: { kind: 'Pod', namespace: 'shared-tools', name: 'tool-server' } }, port: 8080 });
    expect(v).toMatchObject({ allowed: true, tier: 'Default' });
    expect(v.egress?.passedBy).toEqual([{ policy: 'ClusterNetworkPolicy sandbox-egress-pass-shared-tools', rule: 'spec.egress[0]' }]);
  });
});

describe('snapshot mode input checks', () => {
  const bad: Array<[string, unknown, string]> = [
    ['unknown target', { from: { target: { kind: 'Pod', namespace: 'ns1', name: 'zzz' } }, to: { ip: '1.1.1.1' }, port: 1 }, 'connection.from.target'],
    ['bad ip', { from: target('ns1', 'a'), to: { ip: '1.1.1' }, port: 1 }, 'connection.to.ip'],
    ['bad port', { from: target('ns1', 'a'), to: { ip: '1.1.1.1' }, port: 0 }, 'connection.port'],
    ['no pod side', { from: { ip: '1.1.1.1' }, to: { ip: '2.2.2.2' }, port: 1 }, 'connection'],
    ['bad protocol', { from: target('ns1', 'a'), to: { ip: '1.1.1.1' }, port: 1, protocol: 'ICMP' }, 'connection.protocol'],
  ];
  it.each(bad)('%s', (_, connection, path) => {
    try {
      evaluateTraffic(base, connection as never);
      expect.unreachable();
    } catch (err) {
      expect(isSandboxPolicyError(err)).toBe(true);
      expect((err as { issues: Array<{ path: string }> }).issues.map((i) => i.path)).toContain(path);
    }
  });

  it('the single-policy shape reads a list with cluster objects as a snapshot (every tier, one direction)', () => {
    const admin = { apiVersion: 'policy.networking.k8s.io/v1alpha2', kind: 'ClusterNetworkPolicy', metadata: { name: 'deny' }, spec: { tier: 'Admin', priority: 1, subject: { namespaces: {} }, egress: [{ action: 'Deny', to: [{ networks: ['1.1.1.1/32'] }] }] } };
    const allowAll = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'all' }, spec: { podSelector: {}, egress: [{}] } };
    const traffic = { direction: 'egress', pod: { namespace: 'ns1' }, peer: { ip: '1.1.1.1' }, port: 80 } as const;
    expect(evaluateTraffic([allowAll], traffic)).toMatchObject({ allowed: true, reason: 'allowed' });
    expect(evaluateTraffic([allowAll, admin], traffic)).toMatchObject({ allowed: false, reason: 'denied', tier: 'Admin', matchedRule: { policy: 'ClusterNetworkPolicy deny', path: 'spec.egress[0]' } });
    expect(evaluateTraffic([allowAll, admin], { ...traffic, peer: { ip: '2.2.2.2' } })).toMatchObject({ allowed: true, tier: 'NetworkPolicy', selectingPolicies: ['NetworkPolicy ns1/all'] });
  });

  it('keeps the single-policy signature', () => {
    const v = evaluateTraffic([denyEgressA.spec], { direction: 'egress', pod: { namespace: 'ns1' }, peer: { ip: '1.1.1.1' }, port: 80 });
    expect(v).toMatchObject({ allowed: false, reason: 'denied' });
  });
});
