import { describe, expect, it } from 'vitest';
import { SEVERITIES, TEMPLATE_FINDINGS, parseSandboxTemplate, sandboxTemplateFindings } from '../../src/index.js';
import { baseTemplate, sandboxPodFixtures, templateFixtures } from '../helpers.js';

const alpha = (spec: Record<string, unknown> = {}) => ({ ...baseTemplate(spec), apiVersion: 'extensions.agents.x-k8s.io/v1alpha1' });

describe('sandboxTemplateFindings', () => {
  it('reports deprecated-api-version for a v1alpha1 template, at apiVersion, with the fix', () => {
    const [finding, ...rest] = sandboxTemplateFindings(alpha());
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      severity: 'low',
      code: 'deprecated-api-version',
      path: 'apiVersion',
      ranges: [],
      example: 'extensions.agents.x-k8s.io/v1alpha1',
    });
    // The API server's own deprecation warning for the version, then why it matters.
    expect(finding!.message).toMatch(/^extensions\.agents\.x-k8s\.io\/v1alpha1 SandboxTemplate is deprecated; use extensions\.agents\.x-k8s\.io\/v1beta1 SandboxTemplate instead/);
    expect(finding!.suggestion).toMatch(/apiVersion: extensions\.agents\.x-k8s\.io\/v1beta1/);
  });
  it('reports nothing for v1beta1', () => {
    expect(sandboxTemplateFindings(baseTemplate())).toEqual([]);
    expect(sandboxTemplateFindings(parseSandboxTemplate(baseTemplate({ networkPolicyManagement: 'Unmanaged' })))).toEqual([]);
  });
  it('agrees with the fixtures: only the v1alpha1 ones are reported', () => {
    for (const f of sandboxPodFixtures()) expect(sandboxTemplateFindings(f.template).map((x) => x.code), f.file).toEqual(f.expect.findings);
    for (const f of templateFixtures()) {
      if ('error' in f.expect) continue;
      const alphaVersion = f.template.apiVersion === 'extensions.agents.x-k8s.io/v1alpha1';
      expect(sandboxTemplateFindings(f.template).length, f.file).toBe(alphaVersion ? 1 : 0);
    }
  });
  it('throws SandboxPolicyError for what is not a SandboxTemplate', () => {
    expect(() => sandboxTemplateFindings({ ...baseTemplate(), apiVersion: 'extensions.agents.x-k8s.io/v2' })).toThrowError(/apiVersion/);
  });
  it('returns fresh findings', () => {
    const a = sandboxTemplateFindings(alpha());
    a.pop();
    expect(sandboxTemplateFindings(alpha())).toHaveLength(1);
  });
});

describe('TEMPLATE_FINDINGS', () => {
  it('is a frozen table of known severities', () => {
    expect(Object.isFrozen(TEMPLATE_FINDINGS)).toBe(true);
    for (const row of TEMPLATE_FINDINGS) {
      expect(Object.isFrozen(row)).toBe(true);
      expect(SEVERITIES).toContain(row.severity);
    }
    expect(TEMPLATE_FINDINGS.map((r) => r.code)).toContain('deprecated-api-version');
  });
});
