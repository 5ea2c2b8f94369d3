import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { auditCluster, CLUSTER_FINDING_CODES, evaluateTraffic, explainTarget, isSandboxPolicyError, templateRefHash } from '../../src/index.js';
import { FIXTURES } from '../helpers.js';
import { cnp, np, ns } from '../support/cluster-objects.js';

const template = (name: string, namespace: string, spec: object = {}) => ({
  apiVersion: 'extensions.agents.x-k8s.io/v1beta1',
  kind: 'SandboxTemplate',
  metadata: { name, namespace },
  spec: { podTemplate: { metadata: { labels: { app: 'agent', 'agents.x-k8s.io/claim-uid': 'x' } }, spec: { containers: [{ name: 'a', image: 'python' }] } }, ...spec },
});
const codesOf = (findings: ReadonlyArray<{ code: string }>) => findings.map((f) => f.code);

describe('auditCluster: targets and report structure', () => {
  it('reports a template target with its pod labels (reserved keys dropped, ref hash and a name-hash placeholder added)', () => {
    const r = auditCluster([template('python', 'agents')]);
    expect(r.targets).toHaveLength(1);
    const t = r.targets[0]!;
    expect(t.target).toEqual({ kind: 'SandboxTemplate', namespace: 'agents', name: 'python' });
    expect(t.labels).toEqual({ app: 'agent', 'agents.x-k8s.io/sandbox-template-ref-hash': templateRefHash('python'), 'agents.x-k8s.io/sandbox-name-hash': '<any sandbox>' });
    expect(t.policies.egress.map((p) => p.policy)).toEqual(['NetworkPolicy agents/python-network-policy']);
    expect(t.policies.egress[0]!.renderedFrom).toBe('SandboxTemplate agents/python');
    expect(t.egressIsolated).toBe(true);
    expect(t.ingressIsolated).toBe(true);
    expect(t.egressReachable.contains('93.184.215.14')).toBe(true);
    expect(t.egressReachable.contains('169.254.169.254')).toBe(false);
    expect(JSON.parse(JSON.stringify(t.egressReachable))).toContain('11.0.0.0/8');
  });

  it('lists the deciding objects per direction in evaluation order: Admin, NetworkPolicies, Baseline', () => {
    const r = auditCluster([
      template('t', 'a'),
      cnp('base', 'Baseline', 0, { ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }], egress: [{ action: 'Deny', to: [{ networks: ['0.0.0.0/0'] }] }] }),
      cnp('admin-in', 'Admin', 5, { ingress: [{ action: 'Accept', from: [{ namespaces: {} }] }] }),
      cnp('other-ns', 'Admin', 1, { egress: [{ action: 'Deny', to: [{ networks: ['0.0.0.0/0'] }] }] }, { namespaces: { matchLabels: { team: 'none' } } }),
    ]);
    const t = r.targets[0]!;
    expect(t.policies.ingress.map((p) => p.policy)).toEqual(['ClusterNetworkPolicy admin-in', 'NetworkPolicy a/t-network-policy', 'ClusterNetworkPolicy base']);
    expect(t.policies.egress.map((p) => p.policy)).toEqual(['NetworkPolicy a/t-network-policy', 'ClusterNetworkPolicy base']);
    // Baseline never decides egress here: the template's policy isolates it.
    expect(t.egressReachable.contains('8.8.8.8')).toBe(true);
  });

  it('an Unmanaged template has no policy: egress is not isolated', () => {
    const t = auditCluster([template('python', 'agents', { networkPolicyManagement: 'Unmanaged' })]).targets[0]!;
    expect(t.egressIsolated).toBe(false);
    expect(t.findings.find((f) => f.code === 'egress-unrestricted')).toMatchObject({ severity: 'critical', policy: null });
  });

  it('a Namespace with a representative pod per distinct podSelector when it has no templates or pods', () => {
    const r = auditCluster([
      np('a', 'team', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'] }),
      np('b', 'team', { podSelector: { matchLabels: { app: 'web' } }, ingress: [] }),
      np('c', 'team', { podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['db'] }] }, policyTypes: ['Egress'] }),
    ]);
    expect(r.targets.map((t) => [t.target.kind, t.target.name, t.labels])).toEqual([
      ['PodSelector', 'a', { app: 'web' }],
      ['PodSelector', 'c', { tier: 'db' }],
    ]);
    expect(r.targets[0]!.policies).toEqual({ ingress: [{ policy: 'NetworkPolicy team/b', tier: 'NetworkPolicy' }], egress: [{ policy: 'NetworkPolicy team/a', tier: 'NetworkPolicy' }] });
  });

  it('flattens Lists and reads objects without a namespace into options.namespace', () => {
    // kubectl flattens one level: a List inside a List's items is refused (test/policy/snapshot-read.test.ts).
    const r = auditCluster([{ apiVersion: 'v1', kind: 'List', items: [template('t', undefined as never)] }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }], { namespace: 'work' });
    expect(r.targets[0]!.target.namespace).toBe('work');
    expect(r.ignored).toEqual(['ConfigMap x']);
  });
});

