import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import {
  CidrSet,
  METADATA_ENDPOINTS,
  SANDBOX_NAME_HASH_LABEL,
  SENSITIVE_RANGES,
  clusterGuardrailFor,
  excludedRanges,
  GUARDRAIL_SENSITIVE_EXCEPTIONS_ANNOTATION,
  isSandboxPolicyError,
  requiredCrdChannel,
  validateClusterNetworkPolicy,
  type ClusterNetworkPolicy,
  type ClusterNetworkPolicyEgressRule,
  type GuardrailOptions,
} from '../../src/index.js';
import { FIXTURES, deepFreeze, shuffleKeys } from '../helpers.js';
import { crdErrors } from '../support/crd-schema.js';

const egressRules = (policies: readonly ClusterNetworkPolicy[], tier = 'Admin'): ClusterNetworkPolicyEgressRule[] =>
  policies.filter((p) => p.spec.tier === tier).flatMap((p) => p.spec.egress ?? []);
const networksOf = (rules: readonly ClusterNetworkPolicyEgressRule[], action: string): CidrSet =>
  CidrSet.from(rules.filter((r) => r.action === action).flatMap((r) => r.to.flatMap((peer) => peer.networks ?? [])));
const issuesOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (err) {
    if (isSandboxPolicyError(err)) return err.issues.map((i) => i.path);
    throw err;
  }
  return [];
};

/** Every object valid for our validator and for ajv with the CRD, on the channel it needs (and experimental). */
function expectValid(policies: readonly ClusterNetworkPolicy[]): void {
  const channel = requiredCrdChannel(policies);
  for (const p of policies) {
    for (const ch of new Set([channel, 'experimental' as const])) {
      expect(validateClusterNetworkPolicy(p, { channel: ch }).filter((i) => i.severity === 'error')).toEqual([]);
      expect(crdErrors(p, ch)).toEqual([]);
    }
  }
}

describe('clusterGuardrailFor() with no options', () => {
  const policies = clusterGuardrailFor();

  it('is one Admin policy denying the sensitive set (cluster DNS passed to the templates), selecting every sandbox pod', () => {
    expect(policies).toHaveLength(1);
    const [p] = policies;
    expect(p!.metadata.name).toBe('sandbox-guardrail');
    expect(p!.spec.tier).toBe('Admin');
    expect(p!.spec.priority).toBe(10);
    expect(p!.spec.subject).toEqual({
      pods: { namespaceSelector: {}, podSelector: { matchExpressions: [{ key: SANDBOX_NAME_HASH_LABEL, operator: 'Exists' }] } },
    });
    expect(p!.spec.egress!.map((r) => `${r.action} ${r.name}`)).toEqual(['Pass cluster-dns', 'Deny deny-sensitive-ranges']);
    expect(p!.spec.ingress).toBeUndefined();
  });

  it('needs only the standard channel and is valid there (our validator and ajv with the CRD)', () => {
    expect(requiredCrdChannel(policies)).toBe('standard');
    expectValid(policies);
  });

  it('denies every range the hardened profile excepts, every metadata endpoint and every sensitive class down to medium', () => {
    const denied = networksOf(egressRules(policies), 'Deny');
    const hardened = excludedRanges('hardened');
    for (const e of hardened.ipv4.except) expect(denied.containsSet(CidrSet.from([e.cidr])), e.cidr).toBe(true);
    for (const e of hardened.ipv6.except) expect(denied.containsSet(CidrSet.from([e.cidr])), e.cidr).toBe(true);
    expect(denied.containsSet(CidrSet.all(6).subtract(CidrSet.from([hardened.ipv6.cidr])))).toBe(true);
    for (const e of METADATA_ENDPOINTS) expect(denied.contains(e.cidr), e.cidr).toBe(true);
    for (const r of SENSITIVE_RANGES.filter((s) => s.severity !== 'low')) {
      for (const cidr of r.cidrs) expect(denied.containsSet(CidrSet.from([cidr])), `${r.code} ${cidr}`).toBe(true);
    }
  });

  it('leaves the public internet to the templates', () => {
    const denied = networksOf(egressRules(policies), 'Deny');
    for (const ip of ['8.8.8.8', '1.1.1.1', '140.82.112.3', '2606:4700:4700::1111', '2a00:1450:4001::64']) expect(denied.contains(ip), ip).toBe(false);
  });

  it('returns deep-frozen, fresh objects in the CRD Go field order', () => {
    const again = clusterGuardrailFor();
    expect(again).not.toBe(policies);
    expect(JSON.stringify(again)).toBe(JSON.stringify(policies));
    const frozen = (v: unknown): boolean => typeof v !== 'object' || v === null || (Object.isFrozen(v) && Object.values(v).every(frozen));
    expect(frozen(policies)).toBe(true);
    const [p] = policies;
    expect(Object.keys(p!)).toEqual(['kind', 'apiVersion', 'metadata', 'spec']);
    expect(Object.keys(p!.spec)).toEqual(['tier', 'priority', 'subject', 'egress']);
    expect(Object.keys(p!.spec.subject.pods!)).toEqual(['namespaceSelector', 'podSelector']);
    expect(Object.keys(p!.spec.egress![0]!)).toEqual(['name', 'action', 'to', 'protocols']);
    expect(Object.keys(p!.spec.egress![1]!)).toEqual(['name', 'action', 'to']);
  });
});

