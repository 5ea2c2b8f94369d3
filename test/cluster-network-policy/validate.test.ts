import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { DOMAIN_NAME_PATTERN, isSandboxPolicyError, validateClusterNetworkPolicy, type CrdChannel } from '../../src/index.js';
import { FIXTURES, deepFreeze } from '../helpers.js';
import { crdErrors } from '../support/crd-schema.js';

const DIR = join(FIXTURES, 'cluster-network-policies');
/**
 * The ClusterNetworkPolicies of a YAML file. The experimental conformance files are Go templates
 * (`number: {{ index .HostNetworkPorts 0 }}`): each placeholder reads as the next port from 8080.
 */
const docs = (file: string): Array<Record<string, unknown>> => {
  let port = 8080;
  return parseAllDocuments(readFileSync(file, 'utf8').replace(/\{\{[^}]*\}\}/g, () => String(port++)))
    .map((d) => d.toJS() as Record<string, unknown>)
    .filter((d) => d?.kind === 'ClusterNetworkPolicy');
};
const errors = (value: unknown, channel: CrdChannel = 'experimental') =>
  validateClusterNetworkPolicy(value, { channel }).filter((i) => i.severity === 'error').map((i) => `${i.type} ${i.path}`);

/** A valid object to mutate: one Admin egress rule with every kind of field. */
const base = () => ({
  apiVersion: 'policy.networking.k8s.io/v1alpha2',
  kind: 'ClusterNetworkPolicy',
  metadata: { name: 'base' },
  spec: {
    tier: 'Admin',
    priority: 10,
    subject: { pods: { namespaceSelector: {}, podSelector: { matchExpressions: [{ key: 'agents.x-k8s.io/sandbox-name-hash', operator: 'Exists' }] } } },
    egress: [{ name: 'r', action: 'Accept', to: [{ networks: ['8.8.8.8/32'] } as Record<string, unknown>], protocols: [{ udp: { destinationPort: { number: 53 } } }] as unknown[] }],
  },
});
type Base = ReturnType<typeof base>;
const rule = (o: Base) => o.spec.egress[0]!;

describe('validateClusterNetworkPolicy against upstream objects (independent fixtures)', () => {
  const upstream = readdirSync(join(DIR, 'upstream')).filter((f) => f.endsWith('.yaml')).sort();
  const valid = upstream.filter((f) => !f.includes('invalid'));
  const experimental = upstream.filter((f) => f.includes('experimental'));

  it.each(valid)('%s: no errors from our validator or from ajv with the CRD schema', (file) => {
    for (const doc of docs(join(DIR, 'upstream', file))) {
      expect(errors(doc)).toEqual([]);
      expect(crdErrors(doc, 'experimental')).toEqual([]);
      if (file.includes('standard')) {
        expect(errors(doc, 'standard')).toEqual([]);
        expect(crdErrors(doc, 'standard')).toEqual([]);
      }
    }
  });

  it('the experimental-only fixtures are rejected by the standard channel, by both validators', () => {
    expect(experimental).toHaveLength(2);
    for (const file of experimental) {
      for (const doc of docs(join(DIR, 'upstream', file))) {
        expect(errors(doc, 'standard').some((e) => /^FieldValueForbidden spec\.egress\[\d+\]\.to\[\d+\]\.(nodes|domainNames)$/.test(e))).toBe(true);
        expect(crdErrors(doc, 'standard').some((e) => /^\/spec\/egress\/\d+\/to\/\d+ additionalProperties$/.test(e))).toBe(true);
      }
    }
  });

  it("upstream's invalid-ingress-action is rejected by both", () => {
    const [doc] = docs(join(DIR, 'upstream', 'crdtest-invalid-invalid-ingress-action.yaml'));
    expect(errors(doc)).toContain('FieldValueNotSupported spec.ingress[0].action');
    expect(crdErrors(doc)).toContain('/spec/ingress/0/action enum');
  });

  it("agent-sandbox's hand-written sandbox CNPs validate (experimental channel)", () => {
    const objects = docs(join(DIR, 'agent-sandbox-example.yaml'));
    expect(objects).toHaveLength(2);
    for (const doc of objects) {
      expect(validateClusterNetworkPolicy(doc)).toEqual([]);
      expect(crdErrors(doc)).toEqual([]);
    }
  });
});

