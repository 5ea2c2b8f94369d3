import { describe, expect, it } from 'vitest';
import { SandboxPolicyError, SandboxTemplateSchema, isSandboxPolicyError, parseSandboxTemplate } from '../src/index.js';
import { baseTemplate } from './helpers.js';

function issuesOf(input: unknown, options?: { strictCidr?: boolean }): Array<{ path: string; message: string }> {
  try {
    parseSandboxTemplate(input, options);
  } catch (err) {
    expect(err).toBeInstanceOf(SandboxPolicyError);
    return (err as SandboxPolicyError).issues.map(({ path, message }) => ({ path, message }));
  }
  throw new Error('expected parseSandboxTemplate to throw');
}
const paths = (input: unknown, options?: { strictCidr?: boolean }) => issuesOf(input, options).map((i) => i.path);
const withRules = (networkPolicy: unknown) => baseTemplate({ networkPolicy });

describe('parseSandboxTemplate accepts', () => {
  it('v1beta1 and v1alpha1', () => {
    expect(parseSandboxTemplate(baseTemplate()).metadata.name).toBe('sandbox');
    expect(parseSandboxTemplate({ ...baseTemplate(), apiVersion: 'extensions.agents.x-k8s.io/v1alpha1' }).apiVersion).toBe(
      'extensions.agents.x-k8s.io/v1alpha1',
    );
  });
  it('refuses unknown fields anywhere in its own fields (the CRD has no status; strict field validation)', () => {
    expect(paths({ ...baseTemplate({ somethingNew: { a: 1 } }), status: { x: 1 } })).toEqual(['spec.somethingNew', 'status']);
  });
  it('legacy CIDR forms with strictCidr: false (clusters before 1.36)', () => {
    const t = parseSandboxTemplate(withRules({ egress: [{ to: [{ ipBlock: { cidr: '10.0.0.1/8' } }] }] }), { strictCidr: false });
    expect(t.spec.networkPolicy?.egress?.[0]?.to?.[0]?.ipBlock?.cidr).toBe('10.0.0.1/8');
  });
  it('exposes the zod schema', () => {
    expect(SandboxTemplateSchema.safeParse(baseTemplate()).success).toBe(true);
    expect(SandboxTemplateSchema.safeParse({}).success).toBe(false);
  });
});

