// The built CLI's effective (cluster) view and the wave-2 commands and flags: audit via auditCluster,
// explain --target, guardrail, render --labels/--dns/--patch, Go byte order, -o html, v1alpha1 warnings.
// Inputs are hand-written here from the Kubernetes and network-policy-api semantics (independent).
import { describe, expect, it } from 'vitest';
import { EXAMPLE, run, template } from './support/cli.js';

const json = (s: string) => JSON.parse(s);

/** A team's strict namespace policy: egress only to cluster DNS. */
const STRICT = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: strict
  namespace: agents
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
  egress:
    - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}}]
      ports: [{protocol: UDP, port: 53}]
`;
const MANAGED = template('python', '\n  podTemplate:\n    spec:\n      containers: [{name: a, image: python}]');
const UNMANAGED = template('python', '\n  networkPolicyManagement: Unmanaged\n  podTemplate:\n    spec:\n      containers: [{name: a, image: python}]');

describe('audit: the effective view (auditCluster)', () => {
  it('a strict namespace policy next to a Managed template: the controller policy reopens the internet, and is named', () => {
    const r = run(['audit', '-', '-o', 'json', '--fail-on', 'high'], `${STRICT}---\n${MANAGED}`);
    expect(r.code).toBe(1);
    const out = json(r.stdout);
    expect(out.targets).toHaveLength(1);
    const t = out.targets[0];
    expect(t.target).toEqual({ kind: 'SandboxTemplate', namespace: 'agents', name: 'python' });
    expect(t.egressIsolated).toBe(true);
    expect(t.policies.egress.map((p: { policy: string }) => p.policy)).toEqual(['NetworkPolicy agents/python-network-policy', 'NetworkPolicy agents/strict']);
    const unioned = t.findings.find((f: { code: string }) => f.code === 'managed-policy-unioned');
    expect(unioned).toMatchObject({ severity: 'high', policy: 'NetworkPolicy agents/python-network-policy', source: '<stdin>' });
    expect(t.egressReachable).toContain('8.0.0.0/7'); // 8.8.8.8 and its neighbours
  });
  it('the same namespace with the template Unmanaged: the strict policy decides, no internet', () => {
    const out = json(run(['audit', '-', '-o', 'json', '--fail-on', 'high'], `${STRICT}---\n${UNMANAGED}`).stdout);
    const t = out.targets[0];
    expect(t.egressReachable).toEqual([]);
    expect(t.findings.filter((f: { severity: string }) => ['critical', 'high'].includes(f.severity))).toEqual([]);
    expect(out.summary.failed).toBe(false);
  });
  it('an ingress-only policy next to a default-deny egress policy is no false alarm', () => {
    const deny = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: team}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n';
    const ingress = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web, namespace: team}\nspec:\n  podSelector: {}\n  ingress: [{from: [{podSelector: {}}]}]\n';
    const r = run(['audit', '-', '--fail-on', 'high'], `${deny}---\n${ingress}`);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/^(critical|high)/m);
  });
  it('text: a summary line and an isolation note per target, and a POLICY column', () => {
    const r = run(['audit', '-'], `${STRICT}---\n${MANAGED}`);
    expect(r.stdout).toMatch(/^== <stdin>:\d+ SandboxTemplate agents\/python: \d+ critical/m);
    expect(r.stdout).toMatch(/^ {3}egress and ingress isolated, decided by NetworkPolicy agents\/python-network-policy \(from SandboxTemplate agents\/python\), NetworkPolicy agents\/strict$/m);
    const deny = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: team}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n';
    expect(run(['audit', '-'], deny).stdout).toMatch(/^ {3}egress isolated, decided by NetworkPolicy team\/deny; ingress not isolated$/m);
    expect(r.stdout).toMatch(/^SEVERITY\s+CODE\s+POLICY\s+LINE\s+PATH\s+RANGES$/m);
  });
  it('hash collisions are one hash-collision finding on the object, in one namespace only', () => {
    const out = json(run(['audit', '-', '-o', 'json'], `${template('costarring')}---\n${template('liquid')}---\n${template('liquid', '', 'elsewhere')}`).stdout);
    const all = [...out.findings, ...out.targets.flatMap((t: { findings: unknown[] }) => t.findings)].filter((f: { code: string }) => f.code === 'hash-collision');
    expect(all).toHaveLength(1);
    expect(all[0].message).toContain('SandboxTemplate agents/costarring and SandboxTemplate agents/liquid');
  });
  it('a suppression on the policy that opened a finding suppresses it for the target', () => {
    const np = STRICT.replace('  namespace: agents\n', '  namespace: agents\n  annotations: {ignore-check.agent-sandbox-policy/metadata-reachable: "metadata is blocked by the node firewall"}\n').replace(/egress:[\s\S]*$/, 'egress: [{to: [{ipBlock: {cidr: 169.254.169.254/32}}]}]\n');
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: agents}\nspec: {containers: [{name: a, image: x}]}\n';
    const r = run(['audit', '-', '-o', 'json', '--fail-on', 'critical'], `${np}---\n${pod}`);
    const f = json(r.stdout).targets[0].findings.find((x: { code: string }) => x.code === 'metadata-reachable');
    expect(f.suppressed).toEqual({ reason: 'metadata is blocked by the node firewall' });
    expect(r.code).toBe(0);
    // A plain Pod is context: only --all-targets gates it.
    expect(run(['audit', '-', '--fail-on', 'critical', '--no-suppressions'], `${np}---\n${pod}`).code).toBe(0);
    expect(run(['audit', '-', '--fail-on', 'critical', '--no-suppressions', '--all-targets'], `${np}---\n${pod}`).code).toBe(1);
  });
  it('a v1alpha1 template: a deprecated-api-version finding and a warning on stderr', () => {
    const r = run(['audit', '-', '-o', 'json'], MANAGED.replace('v1beta1', 'v1alpha1'));
    expect(r.stderr).toMatch(/warning: <stdin>:1 SandboxTemplate python: extensions\.agents\.x-k8s\.io\/v1alpha1 is deprecated/);
    expect(json(r.stdout).targets[0].findings.map((f: { code: string }) => f.code)).toContain('deprecated-api-version');
    for (const cmd of ['render', 'validate', 'explain']) expect(run([cmd, '-'], MANAGED.replace('v1beta1', 'v1alpha1')).stderr).toContain('is deprecated');
  });
  it('-o html is one self-contained page; it does not combine with --per-document', () => {
    const r = run(['audit', EXAMPLE, '-o', 'html', '--fail-on', 'error']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^<!DOCTYPE html>/i);
    expect(r.stdout).toContain('SandboxTemplate agents/python-agent');
    expect(r.stdout).not.toMatch(/<script[^>]+src=|<link[^>]+href=|@import|url\(http/);
    const bad = run(['audit', EXAMPLE, '-o', 'html', '--per-document']);
    expect(bad.code).toBe(2);
  });
  it('objects of other kinds are skipped and listed (--strict-kinds: unsupported-kind errors); the rest are still audited', () => {
    const input = `${MANAGED}---\napiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: agents}\n`;
    const skipped = json(run(['audit', '-', '-o', 'json', '--fail-on', 'error'], input).stdout);
    expect(skipped.summary.skipped).toEqual(['Service agents/s']);
    expect(skipped.findings.map((f: { code: string }) => f.code)).not.toContain('unsupported-kind');
    const r = run(['audit', '-', '-o', 'json', '--fail-on', 'error', '--strict-kinds'], input);
    expect(r.code).toBe(1);
    const out = json(r.stdout);
    expect(out.targets).toHaveLength(1);
    expect(out.findings).toContainEqual(expect.objectContaining({ code: 'unsupported-kind', severity: 'error', policy: 'Service agents/s' }));
  });
});

describe('--namespace (-n): where objects without a namespace live', () => {
  const bare = 'apiVersion: extensions.agents.x-k8s.io/v1beta1\nkind: SandboxTemplate\nmetadata: {name: python}\nspec: {}\n';
  it('defaults to default, as kubectl; -n moves them', () => {
    expect(json(run(['audit', '-', '-o', 'json'], bare).stdout).targets[0].target.namespace).toBe('default');
    expect(json(run(['audit', '-', '-o', 'json', '-n', 'team'], bare).stdout).targets[0].target.namespace).toBe('team');
    expect(run(['explain', '-', '-n', 'team', '--target', 'SandboxTemplate/team/python'], bare).code).toBe(0);
  });
  it('is refused where it means nothing, and for a name that is not a namespace', () => {
    expect(run(['audit', '--per-document', '-', '-n', 'team'], bare).code).toBe(2);
    expect(run(['explain', '-', '-n', 'team'], bare).code).toBe(2);
    expect(run(['audit', '-', '-n', 'Not_A_Namespace'], bare).code).toBe(2);
    expect(run(['render', '-', '-n', 'team'], bare).stderr).toContain('-n');
  });
});

describe('explain --target', () => {
  it("explains a target's effective policy with every object that selects it", () => {
    const r = run(['explain', '-', '--target', 'SandboxTemplate/agents/python'], `${STRICT}---\n${MANAGED}`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('NetworkPolicy agents/strict');
    expect(r.stdout).toContain('NetworkPolicy agents/python-network-policy (rendered from SandboxTemplate agents/python)');
  });
  it('a malformed or unknown target exits 2', () => {
    expect(run(['explain', '-', '--target', 'python'], MANAGED).code).toBe(2);
    const r = run(['explain', '-', '--target', 'SandboxTemplate/agents/nope'], MANAGED);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no target');
  });
});

describe('guardrail', () => {
  it('prints ClusterNetworkPolicies as YAML with the CRD channel in a comment header', () => {
    const r = run(['guardrail', '--cluster-cidr', '10.0.0.0/8']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# .*\n# Needs the standard-channel ClusterNetworkPolicy CRD/);
    expect(r.stdout).toContain('kind: ClusterNetworkPolicy');
    expect(r.stdout).toContain('- 10.0.0.0/8');
  });
  it('--allow-domain needs the experimental channel; -o json is a List', () => {
    const r = run(['guardrail', '--allow-domain', 'pypi.org', '--deny-all-other-egress', '-o', 'json']);
    expect(r.code).toBe(0);
    const list = json(r.stdout);
    expect(list.kind).toBe('List');
    expect(JSON.stringify(list.items)).toContain('"domainNames":["pypi.org"]');
    expect(r.stderr).toContain('experimental-channel');
    expect(run(['guardrail', '--allow-domain', 'pypi.org']).stdout).toMatch(/Needs the experimental-channel/);
  });
  it('--baseline adds a Baseline policy; --name, --priority and --port shape it', () => {
    const items = json(run(['guardrail', '--baseline', '--name', 'gr', '--priority', '20', '--allow-domain', 'a.example', '--port', 'TCP/8443', '-o', 'json']).stdout).items;
    expect(items.map((p: { metadata: { name: string }; spec: { tier: string } }) => [p.metadata.name, p.spec.tier])).toEqual([['gr', 'Admin'], ['gr-baseline', 'Baseline']]);
    expect(items[0].spec.priority).toBe(20);
    expect(JSON.stringify(items[0])).toContain('8443');
  });
  it('bad values, input files and flags of other commands exit 2 in our words', () => {
    const domain = run(['guardrail', '--allow-domain', '*github.com']);
    expect(domain.code).toBe(2);
    expect(domain.stderr).toContain('--allow-domain *github.com: ');
    expect(run(['guardrail', '--port', '443']).code).toBe(2);
    expect(run(['guardrail', '--priority', 'high']).code).toBe(2);
    const file = run(['guardrail', EXAMPLE]);
    expect(file.code).toBe(2);
    expect(file.stderr).toContain('reads no input');
    const flag = run(['guardrail', '--fail-on', 'high']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('--fail-on does not apply to guardrail');
  });
  it('audit shows its effect: with the guardrail the sandbox reaches no sensitive range, the internet still', () => {
    const guard = run(['guardrail', '--cluster-cidr', '10.0.0.0/8']).stdout;
    const before = json(run(['audit', '-', '-o', 'json'], MANAGED).stdout).targets[0];
    const after = json(run(['audit', '-', '-o', 'json'], `${MANAGED}---\n${guard}`).stdout).targets[0];
    // Critical and high reach findings: metadata, private, CGNAT, link-local, ULA, NAT64, cluster ranges.
    const sensitive = (t: { findings: Array<{ code: string; severity: string }> }) => t.findings.filter((f) => /-reachable$/.test(f.code) && ['critical', 'high'].includes(f.severity)).map((f) => f.code);
    expect(sensitive(before)).toContain('metadata-reachable');
    expect(sensitive(after)).toEqual([]);
    expect(after.policies.egress.map((p: { policy: string }) => p.policy)).toContain('ClusterNetworkPolicy sandbox-guardrail');
    expect(after.egressReachable).toContain('8.0.0.0/7');
  });
});

describe('render: the sandbox pod', () => {
  it('--labels prints the full label set; without --sandbox-name a note says the hash is a placeholder', () => {
    const r = run(['render', '-', '--labels', '-o', 'json'], template('python', '\n  podTemplate:\n    metadata:\n      labels: {app: agent, agents.x-k8s.io/x: dropped}'));
    const labels = json(r.stdout).details.find((i: { kind: string }) => i.kind === 'PodLabels').labels;
    expect(labels.app).toBe('agent');
    expect(labels['agents.x-k8s.io/x']).toBeUndefined();
    expect(Object.keys(labels)).toContain('agents.x-k8s.io/sandbox-name-hash');
    expect(r.stderr).toContain('no --sandbox-name');
    const named = run(['render', '-', '--labels', '--sandbox-name', 'sb-1', '-o', 'json'], template('python'));
    expect(named.stderr).not.toContain('no --sandbox-name');
    expect(json(named.stdout).details[0].labels['agents.x-k8s.io/sandbox-name-hash']).toMatch(/^[0-9a-f]{8}$/);
  });
  it('--sandbox-name, --warm-pool, --created-by without --labels, and --patch-at without --patch, exit 2', () => {
    for (const args of [['--sandbox-name', 'x'], ['--warm-pool', 'p'], ['--created-by', 'controller'], ['--patch-at', '/spec']]) expect(run(['render', EXAMPLE, ...args]).code).toBe(2);
  });
  it('--dns prints the override, or says there is none', () => {
    const dns = json(run(['render', EXAMPLE, '--dns', '-o', 'json']).stdout).details.find((i: { kind: string }) => i.kind === 'PodDnsConfig');
    expect(dns).toMatchObject({ dnsPolicy: 'None', dnsConfig: { nameservers: ['8.8.8.8', '1.1.1.1'] } });
    const none = run(['render', '-', '--dns', '-o', 'json'], UNMANAGED);
    expect(json(none.stdout).details ?? []).toEqual([]);
    expect(none.stderr).toContain('no DNS override');
  });
  it('--patch prints the RFC 6902 operations; --patch-at places them', () => {
    const ops = (args: string[]) => json(run(['render', EXAMPLE, '--patch', ...args, '-o', 'json']).stdout).details.find((i: { kind: string }) => i.kind === 'JsonPatch').operations;
    expect(ops([]).map((o: { path: string }) => o.path)).toEqual(['/automountServiceAccountToken', '/dnsPolicy', '/dnsConfig']);
    expect(ops(['--patch-at', '/spec']).map((o: { path: string }) => o.path)).toEqual(['/spec/automountServiceAccountToken', '/spec/dnsPolicy', '/spec/dnsConfig']);
    expect(run(['render', EXAMPLE, '--patch', '--patch-at', 'spec']).code).toBe(2);
  });
  it('-o json writes map keys in Go order (integer-like label keys sorted as strings)', () => {
    const t = template('python', '\n  podTemplate:\n    metadata:\n      labels: {"9": a, "10": b}');
    const out = run(['render', '-', '--labels', '-o', 'json'], t).stdout;
    expect(out.indexOf('"10"')).toBeLessThan(out.indexOf('"9"'));
    expect(json(out).kind).toBe('List');
  });
});

describe('validate: ClusterNetworkPolicies against their CRD', () => {
  it("accepts what guardrail writes, on the channel guardrail says it needs", () => {
    const objects = run(['guardrail', '--allow-domain', 'pypi.org', '--deny-all-other-egress']).stdout;
    const r = run(['validate', '-'], objects);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ClusterNetworkPolicy sandbox-guardrail: valid/);
    // domainNames only exist in the experimental-channel CRD.
    const standard = run(['validate', '-', '--crd-channel', 'standard'], objects);
    expect(standard.code).toBe(1);
    expect(standard.stdout).toMatch(/domainNames/);
  });
  it('reports an invalid one at its field, with the line, and exits 1', () => {
    const bad = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata:
  name: bad
spec:
  tier: Admin
  priority: 10
  subject:
    namespaces: {}
  egress:
    - name: github
      action: Accept
      to:
        - domainNames: ["*github.com"]
`;
    const r = run(['validate', '-', '-o', 'json'], bad);
    expect(r.code).toBe(1);
    const issues = JSON.parse(r.stdout).reports[0].issues;
    expect(issues.some((i: { path: string; line: number }) => i.path.startsWith('spec.egress[0].to[0].domainNames[0]') && i.line === 14)).toBe(true);
  });
  it('refuses an unknown --crd-channel with exit 2', () => {
    const r = run(['validate', '-', '--crd-channel', 'beta'], 'kind: Namespace\napiVersion: v1\nmetadata: {name: a}\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--crd-channel must be standard or experimental/);
  });
});
