import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { paint, useColour } from '../src/cli/output/text.js';
import { CLI, EXAMPLE, ROOT, policyTo, run, template } from './support/cli.js';

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const json = (s: string) => JSON.parse(s) as Record<string, any>;
const tmp = () => mkdtempSync(join(tmpdir(), 'asp-cli-'));

describe('render', () => {
  it('prints the NetworkPolicy as YAML ready for kubectl apply', () => {
    const r = run(['render', EXAMPLE]);
    expect(r.code).toBe(0);
    const docs = parseAllDocuments(r.stdout).map((d) => d.toJS());
    expect(docs).toHaveLength(1);
    expect(docs[0].kind).toBe('NetworkPolicy');
    expect(docs[0].spec.egress[0].to[0].ipBlock.except).toEqual(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16']);
  });
  it('reads stdin, multi-document streams and kind: List', () => {
    const list = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [parse(template('a')), parse(template('b'))] });
    const r = run(['render', '-'], `${template('x')}---\n${list}\n---\n`);
    expect(r.code).toBe(0);
    expect(parseAllDocuments(r.stdout).map((d) => d.toJS().metadata.name)).toEqual(['x-network-policy', 'a-network-policy', 'b-network-policy']);
  });
  it('-o json is one document, a kind: List of the objects, whatever the number; the kind-less details beside it', () => {
    const r = run(['render', '-', '-o', 'json', '--labels', '--pod-spec'], `${template('one')}---\n${template('two')}`);
    expect(r.code).toBe(0);
    const out = json(r.stdout);
    expect(out).toMatchObject({ apiVersion: 'v1', kind: 'List' });
    expect(out.items.map((i: { kind: string }) => i.kind)).toEqual(['NetworkPolicy', 'NetworkPolicy']);
    expect(out.details.map((i: { kind: string; template: string }) => `${i.kind} ${i.template}`)).toEqual(['PodLabels one', 'PodSpec one', 'PodLabels two', 'PodSpec two']);
  });
  it('-o json, -ojson, -o=json, --output json, --output=json and --format json print the same', () => {
    const outputs = [['-o', 'json'], ['-ojson'], ['-o=json'], ['--output', 'json'], ['--output=json'], ['--format', 'json']].map((f) => run(['render', EXAMPLE, ...f]));
    for (const r of outputs) expect(r.code).toBe(0);
    expect(new Set(outputs.map((r) => r.stdout)).size).toBe(1);
  });
  it('every option flag', () => {
    const r = run(['render', EXAMPLE, '-o', 'json', '--profile', 'hardened', '--cluster-cidr', '100.64.0.0/10', '--cluster-cidr', '34.118.224.0/20', '--router-namespace', 'edge', '--router-label', 'app=router', '--nameserver', '10.0.0.53', '--pod-spec', '--egress-floor', 'private']);
    expect(r.code).toBe(0);
    const [policy] = json(r.stdout).items;
    const [pod] = json(r.stdout).details;
    expect(policy.spec.ingress[0].from[0]).toEqual({ podSelector: { matchLabels: { app: 'router' } }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'edge' } } });
    expect(policy.spec.egress[0].to[0].ipBlock.except).toContain('34.118.224.0/20');
    expect(policy.spec.egress[0].to[1].ipBlock.cidr).toBe('2000::/3');
    expect(pod.spec.dnsConfig).toEqual({ nameservers: ['10.0.0.53'] });
  });
  it('several FILE arguments and directories (recursive, *.yaml, *.yml, *.json only; hidden folders and node_modules too, as kubectl -R)', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'nested', 'deeper'), { recursive: true });
    writeFileSync(join(dir, 'a.yaml'), template('a'));
    writeFileSync(join(dir, 'nested', 'b.yml'), template('b'));
    writeFileSync(join(dir, 'nested', 'deeper', 'c.json'), JSON.stringify(parse(template('c'))));
    writeFileSync(join(dir, 'nested', 'notes.txt'), 'not a manifest');
    for (const read of ['.k8s', 'node_modules']) {
      mkdirSync(join(dir, read));
      writeFileSync(join(dir, read, 'x.yaml'), template(read.replace('.', 'dot-').replace('_', '-')));
    }
    const r = run(['render', dir, EXAMPLE, '-o', 'json']);
    expect(r.code).toBe(0);
    expect(json(r.stdout).items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['dot-k8s-network-policy', 'a-network-policy', 'b-network-policy', 'c-network-policy', 'node-modules-network-policy', 'python-agent-network-policy']);
  });
  it('says so on stderr for an Unmanaged template and prints no policy', () => {
    const r = run(['render', '-'], template('u', '\n  networkPolicyManagement: Unmanaged'));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Unmanaged');
  });
  it('renders the valid templates and exits 1 when another cannot be rendered, naming its line and field', () => {
    const bad = template('bad', '\n  networkPolicy:\n    egress:\n      - to:\n          - ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8, 300.0.0.0/8]}');
    const r = run(['render', '-'], `${template('ok')}---\n${bad}`);
    expect(r.code).toBe(1);
    expect(parseAllDocuments(r.stdout).map((d) => d.toJS().metadata.name)).toEqual(['ok-network-policy']);
    expect(r.stderr).toMatch(/<stdin>:17:\d+: spec\.networkPolicy\.egress\[0\]\.to\[0\]\.ipBlock\.except\[1\]: Invalid value: "300\.0\.0\.0\/8": must be a valid CIDR value/);
  });
  it('render | head -1 exits 0, quietly (EPIPE)', () => {
    const stream = Array.from({ length: 400 }, (_, i) => template(`t${i}`)).join('---\n');
    const dir = tmp();
    writeFileSync(join(dir, 'many.yaml'), stream);
    const r = spawnSync('bash', ['-o', 'pipefail', '-c', `node ${JSON.stringify(CLI)} render ${JSON.stringify(join(dir, 'many.yaml'))} | head -1`], { encoding: 'utf8' });
    expect(r.stdout).toBe('kind: NetworkPolicy\n');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('audit --per-document (each document alone)', () => {
  it('one summary line per target, a table, and each distinct fix once', () => {
    const r = run(['audit', '--per-document', EXAMPLE]);
    expect(r.code).toBe(1); // the default gate is high, and the stock policy reaches metadata
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('== '))).toEqual(['== examples/sandbox-template.yaml:3 SandboxTemplate agents/python-agent: 1 critical, 5 high, 4 medium, 2 low, 4 info']);
    expect(lines[1]).toMatch(/^SEVERITY\s+CODE\s+LINE\s+PATH\s+RANGES$/);
    const fixes = lines.filter((l) => l.startsWith('fix ('));
    expect(fixes.length).toBeGreaterThan(0);
    expect(new Set(fixes.map((l) => l.slice(l.indexOf(': ')))).size).toBe(fixes.length);
    expect(r.stdout).not.toMatch(/SUGGESTION/);
  });
  it('--wide puts the suggestion on every row instead', () => {
    const r = run(['audit', '--per-document', EXAMPLE, '--wide']);
    expect(r.stdout.split('\n')[1]).toMatch(/SUGGESTION$/);
    expect(r.stdout).not.toMatch(/^fix \(/m);
  });
  it('--fail-on gates CI; high findings trip it by default', () => {
    expect(run(['audit', '--per-document', EXAMPLE, '--fail-on', 'critical']).code).toBe(1);
    expect(run(['audit', '--per-document', EXAMPLE, '--controller', 'embedded', '--profile', 'hardened', '--fail-on', 'high']).code).toBe(0);
    expect(run(['audit', '--per-document', '-'], policyTo('10.0.0.1/8')).code).toBe(1);
  });
  it('--legacy-cidr judges CIDRs as clusters before Kubernetes 1.36 do (a non-canonical CIDR is low, not an error)', () => {
    const strict = json(run(['audit', '--per-document', '-', '-o', 'json'], policyTo('10.0.0.1/8')).stdout).reports[0].findings;
    const legacy = run(['audit', '--per-document', '-', '-o', 'json', '--legacy-cidr', '--fail-on', 'error'], policyTo('10.0.0.1/8'));
    expect(strict.find((f: { code: string }) => f.code === 'noncanonical-cidr').severity).toBe('error');
    expect(json(legacy.stdout).reports[0].findings.find((f: { code: string }) => f.code === 'noncanonical-cidr').severity).toBe('low');
    expect(legacy.code).toBe(0);
  });
  it('-o json is one document: reports with located findings and a summary', () => {
    const out = json(run(['audit', '--per-document', EXAMPLE, '-o', 'json', '--fail-on', 'high']).stdout);
    expect(out.reports).toHaveLength(1);
    const cgnat = out.reports[0].findings.find((f: { code: string }) => f.code === 'cgnat-reachable');
    expect(cgnat).toMatchObject({ severity: 'high', path: 'spec.egress[0].to[0].ipBlock', line: 9, column: 1, docs: expect.stringMatching(/docs\/findings\/cgnat-reachable\.md$/) });
    expect(out.summary).toMatchObject({ targets: 1, failOn: 'high', failed: true });
  });
  it('audits NetworkPolicies directly, at the line of the offending field', () => {
    const out = json(run(['audit', '--per-document', '-', '-o', 'json'], policyTo('169.254.169.254/32')).stdout);
    expect(out.reports[0].findings[0]).toMatchObject({ code: 'metadata-reachable', line: 11 });
  });
  it("a template's own rules are located in the template", () => {
    const t = template('own', '\n  networkPolicy:\n    egress:\n      - to:\n          - ipBlock:\n              cidr: 169.254.0.0/16');
    const f = json(run(['audit', '--per-document', '-', '-o', 'json'], t).stdout).reports[0].findings.find((x: { code: string }) => x.code === 'metadata-reachable');
    expect(f).toMatchObject({ path: 'spec.egress[0].to[0].ipBlock', line: 10, column: 13 });
  });
  it('templates whose names share the 32-bit hash: a high finding on each, in one namespace only', () => {
    const r = run(['audit', '--per-document', '-', '-o', 'json', '--controller', 'embedded', '--profile', 'hardened', '--fail-on', 'high'], `${template('costarring')}---\n${template('liquid')}---\n${template('liquid', '', 'elsewhere')}`);
    expect(r.code).toBe(1);
    const collisions = json(r.stdout).reports.map((rep: { findings: Array<{ code: string; message: string; line: number }> }) => rep.findings.filter((f) => f.code === 'hash-collision'));
    expect(collisions.map((c: unknown[]) => c.length)).toEqual([1, 1, 0]);
    expect(collisions[0][0].message).toContain('shares template hash 5e4daa9d with "liquid" in namespace agents');
    expect(collisions[1][0].line).toBe(11);
  });
  it('an invalid document is an error finding; the others are still audited', () => {
    const r = run(['audit', '--per-document', '-', '-o', 'json'], `${template('ok')}---\nkind: Pod\napiVersion: v1\n---\n${template('bad', '\n  networkPolicy: {egress: [null]}')}`);
    expect(r.code).toBe(1);
    const reports = json(r.stdout).reports;
    expect(reports.map((x: { target: string }) => x.target)).toEqual(['SandboxTemplate agents/ok', 'Pod (no name)', 'SandboxTemplate agents/bad']);
    expect(reports[0].findings.some((f: { code: string }) => f.code === 'cgnat-reachable')).toBe(true);
    expect(reports[1].findings).toMatchObject([{ severity: 'error', code: 'unsupported-kind', line: 8 }]);
    expect(reports[2].findings[0]).toMatchObject({ severity: 'error', code: 'invalid-template' });
  });
});

describe('hostile keys in the input', () => {
  it('a __proto__ key is an unknown field, as the API server sees it: it cannot smuggle a deny-all into the judgement', () => {
    const np = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x, namespace: a}\nspec:\n  podSelector: {}\n  __proto__: {policyTypes: [Ingress, Egress], egress: []}\n';
    const r = run(['audit', '--per-document', '-', '-o', 'json', '--fail-on', 'critical'], np);
    expect(r.code).toBe(1);
    expect(json(r.stdout).reports[0].findings.map((f: { code: string }) => f.code)).toContain('egress-unrestricted');
  });
  it('a quoted "<<" key is a plain key to kubectl too: read, not refused', () => {
    const np = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x, namespace: a}\nspec:\n  podSelector: {}\n  "<<": {policyTypes: [Egress]}\n';
    const r = run(['audit', '--per-document', '-', '-o', 'json'], np);
    expect(r.stderr).toBe('');
    expect(json(r.stdout).reports[0].findings.map((f: { code: string }) => f.code)).toContain('egress-unrestricted');
  });
});

