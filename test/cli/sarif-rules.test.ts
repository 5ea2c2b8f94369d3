// SARIF rules: one severity per rule from the finding catalogue, descriptions and help from
// docs/findings/ (the generated module in sync with the pages), run-level notifications, and
// GitHub's result limit. sarifLog is called on hand-built reports (self-generated).
import { mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findingDocsUrl, MAX_DESCRIPTION, ruleHelp, ruleHelpModule, RULE_HELP_MODULE } from '../../scripts/sarif-rule-help.js';
import { FINDING_CATALOGUE, type Severity } from '../../src/index.js';
import { MAX_RESULTS, sarifLog } from '../../src/cli/output/sarif.js';
import { FINDING_DOCS_URL, RULE_HELP } from '../../src/cli/output/sarif-rule-help.js';
import { DOCS_BASE } from '../../src/cli/codes.js';
import type { LocatedFinding, TargetReport } from '../../src/cli/report.js';
import { ROOT } from '../support/cli.js';
import { expectGithubSarif, sarifIn, type SarifLog } from './sarif-github.js';

const cwd = realpathSync(mkdtempSync(join(tmpdir(), 'sarif-rules-')));

const finding = (code: string, severity: Severity, extra: Partial<LocatedFinding> = {}): LocatedFinding => ({
  code,
  severity,
  message: `${code} message with ranges 203.0.113.77/32 and template tmpl-zq9`,
  path: 'spec.egress[0].to[0].ipBlock',
  ranges: ['203.0.113.77/32'],
  location: { line: 3, column: 5 },
  ...extra,
});

const report = (name: string, findings: LocatedFinding[], source = 'policies.yaml'): TargetReport => ({
  target: `NetworkPolicy agents/${name}`,
  kind: 'NetworkPolicy',
  namespace: 'agents',
  name,
  source,
  start: { line: 1, column: 1 },
  findings,
});

const logOf = (reports: TargetReport[], options = {}): SarifLog => {
  const log = sarifLog(reports, '1.2.3', { cwd, root: cwd, ...options });
  expectGithubSarif(log);
  return log;
};

