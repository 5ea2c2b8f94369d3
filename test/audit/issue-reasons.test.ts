import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditNetworkPolicy, isSandboxPolicyError, parseSandboxTemplate, SandboxPolicyError, validateNetworkPolicySpec } from '../../src/index.js';
import { issueToFinding } from '../../src/audit/audit.js';
import { ISSUE_REASONS, FIELD_ERROR_TYPES, type ValidationIssue } from '../../src/validation/field.js';

const spec = (cidr: string, except?: string[]) => ({ podSelector: {}, egress: [{ to: [{ ipBlock: { cidr, ...(except ? { except } : {}) } }] }] });
const reasonsOf = (cidr: string, strictCidr: boolean, except?: string[]) =>
  validateNetworkPolicySpec(spec(cidr, except), { strictCidr }).map((i) => [i.path.replace('spec.egress[0].to[0].ipBlock.', ''), i.severity, i.reason]);

describe('validation issues carry a machine reason, set where the problem is found', () => {
  it('strict CIDR problems', () => {
    expect(reasonsOf('010.0.0.0/8', true)).toEqual([['cidr', 'error', 'leading-zeros']]);
    expect(reasonsOf('10.0.0.1/8', true)).toEqual([['cidr', 'error', 'host-bits']]);
    expect(reasonsOf('::ffff:1.2.3.4/128', true)).toEqual([['cidr', 'error', 'ipv4-mapped']]);
    expect(reasonsOf('nope', true)).toEqual([['cidr', 'error', 'invalid-cidr']]);
    expect(reasonsOf('10.0.0.0/8', true, ['192.168.0.0/16'])).toEqual([['except[0]', 'error', 'except-not-subset']]);
  });
  it('legacy CIDR warnings, one reason per warning', () => {
    expect(reasonsOf('010.0.0.0/8', false)).toEqual([['cidr', 'warning', 'leading-zeros']]);
    expect(reasonsOf('::ffff:1.2.3.4/120', false)).toEqual([
      ['cidr', 'warning', 'host-bits'],
      ['cidr', 'warning', 'ipv4-mapped'],
    ]);
    expect(reasonsOf('2001:DB8::/32', true)).toEqual([['cidr', 'warning', 'noncanonical-ipv6']]);
  });
  it('every other issue has its error type reason', () => {
    const issues = validateNetworkPolicySpec({ podSelector: {}, egress: [{ ports: [{ protocol: 'ICMP', port: 1.5 }], to: [{}] }] });
    expect(issues.map((i) => [i.type, i.reason])).toEqual([
      ['FieldValueNotSupported', 'not-supported'],
      ['FieldValueTypeInvalid', 'wrong-type'],
      ['FieldValueRequired', 'required'],
    ]);
  });
});

describe('issueToFinding maps reasons, never message text', () => {
  const issue = (reason: ValidationIssue['reason'], severity: 'error' | 'warning', message: string, path = 'spec.egress[0].to[0].ipBlock.cidr'): ValidationIssue => ({
    path,
    type: 'FieldValueInvalid',
    message,
    severity,
    reason,
  });
  it('each CIDR reason has its finding', () => {
    expect(issueToFinding(issue('ipv4-mapped', 'warning', 'x'), false)).toMatchObject({ code: 'ipv4-mapped-cidr', severity: 'error' });
    expect(issueToFinding(issue('leading-zeros', 'error', 'x'), true)).toMatchObject({ code: 'noncanonical-cidr', severity: 'error' });
    expect(issueToFinding(issue('host-bits', 'warning', 'x'), false)).toMatchObject({ code: 'noncanonical-cidr', severity: 'low' });
    expect(issueToFinding(issue('noncanonical-ipv6', 'warning', 'x'), true)).toMatchObject({ code: 'noncanonical-cidr', severity: 'info' });
    expect(issueToFinding(issue('except-not-subset', 'error', 'x', 'spec.egress[0].to[0].ipBlock.except[0]'), true)).toMatchObject({ code: 'invalid-except', severity: 'error' });
    expect(issueToFinding(issue('invalid-cidr', 'error', 'x', 'spec.egress[0].to[0].ipBlock.except[2]'), true)).toMatchObject({ code: 'invalid-except', severity: 'error' });
    expect(issueToFinding(issue('invalid', 'error', 'x'), true)).toMatchObject({ code: 'api-invalid', severity: 'error' });
  });
  it('the message text never changes the code or severity (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ISSUE_REASONS), fc.constantFrom('error' as const, 'warning' as const), fc.boolean(), fc.string(), fc.string(), (reason, severity, strict, m1, m2) => {
        const a = issueToFinding(issue(reason, severity, m1), strict);
        const b = issueToFinding(issue(reason, severity, m2 + ' leading 0s IPv4-mapped RFC 5952 ambiguous'), strict);
        expect([b.code, b.severity]).toEqual([a.code, a.severity]);
      }),
    );
  });
  it('the audit reports them so', () => {
    const codes = (cidr: string, strictCidr: boolean) =>
      auditNetworkPolicy({ spec: spec(cidr) }, { strictCidr }).findings.filter((f) => f.path.endsWith('ipBlock.cidr')).map((f) => `${f.code}/${f.severity}`);
    expect(codes('010.0.0.0/8', true)).toEqual(['noncanonical-cidr/error']);
    expect(codes('010.0.0.0/8', false)).toEqual(['noncanonical-cidr/low']);
    expect(codes('::ffff:1.2.3.4/128', false)).toEqual(['ipv4-mapped-cidr/error']);
    expect(codes('2001:DB8::/32', true)).toEqual(['noncanonical-cidr/info']);
  });
});

describe('SandboxPolicyError issues: type and reason are closed unions', () => {
  it('keeps known values, drops anything else', () => {
    const err = new SandboxPolicyError([
      { path: 'a', message: 'm', type: 'FieldValueInvalid', reason: 'host-bits' },
      { path: 'b', message: 'm', type: 'Bogus', reason: 'bogus' } as never,
    ]);
    expect(err.issues).toEqual([
      { path: 'a', message: 'm', type: 'FieldValueInvalid', reason: 'host-bits' },
      { path: 'b', message: 'm' },
    ]);
    expect(FIELD_ERROR_TYPES).toHaveLength(8);
  });
  it('a template with a strict CIDR problem throws with its reason', () => {
    try {
      parseSandboxTemplate({
        apiVersion: 'extensions.agents.x-k8s.io/v1beta1',
        kind: 'SandboxTemplate',
        metadata: { name: 't' },
        spec: { networkPolicy: { egress: [{ to: [{ ipBlock: { cidr: '10.0.0.1/8' } }] }] } },
      });
      expect.unreachable();
    } catch (err) {
      expect(isSandboxPolicyError(err) && err.issues.map((i) => [i.path, i.type, i.reason])).toEqual([
        ['spec.networkPolicy.egress[0].to[0].ipBlock.cidr', 'FieldValueInvalid', 'host-bits'],
      ]);
    }
  });
});
