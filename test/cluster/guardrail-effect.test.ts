/**
 * The guardrail's promise, end to end (issue 11, "Done when"): whatever a template says — the
 * controller's default policy, a custom allow-all, or Unmanaged (no policy at all) — combined
 * with `clusterGuardrailFor()`, auditCluster shows no sensitive range reachable, the public
 * internet reachable unless `denyAllOtherEgress`, and every guardrail object valid for our
 * validator and for ajv with the CRD's schema.
 *
 * The templates are hand-written here from the SandboxTemplate API (independent of the code under
 * test); the sensitive set is the library's published table (SENSITIVE_RANGES, METADATA_ENDPOINTS).
 */
import { describe, expect, it } from 'vitest';
import {
  auditCluster,
  CidrSet,
  clusterGuardrailFor,
  evaluateTraffic,
  METADATA_ENDPOINTS,
  requiredCrdChannel,
  SENSITIVE_RANGES,
  SEVERITIES,
  validateClusterNetworkPolicy,
  type ClusterNetworkPolicy,
  type GuardrailOptions,
} from '../../src/index.js';
import { crdErrors } from '../support/crd-schema.js';

const template = (name: string, spec: object) => ({
  apiVersion: 'extensions.agents.x-k8s.io/v1beta1',
  kind: 'SandboxTemplate',
  metadata: { name, namespace: 'agents' },
  spec: { podTemplate: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image: 'python:3.12' }] } }, ...spec },
});

const TEMPLATES = {
  default: template('default', {}),
  'custom allow-all': template('allow-all', { networkPolicy: { ingress: [{}], egress: [{}] } }),
  Unmanaged: template('unmanaged', { networkPolicyManagement: 'Unmanaged' }),
} as const;

const GUARDRAILS: Record<string, GuardrailOptions | undefined> = {
  'clusterGuardrailFor()': undefined,
  'allowDomains + denyAllOtherEgress': { allowDomains: ['github.com', '*.pypi.org'], denyAllOtherEgress: true },
};

/** Severity at least `medium` (SEVERITIES runs from most to least severe). */
const atLeastMedium = (s: string) => SEVERITIES.indexOf(s as never) <= SEVERITIES.indexOf('medium');
const SENSITIVE = SENSITIVE_RANGES.filter((r) => atLeastMedium(r.severity));
const METADATA = METADATA_ENDPOINTS.map((e) => e.cidr);
/** Public addresses (example.com's, v4 and v6) a sandbox may need. */
const PUBLIC = ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'];

describe('guardrail + any template: the effect auditCluster shows', () => {
  it('the sensitive table is not empty (the checks below would pass vacuously otherwise)', () => {
    expect(SENSITIVE.map((r) => r.code)).toEqual(expect.arrayContaining(['metadata-reachable']));
    expect(SENSITIVE.length).toBeGreaterThan(3);
    expect(METADATA).toContain('169.254.169.254/32');
  });

  it('without the guardrail, allow-all and Unmanaged reach metadata (the guardrail is what closes it)', () => {
    for (const name of ['custom allow-all', 'Unmanaged'] as const) {
      const [target] = auditCluster([TEMPLATES[name]]).targets;
      expect(target!.egressReachable.contains('169.254.169.254'), name).toBe(true);
    }
  });

  for (const [guardName, options] of Object.entries(GUARDRAILS)) {
    const guardrail: readonly ClusterNetworkPolicy[] = clusterGuardrailFor(options);
    const denyAll = options?.denyAllOtherEgress === true;

    it(`${guardName}: every object is valid for our validator and for ajv with the CRD`, () => {
      const channel = requiredCrdChannel(guardrail);
      expect(channel).toBe(denyAll ? 'experimental' : 'standard'); // domainNames are experimental
      for (const p of guardrail) {
        expect(validateClusterNetworkPolicy(p, { channel }).filter((i) => i.severity === 'error')).toEqual([]);
        expect(crdErrors(p, channel)).toEqual([]);
      }
    });

    for (const [templateName, t] of Object.entries(TEMPLATES)) {
      describe(`${guardName} + ${templateName} template`, () => {
        const report = auditCluster([t, ...guardrail]);
        const target = report.targets.find((x) => x.target.kind === 'SandboxTemplate')!;

        it('the snapshot is read whole: one template target, no invalid object', () => {
          expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
          expect(report.targets.map((x) => x.target.name)).toEqual([t.metadata.name]);
          expect(target.policies.egress[0]).toMatchObject({ tier: 'Admin' });
        });

        it('no sensitive range of severity medium or higher, and no metadata endpoint, is reachable', () => {
          for (const r of SENSITIVE) expect(target.egressReachable.overlaps(CidrSet.from(r.cidrs)), r.code).toBe(false);
          for (const cidr of METADATA) expect(target.egressReachable.overlaps(CidrSet.from([cidr])), cidr).toBe(false);
          const reachFindings = target.findings.filter((f) => SENSITIVE.some((r) => r.code === f.code));
          expect(reachFindings).toEqual([]);
        });

        it(denyAll ? 'the public internet is closed except the allowed domains' : 'the public internet stays reachable', () => {
          for (const ip of PUBLIC) expect(target.egressReachable.contains(ip), ip).toBe(!denyAll);
          if (denyAll) {
            expect(target.domainAllowances.flatMap((d) => d.domains)).toEqual(expect.arrayContaining(['github.com', '*.pypi.org']));
          }
        });

        it('evaluateTraffic agrees on single connections (metadata denied by the Admin tier)', () => {
          const from = { target: { kind: 'SandboxTemplate', namespace: 'agents', name: t.metadata.name } } as const;
          const metadata = evaluateTraffic([t, ...guardrail], { from, to: { ip: '169.254.169.254' }, port: 80 });
          expect(metadata).toMatchObject({ allowed: false, tier: 'Admin' });
          expect(evaluateTraffic([t, ...guardrail], { from, to: { ip: PUBLIC[0]! }, port: 443 }).allowed).toBe(!denyAll);
        });

        if (denyAll) {
          it('an allowed domain that resolves into the sensitive set stays denied; one that resolves to the internet is accepted', () => {
            const from = { target: { kind: 'SandboxTemplate', namespace: 'agents', name: t.metadata.name } } as const;
            for (const ip of ['169.254.169.254', '10.0.0.5', 'fd00:ec2::254']) {
              const r = evaluateTraffic([t, ...guardrail], { from, to: { ip, domain: 'github.com' }, port: 443 });
              expect(r, ip).toMatchObject({ allowed: false, tier: 'Admin' });
            }
            expect(evaluateTraffic([t, ...guardrail], { from, to: { ip: PUBLIC[0]!, domain: 'github.com' }, port: 443 })).toMatchObject({ allowed: true, tier: 'Admin' });
          });
        }
      });
    }
  }
});
