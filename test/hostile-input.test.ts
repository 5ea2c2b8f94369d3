/**
 * Every public function, given ANY JavaScript value — `__proto__`/`constructor` own keys,
 * getters, proxies (also ones whose traps throw), cycles, absurd nesting, BigInt, symbols,
 * functions, sparse lists, Maps, Dates — returns a result or throws SandboxPolicyError, never
 * another error; never modifies its arguments; returns objects shared with nothing else; and
 * every NetworkPolicy it emits is one the API server accepts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';
import {
  CidrSet,
  SandboxPolicyError,
  networkPolicyFor,
  parseSandboxTemplate,
  validateNetworkPolicy,
  validateNetworkPolicySpec,
} from '../src/index.js';
import { baseTemplate, deepFreeze } from './helpers.js';

const RUNS = { numRuns: 300 };

// ---------------------------------------------------------------------------------------------
// Arbitrary values
// ---------------------------------------------------------------------------------------------

const KEYS = [
  '__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'toJSON', 'length', '0', '9', '10',
  'kind', 'apiVersion', 'metadata', 'name', 'namespace', 'uid', 'labels', 'spec', 'podTemplate', 'networkPolicy',
  'networkPolicyManagement', 'ingress', 'egress', 'from', '_from', 'to', 'ipBlock', 'cidr', 'except', 'ports', 'port',
  'endPort', 'protocol', 'podSelector', 'namespaceSelector', 'matchLabels', 'matchExpressions', 'policyTypes',
  'containers', 'dnsPolicy', 'dnsConfig', 'automountServiceAccountToken', 'router', 'podLabels', 'nameservers', 'profile',
  'clusterCidrs', 'clusterDnsIps', 'egressFloor', 'strictCidr', 'direction', 'pod', 'peer', 'ip', 'mode', 'path',
  'indent', 'shape', 'family', 'start', 'end', 'issues', 'message',
];

const STRINGS = [
  '', '10.0.0.0/8', '0.0.0.0/0', '::/0', '10.0.0.0/33', '169.254.169.254', '::ffff:10.0.0.1', 'Managed', 'Unmanaged',
  'TCP', 'UDP', 'Ingress', 'Egress', 'NetworkPolicy', 'SandboxTemplate', 'extensions.agents.x-k8s.io/v1beta1',
  'networking.k8s.io/v1', 'upstream', 'hardened', 'private', 'metadata', 'None', 'ClusterFirst', 'egress', 'ingress',
  'strict', 'legacy', 'In', 'Exists', 'sandbox',
];

const leaf = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(...STRINGS),
  fc.integer(),
  fc.constantFrom(0, -0, 1, 4, 6, 53, 65535, 65536, 2 ** 53, NaN, Infinity, -Infinity, 1.5),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.bigInt({ min: -(2n ** 130n), max: 2n ** 130n }),
  fc.constant(Symbol('s')),
  fc.constant(() => 1),
  fc.constant(new Date(0)),
  fc.constant(new Map([['app', 'x']])),
  fc.constant(CidrSet.from(['10.0.0.0/8'])),
);

type Hostile = 'getter' | 'flipGetter' | 'proxy' | 'throwingProxy' | 'symbolProxy' | 'cycle' | 'sparse' | 'symbolKey' | 'deep' | 'nullProto' | 'inherit';

/** Wraps a value in one hostile construct. */
function hostile(how: Hostile, inner: unknown): unknown {
  switch (how) {
    case 'getter':
      return Object.defineProperty({ kind: 'x' }, 'spec', { get: () => inner, enumerable: true });
    case 'flipGetter': {
      let n = 0;
      return Object.defineProperty({}, 'networkPolicy', { get: () => (n++ % 2 === 0 ? {} : { egress: [{}] }), enumerable: true });
    }
    case 'proxy':
      return new Proxy(typeof inner === 'object' && inner !== null ? inner : { a: inner }, {});
    case 'throwingProxy':
      return new Proxy({ a: 1 }, {
        ownKeys() {
          throw new Error('trap');
        },
        get() {
          throw new Error('trap');
        },
      });
    case 'symbolProxy':
      // Answers `true` for every symbol: forged brands and marks.
      return new Proxy(typeof inner === 'object' && inner !== null ? inner : {}, {
        get: (t, k) => (typeof k === 'symbol' ? true : Reflect.get(t, k)),
        has: () => true,
      });
    case 'cycle': {
      const o: Record<string, unknown> = { a: inner };
      o.self = o;
      return o;
    }
    case 'sparse':
      // eslint-disable-next-line no-sparse-arrays
      return [, inner];
    case 'symbolKey':
      return { [Symbol('k')]: inner, a: 1 };
    case 'deep': {
      let v: unknown = inner;
      for (let i = 0; i < 3000; i++) v = i % 2 ? [v] : { a: v };
      return v;
    }
    case 'nullProto':
      return Object.assign(Object.create(null), { a: inner });
    case 'inherit':
      return Object.create({ spec: inner, kind: 'SandboxTemplate' });
  }
}

