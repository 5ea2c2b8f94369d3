import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_NAMESERVERS, applySandboxSecureDefaults, isSecureByDefault, sandboxDnsConfig } from '../src/index.js';
import { baseTemplate, deepFreeze, sandboxPodFixtures } from './helpers.js';
import { controllerOverridesDns, podSpecArb, templateArb } from './support/pod-arbitraries.js';

const OVERRIDE = { dnsPolicy: 'None', dnsConfig: { nameservers: ['8.8.8.8', '1.1.1.1'] } };

describe('sandboxDnsConfig: the override table of ApplySandboxSecureDefaults', () => {
  const rows: Array<[string, Record<string, unknown>, Record<string, unknown>, unknown]> = [
    ['Managed (absent), no rules, no dnsPolicy', {}, {}, OVERRIDE],
    ['Managed, no rules, dnsPolicy ""', { networkPolicyManagement: 'Managed' }, { dnsPolicy: '' }, OVERRIDE],
    ['empty management reads as Managed', { networkPolicyManagement: '' }, { dnsPolicy: null }, OVERRIDE],
    ['networkPolicy null is the secure default', { networkPolicy: null }, {}, OVERRIDE],
    ['a dnsConfig without dnsPolicy is replaced', {}, { dnsConfig: { nameservers: ['10.96.0.10'], searches: ['svc.cluster.local'] } }, OVERRIDE],
    ['explicit ClusterFirst is kept', {}, { dnsPolicy: 'ClusterFirst' }, null],
    ['explicit Default is kept', {}, { dnsPolicy: 'Default' }, null],
    ['explicit None is kept', {}, { dnsPolicy: 'None', dnsConfig: { nameservers: ['9.9.9.9'] } }, null],
    ['own rules {} (deny all): no override', { networkPolicy: {} }, {}, null],
    ['own egress rules: no override', { networkPolicy: { egress: [{}] } }, {}, null],
    ['Unmanaged: no override', { networkPolicyManagement: 'Unmanaged' }, {}, null],
  ];
  for (const [name, spec, pod, want] of rows) {
    it(name, () => expect(sandboxDnsConfig(baseTemplate(spec), pod as never)).toEqual(want));
  }
});

describe('sandboxDnsConfig', () => {
  it('agrees with applySandboxSecureDefaults and with the rule read from the controller (1,000 runs)', () => {
    fc.assert(
      fc.property(templateArb, podSpecArb, fc.boolean(), (template, pod, useOwn) => {
        const own = ((template.spec as { podTemplate?: { spec?: Record<string, unknown> } }).podTemplate?.spec ?? {}) as Record<string, unknown>;
        const given = useOwn ? undefined : pod;
        const dns = sandboxDnsConfig(template, given as never);
        const full = applySandboxSecureDefaults(template, given as never) as unknown as Record<string, unknown>;
        const source = useOwn ? own : pod;
        expect(dns !== null).toBe(controllerOverridesDns(template, source));
        if (dns !== null) {
          expect(dns).toEqual(OVERRIDE);
          expect({ dnsPolicy: full.dnsPolicy, dnsConfig: full.dnsConfig }).toEqual(dns);
        } else {
          expect(full.dnsPolicy).toEqual(source.dnsPolicy);
          expect(full.dnsConfig).toEqual(source.dnsConfig);
        }
        expect(isSecureByDefault(template) || dns === null).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('matches the hand-derived DNS of upstream examples (test/fixtures/sandbox-pods)', () => {
    for (const f of sandboxPodFixtures()) expect(sandboxDnsConfig(f.template), f.file).toEqual(f.expect.dnsConfig);
  });
  it("defaults to the template's own pod spec", () => {
    expect(sandboxDnsConfig(baseTemplate({ podTemplate: { spec: { dnsPolicy: 'ClusterFirst' } } }))).toBeNull();
    expect(sandboxDnsConfig(baseTemplate({ podTemplate: { spec: { containers: [] } } }))).toEqual(OVERRIDE);
  });
  it('uses options.nameservers and rejects bad options', () => {
    expect(sandboxDnsConfig(baseTemplate(), null, { nameservers: ['10.0.0.53', 'fd00::53'] })).toEqual({ dnsPolicy: 'None', dnsConfig: { nameservers: ['10.0.0.53', 'fd00::53'] } });
    expect(() => sandboxDnsConfig(baseTemplate(), null, { nameservers: [] })).toThrowError(/options\.nameservers/);
  });
  it.each([
    ['unknown dnsPolicy', { dnsPolicy: 'none' }, 'podSpec.dnsPolicy'],
    ['dnsConfig not an object', { dnsConfig: ['8.8.8.8'] }, 'podSpec.dnsConfig'],
    ['pod spec not an object', 'ClusterFirst', 'podSpec'],
  ])('rejects %s', (_, pod, path) => {
    expect(() => sandboxDnsConfig(baseTemplate(), pod as never)).toThrowError(new RegExp(`^${path.replace(/\./g, '\\.')}`));
  });
  it('returns fresh values and never modifies its arguments', () => {
    const t = deepFreeze(baseTemplate());
    const pod = deepFreeze({ containers: [] });
    const a = sandboxDnsConfig(t, pod)!;
    a.dnsConfig.nameservers.push('9.9.9.9');
    expect(sandboxDnsConfig(t, pod)).toEqual(OVERRIDE);
    expect(DEFAULT_NAMESERVERS).toEqual(['8.8.8.8', '1.1.1.1']);
  });
});
