import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const EXAMPLE = join(ROOT, 'examples', 'sandbox-template.yaml');

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', input: input ?? '' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const template = (name: string, extra = '', namespace = 'agents') => `apiVersion: extensions.agents.x-k8s.io/v1beta1
kind: SandboxTemplate
metadata:
  name: ${name}
  namespace: ${namespace}
spec:${extra || ' {}'}
`;

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
  it('--format json and every option flag', () => {
    const r = run(
      ['render', EXAMPLE, '--format', 'json', '--profile', 'hardened', '--cluster-cidr', '100.64.0.0/10', '--cluster-cidr', '34.118.224.0/20', '--router-namespace', 'edge', '--router-label', 'app=router', '--nameserver', '10.0.0.53', '--pod-spec', '--egress-floor', 'private'],
    );
    expect(r.code).toBe(0);
    const [policy, pod] = r.stdout.trim().split(/\n(?=\{)/).map((s) => JSON.parse(s));
    expect(policy.spec.ingress[0].from[0]).toEqual({ podSelector: { matchLabels: { app: 'router' } }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'edge' } } });
    expect(policy.spec.egress[0].to[0].ipBlock.except).toContain('34.118.224.0/20');
    expect(policy.spec.egress[0].to[1].ipBlock.cidr).toBe('2000::/3');
    expect(pod.spec.dnsConfig).toEqual({ nameservers: ['10.0.0.53'] });
  });
  it('says so on stderr for an Unmanaged template and prints no policy', () => {
    const r = run(['render', '-'], template('u', '\n  networkPolicyManagement: Unmanaged'));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Unmanaged');
  });
});

describe('audit', () => {
  it('prints a table and exits 0 without --fail-on', () => {
    const r = run(['audit', EXAMPLE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/SEVERITY\s+CODE\s+PATH\s+RANGES\s+SUGGESTION/);
    expect(r.stdout).toContain('metadata-reachable');
  });
  it('--fail-on gates CI', () => {
    expect(run(['audit', EXAMPLE, '--fail-on', 'critical']).code).toBe(1);
    expect(run(['audit', EXAMPLE, '--profile', 'hardened', '--fail-on', 'high']).code).toBe(0);
  });
  it('--format json for machines', () => {
    const r = run(['audit', EXAMPLE, '--format', 'json']);
    const out = JSON.parse(r.stdout);
    expect(out.reports[0].findings.some((f: { code: string }) => f.code === 'cgnat-reachable')).toBe(true);
    expect(out.hashCollisions).toEqual([]);
  });
  it('audits NetworkPolicies directly', () => {
    const np = JSON.stringify({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'x' }, spec: { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '169.254.169.254/32' } }] }], policyTypes: ['Egress'] } });
    const r = run(['audit', '-', '--format', 'json'], np);
    expect(JSON.parse(r.stdout).reports[0].findings[0].code).toBe('metadata-reachable');
  });
  it('reports templates whose names collide under the 32-bit hash', () => {
    const r = run(['audit', '-', '--fail-on', 'high', '--profile', 'hardened'], `${template('costarring')}---\n${template('liquid')}---\n${template('liquid', '', 'elsewhere')}`);
    expect(r.stdout).toContain('"costarring" and "liquid" in namespace agents share template hash 5e4daa9d');
    expect(r.stdout.match(/hash-collision/g)).toHaveLength(1);
    expect(r.code).toBe(1);
  });
});

describe('validate and explain', () => {
  it('validate prints the API server paths and exits 1 on errors', () => {
    const np = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: bad}
spec:
  podSelector: {}
  egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, except: [11.0.0.0/8]}}], ports: [{port: 0}]}]
`;
    const r = run(['validate', '-'], np);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('error: spec.egress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive');
    expect(r.stdout).toContain('error: spec.egress[0].to[0].ipBlock.except[0]: Invalid value: "11.0.0.0/8": must be a strict subset of `cidr`');
  });
  it('validate: valid documents exit 0; --legacy-cidr downgrades strict-only problems to warnings', () => {
    expect(run(['validate', EXAMPLE]).code).toBe(0);
    const np = JSON.stringify({ kind: 'NetworkPolicy', metadata: { name: 'x' }, spec: { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.1/8' } }] }] } });
    expect(run(['validate', '-'], np).code).toBe(1);
    const legacy = run(['validate', '-', '--legacy-cidr'], np);
    expect(legacy.code).toBe(0);
    expect(legacy.stdout).toContain('warning:');
  });
  it('explain describes each policy', () => {
    const r = run(['explain', EXAMPLE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('NetworkPolicy python-agent-network-policy applies to pods with agents.x-k8s.io/sandbox-template-ref-hash=b713719b.');
  });
});

describe('help, version, and errors (exit 2, no stack trace)', () => {
  it.each(['render', 'audit', 'validate', 'explain'])('%s --help', (cmd) => {
    const r = run([cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: agent-sandbox-policy ${cmd}`);
  });
  it('--help and --version', () => {
    expect(run(['--help']).stdout).toContain('Commands:');
    expect(run(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(run([]).code).toBe(2);
  });
  const errorCases: Array<[string, string[], string | undefined, RegExp]> = [
    ['unknown command', ['frobnicate'], undefined, /unknown command "frobnicate"/],
    ['unknown flag', ['render', '--nope'], '', /Unknown option '--nope'/],
    ['unreadable file', ['render', '/nonexistent/t.yaml'], undefined, /\/nonexistent\/t\.yaml: cannot read file \(ENOENT\)/],
    ['invalid YAML', ['render', '-'], 'kind: [unclosed', /<stdin>: document 0: invalid YAML/],
    ['not a SandboxTemplate', ['render', '-'], 'kind: Pod\napiVersion: v1\nmetadata: {name: p}\n', /<stdin>: document 0: 2 problems:\n- kind: must be "SandboxTemplate", got string "Pod"/],
    ['audit of an unknown kind', ['audit', '-'], 'kind: Pod\n', /document 0: expected a NetworkPolicy or SandboxTemplate, got kind "Pod"/],
    [
      'an invalid CIDR deep in a rule of the second document',
      ['render', '-'],
      `${template('ok')}---\n${template('bad', '\n  networkPolicy:\n    egress:\n      - to:\n          - ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8, 300.0.0.0/8]}')}`,
      /<stdin>: document 1: spec\.networkPolicy\.egress\[0\]\.to\[0\]\.ipBlock\.except\[1\]: Invalid value: "300\.0\.0\.0\/8": must be a valid CIDR value/,
    ],
    ['bad option value', ['render', EXAMPLE, '--profile', 'paranoid'], undefined, /options\.profile: must be one of/],
    ['bad --router-label', ['render', EXAMPLE, '--router-label', 'app'], undefined, /--router-label expects key=value/],
    ['bad --fail-on', ['audit', EXAMPLE, '--fail-on', 'urgent'], undefined, /--fail-on must be one of/],
    ['bad --format', ['render', EXAMPLE, '--format', 'xml'], undefined, /--format must be one of yaml, json/],
    ['two files', ['render', EXAMPLE, EXAMPLE], undefined, /at most one FILE/],
  ];
  for (const [name, args, input, message] of errorCases) {
    it(name, () => {
      const r = run(args, input);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    });
  }
});
