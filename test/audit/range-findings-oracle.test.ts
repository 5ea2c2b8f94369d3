import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditNetworkPolicy } from '../../src/index.js';
import { referenceAudit } from '../support/audit-oracle.js';

// The auditor's address findings (one sweep of grant ranges against the catalogue, intervals
// clipped without building sets) against a slow reference that builds a CidrSet per grant and
// per finding (test/support/audit-oracle.ts). Random policies lean on the catalogue's ranges and
// their edges so that findings, partial overlaps and excepts inside sensitive space are common.
const octet = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 255 }) },
  { weight: 2, arbitrary: fc.constantFrom(0, 10, 100, 127, 168, 169, 172, 192, 198, 203, 224, 240, 254, 255) },
);
const v4 = fc
  .tuple(octet, octet, octet, octet, fc.oneof(fc.integer({ min: 0, max: 32 }), fc.constantFrom(1, 4, 8, 10, 12, 16, 24, 31, 32)))
  .map(([a, b, c, d, p]) => `${a}.${b}.${c}.${d}/${p}`);
const v6 = fc.oneof(
  fc.constantFrom('::/0', '::/1', '::/3', '8000::/1', 'fd00::/8', 'fc00::/7', 'fe80::/10', 'fe80::a9fe:a9fe/128', '2001:db8::/32', '64:ff9b::/96', '64:ff9b:1::/48', '2001::/16', 'fd00:ec2::/32', '::ffff:10.0.0.0/104', '2600::/3', 'ff00::/8', '100::/63', '2002::/15'),
  fc.tuple(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 128 })).map(([a, b, p]) => `${a.toString(16)}:${b.toString(16)}::/${p}`),
);
const cidr = fc.oneof({ weight: 4, arbitrary: v4 }, { weight: 2, arbitrary: v6 }, { weight: 1, arbitrary: fc.constantFrom('0.0.0.0/0', '0.0.0.0/1', '128.0.0.0/1', 'not-a-cidr', '10.0.0.01/8') });
const ipBlock = fc.record(
  { cidr: fc.oneof({ weight: 12, arbitrary: cidr }, { weight: 1, arbitrary: fc.constant(7) }), except: fc.array(fc.oneof({ weight: 8, arbitrary: cidr }, { weight: 1, arbitrary: fc.constant(null) }), { maxLength: 6 }) },
  { requiredKeys: ['cidr'] },
);
const hardened = { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16'] };
const peer = fc.oneof(
  { weight: 8, arbitrary: ipBlock.map((b) => ({ ipBlock: b })) },
  { weight: 1, arbitrary: fc.constant({ ipBlock: hardened }) },
  { weight: 1, arbitrary: fc.constant({ namespaceSelector: {} }) },
);
const ports = fc.constantFrom(
  undefined,
  [{ protocol: 'UDP', port: 53 }],
  [{ protocol: 'TCP', port: 53 }, { protocol: 'UDP', port: 53 }],
  [{ protocol: 'TCP', port: 443 }],
  [{ protocol: 'TCP', port: 80 }],
  [{ protocol: 'TCP', port: 1, endPort: 1000 }],
  [{ protocol: 'TCP', port: 'dns' }],
);
const rule = fc.record({ to: fc.array(peer, { maxLength: 6 }), ports }, { requiredKeys: [] });
const spec = fc.record({
  podSelector: fc.constant({}),
  egress: fc.array(rule, { minLength: 0, maxLength: 3 }),
  policyTypes: fc.constantFrom(['Egress'], ['Ingress', 'Egress'], undefined, ['Ingress']),
});
const input = fc.oneof({ weight: 3, arbitrary: spec }, { weight: 1, arbitrary: fc.array(spec, { minLength: 2, maxLength: 3 }) });
const options = fc.oneof(
  fc.constant(undefined),
  fc.record({
    clusterCidrs: fc.subarray(['10.0.0.0/8', '10.96.0.0/12', '100.64.0.0/16', '192.168.1.0/24', 'fd00::/48', '2001:db8:1::/48', '0.0.0.0/0']),
    clusterDnsIps: fc.subarray(['10.0.0.10', '10.96.0.10', 'fd00::a', '169.254.20.10']),
    strictCidr: fc.boolean(),
  }),
);

describe('address findings against the per-grant set-algebra reference', () => {
  it('the same report, byte for byte, on random policies and options (1,500 runs)', () => {
    fc.assert(
      fc.property(input, options, (policy, opts) => {
        expect(JSON.stringify(auditNetworkPolicy(policy, opts))).toBe(JSON.stringify(referenceAudit(policy, opts)));
      }),
      { numRuns: 1500 },
    );
  });
  it('the same report for long except lists reopened by other peers (200 runs)', () => {
    // Long lists on both sides take the linear clip and the written-once except text.
    const inside = (base: number) =>
      fc.tuple(fc.integer({ min: 0, max: 0xffffff }), fc.integer({ min: 9, max: 32 })).map(([off, p]) => {
        const start = (base * 2 ** 24 + off) >>> 0;
        const masked = p === 32 ? start : (Math.floor(start / 2 ** (32 - p)) * 2 ** (32 - p)) >>> 0;
        return `${masked >>> 24}.${(masked >>> 16) & 255}.${(masked >>> 8) & 255}.${masked & 255}/${p}`;
      });
    const shape = fc
      .constantFrom(10, 100, 169, 172, 192)
      .chain((base) => fc.tuple(fc.constant(base), fc.array(inside(base), { minLength: 9, maxLength: 60 }), fc.array(inside(base), { minLength: 9, maxLength: 40 }), ports));
    fc.assert(
      fc.property(shape, ([base, excepts, reopen, p]) => {
        const policy = {
          podSelector: {},
          egress: [{ to: [{ ipBlock: { cidr: `${base}.0.0.0/8`, except: excepts } }, ...reopen.map((cidr) => ({ ipBlock: { cidr } }))], ...(p ? { ports: p } : {}) }],
          policyTypes: ['Egress'],
        };
        const opts = { strictCidr: false, clusterCidrs: [`${base}.0.0.0/12`] };
        expect(JSON.stringify(auditNetworkPolicy(policy, opts))).toBe(JSON.stringify(referenceAudit(policy, opts)));
      }),
      { numRuns: 200 },
    );
  });
});
