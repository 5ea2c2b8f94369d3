import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { describe, expect, it } from 'vitest';
import { networkPolicyFor, validateNetworkPolicy, validateNetworkPolicySpec, type ValidationIssue } from '../src/index.js';
import { baseTemplate, templateFixtures } from './helpers.js';

const errors = (spec: unknown, strictCidr = true) =>
  validateNetworkPolicySpec(spec, { strictCidr }).filter((i) => i.severity === 'error').map(({ path, type }) => `${type} ${path}`);
const egress = (to: unknown[], ports?: unknown[]) => ({ podSelector: {}, egress: [{ to, ...(ports ? { ports } : {}) }], policyTypes: ['Egress'] });
const ingressPorts = (ports: unknown[]) => ({ podSelector: {}, ingress: [{ ports }] });
const peer = (p: unknown) => ({ podSelector: {}, ingress: [{ from: [p] }] });
const block = (cidr: unknown, except?: unknown[]) => egress([{ ipBlock: { cidr, ...(except ? { except } : {}) } }]);

// Each rule of ValidateNetworkPolicySpec (kubernetes/kubernetes pkg/apis/networking/validation):
// [rule, a valid spec, an invalid spec, the API server's "type path" for the invalid one].
const RULES: Array<[string, unknown, unknown, string[]]> = [
  ['R2 matchLabels key', { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'x' } } }, { podSelector: { matchLabels: { '-bad': 'x' } } }, ['FieldValueInvalid spec.podSelector.matchLabels']],
  ['R2 matchLabels key prefix', { podSelector: { matchLabels: { 'example.com/a': 'x' } } }, { podSelector: { matchLabels: { 'Example.com/a': 'x' } } }, ['FieldValueInvalid spec.podSelector.matchLabels']],
  ['R2 matchLabels value', { podSelector: { matchLabels: { a: '' } } }, { podSelector: { matchLabels: { a: 'x'.repeat(64) } } }, ['FieldValueInvalid spec.podSelector.matchLabels']],
  ['R2 operator In needs values', { podSelector: { matchExpressions: [{ key: 'a', operator: 'In', values: ['b'] }] } }, { podSelector: { matchExpressions: [{ key: 'a', operator: 'In' }] } }, ['FieldValueRequired spec.podSelector.matchExpressions[0].values']],
  ['R2 operator Exists forbids values', { podSelector: { matchExpressions: [{ key: 'a', operator: 'Exists' }] } }, { podSelector: { matchExpressions: [{ key: 'a', operator: 'DoesNotExist', values: ['b'] }] } }, ['FieldValueForbidden spec.podSelector.matchExpressions[0].values']],
  ['R2 unknown operator', { podSelector: { matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['b'] }] } }, { podSelector: { matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] } }, ['FieldValueInvalid spec.podSelector.matchExpressions[0].operator']],
  ['R2 expression key', { podSelector: { matchExpressions: [{ key: 'a/b', operator: 'Exists' }] } }, { podSelector: { matchExpressions: [{ key: '', operator: 'Exists' }] } }, ['FieldValueInvalid spec.podSelector.matchExpressions[0].key']],
  ['R2 expression value', { podSelector: { matchExpressions: [{ key: 'a', operator: 'In', values: ['a-b'] }] } }, { podSelector: { matchExpressions: [{ key: 'a', operator: 'In', values: ['a b'] }] } }, ['FieldValueInvalid spec.podSelector.matchExpressions[0].values[0]']],
  ['R3 policyTypes values', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }, { podSelector: {}, policyTypes: ['ingress'] }, ['FieldValueNotSupported spec.policyTypes[0]']],
  ['R3 more than two policyTypes', { podSelector: {}, policyTypes: ['Ingress', 'Ingress'] }, { podSelector: {}, policyTypes: ['Ingress', 'Egress', 'Bogus'] }, ['FieldValueInvalid spec.policyTypes']],
  ['R4 protocol', ingressPorts([{ protocol: 'SCTP', port: 9 }]), ingressPorts([{ protocol: 'ICMP' }]), ['FieldValueNotSupported spec.ingress[0].ports[0].protocol']],
  ['R5 port number', ingressPorts([{ port: 65535 }]), ingressPorts([{ port: 0 }]), ['FieldValueInvalid spec.ingress[0].ports[0].port']],
  ['R5 port name', ingressPorts([{ port: 'http-alt' }]), ingressPorts([{ port: 'a--b' }]), ['FieldValueInvalid spec.ingress[0].ports[0].port']],
  ['R5 port name length', ingressPorts([{ port: 'a'.repeat(15) }]), ingressPorts([{ port: 'a'.repeat(16) }]), ['FieldValueInvalid spec.ingress[0].ports[0].port']],
  ['R5 port name hyphen ends', ingressPorts([{ port: 'a-1' }]), ingressPorts([{ port: '-a' }]), ['FieldValueInvalid spec.ingress[0].ports[0].port']],
  ['R6 endPort >= port', ingressPorts([{ port: 80, endPort: 80 }]), ingressPorts([{ port: 80, endPort: 79 }]), ['FieldValueInvalid spec.ingress[0].ports[0].endPort']],
  ['R6 endPort <= 65535', ingressPorts([{ port: 80, endPort: 65535 }]), ingressPorts([{ port: 80, endPort: 65536 }]), ['FieldValueInvalid spec.ingress[0].ports[0].endPort']],
  ['R6 endPort needs a port', ingressPorts([{ protocol: 'TCP' }]), ingressPorts([{ endPort: 80 }]), ['FieldValueInvalid spec.ingress[0].ports[0].endPort']],
  ['R6 endPort needs a numeric port', ingressPorts([{ port: 'http' }]), ingressPorts([{ port: 'http', endPort: 80 }]), ['FieldValueInvalid spec.ingress[0].ports[0].endPort']],
  ['R7 a peer needs a selector or ipBlock', peer({ podSelector: {} }), peer({}), ['FieldValueRequired spec.ingress[0].from[0]']],
  ['R7 pod+namespace selectors are legal, ipBlock+selector is not', peer({ podSelector: {}, namespaceSelector: {} }), peer({ namespaceSelector: {}, ipBlock: { cidr: '10.0.0.0/8' } }), ['FieldValueForbidden spec.ingress[0].from[0]']],
  ['R8 cidr required', block('10.0.0.0/8'), block(''), ['FieldValueRequired spec.egress[0].to[0].ipBlock.cidr']],
  ['R9/R12 cidr format', block('2001:db8::/32'), block('10.0.0.0'), ['FieldValueInvalid spec.egress[0].to[0].ipBlock.cidr']],
  ['R10 except format', block('10.0.0.0/8', ['10.1.0.0/16']), block('10.0.0.0/8', ['10.1.0.0']), ['FieldValueInvalid spec.egress[0].to[0].ipBlock.except[0]']],
  ['R10 except strict subset', block('10.0.0.0/8', ['10.0.0.0/9']), block('10.0.0.0/8', ['10.0.0.0/8']), ['FieldValueInvalid spec.egress[0].to[0].ipBlock.except[0]']],
  ['R10 except outside', block('0.0.0.0/0', ['192.168.0.0/16']), block('10.0.0.0/8', ['192.168.0.0/16']), ['FieldValueInvalid spec.egress[0].to[0].ipBlock.except[0]']],
  ['R11 except of the other family', block('::/0', ['fc00::/7']), block('::/0', ['10.0.0.0/8']), ['FieldValueInvalid spec.egress[0].to[0].ipBlock.except[0]']],
  ['R11 ::ffff:0:0/96 can never be an except of ::/0', block('::/0', ['::/8']), block('::/0', ['::ffff:0:0/96']), ['FieldValueInvalid spec.egress[0].to[0].ipBlock.except[0]', 'FieldValueInvalid spec.egress[0].to[0].ipBlock.except[0]']],
  ['R13 leading zeros', block('10.0.0.0/8'), block('10.0.0.0/08'), ['FieldValueInvalid spec.egress[0].to[0].ipBlock.cidr']],
  ['R13 host bits', block('10.0.0.0/8'), block('10.0.0.1/8'), ['FieldValueInvalid spec.egress[0].to[0].ipBlock.cidr']],
  ['R13 IPv4-mapped', block('0.0.0.0/0'), block('::ffff:10.0.0.0/104'), ['FieldValueInvalid spec.egress[0].to[0].ipBlock.cidr']],
];