describe("the agent-sandbox example's objects, generated (independent: upstream's hand-written 40- and 60- manifests)", () => {
  const upstream = parseAllDocuments(readFileSync(join(FIXTURES, 'cluster-network-policies', 'agent-sandbox-example.yaml'), 'utf8')).map(
    (d) => d.toJS() as ClusterNetworkPolicy,
  );
  const dnsUpstream = upstream[0]!.spec.egress!.find((r) => r.name === 'public-resolvers-used-by-secure-default')!;
  const clusterDnsUpstream = upstream[0]!.spec.egress!.find((r) => r.name === 'cluster-dns')!;
  const pypiUpstream = upstream[1]!;
  const policies = clusterGuardrailFor({
    allowDomains: ['pypi.org', 'files.pythonhosted.org'],
    namespaceSelector: { matchLabels: { team: 'b' } },
    denyAllOtherEgress: true,
  });
  const rules = egressRules(policies);

  it('has the same subject, DNS rule and domain rule as upstream wrote by hand', () => {
    expect(policies[0]!.spec.subject).toEqual(pypiUpstream.spec.subject);
    const dns = rules.find((r) => r.name === 'dns')!;
    expect({ ...dns, name: undefined }).toEqual({ ...dnsUpstream, name: undefined });
    // Upstream's final revision turned this rule's Accept into a Pass (spec §4); the peers and ports are the same.
    expect(rules.find((r) => r.name === 'cluster-dns')).toEqual({ ...clusterDnsUpstream, action: 'Pass' });
    const domains = rules.find((r) => r.name === 'allow-domains')!;
    expect({ ...domains, name: undefined }).toEqual({ ...pypiUpstream.spec.egress![0], name: undefined });
  });

  it('orders them: DNS (spec §3.7), the sensitive Deny, then the domains, then the rest denied; it needs the experimental channel', () => {
    expect(rules.map((r) => `${r.action} ${r.name}`)).toEqual(['Pass cluster-dns', 'Accept dns', 'Deny deny-sensitive-ranges', 'Accept allow-domains', 'Deny deny-all-other-egress']);
    expect(rules.at(-1)!.to).toEqual([{ networks: ['0.0.0.0/0', '::/0'] }]);
    expect(requiredCrdChannel(policies)).toBe('experimental');
    expectValid(policies);
  });
});