// [what, mutation of base(), our "type path" (contained), ajv's "path keyword" (contained) or null when
// only a CEL rule or a Kubernetes rule outside the schema catches it].
const INVALID: Array<[string, (o: Base) => void, string, string | null, CrdChannel?]> = [
  ['tier outside the enum', (o) => void (o.spec.tier = 'admin'), 'FieldValueNotSupported spec.tier', '/spec/tier enum'],
  ['priority above 1000', (o) => void (o.spec.priority = 1001), 'FieldValueInvalid spec.priority', '/spec/priority maximum'],
  ['priority below 0', (o) => void (o.spec.priority = -1), 'FieldValueInvalid spec.priority', '/spec/priority minimum'],
  ['priority not an integer', (o) => void (o.spec.priority = 1.5), 'FieldValueTypeInvalid spec.priority', '/spec/priority type'],
  ['subject missing', (o) => void delete (o.spec as Partial<Base['spec']>).subject, 'FieldValueRequired spec.subject', '/spec required'],
  ['subject with two fields', (o) => void Object.assign(o.spec.subject, { namespaces: {} }), 'FieldValueInvalid spec.subject', '/spec/subject maxProperties'],
  ['subject empty', (o) => void (o.spec.subject = {} as Base['spec']['subject']), 'FieldValueInvalid spec.subject', '/spec/subject minProperties'],
  ['pods without podSelector', (o) => void delete (o.spec.subject.pods as Partial<Base['spec']['subject']['pods']>).podSelector, 'FieldValueRequired spec.subject.pods.podSelector', '/spec/subject/pods required'],
  ['26 egress rules', (o) => void (o.spec.egress = Array.from({ length: 26 }, () => rule(o))), 'FieldValueTooMany spec.egress', '/spec/egress maxItems'],
  ['empty to', (o) => void (rule(o).to = []), 'FieldValueInvalid spec.egress[0].to', '/spec/egress/0/to minItems'],
  ['action missing', (o) => void delete (rule(o) as Partial<ReturnType<typeof rule>>).action, 'FieldValueRequired spec.egress[0].action', '/spec/egress/0 required'],
  ['action Allow (v1alpha1 spelling)', (o) => void (rule(o).action = 'Allow'), 'FieldValueNotSupported spec.egress[0].action', '/spec/egress/0/action enum'],
  ['rule name of 101 characters', (o) => void (rule(o).name = 'n'.repeat(101)), 'FieldValueTooLong spec.egress[0].name', '/spec/egress/0/name maxLength'],
  ['peer with two fields', (o) => void (rule(o).to = [{ networks: ['1.1.1.1/32'], namespaces: {} }]), 'FieldValueInvalid spec.egress[0].to[0]', '/spec/egress/0/to/0 maxProperties'],
  ['26 networks', (o) => void (rule(o).to = [{ networks: Array.from({ length: 26 }, (_, i) => `10.0.${i}.0/24`) }]), 'FieldValueTooMany spec.egress[0].to[0].networks', '/spec/egress/0/to/0/networks maxItems'],
  ['duplicate networks', (o) => void (rule(o).to = [{ networks: ['1.1.1.1/32', '1.1.1.1/32'] }]), 'FieldValueDuplicate spec.egress[0].to[0].networks[1]', '/spec/egress/0/to/0/networks x-kubernetes-list-type'],
  ['CIDR over 43 characters', (o) => void (rule(o).to = [{ networks: ['ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255/128'] }]), 'FieldValueTooLong spec.egress[0].to[0].networks[0]', '/spec/egress/0/to/0/networks/0 maxLength'],
  ['C1: not a CIDR', (o) => void (rule(o).to = [{ networks: ['10.0.0.0'] }]), 'FieldValueInvalid spec.egress[0].to[0].networks[0]', null],
  ['C1: leading zeros', (o) => void (rule(o).to = [{ networks: ['010.0.0.0/8'] }]), 'FieldValueInvalid spec.egress[0].to[0].networks[0]', null],
  ['C1: IPv4-mapped IPv6', (o) => void (rule(o).to = [{ networks: ['::ffff:10.0.0.0/104'] }]), 'FieldValueInvalid spec.egress[0].to[0].networks[0]', null],
  ['P1: partial-label wildcard', (o) => void (rule(o).to = [{ domainNames: ['*github.com'] }]), 'FieldValueInvalid spec.egress[0].to[0].domainNames[0]', '/spec/egress/0/to/0/domainNames/0 pattern'],
  ['P1: one label', (o) => void (rule(o).to = [{ domainNames: ['localhost'] }]), 'FieldValueInvalid spec.egress[0].to[0].domainNames[0]', '/spec/egress/0/to/0/domainNames/0 pattern'],
  ['duplicate domains', (o) => void (rule(o).to = [{ domainNames: ['a.io', 'a.io'] }]), 'FieldValueDuplicate spec.egress[0].to[0].domainNames[1]', '/spec/egress/0/to/0/domainNames x-kubernetes-list-type'],
  ['empty protocols', (o) => void (rule(o).protocols = []), 'FieldValueInvalid spec.egress[0].protocols', '/spec/egress/0/protocols minItems'],
  ['tcp without destinationPort', (o) => void (rule(o).protocols = [{ tcp: {} }]), 'FieldValueInvalid spec.egress[0].protocols[0].tcp', '/spec/egress/0/protocols/0/tcp minProperties'],
  ['two protocols in one entry', (o) => void (rule(o).protocols = [{ tcp: { destinationPort: { number: 1 } }, udp: { destinationPort: { number: 1 } } }]), 'FieldValueInvalid spec.egress[0].protocols[0]', '/spec/egress/0/protocols/0 maxProperties'],
  ['port 0', (o) => void (rule(o).protocols = [{ tcp: { destinationPort: { number: 0 } } }]), 'FieldValueInvalid spec.egress[0].protocols[0].tcp.destinationPort.number', '/spec/egress/0/protocols/0/tcp/destinationPort/number minimum'],
  ['port 65536', (o) => void (rule(o).protocols = [{ sctp: { destinationPort: { number: 65536 } } }]), 'FieldValueInvalid spec.egress[0].protocols[0].sctp.destinationPort.number', '/spec/egress/0/protocols/0/sctp/destinationPort/number maximum'],
  ['number and range', (o) => void (rule(o).protocols = [{ tcp: { destinationPort: { number: 1, range: { start: 1, end: 2 } } } }]), 'FieldValueInvalid spec.egress[0].protocols[0].tcp.destinationPort', '/spec/egress/0/protocols/0/tcp/destinationPort maxProperties'],
  ['range without end', (o) => void (rule(o).protocols = [{ tcp: { destinationPort: { range: { start: 1 } } } }]), 'FieldValueRequired spec.egress[0].protocols[0].tcp.destinationPort.range.end', '/spec/egress/0/protocols/0/tcp/destinationPort/range required'],
  ['R1: range start == end', (o) => void (rule(o).protocols = [{ tcp: { destinationPort: { range: { start: 80, end: 80 } } } }]), 'FieldValueInvalid spec.egress[0].protocols[0].tcp.destinationPort.range', null],
  ['E1: named port beside networks', (o) => void (rule(o).protocols = [{ destinationNamedPort: 'dns' }]), 'FieldValueInvalid spec.egress[0]', null],
  ['unknown spec field', (o) => void Object.assign(o.spec, { action: 'Deny' }), 'FieldValueForbidden spec.action', '/spec additionalProperties'],
  ['networks in an ingress peer', (o) => void Object.assign(o.spec, { ingress: [{ action: 'Deny', from: [{ networks: ['10.0.0.0/8'] }] }] }), 'FieldValueForbidden spec.ingress[0].from[0].networks', '/spec/ingress/0/from/0 additionalProperties'],
  ['domainNames on the standard channel', (o) => void (rule(o).to = [{ domainNames: ['a.io'] }]), 'FieldValueForbidden spec.egress[0].to[0].domainNames', '/spec/egress/0/to/0 additionalProperties', 'standard'],
  ['a namespace on a cluster-scoped object', (o) => void Object.assign(o.metadata, { namespace: 'default' }), 'FieldValueForbidden metadata.namespace', null],
  ['an invalid selector operator (the CRD lets it through; implementations then match nothing)', (o) => void (o.spec.subject.pods.podSelector.matchExpressions[0]!.operator = 'exists'), 'FieldValueInvalid spec.subject.pods.podSelector.matchExpressions[0].operator', null],
];

