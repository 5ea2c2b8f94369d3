/**
 * The fail-open battery: hostile templates, pod specs and options (hand-written from the classes
 * of issue 9, independent of the implementation). For each, the library either throws
 * SandboxPolicyError or emits something at most as permissive as what the input declares — read
 * as the API server reads the JSON text (unknown fields such as an own `__proto__` key are
 * dropped). Judged twice: on the emitted object with evaluateTraffic, and on what
 * `@kubernetes/client-node`'s real ObjectSerializer puts on the wire for it.
 */
import { describe, expect, it } from 'vitest';
import {
  CidrSet,
  SandboxPolicyError,
  applySandboxSecureDefaults,
  auditNetworkPolicy,
  evaluateTraffic,
  explainNetworkPolicy,
  networkPolicyFor,
  networkPolicyNeedsUpdate,
  parseSandboxTemplate,
  sandboxPodLabels,
  validateNetworkPolicySpec,
  type Traffic,
} from '../src/index.js';
import { baseTemplate } from './helpers.js';

const { ObjectSerializer } = await import('@kubernetes/client-node/dist/serializer.js');

const ROUTER = { namespace: 'agent-sandbox-system', labels: { app: 'sandbox-router' } };
const ALLOW_ALL = { ingress: [{}], egress: [{}] };
const DENY_ALL = {};

/** What goes over the wire when a client-node user hands the object to the client. */
function wire(policy: unknown): unknown {
  return ObjectSerializer.serialize(ObjectSerializer.deserialize(policy, 'V1NetworkPolicy'), 'V1NetworkPolicy');
}

/** Connections to probe: egress to sensitive and public addresses, ingress from the router and others. */
function probes(namespace: string, labels: Record<string, string>): Traffic[] {
  const pod = { namespace, labels };
  const out: Traffic[] = [];
  for (const ip of ['169.254.169.254', '10.0.0.1', '100.100.100.200', '8.8.8.8', 'fd00:ec2::254', '2001:4860:4860::8888']) {
    for (const port of [53, 80, 443]) out.push({ direction: 'egress', pod, peer: { ip }, port });
  }
  for (const peer of [ROUTER, { namespace, labels: {} }, { namespace: 'other', labels: { app: 'x' } }]) {
    for (const port of [80, 8080]) out.push({ direction: 'ingress', pod, peer, port });
  }
  return out;
}

/** Which probes a policy allows. */
function allowed(policy: unknown, traffic: readonly Traffic[]): boolean[] {
  return traffic.map((t) => evaluateTraffic([policy], t).allowed);
}

/**
 * Asserts that `run` throws SandboxPolicyError, or that the policy it emits (and its wire form)
 * allows no probe that `declared`'s policy does not.
 */
function atMostAsPermissive(run: () => unknown, declared: Record<string, unknown>): 'refused' | 'emitted' {
  let emitted: unknown;
  try {
    emitted = run();
  } catch (err) {
    expect(err).toBeInstanceOf(SandboxPolicyError);
    return 'refused';
  }
  const reference = networkPolicyFor(declared);
  const traffic = probes('default', sandboxPodLabels(declared as never));
  const limit = reference === null ? traffic.map(() => true) : allowed(reference, traffic);
  for (const candidate of [emitted, wire(emitted)]) {
    allowed(candidate, traffic).forEach((a, i) => {
      if (a) expect(limit[i], `${JSON.stringify(traffic[i])} allowed by ${JSON.stringify(candidate)}`).toBe(true);
    });
  }
  return 'emitted';
}

const parse = (text: string): Record<string, unknown> => JSON.parse(text) as Record<string, unknown>;
const templateJson = (spec: string, name = 'sandbox'): string =>
  `{"apiVersion":"extensions.agents.x-k8s.io/v1beta1","kind":"SandboxTemplate","metadata":{"name":"${name}","namespace":"default"},"spec":${spec}}`;

