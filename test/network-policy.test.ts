import { describe, expect, it } from 'vitest';
import {
  isSandboxPolicyError,
  networkPolicyFor,
  networkPolicySpecFor,
  networkPolicyWithChangesFor,
  parseSandboxTemplate,
  sandboxPodLabels,
  applySandboxSecureDefaults,
  validateNetworkPolicy,
} from '../src/index.js';
import { baseTemplate, deepFreeze, shuffleKeys, templateFixtures } from './helpers.js';

const fixtures = templateFixtures();

describe('golden fixtures (test/fixtures/templates)', () => {
  it('has the cases the spec asks for', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(28);
  });
  for (const f of fixtures) {
    it(`${f.file}: ${f.description}`, () => {
      const exp = f.expect;
      if ('error' in exp) {
        let thrown: unknown;
        try {
          networkPolicyFor(parseSandboxTemplate(f.template), f.options as never);
        } catch (err) {
          thrown = err;
        }
        expect(isSandboxPolicyError(thrown)).toBe(true);
        expect((thrown as { issues: unknown[] }).issues).toEqual(exp.error);
        return;
      }
      const t = parseSandboxTemplate(f.template);
      // Byte-identical: the fixture's key order is Go's field order.
      expect(JSON.stringify(networkPolicyFor(t, f.options as never))).toBe(JSON.stringify(exp.networkPolicy));
      expect(sandboxPodLabels(t)).toEqual(exp.podLabels);
      expect(JSON.stringify(applySandboxSecureDefaults(t, undefined, f.options as never))).toBe(JSON.stringify(exp.podSpec));
      const policy = networkPolicyFor(t, f.options as never);
      if (policy !== null) expect(validateNetworkPolicy(policy)).toEqual([]);
    });
  }
});

describe('the upstream default, byte for byte', () => {
  // Typed by hand from spec/upstream.md §2.1-2.2 (the controller's JSON request body).
  const UPSTREAM =
    '{"kind":"NetworkPolicy","apiVersion":"networking.k8s.io/v1",' +
    '"metadata":{"name":"sandbox-network-policy","namespace":"default","ownerReferences":[{"apiVersion":"extensions.agents.x-k8s.io/v1beta1","kind":"SandboxTemplate","name":"sandbox","uid":"uid-1","controller":true,"blockOwnerDeletion":true}]},' +
    '"spec":{"podSelector":{"matchLabels":{"agents.x-k8s.io/sandbox-template-ref-hash":"da1fd924"}},' +
    '"ingress":[{"from":[{"podSelector":{"matchLabels":{"app":"sandbox-router"}},"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"agent-sandbox-system"}}}]}],' +
    '"egress":[{"to":[{"ipBlock":{"cidr":"0.0.0.0/0","except":["10.0.0.0/8","172.16.0.0/12","192.168.0.0/16","169.254.0.0/16"]}},{"ipBlock":{"cidr":"::/0","except":["fc00::/7","fe80::/10"]}}]}],' +
    '"policyTypes":["Ingress","Egress"]}}';

  it('equals the controller request body', () => {
    expect(JSON.stringify(networkPolicyFor(baseTemplate()))).toBe(UPSTREAM);
  });
  it('wrapped user rules: podSelector and policyTypes only for networkPolicy: {}', () => {
    expect(JSON.stringify(networkPolicySpecFor(baseTemplate({ networkPolicy: {} })))).toBe(
      '{"podSelector":{"matchLabels":{"agents.x-k8s.io/sandbox-template-ref-hash":"da1fd924"}},"policyTypes":["Ingress","Egress"]}',
    );
  });
  it('returns null for Unmanaged', () => {
    expect(networkPolicyFor(baseTemplate({ networkPolicyManagement: 'Unmanaged' }))).toBeNull();
    expect(networkPolicySpecFor(baseTemplate({ networkPolicyManagement: 'Unmanaged', networkPolicy: {} }))).toBeNull();
  });
});