describe('options', () => {
  it('passTo comes first, as Pass rules on the given ports', () => {
    const policies = clusterGuardrailFor({ passTo: [{ name: 'shared-tools', namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'shared-tools' } }, ports: [{ port: 8080 }] }] });
    expect(egressRules(policies)[0]).toEqual({
      name: 'shared-tools',
      action: 'Pass',
      to: [{ namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'shared-tools' } } }],
      protocols: [{ tcp: { destinationPort: { number: 8080 } } }],
    });
    expectValid(policies);
  });

  it('ports become numbers or ranges of the given protocol', () => {
    const rules = egressRules(clusterGuardrailFor({ allowDomains: ['a.io'], ports: [{ port: 443 }, { protocol: 'UDP', port: 443, endPort: 443 }, { protocol: 'SCTP', port: 9000, endPort: 9100 }] }));
    expect(rules.find((r) => r.name === 'allow-domains')!.protocols).toEqual([
      { tcp: { destinationPort: { number: 443 } } },
      { udp: { destinationPort: { number: 443 } } },
      { sctp: { destinationPort: { range: { start: 9000, end: 9100 } } } },
    ]);
  });

  it('nameservers given: the DNS Accept is emitted, canonical, before every Deny', () => {
    const rules = egressRules(clusterGuardrailFor({ nameservers: ['169.254.20.10', '2001:4860:4860:0:0:0:0:8888'], clusterDns: false, allowSensitive: ['169.254.20.10/32'] }));
    expect(rules.map((r) => r.name)).toEqual(['dns', 'deny-sensitive-ranges']);
    expect(rules[0]!.to).toEqual([{ networks: ['169.254.20.10/32', '2001:4860:4860::8888/128'] }]);
  });

  it('clusterDns: another resolver, or none', () => {
    const custom = egressRules(clusterGuardrailFor({ clusterDns: { namespace: 'dns', podLabels: { app: 'coredns' } } }))[0]!;
    expect(custom.to).toEqual([{ pods: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'dns' } }, podSelector: { matchLabels: { app: 'coredns' } } } }]);
    expect(custom.protocols).toEqual([{ udp: { destinationPort: { number: 53 } } }, { tcp: { destinationPort: { number: 53 } } }]);
    expect(egressRules(clusterGuardrailFor({ clusterDns: false })).map((r) => r.name)).toEqual(['deny-sensitive-ranges']);
  });

  it('clusterCidrs are denied too', () => {
    const denied = networksOf(egressRules(clusterGuardrailFor({ clusterCidrs: ['203.0.113.0/24', '2600:1f00::/40'] })), 'Deny');
    expect(denied.containsSet(CidrSet.from(['203.0.113.0/24', '2600:1f00::/40']))).toBe(true);
  });

  it('baseline adds a Baseline-tier deny of all egress, last', () => {
    const policies = clusterGuardrailFor({ baseline: true, baselinePriority: 900 });
    const last = policies.at(-1)!;
    expect(last.metadata.name).toBe('sandbox-guardrail-baseline');
    expect(last.spec).toMatchObject({ tier: 'Baseline', priority: 900, egress: [{ action: 'Deny', to: [{ networks: ['0.0.0.0/0', '::/0'] }] }] });
    expectValid(policies);
  });

  it('selectors come out in canonical order whatever order they came in', () => {
    const a = clusterGuardrailFor({ namespaceSelector: { matchLabels: { z: '1', a: '2' } } });
    const b = clusterGuardrailFor(shuffleKeys({ namespaceSelector: { matchLabels: { a: '2', z: '1' } } }, 7) as GuardrailOptions);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(Object.keys(a[0]!.spec.subject.pods!.namespaceSelector.matchLabels!)).toEqual(['a', 'z']);
  });

  it('beyond 25 items: more peers, more rules, then more policies at the next priorities, order kept', () => {
    const domains = Array.from({ length: 700 }, (_, i) => `d${i}.example.com`);
    const passTo = Array.from({ length: 30 }, (_, i) => ({ networks: [`203.0.${i}.0/24`] }));
    const policies = clusterGuardrailFor({ allowDomains: domains, passTo, denyAllOtherEgress: true, baseline: true });
    const admin = policies.filter((p) => p.spec.tier === 'Admin');
    expect(admin.map((p) => [p.metadata.name, p.spec.priority])).toEqual([['sandbox-guardrail', 10], ['sandbox-guardrail-2', 11]]);
    const rules = egressRules(policies);
    expect(rules.map((r) => r.name)).toEqual([
      ...passTo.map((_, i) => `pass-${i + 1}`),
      'cluster-dns',
      'dns',
      'deny-sensitive-ranges',
      'allow-domains',
      'allow-domains-2',
      'deny-all-other-egress',
    ]);
    expect(rules.flatMap((r) => r.to.flatMap((p) => p.domainNames ?? []))).toEqual(domains);
    expectValid(policies);
  });
});

