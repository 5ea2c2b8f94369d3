// One validator per input: zod checks the SandboxTemplate envelope, the Kubernetes rule
// validators check the rules (in the API server's words), and options name every allowed value.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSandboxPolicyError, networkPolicyFor, parseSandboxTemplate, sandboxPodLabels } from '../src/index.js';

const template = (spec: Record<string, unknown>) => ({ apiVersion: 'extensions.agents.x-k8s.io/v1beta1', kind: 'SandboxTemplate', metadata: { name: 't' }, spec });
const issues = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    if (isSandboxPolicyError(err)) return err.issues.map((i) => ({ ...i }));
    throw err;
  }
  throw new Error('did not throw');
};

describe('template rules get the rule validators, not zod', () => {
  it('port: 1.5 in the rule validator\'s words, one issue', () => {
    expect(issues(() => parseSandboxTemplate(template({ networkPolicy: { egress: [{ ports: [{ port: 1.5 }] }] } })))).toEqual([
      { path: 'spec.networkPolicy.egress[0].ports[0].port', message: 'Invalid value: 1.5: must be an integer or a port name', type: 'FieldValueTypeInvalid', reason: 'wrong-type' },
    ]);
  });
  it('a label value of the wrong type is reported once, at the API server\'s path', () => {
    const found = issues(() => parseSandboxTemplate(template({ networkPolicy: { ingress: [{ from: [{ podSelector: { matchLabels: { app: 1 } } }] }] } })));
    expect(found.map((i) => i.path)).toEqual(['spec.networkPolicy.ingress[0].from[0].podSelector.matchLabels[app]']);
  });
  it('an unknown field in a rule is still an error (strict field validation)', () => {
    expect(issues(() => parseSandboxTemplate(template({ networkPolicy: { egress: [{ to: [{ ipblock: { cidr: '0.0.0.0/0' } }] }] } })))).toEqual([
      {
        path: 'spec.networkPolicy.egress[0].to[0].ipblock',
        message: 'unknown field "spec.networkPolicy.egress[0].to[0].ipblock"; did you mean "spec.networkPolicy.egress[0].to[0].ipBlock"?',
        type: 'FieldValueForbidden',
        reason: 'unknown-field',
      },
      { path: 'spec.networkPolicy.egress[0].to[0]', message: 'Required value: must specify a peer', type: 'FieldValueRequired', reason: 'required' },
    ]);
    expect(issues(() => parseSandboxTemplate(template({ networkPolicy: { egres: [] } }))).map((i) => i.path)).toEqual(['spec.networkPolicy.egres']);
  });
  it('any key a rule object does not have is an unknown-field error at its path (property)', () => {
    const known = new Set(['ports', 'to', 'from', 'protocol', 'port', 'endPort', 'podSelector', 'namespaceSelector', 'ipBlock', 'cidr', 'except']);
    fc.assert(
      fc.property(fc.string({ minLength: 1 }).filter((k) => !known.has(k)), fc.constantFrom('rule', 'port', 'peer', 'ipBlock'), (k, where) => {
        const port: Record<string, unknown> = { port: 443 };
        const ipBlock: Record<string, unknown> = { cidr: '0.0.0.0/0' };
        const peer: Record<string, unknown> = { ipBlock };
        const rule: Record<string, unknown> = { ports: [port], to: [peer] };
        Object.defineProperty({ rule, port, peer, ipBlock }[where], k, { value: true, enumerable: true, writable: true, configurable: true });
        const at = { rule: 'egress[0]', port: 'egress[0].ports[0]', peer: 'egress[0].to[0]', ipBlock: 'egress[0].to[0].ipBlock' }[where];
        const found = issues(() => parseSandboxTemplate(template({ networkPolicy: { egress: [rule] } })));
        expect(found).toContainEqual(expect.objectContaining({ path: `spec.networkPolicy.${at}.${k}`, reason: 'unknown-field' }));
      }),
      { numRuns: 200 },
    );
  });
  it('the controller-owned fields keep their own message', () => {
    expect(issues(() => parseSandboxTemplate(template({ networkPolicy: { podSelector: {} } }))).map((i) => i.path)).toEqual(['spec.networkPolicy.podSelector']);
  });
  it('networkPolicyManagement lists Managed and Unmanaged, as the API server does', () => {
    expect(issues(() => parseSandboxTemplate(template({ networkPolicyManagement: 'managed' })))).toEqual([
      {
        path: 'spec.networkPolicyManagement',
        message: 'Unsupported value: "managed": supported values: "Managed", "Unmanaged"',
        type: 'FieldValueNotSupported',
        reason: 'not-supported',
      },
    ]);
    expect(() => parseSandboxTemplate(template({ networkPolicyManagement: '' }))).not.toThrow();
  });
  it('dnsPolicy lists its values', () => {
    const found = issues(() => parseSandboxTemplate(template({ podTemplate: { spec: { dnsPolicy: 'clusterfirst' } } })));
    expect(found[0]!.message).toBe('Unsupported value: "clusterfirst": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"');
  });
});

describe('options name every allowed value', () => {
  const t = template({});
  it.each([
    ['profile', 'paranoid', 'options.profile: must be one of "upstream", "hardened", got string "paranoid"'],
    ['egressFloor', 'all', 'options.egressFloor: must be one of "none", "metadata", "private", got string "all"'],
    ['egressFloor', 5, 'options.egressFloor: must be one of "none", "metadata", "private", got number 5'],
  ])('%s: %s', (name, value, message) => {
    expect(issues(() => networkPolicyFor(t, { [name]: value } as never)).map((i) => `${i.path}: ${i.message}`)).toEqual([message]);
  });
  it('null means the default, as before', () => {
    expect(networkPolicyFor(t, { profile: null, egressFloor: null } as never)).toEqual(networkPolicyFor(t));
    expect(sandboxPodLabels(t)).toEqual(sandboxPodLabels(parseSandboxTemplate(t)));
  });
});
