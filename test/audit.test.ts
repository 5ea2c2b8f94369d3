import fc from 'fast-check';
import { IPv4, IPv4CidrRange, IPv6, IPv6CidrRange } from 'ip-num';
import { describe, expect, it } from 'vitest';
import { CidrSet, auditNetworkPolicy, evaluateTraffic, networkPolicyFor, networkPolicySpecFor, SENSITIVE_RANGES } from '../src/index.js';
import { baseTemplate } from './helpers.js';

const codes = (input: unknown, options = {}) => auditNetworkPolicy(input, options).findings.map((f) => f.code);
const egressSpec = (...to: unknown[]) => ({ podSelector: {}, egress: [{ to }], policyTypes: ['Egress'] });
const ip = (cidr: string, except?: string[]) => ({ ipBlock: { cidr, ...(except ? { except } : {}) } });

// [code, a policy that triggers it, a close variant that must not]
const TABLE: Array<[string, unknown, unknown, object?]> = [
  ['egress-unrestricted', { podSelector: {}, policyTypes: ['Ingress'] }, egressSpec(ip('8.8.8.8/32'))],
  ['egress-unrestricted', { podSelector: {}, egress: [{ ports: [{ port: 443 }] }], policyTypes: ['Egress'] }, egressSpec(ip('1.1.1.1/32'))],
  ['metadata-reachable', egressSpec(ip('169.254.169.254/32')), egressSpec(ip('169.254.0.0/16', ['169.254.0.0/17', '169.254.128.0/17']))],
  ['metadata-reachable', egressSpec(ip('100.64.0.0/10')), egressSpec(ip('100.64.0.0/10', ['100.100.100.200/32']))],
  ['metadata-reachable', egressSpec(ip('fd00:ec2::/32')), egressSpec(ip('fd00:ec2::/32', ['fd00:ec2::/112']))],
  ['azure-wireserver-reachable', egressSpec(ip('168.63.0.0/16')), egressSpec(ip('168.63.0.0/16', ['168.63.129.16/32']))],
  ['c3-metadata-reachable', egressSpec(ip('192.0.0.0/24')), egressSpec(ip('192.0.0.0/24', ['192.0.0.128/25']))],
  ['link-local-reachable', egressSpec(ip('169.254.20.10/32')), { podSelector: {}, egress: [{ to: [ip('169.254.20.10/32')], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }], policyTypes: ['Egress'] }],
  ['link-local-reachable', egressSpec(ip('fe80::/10')), egressSpec(ip('2000::/3'))],
  ['private-v4-reachable', egressSpec(ip('10.0.0.0/8')), egressSpec(ip('0.0.0.0/0', ['0.0.0.0/8', '10.0.0.0/8', '127.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16', '100.64.0.0/10']))],
  ['cgnat-reachable', egressSpec(ip('100.64.0.0/10')), egressSpec(ip('100.128.0.0/9'))],
  ['ula-reachable', egressSpec(ip('fd00::/8')), egressSpec(ip('2000::/3'))],
  ['nat64-reachable', egressSpec(ip('::/0', ['fc00::/7', 'fe80::/10'])), egressSpec(ip('::/0', ['::/8', 'fc00::/7', 'fe80::/10']))],
  ['family-asymmetry', egressSpec(ip('0.0.0.0/0', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16']), ip('::/0', ['fc00::/7'])), egressSpec(ip('0.0.0.0/0', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16']), ip('2000::/3'))],
  ['except-reopened', egressSpec(ip('0.0.0.0/0', ['10.0.0.0/8']), ip('10.1.0.0/16')), egressSpec(ip('0.0.0.0/0', ['10.0.0.0/8']), ip('11.0.0.0/16'))],
  ['cluster-range-reachable', egressSpec(ip('34.118.0.0/16')), egressSpec(ip('34.119.0.0/16')), { clusterCidrs: ['34.118.224.0/20'] }],
  ['broad-peer-selector', egressSpec({ namespaceSelector: {} }), egressSpec({ namespaceSelector: { matchLabels: { team: 'a' } } })],
  ['broad-peer-selector', egressSpec({ podSelector: {} }), egressSpec({ podSelector: { matchLabels: { app: 'db' } } })],
  ['ingress-open', { podSelector: {}, ingress: [{}] }, { podSelector: {}, ingress: [{ from: [{ podSelector: { matchLabels: { a: 'b' } } }] }] }],
  ['ingress-open', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }] }] }, { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { a: 'b' } } }] }] }],
  ['ingress-open', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] }, { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/1' } }] }] }],
  ['ingress-open', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '::/0', except: ['fc00::/7'] } }] }] }, { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '2000::/3' } }] }] }],
  ['ingress-open', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'Exists' }] } }] }] }, { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'Exists' }] } }] }] }],
  ['broad-peer-selector', egressSpec({ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'Exists' }] } }), egressSpec({ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['a'] }] } })],
  ['ingress-selector-or', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { a: 'b' } } }, { podSelector: { matchLabels: { c: 'd' } } }] }] }, { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { a: 'b' } }, podSelector: { matchLabels: { c: 'd' } } }] }] }],
  ['ingress-not-isolated', { podSelector: {}, policyTypes: ['Egress'] }, { podSelector: {}, policyTypes: ['Egress', 'Ingress'] }],
  ['internal-dns-reachable', egressSpec(ip('168.63.0.0/16')), { podSelector: {}, egress: [{ to: [ip('168.63.0.0/16')], ports: [{ port: 443 }] }], policyTypes: ['Egress'] }],
  ['internal-dns-reachable', egressSpec(ip('10.96.0.10/32')), egressSpec(ip('10.96.0.11/32')), { clusterDnsIps: ['10.96.0.10'] }],
  ['benchmark-range-reachable', egressSpec(ip('198.16.0.0/12')), egressSpec(ip('198.16.0.0/12', ['198.18.0.0/15']))],
  ['class-e-reachable', egressSpec(ip('240.0.0.0/4')), egressSpec(ip('192.0.2.0/24'))],
  ['ietf-v4-block-reachable', egressSpec(ip('192.0.0.0/16')), egressSpec(ip('192.0.0.0/16', ['192.0.0.0/24']))],
  ['special-range-reachable', egressSpec(ip('2002::/16')), egressSpec(ip('2600::/16'))],
  ['special-range-reachable', egressSpec(ip('224.0.0.0/4')), egressSpec(ip('8.0.0.0/8'))],
  ['ipv4-mapped-cidr', egressSpec(ip('::ffff:8.8.8.0/120')), egressSpec(ip('8.8.8.0/24'))],
  ['noncanonical-cidr', egressSpec(ip('8.8.8.8/24')), egressSpec(ip('8.8.8.0/24'))],
  ['noncanonical-cidr', egressSpec(ip('008.8.8.0/24')), egressSpec(ip('8.8.8.0/24'))],
  ['invalid-except', egressSpec(ip('8.8.8.0/24', ['9.9.9.9/32'])), egressSpec(ip('8.8.8.0/24', ['8.8.8.8/32']))],
  ['invalid-except', egressSpec(ip('::/0', ['::ffff:0:0/96'])), egressSpec(ip('::/0', ['::/8']))],
  ['api-invalid', { podSelector: {}, egress: [{ ports: [{ port: 0 }] }], policyTypes: ['Egress'] }, { podSelector: {}, egress: [{ ports: [{ port: 1 }] }], policyTypes: ['Egress'] }],
  ['ipblock-on-pod-range', egressSpec(ip('10.0.0.0/8', ['10.244.0.0/16'])), egressSpec(ip('11.0.0.0/8')), { clusterCidrs: ['10.244.0.0/16'] }],
  ['unrestricted-ports', egressSpec(ip('0.0.0.0/0')), { podSelector: {}, egress: [{ to: [ip('0.0.0.0/0')], ports: [{ port: 443 }] }], policyTypes: ['Egress'] }],
  ['endport-used', { podSelector: {}, egress: [{ ports: [{ port: 80, endPort: 90 }], to: [ip('8.8.8.8/32')] }], policyTypes: ['Egress'] }, { podSelector: {}, egress: [{ ports: [{ port: 80 }], to: [ip('8.8.8.8/32')] }], policyTypes: ['Egress'] }],
];