describe('suppressions (ignore-check.agent-sandbox-policy/<code>)', () => {
  const suppressed = template('s', '', 'agents', '\n  annotations:\n    ignore-check.agent-sandbox-policy/metadata-reachable: "egress proxy strips metadata traffic"');
  it('a suppressed finding is still reported, never trips --fail-on, and is counted in text', () => {
    const strict = run(['audit', '--per-document', '-', '--controller', 'embedded', '--profile', 'hardened', '--fail-on', 'critical'], policyTo('169.254.169.254/32'));
    expect(strict.code).toBe(1);
    const r = run(['audit', '--per-document', '-', '--fail-on', 'critical'], policyTo('169.254.169.254/32', 'np', '\n  annotations: {ignore-check.agent-sandbox-policy/metadata-reachable: "proxy"}'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/: .*1 suppressed$/m);
    expect(r.stdout).not.toMatch(/^critical/m);
  });
  it('JSON marks it with the reason; --no-suppressions ignores the annotation', () => {
    const out = json(run(['audit', '--per-document', '-', '-o', 'json', '--fail-on', 'critical'], suppressed).stdout);
    const f = out.reports[0].findings.find((x: { code: string }) => x.code === 'metadata-reachable');
    expect(f.suppressed).toEqual({ reason: 'egress proxy strips metadata traffic' });
    expect(out.summary.failed).toBe(false);
    const off = run(['audit', '--per-document', '-', '-o', 'json', '--fail-on', 'critical', '--no-suppressions'], suppressed);
    expect(off.code).toBe(1);
    expect(json(off.stdout).reports[0].findings.some((x: { suppressed?: unknown }) => x.suppressed)).toBe(false);
  });
  it("a Namespace's annotation covers the objects in it (the Namespace must be in the input)", () => {
    const ns = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: agents\n  annotations:\n    ignore-check.agent-sandbox-policy/metadata-reachable: "metadata blocked by the CNI"\n';
    expect(run(['audit', '--per-document', '-', '--fail-on', 'critical'], `${ns}---\n${policyTo('169.254.169.254/32')}`).code).toBe(0);
    expect(run(['audit', '--per-document', '-', '--fail-on', 'critical'], `${ns.replace('name: agents', 'name: other')}---\n${policyTo('169.254.169.254/32')}`).code).toBe(1);
  });
  it('a suppression without a reason is an error finding, and suppresses nothing', () => {
    const r = run(['audit', '--per-document', '-', '-o', 'json', '--fail-on', 'critical'], policyTo('169.254.169.254/32', 'np', '\n  annotations: {ignore-check.agent-sandbox-policy/metadata-reachable: " "}'));
    expect(r.code).toBe(1);
    const codes = json(r.stdout).reports[0].findings.map((f: { code: string; suppressed?: unknown }) => [f.code, f.suppressed !== undefined]);
    expect(codes).toContainEqual(['invalid-suppression', false]);
    expect(codes).toContainEqual(['metadata-reachable', false]);
  });
  it('error findings cannot be suppressed', () => {
    const r = run(['audit', '--per-document', '-'], policyTo('10.0.0.1/8', 'np', '\n  annotations: {ignore-check.agent-sandbox-policy/api-invalid: "legacy"}'));
    expect(r.code).toBe(1);
  });
});

describe('validate and explain', () => {
  it('validate prints the API server paths at their lines and exits 1 on errors', () => {
    const np = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: bad}
spec:
  podSelector: {}
  egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, except: [11.0.0.0/8]}}], ports: [{port: 0}]}]
