// SARIF output checked against the SARIF 2.1.0 JSON schema and GitHub code scanning's rules
// (test/cli/sarif-github.ts) and for line locations.
import { existsSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectGithubSarif } from './cli/sarif-github.js';
import { EXAMPLE, ROOT, run } from './support/cli.js';

const POLICIES = 'test/fixtures/sarif/policies.yaml';
const policyLines = readFileSync(join(ROOT, POLICIES), 'utf8').split('\n');

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number; startColumn: number; endLine: number } } }>;
  suppressions?: Array<{ kind: string; justification: string }>;
}
interface SarifLog {
  version: string;
  runs: Array<{ tool: { driver: { name: string; version: string; rules: Array<{ id: string; helpUri: string; defaultConfiguration: { level: string } }> } }; results: SarifResult[] }>;
}

function sarif(args: string[]): SarifLog {
  const r = run(args);
  expect(r.stderr).toBe('');
  const log = JSON.parse(r.stdout) as unknown;
  expectGithubSarif(log);
  return log as unknown as SarifLog;
}

describe('audit --per-document -o sarif', () => {
  const log = sarif(['audit', '--per-document', EXAMPLE, POLICIES, '-o', 'sarif']);
  const [runResult] = log.runs;
  const { rules } = runResult!.tool.driver;
  const results = runResult!.results;

  it('is SARIF 2.1.0 with the tool and its version', () => {
    expect(log.version).toBe('2.1.0');
    expect(runResult!.tool.driver.name).toBe('agent-sandbox-policy');
    expect(runResult!.tool.driver.version).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });
  it('has one rule per finding code, each with a docs page that exists', () => {
    expect(rules.map((r) => r.id)).toEqual([...new Set(results.map((r) => r.ruleId))].sort());
    for (const rule of rules) {
      expect(rule.helpUri).toMatch(new RegExp(`/docs/findings/${rule.id}\\.md$`));
      expect(existsSync(join(ROOT, 'docs', 'findings', `${rule.id}.md`))).toBe(true);
    }
    for (const r of results) expect(rules[r.ruleIndex]!.id).toBe(r.ruleId);
  });
  it('maps severities to levels', () => {
    const level = (code: string) => results.find((r) => r.ruleId === code)!.level;
    expect(level('metadata-reachable')).toBe('error');
    expect(level('invalid-except')).toBe('error');
    expect(level('class-e-reachable')).toBe('warning');
    expect(level('node-traffic-allowed')).toBe('note');
  });
  it('locates each result at the file and the line and column of the offending field', () => {
    const at = (code: string, text: string) => results.find((r) => r.ruleId === code && r.message.text.includes(text))!.locations[0]!.physicalLocation;
    const meta = at('metadata-reachable', 'NetworkPolicy agents/metadata-open');
    expect(meta.artifactLocation.uri).toBe(POLICIES);
    expect(meta.region).toEqual({ startLine: 12, startColumn: 11, endLine: 12 });
    expect(policyLines[meta.region.startLine - 1]).toMatch(/^ {8}- ipBlock:$/);
    const invalid = at('invalid-except', 'NetworkPolicy agents/invalid');
    expect(policyLines[invalid.region.startLine - 1]).toBe('            except: [11.0.0.0/8]');
    expect(invalid.region.startColumn).toBe(22);
    const example = at('cgnat-reachable', 'python-agent').artifactLocation.uri;
    expect(example).toBe(EXAMPLE);
  });
  it('marks suppressed results with the reason', () => {
    const suppressed = results.filter((r) => r.suppressions);
    expect(suppressed.map((r) => r.ruleId)).toEqual(['private-v4-reachable']);
    expect(suppressed[0]!.suppressions).toEqual([{ kind: 'inSource', justification: 'reaches the in-cluster proxy only' }]);
  });
});

describe('audit -o sarif (the effective view)', () => {
  // The example template and the policies share namespace agents: the policies select the
  // template's pods too, so findings of the template target point into either file.
  const log = sarif(['audit', EXAMPLE, POLICIES, '-o', 'sarif']);
  const results = log.runs[0]!.results;
  it('is valid SARIF', () => {
    expect(log.version).toBe('2.1.0');
  });
  it("locates a finding at the file and line of the policy that opened it, not the target's", () => {
    const meta = results.filter((r) => r.ruleId === 'metadata-reachable');
    const uris = new Set(meta.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri));
    expect(uris).toEqual(new Set([EXAMPLE, POLICIES]));
    const fromPolicy = meta.find((r) => r.locations[0]!.physicalLocation.artifactLocation.uri === POLICIES && r.message.text.includes('SandboxTemplate agents/python-agent'))!;
    expect(fromPolicy.locations[0]!.physicalLocation.region).toEqual({ startLine: 12, startColumn: 11, endLine: 12 });
    expect(JSON.stringify(fromPolicy)).toContain('"policy":"NetworkPolicy agents/metadata-open"');
  });
  it('an invalid policy is an api-invalid error located in its file', () => {
    const invalid = results.find((r) => r.ruleId === 'api-invalid' && r.message.text.includes('NetworkPolicy agents/invalid'))!;
    expect(invalid.level).toBe('error');
    expect(invalid.locations[0]!.physicalLocation.artifactLocation.uri).toBe(POLICIES);
  });
});

describe('artifact locations', () => {
  // validate has no --sarif-root: its root is the working directory.
  it('a path under the working directory is relative to it, given relative or absolute; one outside it is a file: URL', () => {
    const locations = (file: string) => sarif(['validate', file, '-o', 'sarif']).runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation);
    expect(locations(`./${POLICIES}`)).toEqual([{ uri: POLICIES, uriBaseId: '%SRCROOT%' }]);
    expect(locations(join(ROOT, POLICIES))).toEqual([{ uri: POLICIES, uriBaseId: '%SRCROOT%' }]);
    const outside = join(mkdtempSync(join(tmpdir(), 'sarif-outside-')), 'policies.yaml');
    writeFileSync(outside, readFileSync(join(ROOT, POLICIES)));
    expect(locations(outside)).toEqual([{ uri: pathToFileURL(realpathSync(outside)).href }]);
  });
});

describe('validate -o sarif', () => {
  it('is valid SARIF with the API server errors located', () => {
    const results = sarif(['validate', POLICIES, '-o', 'sarif']).runs[0]!.results;
    expect(results.map((r) => [r.ruleId, r.level, r.locations[0]!.physicalLocation.region.startLine])).toEqual([['api-invalid', 'error', 41]]);
  });
});