describe('one row per finding code', () => {
  for (const [code, bad, good, options] of TABLE) {
    it(`${code}: found on ${JSON.stringify(bad).slice(0, 90)}`, () => {
      expect(codes(bad, options)).toContain(code);
      expect(codes(good, options)).not.toContain(code);
    });
  }
  it('covers every code of the spec table', () => {
    const spec = ['egress-unrestricted', 'metadata-reachable', 'azure-wireserver-reachable', 'c3-metadata-reachable', 'link-local-reachable', 'private-v4-reachable', 'cgnat-reachable', 'ula-reachable', 'nat64-reachable', 'family-asymmetry', 'except-reopened', 'cluster-range-reachable', 'broad-peer-selector', 'ingress-open', 'ingress-selector-or', 'ingress-not-isolated', 'internal-dns-reachable', 'benchmark-range-reachable', 'class-e-reachable', 'ietf-v4-block-reachable', 'special-range-reachable', 'ipv4-mapped-cidr', 'noncanonical-cidr', 'invalid-except', 'api-invalid', 'ipblock-on-pod-range', 'node-traffic-allowed', 'unrestricted-ports', 'endport-used', 'cni-enforcement-required'];
    const tested = new Set([...TABLE.map((r) => r[0]), 'node-traffic-allowed', 'cni-enforcement-required']);
    expect(spec.filter((c) => !tested.has(c))).toEqual([]);
    expect(codes(egressSpec(ip('8.8.8.8/32')))).toEqual(expect.arrayContaining(['node-traffic-allowed', 'cni-enforcement-required']));
  });
});