describe('determinism', () => {
  const rules = {
    ingress: [{ from: [{ namespaceSelector: { matchLabels: { b: '2', a: '1' } }, podSelector: { matchExpressions: [{ values: ['x'], operator: 'In', key: 'k' }] } }], ports: [{ port: 80, protocol: 'TCP' }] }],
    egress: [{ to: [{ ipBlock: { except: ['10.0.0.0/8'], cidr: '0.0.0.0/0' } }], ports: [{ endPort: 90, port: 80 }] }],
  };
  it('shuffled input key order gives identical bytes (policy and pod spec)', () => {
    const input = baseTemplate({ networkPolicy: rules, podTemplate: { spec: { containers: [{ name: 'a', image: 'b', env: [{ value: '1', name: 'X' }] }], hostname: 'h' } } });
    const want = JSON.stringify(networkPolicyFor(input));
    const wantPod = JSON.stringify(applySandboxSecureDefaults(input));
    for (let seed = 1; seed <= 50; seed++) {
      const shuffled = shuffleKeys(input, seed) as Record<string, unknown>;
      expect(JSON.stringify(networkPolicyFor(shuffled))).toBe(want);
      expect(JSON.stringify(applySandboxSecureDefaults(shuffled))).toBe(wantPod);
    }
  });
});

describe('immutability and fresh output', () => {
  it('accepts deep-frozen inputs and never writes into them', () => {
    const input = deepFreeze(baseTemplate({ networkPolicy: { egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] }, podTemplate: { spec: { containers: [] } } }));
    const before = JSON.stringify(input);
    networkPolicyFor(input, { egressFloor: 'private' });
    applySandboxSecureDefaults(input, deepFreeze({ containers: [], dnsConfig: { nameservers: ['1.2.3.4'] } }));
    expect(JSON.stringify(input)).toBe(before);
  });
  it('mutating one result never changes the next', () => {
    const t = parseSandboxTemplate(baseTemplate());
    const a = networkPolicyFor(t)!;
    (a.spec!.egress![0]!.to![0]!.ipBlock!.except as string[]).push('8.8.8.8/32');
    (a.metadata as { name: string }).name = 'changed'; // results are readonly by type, fresh at run time
    (a.spec!.policyTypes as string[]).length = 0;
    const b = networkPolicyFor(t)!;
    expect(b.metadata!.name).toBe('sandbox-network-policy');
    expect(b.spec!.egress![0]!.to![0]!.ipBlock!.except).toEqual(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16']);
    expect(b.spec!.policyTypes).toEqual(['Ingress', 'Egress']);
    const p1 = applySandboxSecureDefaults(t, { containers: [] });
    (p1.dnsConfig!.nameservers as string[]).push('9.9.9.9');
    expect(applySandboxSecureDefaults(t, { containers: [] }).dnsConfig!.nameservers).toEqual(['8.8.8.8', '1.1.1.1']);
  });
  it('user rules are copied, not shared with the parsed template', () => {
    const t = parseSandboxTemplate(baseTemplate({ networkPolicy: { egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] } }));
    const a = networkPolicySpecFor(t)!;
    (a.egress![0]!.to![0]!.ipBlock as { cidr: string }).cidr = '1.1.1.1/32';
    expect(networkPolicySpecFor(t)!.egress![0]!.to![0]!.ipBlock!.cidr).toBe('0.0.0.0/0');
  });
  it('a parsed template is deep-frozen and the raw input stays writable', () => {
    const raw = baseTemplate({ networkPolicy: { egress: [] } });
    const t = parseSandboxTemplate(raw);
    expect(Object.isFrozen(t)).toBe(true);
    expect(Object.isFrozen(t.spec.networkPolicy)).toBe(true);
    expect(Object.isFrozen(raw)).toBe(false);
    expect(Object.isFrozen(raw.spec)).toBe(false);
  });
});

describe('raw templates are checked before use', () => {
  it('networkPolicyFor parses a raw object and throws on bad input', () => {
    expect(() => networkPolicyFor({ kind: 'SandboxTemplate' })).toThrowError(/apiVersion/);
    expect(() => networkPolicyFor(baseTemplate({ networkPolicy: { egress: [{ to: [{ ipBlock: { cidr: 'nope' } }] }] } }))).toThrowError(
      /spec\.networkPolicy\.egress\[0\]\.to\[0\]\.ipBlock\.cidr/,
    );
  });
  it('a spread copy of a parsed template is re-checked (the mark does not travel)', () => {
    const t = parseSandboxTemplate(baseTemplate());
    const forged = { ...t, spec: { networkPolicyManagement: 'managed' } };
    expect(() => networkPolicyFor(forged)).toThrowError(/networkPolicyManagement/);
  });
});