/** GitHub's band of a security-severity score. */
const band = (score: string): string => {
  const n = Number(score);
  return n > 9 ? 'critical' : n >= 7 ? 'high' : n >= 4 ? 'medium' : n >= 0.1 ? 'low' : 'none';
};
const EXPECTED_BAND: Record<Severity, string | undefined> = { error: 'critical', critical: 'critical', high: 'high', medium: 'medium', low: 'low', info: undefined };
const EXPECTED_LEVEL: Record<Severity, string> = { error: 'error', critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

describe('rules', () => {
  it("take one severity per rule from the catalogue, whatever the first finding's severity", () => {
    // private-v4-reachable is high in the catalogue; its first finding here is medium.
    const log = logOf([report('a', [finding('private-v4-reachable', 'medium')]), report('b', [finding('private-v4-reachable', 'high')])]);
    const [rule] = log.runs[0]!.tool.driver.rules;
    expect(rule!.defaultConfiguration.level).toBe('error');
    expect(rule!.properties['security-severity']).toBe('8.0');
    expect(log.runs[0]!.results.map((r) => [r.properties.target, r.level]).sort()).toEqual([
      ['NetworkPolicy agents/a', 'warning'],
      ['NetworkPolicy agents/b', 'error'],
    ]);
    // The same rule whichever finding comes first.
    const reversed = logOf([report('b', [finding('private-v4-reachable', 'high')]), report('a', [finding('private-v4-reachable', 'medium')])]);
    expect(reversed.runs[0]!.tool.driver.rules).toEqual(log.runs[0]!.tool.driver.rules);
  });

  it('map every catalogue severity to the level and GitHub security-severity band of the same name', () => {
    const log = logOf([report('all', FINDING_CATALOGUE.map((k) => finding(k.code, k.severity)))]);
    const rules = log.runs[0]!.tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual(FINDING_CATALOGUE.map((k) => k.code).sort());
    for (const k of FINDING_CATALOGUE) {
      const rule = rules.find((r) => r.id === k.code)!;
      expect(rule.defaultConfiguration.level, k.code).toBe(EXPECTED_LEVEL[k.severity]);
      const score = rule.properties['security-severity'];
      expect(score === undefined ? undefined : band(score), k.code).toBe(EXPECTED_BAND[k.severity]);
      expect(rule.properties.tags.includes('security'), k.code).toBe(score !== undefined);
    }
  });

  it("describe the code from the catalogue and its docs page, never from one finding's message", () => {
    const log = logOf([report('all', FINDING_CATALOGUE.map((k) => finding(k.code, k.severity)))]);
    const base = findingDocsUrl((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { homepage: string }).homepage);
    for (const rule of log.runs[0]!.tool.driver.rules) {
      const kind = FINDING_CATALOGUE.find((k) => k.code === rule.id)!;
      const page = readFileSync(join(ROOT, 'docs', 'findings', `${rule.id}.md`), 'utf8');
      expect(rule.shortDescription.text).toBe(kind.title);
      const meaning = /## What it means\n\n([^\n]+)/.exec(page)![1]!.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/\*\*/g, '');
      expect(rule.fullDescription.text.startsWith(meaning.slice(0, 60)), rule.id).toBe(true);
      expect(JSON.stringify(rule)).not.toContain('203.0.113.77');
      expect(JSON.stringify(rule)).not.toContain('tmpl-zq9');
      expect(rule.helpUri).toBe(`${base}${rule.id}.md`);
      expect(rule.help.markdown).toContain('## How to fix');
      // Every link target absolute: GitHub shows the help away from the repository's docs folder.
      for (const m of rule.help.markdown.matchAll(/\]\(([^)]*)\)/g)) expect(m[1], rule.id).toMatch(/^https?:\/\//);
      expect(rule.help.text).not.toMatch(/\]\(|\*\*/);
    }
  });

  it('helpUri is the repository of package.json homepage, where the text output links too', () => {
    expect(FINDING_DOCS_URL).toBe(DOCS_BASE);
    expect(findingDocsUrl('https://github.com/o/r#readme')).toBe('https://github.com/o/r/blob/main/docs/findings/');
    expect(() => findingDocsUrl('https://example.com/')).toThrow(/not a GitHub repository/);
  });
});

describe('the generated rule help', () => {
  it('is in sync with docs/findings and package.json (regenerate: npx tsx scripts/sarif-rule-help.ts)', () => {
    expect(readFileSync(join(ROOT, RULE_HELP_MODULE), 'utf8')).toBe(ruleHelpModule(ROOT));
  });
  it("clips a long description after the last whole sentence within GitHub's 1024 characters", () => {
    const sentence = 'The sandbox reaches [a range](other.md) it should not reach at all. ';
    const page = `# \`x\`\n\n## What it means\n\n${sentence.repeat(30)}\n\n## Why it matters\n\nBecause.\n`;
    const help = ruleHelp(page, 'https://github.com/o/r/blob/main/docs/findings/x.md');
    expect(help.fullDescription.length).toBeLessThanOrEqual(MAX_DESCRIPTION);
    expect(help.fullDescription).toMatch(/^The sandbox reaches a range it should not reach at all\. .*at all\.$/);
    expect(help.markdown).toContain('[a range](https://github.com/o/r/blob/main/docs/findings/other.md)');
    expect(() => ruleHelp('# `x`\n\n## How to fix\n\nx\n', 'https://github.com/o/r/blob/main/docs/findings/x.md')).toThrow(/What it means/);
  });
  it('covers every catalogue code, is frozen and has no prototype to collide with', () => {
    expect(Object.keys(RULE_HELP).sort()).toEqual(FINDING_CATALOGUE.map((k) => k.code).sort());
    expect(Object.isFrozen(RULE_HELP)).toBe(true);
    expect(Object.values(RULE_HELP).every(Object.isFrozen)).toBe(true);
    expect(RULE_HELP['__proto__' as string]).toBeUndefined();
    expect(RULE_HELP['constructor']).toBeUndefined();
  });
  it('a code named like an Object.prototype member gets a rule of its own (no inherited help)', () => {
    const rules = logOf([report('x', [finding('constructor', 'high'), finding('__proto__', 'low')])]).runs[0]!.tool.driver.rules;
    expect(rules.map((r) => [r.id, r.help.text])).toEqual([
      ['__proto__', `__proto__. See ${rules[0]!.helpUri}`],
      ['constructor', `constructor. See ${rules[1]!.helpUri}`],
    ]);
  });
});

