// Acceptance cases for `audit` as a CI gate: inputs a platform team or an attacker would give it,
// each with the exit code the gate owes them (the gate fails where the cluster would let a
// sandbox reach what it must not, or where kubectl reads the input differently). Written from the
// gate's contract, not from its output. Independent fixtures.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FINDING_CATALOGUE } from '../../src/index.js';
import { CLI, run } from '../support/cli.js';

const tpl = (name: string, spec: string, namespace = 'agents', annotations = '') => `apiVersion: extensions.agents.x-k8s.io/v1beta1
kind: SandboxTemplate
metadata:
  name: ${name}
  namespace: ${namespace}${annotations}
spec:
  podTemplate:
    spec:
      containers: [{name: a, image: python}]
${spec}`;
const DENY_ALL = tpl('airgapped', '  networkPolicy: {}\n');
const OPEN_METADATA = tpl('open', '  networkPolicy:\n    egress: [{to: [{ipBlock: {cidr: 169.254.169.254/32}}]}]\n');

function dir(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'gate-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

describe('false passes', () => {
  it('a critical finding fails the default gate', () => {
    const r = run(['audit', '-'], OPEN_METADATA);
    expect(r.code).toBe(1);
  });

  it('--profile is not a CI gate for a stock cluster: a live template whose stock policy reaches metadata does not pass', () => {
    // The stock controller's default policy leaves CGNAT (100.100.100.200, Alibaba metadata) open.
    const r = run(['audit', '-', '--profile', 'hardened', '--fail-on', 'high'], tpl('default', ''));
    expect(r.code).not.toBe(0);
  });

  it('a typo above spec.networkPolicy is refused, not read as the default policy', () => {
    for (const typo of ['  networkpolicy: {}\n', '  networkPolicyManagment: Unmanaged\n']) {
      const input = tpl('typo', typo);
      expect(run(['validate', '-'], input).code, typo).not.toBe(0);
      expect(run(['render', '-'], input).code, typo).not.toBe(0);
    }
  });

  it('kubectl stops at a `...` document-end line: a deny-all after it is not read', () => {
    const r = run(['audit', '-'], `${OPEN_METADATA}...\n${DENY_ALL}`);
    // Either the CLI reads what kubectl reads (the open template: fail), or it refuses the input (2).
    expect([1, 2]).toContain(r.code);
    expect(r.stdout).not.toMatch(/airgapped/);
  });

  it('hidden folders and node_modules are read under a directory, as kubectl apply -R does', () => {
    const root = dir({ 'ok.yaml': DENY_ALL, '.k8s/open.yaml': OPEN_METADATA, 'node_modules/x/open.yaml': OPEN_METADATA.replace('name: open', 'name: open2') });
    const r = run(['audit', root]);
    expect(r.code).toBe(1);
  });

  it('--max-input-size stops an endless stream early (exit 2, not an out-of-memory crash)', () => {
    const r = spawnSync(process.execPath, [CLI, 'audit', '/dev/zero', '--max-input-size', '1Mi'], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(2);
  });
});

describe('suppressions own only their findings', () => {
  const decoy = (ns: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: decoy
  namespace: ${ns}
  annotations:
    ignore-check.agent-sandbox-policy/metadata-reachable: "not ours"
    ignore-check.agent-sandbox-policy/egress-unrestricted: "not ours"
    ignore-check.agent-sandbox-policy/link-local-reachable: "not ours"
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
`;
  const opener = (ns: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: opener
  namespace: ${ns}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress: [{to: [{ipBlock: {cidr: 169.254.169.254/32}}]}]
`;

  it("a decoy policy's annotations do not hide the finding another policy opens", () => {
    const baseline = run(['audit', '-', '--all-targets'], opener('web'));
    expect(baseline.code).toBe(1);
    const r = run(['audit', '-', '--all-targets'], `${decoy('web')}---\n${opener('web')}`);
    expect(r.code).toBe(1);
  });

  it('a reason made only of invisible characters does not suppress', () => {
    for (const reason of ['\\u200b', '\\u2800', '\\u200b\\u00a0']) {
      const input = tpl('open', '  networkPolicy:\n    egress: [{to: [{ipBlock: {cidr: 169.254.169.254/32}}]}]\n', 'agents', `\n  annotations:\n    ignore-check.agent-sandbox-policy/metadata-reachable: "${reason}"`);
      expect(run(['audit', '-'], input).code, reason).toBe(1);
    }
  });

  it('a misspelt code in an ignore-check annotation fails the default gate', () => {
    const input = tpl('closed', '  networkPolicy: {}\n', 'agents', '\n  annotations:\n    ignore-check.agent-sandbox-policy/metadata-reachabel: "typo"');
    expect(run(['audit', '-'], input).code).toBe(1);
  });

  it('a template whose name hash collides cannot suppress the collision nor what it opens on the victim', () => {
    // costarring and liquid share the FNV-1a hash 5e4daa9d.
    const victim = tpl('liquid', '  networkPolicy: {}\n');
    const attacker = tpl('costarring', '  networkPolicy:\n    egress: [{to: [{ipBlock: {cidr: 169.254.169.254/32}}]}]\n', 'agents', '\n  annotations:\n    ignore-check.agent-sandbox-policy/hash-collision: "fine"\n    ignore-check.agent-sandbox-policy/metadata-reachable: "fine"');
    expect(run(['audit', '-'], `${victim}---\n${attacker}`).code).toBe(1);
  });
});

describe('noise the gate does not fail on', () => {
  it('a Service, ConfigMap or Kustomization in the folder is skipped, not an error', () => {
    const root = dir({
      'ok.yaml': DENY_ALL,
      'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: agents}\nspec: {ports: [{port: 80}]}\n',
      'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: agents}\ndata: {a: b}\n',
      'kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [ok.yaml]\n',
    });
    expect(run(['audit', root]).code).toBe(0);
  });

  it('application pods selected by ingress-only policies do not fail the default gate', () => {
    const cookbook = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-allow-all, namespace: default}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{}]
`;
    expect(run(['audit', '-'], cookbook).code).toBe(0);
  });

  it('one unreadable file still leaves output for the others, and exits 2', () => {
    const root = dir({ 'ok.yaml': OPEN_METADATA, 'bad.yaml': 'a: [unclosed\n' });
    const r = run(['audit', join(root, 'ok.yaml'), join(root, 'bad.yaml'), '-o', 'json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/metadata-reachable/);
  });
});

describe('a template is a family of pods, in the gate too', () => {
  it('a policy that opens metadata to warm sandboxes only fails the gate, and the report names those pods', () => {
    const warmOpen = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: warm-open, namespace: agents}
spec:
  podSelector: {matchLabels: {agents.x-k8s.io/launch-type: warm}}
  policyTypes: [Egress]
  egress: [{to: [{ipBlock: {cidr: 169.254.169.254/32}}]}]
`;
    const input = `${DENY_ALL}---\n${warmOpen}`;
    const text = run(['audit', '-'], input);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^pods \(metadata-reachable[^)]*\): .*launch-type=warm/m);
    const json = JSON.parse(run(['audit', '-', '-o', 'json'], input).stdout);
    const f = json.targets[0].findings.find((x: { code: string }) => x.code === 'metadata-reachable');
    expect(f.variant).toMatch(/launch-type=warm/);
  });
});

