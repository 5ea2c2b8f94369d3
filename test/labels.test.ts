import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  ANY_SANDBOX_NAME_HASH,
  RESERVED_LABEL_PREFIXES,
  SANDBOX_NAME_HASH_LABEL,
  TEMPLATE_REF_HASH_LABEL,
  isSandboxPolicyError,
  parseSandboxTemplate,
  sandboxPodLabelSet,
  sandboxPodLabels,
  templateRefHash,
  validateNetworkPolicySpec,
} from '../src/index.js';
import { selectorMatches } from '../src/selector.js';
import { FIXTURES, baseTemplate, deepFreeze, sandboxPodFixtures } from './helpers.js';

/** Reference FNV-1a/32 over Node's own UTF-8 encoding, written independently of the library. */
function reference(s: string): string {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(s, 'utf8')) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

describe('templateRefHash', () => {
  it.each([
    ['sandbox', 'da1fd924'],
    ['test-template', '69155462'],
    ['sandbox-name', 'ab179450'],
    ['costarring', '5e4daa9d'],
    ['liquid', '5e4daa9d'],
    ['', '811c9dc5'],
  ])('%s -> %s', (name, hash) => {
    expect(templateRefHash(name)).toBe(hash);
  });

  it('equals FNV-1a over the UTF-8 bytes for any string (1,000 runs)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => templateRefHash(s) === reference(s)), { numRuns: 1000 });
  });

  it('encodes every UTF-8 length and lone surrogates (U+FFFD) as Node does', () => {
    const edges = [0x7f, 0x80, 0x7ff, 0x800, 0xd7ff, 0xe000, 0xfffd, 0xffff, 0x10000, 0x10ffff].map((c) => String.fromCodePoint(c));
    const lone = ['\ud800', '\udbff', '\udc00', '\udfff', 'a\ud800', '\ud800\ud800', '\udc00\ud800', '\ud83d\ude00\ud83d'];
    for (const s of [...edges, ...lone, edges.join(''), lone.join('x')]) expect(templateRefHash(s), JSON.stringify(s)).toBe(reference(s));
  });

  it('is always 8 lowercase hex digits', () => {
    fc.assert(fc.property(fc.string(), (s) => /^[0-9a-f]{8}$/.test(templateRefHash(s))), { numRuns: 1000 });
  });

  describe("Go's own NameHash values (test/fixtures/name-hash.yaml, computed by Go's hash/fnv)", () => {
    const { hashes } = parse(readFileSync(join(FIXTURES, 'name-hash.yaml'), 'utf8')) as { hashes: Array<{ name: string; hash: string }> };
    it('has the zero-padded and non-ASCII cases', () => {
      expect(hashes.length).toBeGreaterThanOrEqual(25);
      expect(hashes.some((h) => h.hash.startsWith('0'))).toBe(true);
      expect(hashes.some((h) => /[^\x00-\x7f]/.test(h.name))).toBe(true);
    });
    for (const { name, hash } of hashes) it(`${JSON.stringify(name)} -> ${hash}`, () => expect(templateRefHash(name)).toBe(hash));
  });

  it('names the known collisions upstream is exposed to', () => {
    expect(templateRefHash('declinate')).toBe(templateRefHash('macallums'));
    expect(templateRefHash('altarage')).toBe(templateRefHash('zinke'));
  });
});

describe('sandboxPodLabels', () => {
  it('is exactly the selector label of the template', () => {
    expect(sandboxPodLabels(baseTemplate() as never)).toEqual({ 'agents.x-k8s.io/sandbox-template-ref-hash': 'da1fd924' });
  });
  it('is the same whatever the management mode (the controller always stamps it)', () => {
    expect(sandboxPodLabels({ metadata: { name: 'sandbox' } })).toEqual(sandboxPodLabels(baseTemplate({ networkPolicyManagement: 'Unmanaged' }) as never));
  });
  it('returns a fresh object each call', () => {
    const t = { metadata: { name: 'x' } };
    const a = sandboxPodLabels(t);
    a['agents.x-k8s.io/sandbox-template-ref-hash'] = 'changed';
    expect(sandboxPodLabels(t)['agents.x-k8s.io/sandbox-template-ref-hash']).not.toBe('changed');
  });
});

const RESERVED_KEYS = ['agents.x-k8s.io/sandbox-template-ref-hash', 'agents.x-k8s.io/sandbox-name-hash', 'agents.x-k8s.io/warm-pool-sandbox', 'extensions.agents.x-k8s.io/x'];

