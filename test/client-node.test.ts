import fc from 'fast-check';
import { ObjectSerializer } from '@kubernetes/client-node/dist/serializer.js';
import { describe, expect, it } from 'vitest';
import { fromClientNodeObject, toClientNodeObject } from '../src/client-node.js';
import { evaluateTraffic, isSandboxPolicyError, networkPolicyFor, type NetworkPolicy } from '../src/index.js';
import { baseTemplate, deepFreeze } from './helpers.js';

const policy = networkPolicyFor(baseTemplate())!;
/** What client-node's serializer puts on the wire for a value given to its typed APIs. */
const onTheWire = (value: unknown) => JSON.parse(JSON.stringify(ObjectSerializer.serialize(value, 'V1NetworkPolicy')));

function issuePath(run: () => unknown): string | undefined {
  try {
    run();
  } catch (err) {
    if (!isSandboxPolicyError(err)) throw err;
    return err.issues[0]!.path;
  }
  return undefined;
}

describe('toClientNodeObject', () => {
  it('round-trips through client-node: to, serialize, deserialize, from gives the policy back', () => {
    const read = ObjectSerializer.deserialize(onTheWire(toClientNodeObject(policy)), 'V1NetworkPolicy');
    expect(fromClientNodeObject(read)).toEqual(policy);
  });
  it('turns RFC 3339 timestamps into the Dates client-node serializes', () => {
    const stored = { ...policy, metadata: { ...policy.metadata, creationTimestamp: '2026-11-27T00:00:00Z', managedFields: [{ manager: 'm', time: '2026-11-27T00:00:01Z' }] } };
    const out = toClientNodeObject(stored);
    expect(out.metadata!.creationTimestamp).toEqual(new Date('2026-11-27T00:00:00Z'));
    expect(onTheWire(out).metadata.managedFields[0].time).toBe('2026-11-27T00:00:01.000Z');
    expect(issuePath(() => toClientNodeObject({ ...policy, metadata: { creationTimestamp: 'yesterday' } }))).toBe('metadata.creationTimestamp');
  });
  it('refuses a rule with both from and _from instead of keeping a stale _from', () => {
    // Here the wire readers see the router-only `from`; client-node would send the allow-all `_from`.
    const ambiguous = { ...policy, spec: { ...policy.spec, ingress: [{ from: policy.spec.ingress![0]!.from, _from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] } };
    expect(issuePath(() => toClientNodeObject(ambiguous as never))).toBe('spec.ingress[0]');
    expect(issuePath(() => fromClientNodeObject(ambiguous as never))).toBe('spec.ingress[0]');
  });
  it('never turns an own __proto__ key into a prototype (a deny-all spec stays deny-all)', () => {
    const hostile = JSON.parse(
      '{"kind":"NetworkPolicy","apiVersion":"networking.k8s.io/v1","metadata":{"name":"x"},"spec":{"podSelector":{},"policyTypes":["Ingress","Egress"],"__proto__":{"ingress":[{}],"egress":[{}]}}}',
    );
    expect(issuePath(() => toClientNodeObject(hostile))).toBe('spec.__proto__');
    expect(issuePath(() => fromClientNodeObject(hostile))).toBe('spec.__proto__');
  });
  it('copies: never modifies its argument, never shares objects with it', () => {
    const frozen = deepFreeze(structuredClone(policy));
    const out = toClientNodeObject(frozen);
    expect(out.spec).not.toBe(frozen.spec);
    (out.spec!.ingress![0]!._from as unknown[]).length = 0;
    expect(frozen.spec.ingress![0]!.from).toHaveLength(1);
  });
  it('keeps the router-only ingress through the real serializer for every fixture policy shape', () => {
    const denyAll = networkPolicyFor(baseTemplate({ networkPolicy: {} }))!;
    for (const p of [policy, denyAll]) {
      const sent = onTheWire(toClientNodeObject(p)) as NetworkPolicy;
      const probe = { direction: 'ingress', pod: { namespace: 'default', labels: { 'agents.x-k8s.io/sandbox-template-ref-hash': 'da1fd924' } }, peer: { ip: '10.1.2.3', namespace: 'default', labels: {} }, port: 80 } as const;
      expect(evaluateTraffic([sent], probe).allowed).toBe(evaluateTraffic([p], probe).allowed);
    }
  });
});

describe('fromClientNodeObject', () => {
  it('reads Dates as RFC 3339 strings and refuses invalid ones', () => {
    const read = ObjectSerializer.deserialize({ ...structuredClone(policy), metadata: { name: 'x', creationTimestamp: '2026-11-27T00:00:00Z' } }, 'V1NetworkPolicy');
    expect(fromClientNodeObject(read).metadata.creationTimestamp).toBe('2026-11-27T00:00:00Z');
    read.metadata.creationTimestamp = new Date(Number.NaN);
    expect(issuePath(() => fromClientNodeObject(read))).toBe('metadata.creationTimestamp');
  });
  it('refuses cycles, deep nesting, getters that throw and non-JSON values with SandboxPolicyError', () => {
    const cyclic: Record<string, any> = { kind: 'NetworkPolicy', metadata: {}, spec: {} };
    cyclic.spec.self = cyclic.spec;
    expect(issuePath(() => fromClientNodeObject(cyclic))).toBe('spec.self');
    let deep: Record<string, unknown> = {};
    const root = { kind: 'NetworkPolicy', spec: deep };
    for (let i = 0; i < 10_000; i++) deep = (deep.x = {}) as Record<string, unknown>;
    expect(issuePath(() => fromClientNodeObject(root as never))).toMatch(/^spec(\.x)+$/);
    const getter = { kind: 'NetworkPolicy', get spec(): never { throw new Error('boom'); } };
    expect(issuePath(() => fromClientNodeObject(getter as never))).toBe('spec');
    expect(issuePath(() => fromClientNodeObject({ kind: 'NetworkPolicy', spec: { n: 1n } } as never))).toBe('spec.n');
    expect(issuePath(() => fromClientNodeObject(null as never))).toBe('');
  });
  it('any value: a result or SandboxPolicyError, never another error', () => {
    fc.assert(
      fc.property(fc.anything({ withObjectString: true, withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSparseArray: true, withBoxedValues: true }), (value) => {
        for (const convert of [toClientNodeObject, fromClientNodeObject]) {
          try {
            convert(value as never);
          } catch (err) {
            expect(isSandboxPolicyError(err)).toBe(true);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('reading either shape (readPolicy, used by audit, evaluate, explain, validation and auditCluster)', () => {
  it('keeps an own __proto__ key of a renamed rule as a key, never as the prototype', async () => {
    const { readPolicy } = await import('../src/policy-input.js');
    const rule = JSON.parse('{"_from":[{"podSelector":{}}],"__proto__":{"ports":[{"port":22}]}}');
    const out = readPolicy({ spec: { ingress: [rule] } }, '').data as { spec: { ingress: Array<Record<string, unknown>> } };
    const renamed = out.spec.ingress[0]!;
    expect(Object.getPrototypeOf(renamed)).toBe(Object.prototype);
    expect(renamed.ports).toBeUndefined();
    expect(Object.keys(renamed)).toEqual(['from', '__proto__']);
  });
});