/** Builds an object with defineProperty, so `__proto__` is an own key (as JSON.parse makes it). */
function objectOf(entries: ReadonlyArray<readonly [string, unknown]>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}

const key = fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 5 }));

/** Plain JSON-like trees (with `__proto__` own keys), and anything at all. */
const { json, any } = fc.letrec((tie) => ({
  json: fc.oneof(
    { depthSize: 'small' },
    fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...STRINGS), fc.integer(), fc.boolean(), fc.constant(null)),
    fc.array(fc.tuple(key, tie('json')), { maxLength: 5 }).map(objectOf),
    fc.array(tie('json'), { maxLength: 4 }),
  ),
  any: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc.array(fc.tuple(key, tie('any')), { maxLength: 5 }).map(objectOf),
    fc.array(tie('any'), { maxLength: 4 }),
    fc.tuple(
      fc.constantFrom<Hostile>('getter', 'flipGetter', 'proxy', 'throwingProxy', 'symbolProxy', 'cycle', 'sparse', 'symbolKey', 'deep', 'nullProto', 'inherit'),
      tie('any'),
    ).map(([how, inner]) => hostile(how, inner)),
  ),
}));

/** A valid template with one part replaced by an arbitrary value. */
const INJECTION_PATHS: ReadonlyArray<ReadonlyArray<string | number>> = [
  [],
  ['__proto__'],
  ['metadata'],
  ['metadata', 'name'],
  ['metadata', '__proto__'],
  ['spec'],
  ['spec', '__proto__'],
  ['spec', 'networkPolicy'],
  ['spec', 'networkPolicy', '__proto__'],
  ['spec', 'networkPolicy', 'egress'],
  ['spec', 'networkPolicy', 'egress', 0],
  ['spec', 'networkPolicy', 'egress', 0, 'to', 0, 'ipBlock'],
  ['spec', 'networkPolicy', 'egress', 0, 'to', 0, 'ipBlock', 'cidr'],
  ['spec', 'networkPolicy', 'ingress', 0, '_from'],
  ['spec', 'networkPolicy', 'ingress', 0, 'ports', 0, 'port'],
  ['spec', 'networkPolicyManagement'],
  ['spec', 'podTemplate', 'spec'],
  ['spec', 'podTemplate', 'spec', '__proto__'],
  ['spec', 'podTemplate', 'spec', 'containers', 0, '__proto__'],
  ['spec', 'podTemplate', 'spec', 'automountServiceAccountToken'],
];

function setAt(root: unknown, path: ReadonlyArray<string | number>, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const container = (typeof root === 'object' && root !== null ? root : typeof head === 'number' ? [] : {}) as Record<string | number, unknown>;
  const current = Object.prototype.hasOwnProperty.call(container, head!) ? container[head!] : undefined;
  Object.defineProperty(container, head!, { value: setAt(current, rest, value), enumerable: true, writable: true, configurable: true });
  return container;
}

const validTemplate = fc
  .record({
    name: fc.constantFrom('a', 'sandbox', 'python-agent', 'x.y'),
    networkPolicy: fc.constantFrom(
      undefined,
      null,
      {},
      { egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }] }], ingress: [{ from: [{ podSelector: {} }] }] },
      { egress: [{ ports: [{ port: 443 }] }], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'r' } } }], ports: [{ port: 8080 }] }] },
    ),
    management: fc.constantFrom(undefined, 'Managed', 'Unmanaged', ''),
  })
  .map(({ name, networkPolicy, management }) =>
    JSON.parse(
      JSON.stringify(
        baseTemplate(
          {
            podTemplate: { spec: { containers: [{ name: 'agent', image: 'python:3.12' }] } },
            ...(networkPolicy === undefined ? {} : { networkPolicy }),
            ...(management === undefined ? {} : { networkPolicyManagement: management }),
          },
          name,
        ),
      ),
    ) as Record<string, unknown>,
  );

