import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { auditCluster, auditNetworkPolicy, networkPolicyFor, SEVERITIES } from '../src/index.js';
import { baseTemplate } from './helpers.js';

const ROOT = join(import.meta.dirname, '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

function block(name: string): string {
  const m = README.match(new RegExp(`<!-- readme:${name} -->\\n\`\`\`text\\n([\\s\\S]*?)\`\`\`\\n<!-- /readme:${name} -->`));
  if (!m) throw new Error(`README block ${name} not found`);
  return m[1]!;
}

/** The README's report format: the CLI table without its suggestion column. */
function report(profile: 'upstream' | 'hardened'): string {
  const r = auditNetworkPolicy(networkPolicyFor(baseTemplate(), { profile }));
  const counts = SEVERITIES.filter((s) => r.counts[s] > 0).map((s) => `${r.counts[s]} ${s}`).join(', ');
  const rows = r.findings.map((f) => [f.severity, f.code, f.path, f.ranges.slice(0, 3).join(' ') + (f.ranges.length > 3 ? ` +${f.ranges.length - 3}` : '')]);
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((row) => row[c]!.length)));
  const lines = rows.map((row) => row.map((cell, c) => (c < 3 ? cell.padEnd(Math.max(widths[c]!, c === 0 ? 8 : 0)) : cell)).join('  ').trimEnd());
  return `== SandboxTemplate/sandbox: ${counts}\n${lines.join('\n')}\n`;
}

/** The README's cluster report format: per target, its egress policies, reachable set and non-info findings. */
function clusterReport(file: string): string {
  const r = auditCluster(parse(readFileSync(join(ROOT, file), 'utf8')));
  const out: string[] = [];
  for (const t of r.targets) {
    out.push(`== ${t.target.kind} ${t.target.namespace}/${t.target.name}`);
    out.push(`egress policies: ${t.policies.egress.map((p) => p.policy + (p.renderedFrom ? ` (from ${p.renderedFrom})` : '')).join(', ')}`);
    const cidrs = t.egressReachable.toCidrs();
    out.push(`egress reachable: ${cidrs.slice(0, 3).join(' ')}${cidrs.length > 3 ? ` +${cidrs.length - 3}` : ''}`);
    for (const f of t.findings.filter((x) => x.severity !== 'info')) out.push(`${f.severity.padEnd(8)}  ${f.code}  ${f.policy ?? '-'}  ${f.path}`);
  }
  return `${out.join('\n')}\n`;
}

describe('README', () => {
  it('shows the current cluster audit of a strict namespace policy plus a Managed template', () => {
    expect(block('cluster-union')).toBe(clusterReport('test/fixtures/cluster/strict-namespace-managed-template.yaml'));
  });
  it('starts with the two commands a new user runs', () => {
    expect(README.split('\n').slice(2, 6).join('\n')).toMatch(/^```sh\nnpm ci && npm start .*\nnpm test /);
  });
  it('shows the current audit of the upstream default', () => {
    expect(block('audit-upstream')).toBe(report('upstream'));
  });
  it('shows the current audit of the hardened profile', () => {
    expect(block('audit-hardened')).toBe(report('hardened'));
  });

  const commands = [...README.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split('\n')).filter((l) => l.includes('npx agent-sandbox-policy'));
  it('has CLI commands to check', () => expect(commands.length).toBeGreaterThanOrEqual(8));
  for (const line of commands) {
    it(`works as written: ${line}`, () => {
      // kubectl is not here: its output is replaced by a captured `kubectl get -o yaml` List.
      const cmd = line
        .replace(/^kubectl get (\S+) -A -o yaml \|/, 'cat test/fixtures/kubectl-get-$1.yaml |')
        .replace(/\| kubectl apply --dry-run=server -f -$/, '')
        .replace(/\s+#.*$/, '');
      expect(() => execSync(cmd, { cwd: ROOT, stdio: 'pipe', shell: '/bin/bash' })).not.toThrow();
    });
  }
});