describe('requiredCrdChannel and the TSDoc examples', () => {
  it('clusterGuardrailFor: the example rule list', () => {
    const [admin] = clusterGuardrailFor({ clusterCidrs: ['10.0.0.0/8'], allowDomains: ['github.com', '*.github.com'], denyAllOtherEgress: true });
    expect(admin!.spec.egress?.map((r) => `${r.action} ${r.name}`)).toEqual(['Pass cluster-dns', 'Accept dns', 'Deny deny-sensitive-ranges', 'Accept allow-domains', 'Deny deny-all-other-egress']);
    expect(requiredCrdChannel([admin])).toBe('experimental');
    const [local] = clusterGuardrailFor({ nameservers: ['169.254.20.10'], allowSensitive: ['169.254.20.10/32'] });
    expect(local!.metadata.annotations?.[GUARDRAIL_SENSITIVE_EXCEPTIONS_ANNOTATION]).toBe('169.254.20.10/32 via nameservers[0] (rule dns)');
  });

  it('requiredCrdChannel: nodes peers need the experimental channel too; one object or a list', () => {
    expect(requiredCrdChannel(clusterGuardrailFor())).toBe('standard');
    expect(requiredCrdChannel(clusterGuardrailFor({ allowDomains: ['pypi.org'] }))).toBe('experimental');
    const nodes = { spec: { egress: [{ action: 'Deny', to: [{ nodes: {} }] }] } };
    expect(requiredCrdChannel(nodes)).toBe('experimental');
    expect(requiredCrdChannel([clusterGuardrailFor()[0], nodes])).toBe('experimental');
    expect(requiredCrdChannel({ spec: { egress: [{ action: 'Deny', to: [{ nodes: null }] }] } })).toBe('standard');
    expect(requiredCrdChannel('not a policy')).toBe('standard');
  });
});