const template = fc.oneof(
  validTemplate,
  fc.tuple(validTemplate, fc.constantFrom(...INJECTION_PATHS), any).map(([t, path, v]) => setAt(t, path, v)),
  any,
);

const GOOD_OPTIONS = [{}, { profile: 'hardened' }, { egressFloor: 'private', clusterCidrs: ['10.0.0.0/8'] }, { router: { podLabels: { app: 'r' } } }];
const options = fc.oneof(fc.constant(undefined), fc.constantFrom(...GOOD_OPTIONS), any);
/** Options as plain data (fresh copies: the tests freeze them). */
const jsonOptions = fc.oneof(fc.constant(undefined), fc.constantFrom(...GOOD_OPTIONS).map((o) => structuredClone(o)), json);

// ---------------------------------------------------------------------------------------------
// The table of public functions
// ---------------------------------------------------------------------------------------------

const A_SET = CidrSet.from(['10.0.0.0/8', '::/1']);
type Call = (a: unknown, b: unknown, c: unknown) => unknown;

/** Every function export (and CidrSet member), called with arbitrary arguments. */
const CALLS: Record<string, Call> = {
  isSandboxPolicyError: (a) => api.isSandboxPolicyError(a),
  SandboxPolicyError: (a, b) => new api.SandboxPolicyError(a as never, b as never),
  templateRefHash: (a) => api.templateRefHash(a as never),
  sandboxPodLabels: (a) => api.sandboxPodLabels(a as never),
  parseSandboxTemplate: (a, b) => api.parseSandboxTemplate(a, b as never),
  networkPolicyFor: (a, b) => api.networkPolicyFor(a as never, b as never),
  networkPolicySpecFor: (a, b) => api.networkPolicySpecFor(a as never, b as never),
  networkPolicyWithChangesFor: (a, b) => api.networkPolicyWithChangesFor(a as never, b as never),
  applySandboxSecureDefaults: (a, b, c) => api.applySandboxSecureDefaults(a as never, b as never, c as never),
  isSecureByDefault: (a) => api.isSecureByDefault(a as never),
  networkPolicyNeedsUpdate: (a, b) => api.networkPolicyNeedsUpdate(a as never, b as never),
  excludedRanges: (a) => api.excludedRanges(a as never),
  mergeCidrs: (a, b) => api.mergeCidrs(a as never, b as never),
  parseCidr: (a) => api.parseCidr(a as never),
  parseCidrStrict: (a, b, c) => api.parseCidrStrict(a as never, b as never, c as never),
  validateNetworkPolicy: (a, b) => api.validateNetworkPolicy(a, b as never),
  validateNetworkPolicySpec: (a, b) => api.validateNetworkPolicySpec(a, b as never),
  templateUnknownFields: (a) => api.templateUnknownFields(a),
  auditNetworkPolicy: (a, b) => api.auditNetworkPolicy(a, b as never),
  explainNetworkPolicy: (a) => api.explainNetworkPolicy(a),
  evaluateTraffic: (a, b) => api.evaluateTraffic(a as never, b as never),
  stringifyGo: (a, b) => api.stringifyGo(a, b as never),
  sandboxPodLabelSet: (a, b) => api.sandboxPodLabelSet(a as never, b as never),
  sandboxDnsConfig: (a, b, c) => api.sandboxDnsConfig(a as never, b as never, c as never),
  secureDefaultsPatch: (a, b, c) => api.secureDefaultsPatch(a as never, b as never, c as never),
  sandboxTemplateFindings: (a) => api.sandboxTemplateFindings(a as never),
  safeParseSandboxTemplate: (a, b) => api.safeParseSandboxTemplate(a, b as never),
  planNetworkPolicy: (a, b, c) => api.planNetworkPolicy(a as never, b, c as never),
  validateClusterNetworkPolicy: (a, b) => api.validateClusterNetworkPolicy(a, b as never),
  clusterGuardrailFor: (a) => api.clusterGuardrailFor(a as never),
  requiredCrdChannel: (a) => api.requiredCrdChannel(a),
  findingKind: (a) => api.findingKind(a),
  isFindingCode: (a) => api.isFindingCode(a),
  hilbertMap: (a, b) => api.hilbertMap(a as never, b as never),
  'hilbertMap(set, order)': (_a, b) => api.hilbertMap(A_SET, b as never),
  ipv6Landmarks: (a) => api.ipv6Landmarks(a as never),
  'ipv6Landmarks(set)': () => api.ipv6Landmarks(A_SET),
  auditCluster: (a, b) => api.auditCluster(a, b as never),
  explainTarget: (a, b, c) => api.explainTarget(a, b as never, c as never),
  'evaluateTraffic(snapshot)': (a, b, c) => api.evaluateTraffic([a], b as never, c as never),
  'CidrSet.from': (a, b) => CidrSet.from(a as never, b as never),
  'CidrSet.fromParsed': (a) => CidrSet.fromParsed(a as never),
  'CidrSet.fromIntervals': (a, b) => CidrSet.fromIntervals(a as never, b as never),
  'CidrSet.unionAll': (a) => CidrSet.unionAll(a as never),
  'CidrSet.all': (a) => CidrSet.all(a as never),
  'CidrSet#union': (a) => A_SET.union(a as never),
  'CidrSet#intersect': (a) => A_SET.intersect(a as never),
  'CidrSet#subtract': (a) => A_SET.subtract(a as never),
  'CidrSet#family': (a) => A_SET.family(a as never),
  'CidrSet#contains': (a) => A_SET.contains(a as never),
  'CidrSet#containsSet': (a) => A_SET.containsSet(a as never),
  'CidrSet#overlaps': (a) => A_SET.overlaps(a as never),
  'CidrSet#equals': (a) => A_SET.equals(a as never),
  'CidrSet#size': (a) => A_SET.size(a as never),
};