describe('run-level notifications', () => {
  it('the findings about the input as a whole are tool execution notifications, not results in whichever file comes first', () => {
    const repo = join(ROOT, 'test/fixtures/sarif/repo');
    const log = sarifIn(repo, ['audit', 'deploy', 'clusters', '-o', 'sarif']);
    const run = log.runs[0]!;
    expect(run.results.map((r) => r.ruleId)).not.toContain('node-traffic-allowed');
    expect(run.results.map((r) => r.ruleId)).not.toContain('cni-enforcement-required');
    const notes = run.invocations[0]!.toolExecutionNotifications!;
    expect(notes.map((n) => [n.associatedRule?.id, n.level])).toEqual([
      ['cni-enforcement-required', 'note'],
      ['node-traffic-allowed', 'note'],
    ]);
    for (const n of notes) {
      expect(n.locations).toBeUndefined();
      expect(run.tool.driver.rules[n.associatedRule!.index]!.id).toBe(n.associatedRule!.id);
    }
    expect(run.invocations[0]!.executionSuccessful).toBe(true);
    // The same log whichever file is named first.
    expect(sarifIn(repo, ['audit', 'clusters', 'deploy', '-o', 'sarif'])).toEqual(log);
  });

  it('an unreadable file is an error notification at its location, and the run is not successful', () => {
    const log = logOf([report('a', [finding('metadata-reachable', 'critical')])], { failures: [{ source: 'b/zz.yaml', message: 'cannot read file (EACCES)' }, { source: 'a [x](evil).yaml', message: 'not valid UTF-8 text' }] });
    const inv = log.runs[0]!.invocations[0]!;
    expect(inv.executionSuccessful).toBe(false);
    expect(inv.toolExecutionNotifications!.map((n) => [n.level, n.descriptor?.id, n.message.text, n.locations![0]!.physicalLocation.artifactLocation])).toEqual([
      ['error', 'input-unreadable', 'a \\[x\\](evil).yaml: not valid UTF-8 text', { uri: 'a%20%5Bx%5D%28evil%29.yaml', uriBaseId: '%SRCROOT%' }],
      ['error', 'input-unreadable', 'b/zz.yaml: cannot read file (EACCES)', { uri: 'b/zz.yaml', uriBaseId: '%SRCROOT%' }],
    ]);
    expect(log.runs[0]!.results).toHaveLength(1);
  });
});

describe("GitHub's result limit", () => {
  it(`keeps the ${MAX_RESULTS} most severe results and says how many it left out`, () => {
    const findings = Array.from({ length: MAX_RESULTS + 7 }, (_, i) => finding(i < 7 ? 'special-range-reachable' : 'metadata-reachable', i < 7 ? 'low' : 'critical', { location: { line: 1 + (i % 5000), column: 1 }, path: `spec.egress[${i}]` }));
    const log = logOf([report('many', findings)]);
    const run = log.runs[0]!;
    expect(run.results).toHaveLength(MAX_RESULTS);
    expect(run.results.every((r) => r.ruleId === 'metadata-reachable')).toBe(true);
    expect(run.invocations[0]!.toolExecutionNotifications!.map((n) => [n.level, n.descriptor?.id, n.message.text])).toEqual([
      ['warning', 'results-truncated', `7 less severe results left out: GitHub code scanning rejects a run with more than ${MAX_RESULTS} results`],
    ]);
    expect(run.invocations[0]!.executionSuccessful).toBe(true);
  });
});