`;
    const r = run(['validate', '-'], np);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('<stdin>:6:81: error: spec.egress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive');
    expect(r.stdout).toContain('<stdin>:6:56: error: spec.egress[0].to[0].ipBlock.except[0]: Invalid value: "11.0.0.0/8": must be a strict subset of `cidr`');
  });
  it('validate: valid documents exit 0; --legacy-cidr downgrades strict-only problems to warnings', () => {
    expect(run(['validate', EXAMPLE]).code).toBe(0);
    const np = JSON.stringify({ kind: 'NetworkPolicy', metadata: { name: 'x' }, spec: { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.1/8' } }] }] } });
    expect(run(['validate', '-'], np).code).toBe(1);
    const legacy = run(['validate', '-', '--legacy-cidr'], np);
    expect(legacy.code).toBe(0);
    expect(legacy.stdout).toContain('warning:');
  });
  it('validate -o json is one document', () => {
    const out = json(run(['validate', EXAMPLE, '-o', 'json']).stdout);
    expect(out.reports).toMatchObject([{ target: 'SandboxTemplate agents/python-agent', valid: true, issues: [] }]);
  });
  it('explain describes each policy', () => {
    const r = run(['explain', EXAMPLE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('NetworkPolicy python-agent-network-policy applies to pods with agents.x-k8s.io/sandbox-template-ref-hash=b713719b.');
  });
});

describe('help and version', () => {
  it.each(['render', 'audit', 'validate', 'explain'])('%s --help lists its flags and the exit codes', (cmd) => {
    const r = run([cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: agent-sandbox-policy ${cmd}`);
    expect(r.stdout).toMatch(/-o, --output /);
    expect(r.stdout).toMatch(/Exit codes:\n {2}0 .*\n {2}1 [\s\S]*\n {2}2 [\s\S]*\n {2}70 /);
  });
  it('--help, --version (from package.json), and no command', () => {
    expect(run(['--help']).stdout).toContain('Commands:');
    expect(run(['--help']).stdout).toContain('70  internal error');
    expect(run(['--version']).stdout).toBe(`${VERSION}\n`);
    expect(run([]).code).toBe(2);
  });
});

