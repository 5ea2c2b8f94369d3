// One SARIF log from a whole repository (test/fixtures/sarif/repo, self-generated: several
// folders, nested, the same file names in more than one): valid SARIF 2.1.0, every GitHub rule
// met (test/cli/sarif-github.ts), and every location a line of the file it names.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.js';
import { githubViolations, sarifIn, type SarifLog } from './sarif-github.js';

const REPO = join(ROOT, 'test/fixtures/sarif/repo');

describe('a multi-folder repository', () => {
  // Run from a subfolder with the root given, as a CI job in a monorepo would.
  const log = sarifIn(join(REPO, 'deploy'), ['audit', '.', '../clusters', '-o', 'sarif', '--sarif-root', '..']);
  const run = log.runs[0]!;

  it('names every file by its path from the repository root, duplicates across folders apart', () => {
    const uris = [...new Set(run.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri))].sort();
    expect(uris).toEqual([
      'clusters/prod/agents/policies.yaml',
      'clusters/prod/agents/templates.yaml',
      'deploy/agents/policies.yaml',
      'deploy/agents/templates.yaml',
      'deploy/staging/nested/deeper/templates.yaml',
      'deploy/staging/policies.yaml',
    ]);
  });

  it('places each result on the line of the field it is about, in the file it names', () => {
    const base = run.originalUriBaseIds['%SRCROOT%']!.uri;
    for (const r of run.results) {
      const { artifactLocation, region } = r.locations[0]!.physicalLocation;
      const lines = readFileSync(fileURLToPath(new URL(artifactLocation.uri, base)), 'utf8').split('\n');
      const line = lines[region.startLine - 1]!;
      expect(line.length, `${r.ruleId} ${artifactLocation.uri}:${region.startLine}`).toBeGreaterThanOrEqual(region.startColumn - 1);
      if (r.ruleId.endsWith('-reachable')) expect(line.trim()).toBe('- ipBlock:');
    }
    // The staging policy has the deploy/agents policy's file and object name, another namespace and range.
    const staging = run.results.filter((r) => r.locations[0]!.physicalLocation.artifactLocation.uri === 'deploy/staging/policies.yaml');
    expect(new Set(staging.map((r) => r.properties.target))).toEqual(new Set(['SandboxTemplate staging/coder']));
    expect(staging.map((r) => r.ruleId)).toContain('cgnat-reachable');
  });

  it('meets every GitHub rule, and the checker does catch a broken log', () => {
    expect(githubViolations(log)).toEqual([]);
    const broken = structuredClone(log) as SarifLog;
    const rule = broken.runs[0]!.tool.driver.rules[0]!;
    rule.fullDescription.text = 'x'.repeat(1025);
    rule.properties['security-severity'] = '11';
    const result = broken.runs[0]!.results[0]!;
    result.partialFingerprints = {};
    result.locations[0]!.physicalLocation.artifactLocation = { uri: '../a#b.yaml' };
    expect(githubViolations(broken)).toEqual([
      `${rule.id}: fullDescription <= 1024`,
      `${rule.id}: security-severity 0.1-10.0 as a string`,
      '../a#b.yaml: relative URI with a defined uriBaseId',
      '../a#b.yaml: repository-relative',
      '../a#b.yaml: RFC 3986 URI',
      `${result.ruleId}: primaryLocationLineHash`,
    ]);
  });

  it('has one rule per code it reports, each with the help GitHub shows', () => {
    const ids = run.tool.driver.rules.map((r) => r.id);
    const used = new Set([...run.results.map((r) => r.ruleId), ...(run.invocations[0]!.toolExecutionNotifications ?? []).flatMap((n) => (n.associatedRule ? [n.associatedRule.id] : []))]);
    expect(ids).toEqual([...used].sort());
    for (const rule of run.tool.driver.rules) {
      expect(rule.help.markdown.startsWith(`# \`${rule.id}\``)).toBe(true);
      expect(rule.properties.precision).toBe('high');
    }
  });
});
