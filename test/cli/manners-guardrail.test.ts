/**
 * The guardrail command's exceptions and Pass ports: --allow-sensitive is named in the YAML, on
 * stderr and in the annotation; --pass-port gives the Pass rules ports. Self-generated cases.
 */
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { GUARDRAIL_SENSITIVE_EXCEPTIONS_ANNOTATION, validateClusterNetworkPolicy } from '../../src/index.js';
import { run } from '../support/cli.js';

describe('guardrail --allow-sensitive', () => {
  it('refuses a NodeLocal DNS nameserver without it, naming the flag and the range', () => {
    const r = run(['guardrail', '--nameserver', '169.254.20.10']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/--nameserver 169\.254\.20\.10: reaches 169\.254\.20\.10\/32, in the sensitive ranges .*169\.254\.0\.0\/16/);
  });

  it('with it: a comment line, a stderr warning and the annotation name the exception', () => {
    const r = run(['guardrail', '--nameserver', '169.254.20.10', '--allow-sensitive', '169.254.20.10/32']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^#   169\.254\.20\.10\/32 via --nameserver 169\.254\.20\.10 \(rule dns\)$/m);
    expect(r.stderr).toBe('agent-sandbox-policy guardrail: warning: sensitive-range exception (--allow-sensitive): 169.254.20.10/32 via --nameserver 169.254.20.10 (rule dns)\n');
    const [admin] = parseAllDocuments(r.stdout).map((d) => d.toJS() as { metadata: { annotations?: Record<string, string> } });
    expect(admin!.metadata.annotations?.[GUARDRAIL_SENSITIVE_EXCEPTIONS_ANNOTATION]).toBe('169.254.20.10/32 via nameservers[0] (rule dns)');
    const json = run(['guardrail', '--nameserver', '169.254.20.10', '--allow-sensitive', '169.254.20.10/32', '-o', 'json']);
    expect(json.stderr).toContain('sensitive-range exception (--allow-sensitive): 169.254.20.10/32 via --nameserver 169.254.20.10');
  });

  it('without exceptions: no such comment, nothing on stderr but the json channel note', () => {
    const r = run(['guardrail', '--cluster-cidr', '10.0.0.0/8']);
    expect(r.stdout).not.toContain('Sensitive ranges');
    expect(r.stderr).toBe('');
  });
});

describe('guardrail --pass-port', () => {
  it("gives both Pass rules the ports, as upstream's example passes tcp/8080, valid for the CRD", () => {
    const r = run(['guardrail', '--pass-to-namespace', 'kubernetes.io/metadata.name=shared-tools', '--pass-to', '203.0.113.0/24', '--pass-port', '8080', '--pass-port', 'UDP/9000-9100', '-o', 'json']);
    expect(r.code).toBe(0);
    const [admin] = JSON.parse(r.stdout).items;
    const passes = admin.spec.egress.filter((x: { action: string; name: string }) => x.action === 'Pass' && x.name !== 'cluster-dns');
    expect(passes.map((x: { name: string }) => x.name)).toEqual(['pass-networks', 'pass-namespaces']);
    for (const p of passes) {
      expect(p.protocols).toEqual([{ tcp: { destinationPort: { number: 8080 } } }, { udp: { destinationPort: { range: { start: 9000, end: 9100 } } } }]);
    }
    expect(validateClusterNetworkPolicy(admin, { channel: 'standard' }).filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('needs a Pass rule to apply to, and a port it can read', () => {
    expect(run(['guardrail', '--pass-port', '8080']).stderr).toMatch(/--pass-port sets the ports of the Pass rules/);
    expect(run(['guardrail', '--pass-to', '203.0.113.0/24', '--pass-port', 'http']).stderr).toMatch(/--pass-port expects PORT/);
    expect(run(['guardrail', '--pass-to', '203.0.113.0/24', '--pass-port', '8080-80']).code).toBe(2);
  });
});
