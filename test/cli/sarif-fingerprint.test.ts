// partialFingerprints: the same finding keeps its fingerprint whatever the argument order, line
// or column; findings that share rule, file, line and column still get distinct ones. Inputs are
// the self-generated repository fixture (test/fixtures/sarif/repo) and generated identities.
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineHashes, type FindingIdentity } from '../../src/cli/output/sarif-fingerprint.js';
import { sarifLog } from '../../src/cli/output/sarif.js';
import type { TargetReport } from '../../src/cli/report.js';
import { ROOT } from '../support/cli.js';
import { sarifIn, type Result } from './sarif-github.js';

const REPO = join(ROOT, 'test/fixtures/sarif/repo');
const FILES = ['deploy/agents/policies.yaml', 'deploy/agents/templates.yaml', 'deploy/staging/policies.yaml', 'deploy/staging/nested/deeper/templates.yaml', 'clusters/prod/agents/templates.yaml', 'clusters/prod/agents/policies.yaml'];

const where = (r: Result) => {
  const p = r.locations[0]!.physicalLocation;
  return `${r.ruleId} ${p.artifactLocation.uri}:${p.region.startLine}:${p.region.startColumn}`;
};
const byFingerprint = (results: Result[]) => new Map(results.map((r) => [r.partialFingerprints.primaryLocationLineHash, `${where(r)} ${r.properties.target}`]));

