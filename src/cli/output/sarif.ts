/// <reference types="node" />
/** SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. */
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Severity } from '../../index.js';
import { CLI_CODES, docsUrl } from '../codes.js';
import type { TargetReport } from '../report.js';

const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = Object.freeze({ error: 'error', critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' });

/** GitHub's `security-severity` (0-10) per severity: critical >= 9, high >= 7, medium >= 4, low below. */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = Object.freeze({ error: '9.0', critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' });

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** A file name as a SARIF artifact URI: relative paths stay relative (as code scanning wants), absolute ones become file: URLs. */
export function artifactUri(source: string): string {
  if (isAbsolute(source)) return pathToFileURL(source).href;
  return encodeURI(source.replace(/\\/g, '/').replace(/^\.\//, ''));
}

/** One SARIF log with one run: a rule per finding code present, a result per finding. */
export function sarifLog(reports: readonly TargetReport[], version: string): unknown {
  const ruleIds: string[] = [];
  const firstOf = new Map<string, { severity: Severity; message: string }>();
  for (const r of reports) {
    for (const f of r.findings) {
      if (!firstOf.has(f.code)) {
        firstOf.set(f.code, { severity: f.severity, message: f.message });
        ruleIds.push(f.code);
      }
    }
  }
  ruleIds.sort();
  const rules = ruleIds.map((id) => {
    const first = firstOf.get(id)!;
    const title = CLI_CODES.find((c) => c.code === id)?.title ?? first.message;
    return {
      id,
      name: id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase()),
      shortDescription: { text: title },
      helpUri: docsUrl(id),
      help: { text: `See ${docsUrl(id)}` },
      defaultConfiguration: { level: LEVEL[first.severity] },
      properties: { tags: ['security', 'kubernetes', 'networkpolicy'], 'security-severity': SECURITY_SEVERITY[first.severity] },
    };
  });
  const results = reports.flatMap((r) =>
    r.findings.map((f) => ({
      ruleId: f.code,
      ruleIndex: ruleIds.indexOf(f.code),
      level: LEVEL[f.severity],
      message: { text: `${r.target}: ${f.path ? `${f.path}: ` : ''}${f.message}${f.suggestion ? ` Fix: ${f.suggestion}` : ''}` },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: artifactUri(f.source ?? r.source) }, region: { startLine: f.location.line, startColumn: f.location.column } },
          logicalLocations: [{ fullyQualifiedName: `${r.target}.${f.path}`.replace(/\.$/, ''), kind: 'member' }],
        },
      ],
      ...(f.suppressed !== undefined ? { suppressions: [{ kind: 'inSource', justification: f.suppressed }] } : {}),
      properties: { severity: f.severity, target: r.target, path: f.path, ...(f.policy ? { policy: f.policy } : {}), ...(f.ranges.length > 0 ? { ranges: f.ranges } : {}) },
    })),
  );
  return {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'agent-sandbox-policy', version, semanticVersion: version, informationUri: 'https://github.com/agent-sandbox-policy/agent-sandbox-policy', rules } },
        results,
      },
    ],
  };
}