describe('auditCluster: the cases the per-document audit got wrong', () => {
  it('no false alarm: default-deny egress plus an ingress-only policy is clean of critical and high', () => {
    const r = auditCluster([
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } }, spec: { containers: [] } },
      np('default-deny-egress', 'shop', { podSelector: {}, policyTypes: ['Egress'] }),
      np('allow-ingress', 'shop', { podSelector: {}, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'lb' } } }] }] }),
    ]);
    const t = r.targets[0]!;
    expect(t.egressReachable.isEmpty()).toBe(true);
    expect(t.findings.filter((f) => f.severity === 'critical' || f.severity === 'high')).toEqual([]);
    // The same policies alone (kubectl get networkpolicies): one representative pod, same verdict.
    const only = auditCluster([
      np('default-deny-egress', 'shop', { podSelector: {}, policyTypes: ['Egress'] }),
      np('allow-ingress', 'shop', { podSelector: {}, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'lb' } } }] }] }),
    ]);
    expect(only.targets.map((x) => x.target)).toEqual([{ kind: 'PodSelector', namespace: 'shop', name: 'allow-ingress' }]);
    expect(only.highest).toBe('info');
  });

  it('no false safety: a strict namespace policy and a Managed template are unioned', () => {
    const strict = np('strict-egress', 'agents', { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '140.82.112.0/20' } }], ports: [{ port: 443 }] }] });
    const r = auditCluster([template('python', 'agents'), strict]);
    const t = r.targets[0]!;
    expect(t.policies.egress.map((p) => p.policy)).toEqual(['NetworkPolicy agents/python-network-policy', 'NetworkPolicy agents/strict-egress']);
    expect(t.egressReachable.contains('93.184.215.14')).toBe(true);
    const f = t.findings.find((x) => x.code === 'managed-policy-unioned')!;
    expect(f).toMatchObject({ severity: 'high', policy: 'NetworkPolicy agents/python-network-policy' });
    expect(f.ranges).toContain('0.0.0.0/5');
    // Unmanaged: the strict policy alone decides.
    const u = auditCluster([template('python', 'agents', { networkPolicyManagement: 'Unmanaged' }), strict]).targets[0]!;
    expect(u.egressReachable.toCidrs()).toEqual(['140.82.112.0/20']);
    expect(codesOf(u.findings)).not.toContain('managed-policy-unioned');
  });

  it('recognises the controller policy read back from the cluster (kubectl get) as the template\'s', () => {
    const read = np('python-network-policy', 'agents', { podSelector: { matchLabels: { 'agents.x-k8s.io/sandbox-template-ref-hash': templateRefHash('python') } }, egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }], policyTypes: ['Egress'] });
    // The controller's own: a controller ownerReference to the template (a foreign one is not; test/policy/snapshot-read.test.ts).
    const owner = { apiVersion: 'extensions.agents.x-k8s.io/v1beta1', kind: 'SandboxTemplate', name: 'python', uid: 'u-1', controller: true };
    const rendered = { ...read, metadata: { ...(read.metadata as object), ownerReferences: [owner] } };
    const strict = np('strict-egress', 'agents', { podSelector: {}, policyTypes: ['Egress'] });
    const t = auditCluster([template('python', 'agents'), rendered, strict]).targets[0]!;
    expect(t.egressReachable.toCidrs()).toEqual(['0.0.0.0/0']); // the object as read, not a fresh render
    expect(t.findings.find((f) => f.code === 'managed-policy-unioned')?.policy).toBe('NetworkPolicy agents/python-network-policy');
  });

  it('a template stands for every sandbox name: Exists denies them all, NotIn and In leave one open', () => {
    const deny = (name: string, expr: object) => cnp(name, 'Admin', 1, { egress: [{ action: 'Deny', to: [{ networks: ['0.0.0.0/0'] }] }] }, { pods: { podSelector: { matchExpressions: [expr] } } });
    const key = 'agents.x-k8s.io/sandbox-name-hash';
    const reach = (expr: object) => auditCluster([template('t', 'a', { networkPolicyManagement: 'Unmanaged' }), deny('d', expr)]).targets[0]!.egressReachable.contains('1.1.1.1');
    expect(reach({ key, operator: 'Exists' })).toBe(false);
    // The sandbox whose name hashes to abcdef01 is not denied.
    expect(reach({ key, operator: 'NotIn', values: ['abcdef01'] })).toBe(true);
    expect(reach({ key, operator: 'In', values: ['abcdef01'] })).toBe(true);
    expect(reach({ key, operator: 'DoesNotExist' })).toBe(true);
  });

  it('attributes each reach finding to the object whose rule opened it', () => {
    const r = auditCluster([
      template('python', 'agents', { networkPolicyManagement: 'Unmanaged' }),
      np('deny', 'agents', { podSelector: {}, policyTypes: ['Egress'] }),
      cnp('imds', 'Admin', 1, { egress: [{ action: 'Accept', to: [{ networks: ['169.254.169.254/32'] }] }] }),
    ]);
    const f = r.targets[0]!.findings.find((x) => x.code === 'metadata-reachable')!;
    expect(f).toMatchObject({ policy: 'ClusterNetworkPolicy imds', path: 'spec.egress[0].to[0].networks[0]', ranges: ['169.254.169.254/32'] });
    expect(f.suggestion).toBeUndefined();
  });

  it('an Admin deny narrows what a NetworkPolicy opens, and the finding follows', () => {
    const r = auditCluster([template('python', 'agents'), cnp('no-cgnat', 'Admin', 1, { egress: [{ action: 'Deny', to: [{ networks: ['100.64.0.0/10'] }] }] })]);
    const t = r.targets[0]!;
    expect(t.egressReachable.contains('100.100.100.200')).toBe(false);
    expect(codesOf(t.findings)).not.toContain('cgnat-reachable');
    expect(t.policies.egress[0]).toEqual({ policy: 'ClusterNetworkPolicy no-cgnat', tier: 'Admin', priority: 1 });
  });

  it('flags Accepts to node addresses and Deny rules on domain names', () => {
    const t = auditCluster([
      template('t', 'a'),
      cnp('n', 'Admin', 1, { egress: [{ action: 'Accept', to: [{ nodes: {} }] }, { action: 'Deny', to: [{ domainNames: ['evil.example.com'] }] }] }),
    ]).targets[0]!;
    expect(t.findings.filter((f) => f.policy === 'ClusterNetworkPolicy n').map((f) => [f.code, f.path])).toEqual([
      ['domain-names-not-accept', 'spec.egress[1]'],
      ['node-peer-accepted', 'spec.egress[0]'],
    ]);
  });

  it('marks domain rules that can never apply', () => {
    const dom = (name: string, tier: 'Admin' | 'Baseline', priority: number, first?: object) =>
      cnp(name, tier, priority, { egress: [...(first ? [first] : []), { action: 'Accept', to: [{ domainNames: ['a.example.com'] }] }] });
    const all = { networks: ['0.0.0.0/0', '::/0'] };
    const effective = (objects: unknown[]) => auditCluster([template('t', 'a', { networkPolicyManagement: 'Unmanaged' }), ...objects]).targets[0]!.domainAllowances.map((d) => `${d.policy.split(' ')[1]}:${d.effective}`);
    expect(effective([dom('a1', 'Admin', 1), dom('b1', 'Baseline', 1)])).toEqual(['a1:true', 'b1:true']);
    expect(effective([dom('a1', 'Admin', 1, { action: 'Pass', to: [all] }), dom('a2', 'Admin', 2), dom('b1', 'Baseline', 1)])).toEqual(['a1:false', 'a2:false', 'b1:true']);
    expect(effective([dom('a1', 'Admin', 1, { action: 'Deny', to: [all] }), dom('b1', 'Baseline', 1)])).toEqual(['a1:false', 'b1:false']);
    expect(effective([dom('a1', 'Admin', 1, { action: 'Deny', to: [all], protocols: [{ tcp: { destinationPort: { number: 80 } } }] }), dom('b1', 'Baseline', 1)])).toEqual(['a1:true', 'b1:true']);
  });

  it('lists domain allowances and whether a rule can apply', () => {
    const fx = parse(readFileSync(join(FIXTURES, 'cluster', 'sandbox-example.yaml'), 'utf8')) as { objects: unknown[] };
    const r = auditCluster(fx.objects);
    const teamB = r.targets.find((t) => t.target.name === 'team-b')!;
    expect(teamB.domainAllowances.map((d) => [d.policy, d.domains.length, d.effective])).toEqual([
      ['ClusterNetworkPolicy sandbox-egress-allow-github', 3, true],
      ['ClusterNetworkPolicy sandbox-egress-team-b-allow-pypi', 2, true],
    ]);
    expect(teamB.egressReachable.toCidrs()).toEqual(['1.1.1.1/32', '8.8.8.8/32']);
    const teamA = r.targets.find((t) => t.target.name === 'team-a')!;
    expect(teamA.domainAllowances.map((d) => d.policy)).toEqual(['ClusterNetworkPolicy sandbox-egress-allow-github']);
    expect(r.targets.find((t) => t.target.name === 'tool-server')!.policies.egress).toEqual([]);
  });
});