describe('validateNetworkPolicySpec mirrors the API server', () => {
  for (const [rule, valid, invalid, want] of RULES) {
    it(`${rule}: valid case passes`, () => {
      expect(errors(valid)).toEqual([]);
    });
    it(`${rule}: invalid case fails at the API server's path`, () => {
      expect(errors(invalid)).toEqual(want);
    });
  }

  it('R1: errors in API server order (podSelector, ingress ports then from, egress, policyTypes)', () => {
    const spec = {
      policyTypes: ['x'],
      egress: [{ to: [{}], ports: [{ port: 0 }] }],
      ingress: [{ from: [{}], ports: [{ protocol: 'x' }] }],
      podSelector: { matchLabels: { '!': 'a' } },
    };
    expect(errors(spec)).toEqual([
      'FieldValueInvalid spec.podSelector.matchLabels',
      'FieldValueNotSupported spec.ingress[0].ports[0].protocol',
      'FieldValueRequired spec.ingress[0].from[0]',
      'FieldValueInvalid spec.egress[0].ports[0].port',
      'FieldValueRequired spec.egress[0].to[0]',
      'FieldValueNotSupported spec.policyTypes[0]',
    ]);
  });
  it('R10: if the cidr does not parse, excepts are not checked', () => {
    expect(errors(block('bad', ['also-bad']))).toEqual(['FieldValueInvalid spec.egress[0].to[0].ipBlock.cidr']);
  });
  it('R11: a mapped except under an IPv4 cidr passes the subset test and fails only strict format', () => {
    expect(errors(block('10.0.0.0/8', ['::ffff:10.1.0.0/112']), false)).toEqual([]);
    expect(errors(block('10.0.0.0/8', ['::ffff:10.1.0.0/112']), true)).toEqual(['FieldValueInvalid spec.egress[0].to[0].ipBlock.except[0]']);
  });
  it('R13 legacy mode: accepted with a warning that names the canonical form', () => {
    const issues = validateNetworkPolicySpec(block('010.0.0.0/8'), { strictCidr: false });
    expect(issues).toEqual([
      expect.objectContaining({ severity: 'warning', path: 'spec.egress[0].to[0].ipBlock.cidr', message: expect.stringContaining('"10.0.0.0/8"') }),
    ]);
  });
  it('R14: non-RFC 5952 IPv6 text passes with a warning in both modes', () => {
    for (const strictCidr of [true, false]) {
      const issues = validateNetworkPolicySpec(block('2001:DB8::/32'), { strictCidr });
      expect(issues.map((i: ValidationIssue) => i.severity)).toEqual(['warning']);
      expect(issues[0]!.message).toContain('RFC 5952');
    }
  });
  it('messages read like the API server', () => {
    const [issue] = validateNetworkPolicySpec(ingressPorts([{ protocol: 'ICMP' }]));
    expect(issue!.message).toBe('Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"');
  });
  it('never throws on values of the wrong type', () => {
    for (const junk of [null, 42, 'x', [], { podSelector: 5, ingress: 'x', egress: [7, { to: 'y', ports: [null] }], policyTypes: {} }]) {
      expect(() => validateNetworkPolicySpec(junk)).not.toThrow();
      expect(validateNetworkPolicySpec(junk).length).toBeGreaterThan(0);
    }
  });
});