describe('validateClusterNetworkPolicy rejects what the CRD rejects', () => {
  it('the base object is valid for both validators on both channels', () => {
    for (const channel of ['standard', 'experimental'] as const) {
      expect(errors(base(), channel)).toEqual([]);
      expect(crdErrors(base(), channel)).toEqual([]);
    }
  });

  it.each(INVALID)('%s', (_what, mutate, ours, ajv, channel = 'experimental') => {
    const o = base();
    mutate(o);
    expect(errors(o, channel)).toContain(ours);
    if (ajv === null) expect(crdErrors(o, channel)).toEqual([]);
    else expect(crdErrors(o, channel)).toContain(ajv);
  });

  it('E1 exists only on the experimental channel', () => {
    const o = base();
    rule(o).protocols = [{ destinationNamedPort: 'dns' }];
    expect(errors(o, 'standard')).toEqual([]);
    expect(validateClusterNetworkPolicy(o).find((i) => i.path === 'spec.egress[0]')?.message).toBe(
      'Invalid value: "object": networks/nodes/domainNames peer cannot be set with namedPorts since there are no namedPorts for networks/nodes/domainNames',
    );
  });

  it('speaks the API server: messages for enum, bounds and the CEL rules', () => {
    const o = base();
    o.spec.priority = 1001;
    rule(o).protocols = [{ tcp: { destinationPort: { range: { start: 90, end: 80 } } } }];
    rule(o).to = [{ networks: ['10.0.0.0'] }];
    expect(validateClusterNetworkPolicy(o).map((i) => `${i.path}: ${i.message}`)).toEqual([
      'spec.priority: Invalid value: 1001: spec.priority in body should be less than or equal to 1000',
      'spec.egress[0].to[0].networks[0]: Invalid value: "string": Invalid CIDR format provided',
      'spec.egress[0].protocols[0].tcp.destinationPort.range: Invalid value: "object": Start port must be less than End port',
    ]);
  });

  it('an unknown field beside a union member is reported once, not also as a second member', () => {
    const o = base();
    rule(o).to = [{ networks: ['1.1.1.1/32'], ipBlock: { cidr: '1.1.1.1/32' } }];
    expect(errors(o)).toEqual(['FieldValueForbidden spec.egress[0].to[0].ipBlock']);
  });

  it('its TSDoc example holds', () => {
    const issues = validateClusterNetworkPolicy({
      apiVersion: 'policy.networking.k8s.io/v1alpha2',
      kind: 'ClusterNetworkPolicy',
      metadata: { name: 'github' },
      spec: { tier: 'Admin', priority: 20, subject: { namespaces: {} }, egress: [{ action: 'Accept', to: [{ domainNames: ['*github.com'] }] }] },
    });
    expect(issues).toEqual([
      {
        path: 'spec.egress[0].to[0].domainNames[0]',
        type: 'FieldValueInvalid',
        severity: 'error',
        message: `Invalid value: "*github.com": spec.egress[0].to[0].domainNames[0] in body should match '${DOMAIN_NAME_PATTERN}'`,
        reason: 'invalid',
      },
    ]);
  });

  it('host bits and domainNames outside Admin Accept rules are warnings, not errors', () => {
    const o = base();
    rule(o).to = [{ networks: ['10.0.0.1/8'] }, { domainNames: ['a.io'] }];
    rule(o).action = 'Deny';
    o.spec.tier = 'Baseline';
    const issues = validateClusterNetworkPolicy(o);
    expect(issues.every((i) => i.severity === 'warning')).toBe(true);
    expect(issues.map((i) => i.path)).toEqual(['spec.egress[0].to[0].networks[0]', 'spec.egress[0].to[1].domainNames', 'spec.egress[0].to[1].domainNames']);
  });
});