/** Function exports covered elsewhere: `toClientNodeObject` (the client-node interop, its own suite). */
const ELSEWHERE = new Set(['toClientNodeObject']);

/** Runs a call; returns 'ok' or 'policy-error', and fails the property on any other throw. */
function outcome(call: () => unknown): 'ok' | 'policy-error' {
  try {
    call();
    return 'ok';
  } catch (err) {
    if (err instanceof SandboxPolicyError && api.isSandboxPolicyError(err) && err.issues.length > 0) return 'policy-error';
    throw new Error(`threw something other than SandboxPolicyError: ${String(err)}`, { cause: err });
  }
}

/** Objects reachable from a value (not CidrSets: immutable values, sharing them is harmless). */
function objectsOf(value: unknown, into = new Set<object>()): Set<object> {
  if (typeof value !== 'object' || value === null || into.has(value) || value instanceof CidrSet) return into;
  into.add(value);
  for (const k of Reflect.ownKeys(value)) {
    const d = Reflect.getOwnPropertyDescriptor(value, k);
    if (d && 'value' in d) objectsOf(d.value, into);
  }
  return into;
}

/**
 * The property behind the "fresh" suites: on a valid (or injected) template and options, both
 * deep-frozen, two calls return results that share no object with each other or with the input.
 */
function freshAndUnshared(call: (t: unknown, o: unknown) => unknown): void {
  fc.assert(
    fc.property(fc.oneof(validTemplate, fc.tuple(validTemplate, fc.constantFrom(...INJECTION_PATHS), json).map(([t, p, v]) => setAt(t, p, v))), jsonOptions, (t, o) => {
      deepFreeze(t);
      deepFreeze(o);
      let first: unknown;
      let second: unknown;
      try {
        first = call(t, o);
        second = call(t, o);
      } catch (err) {
        if (err instanceof SandboxPolicyError) return;
        throw err;
      }
      const a = objectsOf(first);
      const b = objectsOf(second);
      const input = objectsOf(t);
      objectsOf(o, input);
      for (const x of a) expect(b.has(x) || input.has(x)).toBe(false);
    }),
    RUNS,
  );
}


