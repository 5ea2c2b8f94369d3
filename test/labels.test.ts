import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sandboxPodLabels, templateRefHash } from '../src/index.js';
import { baseTemplate } from './helpers.js';

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

  it('is always 8 lowercase hex digits', () => {
    fc.assert(fc.property(fc.string(), (s) => /^[0-9a-f]{8}$/.test(templateRefHash(s))), { numRuns: 1000 });
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
