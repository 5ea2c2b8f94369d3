/**
 * snapshot.ts is the library's one plain-data reader (no other copy of it exists in src/): its
 * options (Date handling, `__proto__` refusal), the frozen variant, the one depth limit that
 * every public function now shares, and the read-once rule for getters, setters and proxies.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  auditCluster,
  auditNetworkPolicy,
  MAX_INPUT_VALUES,
  MAX_NESTING_DEPTH,
  networkPolicyFor,
  requiredCrdChannel,
  SandboxPolicyError,
  validateClusterNetworkPolicy,
} from '../src/index.js';
import { frozenSnapshot, snapshot } from '../src/snapshot.js';
import { baseTemplate } from './helpers.js';

const issuesOf = (run: () => unknown) => {
  try {
    run();
  } catch (err) {
    if (err instanceof SandboxPolicyError) return err.issues;
    throw err;
  }
  return [];
};

const nested = (levels: number): unknown => {
  let v: unknown = 'x';
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
};

describe('snapshot options', () => {
  const at = new Date('2026-11-27T00:00:00Z');

  it('reads a Date as ISO text by default, as RFC 3339 without a zero fraction, or as a fresh Date', () => {
    expect(snapshot({ t: at })).toEqual({ t: '2026-11-27T00:00:00.000Z' });
    expect(snapshot({ t: at, u: new Date('2026-11-27T00:00:00.250Z') }, '', { dates: 'rfc3339' })).toEqual({ t: '2026-11-27T00:00:00Z', u: '2026-11-27T00:00:00.250Z' });
    const kept = snapshot({ t: at }, '', { dates: 'keep' }) as { t: Date };
    expect(kept.t).toEqual(at);
    expect(kept.t).not.toBe(at);
  });

  it('refuses an invalid Date at its path, whatever the mode', () => {
    for (const dates of ['iso', 'rfc3339', 'keep'] as const) {
      expect(issuesOf(() => snapshot({ meta: { t: new Date(Number.NaN) } }, 'x', { dates })).map((i) => i.path)).toEqual(['x.meta.t']);
    }
  });

  it('keeps an own __proto__ key as data by default, and refuses it on request', () => {
    const input = JSON.parse('{"spec":{"__proto__":{"egress":[{}]}}}') as unknown;
    const kept = snapshot(input) as { spec: Record<string, unknown> };
    expect(Object.getPrototypeOf(kept.spec)).toBe(Object.prototype);
    expect(Object.keys(kept.spec)).toEqual(['__proto__']);
    expect(kept.spec.egress).toBeUndefined();
    expect(issuesOf(() => snapshot(input, '', { protoKey: 'refuse' })).map((i) => i.path)).toEqual(['spec.__proto__']);
  });
});

describe('frozenSnapshot', () => {
  it('is a deep-frozen copy sharing nothing with its input, equal to it for JSON data', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const copy = frozenSnapshot(value);
        expect(copy).toEqual(value);
        const seen: unknown[] = [copy];
        while (seen.length > 0) {
          const v = seen.pop();
          if (typeof v !== 'object' || v === null) continue;
          expect(Object.isFrozen(v)).toBe(true);
          expect(v).not.toBe(value);
          seen.push(...Object.values(v));
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('one depth limit for every public function', () => {
  it(`accepts nesting up to MAX_NESTING_DEPTH (${MAX_NESTING_DEPTH}) and refuses deeper, in the cluster functions too`, () => {
    const fine = nested(MAX_NESTING_DEPTH - 10); // deeper than the old 64-level limit of some readers
    const deep = nested(MAX_NESTING_DEPTH + 10);
    const cnp = (extra: unknown) => ({ apiVersion: 'policy.networking.k8s.io/v1alpha2', kind: 'ClusterNetworkPolicy', metadata: { name: 'x', annotations: {} }, extra });
    const calls: Array<(v: unknown) => unknown> = [
      (v) => validateClusterNetworkPolicy(cnp(v)),
      (v) => requiredCrdChannel(cnp(v)),
      (v) => auditCluster([cnp(v)]),
    ];
    for (const call of calls) {
      expect(issuesOf(() => call(fine))).toEqual([]);
      expect(issuesOf(() => call(deep)).map((i) => i.message).join('\n')).toMatch(new RegExp(`nested more than ${MAX_NESTING_DEPTH} levels`));
    }
  });
});

type Segment = string | number;

/** Every (path, value) below a JSON tree, outermost first (the root itself excluded). */
function placesOf(value: unknown, at: Segment[] = [], into: Array<[Segment[], unknown]> = []): Array<[Segment[], unknown]> {
  if (typeof value !== 'object' || value === null) return into;
  for (const [k, v] of Object.entries(value)) {
    const here = [...at, Array.isArray(value) ? Number(k) : k];
    into.push([here, v]);
    placesOf(v, here, into);
  }
  return into;
}