describe('auditCluster: object-level findings', () => {
  it('reports invalid objects and leaves them out', () => {
    const r = auditCluster([
      cnp('bad', 'Admin', 1001, { egress: [{ action: 'Allow', to: [{ networks: ['10.0.0.0/33'] }], protocols: [{ tcp: { destinationPort: { range: { start: 9, end: 9 } } } }] }] }),
      cnp('dn', 'Admin', 1, { egress: [{ action: 'Accept', to: [{ domainNames: ['localhost', '*.com', '*.example.com', 'a_b.example.com.'] }] }] }),
      np('bad-np', 'x', { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['11.0.0.0/8'] } }] }] }),
    ]);
    const invalid = r.findings.filter((f) => f.code === 'api-invalid').map((f) => [f.policy, f.path]);
    expect(invalid).toEqual(
      expect.arrayContaining([
        ['ClusterNetworkPolicy bad', 'spec.priority'],
        ['ClusterNetworkPolicy bad', 'spec.egress[0].action'],
        ['ClusterNetworkPolicy bad', 'spec.egress[0].to[0].networks[0]'],
        ['ClusterNetworkPolicy bad', 'spec.egress[0].protocols[0].tcp.destinationPort.range'],
        ['ClusterNetworkPolicy dn', 'spec.egress[0].to[0].domainNames[0]'],
        ['NetworkPolicy x/bad-np', 'spec.egress[0].to[0].ipBlock.except[0]'],
      ]),
    );
    // The CRD's pattern needs two labels after an optional `*.`: `*.com` is rejected like `localhost`.
    expect(invalid.filter(([, p]) => String(p).startsWith('spec.egress[0].to[0].domainNames')).map(([, p]) => p)).toEqual(['spec.egress[0].to[0].domainNames[0]', 'spec.egress[0].to[0].domainNames[1]']);
    expect(r.findings.find((f) => f.path === 'spec.egress[0].protocols[0].tcp.destinationPort.range')!.message).toMatch(/Start port must be less than End port/);
    expect(r.targets.map((t) => t.target.name)).toEqual([]);
    // A modelled kind under an apiVersion that does not serve it is reported, not dropped silently.
    const wrong = auditCluster([{ ...cnp('x', 'Admin', 1, {}), apiVersion: 'policy.networking.k8s.io/v1alpha1' }]);
    expect(wrong.findings.find((f) => f.code === 'api-invalid')).toMatchObject({ policy: 'ClusterNetworkPolicy x', path: 'apiVersion' });
  });

  it('refuses an ingress rule with both from and _from (two readers would see different peers), as audit and explain do', () => {
    const both = np('both', 'a', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'router' } } }], _from: [] }] });
    const r = auditCluster([ns('a'), both]);
    expect(r.findings.filter((f) => f.code === 'api-invalid').map((f) => [f.policy, f.path])).toEqual([['NetworkPolicy a/both', 'spec.ingress[0]']]);
    expect(r.findings.find((f) => f.code === 'api-invalid')!.message).toMatch(/both `from` and `_from`/);
    // Left out: no target is built from it (nothing else is in the namespace).
    expect(r.targets).toEqual([]);
    // `_from` alone is client-node's name for `from`: read as such.
    const clientShape = np('client', 'a', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ _from: [{ podSelector: { matchLabels: { app: 'router' } } }] }] });
    const ok = auditCluster([ns('a'), clientShape]);
    expect(ok.findings.filter((f) => f.code === 'api-invalid')).toEqual([]);
    expect(ok.targets[0]!.ingressIsolated).toBe(true);
    const verdict = (from: Record<string, string>) =>
      evaluateTraffic([ns('a'), clientShape, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'a' } }], {
        from: { namespace: 'a', labels: from },
        to: { target: { kind: 'Pod', namespace: 'a', name: 'p' } },
        port: 80,
      }).allowed;
    expect([verdict({ app: 'router' }), verdict({ app: 'other' })]).toEqual([true, false]);
  });

  it('reports a v1alpha1 template as deprecated in its target report, next to its reachability', () => {
    const old = { ...template('old', 'a'), apiVersion: 'extensions.agents.x-k8s.io/v1alpha1' };
    const r = auditCluster([old, template('new', 'a')]);
    const byName = Object.fromEntries(r.targets.map((t) => [t.target.name, t.findings.filter((f) => f.code === 'deprecated-api-version')]));
    expect(byName.old).toEqual([expect.objectContaining({ severity: 'low', path: 'apiVersion', policy: 'SandboxTemplate a/old' })]);
    expect(byName.new).toEqual([]);
    expect(r.counts.low).toBeGreaterThanOrEqual(1);
  });

  it('reports a template whose pod labels are invalid', () => {
    const bad = template('t', 'a');
    (bad.spec.podTemplate.metadata.labels as Record<string, string>)['bad key!'] = 'x';
    const r = auditCluster([bad]);
    expect(r.findings.find((f) => f.code === 'api-invalid')).toMatchObject({ policy: 'SandboxTemplate a/t', path: 'spec.podTemplate.metadata.labels' });
    expect(r.targets).toEqual([]);
  });

  it('reports hash collisions of templates in one namespace', () => {
    const r = auditCluster([template('costarring', 'a'), template('liquid', 'a'), template('liquid', 'b')]);
    const f = r.findings.filter((x) => x.code === 'hash-collision');
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toMatch(/costarring.*liquid.*5e4daa9d/);
  });

  it('reports equal-priority ClusterNetworkPolicies with different actions that select the same pods', () => {
    const objs = [template('t', 'a'), cnp('x-deny', 'Admin', 7, { egress: [{ action: 'Deny', to: [{ networks: ['1.0.0.0/8'] }] }] }), cnp('y-accept', 'Admin', 7, { egress: [{ action: 'Accept', to: [{ networks: ['1.0.0.0/8'] }] }] })];
    const f = auditCluster(objs).findings.filter((x) => x.code === 'cnp-priority-tie');
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toMatch(/x-deny first/);
    // Deterministic tie-break by name: x-deny wins.
    expect(evaluateTraffic(objs, { from: { target: { kind: 'SandboxTemplate', namespace: 'a', name: 't' } }, to: { ip: '1.2.3.4' }, port: 1 }).policy).toBe('ClusterNetworkPolicy x-deny');
    const same = [objs[0], objs[1], cnp('z-deny', 'Admin', 7, { egress: [{ action: 'Deny', to: [{ networks: ['2.0.0.0/8'] }] }] })];
    expect(codesOf(auditCluster(same).findings)).not.toContain('cnp-priority-tie');
  });

  it('every new code is in the catalogue with a severity and a reason', () => {
    for (const c of CLUSTER_FINDING_CODES) expect(c.reason.length).toBeGreaterThan(20);
    expect(Object.isFrozen(CLUSTER_FINDING_CODES)).toBe(true);
  });
});