/** Label keys and values the API server accepts. */
const labelName = fc.stringMatching(/^[a-z0-9]([-a-z0-9_.]{0,10}[a-z0-9])?$/);
const labelKey = fc.oneof(labelName, fc.tuple(fc.constantFrom('example.com', 'agents.x-k8s.io', 'extensions.agents.x-k8s.io', 'sub.agents.x-k8s.io', 'agents.x-k8s.io.example'), labelName).map(([p, n]) => `${p}/${n}`));
const labelValue = fc.oneof(fc.constant(''), labelName);

describe('sandboxPodLabelSet: upstream examples and a hand-written template (test/fixtures/sandbox-pods)', () => {
  const fixtures = sandboxPodFixtures();
  it('has the fixtures', () => expect(fixtures.length).toBeGreaterThanOrEqual(5));
  for (const f of fixtures) {
    for (const c of f.expect.podLabels) {
      it(`${f.file} ${JSON.stringify(c.options)}`, () => {
        expect(sandboxPodLabelSet(f.template, c.options)).toEqual(c.labels);
        // Go writes map keys in byte order: so do we.
        expect(Object.keys(sandboxPodLabelSet(parseSandboxTemplate(f.template), c.options))).toEqual(Object.keys(c.labels).sort());
      });
    }
  }
});

