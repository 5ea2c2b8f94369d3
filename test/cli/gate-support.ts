/**
 * Runs `agent-sandbox-policy audit` in-process through runCli (the same entry the built CLI runs),
 * so property tests can afford many runs. Inputs in the gate tests are hand-written from the
 * Kubernetes and agent-sandbox semantics (independent of this library's output).
 */
import { runCli } from '../../src/cli/main.js';

export interface AuditRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `agent-sandbox-policy audit ...args` with `input` on standard input. */
export async function audit(args: readonly string[], input: string): Promise<AuditRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['audit', ...args], {
    stdin: {
      isTTY: false,
      async *chunks() {
        yield new TextEncoder().encode(input);
      },
    },
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    colour: false,
    version: '0.0.0-test',
  });
  return { code, stdout, stderr };
}

/** A SandboxTemplate; `spec` is YAML after `spec:` (flow style), `annotations` flow-style pairs. */
export const tpl = (name: string, namespace: string, spec = '{}', annotations = '') =>
  `apiVersion: extensions.agents.x-k8s.io/v1beta1\nkind: SandboxTemplate\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n${annotations ? `  annotations: {${annotations}}\n` : ''}spec: ${spec}\n`;

/** An Unmanaged template: no policy of its own, so only other policies decide its pods. */
export const unmanaged = (name: string, namespace: string, annotations = '') => tpl(name, namespace, '{networkPolicyManagement: Unmanaged}', annotations);

/** A NetworkPolicy selecting `selector` and allowing egress to `cidr` only (no cidr: an ingress-only policy). */
export const np = (name: string, namespace: string, selector = '{}', cidr?: string, annotations = '', extraMeta = '') =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n${annotations ? `  annotations: {${annotations}}\n` : ''}${extraMeta}spec:\n  podSelector: ${selector}\n${cidr ? `  policyTypes: [Egress]\n  egress: [{to: [{ipBlock: {cidr: ${JSON.stringify(cidr)}}}]}]\n` : '  policyTypes: [Ingress]\n  ingress: [{from: [{podSelector: {}}]}]\n'}`;

/** A Namespace with annotations. */
export const namespace = (name: string, annotations = '') => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${JSON.stringify(name)}\n${annotations ? `  annotations: {${annotations}}\n` : ''}`;

/** `"ignore-check.agent-sandbox-policy/<code>": "<reason>"` as a flow-mapping pair. */
export const ignore = (code: string, reason = 'accepted by the platform team') => `"ignore-check.agent-sandbox-policy/${code}": ${JSON.stringify(reason)}`;

export const docs = (...d: string[]) => d.join('---\n');

interface JsonFinding {
  code: string;
  severity: string;
  policy?: string;
  suppressed?: { reason: string };
}
interface JsonTarget {
  target: { kind: string; namespace: string; name: string };
  sandbox: boolean;
  gated: boolean;
  findings: JsonFinding[];
}
/** The parsed `-o json` report of the cluster view. */
export interface JsonReport {
  controller: { model: string; description: string };
  targets: JsonTarget[];
  findings: JsonFinding[];
  summary: { failed: boolean; failOn: string; skipped: string[]; failures: Array<{ source: string; message: string }>; contextTargets: number; allTargets: boolean };
}

/** The findings of `code` on the target `kind ns/name`. */
export const findingsOn = (report: JsonReport, target: string, code: string): JsonFinding[] =>
  report.targets.filter((t) => `${t.target.kind} ${t.target.namespace}/${t.target.name}` === target).flatMap((t) => t.findings.filter((f) => f.code === code));