describe('hostile templates never yield a weaker policy', () => {
  const cases: Array<[name: string, input: () => unknown, declared: Record<string, unknown>]> = [
    ['spec.__proto__ holding allow-all rules (JSON.parse own key)', () => parse(templateJson(`{"__proto__":{"networkPolicy":${JSON.stringify(ALLOW_ALL)}}}`)), baseTemplate()],
    ['networkPolicy.__proto__ holding allow-all rules under a deny-all policy', () => parse(templateJson(`{"networkPolicy":{"__proto__":${JSON.stringify(ALLOW_ALL)}}}`)), baseTemplate({ networkPolicy: DENY_ALL })],
    ['a rule whose __proto__ holds `to: []`', () => parse(templateJson('{"networkPolicy":{"egress":[{"__proto__":{"to":[]},"to":[{"ipBlock":{"cidr":"8.8.8.8/32"}}]}]}}')), baseTemplate({ networkPolicy: { egress: [{ to: [{ ipBlock: { cidr: '8.8.8.8/32' } }] }] } })],
    ['top-level __proto__ with another spec', () => parse(`{"__proto__":{"spec":{"networkPolicy":${JSON.stringify(ALLOW_ALL)}}},${templateJson('{"networkPolicy":{}}').slice(1)}`), baseTemplate({ networkPolicy: DENY_ALL })],
    [
      'a prototype child of a parsed deny-all template with allow-all rules',
      () => Object.create(parseSandboxTemplate(baseTemplate({ networkPolicy: DENY_ALL })), { spec: { value: { networkPolicy: ALLOW_ALL }, enumerable: true } }),
      baseTemplate({ networkPolicy: DENY_ALL }),
    ],
    [
      'a proxy of a parsed template answering true for every symbol, reading allow-all',
      () => {
        const parsed = parseSandboxTemplate(baseTemplate({ networkPolicy: DENY_ALL }));
        return new Proxy(parsed, {
          get: (t, k) => (typeof k === 'symbol' ? true : k === 'spec' ? { networkPolicy: ALLOW_ALL } : Reflect.get(t, k)),
          has: () => true,
        });
      },
      baseTemplate({ networkPolicy: DENY_ALL }),
    ],
    [
      'a getter that shows deny-all to validation and allow-all to the builder',
      () => {
        let reads = 0;
        return { ...baseTemplate(), spec: Object.defineProperty({}, 'networkPolicy', { get: () => (reads++ === 0 ? DENY_ALL : ALLOW_ALL), enumerable: true }) };
      },
      baseTemplate({ networkPolicy: DENY_ALL }),
    ],
    ['an ingress rule with both from (router) and _from (everyone)', () => baseTemplate({ networkPolicy: { ingress: [{ from: [{ podSelector: { matchLabels: { app: 'r' } } }], _from: [] }] } }), baseTemplate({ networkPolicy: DENY_ALL })],
    ['a sparse egress list', () => baseTemplate({ networkPolicy: { egress: [, { to: [{ ipBlock: { cidr: '8.8.8.8/32' } }] }] } }), baseTemplate({ networkPolicy: DENY_ALL })], // eslint-disable-line no-sparse-arrays
    ['a BigInt port', () => baseTemplate({ networkPolicy: { egress: [{ ports: [{ port: 443n }] }] } }), baseTemplate({ networkPolicy: DENY_ALL })],
    ['a /33 CIDR', () => baseTemplate({ networkPolicy: { egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/33' } }] }] } }), baseTemplate({ networkPolicy: DENY_ALL })],
    ['networkPolicyManagement as an object that prints as Unmanaged', () => baseTemplate({ networkPolicyManagement: { toString: () => 'Unmanaged' } }), baseTemplate()],
    ['a Map as matchLabels (reads as {} = every pod)', () => baseTemplate({ networkPolicy: { ingress: [{ from: [{ podSelector: { matchLabels: new Map([['app', 'r']]) } }] }] } }), baseTemplate({ networkPolicy: DENY_ALL })],
    ['a self-referencing template (YAML alias loop)', () => { const t = baseTemplate({ networkPolicy: DENY_ALL }) as Record<string, unknown>; (t.spec as Record<string, unknown>).loop = t; return t; }, baseTemplate({ networkPolicy: DENY_ALL })],
    ['a 6 MB name', () => baseTemplate({ networkPolicy: DENY_ALL }, 'a'.repeat(6_000_000)), baseTemplate({ networkPolicy: DENY_ALL })],
  ];
  it('the judge itself catches a weaker policy (so the cases below can fail)', () => {
    expect(() => atMostAsPermissive(() => networkPolicyFor(baseTemplate({ networkPolicy: ALLOW_ALL })), baseTemplate({ networkPolicy: DENY_ALL }))).toThrow();
    expect(() => atMostAsPermissive(() => networkPolicyFor(baseTemplate()), baseTemplate({ networkPolicy: DENY_ALL }))).toThrow();
    // ...and on the wire alone: the wire-format object handed to the serializer as is loses `from`.
    const router = networkPolicyFor(baseTemplate())!;
    const lost = ObjectSerializer.serialize(router, 'V1NetworkPolicy');
    expect(allowed(lost, probes('default', sandboxPodLabels(baseTemplate() as never)))).not.toEqual(allowed(router, probes('default', sandboxPodLabels(baseTemplate() as never))));
  });

  for (const [name, input, declared] of cases) {
    it(name, () => {
      atMostAsPermissive(() => networkPolicyFor(input() as never), declared);
    });
  }

  it('refuses the ones that cannot be read as data, reads getters once and __proto__ keys as data', () => {
    const outcomes = Object.fromEntries(cases.map(([name, input, declared]) => [name, atMostAsPermissive(() => networkPolicyFor(input() as never), declared)]));
    // Read once: the builder sees what validation saw (deny-all), never the second answer.
    expect(outcomes['a getter that shows deny-all to validation and allow-all to the builder']).toBe('emitted');
    expect(outcomes['a BigInt port']).toBe('refused');
    expect(outcomes['a sparse egress list']).toBe('refused');
    expect(outcomes['a self-referencing template (YAML alias loop)']).toBe('refused');
    expect(outcomes['an ingress rule with both from (router) and _from (everyone)']).toBe('refused');
    // An own __proto__ key is an unknown field: strict field validation refuses the template.
    expect(outcomes['spec.__proto__ holding allow-all rules (JSON.parse own key)']).toBe('refused');
  });

  it('options: an own __proto__ key never loosens the policy', () => {
    const declared = baseTemplate();
    atMostAsPermissive(() => networkPolicyFor(declared, parse('{"__proto__":{"profile":"upstream"},"profile":"hardened"}') as never), declared);
    expect(() => networkPolicyFor(declared, parse('{"router":{"podLabels":{"__proto__":"x"}}}') as never)).toThrow(SandboxPolicyError);
    expect(() => networkPolicyFor(declared, parse('{"router":{"__proto__":{"namespace":"evil"}}}') as never)).toThrowError(/options\.router\.__proto__/);
    expect(() => networkPolicyFor(declared, parse('{"__proto__":{"egressFloor":"none"}}') as never)).toThrowError(/options\.__proto__/);
  });
});

describe('hostile pod specs never lose the secure defaults, in JSON or on the wire', () => {
  const template = baseTemplate();
  it('a top-level __proto__ with automount and cluster DNS', () => {
    const spec = applySandboxSecureDefaults(template, parse('{"containers":[{"name":"a","image":"x"}],"__proto__":{"automountServiceAccountToken":true,"dnsPolicy":"ClusterFirst"}}') as never);
    const sent = ObjectSerializer.serialize(spec, 'V1PodSpec');
    for (const s of [JSON.parse(JSON.stringify(spec)), sent]) {
      expect(s.automountServiceAccountToken).toBe(false);
      expect(s.dnsPolicy).toBe('None');
      expect(s.dnsConfig).toEqual({ nameservers: ['8.8.8.8', '1.1.1.1'] });
    }
  });
  it('a container whose __proto__ says privileged: the client sends no securityContext', () => {
    const spec = applySandboxSecureDefaults(template, parse('{"containers":[{"name":"a","image":"x","__proto__":{"securityContext":{"privileged":true}}}]}') as never);
    const sent = ObjectSerializer.serialize(spec, 'V1PodSpec');
    expect(sent.containers[0].securityContext).toBeUndefined();
    expect(JSON.parse(JSON.stringify(spec)).containers[0].securityContext).toBeUndefined();
  });
  it('parseSandboxTemplate keeps a pass-through __proto__ as an own key, never as a prototype', () => {
    const t = parseSandboxTemplate(parse(templateJson('{"podTemplate":{"spec":{"containers":[{"name":"a","image":"x","__proto__":{"securityContext":{"privileged":true}}}]}}}')));
    const container = (t.spec.podTemplate!.spec as { containers: Array<Record<string, unknown>> }).containers[0]!;
    expect(Object.getPrototypeOf(container)).toBe(Object.prototype);
    expect(container.securityContext).toBeUndefined();
    expect(Object.keys(container)).toContain('__proto__');
    expect(ObjectSerializer.serialize(applySandboxSecureDefaults(t), 'V1PodSpec').containers[0].securityContext).toBeUndefined();
  });
  it('a getter on automountServiceAccountToken is read once: unset to the check means unset in the output', () => {
    let reads = 0;
    const pod = Object.defineProperty({ containers: [] }, 'automountServiceAccountToken', { get: () => (reads++ === 0 ? undefined : true), enumerable: true });
    const spec = applySandboxSecureDefaults(template, pod as never);
    expect(reads).toBe(1);
    expect(Object.getOwnPropertyDescriptor(spec, 'automountServiceAccountToken')).toEqual({ value: false, writable: true, enumerable: true, configurable: true });
    expect(ObjectSerializer.serialize(spec, 'V1PodSpec').automountServiceAccountToken).toBe(false);
    expect(JSON.parse(JSON.stringify(spec)).automountServiceAccountToken).toBe(false);
  });
});

describe('shared state cannot be changed', () => {
  it('CidrSet.EMPTY and every set are frozen all the way down; later policies are unchanged', () => {
    const before = JSON.stringify(networkPolicyFor(baseTemplate(), { clusterCidrs: [] }));
    expect(() => (CidrSet.EMPTY.v4 as unknown as unknown[]).push([0n, 1n])).toThrow(TypeError);
    const set = CidrSet.from(['10.0.0.0/8']);
    expect(() => ((set.v4 as unknown as Array<[bigint, bigint]>)[0]![1] = 2n ** 32n - 1n)).toThrow(TypeError);
    expect(() => ((set.family(4).v4 as unknown as unknown[]).length = 0)).toThrow(TypeError);
    expect(set.toCidrs()).toEqual(['10.0.0.0/8']);
    expect(JSON.stringify(networkPolicyFor(baseTemplate(), { clusterCidrs: [] }))).toBe(before);
  });
  it('a CidrSet look-alike or proxy is refused, not read', () => {
    const fake = { v4: [[0n, 2n ** 32n - 1n]], v6: [] };
    expect(() => CidrSet.EMPTY.union(fake as never)).toThrow(SandboxPolicyError);
    expect(() => CidrSet.EMPTY.union(new Proxy(CidrSet.from(['10.0.0.0/8']), {}))).toThrow(SandboxPolicyError);
  });
});

describe('audit, explain, evaluate and drift validate first', () => {
  const bad = { spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/33' } }] }] } };
  it('audit reports an error finding for a non-policy and for invalid rules', () => {
    for (const junk of [42, 'x', null, [], { kind: 'Pod', spec: {} }, { spec: 5 }]) {
      const report = auditNetworkPolicy(junk);
      if (Array.isArray(junk)) continue; // no policy at all: nothing isolates, reported as such
      expect(report.highest).toBe('error');
      expect(report.findings.every((f) => f.severity === 'error'), JSON.stringify(junk)).toBe(true);
      expect(report.egressReachable.isEmpty()).toBe(true);
    }
    const mixed = auditNetworkPolicy([42, { spec: { podSelector: {}, policyTypes: ['Egress'] } }]);
    expect(mixed.findings.filter((f) => f.severity === 'error').map((f) => f.path)).toEqual(['[0]']);
    expect(mixed.findings.find((f) => f.code === 'ingress-not-isolated')?.path).toBe('[1].spec.policyTypes');
    expect(auditNetworkPolicy(bad).findings.some((f) => f.severity === 'error' && f.path === 'spec.egress[0].to[0].ipBlock.cidr')).toBe(true);
  });
  it('audit checks its options even when the policy has no ipBlock', () => {
    expect(() => auditNetworkPolicy({ spec: {} }, { clusterCidrs: ['nope'] })).toThrow(SandboxPolicyError);
    expect(() => auditNetworkPolicy({ spec: {} }, { clusterDnsIps: ['nope'] })).toThrow(SandboxPolicyError);
  });
  it('explain and evaluate refuse policies the API server would refuse', () => {
    expect(() => explainNetworkPolicy(bad)).toThrow(SandboxPolicyError);
    expect(() => evaluateTraffic([bad], { direction: 'egress', pod: { namespace: 'a' }, peer: { ip: '10.0.0.1' }, port: 80 })).toThrowError(/policies\[0\]\.spec\.egress\[0\]\.to\[0\]\.ipBlock\.cidr/);
  });
  it('from and _from together are refused everywhere they can be given', () => {
    const both = { spec: { podSelector: {}, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'r' } } }], _from: [] }] } };
    expect(validateNetworkPolicySpec(both.spec)).toContainEqual(expect.objectContaining({ path: 'spec.ingress[0]', type: 'FieldValueForbidden', severity: 'error' }));
    expect(auditNetworkPolicy(both).findings.some((f) => f.severity === 'error' && f.path === 'spec.ingress[0]')).toBe(true);
    expect(() => explainNetworkPolicy(both)).toThrow(SandboxPolicyError);
    expect(() => networkPolicyNeedsUpdate(both, both)).toThrow(SandboxPolicyError);
    const only = { spec: { podSelector: {}, ingress: [{ _from: [{ podSelector: {} }] }] } };
    expect(validateNetworkPolicySpec(only.spec)).toEqual([]);
  });
});
