/**
 * snapshot.ts is the library's one plain-data reader (no other copy of it exists in src/): its
 * options (Date handling, `__proto__` refusal), the frozen variant, and the one depth limit that
 * every public function now shares.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditCluster, MAX_NESTING_DEPTH, requiredCrdChannel, SandboxPolicyError, validateClusterNetworkPolicy } from '../src/index.js';
import { frozenSnapshot, snapshot } from '../src/snapshot.js';

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

  it('refuses getters instead of calling them (a getter could show a check one value and the reader another)', () => {
    let calls = 0;
    const policy = Object.defineProperty({ apiVersion: 'policy.networking.k8s.io/v1alpha2', kind: 'ClusterNetworkPolicy' }, 'spec', {
      enumerable: true,
      get: () => (calls++, {}),
    });
    expect(issuesOf(() => validateClusterNetworkPolicy(policy)).map((i) => i.path)).toEqual(['spec']);
    expect(calls).toBe(0);
  });
});