/** The field path the library prints for segments under `root`. */
const pathText = (root: string, at: readonly Segment[]): string =>
  at.reduce<string>((out, s) => (typeof s === 'number' ? `${out}[${s}]` : out ? `${out}.${s}` : s), root);

/** A deep copy of a JSON tree (own `__proto__` keys stay own keys). */
function copyOf(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyOf);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: copyOf(v), enumerable: true, writable: true, configurable: true });
  return out;
}

/** Replaces the own data property at `at` (in a copy made by copyOf) with an enumerable getter. */
function putGetter(root: unknown, at: readonly Segment[], get: () => unknown): void {
  let holder = root as Record<Segment, unknown>;
  for (const s of at.slice(0, -1)) holder = holder[s] as Record<Segment, unknown>;
  Object.defineProperty(holder, at[at.length - 1]!, { get, enumerable: true, configurable: true });
}

/** JSON trees with at least one property or element, and the indexes of some of their places. */
const treeWithPlaces = fc
  .tuple(fc.jsonValue({ maxDepth: 4 }), fc.array(fc.nat(), { minLength: 1, maxLength: 6 }))
  .filter(([tree]) => placesOf(tree).length > 0)
  .map(([tree, picks]) => {
    const places = placesOf(tree);
    // Distinct places, none inside another (a getter replaces a whole subtree).
    const chosen: Array<[Segment[], unknown]> = [];
    for (const p of picks) {
      const place = places[p % places.length]!;
      const inside = (a: Segment[], b: Segment[]) => a.length <= b.length && a.every((s, i) => s === b[i]);
      if (chosen.every(([q]) => !inside(q, place[0]) && !inside(place[0], q))) chosen.push(place);
    }
    return { tree, chosen };
  });

