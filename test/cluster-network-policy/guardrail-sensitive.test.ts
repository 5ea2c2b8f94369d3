/**
 * The guardrail's guarantee against its own options: a `passTo` network or a nameserver inside
 * the sensitive set is refused unless `allowSensitive` names it, and the output then names the
 * exception; Pass rules carry ports as upstream's example does. Self-generated cases; upstream's
 * Pass fragment is quoted from the agent-sandbox example (independent).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CidrSet,
  clusterGuardrailFor,
  GUARDRAIL_SENSITIVE_EXCEPTIONS_ANNOTATION,
  isSandboxPolicyError,
  requiredCrdChannel,
  validateClusterNetworkPolicy,
  type ClusterNetworkPolicy,
  type GuardrailOptions,
  type PolicyIssue,
} from '../../src/index.js';
import { crdErrors } from '../support/crd-schema.js';

const issues = (options: unknown): PolicyIssue[] => {
  try {
    clusterGuardrailFor(options as GuardrailOptions);
  } catch (err) {
    if (isSandboxPolicyError(err)) return [...err.issues];
    throw err;
  }
  return [];
};

function expectValid(policies: readonly ClusterNetworkPolicy[]): void {
  const channel = requiredCrdChannel(policies);
  for (const p of policies) {
    expect(validateClusterNetworkPolicy(p, { channel }).filter((i) => i.severity === 'error')).toEqual([]);
    expect(crdErrors(p, channel)).toEqual([]);
  }
}

describe('nameservers and passTo networks inside the sensitive set', () => {
  it('NodeLocal DNSCache (169.254.20.10) as a nameserver is refused, naming the option and the range', () => {
    const found = issues({ nameservers: ['169.254.20.10'] });
    expect(found.map((i) => i.path)).toEqual(['options.nameservers[0]']);
    expect(found[0]!.message).toContain('169.254.20.10/32');
    expect(found[0]!.message).toContain('169.254.0.0/16');
    expect(found[0]!.message).toContain('allowSensitive');
  });

  it('a passTo network overlapping link-local, RFC 1918, ULA or clusterCidrs is refused at its own path', () => {
    const found = issues({
      clusterCidrs: ['203.0.113.0/24'],
      passTo: [{ networks: ['8.8.4.0/24', '169.254.0.0/16'] }, { name: 'vpc', networks: ['10.1.0.0/16'] }, { networks: ['fd00::/8'] }, { networks: ['203.0.113.128/25'] }],
    });
    expect(found.map((i) => i.path)).toEqual(['options.passTo[0].networks[1]', 'options.passTo[1].networks[0]', 'options.passTo[2].networks[0]', 'options.passTo[3].networks[0]']);
    expect(found[1]!.message).toMatch(/10\.0\.0\.0\/8.*rule "vpc"/);
    expect(found[3]!.message).toContain('clusterCidrs 203.0.113.128/25');
  });

  it('a public network that merely contains a sensitive range is refused too (0.0.0.0/0 would pass metadata)', () => {
    expect(issues({ passTo: [{ networks: ['0.0.0.0/0'] }] }).map((i) => i.path)).toEqual(['options.passTo[0].networks[0]']);
  });

  it('allowSensitive accepts exactly what it covers: the rest of an overlap is still refused, naming it', () => {
    const found = issues({ passTo: [{ networks: ['169.254.0.0/16'] }], allowSensitive: ['169.254.20.10/32'] });
    expect(found.map((i) => i.path)).toEqual(['options.passTo[0].networks[0]']);
    expect(found[0]!.message).toMatch(/^reaches 169\.254\.0\.0\/20, 169\.254\.16\.0\/22, 169\.254\.20\.0\/29 and 13 more beyond allowSensitive/);
  });

  it('accepted: the rule is emitted before the Deny and the Admin policy names the exception', () => {
    const policies = clusterGuardrailFor({
      nameservers: ['169.254.20.10', '8.8.8.8'],
      passTo: [{ name: 'node-local', networks: ['169.254.20.0/30'], ports: [{ port: 9253 }] }],
      allowSensitive: ['169.254.20.0/30', '169.254.20.10/32'],
    });
    const rules = policies[0]!.spec.egress!;
    expect(rules.map((r) => r.name)).toEqual(['node-local', 'cluster-dns', 'dns', 'deny-sensitive-ranges']);
    expect(policies[0]!.metadata.annotations).toEqual({
      [GUARDRAIL_SENSITIVE_EXCEPTIONS_ANNOTATION]: '169.254.20.10/32 via nameservers[0] (rule dns)\n169.254.20.0/30 via passTo[0].networks[0] (rule node-local)',
    });
    expectValid(policies);
  });

  it('no exception, no annotation', () => {
    expect(clusterGuardrailFor({ nameservers: ['8.8.8.8'], passTo: [{ networks: ['203.0.113.0/24'] }] })[0]!.metadata).not.toHaveProperty('annotations');
  });

  it('an allowSensitive entry that excepts nothing, or is not a CIDR, is refused', () => {
    expect(issues({ allowSensitive: ['169.254.20.10/32'] }).map((i) => i.path)).toEqual(['options.allowSensitive[0]']);
    expect(issues({ nameservers: ['8.8.8.8'], allowSensitive: ['8.8.8.8/32'] }).map((i) => i.path)).toEqual(['options.allowSensitive[0]']);
    expect(issues({ nameservers: ['169.254.20.10'], allowSensitive: ['169.254.20.10'] }).map((i) => i.path)).toContain('options.allowSensitive[0]');
    expect(issues({ allowSensitive: '169.254.20.10/32' }).map((i) => i.path)).toEqual(['options.allowSensitive']);
  });

  it('property: whatever passTo networks and nameservers, the sensitive set is only opened where allowSensitive says', () => {
    const octet = fc.integer({ min: 0, max: 255 });
    const v4 = fc.tuple(fc.constantFrom(8, 10, 100, 169, 172, 192, 203), octet, octet, octet).map((p) => p.join('.'));
    const cidr = fc.tuple(v4, fc.integer({ min: 8, max: 32 })).map(([a, len]) => CidrSet.from([`${a}/${len}`], { mode: 'legacy' }).toCidrs()[0]!);
    fc.assert(
      fc.property(fc.uniqueArray(v4, { maxLength: 3 }), fc.array(cidr, { maxLength: 4 }), fc.array(cidr, { maxLength: 3 }), (nameservers, networks, allow) => {
        const options = { nameservers, passTo: networks.length > 0 ? [{ networks }] : [], allowSensitive: allow, clusterDns: false as const };
        let policies: readonly ClusterNetworkPolicy[];
        try {
          policies = clusterGuardrailFor(options);
        } catch (err) {
          if (!isSandboxPolicyError(err)) throw err;
          return;
        }
        const rules = policies[0]!.spec.egress!;
        const deny = rules.findIndex((r) => r.name === 'deny-sensitive-ranges');
        const sensitive = CidrSet.from(rules[deny]!.to.flatMap((p) => p.networks ?? []));
        const opened = CidrSet.from(rules.slice(0, deny).flatMap((r) => r.to.flatMap((p) => p.networks ?? []))).intersect(sensitive);
        expect(CidrSet.from(allow).containsSet(opened)).toBe(true);
        expect(policies[0]!.metadata.annotations !== undefined).toBe(!opened.isEmpty());
      }),
      { numRuns: 150 },
    );
  });
});

describe('Pass rules with ports, as upstream writes them', () => {
  it("upstream's 70- fragment (Pass to shared-tools on tcp/8080) is what passTo with ports produces, valid on both channels", () => {
    const [admin] = clusterGuardrailFor({
      passTo: [{ name: 'let-the-namespace-networkpolicy-decide', namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'shared-tools' } }, ports: [{ protocol: 'TCP', port: 8080 }] }],
    });
    expect(admin!.spec.egress![0]).toEqual({
      name: 'let-the-namespace-networkpolicy-decide',
      action: 'Pass',
      to: [{ namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'shared-tools' } } }],
      protocols: [{ tcp: { destinationPort: { number: 8080 } } }],
    });
    for (const channel of ['standard', 'experimental'] as const) {
      expect(validateClusterNetworkPolicy(admin, { channel }).filter((i) => i.severity === 'error')).toEqual([]);
      expect(crdErrors(admin, channel)).toEqual([]);
    }
  });

  it('port ranges become the CRD range (start < end); bad Pass ports are refused at their path', () => {
    const [admin] = clusterGuardrailFor({ passTo: [{ networks: ['203.0.113.0/24'], ports: [{ protocol: 'UDP', port: 8000, endPort: 8080 }, { port: 9000, endPort: 9000 }] }] });
    expect(admin!.spec.egress![0]!.protocols).toEqual([{ udp: { destinationPort: { range: { start: 8000, end: 8080 } } } }, { tcp: { destinationPort: { number: 9000 } } }]);
    expectValid([admin!]);
    expect(issues({ passTo: [{ namespaces: {}, ports: [{ port: 70000 }] }] }).map((i) => i.path)).toEqual(['options.passTo[0].ports[0].port']);
    expect(issues({ passTo: [{ namespaces: {}, ports: [{ port: 90, endPort: 80 }] }] }).map((i) => i.path)).toEqual(['options.passTo[0].ports[0].endPort']);
    expect(issues({ passTo: [{ namespaces: {}, ports: [] }] }).map((i) => i.path)).toEqual(['options.passTo[0].ports']);
    expect(issues({ passTo: [{ namespaces: {}, ports: Array.from({ length: 26 }, (_, i) => ({ port: i + 1 })) }] }).map((i) => i.path)).toEqual(['options.passTo[0].ports']);
  });
});