describe('parseSandboxTemplate fails closed, naming the field', () => {
  const cases: Array<[string, unknown, string[]]> = [
    ['not an object', 'SandboxTemplate', ['']],
    ['null', null, ['']],
    ['an array', [baseTemplate()], ['']],
    ['wrong kind', { ...baseTemplate(), kind: 'Sandbox' }, ['kind']],
    ['wrong apiVersion', { ...baseTemplate(), apiVersion: 'agents.x-k8s.io/v1beta1' }, ['apiVersion']],
    ['unknown version', { ...baseTemplate(), apiVersion: 'extensions.agents.x-k8s.io/v2' }, ['apiVersion']],
    ['no metadata', { apiVersion: 'extensions.agents.x-k8s.io/v1beta1', kind: 'SandboxTemplate', spec: {} }, ['metadata']],
    ['no name', { ...baseTemplate(), metadata: { namespace: 'x' } }, ['metadata.name']],
    ['empty name', { ...baseTemplate(), metadata: { name: '' } }, ['metadata.name']],
    ['name with upper case', { ...baseTemplate(), metadata: { name: 'Sandbox' } }, ['metadata.name']],
    ['name of 239 characters', { ...baseTemplate(), metadata: { name: 'x'.repeat(239) } }, ['metadata.name']],
    ['name not a string', { ...baseTemplate(), metadata: { name: 42 } }, ['metadata.name']],
    ['invalid namespace', { ...baseTemplate(), metadata: { name: 'a', namespace: 'a.b' } }, ['metadata.namespace']],
    ['no spec', { apiVersion: 'extensions.agents.x-k8s.io/v1beta1', kind: 'SandboxTemplate', metadata: { name: 'a' } }, ['spec']],
    ['lower-case management', baseTemplate({ networkPolicyManagement: 'managed' }), ['spec.networkPolicyManagement']],
    ['unknown management', baseTemplate({ networkPolicyManagement: 'Off' }), ['spec.networkPolicyManagement']],
    ['podSelector in networkPolicy', withRules({ podSelector: {} }), ['spec.networkPolicy.podSelector']],
    ['policyTypes in networkPolicy', withRules({ policyTypes: ['Egress'] }), ['spec.networkPolicy.policyTypes']],
    ['networkPolicy a list', withRules([]), ['spec.networkPolicy']],
    ['a typo in a rule field', withRules({ egress: [{ too: [] }] }), ['spec.networkPolicy.egress[0].too']],
    ['a null rule (Go would read it as allow-all)', withRules({ egress: [null] }), ['spec.networkPolicy.egress[0]']],
    ['ingress not a list', withRules({ ingress: {} }), ['spec.networkPolicy.ingress']],
    ['unknown protocol', withRules({ egress: [{ ports: [{ protocol: 'ICMP' }] }] }), ['spec.networkPolicy.egress[0].ports[0].protocol']],
    ['lower-case protocol', withRules({ egress: [{ ports: [{ protocol: 'tcp' }] }] }), ['spec.networkPolicy.egress[0].ports[0].protocol']],
    ['port 0', withRules({ ingress: [{ ports: [{ port: 0 }] }] }), ['spec.networkPolicy.ingress[0].ports[0].port']],
    ['port 65536', withRules({ ingress: [{ ports: [{ port: 65536 }] }] }), ['spec.networkPolicy.ingress[0].ports[0].port']],
    ['port a float', withRules({ ingress: [{ ports: [{ port: 80.5 }] }] }), ['spec.networkPolicy.ingress[0].ports[0].port']],
    ['invalid port name (two API errors: charset, no lower-case letter)', withRules({ ingress: [{ ports: [{ port: 'HTTP' }] }] }), ['spec.networkPolicy.ingress[0].ports[0].port', 'spec.networkPolicy.ingress[0].ports[0].port']],
    ['endPort without port', withRules({ egress: [{ ports: [{ endPort: 90 }] }] }), ['spec.networkPolicy.egress[0].ports[0].endPort']],
    ['endPort with a named port', withRules({ egress: [{ ports: [{ port: 'http', endPort: 90 }] }] }), ['spec.networkPolicy.egress[0].ports[0].endPort']],
    ['endPort below port', withRules({ egress: [{ ports: [{ port: 100, endPort: 90 }] }] }), ['spec.networkPolicy.egress[0].ports[0].endPort']],
    ['unparsable cidr', withRules({ egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0' } }] }] }), ['spec.networkPolicy.egress[0].to[0].ipBlock.cidr']],
    ['empty cidr', withRules({ egress: [{ to: [{ ipBlock: { cidr: '' } }] }] }), ['spec.networkPolicy.egress[0].to[0].ipBlock.cidr']],
    ['cidr with host bits', withRules({ egress: [{ to: [{ ipBlock: { cidr: '10.0.0.1/8' } }] }] }), ['spec.networkPolicy.egress[0].to[0].ipBlock.cidr']],
    ['cidr with leading zeros', withRules({ egress: [{ to: [{ ipBlock: { cidr: '010.0.0.0/8' } }] }] }), ['spec.networkPolicy.egress[0].to[0].ipBlock.cidr']],
    ['unparsable except', withRules({ egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['x'] } }] }] }), ['spec.networkPolicy.egress[0].to[0].ipBlock.except[0]']],
    ['except outside its cidr', withRules({ egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['11.0.0.0/16'] } }] }] }), ['spec.networkPolicy.egress[0].to[0].ipBlock.except[0]']],
    ['except equal to its cidr', withRules({ egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.0.0.0/8'] } }] }] }), ['spec.networkPolicy.egress[0].to[0].ipBlock.except[0]']],
    ['except of the other family', withRules({ egress: [{ to: [{ ipBlock: { cidr: '::/0', except: ['10.0.0.0/8'] } }] }] }), ['spec.networkPolicy.egress[0].to[0].ipBlock.except[0]']],
    ['ipBlock and a selector in one peer', withRules({ egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' }, podSelector: {} }] }] }), ['spec.networkPolicy.egress[0].to[0]']],
    ['an empty peer', withRules({ ingress: [{ from: [{}] }] }), ['spec.networkPolicy.ingress[0].from[0]']],
    ['invalid label key', withRules({ ingress: [{ from: [{ podSelector: { matchLabels: { 'a/b/c': 'x' } } }] }] }), ['spec.networkPolicy.ingress[0].from[0].podSelector.matchLabels']],
    ['invalid selector operator', withRules({ ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: 'a', operator: 'Equals' }] } }] }] }), ['spec.networkPolicy.ingress[0].from[0].podSelector.matchExpressions[0].operator']],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => {
      expect(paths(input)).toEqual(expected);
    });
  }

  it('reports every problem at once, each with a plain message', () => {
    const issues = issuesOf({
      ...baseTemplate({ networkPolicyManagement: 'managed', networkPolicy: { egress: [{ ports: [{ port: 0 }], to: [{ ipBlock: { cidr: 'x' } }] }] } }),
      metadata: { name: 'Bad' },
    });
    expect(issues.map((i) => i.path)).toEqual([
      'spec.networkPolicyManagement',
      'metadata.name',
      'spec.networkPolicy.egress[0].ports[0].port',
      'spec.networkPolicy.egress[0].to[0].ipBlock.cidr',
    ]);
    for (const i of issues) expect(i.message.length).toBeGreaterThan(10);
  });

  it('the error message lists the paths and the guard recognises it', () => {
    try {
      parseSandboxTemplate(withRules({ egress: [{ to: [{ ipBlock: { cidr: '10.0.0.1/8' } }] }] }));
    } catch (err) {
      expect(isSandboxPolicyError(err)).toBe(true);
      expect((err as Error).message).toBe(
        'spec.networkPolicy.egress[0].to[0].ipBlock.cidr: Invalid value: "10.0.0.1/8": must not have bits set beyond the prefix length',
      );
      expect(Object.isFrozen((err as SandboxPolicyError).issues)).toBe(true);
      return;
    }
    throw new Error('did not throw');
  });

  it('isSandboxPolicyError rejects look-alikes', () => {
    expect(isSandboxPolicyError(new Error('x'))).toBe(false);
    expect(isSandboxPolicyError({ name: 'SandboxPolicyError', issues: [] })).toBe(false);
    expect(isSandboxPolicyError(undefined)).toBe(false);
  });
});
