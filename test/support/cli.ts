/** Runs the built CLI (dist/cli.js) as a user would. `npm test` builds it first. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CLI = join(ROOT, 'dist', 'cli.js');
export const EXAMPLE = 'examples/sandbox-template.yaml';

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `agent-sandbox-policy ...args` from the repository root with `input` on stdin. */
export function run(args: readonly string[], input = '', env: Record<string, string> = {}): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', input, env: { ...process.env, NO_COLOR: '', ...env }, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A SandboxTemplate document. */
export const template = (name: string, extra = '', namespace = 'agents', metadata = '') => `apiVersion: extensions.agents.x-k8s.io/v1beta1
kind: SandboxTemplate
metadata:
  name: ${name}
  namespace: ${namespace}${metadata}
spec:${extra || ' {}'}
`;

/** A NetworkPolicy document egressing to `cidr`. */
export const policyTo = (cidr: string, name = 'np', metadata = '') => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: agents${metadata}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to:
        - ipBlock:
            cidr: ${cidr}
`;
