import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { applyPatch, validate } from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import { applySandboxSecureDefaults, secureDefaultsPatch } from '../src/index.js';
import { baseTemplate, deepFreeze, nestAt, sandboxPodFixtures, templateFixtures } from './helpers.js';
import { podSpecArb, templateArb } from './support/pod-arbitraries.js';

/** Applies `ops` with fast-json-patch, an independent RFC 6902 implementation, checking each operation. */
function patched(document: unknown, ops: unknown[]): unknown {
  expect(validate(ops as never, document)).toBeUndefined();
  return applyPatch(document, ops as never, true, false).newDocument;
}

describe('secureDefaultsPatch applied by fast-json-patch gives applySandboxSecureDefaults', () => {
  describe('on the golden templates (test/fixtures/templates)', () => {
    const fixtures = templateFixtures().filter((f) => 'podSpec' in f.expect);
    it('has them', () => expect(fixtures.length).toBeGreaterThanOrEqual(20));
    for (const f of fixtures) {
      it(f.file, () => {
        const own = ((f.template.spec as { podTemplate?: { spec?: unknown } }).podTemplate?.spec ?? {}) as Record<string, unknown>;
        const ops = secureDefaultsPatch(f.template, undefined, f.options as never);
        const want = (f.expect as { podSpec: unknown }).podSpec;
        expect(patched(own, ops)).toEqual(want);
        expect(applySandboxSecureDefaults(f.template, undefined, f.options as never)).toEqual(want);
      });
    }
  });

  describe('on upstream examples, as hand-derived (test/fixtures/sandbox-pods)', () => {
    for (const f of sandboxPodFixtures()) {
      it(`${f.file} (pod spec at /${f.expect.patchAt.join('/')})`, () => {
        const ops = secureDefaultsPatch(f.template, null, { at: f.expect.patchAt });
        expect(ops).toEqual(f.expect.patch);
        const own = ((f.template.spec as { podTemplate?: { spec?: unknown } }).podTemplate?.spec ?? {}) as Record<string, unknown>;
        expect(patched(nestAt(f.expect.patchAt, own), ops)).toEqual(nestAt(f.expect.patchAt, applySandboxSecureDefaults(f.template)));
      });
    }
  });

  it('on generated templates, pod specs and document paths (1,000 runs)', () => {
    const key = fc.oneof(fc.constantFrom('spec', 'podTemplate', 'a/b', 'c~d', '~1', '', '0'), fc.string({ maxLength: 4 })).filter((k) => k !== '__proto__');
    fc.assert(
      fc.property(templateArb, podSpecArb, fc.array(key, { maxLength: 3 }), (template, pod, at) => {
        deepFreeze(template);
        deepFreeze(pod);
        const ops = secureDefaultsPatch(template, pod as never, { at });
        const want = applySandboxSecureDefaults(template, pod as never);
        expect(patched(nestAt(at, pod), ops)).toEqual(nestAt(at, want));
        // add exactly when the field is absent, replace when it is present.
        for (const op of ops) {
          const field = op.path.slice(op.path.lastIndexOf('/') + 1);
          expect(op.op).toBe(field in pod ? 'replace' : 'add');
        }
        // Empty exactly when nothing changes.
        const json = (v: unknown): unknown => JSON.parse(JSON.stringify(v));
        expect(ops.length === 0).toBe(isDeepStrictEqual(json(want), json(pod)));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('secureDefaultsPatch', () => {
  it('adds all three fields to a bare pod spec of a Pod under the secure default', () => {
    expect(secureDefaultsPatch(baseTemplate(), { containers: [] }, { at: ['spec'] })).toEqual([
      { op: 'add', path: '/spec/automountServiceAccountToken', value: false },
      { op: 'add', path: '/spec/dnsPolicy', value: 'None' },
      { op: 'add', path: '/spec/dnsConfig', value: { nameservers: ['8.8.8.8', '1.1.1.1'] } },
    ]);
  });
  it('is empty when the pod already has what the controller would give it', () => {
    expect(secureDefaultsPatch(baseTemplate(), { automountServiceAccountToken: true, dnsPolicy: 'ClusterFirst' } as never)).toEqual([]);
    expect(secureDefaultsPatch(baseTemplate({ networkPolicy: {} }), { automountServiceAccountToken: false } as never)).toEqual([]);
  });
  it('replaces a dnsConfig given without dnsPolicy, and a null token', () => {
    expect(secureDefaultsPatch(baseTemplate(), { automountServiceAccountToken: null, dnsConfig: { searches: ['x'] } } as never)).toEqual([
      { op: 'replace', path: '/automountServiceAccountToken', value: false },
      { op: 'add', path: '/dnsPolicy', value: 'None' },
      { op: 'replace', path: '/dnsConfig', value: { nameservers: ['8.8.8.8', '1.1.1.1'] } },
    ]);
  });
  it('escapes the keys of `at` as RFC 6901 says (~ as ~0, / as ~1)', () => {
    expect(secureDefaultsPatch(baseTemplate({ networkPolicy: {} }), {} as never, { at: ['a/b', 'c~d', '~1'] })).toEqual([
      { op: 'add', path: '/a~1b/c~0d/~01/automountServiceAccountToken', value: false },
    ]);
  });
  it('uses options.nameservers', () => {
    expect(secureDefaultsPatch(baseTemplate(), { automountServiceAccountToken: false } as never, { nameservers: ['10.0.0.53'] })).toEqual([
      { op: 'add', path: '/dnsPolicy', value: 'None' },
      { op: 'add', path: '/dnsConfig', value: { nameservers: ['10.0.0.53'] } },
    ]);
  });
  it.each([
    ['at not a list', { at: 'spec' }, 'options.at'],
    ['at with a non-string key', { at: ['spec', 0] }, 'options.at'],
    ['an unknown option', { pointer: '/spec' }, 'options.pointer'],
  ])('rejects %s', (_, options, path) => {
    expect(() => secureDefaultsPatch(baseTemplate(), {} as never, options as never)).toThrowError(new RegExp(`^${path.replace(/\./g, '\\.')}`));
  });
  it('rejects a malformed pod spec', () => {
    expect(() => secureDefaultsPatch(baseTemplate(), { dnsPolicy: 'cluster-first' } as never)).toThrowError(/^podSpec\.dnsPolicy/);
  });
  it('returns fresh operations; values are not shared between calls', () => {
    const a = secureDefaultsPatch(baseTemplate(), {} as never);
    (a[2]!.value as { nameservers: string[] }).nameservers.push('9.9.9.9');
    expect(secureDefaultsPatch(baseTemplate(), {} as never)[2]!.value).toEqual({ nameservers: ['8.8.8.8', '1.1.1.1'] });
  });
});
