import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CidrSet, auditNetworkPolicy, parseCidr } from '../../src/index.js';
import { validatePolicyItem } from '../../src/validation/network-policy.js';
import { egressPeerReads, policyViews } from '../../src/audit/grants.js';
import { v4CidrKey } from '../../src/cidr/prefix.js';

// A peer without excepts is audited on a fast path (an IPv4 cidr kept as one Number, parsed in full
// only when a finding needs its text). A peer whose only except is of the other family is read
// by the general path with the same reach (the except is dropped, and reported at `.except[0]`).
// Both must give the same findings for the peer and the same reachable set.
const octet = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 255 }).map(String) }, { weight: 1, arbitrary: fc.constantFrom('0', '10', '169', '172', '192', '100', '168', '01') });
const v4 = fc.tuple(octet, octet, octet, octet, fc.integer({ min: 0, max: 32 })).map(([a, b, c, d, p]) => `${a}.${b}.${c}.${d}/${p}`);
const v6 = fc.constantFrom('fd00::/8', 'fe80::1/64', '2001:db8::/32', '::/0', '64:ff9b::/96', '::ffff:10.0.0.0/104', 'fd00:ec2::254/128', '2600::/3');
const peerCidr = fc.oneof({ weight: 4, arbitrary: v4 }, { weight: 1, arbitrary: v6 });
const ports = fc.constantFrom(undefined, [{ protocol: 'UDP', port: 53 }], [{ protocol: 'TCP', port: 443 }]);
// The other family of the network as it behaves (an IPv4-mapped /104 behaves as IPv4).
const otherFamily = (cidr: string) => (parseCidr(cidr)?.family === 6 ? '10.0.0.0/8' : 'fd00::/8');

const policy = (cidrs: string[], withOtherExcept: boolean, p: unknown) => ({
  podSelector: {},
  egress: [{ to: cidrs.map((cidr) => ({ ipBlock: withOtherExcept ? { cidr, except: [otherFamily(cidr)] } : { cidr } })), ...(p ? { ports: p } : {}) }],
  policyTypes: ['Egress'],
});
const rangeFindings = (report: ReturnType<typeof auditNetworkPolicy>) =>
  report.findings.filter((f) => /ipBlock$/.test(f.path));

describe('peers without excepts (fast path) against the general path', () => {
  it('same findings per peer and the same reachable set, strict and legacy, with cluster options (500 runs)', () => {
    fc.assert(
      fc.property(fc.array(peerCidr, { minLength: 1, maxLength: 8 }), ports, fc.boolean(), (cidrs, p, strict) => {
        const options = { strictCidr: strict, clusterCidrs: ['10.0.0.0/16', 'fd00::/48'], clusterDnsIps: ['10.0.0.10'] };
        const fast = auditNetworkPolicy(policy(cidrs, false, p), options);
        const general = auditNetworkPolicy(policy(cidrs, true, p), options);
        expect(rangeFindings(fast)).toEqual(rangeFindings(general));
        expect(fast.egressReachable.toCidrs()).toEqual(general.egressReachable.toCidrs());
        const parsed = cidrs.map((c) => parseCidr(c)).filter((c) => c !== null);
        expect(fast.egressReachable.equals(CidrSet.fromParsed(parsed))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
  it('names a fast-path peer by its own text in messages', () => {
    const report = auditNetworkPolicy(policy(['10.0.1.7/16'], false, undefined), { strictCidr: false, clusterCidrs: ['10.0.0.0/8'] });
    const onPods = report.findings.find((f) => f.code === 'ipblock-on-pod-range');
    expect(onPods?.message).toContain('ipBlock 10.0.1.7/16 overlaps');
    expect(report.findings.find((f) => f.code === 'private-v4-reachable')?.suggestion).toBe('remove this peer: all of 10.0.0.0/16 is sensitive');
  });
});

describe('validation hands its IPv4 keys to the audit', () => {
  it("records each egress peer's strict key, -1 where it read none, and the parses of the others", () => {
    const to = [
      { ipBlock: { cidr: '10.1.0.0/16' } },
      { ipBlock: { cidr: '10.0.0.1/8' } }, // host bits: no strict key, parsed
      { ipBlock: { cidr: 'fd00::/8' } },
      { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } },
      { podSelector: {} },
      { ipBlock: { cidr: '0.0.0.0/0' } }, // key 0
    ];
    const from = [{ ipBlock: { cidr: '10.0.0.0/8' } }];
    const spec = { podSelector: {}, egress: [{ to }], ingress: [{ from }] };
    const parsed = egressPeerReads(policyViews([spec]));
    expect([...parsed.keys()]).toEqual([to]); // the audit reads egress only
    validatePolicyItem(spec, { strictCidr: false }, parsed);
    const reads = parsed.get(to)!;
    expect([...reads.keys]).toEqual([v4CidrKey('10.1.0.0/16', true), -1, -1, -1, -1, 0]);
    expect(Array.from(reads.cidrs, (c) => c?.canonical)).toEqual([undefined, '10.0.0.0/8', 'fd00::/8', '10.0.0.0/8', undefined, undefined]);
  });
  it('audits a list whose keys came from validation as one read alone would (0.0.0.0/0 and a masked block)', () => {
    const report = auditNetworkPolicy(policy(['0.0.0.0/0', '10.0.0.1/8', '8.8.8.8/32'], false, [{ protocol: 'TCP', port: 443 }]), { strictCidr: false });
    expect(report.egressReachable.toCidrs()).toEqual(['0.0.0.0/0']);
    expect(report.findings.filter((f) => f.code === 'private-v4-reachable').map((f) => f.path)).toEqual([
      'spec.egress[0].to[0].ipBlock',
      'spec.egress[0].to[1].ipBlock',
    ]);
  });
});
