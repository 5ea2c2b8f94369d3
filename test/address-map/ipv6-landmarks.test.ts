import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CidrSet, IPV6_LANDMARKS, auditNetworkPolicy, excludedRanges, ipv6Landmarks, networkPolicyFor } from '../../src/index.js';
import { baseTemplate } from '../helpers.js';

const v6Cidr = fc
  .tuple(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.integer({ min: 0, max: 128 }), fc.constantFrom(...IPV6_LANDMARKS.map((l) => l.cidr)), fc.boolean())
  .map(([addr, prefix, landmark, near]) => {
    if (near) return landmark; // land on the landmarks often, or random sets would almost never cover one
    const start = (addr >> BigInt(128 - prefix)) << BigInt(128 - prefix);
    const hex = start.toString(16).padStart(32, '0').match(/.{4}/g)!.join(':');
    return CidrSet.from([`${hex}/${prefix}`], { mode: 'legacy' }).toCidrs()[0] ?? '::/0';
  });

describe('ipv6Landmarks', () => {
  it('full exactly when the set holds the landmark, none exactly when it misses it (property)', () => {
    fc.assert(
      fc.property(fc.array(v6Cidr, { maxLength: 8 }), fc.array(v6Cidr, { maxLength: 8 }), (plus, minus) => {
        const set = CidrSet.from(plus, { mode: 'legacy' }).subtract(CidrSet.from(minus, { mode: 'legacy' }));
        const rows = ipv6Landmarks(set);
        expect(rows.map((r) => r.cidr)).toEqual(IPV6_LANDMARKS.map((l) => l.cidr));
        for (const row of rows) {
          const range = CidrSet.from([row.cidr]);
          expect(row.coverage === 'full').toBe(set.containsSet(range));
          expect(row.coverage === 'none').toBe(!set.overlaps(range));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('shows what the default and the hardened profile leave open', () => {
    const coverage = (profile: 'upstream' | 'hardened') =>
      Object.fromEntries(ipv6Landmarks(auditNetworkPolicy(networkPolicyFor(baseTemplate(), { profile })).egressReachable).map((r) => [r.cidr, r.coverage]));
    const upstream = coverage('upstream');
    expect([upstream['fc00::/7'], upstream['fe80::/10'], upstream['64:ff9b::/96'], upstream['2000::/3']]).toEqual(['none', 'none', 'full', 'full']);
    expect(upstream['fd00:ec2::254/128']).toBe('none');
    const hardened = coverage('hardened');
    expect(excludedRanges('hardened').ipv6.cidr).toBe('2000::/3');
    expect([hardened['64:ff9b::/96'], hardened['2000::/3'], hardened['2001:db8::/32'], hardened['ff00::/8']]).toEqual(['none', 'partial', 'none', 'none']);
  });

  it('ignores the IPv4 part and rejects anything but a CidrSet', () => {
    expect(ipv6Landmarks(CidrSet.all(4)).every((r) => r.coverage === 'none')).toBe(true);
    expect(() => ipv6Landmarks({ v4: [], v6: [] } as unknown as CidrSet)).toThrow(expect.objectContaining({ name: 'SandboxPolicyError', issues: [expect.objectContaining({ path: 'set' })] }));
  });

  it('the landmark table is frozen and every entry canonical', () => {
    expect(Object.isFrozen(IPV6_LANDMARKS) && IPV6_LANDMARKS.every((l) => Object.isFrozen(l))).toBe(true);
    for (const l of IPV6_LANDMARKS) expect(CidrSet.from([l.cidr]).toCidrs()).toEqual([l.cidr]);
  });
});