describe('invariants over generated options (property)', () => {
  const label = fc.constantFrom('a', 'team', 'tier', 'example.com/x');
  const selector = fc.record({ matchLabels: fc.dictionary(label, fc.constantFrom('x', 'y', '')) }, { requiredKeys: [] });
  const cidr = fc.oneof(
    fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 8, max: 32 })).map(([a, b, p]) => CidrSet.from([`${a}.${b}.0.0/16`]).toCidrs()[0]!.replace(/\/16$/, `/${Math.max(p, 16)}`)),
    fc.constantFrom('fd00::/8', '2001:db8::/32', '2600::/12'),
  ).filter((c) => CidrSet.from([c], { mode: 'legacy' }).toCidrs()[0] === c);
  const domain = fc.tuple(fc.boolean(), fc.stringMatching(/^[a-z][a-z0-9-]{0,8}[a-z0-9]$/), fc.constantFrom('com', 'io', 'co.uk')).map(([w, n, t]) => `${w ? '*.' : ''}${n}.${t}`);
  const port = fc.record({ protocol: fc.constantFrom('TCP', 'UDP', 'SCTP'), port: fc.integer({ min: 1, max: 65535 }) });
  const passTarget = fc.oneof(
    fc.record({ namespaces: selector, ports: fc.array(port, { minLength: 1, maxLength: 3 }) }, { requiredKeys: ['namespaces'] }),
    fc.record({ pods: fc.record({ podSelector: selector }) }),
    fc.record({ networks: fc.array(cidr, { minLength: 1, maxLength: 40 }) }),
  );
  const options = fc.record(
    {
      clusterCidrs: fc.array(cidr, { maxLength: 60 }),
      allowDomains: fc.uniqueArray(domain, { maxLength: 60 }),
      denyAllOtherEgress: fc.boolean(),
      baseline: fc.boolean(),
      passTo: fc.array(passTarget, { maxLength: 30 }),
      namespaceSelector: selector,
      priority: fc.integer({ min: 0, max: 990 }),
      clusterDns: fc.constantFrom(false, { namespace: 'dns' }),
    },
    { requiredKeys: [] },
  );

  it('valid against the CRD; Pass, DNS Accept, sensitive Deny, domain Accept, Deny; unique names and priorities; sensitive set denied', () => {
    fc.assert(
      fc.property(options, (generated) => {
        // The passTo networks inside the sensitive set are accepted explicitly (the set as the guardrail denies it).
        const sensitive = networksOf(egressRules(clusterGuardrailFor({ clusterCidrs: generated.clusterCidrs ?? [], clusterDns: false })), 'Deny');
        const passNetworks = (generated.passTo ?? []).flatMap((t) => ('networks' in t ? t.networks : []));
        const allowSensitive = [...new Set(passNetworks.filter((c) => CidrSet.from([c]).overlaps(sensitive)))];
        const o = { ...generated, ...(allowSensitive.length > 0 ? { allowSensitive } : {}) };
        const policies = clusterGuardrailFor(o as GuardrailOptions);
        expectValid(policies);
        const rules = egressRules(policies);
        const stage = (r: ClusterNetworkPolicyEgressRule) =>
          r.action === 'Pass' ? 0 : r.name === 'dns' ? 1 : (r.name ?? '').startsWith('deny-sensitive-ranges') ? 2 : (r.name ?? '').startsWith('allow-domains') ? 3 : 4;
        expect(rules.map(stage)).toEqual(rules.map(stage).sort());
        const annotation = policies[0]!.metadata.annotations?.[GUARDRAIL_SENSITIVE_EXCEPTIONS_ANNOTATION];
        expect(annotation !== undefined).toBe(allowSensitive.length > 0);
        expect(new Set(rules.map((r) => r.name)).size).toBe(rules.length);
        expect(new Set(policies.map((p) => p.metadata.name)).size).toBe(policies.length);
        for (const tier of ['Admin', 'Baseline']) {
          const prios = policies.filter((p) => p.spec.tier === tier).map((p) => p.spec.priority);
          expect(new Set(prios).size).toBe(prios.length);
          expect(prios).toEqual([...prios].sort((x, y) => x - y));
        }
        for (const r of rules) if (r.to.some((p) => p.domainNames)) expect(r.action).toBe('Accept');
        if ((o.allowDomains ?? []).length > 0) {
          expect(rules.findIndex((r) => r.name === 'dns')).toBeLessThan(rules.findIndex((r) => r.name === 'allow-domains'));
        }
        expect(requiredCrdChannel(policies)).toBe((o.allowDomains ?? []).length > 0 ? 'experimental' : 'standard');
        const denied = networksOf(rules, 'Deny');
        expect(denied.containsSet(CidrSet.from(METADATA_ENDPOINTS.map((e) => e.cidr)).union(CidrSet.from(o.clusterCidrs ?? [])))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});

describe('invalid options fail closed, naming options.<field>', () => {
  const CASES: Array<[string, unknown, string]> = [
    ['unknown key', { denyAll: true }, 'options.denyAll'],
    ['partial-label wildcard', { allowDomains: ['*github.com'] }, 'options.allowDomains[0]'],
    ['single-label domain', { allowDomains: ['localhost'] }, 'options.allowDomains[0]'],
    ['duplicate domain', { allowDomains: ['a.io', 'a.io'] }, 'options.allowDomains[1]'],
    ['domains without a resolver (spec §3.7)', { allowDomains: ['a.io'], nameservers: [] }, 'options.nameservers'],
    ['nameserver not an IP', { nameservers: ['dns.google'] }, 'options.nameservers[0]'],
    ['priority out of range', { priority: 1001 }, 'options.priority'],
    ['priority not an integer', { priority: '10' }, 'options.priority'],
    ['baselinePriority without baseline', { baselinePriority: 5 }, 'options.baselinePriority'],
    ['name not a DNS subdomain', { name: 'Guardrail' }, 'options.name'],
    ['name too long for its suffixes', { name: 'a'.repeat(250) }, 'options.name'],
    ['namespaceSelector with a bad operator', { namespaceSelector: { matchExpressions: [{ key: 'a', operator: 'exists' }] } }, 'options.namespaceSelector.matchExpressions[0].operator'],
    ['bad clusterCidr', { clusterCidrs: ['10.0.0.1/8'] }, 'options.clusterCidrs[0]'],
    ['passTo with two destinations', { passTo: [{ namespaces: {}, networks: ['10.0.0.0/8'] }] }, 'options.passTo[0]'],
    ['passTo name taken by a generated rule', { passTo: [{ name: 'dns', namespaces: {} }] }, 'options.passTo[0].name'],
    ['passTo names twice', { passTo: [{ name: 'x', namespaces: {} }, { name: 'x', namespaces: {} }] }, 'options.passTo[1].name'],
    ['passTo pods without podSelector', { passTo: [{ pods: {} }] }, 'options.passTo[0].pods.podSelector'],
    ['port 0', { allowDomains: ['a.io'], ports: [{ port: 0 }] }, 'options.ports[0].port'],
    ['endPort below port', { allowDomains: ['a.io'], ports: [{ port: 80, endPort: 79 }] }, 'options.ports[0].endPort'],
    ['ICMP', { allowDomains: ['a.io'], ports: [{ protocol: 'ICMP', port: 1 }] }, 'options.ports[0].protocol'],
    ['ports without domains', { ports: [{ port: 80 }] }, 'options.ports'],
    ['denyAllOtherEgress not a boolean', { denyAllOtherEgress: 'yes' }, 'options.denyAllOtherEgress'],
    ['split policies past priority 1000', { priority: 1000, passTo: Array.from({ length: 30 }, () => ({ namespaces: {} })) }, 'options.priority'],
    ['clusterDns with no labels', { clusterDns: { podLabels: {} } }, 'options.clusterDns.podLabels'],
    ['clusterDns namespace invalid', { clusterDns: { namespace: 'Kube_System' } }, 'options.clusterDns.namespace'],
    ['clusterDns true', { clusterDns: true }, 'options.clusterDns'],
    ['not an object', 'hardened', 'options'],
  ];
  it.each(CASES)('%s', (_what, options, path) => {
    expect(issuesOf(() => clusterGuardrailFor(options as GuardrailOptions))).toContain(path);
  });

  it('hostile options: cycles, BigInt, throwing getters; and never modifies them', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.passTo = [cyclic];
    const getter = Object.defineProperty({}, 'allowDomains', { enumerable: true, get: () => { throw new Error('boom'); } });
    for (const bad of [cyclic, { priority: 10n }, getter, JSON.parse('{"__proto__": {"baseline": true}}')]) {
      expect(() => clusterGuardrailFor(bad as GuardrailOptions)).toThrow(expect.objectContaining({ name: 'SandboxPolicyError' }) as unknown as Error);
    }
    const frozen = deepFreeze({ allowDomains: ['a.io'], passTo: [{ namespaces: { matchLabels: { b: '1', a: '2' } } }] });
    expect(() => clusterGuardrailFor(frozen)).not.toThrow();
  });

  it('any value: a valid result or SandboxPolicyError', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withNullPrototype: true }), (value) => {
        try {
          expectValid(clusterGuardrailFor(value as GuardrailOptions));
        } catch (err) {
          expect(isSandboxPolicyError(err)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