describe('finding details', () => {
  it('severities follow the spec', () => {
    const sev = (input: unknown, code: string) => auditNetworkPolicy(input).findings.find((f) => f.code === code)?.severity;
    expect(sev({ podSelector: {}, policyTypes: ['Ingress'] }, 'egress-unrestricted')).toBe('critical');
    expect(sev({ podSelector: {}, egress: [{ ports: [{ port: 443 }] }], policyTypes: ['Egress'] }, 'egress-unrestricted')).toBe('high');
    expect(sev({ podSelector: {}, egress: [{ ports: [{ port: 80 }] }], policyTypes: ['Egress'] }, 'egress-unrestricted')).toBe('critical');
    expect(sev({ podSelector: {}, egress: [{ to: [ip('10.1.2.3/32')], ports: [{ port: 5432 }] }], policyTypes: ['Egress'] }, 'private-v4-reachable')).toBe('medium');
    expect(sev(egressSpec(ip('10.1.2.3/32')), 'private-v4-reachable')).toBe('high');
    expect(sev(egressSpec(ip('8.8.8.8/24')), 'noncanonical-cidr')).toBe('error');
    expect(auditNetworkPolicy(egressSpec(ip('8.8.8.8/24')), { strictCidr: false }).findings.find((f) => f.code === 'noncanonical-cidr')?.severity).toBe('low');
  });
  it('path, ranges, example and a suggestion Kubernetes accepts', () => {
    const f = auditNetworkPolicy(egressSpec(ip('8.8.8.8/32'), ip('0.0.0.0/0', ['10.0.0.0/8']))).findings.find((x) => x.code === 'metadata-reachable')!;
    expect(f.path).toBe('spec.egress[0].to[1].ipBlock');
    expect(f.ranges).toEqual(['100.100.100.200/32', '169.254.42.42/32', '169.254.169.252/32', '169.254.169.254/32', '169.254.170.2/32', '169.254.170.23/32']);
    expect(f.example).toBe('100.100.100.200');
    expect(f.suggestion).toMatch(/^set except to \[.*10\.0\.0\.0\/8.*\] \(each a strict subset of 0\.0\.0\.0\/0\)$/);
  });
  it('suggests removing a peer that is wholly sensitive (never an except equal to its cidr)', () => {
    const f = auditNetworkPolicy(egressSpec(ip('169.254.169.254/32'))).findings.find((x) => x.code === 'metadata-reachable')!;
    expect(f.suggestion).toBe('remove this peer: all of 169.254.169.254/32 is sensitive');
  });
  it('never suggests ::ffff:0:0/96 under ::/0', () => {
    const report = auditNetworkPolicy(egressSpec(ip('::/0')));
    for (const f of report.findings) expect(f.suggestion ?? '').not.toContain('::ffff');
  });
  it('attributes findings to the right policy when several are audited', () => {
    const r = auditNetworkPolicy([{ spec: egressSpec(ip('8.8.8.8/32')) }, { spec: egressSpec(ip('169.254.169.254/32')) }]);
    expect(r.findings.find((f) => f.code === 'metadata-reachable')!.path).toBe('[1].spec.egress[0].to[0].ipBlock');
  });
  it('egressReachable is a set that serializes as its canonical CIDR list', () => {
    const r = auditNetworkPolicy(egressSpec(ip('10.0.0.0/9'), ip('10.128.0.0/9'), ip('::/0', ['fc00::/7'])));
    expect(r.egressReachable.contains('10.1.2.3')).toBe(true);
    expect(JSON.parse(JSON.stringify(r)).egressReachable).toEqual(['10.0.0.0/8', '::/1', '8000::/2', 'c000::/3', 'e000::/4', 'f000::/5', 'f800::/6', 'fe00::/7']);
  });
  it('is deterministic: the same input gives the same report bytes', () => {
    const p = networkPolicyFor(baseTemplate());
    expect(JSON.stringify(auditNetworkPolicy(p))).toBe(JSON.stringify(auditNetworkPolicy(structuredClone(p))));
  });
  it('never throws on junk, and reports it', () => {
    for (const junk of [null, 7, 'x', [], [null], { spec: { egress: 'x' } }, { egress: [{ to: [{ ipBlock: { cidr: 5 } }] }], policyTypes: ['Egress'] }]) {
      expect(() => auditNetworkPolicy(junk)).not.toThrow();
    }
  });
  it('throws SandboxPolicyError only for bad options', () => {
    expect(() => auditNetworkPolicy(egressSpec(), { clusterCidrs: ['nope'] })).toThrowError(/options\.clusterCidrs\[0\]/);
  });
});

