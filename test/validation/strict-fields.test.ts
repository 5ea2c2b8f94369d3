/**
 * Strict field validation (issue 22): unknown fields are errors, as kubectl's default
 * (server-side strict) field validation makes them, with a did-you-mean. Inputs are written here
 * (self-generated); the wording `unknown field "<path>"` is the API server's strict decoding error.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  auditCluster,
  isSandboxPolicyError,
  networkPolicyFor,
  parseSandboxTemplate,
  templateUnknownFields,
  validateClusterNetworkPolicy,
  validateNetworkPolicy,
} from '../../src/index.js';
import { generatedModules } from '../../scripts/generate-field-trees.js';
import { POD_FIELDS, SANDBOX_POD_TEMPLATE_FIELDS, NAMESPACE_FIELDS } from '../../src/validation/pod-fields.generated.js';
import { SANDBOX_TEMPLATE_FIELDS } from '../../src/validation/template-fields.generated.js';
import { didYouMean, strictFieldIssues } from '../../src/validation/strict-entry.js';
import type { FieldTree } from '../../src/validation/strict-fields.js';
import { ROOT, run } from '../support/cli.js';

const base = (spec: Record<string, unknown> = {}, apiVersion = 'extensions.agents.x-k8s.io/v1beta1') => ({
  apiVersion,
  kind: 'SandboxTemplate',
  metadata: { name: 'typo', namespace: 'agents' },
  spec: { podTemplate: { spec: { containers: [{ name: 'c', image: 'busybox' }] } }, ...spec },
});

function refusal(input: unknown): Array<{ path: string; message: string }> {
  try {
    parseSandboxTemplate(input);
  } catch (err) {
    if (isSandboxPolicyError(err)) return err.issues.map(({ path, message }) => ({ path, message }));
    throw err;
  }
  return [];
}

const TYPO_DENY_ALL = base({ networkpolicy: {} });
const TYPO_UNMANAGED = base({ networkPolicyManagment: 'Unmanaged' });

describe('parseSandboxTemplate: unknown fields of the template itself are errors (every path, the controller too)', () => {
  it('spec.networkpolicy (meant as deny-all) is refused, naming spec.networkPolicy', () => {
    expect(refusal(TYPO_DENY_ALL)).toEqual([{ path: 'spec.networkpolicy', message: 'unknown field "spec.networkpolicy"; did you mean "spec.networkPolicy"?' }]);
    expect(() => networkPolicyFor(TYPO_DENY_ALL)).toThrow(/unknown field "spec\.networkpolicy"/);
  });
  it('spec.networkPolicyManagment is refused (the cheap controller-path suggestion is by case only)', () => {
    expect(refusal(TYPO_UNMANAGED)).toEqual([{ path: 'spec.networkPolicyManagment', message: 'unknown field "spec.networkPolicyManagment"' }]);
  });
  it('top level, spec, podTemplate metadata and rules; podSelector/policyTypes keep their own message', () => {
    expect(refusal({ ...base({ networkPolicy: { podSelector: {}, egress: [{ portz: [] }] }, podTemplate: { metadata: { labelz: {} }, spec: {} } }), status: {} }).map((i) => i.path)).toEqual([
      'spec.podTemplate.metadata.labelz',
      'spec.networkPolicy.podSelector',
      'spec.networkPolicy.egress[0].portz',
      'status',
    ]);
    expect(refusal(base({ networkPolicy: { policyTypes: ['Egress'] } }))[0]!.message).toBe('is set by the controller and may not be given in a template');
  });
  it('an own __proto__ or constructor key is an unknown field, not an inherited one', () => {
    expect(refusal(JSON.parse('{"apiVersion":"extensions.agents.x-k8s.io/v1beta1","kind":"SandboxTemplate","metadata":{"name":"a"},"spec":{"__proto__":{"networkPolicy":{}},"constructor":1}}')).map((i) => i.path)).toEqual([
      'spec.__proto__',
      'spec.constructor',
    ]);
  });
  it('any key the template spec does not have is refused at its path (property)', () => {
    const known = new Set(Object.keys(SANDBOX_TEMPLATE_FIELDS.spec as FieldTree));
    fc.assert(
      fc.property(fc.string({ minLength: 1 }).filter((k) => !known.has(k)), (k) => {
        expect(refusal(base({ [k]: {} })).map((i) => i.path)).toContain(`spec.${k}`);
      }),
    );
  });
});

describe('templateUnknownFields (the separate entry): the pod spec and the edit-distance did-you-mean', () => {
  it('finds a typo in a container and suggests by edit distance', () => {
    const issues = templateUnknownFields(base({ podTemplate: { spec: { containers: [{ name: 'c', imagePullPolcy: 'Always' }] } }, networkPolicyManagment: 'Unmanaged' }));
    expect(issues.map((i) => i.message)).toEqual([
      'unknown field "spec.podTemplate.spec.containers[0].imagePullPolcy"; did you mean "spec.podTemplate.spec.containers[0].imagePullPolicy"?',
      'unknown field "spec.networkPolicyManagment"; did you mean "spec.networkPolicyManagement"?',
    ]);
    expect(issues.every((i) => i.type === 'FieldValueForbidden' && i.reason === 'unknown-field' && i.severity === 'error')).toBe(true);
  });
  it('holds each version to its own fields (v1alpha1 has no volumeClaimTemplatesPolicy) and accepts a valid template', () => {
    expect(templateUnknownFields(base({ volumeClaimTemplatesPolicy: 'Retain' }))).toEqual([]);
    expect(templateUnknownFields(base({ volumeClaimTemplatesPolicy: 'Retain' }, 'extensions.agents.x-k8s.io/v1alpha1')).map((i) => i.path)).toEqual(['spec.volumeClaimTemplatesPolicy']);
    expect(templateUnknownFields(base({ podTemplate: { spec: { hostnameOverride: 'h', containers: [{ name: 'c', restartPolicyRules: [] }] } } }))).toEqual([]);
  });
  it('didYouMean: case first, then edit distance, nothing for unrelated names', () => {
    expect(didYouMean('networkpolicy', ['networkPolicy', 'networkPolicyManagement'])).toBe('networkPolicy');
    expect(didYouMean('egres', ['egress', 'ingress'])).toBe('egress');
    expect(didYouMean('foo', ['egress', 'ingress'])).toBeUndefined();
    expect(didYouMean('xyzzyplugh', ['networkPolicy'])).toBeUndefined();
  });
  it('Pod and Namespace trees: metadata is ObjectMeta, status is not checked', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', lables: {} }, spec: { containers: [{ name: 'c', portz: [] }] }, status: { anything: 1 } };
    expect(strictFieldIssues(pod, POD_FIELDS, '').map((i) => i.path)).toEqual(['metadata.lables', 'spec.containers[0].portz']);
    expect(strictFieldIssues({ metadata: { name: 'ns' }, spec: { finalizers: [] }, status: {} }, NAMESPACE_FIELDS, '')).toEqual([]);
    expect(strictFieldIssues({ metadata: { labels: {} }, spec: { containers: [] } }, SANDBOX_POD_TEMPLATE_FIELDS, 'spec.podTemplate')).toEqual([]);
  });
});

describe('NetworkPolicy: unknown fields in metadata and spec', () => {
  it('validateNetworkPolicy reports them with the did-you-mean', () => {
    const issues = validateNetworkPolicy({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'a', lables: {} }, spec: { podSelector: {}, egres: [] } });
    expect(issues.map((i) => i.message)).toEqual(['unknown field "metadata.lables"; did you mean "metadata.labels"?', 'unknown field "spec.egres"; did you mean "spec.egress"?']);
  });
});

describe('auditCluster counts a template with a typo as rejected', () => {
  it('is an api-invalid object finding, and no policy is rendered from it', () => {
    const report = auditCluster([TYPO_DENY_ALL]);
    const invalid = report.findings.filter((f) => f.code === 'api-invalid');
    expect(invalid.map((f) => f.path)).toEqual(['spec.networkpolicy']);
  });
});

describe('the CLI: validate says invalid, render refuses', () => {
  const yaml = (doc: unknown) => JSON.stringify(doc);
  it('validate: both typos are invalid (exit 1), with the did-you-mean', () => {
    for (const [doc, meant] of [
      [TYPO_DENY_ALL, 'spec.networkPolicy'],
      [TYPO_UNMANAGED, 'spec.networkPolicyManagement'],
    ] as const) {
      const r = run(['validate', '-'], yaml(doc));
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(`did you mean "${meant}"?`);
    }
  });
  it('render emits nothing for them and fails', () => {
    for (const doc of [TYPO_DENY_ALL, TYPO_UNMANAGED]) {
      const r = run(['render', '-'], yaml(doc));
      expect(r.code).not.toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('unknown field');
    }
  });
});

describe('the generated field trees', () => {
  it('are what scripts/generate-field-trees.ts generates from the CRD and client-node', () => {
    for (const [file, text] of Object.entries(generatedModules())) expect(readFileSync(join(ROOT, file), 'utf8'), file).toBe(text);
  });
  it('are deep-frozen', () => {
    const frozen = (t: FieldTree): boolean => Object.isFrozen(t) && Object.values(t).every((v) => v === 0 || frozen(v));
    expect(frozen(POD_FIELDS)).toBe(true);
    expect(frozen(SANDBOX_TEMPLATE_FIELDS)).toBe(true);
  });
  it('the CRD fixture is the one the trees name (upstream, verbatim)', () => {
    const crd = parse(readFileSync(join(ROOT, 'test/fixtures/crds/extensions.agents.x-k8s.io_sandboxtemplates.yaml'), 'utf8')) as { metadata: { name: string } };
    expect(crd.metadata.name).toBe('sandboxtemplates.extensions.agents.x-k8s.io');
  });
});

describe('cluster policies: ClusterNetworkPolicy v1alpha2, AdminNetworkPolicy and BaselineAdminNetworkPolicy v1alpha1', () => {
  const cnp = (spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'c' }) => ({
    apiVersion: 'policy.networking.k8s.io/v1alpha2',
    kind: 'ClusterNetworkPolicy',
    metadata,
    spec: { tier: 'Admin', priority: 1, subject: { namespaces: {} }, ...spec },
  });
  it('validateClusterNetworkPolicy: strict decoding wording, did-you-mean, ObjectMeta fields', () => {
    const issues = validateClusterNetworkPolicy(cnp({ egres: [] }, { name: 'c', lables: {} }));
    expect(issues.map((i) => i.message)).toEqual(['unknown field "metadata.lables"; did you mean "metadata.labels"?', 'unknown field "spec.egres"; did you mean "spec.egress"?']);
    expect(issues.every((i) => i.reason === 'unknown-field')).toBe(true);
  });
  it('auditCluster rejects a cluster policy of each kind with an unknown field', () => {
    const anp = { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', metadata: { name: 'a' }, spec: { priority: 1, subject: { namespaces: {} }, egres: [] } };
    const banp = { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'BaselineAdminNetworkPolicy', metadata: { name: 'default' }, spec: { subject: { namespaces: {} }, ingres: [] } };
    const report = auditCluster([cnp({ egres: [] }), anp, banp]);
    expect(report.findings.filter((f) => f.code === 'api-invalid').map((f) => `${f.policy} ${f.path}`)).toEqual(
      expect.arrayContaining(['ClusterNetworkPolicy c spec.egres', 'AdminNetworkPolicy a spec.egres', 'BaselineAdminNetworkPolicy default spec.ingres']),
    );
  });
});