describe('auditCluster and explainTarget: hostile input fails closed', () => {
  const cyclic: Record<string, unknown> = { kind: 'List' };
  cyclic.items = [cyclic];
  const throwing = [{ get kind(): string { throw new Error('boom'); } }];
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const deep = JSON.parse('['.repeat(200) + ']'.repeat(200));
  const CASES: Array<[string, unknown, string]> = [
    ['a cycle', cyclic, 'objects.items[0]'],
    ['a throwing getter', throwing, 'objects[0].kind'],
    ['a revoked proxy', [revoked.proxy], 'objects[0]'],
    ['a BigInt', [{ kind: 'Pod', spec: { n: 1n } }], 'objects[0].spec.n'],
    ['deep nesting', deep, 'objects'],
    ['not a list', 'x', 'objects'],
  ];
  it.each(CASES)('%s', (_, input, path) => {
    try {
      auditCluster(input);
      expect.unreachable();
    } catch (err) {
      expect(isSandboxPolicyError(err)).toBe(true);
      expect((err as { issues: Array<{ path: string }> }).issues[0]!.path.startsWith(path)).toBe(true);
    }
  });

  it('keeps __proto__ keys as data and does not mutate its input', () => {
    const input = JSON.parse('[{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"n","labels":{"__proto__":"x"}}}]');
    const copy = structuredClone(input);
    const r = auditCluster(input);
    expect(input).toEqual(copy);
    expect(r.findings.some((f) => f.code === 'api-invalid')).toBe(true);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('any value: a report or a SandboxPolicyError, never another error', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withMap: true, withSet: true, withNullPrototype: true, withTypedArray: true }), (value) => {
        try {
          auditCluster(value);
          auditCluster([value]);
        } catch (err) {
          if (!isSandboxPolicyError(err)) throw err;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('any options, any connection: a result or a SandboxPolicyError, never another error', () => {
    const objects = [template('t', 'a')];
    const anything = fc.anything({ withBigInt: true, withMap: true, withNullPrototype: true });
    fc.assert(
      fc.property(anything, anything, anything, (options, connection, endpoint) => {
        for (const call of [
          () => auditCluster(objects, options as never),
          () => explainTarget(objects, endpoint as never, options as never),
          () => evaluateTraffic(objects, connection as never, options as never),
          () => evaluateTraffic(objects, { from: { target: { kind: 'SandboxTemplate', namespace: 'a', name: 't' } }, to: endpoint, port: 443 } as never),
        ]) {
          try {
            call();
          } catch (err) {
            if (!isSandboxPolicyError(err)) throw err;
          }
        }
      }),
      { numRuns: 200 },
    );
    expect(() => auditCluster(objects, { clusterDnsIps: [5] } as never)).toThrow(/options.clusterDnsIps/);
    expect(() => auditCluster(objects, { nope: 1 } as never)).toThrow(/options.nope/);
  });

  it('explainTarget names the tiers in order and fails closed on an unknown target', () => {
    const fx = parse(readFileSync(join(FIXTURES, 'cluster', 'sandbox-example.yaml'), 'utf8')) as { objects: unknown[] };
    const text = explainTarget(fx.objects, { kind: 'Pod', namespace: 'sandbox-team-a', name: 'raw-sandbox' });
    expect(text).toMatch(/^Pod sandbox-team-a\/raw-sandbox: pods with agents\.x-k8s\.io\/sandbox-name-hash=1a2b3c4d\./);
    expect(text.indexOf('sandbox-egress-pass-shared-tools')).toBeLessThan(text.indexOf('sandbox-egress-default-deny'));
    expect(text).toMatch(/2\. NetworkPolicies: none isolates egress\.\n3\. Baseline tier/);
    expect(() => explainTarget(fx.objects, { kind: 'Pod', namespace: 'x', name: 'y' })).toThrow(/no target/);
  });
});

describe('property: auditCluster reachable set agrees with evaluateTraffic', () => {
  const CIDRS = ['0.0.0.0/0', '10.0.0.0/8', '10.1.0.0/16', '8.8.8.0/24', '169.254.0.0/16', '::/0', 'fc00::/7', '2001:db8::/32'];
  const EXCEPTS: Record<string, string[]> = { '0.0.0.0/0': ['10.0.0.0/8', '169.254.0.0/16'], '10.0.0.0/8': ['10.1.0.0/16'], '::/0': ['fc00::/7'] };
  const PORTS = [53, 80, 443];
  const SAMPLES = ['10.0.0.1', '10.1.2.3', '8.8.8.8', '8.8.9.1', '169.254.169.254', '1.2.3.4', 'fd00::1', '2001:db8::5', '2600::1', '0.0.0.1'];
  const portsArb = fc.option(
    fc.array(fc.record({ protocol: fc.constantFrom('TCP', 'UDP'), port: fc.constantFrom(...PORTS), wide: fc.boolean() }), { minLength: 1, maxLength: 2 }),
    { nil: undefined },
  );
  const npArb = fc.record({
    selects: fc.boolean(),
    types: fc.constantFrom(undefined, ['Egress'], ['Ingress'], ['Ingress', 'Egress']),
    rules: fc.array(fc.record({ to: fc.option(fc.array(fc.record({ cidr: fc.constantFrom(...CIDRS), except: fc.boolean() }), { maxLength: 2 }), { nil: undefined }), ports: portsArb }), { maxLength: 2 }),
  });
  const cnpArb = fc.record({
    tier: fc.constantFrom('Admin', 'Baseline'),
    priority: fc.integer({ min: 0, max: 3 }),
    selects: fc.boolean(),
    rules: fc.array(fc.record({ action: fc.constantFrom('Accept', 'Deny', 'Pass'), cidrs: fc.uniqueArray(fc.constantFrom(...CIDRS), { minLength: 1, maxLength: 2 }), ports: portsArb }), { minLength: 1, maxLength: 3 }),
  });
  const toProtocols = (ports: Array<{ protocol: string; port: number; wide: boolean }> | undefined) =>
    ports?.map((p) => ({ [p.protocol.toLowerCase()]: { destinationPort: p.wide ? { range: { start: p.port, end: p.port + 100 } } : { number: p.port } } }));
  const toPorts = (ports: Array<{ protocol: string; port: number; wide: boolean }> | undefined) => ports?.map((p) => ({ protocol: p.protocol, port: p.port, ...(p.wide ? { endPort: p.port + 100 } : {}) }));

  it('an address is reachable exactly when some port and protocol is allowed to it', () => {
    fc.assert(
      fc.property(fc.array(npArb, { maxLength: 3 }), fc.array(cnpArb, { maxLength: 4 }), (nps, cnps) => {
        const objects: unknown[] = [
          { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns', labels: { app: 'p' } }, spec: { containers: [] } },
          ...nps.map((n, i) =>
            np(`np${i}`, 'ns', {
              podSelector: n.selects ? {} : { matchLabels: { app: 'other' } },
              ...(n.types ? { policyTypes: n.types } : {}),
              egress: n.rules.map((r) => ({
                ...(r.to ? { to: r.to.map((t) => ({ ipBlock: { cidr: t.cidr, ...(t.except && EXCEPTS[t.cidr] ? { except: EXCEPTS[t.cidr] } : {}) } })) } : {}),
                ...(r.ports ? { ports: toPorts(r.ports) } : {}),
              })),
            }),
          ),
          ...cnps.map((c, i) =>
            cnp(`c${i}`, c.tier as 'Admin', c.priority, { egress: c.rules.map((r) => ({ action: r.action, to: [{ networks: r.cidrs }], ...(r.ports ? { protocols: toProtocols(r.ports) } : {}) })) }, c.selects ? { namespaces: {} } : { namespaces: { matchLabels: { team: 'none' } } }),
          ),
        ];
        const report = auditCluster(objects);
        const reach = report.targets.find((t) => t.target.kind === 'Pod')!.egressReachable;
        const checkPorts = [...new Set([1, 65535, ...PORTS.flatMap((p) => [p - 1, p, p + 1, p + 100, p + 101])])];
        for (const ip of SAMPLES) {
          const anyAllowed = (['TCP', 'UDP', 'SCTP'] as const).some((protocol) =>
            checkPorts.some((port) => evaluateTraffic(objects, { from: { target: { kind: 'Pod', namespace: 'ns', name: 'p' } }, to: { ip }, port, protocol }).allowed),
          );
          expect(reach.contains(ip), `${ip}`).toBe(anyAllowed);
        }
      }),
      { numRuns: 40 },
    );
  });
});