describe('never weaker than the CRD schema (property)', () => {
  // Mostly well-formed values, each field sometimes replaced by a wrong one (1 in 40).
  const scalar = fc.oneof(fc.constant(null), fc.boolean(), fc.integer({ min: -2, max: 70000 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom('', 'x', '10.0.0.0/8'), fc.constant([]), fc.constant({}));
  const or = <T,>(good: fc.Arbitrary<T>) => fc.oneof({ weight: 39, arbitrary: good }, { weight: 1, arbitrary: scalar });
  const str = (...good: string[]) => or(fc.constantFrom(...good));
  const record = <T extends Record<string, unknown>>(shape: { [K in keyof T]: fc.Arbitrary<T[K]> }, required: Array<keyof T> = []) => or(fc.record(shape, { requiredKeys: required }));
  const list = <T,>(a: fc.Arbitrary<T>) => or(fc.array(a, { minLength: 1, maxLength: 3 }));
  const one = (shape: Record<string, fc.Arbitrary<unknown>>) =>
    or(fc.oneof({ weight: 9, arbitrary: fc.oneof(...Object.entries(shape).map(([k, a]) => a.map((v) => ({ [k]: v })))) }, { weight: 1, arbitrary: fc.record(shape, { requiredKeys: [] }) }));
  const selector = record({
    matchLabels: or(fc.dictionary(fc.constantFrom('a', 'b/c'), str('x', ''))),
    matchExpressions: list(record({ key: str('a'), operator: str('Exists'), values: or(fc.constant([] as string[])) }, ['key', 'operator'])),
  });
  const int = or(fc.oneof({ weight: 30, arbitrary: fc.integer({ min: 1, max: 65535 }) }, { weight: 1, arbitrary: fc.constantFrom(0, 65536) }));
  const port = one({ number: int, range: record({ start: int, end: int }, ['start', 'end']) });
  const l4 = record({ destinationPort: port }, ['destinationPort']);
  const protocol = one({ tcp: l4, udp: l4, sctp: l4, destinationNamedPort: str('dns') });
  const pods = record({ namespaceSelector: selector, podSelector: selector }, ['podSelector']);
  const peer = one({
    namespaces: selector,
    pods,
    nodes: selector,
    networks: or(fc.uniqueArray(fc.constantFrom('10.0.0.0/8', '::/0', '1.1.1.1/32', '2001:db8::/32', '10.0.0.0'), { minLength: 1, maxLength: 3 })),
    domainNames: or(fc.uniqueArray(fc.constantFrom('a.io', '*.a.io', 'b.a.io'), { minLength: 1, maxLength: 3 })),
  });
  const rule = (peers: 'to' | 'from') =>
    record({ name: str('r'), action: str('Accept', 'Deny', 'Pass'), [peers]: list(peer), protocols: list(protocol) } as Record<string, fc.Arbitrary<unknown>>, ['action', peers]);
  const policy = fc.record({
    apiVersion: fc.constant('policy.networking.k8s.io/v1alpha2'),
    kind: fc.constant('ClusterNetworkPolicy'),
    metadata: fc.constant({ name: 'p' }),
    spec: record(
      {
        tier: str('Admin', 'Baseline'),
        priority: or(fc.integer({ min: 0, max: 1000 })),
        subject: one({ namespaces: selector, pods }),
        ingress: or(fc.array(rule('from'), { maxLength: 2 })),
        egress: or(fc.array(rule('to'), { maxLength: 2 })),
      },
      ['tier', 'priority', 'subject'],
    ),
  });

  it.each(['standard', 'experimental'] as const)('whatever ajv rejects with the %s CRD, ours rejects too', (channel) => {
    const seen = { rejected: 0, oursOnly: 0, valid: 0 };
    fc.assert(
      fc.property(policy, (p) => {
        const ajv = crdErrors(p, channel);
        const ours = errors(p, channel);
        if (ajv.length > 0) expect(ours.length).toBeGreaterThan(0);
        // What only we reject: a CEL rule (reported as "object"/"string" invalid values) or a label selector rule.
        else for (const e of ours) expect(e).toMatch(/^FieldValue(Invalid|Required|Forbidden) spec\.(.*\.(networks\[\d+\]|range|matchExpressions\[\d+\]\.\w+|matchLabels)|(ingress|egress)\[\d+\])$/);
        seen[ajv.length > 0 ? 'rejected' : ours.length > 0 ? 'oursOnly' : 'valid']++;
      }),
      { numRuns: 1500 },
    );
    // The generator reaches all three outcomes, so both assertions above are exercised.
    expect(Math.min(seen.rejected, seen.oursOnly, seen.valid), JSON.stringify(seen)).toBeGreaterThan(0);
  });
});

describe('domain names: the CRD pattern and its wildcard rule', () => {
  const ok = (name: string) => errors({ ...base(), spec: { ...base().spec, egress: [{ action: 'Accept', to: [{ domainNames: [name] }] }] } }).length === 0;

  // `*.com` fails too: after the wildcard the pattern still wants two labels.
  it.each(['github.com', '*.github.com', 'github.com.', '*.co.uk', 'a-b.c_d.io', '_sip.example.com'])('accepts %s', (name) => expect(ok(name)).toBe(true));
  it.each(['*github.com', '*.com', 'localhost', '*.', 'git*.com', '**.github.com', '.github.com', 'github..com', '-a.com', 'a-.com', 'github.com..', ''])('rejects %s', (name) =>
    expect(ok(name)).toBe(false),
  );

  it('agrees with ajv running the CRD pattern, on generated names', () => {
    const label = fc.stringMatching(/^[-a-zA-Z0-9_*.[\]^`]{0,6}$/);
    fc.assert(
      fc.property(fc.array(label, { minLength: 1, maxLength: 4 }).map((ls) => ls.join('.')), (name) => {
        const doc = { ...base(), spec: { ...base().spec, egress: [{ action: 'Accept', to: [{ domainNames: [name] }] }] } };
        expect(errors(doc).length === 0).toBe(crdErrors(doc).length === 0);
      }),
      { numRuns: 400 },
    );
  });

  it('exports the pattern character for character', () => {
    expect(DOMAIN_NAME_PATTERN).toBe('^(\\*\\.)?([a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\\.)+[a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\\.?$');
  });
});

describe('validateClusterNetworkPolicy takes any value', () => {
  it('never modifies its input', () => {
    const o = deepFreeze(base());
    expect(() => validateClusterNetworkPolicy(o)).not.toThrow();
  });

  it('reports a __proto__ key as an unknown field, without touching prototypes', () => {
    const o = JSON.parse('{"apiVersion":"policy.networking.k8s.io/v1alpha2","kind":"ClusterNetworkPolicy","metadata":{"name":"x"},"spec":{"__proto__":{"tier":"Admin"},"priority":1,"subject":{"namespaces":{}}}}');
    expect(errors(o)).toEqual(['FieldValueForbidden spec.__proto__', 'FieldValueRequired spec.tier']);
    expect(Object.getPrototypeOf(o.spec)).toBe(Object.prototype);
  });

  it('turns cycles, BigInt, throwing getters and revoked proxies into SandboxPolicyError', () => {
    const cyclic: Record<string, unknown> = base();
    cyclic.self = cyclic;
    const getter = Object.defineProperty(base(), 'spec', { enumerable: true, get: () => { throw new TypeError('boom'); } });
    const { proxy, revoke } = Proxy.revocable(base(), {});
    revoke();
    let deep: unknown = base();
    for (let i = 0; i < 100_000; i++) deep = [deep];
    for (const bad of [cyclic, { ...base(), spec: { priority: 1n } }, getter, { spec: proxy }, deep]) {
      expect(() => validateClusterNetworkPolicy(bad)).toThrow(expect.objectContaining({ name: 'SandboxPolicyError' }) as unknown as Error);
    }
    expect(() => validateClusterNetworkPolicy(base(), { channel: 'beta' as CrdChannel })).toThrow(/options.channel/);
  });

  it('returns issues or throws SandboxPolicyError for anything', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything({ withBigInt: true, withNullPrototype: true, withBoxedValues: true, withMap: true }), fc.constant(base()).map((b) => ({ ...b, spec: { ...b.spec, priority: 'x' } }))), (value) => {
        try {
          expect(Array.isArray(validateClusterNetworkPolicy(value))).toBe(true);
        } catch (err) {
          expect(isSandboxPolicyError(err)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