describe('partialFingerprints', () => {
  for (const mode of [[], ['--per-document']]) {
    it(`do not change when the input files are reordered${mode.length ? ' (--per-document)' : ''}`, () => {
      const forward = sarifIn(REPO, ['audit', ...mode, ...FILES, '-o', 'sarif']).runs[0]!.results;
      const backward = sarifIn(REPO, ['audit', ...mode, ...[...FILES].reverse(), '-o', 'sarif']).runs[0]!.results;
      const shuffled = sarifIn(REPO, ['audit', ...mode, ...[3, 0, 5, 1, 4, 2].map((i) => FILES[i]!), '-o', 'sarif']).runs[0]!.results;
      expect(forward.length).toBeGreaterThan(10);
      expect(byFingerprint(backward)).toEqual(byFingerprint(forward));
      expect(byFingerprint(shuffled)).toEqual(byFingerprint(forward));
      // The results themselves come in one order: by file, line, column, rule, fingerprint.
      expect(backward).toEqual(forward);
    });
  }

  it('are distinct for distinct findings that share rule, file, line and column', () => {
    const results = sarifIn(REPO, ['audit', '.', '-o', 'sarif']).runs[0]!.results;
    const groups = new Map<string, Result[]>();
    for (const r of results) groups.set(where(r), [...(groups.get(where(r)) ?? []), r]);
    const shared = [...groups.values()].filter((g) => g.length > 1);
    // The policy in deploy/agents selects both templates there: one line, two targets.
    expect(shared.map((g) => where(g[0]!))).toContain('metadata-reachable deploy/agents/policies.yaml:12:11');
    for (const g of shared) expect(new Set(g.map((r) => r.partialFingerprints.primaryLocationLineHash)).size).toBe(g.length);
    expect(new Set(results.map((r) => r.partialFingerprints.primaryLocationLineHash)).size).toBe(results.length);
  });

  it('do not depend on the line or column of the finding', () => {
    const report = (line: number, column: number): TargetReport => ({
      target: 'NetworkPolicy a/b',
      kind: 'NetworkPolicy',
      namespace: 'a',
      name: 'b',
      source: 'x.yaml',
      start: { line: 1, column: 1 },
      findings: [{ code: 'metadata-reachable', severity: 'critical', message: 'm', path: 'spec.egress[0]', ranges: ['169.254.169.254/32'], location: { line, column } }],
    });
    const hash = (line: number, column: number) => (sarifLog([report(line, column)], '0', { cwd: '/r', root: '/r' }) as { runs: Array<{ results: Result[] }> }).runs[0]!.results[0]!.partialFingerprints.primaryLocationLineHash;
    expect(hash(40, 3)).toBe(hash(12, 11));
  });

  it('the whole log does not depend on the order of the reports or of their findings (property)', () => {
    const located = fc.record({
      code: fc.constantFrom('metadata-reachable', 'private-v4-reachable', 'node-traffic-allowed'),
      severity: fc.constantFrom('critical' as const, 'high' as const, 'info' as const),
      message: fc.constantFrom('m1', 'm2'),
      path: fc.constantFrom('', 'spec.egress[0]'),
      ranges: fc.constantFrom([], ['10.0.0.0/8']),
      location: fc.record({ line: fc.integer({ min: 1, max: 3 }), column: fc.integer({ min: 1, max: 3 }) }),
      source: fc.constantFrom('a.yaml', 'b/a.yaml'),
      policy: fc.constantFrom(null, 'NetworkPolicy a/p'),
    });
    const reports = fc.uniqueArray(
      fc.record({ name: fc.constantFrom('x', 'y', 'z'), kind: fc.constantFrom('NetworkPolicy', 'Input'), findings: fc.array(located, { maxLength: 4 }) }),
      { selector: (r) => `${r.kind} ${r.name}`, maxLength: 4 },
    ).map((rs) => rs.map((r): TargetReport => ({ target: `${r.kind} a/${r.name}`, kind: r.kind, namespace: 'a', name: r.name, source: 'a.yaml', start: { line: 1, column: 1 }, findings: r.findings })));
    fc.assert(
      fc.property(
        reports.chain((rs) => fc.tuple(fc.constant(rs), fc.shuffledSubarray(rs, { minLength: rs.length, maxLength: rs.length }))),
        ([rs, shuffled]) => {
          const reversedFindings = shuffled.map((r) => ({ ...r, findings: [...r.findings].reverse() }));
          expect(sarifLog(reversedFindings, '0', { cwd: '/r', root: '/r' })).toEqual(sarifLog(rs, '0', { cwd: '/r', root: '/r' }));
        },
      ),
    );
  });

  const identity: fc.Arbitrary<FindingIdentity> = fc.record({
    code: fc.constantFrom('metadata-reachable', 'private-v4-reachable', 'api-invalid'),
    target: fc.constantFrom('SandboxTemplate a/x', 'SandboxTemplate a/y', 'NetworkPolicy b/x'),
    path: fc.constantFrom('', 'spec', 'spec.egress[0]', 'spec.egress[1]'),
    ranges: fc.array(fc.constantFrom('10.0.0.0/8', '169.254.0.0/16', 'fd00::/8'), { maxLength: 3 }),
    policy: fc.option(fc.constantFrom('NetworkPolicy a/p', 'NetworkPolicy a/q'), { nil: undefined }),
  });

  it('are a function of the identity alone: a permutation of the findings permutes the fingerprints', () => {
    fc.assert(
      fc.property(
        fc.array(identity, { maxLength: 30 }).chain((ids) => fc.tuple(fc.constant(ids), fc.shuffledSubarray(ids.map((_, i) => i), { minLength: ids.length, maxLength: ids.length }))),
        ([ids, order]) => {
        const a = lineHashes(ids);
        const b = lineHashes(order.map((i) => ids[i]!));
        // Same multiset of (identity, fingerprint); equal identities share the hash part.
        const pairs = (xs: readonly FindingIdentity[], hs: string[]) => xs.map((x, i) => `${JSON.stringify([x.code, x.target, x.path, [...x.ranges].sort(), x.policy ?? null])} ${hs[i]}`).sort();
        expect(pairs(order.map((i) => ids[i]!), b)).toEqual(pairs(ids, a));
        expect(new Set(a).size).toBe(a.length);
        },
      ),
    );
  });

  it('read the ranges as a set, and tell apart what differs in any part of the identity', () => {
    const base: FindingIdentity = { code: 'metadata-reachable', target: 'SandboxTemplate a/x', path: 'spec', ranges: ['1.0.0.0/8', '2.0.0.0/8'], policy: 'NetworkPolicy a/p' };
    const [h] = lineHashes([base]);
    expect(lineHashes([{ ...base, ranges: ['2.0.0.0/8', '1.0.0.0/8'] }])[0]).toBe(h);
    for (const other of [{ code: 'cgnat-reachable' }, { target: 'SandboxTemplate a/y' }, { path: 'spec.egress' }, { ranges: ['1.0.0.0/8'] }, { policy: null }]) {
      expect(lineHashes([{ ...base, ...other }])[0], JSON.stringify(other)).not.toBe(h);
    }
    // Fields joined without a separator cannot collide: ('a b', 'c') is not ('a', 'b c').
    expect(lineHashes([{ ...base, target: 'x', path: 'y.z' }])[0]).not.toBe(lineHashes([{ ...base, target: 'x.y', path: 'z' }])[0]);
    expect(h).toMatch(/^[0-9a-f]{16}:1$/);
  });
});
