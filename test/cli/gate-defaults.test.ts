// The gate's defaults: it fails on high, judges sandbox targets (other pods and podSelector pods
// are context), skips kinds it does not model, models the stock controller unless told otherwise,
// and exits 2 on an unreadable file after reporting the rest. Inputs are hand-written (independent).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditCommand } from '../../src/cli/commands/audit.js';
import { parseInputs } from '../../src/cli/input/documents.js';
import { audit, docs, np, tpl, type JsonReport } from './gate-support.js';

const json = (s: string) => JSON.parse(s) as JsonReport;
/** A template writing its own egress rule to `cidr`. */
const own = (name: string, cidr: string) => tpl(name, 'agents', `{networkPolicy: {egress: [{to: [{ipBlock: {cidr: ${JSON.stringify(cidr)}}}]}]}}`);
const pod = (name: string, ns: string, labels = '{app: web}') => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: ${ns}, labels: ${labels}}\nspec: {containers: [{name: a, image: x}]}\n`;

describe('the default gate is high', () => {
  it('a critical finding fails the gate without --fail-on', async () => {
    const r = await audit(['-'], own('meta', '169.254.169.254/32'));
    expect(r.stdout).toMatch(/^critical\s+metadata-reachable/m);
    expect(r.code).toBe(1);
  });
  it('so does a high one; --fail-on critical lets it through', async () => {
    expect((await audit(['-'], own('private', '10.0.0.0/8'))).code).toBe(1);
    expect((await audit(['-', '--fail-on', 'critical'], own('private', '10.0.0.0/8'))).code).toBe(0);
  });
  it('the summary says what the gate judged', async () => {
    const r = await audit(['-', '-o', 'json'], own('meta', '169.254.169.254/32'));
    expect(json(r.stdout).summary).toMatchObject({ failOn: 'high', failed: true, allTargets: false });
  });
});

describe('the gate judges sandbox targets; other pods are context', () => {
  // Application policies of a cluster without sandboxes: egress: [{}] opens everything.
  const apps = docs(np('web', 'shop', '{matchLabels: {app: web}}').replace(/policyTypes[\s\S]*$/, 'policyTypes: [Egress]\n  egress: [{}]\n'), np('db', 'shop', '{matchLabels: {app: db}}').replace(/policyTypes[\s\S]*$/, 'policyTypes: [Egress]\n  egress: [{}]\n'));
  it('NetworkPolicies of a cluster without sandboxes: reported, not gated', async () => {
    const r = await audit(['-', '-o', 'json'], apps);
    const out = json(r.stdout);
    expect(out.targets.map((t) => [t.target.kind, t.sandbox, t.gated])).toEqual([
      ['PodSelector', false, false],
      ['PodSelector', false, false],
    ]);
    expect(out.targets[0]!.findings.some((f) => f.severity === 'critical')).toBe(true);
    expect(out.summary.contextTargets).toBe(2);
    expect(r.code).toBe(0);
    const text = await audit(['-'], apps);
    expect(text.stdout).toMatch(/^== <stdin>:\d+ PodSelector shop\/db: .*critical.*\(context: not a sandbox, not gated\)$/m);
    expect(text.stdout).toMatch(/^-- context: 2 targets not a sandbox, reported but not gated \(--all-targets gates them\)$/m);
  });
  it('--all-targets gates them', async () => {
    expect((await audit(['-', '--all-targets'], apps)).code).toBe(1);
  });
  it('a plain pod is context, a pod an agent-sandbox controller made is judged', async () => {
    const open = np('open', 'shop', '{}', '169.254.169.254/32');
    expect((await audit(['-'], docs(open, pod('web', 'shop')))).code).toBe(0);
    const r = await audit(['-', '-o', 'json'], docs(open, pod('web', 'shop'), pod('sbx', 'shop', '{agents.x-k8s.io/sandbox-name-hash: abc}')));
    expect(json(r.stdout).targets.map((t) => [t.target.name, t.sandbox, t.gated])).toEqual([
      ['sbx', true, true],
      ['web', false, false],
    ]);
    expect(r.code).toBe(1);
  });
});

describe('kinds audit does not model are skipped, counted and listed', () => {
  const others = [
    'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {}\n',
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, namespace: shop}\n',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec: {}\n',
    'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [a.yaml]\n',
  ];
  it('never an error: the verdict is the one without them', async () => {
    const clean = own('ok', '8.8.8.8/32');
    const alone = await audit(['-', '-o', 'json'], clean);
    const r = await audit(['-', '-o', 'json'], docs(clean, ...others));
    expect(r.code).toBe(alone.code);
    expect(json(r.stdout).summary.skipped).toEqual(['Service shop/web', 'ConfigMap shop/cfg', 'Deployment shop/web', 'Kustomization (no name)']);
    expect(json(r.stdout).findings.map((f) => f.code)).not.toContain('unsupported-kind');
    const text = await audit(['-'], docs(clean, ...others));
    expect(text.stdout).toMatch(/^-- skipped 4 objects of kinds audit does not model: Service shop\/web, ConfigMap shop\/cfg, Deployment shop\/web, Kustomization \(no name\)$/m);
  });
  it('--strict-kinds makes them unsupported-kind errors', async () => {
    const r = await audit(['-', '-o', 'json', '--strict-kinds'], docs(own('ok', '8.8.8.8/32'), ...others));
    expect(json(r.stdout).findings.filter((f) => f.code === 'unsupported-kind')).toHaveLength(4);
    expect(r.code).toBe(1);
  });
  it.each([['SandboxTemplat'], ['sandboxtemplate'], ['NetworkPolicyy'], ['pod']])('%s is a typo of a modelled kind, not another kind: an error', async (kind) => {
    const r = await audit(['-', '-o', 'json'], own('ok', '8.8.8.8/32').replace('kind: SandboxTemplate', `kind: ${kind}`));
    expect(json(r.stdout).findings.map((f) => f.code)).toContain('unsupported-kind');
    expect(r.code).toBe(1);
  });
  it('a document without a kind is an error', async () => {
    expect((await audit(['-'], 'apiVersion: v1\nmetadata: {name: x}\n')).code).toBe(1);
  });
  it('--per-document skips them too', async () => {
    const r = await audit(['-', '--per-document', '-o', 'json', '--fail-on', 'critical'], docs(own('ok', '8.8.8.8/32'), others[0]!));
    expect(JSON.parse(r.stdout).summary.skipped).toEqual(['Service shop/web']);
    expect(r.code).toBe(0);
  });
});

describe('which controller renders a template without its live NetworkPolicy', () => {
  const example = tpl('python', 'agents');
  it.each([
    [['--profile', 'hardened']],
    [['--egress-floor', 'metadata']],
    [['--cluster-cidr', '10.0.0.0/8']],
    [['--router-namespace', 'gw']],
  ])('%j models an embedding controller: without --controller embedded it is a usage error saying what to add', async (flags) => {
    const r = await audit(['-', ...flags], example);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${flags[0]} models a controller that embeds agent-sandbox-policy`);
    expect(r.stderr).toContain('Add --controller embedded');
  });
  it('the stock controller has no profile: a Managed template reaches metadata; an embedding controller with the hardened profile does not', async () => {
    const stock = await audit(['-', '-o', 'json', '--fail-on', 'critical'], example);
    expect(json(stock.stdout).controller.model).toBe('stock');
    expect(stock.code).toBe(1);
    const embedded = await audit(['-', '-o', 'json', '--fail-on', 'critical', '--controller', 'embedded', '--profile', 'hardened'], example);
    expect(json(embedded.stdout).controller).toEqual({ model: 'embedded', description: expect.stringContaining('profile hardened') });
    expect(embedded.code).toBe(0);
  });
  it('text, SARIF and --help say which controller', async () => {
    expect((await audit(['-'], example)).stdout).toMatch(/^-- controller modelled: stock \(the agent-sandbox Go controller/m);
    const sarif = JSON.parse((await audit(['-', '-o', 'sarif'], example)).stdout) as { runs: Array<{ properties: Record<string, unknown> }> };
    expect(sarif.runs[0]!.properties).toMatchObject({ controller: 'stock', failOn: 'high', failed: true });
    const help = await audit(['--help'], '');
    expect(help.stdout).toContain('--controller stock|embedded');
    expect(help.stdout).toContain('default high');
  });
  it('issue 22: `kubectl get sandboxtemplates -A -o yaml | audit - --profile hardened --fail-on high` no longer passes a stock cluster', async () => {
    const listed = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'kubectl-get-sandboxtemplates.yaml'), 'utf8');
    expect((await audit(['-', '--profile', 'hardened', '--fail-on', 'high'], listed)).code).toBe(2);
    const stock = await audit(['-'], listed);
    expect(stock.stdout).toMatch(/^critical\s+metadata-reachable/m);
    expect(stock.code).toBe(1);
  });
  it('--controller takes stock or embedded only', async () => {
    const r = await audit(['-', '--controller', 'hardened'], example);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--controller must be stock or embedded');
  });
});

describe('an unreadable file', () => {
  it('leaves the report of the rest complete, and exits 2', () => {
    const input = parseInputs([{ source: 'good.yaml', text: own('meta', '169.254.169.254/32') }]);
    let stdout = '';
    let stderr = '';
    const code = auditCommand.run({
      flags: {},
      output: 'text',
      input: { ...input, failures: [{ source: 'bad.yaml', message: 'cannot read file (EACCES)' }] },
      io: { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), colour: false, version: '0' },
    });
    expect(code).toBe(2);
    expect(stdout).toMatch(/^== good\.yaml:1 SandboxTemplate agents\/meta: /m);
    expect(stdout).toMatch(/^critical\s+metadata-reachable/m);
    expect(stdout).toMatch(/^-- unreadable: bad\.yaml: cannot read file \(EACCES\)$/m);
    expect(stderr).toContain('bad.yaml: cannot read file (EACCES)');
  });
});
