// evaluateTraffic in snapshot mode with Node objects (ClusterNetworkPolicy `nodes` peers) and
// dual-stack pods (several `status.podIPs`). Self-generated fixtures; the `nodes` semantics (the
// destination address is an address of a node the selector matches, `{}` every node) follow the
// network-policy-api v1alpha2 API documentation.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateTraffic, isSandboxPolicyError, type ConnectionEndpoint } from '../../src/index.js';
import { endpointPairs } from '../../src/cluster/decide.js';
import { cnp, np, ns } from '../support/cluster-objects.js';

const pod = (name: string, namespace: string, labels: Record<string, string>, ips: string[], extra: object = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, labels },
  spec: { containers: [], ...extra },
  status: { podIP: ips[0], podIPs: ips.map((ip) => ({ ip })) },
});
const node = (name: string, labels: Record<string, string>, addresses: Array<[string, string]>) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, status: { addresses: addresses.map(([type, address]) => ({ type, address })) } });
const target = (namespace: string, name: string): ConnectionEndpoint => ({ target: { kind: 'Pod', namespace, name } });

const A = pod('a', 'ns1', { app: 'a' }, ['10.0.0.1']);
const NODES = [node('cp', { 'node-role.kubernetes.io/control-plane': '' }, [['InternalIP', '192.168.0.10'], ['InternalIP', 'fd00::10'], ['Hostname', 'cp']]), node('w1', { role: 'worker' }, [['InternalIP', '192.168.0.11'], ['ExternalIP', '203.0.113.11']])];
const base = [ns('ns1'), ns('ns2'), A, ...NODES];
const toIp = (objects: unknown[], ip: string, port = 10250) => evaluateTraffic([...base, ...objects], { from: target('ns1', 'a'), to: { ip }, port });
const denyNodes = (selector: object, action: 'Deny' | 'Accept' = 'Deny') => cnp('nodes', 'Admin', 5, { egress: [{ action, to: [{ nodes: selector }] }] });

describe('ClusterNetworkPolicy nodes peers', () => {
  it('match an address of a node whose labels the selector matches', () => {
    const cp = { matchExpressions: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }] };
    expect(toIp([denyNodes(cp)], '192.168.0.10')).toMatchObject({ allowed: false, tier: 'Admin', policy: 'ClusterNetworkPolicy nodes', rule: 'spec.egress[0]' });
    expect(toIp([denyNodes(cp)], 'fd00::10').allowed).toBe(false);
    expect(toIp([denyNodes(cp)], 'fd00:0:0::10').allowed).toBe(false); // the same address in another spelling
    expect(toIp([denyNodes(cp)], '192.168.0.11').allowed).toBe(true); // a worker
    expect(toIp([denyNodes(cp)], '192.168.0.99').allowed).toBe(true); // no node
  });

  it('{} selects every node, every address of it (internal and external)', () => {
    for (const ip of ['192.168.0.10', 'fd00::10', '192.168.0.11', '203.0.113.11']) expect(toIp([denyNodes({})], ip).allowed, ip).toBe(false);
    expect(toIp([denyNodes({})], '198.51.100.1').allowed).toBe(true);
  });

  it('an Accept to nodes wins over a later Deny-all, for node addresses only', () => {
    const denyAll = cnp('deny-all', 'Admin', 10, { egress: [{ action: 'Deny', to: [{ networks: ['0.0.0.0/0', '::/0'] }] }] });
    expect(toIp([denyNodes({ matchLabels: { role: 'worker' } }, 'Accept'), denyAll], '192.168.0.11')).toMatchObject({ allowed: true, policy: 'ClusterNetworkPolicy nodes' });
    expect(toIp([denyNodes({ matchLabels: { role: 'worker' } }, 'Accept'), denyAll], '192.168.0.10')).toMatchObject({ allowed: false, policy: 'ClusterNetworkPolicy deny-all' });
  });

  it('a host-network pod on a node is reached at the node address', () => {
    const agent = pod('agent', 'ns2', { app: 'agent' }, ['192.168.0.11'], { hostNetwork: true });
    const v = evaluateTraffic([...base, agent, denyNodes({ matchLabels: { role: 'worker' } })], { from: target('ns1', 'a'), to: target('ns2', 'agent'), port: 9100 });
    expect(v).toMatchObject({ allowed: false, policy: 'ClusterNetworkPolicy nodes' });
  });

  it('without Node objects a nodes peer matches nothing', () => {
    expect(evaluateTraffic([ns('ns1'), A, denyNodes({})], { from: target('ns1', 'a'), to: { ip: '192.168.0.10' }, port: 22 }).allowed).toBe(true);
  });

  it('property: a Deny to nodes denies exactly the addresses of the matching nodes', () => {
    const octet = fc.integer({ min: 1, max: 254 });
    fc.assert(
      fc.property(fc.array(fc.record({ worker: fc.boolean(), last: octet }), { minLength: 1, maxLength: 5 }), octet, (spec, probe) => {
        const nodes = spec.map((n, i) => node(`n${i}`, n.worker ? { role: 'worker' } : {}, [['InternalIP', `172.16.0.${n.last}`]]));
        const ip = `172.16.0.${probe}`;
        const denied = spec.some((n) => n.worker && n.last === probe);
        const v = evaluateTraffic([ns('ns1'), A, ...nodes, denyNodes({ matchLabels: { role: 'worker' } })], { from: target('ns1', 'a'), to: { ip }, port: 443 });
        expect(v.allowed).toBe(!denied);
      }),
      { numRuns: 100 },
    );
  });
});