describe('the upstream default and the hardened profile', () => {
  const upstream = auditNetworkPolicy(networkPolicyFor(baseTemplate()));
  const hardened = auditNetworkPolicy(networkPolicyFor(baseTemplate(), { profile: 'hardened' }));
  it('upstream: exactly the known gaps', () => {
    const gaps = [...new Set(upstream.findings.filter((f) => ['critical', 'high', 'medium'].includes(f.severity)).map((f) => f.code))].sort();
    expect(gaps).toEqual([
      'azure-wireserver-reachable',
      'benchmark-range-reachable',
      'c3-metadata-reachable',
      'cgnat-reachable',
      'class-e-reachable',
      'family-asymmetry',
      'ietf-v4-block-reachable',
      'internal-dns-reachable',
      'metadata-reachable',
      'nat64-reachable',
    ]);
    expect(upstream.findings.find((f) => f.code === 'metadata-reachable')!.ranges).toEqual(['100.100.100.200/32']);
    expect(upstream.findings.some((f) => f.code === 'private-v4-reachable' || f.code === 'ula-reachable' || f.code === 'link-local-reachable')).toBe(false);
  });
  it('hardened: no error, critical, high or medium finding', () => {
    expect(hardened.counts).toMatchObject({ error: 0, critical: 0, high: 0, medium: 0 });
  });
  it('a template with its own rules under egressFloor private audits clean of critical and high', () => {
    const wide = baseTemplate({ networkPolicy: { egress: [{ to: [ip('0.0.0.0/0'), ip('::/0'), ip('10.0.0.0/8')] }, { ports: [{ port: 53, protocol: 'UDP' }] }] } });
    expect(auditNetworkPolicy(networkPolicyFor(wide)).counts.critical).toBeGreaterThan(0);
    const floored = auditNetworkPolicy(networkPolicyFor(wide, { egressFloor: 'private' }));
    expect(floored.counts).toMatchObject({ error: 0, critical: 0, high: 0 });
  });
});