describe('usage errors and unreadable input exit 2, in our words, without a stack trace', () => {
  const bomb = 'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n';
  const cases: Array<[string, string[], string | undefined, RegExp]> = [
    ['unknown command', ['frobnicate'], undefined, /unknown command "frobnicate"; commands: render, audit, validate, explain/],
    ['unknown flag', ['render', '--nope'], '', /unknown flag --nope for render \(see 'agent-sandbox-policy render --help'\)/],
    ['a flag of another command: render --fail-on', ['render', EXAMPLE, '--fail-on', 'critical'], undefined, /--fail-on does not apply to render; it is a flag of audit/],
    ['a flag of another command: validate --profile', ['validate', EXAMPLE, '--profile', 'hardened'], undefined, /--profile does not apply to validate; it is a flag of render, audit, explain/],
    ['a flag of another command: audit --nameserver', ['audit', EXAMPLE, '--nameserver', '9.9.9.9'], undefined, /--nameserver does not apply to audit; it is a flag of render/],
    ['an output a command does not print: explain -o json', ['explain', EXAMPLE, '-o', 'json'], undefined, /explain cannot print "json"; -o\/--output takes text/],
    ['render -o sarif', ['render', EXAMPLE, '-o', 'sarif'], undefined, /render cannot print "sarif"; -o\/--output takes yaml, json/],
    ['a flag without its value', ['audit', EXAMPLE, '--fail-on'], undefined, /--fail-on needs a value \(SEVERITY\)/],
    ['a single-valued flag twice', ['audit', EXAMPLE, '--profile', 'upstream', '--profile', 'hardened'], undefined, /--profile given twice/],
    ['a value for a boolean flag', ['render', EXAMPLE, '--labels=yes'], undefined, /--labels takes no value/],
    ['unreadable file', ['render', '/nonexistent/t.yaml'], undefined, /\/nonexistent\/t\.yaml: cannot read file \(ENOENT\)/],
    ['invalid YAML, with its line', ['render', '-'], 'a: 1\nkind: [unclosed\n', /<stdin>:\d+:\d+: document 0: invalid YAML/],
    ['bad option value', ['render', EXAMPLE, '--profile', 'paranoid'], undefined, /--profile must be upstream or hardened, got "paranoid"/],
    ['bad --router-label', ['render', EXAMPLE, '--router-label', 'app'], undefined, /--router-label expects KEY=VALUE/],
    ['bad --nameserver', ['render', EXAMPLE, '--nameserver', 'dns.google'], undefined, /render: --nameserver dns\.google: "dns\.google" is not an IP address/],
    ['--router-label __proto__=x', ['render', EXAMPLE, '--router-label', '__proto__=x'], undefined, /--router-label: "__proto__" is not a valid label key/],
    ['bad --fail-on', ['audit', EXAMPLE, '--fail-on', 'urgent'], undefined, /--fail-on must be one of error, critical, high, medium, low, info/],
    ['empty stdin', ['audit'], '', /no Kubernetes objects in input/],
    ['only comments', ['audit', '-'], '# nothing here\n---\n# nor here\n', /no Kubernetes objects in input/],
    ['null', ['audit', '-'], 'null\n', /no Kubernetes objects in input/],
    ['an empty file', ['render', 'test/fixtures/empty.yaml'], undefined, /no Kubernetes objects in input/],
    ['an alias bomb', ['audit', '-'], bomb, /aliases expand to more than 100 nodes/],
    ['a self-referencing alias', ['audit', '-'], 'kind: NetworkPolicy\nspec: &s {podSelector: *s}\n', /a self-referencing alias/],
    ['input over --max-input-size', ['audit', '-', '--max-input-size', '100'], policyTo('1.2.3.4/32'), /<stdin>: input is larger than 100 bytes \(raise the limit with --max-input-size\)/],
    ['a file over --max-input-size', ['audit', EXAMPLE, '--max-input-size', '512'], undefined, /sandbox-template\.yaml: input is larger than 512 bytes/],
    ['a bad --max-input-size', ['audit', EXAMPLE, '--max-input-size', 'lots'], undefined, /--max-input-size expects a size/],
    ['deep flow nesting', ['audit', '-'], `${'['.repeat(5000)}${']'.repeat(5000)}\n`, /<stdin>:1: nested deeper than 100 levels/],
    ['deep block nesting', ['audit', '-'], Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n'), /nested deeper than 100 levels/],
    ['nesting hidden behind a quote in a plain scalar', ['audit', '-'], `note: don't\nx: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, /<stdin>:2: nested deeper than 100 levels/],
    ['101 levels of JSON', ['audit', '-'], `${'{"a":'.repeat(60)}${'['.repeat(41)}1${']'.repeat(41)}${'}'.repeat(60)}`, /nested deeper than 100 levels/],
  ];
  for (const [name, args, input, message] of cases) {
    it(name, () => {
      const r = run(args, input);
      expect(r.stderr).toMatch(message);
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }
  it('--max-input-size raises the limit', () => {
    expect(run(['audit', EXAMPLE, '--max-input-size', '64Ki', '--fail-on', 'error']).code).toBe(0);
  });
  it('an empty List (kubectl get found nothing) is not an error', () => {
    const r = run(['audit', '-'], 'apiVersion: v1\nkind: List\nitems: []\n');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('empty List');
  });
});

describe('terminal', () => {
  it('colour only on a terminal, never with NO_COLOR', () => {
    expect(useColour(true, {})).toBe(true);
    expect(useColour(false, {})).toBe(false);
    expect(useColour(true, { NO_COLOR: '1' })).toBe(false);
    expect(useColour(true, { NO_COLOR: '' })).toBe(true);
    expect(useColour(true, { TERM: 'dumb' })).toBe(false);
    expect(paint('critical', 'critical', true)).toBe('\u001b[31;1mcritical\u001b[0m');
    expect(paint('critical', 'critical', false)).toBe('critical');
    expect(run(['audit', EXAMPLE]).stdout).not.toContain('\u001b[');
  });
  // util-linux `script` gives the CLI a terminal; without it there is no terminal to test with.
  const script = existsSync('/usr/bin/script') ? '/usr/bin/script' : null;
  it.runIf(script !== null)('on a terminal: a hint before waiting on stdin, and colour unless NO_COLOR', () => {
    const inTty = (cmd: string, env: Record<string, string> = {}) => spawnSync(script!, ['-qec', cmd, '/dev/null'], { cwd: ROOT, encoding: 'utf8', input: '', env: { ...process.env, ...env }, timeout: 20_000 }).stdout;
    expect(inTty(`node ${CLI} audit`, { NO_COLOR: '' })).toContain('reading manifests from the terminal; end with Ctrl-D');
    expect(inTty(`node ${CLI} audit ${EXAMPLE}`, { NO_COLOR: '' })).toContain('\u001b[31;1mcritical');
    expect(inTty(`node ${CLI} audit ${EXAMPLE}`, { NO_COLOR: '1' })).not.toContain('\u001b[');
  });
});