describe('terminal output', () => {
  it('escape sequences and newlines from input do not reach the terminal raw', () => {
    const input = 'apiVersion: v1\nkind: "Config\\u001b[2K\\rMap"\nmetadata: {name: "c\\u001b]8;;http://e\\u0007x", namespace: agents}\n';
    const r = run(['audit', '-', '--strict-kinds'], input);
    expect(r.stdout + r.stderr).toMatch(/Config/);
    expect(r.stdout + r.stderr).not.toMatch(/[\u001b\u0007\r]/);
  });
});

describe('SARIF', () => {
  it('one severity per rule, in GitHub\'s band of the catalogue severity, whatever finding comes first', () => {
    const band = (score: number) => (score >= 9 ? 'critical' : score >= 7 ? 'high' : score >= 4 ? 'medium' : 'low');
    const expected: Record<string, string> = { error: 'critical', critical: 'critical', high: 'high', medium: 'medium', low: 'low' };
    const r = run(['audit', '-', '-o', 'sarif'], `${tpl('default', '')}---\n${OPEN_METADATA}`);
    const log = JSON.parse(r.stdout);
    const rules = log.runs[0].tool.driver.rules as Array<{ id: string; properties?: Record<string, unknown> }>;
    const ids = rules.map((x) => x.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of rules) {
      const kind = FINDING_CATALOGUE.find((k) => k.code === rule.id)!;
      const score = rule.properties?.['security-severity'];
      if (kind.severity === 'info') expect(score).toBeUndefined();
      else expect(band(Number(score)), rule.id).toBe(expected[kind.severity]);
    }
    for (const result of log.runs[0].results as Array<{ partialFingerprints?: Record<string, string> }>) expect(Object.keys(result.partialFingerprints ?? {})).not.toHaveLength(0);
  });
});