describe('sandboxPodLabelSet', () => {
  it('contains the selector set of sandboxPodLabels', () => {
    expect(sandboxPodLabelSet(baseTemplate())).toMatchObject(sandboxPodLabels(baseTemplate() as never));
  });

  it('drops every reserved key and keeps every other one, whatever the pod template says (1,000 runs)', () => {
    fc.assert(
      fc.property(fc.dictionary(labelKey, labelValue, { maxKeys: 8 }), fc.option(fc.stringMatching(/^[a-z0-9]{1,20}$/), { nil: undefined }), (labels, sandboxName) => {
        const t = baseTemplate({ podTemplate: { metadata: { labels } } });
        const set = sandboxPodLabelSet(t, sandboxName === undefined ? {} : { sandboxName });
        const kept = Object.keys(labels).filter((k) => !RESERVED_LABEL_PREFIXES.some((p) => k.startsWith(p)));
        expect(Object.keys(set).sort()).toEqual([...kept, SANDBOX_NAME_HASH_LABEL, TEMPLATE_REF_HASH_LABEL].sort());
        for (const k of kept) expect(set[k]).toBe(labels[k]);
        expect(set[TEMPLATE_REF_HASH_LABEL]).toBe(templateRefHash('sandbox'));
        expect(set[SANDBOX_NAME_HASH_LABEL]).toBe(sandboxName === undefined ? ANY_SANDBOX_NAME_HASH : templateRefHash(sandboxName));
      }),
      { numRuns: 1000 },
    );
  });

  it('with a sandbox name, is a label set the API server accepts on a pod (1,000 runs)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(labelKey, labelValue, { maxKeys: 6 }),
        fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?$/),
        fc.constantFrom<Record<string, string>>({}, { warmPool: 'pool' }, { createdBy: 'python-client' }, { createdBy: 'someone' }),
        (labels, sandboxName, extra) => {
          const set = sandboxPodLabelSet(baseTemplate({ podTemplate: { metadata: { labels } } }), { sandboxName, ...extra });
          expect(validateNetworkPolicySpec({ podSelector: { matchLabels: set } })).toEqual([]);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('is the same whatever the management mode and rules (the controllers label every pod)', () => {
    const want = sandboxPodLabelSet(baseTemplate(), { sandboxName: 'a' });
    for (const spec of [{ networkPolicyManagement: 'Unmanaged' }, { networkPolicy: {} }, { networkPolicy: { egress: [{}] } }]) {
      expect(sandboxPodLabelSet(baseTemplate(spec), { sandboxName: 'a' })).toEqual(want);
    }
  });

  it('never lets the pod template forge a system label', () => {
    const labels = Object.fromEntries(RESERVED_KEYS.map((k) => [k, 'forged']));
    const set = sandboxPodLabelSet(baseTemplate({ podTemplate: { metadata: { labels } } }), { sandboxName: 'a' });
    expect(Object.values(set)).not.toContain('forged');
  });

  describe(`without sandboxName, ${SANDBOX_NAME_HASH_LABEL} is a value no selector can name`, () => {
    const set = sandboxPodLabelSet(baseTemplate());
    it('is not a valid label value: the API server rejects a selector that names it', () => {
      const errors = validateNetworkPolicySpec({ podSelector: { matchLabels: { [SANDBOX_NAME_HASH_LABEL]: ANY_SANDBOX_NAME_HASH } } });
      expect(errors.filter((e) => e.severity === 'error').length).toBeGreaterThan(0);
    });
    it('matches Exists and NotIn, never In, equality or DoesNotExist, for every valid selector value (1,000 runs)', () => {
      fc.assert(
        fc.property(fc.array(labelValue, { minLength: 1, maxLength: 4 }), (values) => {
          const key = SANDBOX_NAME_HASH_LABEL;
          expect(selectorMatches({ matchExpressions: [{ key, operator: 'Exists' }] }, set)).toBe(true);
          expect(selectorMatches({ matchExpressions: [{ key, operator: 'NotIn', values }] }, set)).toBe(true);
          expect(selectorMatches({ matchExpressions: [{ key, operator: 'In', values }] }, set)).toBe(false);
          expect(selectorMatches({ matchExpressions: [{ key, operator: 'DoesNotExist' }] }, set)).toBe(false);
          expect(selectorMatches({ matchLabels: { [key]: values[0]! } }, set)).toBe(false);
        }),
        { numRuns: 1000 },
      );
    });
    it('with sandboxName, the real hash is named by In and equality', () => {
      const named = sandboxPodLabelSet(baseTemplate(), { sandboxName: 'sandbox-name' });
      expect(selectorMatches({ matchLabels: { [SANDBOX_NAME_HASH_LABEL]: 'ab179450' } }, named)).toBe(true);
    });
  });

  it.each([
    ['go-client', 'go-client'],
    ['python-client', 'python-client'],
    ['controller', 'controller'],
    ['my-portal', 'unknown'],
  ])('normalises createdBy %s to %s, as the core controller does', (createdBy, want) => {
    expect(sandboxPodLabelSet(baseTemplate(), { createdBy })['agents.x-k8s.io/created-by']).toBe(want);
  });
  it('writes no created-by for an empty createdBy (the controller ignores an empty label)', () => {
    expect(sandboxPodLabelSet(baseTemplate(), { createdBy: '' })).not.toHaveProperty(['agents.x-k8s.io/created-by']);
  });

  it.each([
    ['options not an object', 'x', 'options'],
    ['an unknown option', { sandboxname: 'a' }, 'options.sandboxname'],
    ['sandboxName not a string', { sandboxName: 7 }, 'options.sandboxName'],
    ['sandboxName empty', { sandboxName: '' }, 'options.sandboxName'],
    ['sandboxName not an object name', { sandboxName: 'My_Sandbox' }, 'options.sandboxName'],
    ['warmPool not an object name', { warmPool: 'Pool!' }, 'options.warmPool'],
    ['createdBy not a label value', { createdBy: 'a b' }, 'options.createdBy'],
    ['createdBy with warmPool', { warmPool: 'p', createdBy: 'go-client' }, 'options.createdBy'],
  ])('rejects %s (%s)', (_, options, path) => {
    try {
      sandboxPodLabelSet(baseTemplate(), options as never);
      expect.unreachable();
    } catch (err) {
      expect(isSandboxPolicyError(err)).toBe(true);
      expect((err as { issues: Array<{ path: string }> }).issues.map((i) => i.path)).toContain(path);
    }
  });

  it('rejects a kept pod-template label the API server would refuse on the pod', () => {
    const t = baseTemplate({ podTemplate: { metadata: { labels: { 'bad key': 'v', ok: 'not ok!' } } } });
    expect(() => sandboxPodLabelSet(t)).toThrowError(/spec\.podTemplate\.metadata\.labels: Invalid value: "bad key"/);
  });
  it('does not check reserved keys it drops anyway', () => {
    const t = baseTemplate({ podTemplate: { metadata: { labels: { 'agents.x-k8s.io/bad key': 'x y' } } } });
    expect(sandboxPodLabelSet(t, { sandboxName: 'a' })).toEqual({ [SANDBOX_NAME_HASH_LABEL]: templateRefHash('a'), [TEMPLATE_REF_HASH_LABEL]: 'da1fd924' });
  });
  it('rejects an invalid template', () => {
    expect(() => sandboxPodLabelSet({ kind: 'Pod' })).toThrowError(/kind/);
  });
  it('never modifies its arguments and returns a fresh object each call', () => {
    const t = deepFreeze(baseTemplate({ podTemplate: { metadata: { labels: { app: 'a' } } } }));
    const options = deepFreeze({ sandboxName: 'x' });
    const a = sandboxPodLabelSet(t, options);
    a.app = 'changed';
    expect(sandboxPodLabelSet(t, options).app).toBe('a');
  });
});