describe('getters and setters: read once, like JSON.stringify reads them', () => {
  it('calls every getter exactly once per snapshot, and its result is the data', () => {
    fc.assert(
      fc.property(treeWithPlaces, fc.boolean(), ({ tree, chosen }, frozen) => {
        const input = copyOf(tree);
        const calls = chosen.map(() => 0);
        chosen.forEach(([at, v], i) => putGetter(input, at, () => (calls[i]!++, copyOf(v))));
        const copy = frozen ? frozenSnapshot(input) : snapshot(input);
        expect(copy).toEqual(tree);
        expect(calls).toEqual(chosen.map(() => 1));
        // Only the data is kept: the copy has no accessor anywhere.
        for (const [at] of placesOf(copy)) {
          let holder = copy as Record<Segment, unknown>;
          for (const s of at.slice(0, -1)) holder = holder[s] as Record<Segment, unknown>;
          expect(Object.getOwnPropertyDescriptor(holder, at[at.length - 1]!)).toHaveProperty('value');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a getter that throws is a SandboxPolicyError at the path being read', () => {
    fc.assert(
      fc.property(treeWithPlaces, fc.constantFrom('', 'spec', 'policies[3]'), fc.constantFrom<unknown>(new Error('x'), new TypeError('y'), 'text', null), ({ tree, chosen }, root, thrown) => {
        const input = copyOf(tree);
        const [at] = chosen[0]!;
        putGetter(input, at, () => {
          throw thrown;
        });
        // Getters on later places would not be reached, or would be read before: either is fine,
        // as long as the first failure named is the throwing one.
        const issues = issuesOf(() => snapshot(input, root));
        expect(issues.map((i) => i.path)).toEqual([pathText(root, at)]);
        expect(issues[0]!.message).toMatch(/^could not be read as plain data \((Error|TypeError|a thrown value)\)$/);
      }),
      { numRuns: 300 },
    );
  });

  it('a setter without a getter reads as absent in an object, and as an undefined element in a list', () => {
    const setterOnly = { enumerable: true, configurable: true, set: () => undefined };
    expect(snapshot(Object.defineProperty({ a: 1 }, 'spec', setterOnly))).toEqual({ a: 1 });
    expect(Object.keys(snapshot(Object.defineProperty({ a: 1 }, 'spec', setterOnly)) as object)).toEqual(['a']);
    const list = Object.defineProperty(['x', 'y'], 1, setterOnly);
    expect(issuesOf(() => snapshot({ l: list }))).toEqual([expect.objectContaining({ path: 'l[1]', message: 'is undefined; a list element must be a value' })]);
  });

  it('a getter returning an unreadable value is refused at its own path', () => {
    const input = { spec: Object.defineProperty({}, 'port', { enumerable: true, get: () => 443n }) };
    expect(issuesOf(() => snapshot(input)).map((i) => `${i.path}: ${i.message}`)).toEqual(['spec.port: is a BigInt; only JSON numbers are accepted']);
  });

  it('inherited getters and non-enumerable ones are not read', () => {
    let calls = 0;
    const proto = Object.defineProperty({}, 'spec', { enumerable: true, get: () => (calls++, { a: 1 }) });
    const input = Object.defineProperty(Object.create(proto) as object, 'kind', { enumerable: false, get: () => (calls++, 'x') });
    expect(snapshot(input)).toEqual({});
    expect(calls).toBe(0);
  });
});

/** A value that flips between `a` and `b` on every read. */
function flipping(a: unknown, b: unknown): { get: () => unknown; reads: () => number } {
  let n = 0;
  return { get: () => (n++ % 2 === 0 ? a : b), reads: () => n };
}

/** The outcome of a call: its result, or the issues it threw. */
function outcomeOf(run: () => unknown): unknown {
  try {
    return { result: run() };
  } catch (err) {
    if (err instanceof SandboxPolicyError) return { issues: err.issues };
    throw err;
  }
}

describe('symbol keys are not data: ignored, as JSON.stringify ignores them', () => {
  it('a tree with symbol keys (enumerable or not, with any value) snapshots to the tree without them', () => {
    fc.assert(
      fc.property(treeWithPlaces, fc.anything(), fc.boolean(), ({ tree, chosen }, value, enumerable) => {
        const input = copyOf(tree);
        for (const [at] of chosen) {
          let holder = input as Record<Segment, unknown>;
          for (const s of at.slice(0, -1)) holder = holder[s] as Record<Segment, unknown>;
          if (typeof holder !== 'object' || holder === null || Array.isArray(holder)) continue;
          Object.defineProperty(holder, Symbol('k'), { value, enumerable, configurable: true });
        }
        expect(snapshot(input)).toEqual(tree);
        expect(JSON.stringify(snapshot(input))).toBe(JSON.stringify(input));
      }),
      { numRuns: 200 },
    );
  });

  it('a policy whose only egress peer hides under a symbol key reads as having none (what the API server would get)', () => {
    const spec = { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }], [Symbol('to')]: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] };
    expect(auditNetworkPolicy(spec).egressReachable.toCidrs()).toEqual(['10.0.0.0/8']);
  });
});

describe('a getter that answers differently on every read cannot split one result', () => {
  const CIDRS = ['10.0.0.0/8', '0.0.0.0/0', '169.254.169.254/32', '10.0.0.0/33', '2001:db8::/32', '10.1.2.3/8', '::/0', 'nope'];
  const cidr = fc.constantFrom(...CIDRS);
  const where = fc.constantFrom('cidr', 'except', 'ipBlock', 'rule');

  /** An egress rule whose part `at` holds `value` (a getter when `flip` is given). */
  function egressRule(at: string, value: unknown, flip?: { get: () => unknown }): Record<string, unknown> {
    const ipBlock: Record<string, unknown> = { cidr: at === 'cidr' ? value : '0.0.0.0/0' };
    if (at === 'except') ipBlock.except = [value];
    if (flip && at === 'cidr') Object.defineProperty(ipBlock, 'cidr', { get: flip.get, enumerable: true });
    if (flip && at === 'except') Object.defineProperty(ipBlock.except as unknown[], 0, { get: flip.get, enumerable: true });
    const peer: Record<string, unknown> = { ipBlock: at === 'ipBlock' ? { cidr: value } : ipBlock };
    if (flip && at === 'ipBlock') Object.defineProperty(peer, 'ipBlock', { get: () => ({ cidr: flip.get() }), enumerable: true });
    const rule: Record<string, unknown> = { to: [peer], ports: [{ port: 443 }] };
    if (at === 'rule') rule.to = [{ ipBlock: { cidr: value } }];
    if (flip && at === 'rule') Object.defineProperty(rule, 'to', { get: () => [{ ipBlock: { cidr: flip.get() } }], enumerable: true });
    return rule;
  }

  it('networkPolicyFor on a template: the result (or refusal) is the one for one of the two plain values', () => {
    fc.assert(
      fc.property(cidr, cidr, where, (a, b, at) => {
        const flip = flipping(a, b);
        const template = (rule: Record<string, unknown>) => baseTemplate({ networkPolicy: { egress: [rule] } });
        const got = outcomeOf(() => networkPolicyFor(template(egressRule(at, undefined, flip)) as never));
        const plain = [a, b].map((v) => outcomeOf(() => networkPolicyFor(template(egressRule(at, v)) as never)));
        expect(plain).toContainEqual(got);
        expect(got).toEqual(plain[0]); // the first read is the one used
        expect(flip.reads()).toBe(1);
      }),
      { numRuns: 200 },
    );
  });

  it('auditNetworkPolicy on a policy: the report is the one for one of the two plain values', () => {
    fc.assert(
      fc.property(cidr, cidr, where, (a, b, at) => {
        const flip = flipping(a, b);
        const policy = (rule: Record<string, unknown>) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p', namespace: 'n' }, spec: { podSelector: {}, policyTypes: ['Egress'], egress: [rule] } });
        const got = outcomeOf(() => auditNetworkPolicy(policy(egressRule(at, undefined, flip))));
        const plain = [a, b].map((v) => outcomeOf(() => auditNetworkPolicy(policy(egressRule(at, v)))));
        expect(plain).toContainEqual(got);
        expect(got).toEqual(plain[0]);
        expect(flip.reads()).toBe(1);
      }),
      { numRuns: 200 },
    );
  });
});

describe('proxies: read through their traps, each element and property once', () => {
  it('a list proxy is read with one `get` per element; `has` is asked only about an undefined element', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(undefined)), { maxLength: 8 }), (elements) => {
        const gets = new Map<PropertyKey, number>();
        const has: PropertyKey[] = [];
        const target = elements.slice();
        const proxy = new Proxy(target, {
          get: (t, k) => (gets.set(k, (gets.get(k) ?? 0) + 1), Reflect.get(t, k)),
          has: (t, k) => (has.push(k), Reflect.has(t, k)),
        });
        const firstUndefined = elements.indexOf(undefined);
        const issues = issuesOf(() => snapshot({ l: proxy }));
        const read = firstUndefined < 0 ? elements.length : firstUndefined + 1;
        for (let i = 0; i < read; i++) expect(gets.get(String(i))).toBe(1);
        if (firstUndefined < 0) {
          expect(issues).toEqual([]);
          expect(has).toEqual([]);
        } else {
          expect(issues).toEqual([expect.objectContaining({ path: `l[${firstUndefined}]`, message: 'is undefined; a list element must be a value' })]);
          expect(has).toEqual([String(firstUndefined)]);
        }
      }),
    );
  });

  it('holes and undefined elements are told apart', () => {
    // eslint-disable-next-line no-sparse-arrays
    expect(issuesOf(() => snapshot({ l: ['a', , 'c'] }))).toEqual([expect.objectContaining({ path: 'l[1]', message: 'is missing (a sparse list)' })]);
    expect(issuesOf(() => snapshot({ l: ['a', undefined] }))).toEqual([expect.objectContaining({ path: 'l[1]', message: 'is undefined; a list element must be a value' })]);
  });

  it('a proxy whose trap throws is refused at the path being read', () => {
    const throwing = (trap: string) => new Proxy({ a: 1 }, { [trap]: () => { throw new Error('trap'); } });
    expect(issuesOf(() => snapshot({ spec: { x: throwing('get') } })).map((i) => i.path)).toEqual(['spec.x.a']);
    for (const trap of ['ownKeys', 'getPrototypeOf', 'getOwnPropertyDescriptor']) {
      expect(issuesOf(() => snapshot({ spec: { x: throwing(trap) } })).map((i) => i.path), trap).toEqual(['spec.x']);
    }
    // What is thrown may itself be hostile: a proxy that throws when asked for its prototype.
    const nasty = new Proxy({}, { getPrototypeOf: () => { throw new Error('again'); } });
    const throwsNasty = (trap: string) => new Proxy({ a: 1 }, { [trap]: () => { throw nasty; } });
    expect(issuesOf(() => snapshot({ spec: { x: throwsNasty('get') } })).map((i) => `${i.path}: ${i.message}`)).toEqual(['spec.x.a: could not be read as plain data (a thrown value)']);
    expect(issuesOf(() => snapshot({ spec: [throwsNasty('ownKeys')] })).map((i) => i.path)).toEqual(['spec[0]']);
    expect(issuesOf(() => snapshot({ spec: Object.defineProperty([], 0, { enumerable: true, get: () => { throw nasty; } }) })).map((i) => i.path)).toEqual(['spec[0]']);
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(issuesOf(() => snapshot({ spec: [proxy] })).map((i) => i.path)).toEqual(['spec[0]']);
  });
});