// ---------------------------------------------------------------------------------------------
// Point sampling: random policies and addresses; reachability decided directly with ip-num,
// independently of this library's set algebra.
// ---------------------------------------------------------------------------------------------
const arbV4Cidr = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 24 })).map(([a, b, p]) => {
  const n = (BigInt(a) << 24n) | (BigInt(b) << 16n);
  return `${IPv4.fromNumber(n & ~((1n << BigInt(32 - p)) - 1n)).toString()}/${p}`;
});
const arbPeer = arbV4Cidr.chain((cidr) => {
  const r = IPv4CidrRange.fromCidr(cidr);
  const p = Number(cidr.split('/')[1]);
  const sub = fc.tuple(fc.bigInt({ min: r.getFirst().value, max: r.getLast().value }), fc.integer({ min: Math.min(p + 1, 32), max: 32 })).map(([n, q]) => `${IPv4.fromNumber(n & ~((1n << BigInt(32 - q)) - 1n)).toString()}/${q}`);
  return fc.array(sub, { maxLength: p < 32 ? 4 : 0 }).map((except) => ({ cidr, except }));
});
const arbSpec = fc.array(fc.array(arbPeer, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }).map((rules) => ({
  podSelector: {},
  egress: rules.map((peers) => ({ to: peers.map((b) => ({ ipBlock: b })) })),
  policyTypes: ['Egress'],
}));
const arbAddress = fc.oneof(
  fc.integer({ min: 0, max: 2 ** 32 - 1 }).map((n) => IPv4.fromNumber(BigInt(n)).toString()),
  fc.constantFrom(...SENSITIVE_RANGES.flatMap((r) => r.cidrs).filter((c) => !c.includes(':')).map((c) => c.split('/')[0]!)),
);

function directlyReachable(spec: { egress: Array<{ to: Array<{ ipBlock: { cidr: string; except: string[] } }> }> }, address: string): boolean {
  const a = IPv4.fromString(address);
  return spec.egress.some((rule) =>
    rule.to.some(({ ipBlock }) => IPv4CidrRange.fromCidr(ipBlock.cidr).contains(IPv4CidrRange.fromCidr(`${address}/32`)) && !ipBlock.except.some((e) => IPv4CidrRange.fromCidr(e).contains(IPv4CidrRange.fromCidr(`${a.toString()}/32`)))),
  );
}

describe('audit reachability agrees with point sampling (ip-num as the oracle)', () => {
  it('egressReachable contains exactly the directly reachable addresses (1,000 runs)', () => {
    fc.assert(
      fc.property(arbSpec, fc.array(arbAddress, { minLength: 5, maxLength: 5 }), (spec, addresses) => {
        const reach = auditNetworkPolicy(spec).egressReachable;
        return addresses.every((a) => reach.contains(a) === directlyReachable(spec as never, a));
      }),
      { numRuns: 1000 },
    );
  });
  it('a directly reachable sensitive address always has its finding, with the address in ranges (1,000 runs)', () => {
    fc.assert(
      fc.property(arbSpec, (spec) => {
        const report = auditNetworkPolicy(spec);
        for (const row of SENSITIVE_RANGES) {
          for (const c of row.cidrs.filter((x) => !x.includes(':') && x.endsWith('/32'))) {
            const addr = c.split('/')[0]!;
            if (!directlyReachable(spec as never, addr)) continue;
            const hits = report.findings.filter((f) => f.code === row.code);
            if (!hits.some((f) => CidrSet.from(f.ranges).contains(addr))) return false;
          }
        }
        return true;
      }),
      { numRuns: 1000 },
    );
  });
});

describe('evaluateTraffic agrees with the audit reachable set (1,000 runs)', () => {
  it('on random external addresses', () => {
    fc.assert(
      fc.property(arbSpec, arbAddress, fc.integer({ min: 1, max: 65535 }), (spec, address, port) => {
        const reach = auditNetworkPolicy(spec).egressReachable;
        const verdict = evaluateTraffic([{ metadata: { name: 'p', namespace: 'ns' }, spec }], { direction: 'egress', pod: { namespace: 'ns' }, peer: { ip: address }, port });
        return verdict.allowed === reach.contains(address);
      }),
      { numRuns: 1000 },
    );
  });
  it('on the generated default policy for IPv6 too', () => {
    const spec = networkPolicySpecFor(baseTemplate());
    const reach = auditNetworkPolicy(spec).egressReachable;
    for (const addr of ['2600::1', 'fd00:ec2::254', 'fe80::1', '64:ff9b::a00:1', '::1', '2001:db8::1']) {
      const v = evaluateTraffic([{ metadata: { name: 'p' }, spec }], { direction: 'egress', pod: { namespace: 'x', labels: { 'agents.x-k8s.io/sandbox-template-ref-hash': 'da1fd924' } }, peer: { ip: addr }, port: 443 });
      expect(v.allowed).toBe(reach.contains(addr));
    }
    expect(IPv6CidrRange.fromCidr('64:ff9b::/96').contains(IPv6CidrRange.fromCidr('64:ff9b::a00:1/128'))).toBe(reach.contains('64:ff9b::a00:1'));
  });
});