describe('every public function, any value: a result or SandboxPolicyError', () => {
  it('covers every function the package exports', () => {
    const functions = Object.entries(api)
      .filter(([, v]) => typeof v === 'function')
      .map(([k]) => k)
      .filter((k) => !ELSEWHERE.has(k));
    for (const name of functions) expect(CALLS, `no property test calls ${name}`).toHaveProperty(name === 'CidrSet' ? 'CidrSet.from' : name);
  });

  for (const [name, call] of Object.entries(CALLS)) {
    it(`${name}(any, any, any)`, () => {
      fc.assert(fc.property(any, any, any, (a, b, c) => void outcome(() => call(a, b, c))), RUNS);
    });
  }

  it('the template functions on valid templates with one part replaced by anything', () => {
    const fns = ['parseSandboxTemplate', 'networkPolicyFor', 'networkPolicyWithChangesFor', 'applySandboxSecureDefaults', 'isSecureByDefault', 'sandboxPodLabels'];
    fc.assert(
      fc.property(template, options, fc.constantFrom(...fns), (t, o, fn) => void outcome(() => CALLS[fn]!(t, fn === 'applySandboxSecureDefaults' ? undefined : o, o))),
      { numRuns: 1000 },
    );
  });

  it('parseCidr on any string returns a parse or null', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.constantFrom(...STRINGS)), (s) => void outcome(() => api.parseCidr(s))), RUNS);
  });

  it('size limits come before patterns: a 6 MB metadata.name is a SandboxPolicyError', () => {
    expect(() => parseSandboxTemplate(baseTemplate({}, 'a'.repeat(6_000_000)))).toThrowError(/metadata\.name: must be no more than 253/);
  });

  it('nesting deeper than MAX_NESTING_DEPTH is refused by name, not by a stack overflow', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 5000; i++) deep = { a: deep };
    expect(() => api.applySandboxSecureDefaults(baseTemplate(), { containers: [], extra: deep } as never)).toThrowError(
      new RegExp(`nested more than ${api.MAX_NESTING_DEPTH} levels`),
    );
    let ok: unknown = 'x';
    for (let i = 0; i < api.MAX_NESTING_DEPTH - 5; i++) ok = { a: ok };
    expect(api.applySandboxSecureDefaults(baseTemplate(), { containers: [], extra: ok } as never)).toHaveProperty('extra');
  });
});

describe('arguments are never modified, results are never shared', () => {
  const FRESH: Record<string, (t: unknown, o: unknown) => unknown> = {
    parseSandboxTemplate: (t) => parseSandboxTemplate(t),
    networkPolicyFor: (t, o) => networkPolicyFor(t as never, o as never),
    networkPolicyWithChangesFor: (t, o) => api.networkPolicyWithChangesFor(t as never, o as never),
    applySandboxSecureDefaults: (t, o) => api.applySandboxSecureDefaults(t as never, undefined, o as never),
    sandboxPodLabels: (t) => api.sandboxPodLabels(t as never),
    auditNetworkPolicy: (t, o) => api.auditNetworkPolicy(networkPolicyFor(t as never, o as never)),
    validateNetworkPolicy: (t, o) => validateNetworkPolicy(networkPolicyFor(t as never, o as never)),
  };
  for (const [name, call] of Object.entries(FRESH)) {
    it(`${name}: frozen input is read, never written; two calls share no object with each other or the input`, () => freshAndUnshared(call));
  }

  it('a parsed template passed back in is used, not copied into the result', () => {
    const parsed = parseSandboxTemplate(baseTemplate({ networkPolicy: { egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }] } }));
    const policy = networkPolicyFor(parsed)!;
    const shared = [...objectsOf(policy)].filter((o) => objectsOf(parsed).has(o));
    expect(shared).toEqual([]);
  });
});