describe('dual-stack pods: every IP of status.podIPs', () => {
  const D = pod('d', 'ns2', { app: 'd' }, ['10.0.0.2', 'fd00::2']);
  const S = pod('s', 'ns1', { app: 's' }, ['10.0.0.3', 'fd00::3']);
  const objs = [ns('ns1'), ns('ns2'), D, S];
  const eval_ = (extra: unknown[], family?: 'IPv4' | 'IPv6') => evaluateTraffic([...objs, ...extra], { from: target('ns1', 's'), to: target('ns2', 'd'), port: 80, ...(family ? { family } : {}) });

  it('a connection to the pod is allowed if allowed to one of its addresses (of the family asked)', () => {
    const denyV4 = cnp('deny-v4', 'Admin', 1, { egress: [{ action: 'Deny', to: [{ networks: ['10.0.0.0/8'] }] }] });
    expect(eval_([denyV4]).allowed).toBe(true); // over IPv6
    expect(eval_([denyV4], 'IPv4')).toMatchObject({ allowed: false, policy: 'ClusterNetworkPolicy deny-v4' });
    expect(eval_([denyV4], 'IPv6').allowed).toBe(true);
    const denyBoth = cnp('deny-both', 'Admin', 1, { egress: [{ action: 'Deny', to: [{ networks: ['10.0.0.0/8', 'fd00::/8'] }] }] });
    expect(eval_([denyBoth]).allowed).toBe(false);
  });

  it('the destination address second in podIPs counts (a Deny on the first alone does not hide it)', () => {
    const denyFirst = cnp('deny-first', 'Admin', 1, { egress: [{ action: 'Deny', to: [{ networks: ['10.0.0.2/32'] }] }] });
    expect(eval_([denyFirst]).allowed).toBe(true);
  });

  it('as a source, ipBlock peers match on any of its addresses', () => {
    const isolate = np('only-v6-from', 'ns2', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: 'fd00::3/128' } }] }] });
    expect(eval_([isolate])).toMatchObject({ allowed: true, ingress: { allowed: true, tier: 'NetworkPolicy', policy: 'NetworkPolicy ns2/only-v6-from' } });
    expect(eval_([isolate], 'IPv4').allowed).toBe(false);
  });

  it('a family the pod has no address of is an error naming the side', () => {
    const v4only = pod('v4', 'ns1', {}, ['10.0.0.9']);
    try {
      evaluateTraffic([...objs, v4only], { from: target('ns1', 'v4'), to: target('ns2', 'd'), port: 80, family: 'IPv6' });
      expect.unreachable();
    } catch (e) {
      expect(isSandboxPolicyError(e) && e.issues.map((i) => i.path)).toEqual(['connection.from']);
    }
    expect(() => evaluateTraffic(objs, { from: target('ns1', 's'), to: target('ns2', 'd'), port: 80, family: 'IPv5' as never })).toThrow(/connection.family/);
  });

  it('endpointPairs: same-family pairs, in order; every combination when no family is shared', () => {
    const p = (ips: string[]) => ({ namespace: 'x', ips });
    const ipsOf = (pairs: ReturnType<typeof endpointPairs>) => pairs.map(([a, b]) => [a.ip, b.ip]);
    expect(ipsOf(endpointPairs(p(['10.0.0.1', 'fd00::1']), p(['fd00::2', '10.0.0.2'])))).toEqual([['10.0.0.1', '10.0.0.2'], ['fd00::1', 'fd00::2']]);
    expect(ipsOf(endpointPairs(p(['10.0.0.1', 'fd00::1']), p(['fd00::2', '10.0.0.2']), 6))).toEqual([['fd00::1', 'fd00::2']]);
    expect(ipsOf(endpointPairs(p(['10.0.0.1']), { ip: 'fd00::2' }))).toEqual([['10.0.0.1', 'fd00::2']]);
    expect(ipsOf(endpointPairs(p([]), p(['10.0.0.2', 'fd00::2'])))).toEqual([[undefined, '10.0.0.2'], [undefined, 'fd00::2']]);
  });

  it('property: allowed exactly when allowed for the pod with one of its addresses alone', () => {
    const cidrs = fc.constantFrom('10.0.0.0/8', '10.0.0.2/32', 'fd00::/8', 'fd00::2/128', '0.0.0.0/0', '::/0');
    fc.assert(
      fc.property(fc.array(fc.record({ action: fc.constantFrom('Deny', 'Accept'), cidr: cidrs }), { maxLength: 4 }), fc.constantFrom(undefined, 'IPv4', 'IPv6'), (rules, family) => {
        const policies = rules.map((r, i) => cnp(`p${i}`, 'Admin', i, { egress: [{ action: r.action, to: [{ networks: [r.cidr] }] }] }));
        const both = eval_(policies, family as 'IPv4' | undefined).allowed;
        const single = (ip: string) =>
          evaluateTraffic([ns('ns1'), ns('ns2'), pod('d', 'ns2', { app: 'd' }, [ip]), pod('s', 'ns1', { app: 's' }, [ip.includes(':') ? 'fd00::3' : '10.0.0.3']), ...policies], { from: target('ns1', 's'), to: target('ns2', 'd'), port: 80 }).allowed;
        const candidates = family === 'IPv4' ? ['10.0.0.2'] : family === 'IPv6' ? ['fd00::2'] : ['10.0.0.2', 'fd00::2'];
        expect(both).toBe(candidates.some(single));
      }),
      { numRuns: 150 },
    );
  });
});