describe('limits keep their paths', () => {
  it('counts every value once, undefined ones not at all', () => {
    const row = Array(1000).fill('x');
    const rows = Array(998).fill(row); // with the object and the outer list: 999,000 values
    expect(issuesOf(() => snapshot({ rows, more: Array(999).fill(1), u: undefined }))).toEqual([]);
    expect(issuesOf(() => snapshot({ rows, more: [Array(997).fill(1), 2, 3] })).map((i) => i.path)).toEqual(['more[2]']);
    expect(issuesOf(() => snapshot({ rows, more: Array(1000).fill(1) })).map((i) => `${i.path}: ${i.message}`)).toEqual([`more: holds more than ${MAX_INPUT_VALUES} values in all`]);
  });

  it('a cycle is named where it closes, an alias that is not a cycle is read twice', () => {
    const loop: Record<string, unknown> = { a: 1 };
    loop.b = { c: [loop] };
    expect(issuesOf(() => snapshot({ spec: loop }))).toEqual([expect.objectContaining({ path: 'spec.b.c[0]', message: 'refers back to an object that contains it (a cycle)' })]);
    const shared = { x: 1 };
    expect(snapshot({ a: shared, b: [shared] })).toEqual({ a: { x: 1 }, b: [{ x: 1 }] });
  });
});