describe('every emitted NetworkPolicy is one the API server accepts', () => {
  it('networkPolicyFor on any template and options: null, a valid policy, or SandboxPolicyError', () => {
    fc.assert(
      fc.property(template, options, (t, o) => {
        let policy: ReturnType<typeof networkPolicyFor>;
        try {
          policy = networkPolicyFor(t as never, o as never);
        } catch (err) {
          if (err instanceof SandboxPolicyError) return;
          throw err;
        }
        if (policy === null) return;
        expect(validateNetworkPolicySpec(policy.spec).filter((i) => i.severity === 'error')).toEqual([]);
        expect(validateNetworkPolicy(policy).filter((i) => i.severity === 'error')).toEqual([]);
        expect(policy.spec?.policyTypes).toEqual(['Ingress', 'Egress']);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('cluster snapshots: valid objects with one part replaced by anything', () => {
  const guardrail = () => JSON.parse(JSON.stringify(api.clusterGuardrailFor({ allowDomains: ['example.com'], denyAllOtherEgress: true }))) as unknown[];
  const policy = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'deny', namespace: 'agents' },
    spec: { podSelector: {}, policyTypes: ['Egress'], ingress: [{ from: [{ podSelector: {} }] }] },
  };
  const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'agents', labels: { team: 'a' } } };
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'agents', labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'i' }] } };
  const SNAPSHOT_PATHS: ReadonlyArray<ReadonlyArray<string | number>> = [
    [0], [1], [1, 'spec'], [1, 'spec', 'ingress', 0, '_from'], [1, 'spec', 'podSelector'], [1, 'metadata', '__proto__'],
    [2, 'metadata', 'labels'], [3, 'metadata'], [3, 'spec'], [4, 'spec', 'egress', 0], [4, 'spec', 'subject'], [4, 'spec', 'priority'], [5],
  ];
  const snapshotOf = fc
    .tuple(validTemplate, fc.constantFrom(...SNAPSHOT_PATHS), json, fc.boolean())
    .map(([t, path, v, inject]) => {
      const objects = [t, structuredClone(policy), structuredClone(namespace), structuredClone(pod), ...guardrail()];
      return inject ? setAt(objects, path, v) : objects;
    });
  const targets = fc.constantFrom(
    { kind: 'SandboxTemplate', namespace: 'default', name: 'sandbox' },
    { kind: 'Pod', namespace: 'agents', name: 'p' },
    { kind: 'Pod', namespace: 'agents', name: 'missing' },
  );
  const connection = fc.record({
    from: fc.oneof(targets.map((target) => ({ target })), fc.constant({ ip: '10.0.0.1' })),
    to: fc.oneof(targets.map((target) => ({ target })), fc.constantFrom({ ip: '169.254.169.254' }, { ip: '93.184.215.14', domain: 'example.com' })),
    port: fc.constantFrom(53, 443, 8080),
  });

  it('auditCluster, explainTarget and evaluateTraffic: a result or SandboxPolicyError; frozen input is never written', () => {
    fc.assert(
      fc.property(snapshotOf, targets, connection, jsonOptions, (objects, target, conn, o) => {
        deepFreeze(objects);
        const opts = o === undefined || (typeof o === 'object' && o !== null && !Array.isArray(o) && 'profile' in o) ? o : undefined;
        const first = outcome(() => api.auditCluster(objects, opts as never));
        outcome(() => api.explainTarget(objects, target as never, opts as never));
        outcome(() => api.evaluateTraffic(objects, conn as never));
        if (first === 'ok') {
          const a = objectsOf(api.auditCluster(objects, opts as never));
          const b = objectsOf(api.auditCluster(objects, opts as never));
          const input = objectsOf(objects);
          for (const x of a) expect(b.has(x) || input.has(x)).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('the guardrail and its validators on hostile options: a result or SandboxPolicyError, never an invalid object', () => {
    fc.assert(
      fc.property(json, (o) => {
        deepFreeze(o);
        let out: readonly unknown[];
        try {
          out = api.clusterGuardrailFor(o as never);
        } catch (err) {
          if (err instanceof SandboxPolicyError) return;
          throw err;
        }
        for (const p of out) expect(api.validateClusterNetworkPolicy(p).filter((i) => i.severity === 'error')).toEqual([]);
        outcome(() => api.requiredCrdChannel(out));
      }),
      RUNS,
    );
  });
});

describe('the template functions added later: frozen input is read, never written; results shared with nothing', () => {
  const FRESH_NEW: Record<string, (t: unknown, o: unknown) => unknown> = {
    sandboxPodLabelSet: (t, o) => api.sandboxPodLabelSet(t as never, o as never),
    sandboxDnsConfig: (t, o) => api.sandboxDnsConfig(t as never, { containers: [{ name: 'a', image: 'b' }] }, o as never),
    secureDefaultsPatch: (t, o) => api.secureDefaultsPatch(t as never, { containers: [{ name: 'a', image: 'b' }] }, o as never),
    sandboxTemplateFindings: (t) => api.sandboxTemplateFindings(t as never),
    safeParseSandboxTemplate: (t) => api.safeParseSandboxTemplate(t),
    planNetworkPolicy: (t, o) => api.planNetworkPolicy(t as never, null, o as never),
  };
  for (const [name, call] of Object.entries(FRESH_NEW)) {
    it(name, () => freshAndUnshared(call));
  }
});

describe('getters are read once per call: a getter that answers differently cannot split a result', () => {
  /**
   * A copy of JSON data in which every property and list element is an enumerable getter (each
   * returning the same copied child every time), with a count of calls per getter.
   */
  function gettersOf(value: unknown, counts: number[]): unknown {
    if (typeof value !== 'object' || value === null) return value;
    const out: Record<string, unknown> | unknown[] = Array.isArray(value) ? new Array<unknown>(value.length) : {};
    for (const [k, v] of Object.entries(value)) {
      const child = gettersOf(v, counts);
      const slot = counts.push(0) - 1;
      Object.defineProperty(out, k, { enumerable: true, configurable: true, get: () => (counts[slot]!++, child) });
    }
    return out;
  }

  const policy = () => JSON.parse(JSON.stringify(networkPolicyFor(baseTemplate({ networkPolicy: { egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }], ports: [{ port: 443 }] }], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'r' } } }] }] } })))) as Record<string, unknown>;
  const pod = () => ({ containers: [{ name: 'agent', image: 'python:3.12' }], dnsPolicy: 'ClusterFirst' });
  const cluster = () => [
    JSON.parse(JSON.stringify(baseTemplate({ networkPolicy: { egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }] } }))),
    { ...policy(), metadata: { name: 'p', namespace: 'default' } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default', labels: { team: 'a' } } },
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', labels: { app: 'x' } }, spec: pod() },
    ...(JSON.parse(JSON.stringify(api.clusterGuardrailFor({ allowDomains: ['example.com'], denyAllOtherEgress: true }))) as unknown[]),
  ];
  const traffic = { direction: 'egress', pod: { namespace: 'default', labels: { app: 'x' } }, peer: { ip: '10.0.0.1' }, port: 443 };
  const connection = { from: { target: { kind: 'Pod', namespace: 'default', name: 'p' } }, to: { ip: '10.0.0.1' }, port: 443 };

  /** Each call, given its arguments as JSON data (each is turned into getters before the call). */
  const ONCE: Record<string, { args: (t: Record<string, unknown>, o: unknown) => unknown[]; call: (...a: unknown[]) => unknown }> = {
    parseSandboxTemplate: { args: (t) => [t], call: (a) => parseSandboxTemplate(a) },
    safeParseSandboxTemplate: { args: (t) => [t], call: (a) => api.safeParseSandboxTemplate(a) },
    networkPolicyFor: { args: (t, o) => [t, o], call: (a, b) => networkPolicyFor(a as never, b as never) },
    networkPolicySpecFor: { args: (t, o) => [t, o], call: (a, b) => api.networkPolicySpecFor(a as never, b as never) },
    networkPolicyWithChangesFor: { args: (t, o) => [t, o], call: (a, b) => api.networkPolicyWithChangesFor(a as never, b as never) },
    planNetworkPolicy: { args: (t, o) => [t, policy(), o], call: (a, b, c) => api.planNetworkPolicy(a as never, b, c as never) },
    applySandboxSecureDefaults: { args: (t, o) => [t, pod(), o], call: (a, b, c) => api.applySandboxSecureDefaults(a as never, b as never, c as never) },
    secureDefaultsPatch: { args: (t, o) => [t, pod(), o], call: (a, b, c) => api.secureDefaultsPatch(a as never, b as never, c as never) },
    sandboxDnsConfig: { args: (t, o) => [t, pod(), o], call: (a, b, c) => api.sandboxDnsConfig(a as never, b as never, c as never) },
    isSecureByDefault: { args: (t) => [t], call: (a) => api.isSecureByDefault(a as never) },
    sandboxPodLabels: { args: (t) => [t], call: (a) => api.sandboxPodLabels(a as never) },
    sandboxPodLabelSet: { args: (t) => [t, { sandboxName: 's', warmPool: 'w' }], call: (a, b) => api.sandboxPodLabelSet(a as never, b as never) },
    sandboxTemplateFindings: { args: (t) => [t], call: (a) => api.sandboxTemplateFindings(a as never) },
    templateUnknownFields: { args: (t) => [t], call: (a) => api.templateUnknownFields(a) },
    validateNetworkPolicy: { args: () => [policy()], call: (a) => validateNetworkPolicy(a) },
    validateNetworkPolicySpec: { args: () => [policy().spec, { strictCidr: true }], call: (a, b) => validateNetworkPolicySpec(a, b as never) },
    auditNetworkPolicy: { args: () => [policy(), { profile: 'hardened', clusterCidrs: ['10.0.0.0/8'] }], call: (a, b) => api.auditNetworkPolicy(a, b as never) },
    explainNetworkPolicy: { args: () => [policy()], call: (a) => api.explainNetworkPolicy(a) },
    networkPolicyNeedsUpdate: { args: () => [policy(), policy()], call: (a, b) => api.networkPolicyNeedsUpdate(a as never, b as never) },
    'evaluateTraffic(policies)': { args: () => [[policy()], traffic], call: (a, b) => api.evaluateTraffic(a as never, b as never) },
    'evaluateTraffic(snapshot)': { args: () => [cluster(), connection], call: (a, b) => api.evaluateTraffic(a, b as never) },
    auditCluster: { args: () => [cluster(), { profile: 'hardened' }], call: (a, b) => api.auditCluster(a, b as never) },
    explainTarget: { args: () => [cluster(), { kind: 'Pod', namespace: 'default', name: 'p' }], call: (a, b) => api.explainTarget(a, b as never) },
    validateClusterNetworkPolicy: { args: () => [cluster()[4]], call: (a) => api.validateClusterNetworkPolicy(a) },
    requiredCrdChannel: { args: () => [cluster()[4]], call: (a) => api.requiredCrdChannel(a) },
    clusterGuardrailFor: { args: () => [{ allowDomains: ['example.com'], clusterCidrs: ['10.0.0.0/8'], denyAllOtherEgress: true }], call: (a) => api.clusterGuardrailFor(a as never) },
    stringifyGo: { args: () => [policy(), { indent: 2 }], call: (a, b) => api.stringifyGo(a, b as never) },
    'CidrSet.from': { args: () => [['10.0.0.0/8', '::/1'], { mode: 'strict' }], call: (a, b) => CidrSet.from(a as never, b as never) },
    mergeCidrs: { args: () => [['10.0.0.0/8', '10.1.0.0/16']], call: (a) => api.mergeCidrs(a as never) },
    'CidrSet.fromParsed': { args: () => [[api.parseCidr('10.0.0.0/8'), api.parseCidr('2001:db8::/32')]], call: (a) => CidrSet.fromParsed(a as never) },
    'CidrSet.fromIntervals': { args: () => [[[0n, 255n], [1024n, 2047n]], [[0n, 2n ** 64n]]], call: (a, b) => CidrSet.fromIntervals(a as never, b as never) },
  };

  for (const [name, { args, call }] of Object.entries(ONCE)) {
    it(`${name}: every getter of every argument is called at most once, and the result is the one for plain data`, () => {
      fc.assert(
        fc.property(validTemplate, jsonOptions, (t, o) => {
          const plainArgs = args(t, o);
          const expected = (() => {
            try {
              return { result: call(...plainArgs.map((a) => structuredClone(a))) };
            } catch (err) {
              if (err instanceof SandboxPolicyError) return { issues: err.issues };
              throw err;
            }
          })();
          const counts: number[] = [];
          const got = (() => {
            try {
              return { result: call(...plainArgs.map((a) => gettersOf(a, counts))) };
            } catch (err) {
              if (err instanceof SandboxPolicyError) return { issues: err.issues };
              throw err;
            }
          })();
          expect(counts.filter((c) => c > 1)).toEqual([]);
          expect(got).toEqual(expected);
        }),
        { numRuns: 40 },
      );
    });
  }
});
