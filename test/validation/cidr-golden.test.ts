// Regression guard for the fast cidr paths (RFC 5952 decided by a scan, no per-peer path strings,
// dotted-quad excepts read without a full parse): parses and issues must be byte-identical to what
// the library reported before them. The fixture is self-generated (see its `about`), not
// independent: correctness against Kubernetes itself is the Go differential's job (test/go/).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCidr, validateNetworkPolicySpec, type ValidationIssue } from '../../src/index.js';
import { FIXTURES } from '../helpers.js';

interface Golden {
  cases: Array<{ text: string; parse: Record<string, unknown> | null; strict: string[]; legacy: string[] }>;
  pairs: Array<{ cidr: string; except: string; strict: string[]; legacy: string[] }>;
}
const golden = JSON.parse(readFileSync(join(FIXTURES, 'validation', 'cidr-golden.json'), 'utf8')) as Golden;

const encode = (issues: ValidationIssue[]) => issues.map((i) => `${i.path.replace('spec.egress[0].to', '')}|${i.type}|${i.severity}|${i.reason}|${i.message}`);
const spec = (peers: unknown[]) => ({ podSelector: {}, egress: [{ to: peers }], policyTypes: ['Egress'] });
const peersOf = (t: string) => [{ ipBlock: { cidr: t } }, { ipBlock: { cidr: t.includes(':') ? '::/0' : '0.0.0.0/0', except: [t] } }];

describe('cidr parsing and validation match the recorded results byte for byte', () => {
  it(`parseCidr on ${golden.cases.length} texts`, () => {
    for (const c of golden.cases) {
      const p = parseCidr(c.text);
      const got = p === null ? null : { ...p, start: String(p.start), end: String(p.end) };
      expect(got, c.text).toEqual(c.parse);
      if (p !== null) expect(Object.keys(p)).toEqual(Object.keys(c.parse!));
    }
  });
  it('the same texts as ipBlock cidr and except, in both modes', () => {
    for (const c of golden.cases) {
      expect(encode(validateNetworkPolicySpec(spec(peersOf(c.text)))), c.text).toEqual(c.strict);
      expect(encode(validateNetworkPolicySpec(spec(peersOf(c.text)), { strictCidr: false })), c.text).toEqual(c.legacy);
    }
  });
  it(`${golden.pairs.length} cidr/except pairs (the strict-subset rule), in both modes`, () => {
    for (const p of golden.pairs) {
      const s = spec([{ ipBlock: { cidr: p.cidr, except: [p.except, p.except] } }]);
      expect(encode(validateNetworkPolicySpec(s)), `${p.cidr} ${p.except}`).toEqual(p.strict);
      expect(encode(validateNetworkPolicySpec(s, { strictCidr: false })), `${p.cidr} ${p.except}`).toEqual(p.legacy);
    }
  });
  it('the recorded cases cover every kind of outcome', () => {
    const reasons = new Set(golden.cases.flatMap((c) => [...c.strict, ...c.legacy].map((i) => `${i.split('|')[2]} ${i.split('|')[3]}`)));
    for (const r of ['error invalid-cidr', 'error host-bits', 'error leading-zeros', 'error ipv4-mapped', 'error except-not-subset', 'warning host-bits', 'warning leading-zeros', 'warning ipv4-mapped', 'warning noncanonical-ipv6']) {
      expect(reasons).toContain(r);
    }
    expect(golden.pairs.some((p) => p.strict.length === 0)).toBe(true);
  });
});
