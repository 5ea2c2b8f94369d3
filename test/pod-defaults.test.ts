import { describe, expect, it } from 'vitest';
import { applySandboxSecureDefaults, isSecureByDefault } from '../src/index.js';
import { baseTemplate } from './helpers.js';

const DNS = { dnsPolicy: 'None', dnsConfig: { nameservers: ['8.8.8.8', '1.1.1.1'] } };

describe('applySandboxSecureDefaults: the table of spec/upstream.md §4', () => {
  const rows: Array<[string, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>]> = [
    ['Managed (absent), no policy, no dnsPolicy', {}, {}, { automountServiceAccountToken: false, ...DNS }],
    ['Managed, no policy, dnsPolicy ""', { networkPolicyManagement: 'Managed' }, { dnsPolicy: '' }, { automountServiceAccountToken: false, ...DNS }],
    ['empty management reads as Managed', { networkPolicyManagement: '' }, {}, { automountServiceAccountToken: false, ...DNS }],
    ['networkPolicy null is the secure default', { networkPolicy: null }, {}, { automountServiceAccountToken: false, ...DNS }],
    ['Managed, no policy, dnsPolicy set', {}, { dnsPolicy: 'ClusterFirst' }, { automountServiceAccountToken: false, dnsPolicy: 'ClusterFirst' }],
    ['Managed, no policy, dnsPolicy Default', {}, { dnsPolicy: 'Default' }, { automountServiceAccountToken: false, dnsPolicy: 'Default' }],
    ['Managed, own rules {}', { networkPolicy: {} }, {}, { automountServiceAccountToken: false }],
    ['Managed, own egress rules', { networkPolicy: { egress: [{}] } }, {}, { automountServiceAccountToken: false }],
    ['Unmanaged, no policy', { networkPolicyManagement: 'Unmanaged' }, {}, { automountServiceAccountToken: false }],
    ['Unmanaged, rules', { networkPolicyManagement: 'Unmanaged', networkPolicy: {} }, {}, { automountServiceAccountToken: false }],
    ['explicit automount true is kept', {}, { automountServiceAccountToken: true }, { automountServiceAccountToken: true, ...DNS }],
    ['explicit automount false is kept', { networkPolicy: {} }, { automountServiceAccountToken: false }, { automountServiceAccountToken: false }],
  ];
  for (const [name, spec, pod, want] of rows) {
    it(name, () => {
      expect(applySandboxSecureDefaults(baseTemplate(spec), pod as never)).toEqual(want);
    });
  }

  it('replaces (does not merge) a dnsConfig given without dnsPolicy', () => {
    const out = applySandboxSecureDefaults(baseTemplate(), { containers: [], dnsConfig: { nameservers: ['10.96.0.10'], searches: ['svc.cluster.local'], options: [{ name: 'ndots', value: '5' }] } });
    expect(out.dnsConfig).toEqual({ nameservers: ['8.8.8.8', '1.1.1.1'] });
  });
  it('keeps every other field as it was', () => {
    const pod = { containers: [{ name: 'a', image: 'b', securityContext: { runAsNonRoot: true } }], runtimeClassName: 'gvisor', hostNetwork: false };
    expect(applySandboxSecureDefaults(baseTemplate(), pod as never)).toMatchObject(pod);
  });
  it("defaults to the template's own pod spec", () => {
    const t = baseTemplate({ podTemplate: { spec: { containers: [{ name: 'a', image: 'b' }], dnsPolicy: 'ClusterFirst' } } });
    expect(applySandboxSecureDefaults(t)).toEqual({ automountServiceAccountToken: false, containers: [{ image: 'b', name: 'a' }], dnsPolicy: 'ClusterFirst' });
  });
  it('uses options.nameservers', () => {
    expect(applySandboxSecureDefaults(baseTemplate(), {} as never, { nameservers: ['10.0.0.53'] }).dnsConfig).toEqual({ nameservers: ['10.0.0.53'] });
  });
  it('sorts keys so equal pod specs give equal bytes', () => {
    expect(Object.keys(applySandboxSecureDefaults(baseTemplate(), { hostname: 'h', containers: [] }))).toEqual([
      'automountServiceAccountToken',
      'containers',
      'dnsConfig',
      'dnsPolicy',
      'hostname',
    ]);
  });
  it.each([
    ['unknown dnsPolicy', { dnsPolicy: 'none' }, 'podSpec.dnsPolicy'],
    ['automount not a boolean', { automountServiceAccountToken: 'false' }, 'podSpec.automountServiceAccountToken'],
    ['dnsConfig not an object', { dnsConfig: ['8.8.8.8'] }, 'podSpec.dnsConfig'],
    ['nameservers not a list', { dnsConfig: { nameservers: '8.8.8.8' } }, 'podSpec.dnsConfig.nameservers'],
  ])('rejects %s', (_, pod, path) => {
    expect(() => applySandboxSecureDefaults(baseTemplate(), pod as never)).toThrowError(new RegExp(path.replace(/\./g, '\\.')));
  });
});

describe('isSecureByDefault', () => {
  it('is true only when Managed and without rules', () => {
    expect(isSecureByDefault(baseTemplate())).toBe(true);
    expect(isSecureByDefault(baseTemplate({ networkPolicy: {} }))).toBe(false);
    expect(isSecureByDefault(baseTemplate({ networkPolicyManagement: 'Unmanaged' }))).toBe(false);
  });
});
