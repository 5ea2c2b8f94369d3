import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CLUSTER_FINDING_CODES,
  FINDING_CATALOGUE,
  FINDING_CODES,
  SENSITIVE_RANGES,
  SEVERITIES,
  TEMPLATE_FINDINGS,
  auditNetworkPolicy,
  findingKind,
  isFindingCode,
  networkPolicyFor,
} from '../../src/index.js';
import { CLI_CODES } from '../../src/cli/codes.js';

const SRC = join(import.meta.dirname, '..', '..', 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Every code literal the source emits: `code: '...'`, and the first argument of the finding builders. */
function emittedCodes(): Set<string> {
  const found = new Set<string>();
  for (const file of sources(SRC)) {
    if (file.endsWith('finding-catalogue.ts')) continue; // the table itself
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bcode: '([a-z0-9-]+)'/g)) found.add(m[1]!);
    for (const m of text.matchAll(/\b(?:reachFinding\([^,]+|clusterFinding\(|kindOf\(|code = )'([a-z0-9-]+)'/g)) found.add(m[1]!);
  }
  return found;
}

describe('FINDING_CATALOGUE: one table for every finding code', () => {
  it('covers every code the source emits (scan of src/)', () => {
    const emitted = emittedCodes();
    expect(emitted.size).toBeGreaterThan(25); // the scan finds the literals (a broken pattern finds none)
    for (const code of emitted) expect(FINDING_CODES, code).toContain(code);
  });

  it('covers every code an audit of many policies reports (run)', () => {
    const template = { apiVersion: 'extensions.agents.x-k8s.io/v1beta1', kind: 'SandboxTemplate', metadata: { name: 't' }, spec: {} };
    const open = { spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{}], ingress: [{}] } };
    const odd = {
      spec: {
        podSelector: {},
        policyTypes: ['Egress', 'Ingress'],
        egress: [{ to: [{ ipBlock: { cidr: '010.0.0.0/8' } }, { ipBlock: { cidr: '::ffff:1.2.3.4/128' } }, { ipBlock: { cidr: '0.0.0.0/0', except: ['1.0.0.0/0'] } }, { namespaceSelector: {} }] }],
        ingress: [{ from: [{ podSelector: {} }, { namespaceSelector: {} }], ports: [{ port: 1, endPort: 2 }] }],
      },
    };
    const reports = [
      auditNetworkPolicy(networkPolicyFor(template)),
      auditNetworkPolicy(open, { clusterCidrs: ['10.0.0.0/8'], clusterDnsIps: ['10.0.0.10'] }),
      auditNetworkPolicy(odd, { strictCidr: false }),
      auditNetworkPolicy({ kind: 'Pod' }),
    ];
    const seen = new Set(reports.flatMap((r) => r.findings.map((f) => f.code)));
    expect(seen.size).toBeGreaterThan(15);
    for (const code of seen) expect(isFindingCode(code), code).toBe(true);
  });

  it('has one row per code, each with a severity, a title and its docs page; deeply frozen', () => {
    expect(new Set(FINDING_CODES).size).toBe(FINDING_CODES.length);
    expect(FINDING_CATALOGUE.map((k) => k.code)).toEqual([...FINDING_CODES]);
    expect(Object.isFrozen(FINDING_CATALOGUE)).toBe(true);
    expect(Object.isFrozen(FINDING_CODES)).toBe(true);
    for (const kind of FINDING_CATALOGUE) {
      expect(Object.isFrozen(kind)).toBe(true);
      expect(kind.code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(SEVERITIES).toContain(kind.severity);
      expect(kind.title.length).toBeGreaterThan(10);
      expect(kind.docs).toBe(`docs/findings/${kind.code}.md`);
    }
  });

  it('the older tables are views of it', () => {
    for (const row of SENSITIVE_RANGES) {
      expect(findingKind(row.code)).toMatchObject({ source: 'range', severity: row.severity });
      expect(Object.keys(row)).toEqual(['code', 'severity', 'what', 'cidrs']);
    }
    expect(SENSITIVE_RANGES.map((r) => r.code)).toEqual(FINDING_CATALOGUE.filter((k) => k.source === 'range').map((k) => k.code));
    for (const [table, source] of [
      [CLUSTER_FINDING_CODES, 'cluster'],
      [TEMPLATE_FINDINGS, 'template'],
      [CLI_CODES, 'cli'],
    ] as const) {
      expect(Object.isFrozen(table)).toBe(true);
      expect(table.map((r) => r.code)).toEqual(FINDING_CATALOGUE.filter((k) => k.source === source).map((k) => k.code));
      for (const row of table) {
        expect(Object.isFrozen(row)).toBe(true);
        expect(row.severity).toBe(findingKind(row.code)!.severity);
      }
    }
  });

  it('findingKind and isFindingCode answer for any value, never throw', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const known = isFindingCode(value);
        expect(known).toBe(typeof value === 'string' && (FINDING_CODES as readonly string[]).includes(value));
        expect(findingKind(value) !== undefined).toBe(known);
      }),
    );
    expect(isFindingCode('__proto__')).toBe(false);
    expect(findingKind('metadata-reachable')?.severity).toBe('critical');
  });
});
