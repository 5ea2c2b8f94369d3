/**
 * stringifyGo: Go's encoding/json byte order and escaping. Expected strings are hand-written from
 * Go's documented rules (map keys sorted as strings, struct fields in declaration order, HTML
 * characters and U+2028/U+2029 escaped), independent of the implementation.
 */
import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';
import { SandboxPolicyError, excludedRanges, networkPolicyFor, networkPolicySpecFor, stringifyGo } from '../src/index.js';
import { baseTemplate, templateFixtures } from './helpers.js';

describe('stringifyGo', () => {
  it('writes integer-like map keys in Go order, where JSON.stringify does not', () => {
    const policy = networkPolicyFor(baseTemplate(), { router: { podLabels: { '9': 'a', '10': 'b', app: 'r' } } })!;
    expect(JSON.stringify(policy)).toContain('"matchLabels":{"9":"a","10":"b","app":"r"}');
    expect(stringifyGo(policy)).toContain('"matchLabels":{"10":"b","9":"a","app":"r"}');
    expect(stringifyGo({ '9': 1, '10': 2, b: 3, a: 4 })).toBe('{"10":2,"9":1,"a":4,"b":3}');
  });
  it('equals JSON.stringify for every generated fixture policy (no integer-like keys there)', () => {
    for (const f of templateFixtures()) {
      if ('error' in f.expect) continue;
      const p = networkPolicyFor(f.template, f.options as never);
      expect(stringifyGo(p)).toBe(JSON.stringify(p));
      expect(stringifyGo(p, { indent: 2 })).toBe(JSON.stringify(p, null, 2));
    }
  });
  it('writes NetworkPolicy struct fields in Go order whatever order they came in', () => {
    const spec = { policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { except: ['10.1.0.0/16'], cidr: '10.0.0.0/8' } }], ports: [{ port: 53, protocol: 'UDP' }] }], podSelector: {} };
    expect(stringifyGo({ spec, metadata: { namespace: 'n', name: 'p' }, apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' })).toBe(
      '{"kind":"NetworkPolicy","apiVersion":"networking.k8s.io/v1","metadata":{"name":"p","namespace":"n"},"spec":{"podSelector":{},' +
        '"egress":[{"ports":[{"protocol":"UDP","port":53}],"to":[{"ipBlock":{"cidr":"10.0.0.0/8","except":["10.1.0.0/16"]}}]}],"policyTypes":["Egress"]}}',
    );
    expect(stringifyGo(spec, { shape: 'NetworkPolicySpec' })).toMatch(/^\{"podSelector":\{\},"egress":/);
    expect(stringifyGo(networkPolicySpecFor(baseTemplate()), { shape: 'NetworkPolicySpec' })).toBe(JSON.stringify(networkPolicySpecFor(baseTemplate())));
  });
  it('escapes as Go does', () => {
    expect(stringifyGo('<a & b>\u2028\u2029')).toBe('"\\u003ca \\u0026 b\\u003e\\u2028\\u2029"');
    expect(stringifyGo('\u0001\n\t"\\')).toBe('"\\u0001\\n\\t\\"\\\\"');
    expect(stringifyGo('x\ud800y')).toBe('"x\\ufffdy"');
    expect(stringifyGo('😀')).toBe('"😀"');
  });
  it('keeps an own __proto__ key as data', () => {
    expect(stringifyGo(JSON.parse('{"__proto__":{"a":1},"b":2}'))).toBe('{"__proto__":{"a":1},"b":2}');
  });
  it('refuses what is not JSON data, and bad options', () => {
    for (const bad of [1n, undefined, { a: 1n }, (() => { const o: Record<string, unknown> = {}; o.o = o; return o; })()]) {
      expect(() => stringifyGo(bad)).toThrow(SandboxPolicyError);
    }
    expect(() => stringifyGo({}, { indent: -1 })).toThrow(SandboxPolicyError);
    expect(() => stringifyGo({}, { shape: 'Pod' as never })).toThrow(SandboxPolicyError);
  });
});

describe('exported tables', () => {
  const isDeepFrozen = (v: unknown): boolean =>
    typeof v !== 'object' || v === null || (Object.isFrozen(v) && Reflect.ownKeys(v).every((k) => isDeepFrozen((v as Record<PropertyKey, unknown>)[k])));
  it('every exported value that is an object is frozen all the way down', () => {
    const tables = Object.entries(api).filter(([, v]) => typeof v === 'object' && v !== null && !(v instanceof api.CidrSet));
    const names = tables.map(([k]) => k).filter((k) => k !== 'SandboxTemplateSchema');
    expect(names).toEqual(expect.arrayContaining(['SEVERITIES', 'SENSITIVE_RANGES', 'SANDBOX_TEMPLATE_API_VERSIONS', 'METADATA_ENDPOINTS', 'DEFAULT_ROUTER', 'DEFAULT_NAMESERVERS']));
    for (const name of names) expect(isDeepFrozen((api as Record<string, unknown>)[name]), name).toBe(true);
    expect(isDeepFrozen(excludedRanges('upstream')) && isDeepFrozen(excludedRanges('hardened'))).toBe(true);
  });
});