describe('validateNetworkPolicy (metadata too)', () => {
  it('checks name, namespace and owner references', () => {
    const issues = validateNetworkPolicy({
      metadata: { name: 'Bad_Name', namespace: 'a.b', ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'y', uid: '' }] },
      spec: { podSelector: {} },
    });
    expect(issues.map((i) => i.path)).toEqual(['metadata.name', 'metadata.namespace', 'metadata.ownerReferences[0].uid']);
  });
  it('does not require a namespace (clients fill it in from the request)', () => {
    expect(validateNetworkPolicy({ metadata: { name: 'x' }, spec: { podSelector: {} } })).toEqual([]);
    expect(validateNetworkPolicy({ metadata: {}, spec: {} }).map((i) => i.type)).toEqual(['FieldValueRequired']);
  });
});

describe('every generated policy passes both validators', () => {
  const policies = templateFixtures()
    .filter((f) => !('error' in f.expect))
    .map((f) => networkPolicyFor(f.template, f.options as never))
    .filter((p) => p !== null);
  policies.push(networkPolicyFor(baseTemplate(), { profile: 'hardened', clusterCidrs: ['100.64.0.0/10', '2600::/64'] })!);
  it('ours (strict)', () => {
    for (const p of policies) expect(validateNetworkPolicy(p)).toEqual([]);
  });
  it("Kubernetes' published OpenAPI schema (kubernetes-models)", () => {
    expect(policies.length).toBeGreaterThan(20);
    for (const p of policies) expect(() => new NetworkPolicy(p as never).validate()).not.toThrow();
  });
  it('the schema validator catches what it should (so the check above can fail)', () => {
    expect(() => new NetworkPolicy({ metadata: { name: 'x' }, spec: { podSelector: {}, policyTypes: ['Bogus'] } } as never).validate()).toThrow();
  });
});
