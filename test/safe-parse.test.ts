import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SandboxPolicyError, parseSandboxTemplate, safeParseSandboxTemplate } from '../src/index.js';
import { baseTemplate } from './helpers.js';

describe('safeParseSandboxTemplate', () => {
  it('success: the same template parseSandboxTemplate returns', () => {
    const result = safeParseSandboxTemplate(baseTemplate());
    expect(result.success).toBe(true);
    expect(result.data).toEqual(parseSandboxTemplate(baseTemplate()));
    expect(Object.isFrozen(result.data)).toBe(true);
  });
  it('failure: the SandboxPolicyError parseSandboxTemplate throws, with every issue', () => {
    const bad = baseTemplate({ networkPolicy: { egress: [{ to: [{ ipBlock: { cidr: '10.0.0.1/8' } }] }] } });
    const result = safeParseSandboxTemplate(bad);
    expect(result.success).toBe(false);
    expect(result.error).toBeInstanceOf(SandboxPolicyError);
    expect(result.error!.issues.map((i) => i.path)).toEqual(['spec.networkPolicy.egress[0].to[0].ipBlock.cidr']);
    expect(() => parseSandboxTemplate(bad)).toThrow(result.error!.message);
  });
  it('passes options through (legacy CIDRs)', () => {
    const legacy = baseTemplate({ networkPolicy: { egress: [{ to: [{ ipBlock: { cidr: '10.0.0.1/8' } }] }] } });
    expect(safeParseSandboxTemplate(legacy, { strictCidr: false }).success).toBe(true);
  });
  it('never throws, for any value', () => {
    fc.assert(
      fc.property(fc.anything({ withObjectString: true, withNullPrototype: true, withBigInt: true, withDate: true, withMap: true }), (value) => {
        const result = safeParseSandboxTemplate(value);
        if (!result.success) expect(result.error).toBeInstanceOf(SandboxPolicyError);
      }),
      { numRuns: 300 },
    );
  });
});
