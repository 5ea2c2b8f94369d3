/**
 * Checks for the SARIF tests: the SARIF 2.1.0 JSON schema (test/fixtures/sarif-2.1.0-rtm.5.json,
 * an independent copy of the OASIS schema as shipped in @microsoft/jest-sarif) and GitHub code
 * scanning's documented requirements and upload limits ("SARIF support for code scanning"), one
 * check per rule listed at the top of src/cli/output/sarif.ts.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { expect } from 'vitest';
import { CLI, ROOT } from '../support/cli.js';

export const validateSarif = (() => {
  // The schema is draft-04: ajv 8 reads it once `$schema` and `id` are dropped; its patterns are not Unicode-mode regexes.
  const { $schema: _s, id: _i, ...schema } = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/sarif-2.1.0-rtm.5.json'), 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv({ strict: false, unicodeRegExp: false, allErrors: true, validateFormats: false });
  return ajv.compile(schema);
})();

export interface Region {
  startLine: number;
  startColumn: number;
  endLine?: number;
}
export interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}
export interface Result {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string; markdown?: string };
  locations: Array<{ physicalLocation: { artifactLocation: ArtifactLocation; region: Region } }>;
  partialFingerprints: Record<string, string>;
  suppressions?: Array<{ kind: string; justification: string }>;
  properties: { severity: string; target: string; path: string; policy?: string; ranges?: string[] };
}
export interface Rule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  helpUri: string;
  help: { text: string; markdown: string };
  defaultConfiguration: { level: string };
  properties: { tags: string[]; 'security-severity'?: string; precision?: string };
}
export interface Notification {
  level: string;
  message: { text: string; markdown?: string };
  descriptor?: { id: string };
  associatedRule?: { id: string; index: number };
  locations?: Array<{ physicalLocation: { artifactLocation: ArtifactLocation } }>;
}
export interface Run {
  tool: { driver: { name: string; version: string; semanticVersion: string; rules: Rule[] } };
  invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications?: Notification[] }>;
  originalUriBaseIds: Record<string, { uri: string }>;
  results: Result[];
}
export interface SarifLog {
  $schema: string;
  version: string;
  runs: Run[];
}

const nonEmpty = (s: unknown): boolean => typeof s === 'string' && s.trim() !== '';

/** Every GitHub requirement a log breaks (empty when it meets them all). */
export function githubViolations(log: SarifLog): string[] {
  const out: string[] = [];
  const need = (ok: boolean, what: string) => {
    if (!ok) out.push(what);
  };
  need(nonEmpty(log.$schema), '$schema');
  need(log.version === '2.1.0', 'version 2.1.0');
  need(Array.isArray(log.runs) && log.runs.length >= 1 && log.runs.length <= 20, '1-20 runs');
  for (const run of log.runs ?? []) {
    const { driver } = run.tool;
    need(nonEmpty(driver.name), 'tool.driver.name');
    need(Array.isArray(driver.rules) && driver.rules.length <= 25_000, 'rules, at most 25,000');
    need(new Set(driver.rules.map((r) => r.id)).size === driver.rules.length, 'unique rule ids');
    for (const r of driver.rules) {
      need(nonEmpty(r.id), 'rule.id');
      need(nonEmpty(r.name) && r.name.length <= 255, `${r.id}: name <= 255`);
      need(nonEmpty(r.shortDescription?.text) && r.shortDescription.text.length <= 1024, `${r.id}: shortDescription <= 1024`);
      need(nonEmpty(r.fullDescription?.text) && r.fullDescription.text.length <= 1024, `${r.id}: fullDescription <= 1024`);
      need(nonEmpty(r.help?.text) && nonEmpty(r.help?.markdown), `${r.id}: help.text and help.markdown`);
      need(['note', 'warning', 'error'].includes(r.defaultConfiguration.level), `${r.id}: defaultConfiguration.level`);
      need(r.properties.tags.length <= 10, `${r.id}: at most 10 tags`);
      const ss = r.properties['security-severity'];
      if (ss !== undefined) {
        need(/^\d{1,2}\.\d$/.test(ss) && Number(ss) >= 0.1 && Number(ss) <= 10, `${r.id}: security-severity 0.1-10.0 as a string`);
        need(r.properties.tags.includes('security'), `${r.id}: security tag with security-severity`);
      }
      need(/^https:\/\//.test(r.helpUri), `${r.id}: absolute helpUri`);
    }
    need(run.results.length <= 25_000, 'at most 25,000 results');
    const bases = run.originalUriBaseIds ?? {};
    for (const res of run.results) {
      need(nonEmpty(res.message.text), 'result message.text');
      need(driver.rules[res.ruleIndex]?.id === res.ruleId, `${res.ruleId}: ruleIndex`);
      need(res.locations.length === 1, `${res.ruleId}: exactly one location`);
      const loc = res.locations[0]!.physicalLocation;
      need(nonEmpty(loc.artifactLocation.uri), 'artifactLocation.uri');
      need(loc.region.startLine >= 1 && loc.region.startColumn >= 1 && loc.region.endLine === loc.region.startLine, `${res.ruleId}: region startLine, startColumn, endLine`);
      // Standard input is no file of the repository: `<stdin>`, with no base to resolve against.
      if (!/^[a-z][a-z0-9+.-]*:/i.test(loc.artifactLocation.uri) && loc.artifactLocation.uri !== '%3Cstdin%3E') {
        need(loc.artifactLocation.uriBaseId !== undefined && Object.hasOwn(bases, loc.artifactLocation.uriBaseId), `${loc.artifactLocation.uri}: relative URI with a defined uriBaseId`);
        need(!/^\.\.?(\/|$)/.test(loc.artifactLocation.uri), `${loc.artifactLocation.uri}: repository-relative`);
      }
      // Only characters RFC 3986 allows in a path, and % only as an escape.
      need(/^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})+$/.test(loc.artifactLocation.uri), `${loc.artifactLocation.uri}: RFC 3986 URI`);
      need(nonEmpty(res.partialFingerprints?.primaryLocationLineHash), `${res.ruleId}: primaryLocationLineHash`);
    }
    for (const base of Object.values(bases)) need(base.uri.endsWith('/'), 'originalUriBaseIds uri ends with /');
  }
  return out;
}

/** Asserts that `log` is valid SARIF 2.1.0 and meets every GitHub rule. */
export function expectGithubSarif(log: unknown): asserts log is SarifLog {
  const valid = validateSarif(log);
  expect(validateSarif.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
  expect(githubViolations(log as SarifLog)).toEqual([]);
}

/** Runs the built CLI in `cwd` and returns its SARIF, checked (schema and GitHub rules). */
export function sarifIn(cwd: string, args: readonly string[], env: Record<string, string> = {}): SarifLog {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '', ...env }, maxBuffer: 64 * 1024 * 1024 });
  expect(r.stderr).toBe('');
  const log = JSON.parse(r.stdout) as unknown;
  expectGithubSarif(log);
  return log;
}