describe('options', () => {
  it('router and nameservers change only what they name', () => {
    const spec = networkPolicySpecFor(baseTemplate(), { router: { namespace: 'edge' } })!;
    expect(spec.ingress![0]!.from![0]).toEqual({
      podSelector: { matchLabels: { app: 'sandbox-router' } },
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'edge' } },
    });
    expect(spec.egress).toEqual(networkPolicySpecFor(baseTemplate())!.egress);
  });
  it('reports each change the egress floor made', () => {
    const r = networkPolicyWithChangesFor(baseTemplate({ networkPolicy: { egress: [{ to: [{ ipBlock: { cidr: '169.254.0.0/16' } }] }] } }), { egressFloor: 'metadata' })!;
    expect(r.floorChanges).toHaveLength(1);
    expect(r.floorChanges[0]!.path).toBe('spec.egress[0].to[0].ipBlock');
    expect(r.floorChanges[0]!.removed).toContain('169.254.169.254/32');
  });
  it('floor none (the default) leaves user rules byte-identical', () => {
    const t = baseTemplate({ networkPolicy: { egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] } });
    expect(JSON.stringify(networkPolicyFor(t, { egressFloor: 'none' }))).toBe(JSON.stringify(networkPolicyFor(t)));
  });
  const bad: Array<[string, unknown, RegExp]> = [
    ['unknown option', { routr: {} }, /options\.routr/],
    ['router namespace not a DNS label', { router: { namespace: 'Bad_NS' } }, /options\.router\.namespace/],
    ['router with no labels', { router: { podLabels: {} } }, /options\.router\.podLabels/],
    ['router label value invalid', { router: { podLabels: { app: 'a b' } } }, /options\.router\.podLabels\[app\]/],
    ['no nameservers', { nameservers: [] }, /options\.nameservers/],
    ['four nameservers', { nameservers: ['1.1.1.1', '1.0.0.1', '8.8.8.8', '8.8.4.4'] }, /options\.nameservers/],
    ['nameserver not an IP', { nameservers: ['dns.google'] }, /options\.nameservers\[0\]/],
    ['nameserver with leading zeros', { nameservers: ['008.8.8.8'] }, /options\.nameservers\[0\]/],
    ['unknown profile', { profile: 'paranoid' }, /options\.profile/],
    ['unknown floor', { egressFloor: 'all' }, /options\.egressFloor/],
    ['cluster CIDR invalid', { clusterCidrs: ['10.0.0.1/8'] }, /options\.clusterCidrs\[0\]/],
    ['cluster CIDRs covering a family', { clusterCidrs: ['0.0.0.0/1', '128.0.0.0/1'] }, /options\.clusterCidrs/],
  ];
  for (const [name, options, path] of bad) {
    it(`rejects ${name}`, () => {
      expect(() => networkPolicyFor(baseTemplate(), options as never)).toThrowError(path);
    });
  }
});

describe('@kubernetes/client-node 1.x interop (its real ObjectSerializer)', async () => {
  const { ObjectSerializer } = await import('@kubernetes/client-node/dist/serializer.js');
  const { networkPolicyNeedsUpdate, auditNetworkPolicy, validateNetworkPolicy } = await import('../src/index.js');
  const { toClientNodeObject } = await import('../src/client-node.js');
  const policies = templateFixtures()
    .filter((f) => !('error' in f.expect))
    .map((f) => networkPolicyFor(f.template, f.options as never))
    .filter((p) => p !== null);

  it('the wire object alone loses ingress peers in that serializer (why the converter exists)', () => {
    const p = networkPolicyFor(baseTemplate())!;
    expect(ObjectSerializer.serialize(p, 'V1NetworkPolicy').spec.ingress).toEqual([{}]);
  });
  it('toClientNodeObject round-trips every generated policy through the serializer unchanged', () => {
    for (const p of policies) expect(ObjectSerializer.serialize(toClientNodeObject(p), 'V1NetworkPolicy')).toEqual(p);
  });
  it('objects read back through the client (with _from) are understood as they are', () => {
    for (const p of policies) {
      const read = ObjectSerializer.deserialize(JSON.parse(JSON.stringify(p)), 'V1NetworkPolicy');
      expect(networkPolicyNeedsUpdate(read, p)).toBe(false);
      expect(validateNetworkPolicy(read)).toEqual([]);
      expect(auditNetworkPolicy(read).findings).toEqual(auditNetworkPolicy(p).findings);
    }
  });
  it('does not modify its argument', () => {
    const p = networkPolicyFor(baseTemplate())!;
    const before = JSON.stringify(p);
    toClientNodeObject(p);
    expect(JSON.stringify(p)).toBe(before);
  });
});
