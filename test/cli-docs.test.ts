// docs/findings/<code>.md: a page for every finding code, with the same severity as the code, and
// fix examples that really fix (each Before block has the finding, each After block has not, judged
// by the built CLI).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLUSTER_FINDING_CODES, excludedRanges, METADATA_ENDPOINTS, SENSITIVE_RANGES, TEMPLATE_FINDINGS } from '../src/index.js';
import { YAML_CONSTRUCTS } from '../src/cli/input/yaml-readings.js';
import { CLI_CODES } from '../src/cli/codes.js';
import { ROOT, run } from './support/cli.js';

const DOCS = join(ROOT, 'docs', 'findings');

/** Every code the auditor can emit: its range table, and the codes written in src/audit/*.ts. */
function libraryCodes(): string[] {
  const dir = join(ROOT, 'src', 'audit');
  const codes = new Set<string>(SENSITIVE_RANGES.map((r) => r.code));
  for (const file of readdirSync(dir)) {
    const src = readFileSync(join(dir, file), 'utf8');
    for (const m of src.matchAll(/\bcode(?::|\s*=)\s*'([a-z0-9-]+)'|reachFinding\([^,]+,\s*'([a-z0-9-]+)'/g)) codes.add(m[1] ?? m[2]!);
  }
  return [...codes];
}

const CODES = [...new Set([...libraryCodes(), ...CLUSTER_FINDING_CODES.map((c) => c.code), ...CLI_CODES.map((c) => c.code)])].sort();
const PAGES = readdirSync(DOCS).filter((f) => f.endsWith('.md') && f !== 'README.md');
const page = (code: string) => readFileSync(join(DOCS, `${code}.md`), 'utf8');
const blocks = (text: string) => [...text.matchAll(/^(Before|After):\n\n```yaml\n([\s\S]*?)```/gm)].map((m) => [m[1]!, m[2]!] as const);

describe('docs/findings', () => {
  it('finds the codes (the scan of src/audit works)', () => {
    expect(CODES.length).toBeGreaterThanOrEqual(30);
    expect(CODES).toContain('except-reopened');
    expect(CODES).toContain('hash-collision');
  });
  it('has a page for every code and no page for an unknown code', () => {
    expect(PAGES.map((f) => f.replace(/\.md$/, '')).sort()).toEqual(CODES);
  });
  it('the index links every page', () => {
    const index = readFileSync(join(DOCS, 'README.md'), 'utf8');
    for (const code of CODES) expect(index).toContain(`(${code}.md)`);
  });
  for (const code of CODES) {
    describe(code, () => {
      const text = page(code);
      it('says what, why, the severity, how to fix and how to suppress', () => {
        for (const heading of ['## What it means', '## Why it matters', '## How to fix', '## How to suppress']) expect(text).toContain(heading);
        const severity = [...SENSITIVE_RANGES, ...CLUSTER_FINDING_CODES, ...TEMPLATE_FINDINGS, ...CLI_CODES].find((r) => r.code === code)?.severity;
        if (severity !== undefined) expect(text).toMatch(new RegExp(`^\\*\\*Severity:\\*\\* ${severity}\\b`, 'm'));
        else expect(text).toMatch(/^\*\*Severity:\*\* (error|critical|high|medium|low|info)\b/m);
        const alwaysError = /^\*\*Severity:\*\* error$/m.test(text);
        if (alwaysError) expect(text).toContain(`\`${code}\` cannot be suppressed`);
        else expect(text.includes(`ignore-check.agent-sandbox-policy/${code}: "`) || text.includes(`\`${code}\` cannot be suppressed`)).toBe(true);
        expect(text).not.toMatch(/spec\/|\.\.\/shared/);
      });
      const examples = blocks(text);
      const whole = examples.filter(([, yaml]) => /^apiVersion:/m.test(yaml) && /^kind:/m.test(yaml));
      if (whole.length === 2) {
        it('Before has the finding; After has not', () => {
          const codesIn = (yaml: string): string[] => {
            if (code === 'api-warning') return JSON.parse(run(['validate', '-', '-o', 'json', '--legacy-cidr'], yaml).stdout).reports.flatMap((r: { issues: Array<{ code: string }> }) => r.issues.map((i) => i.code));
            // Each example is judged alone, as its page shows it (the per-document view).
            const out = run(['audit', '--per-document', '-', '-o', 'json', '--controller', 'embedded', '--cluster-cidr', '100.64.0.0/10'], yaml).stdout;
            return JSON.parse(out).reports.flatMap((r: { findings: Array<{ code: string }> }) => r.findings.map((f) => f.code));
          };
          expect(codesIn(whole[0]![1])).toContain(code);
          expect(codesIn(whole[1]![1])).not.toContain(code);
        });
      }
    });
  }
});

describe('docs/ranges.md and docs/yaml.md', () => {
  const ranges = readFileSync(join(ROOT, 'docs', 'ranges.md'), 'utf8');
  const yamlDoc = readFileSync(join(ROOT, 'docs', 'yaml.md'), 'utf8');
  it('the range catalogue lists every sensitive range, every excepted range of both profiles and every metadata endpoint', () => {
    const cidrs = [
      ...SENSITIVE_RANGES.flatMap((r) => r.cidrs),
      ...(['upstream', 'hardened'] as const).flatMap((p) => {
        const e = excludedRanges(p);
        return [e.ipv4.cidr, e.ipv6.cidr, ...e.ipv4.except.map((x) => x.cidr), ...e.ipv6.except.map((x) => x.cidr)];
      }),
      ...METADATA_ENDPOINTS.map((m) => m.cidr),
    ];
    for (const cidr of cidrs) expect(ranges).toContain(`\`${cidr}\``);
    for (const r of SENSITIVE_RANGES) expect(ranges).toContain(`[\`${r.code}\`](findings/${r.code}.md) | ${r.severity} |`);
  });
  it('the YAML page has every row of the construct table', () => {
    for (const row of YAML_CONSTRUCTS) expect(yamlDoc).toContain(`| ${row.construct.replace(/\|/g, '\\|')} |`);
  });
  it('no page cites anything outside the repository but public URLs', () => {
    for (const text of [ranges, yamlDoc, ...PAGES.map((f) => readFileSync(join(DOCS, f), 'utf8'))]) expect(text).not.toMatch(/spec\/[a-z-]+\.md|\.\.\/shared/);
  });
});
