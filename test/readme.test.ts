// The README's CLI output blocks are the real output of the built CLI. Each block is marked
//   <!-- readme:run agent-sandbox-policy ARGS -->
//   ```text
//   ...
//   ```
//   <!-- /readme:run -->
// and compared with a fresh run. To regenerate them after changing the CLI:
//   npm run build && UPDATE_README=1 npx vitest run test/readme.test.ts
import { execSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { clusterGuardrailFor } from '../src/index.js';
import { CLI, ROOT } from './support/cli.js';

const README_PATH = join(ROOT, 'README.md');
const BLOCK = /<!-- readme:run (.+?) -->\n(?:```text\n([\s\S]*?)```\n)?<!-- \/readme:run -->/g;

/** Runs a README command line (`agent-sandbox-policy ARGS`) with the built CLI. */
function output(command: string): string {
  const args = command.replace(/^agent-sandbox-policy\s+/, '').split(/\s+/);
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  // audit's exit 1 is its verdict (a finding at or above the gate), part of what the block shows.
  const verdict = r.status === 1 && /^agent-sandbox-policy audit /.test(command);
  if (r.status !== 0 && !verdict) throw new Error(`${command} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

if (process.env.UPDATE_README === '1') {
  const text = readFileSync(README_PATH, 'utf8').replace(BLOCK, (_, cmd: string) => `<!-- readme:run ${cmd} -->\n\`\`\`text\n${output(cmd)}\`\`\`\n<!-- /readme:run -->`);
  writeFileSync(README_PATH, text);
}
const README = readFileSync(README_PATH, 'utf8');

describe('README', () => {
  it('test/fixtures/cli-readme/sandbox-guardrail.yaml is what the guardrail command prints', () => {
    expect(readFileSync(join(ROOT, 'test/fixtures/cli-readme/sandbox-guardrail.yaml'), 'utf8')).toBe(output('agent-sandbox-policy guardrail --cluster-cidr 34.118.224.0/20'));
  });
  it('starts with the two commands a new user runs', () => {
    expect(README.split('\n').slice(2, 6).join('\n')).toMatch(/^```sh\nnpm ci && npm start .*\nnpm test /);
  });

  const blocks = [...README.matchAll(BLOCK)];
  it('has CLI output blocks, the audit of the example template among them', () => {
    expect(blocks.map((b) => b[1])).toEqual(expect.arrayContaining(['agent-sandbox-policy audit examples/sandbox-template.yaml', 'agent-sandbox-policy --help']));
  });
  for (const [, command, shown] of blocks) {
    it(`shows the real output of: ${command}`, () => {
      expect(shown, 'run UPDATE_README=1 npx vitest run test/readme.test.ts').toBe(output(command!));
    });
  }
  it('names the template as the CLI does (the example is python-agent)', () => {
    expect(README).toContain('SandboxTemplate agents/python-agent: 1 critical');
  });

  it('cites nothing outside the repository, and its API snippet needs no YAML parser', () => {
    expect(README).not.toMatch(/spec\/[a-z-]+\.md|\.\.\/shared/);
    const api = README.slice(README.indexOf('## API'), README.indexOf('### Errors'));
    expect(api).not.toMatch(/from 'yaml'/);
  });
  it('the guardrail command prints what clusterGuardrailFor writes, after a comment header', () => {
    const cli = output('agent-sandbox-policy guardrail --cluster-cidr 34.118.224.0/20');
    expect(cli.replace(/^(#.*\n)+/, '')).toBe(clusterGuardrailFor({ clusterCidrs: ['34.118.224.0/20'] }).map((p) => stringify(p)).join('---\n'));
  });

  const commands = [...README.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split('\n')).filter((l) => l.includes('npx agent-sandbox-policy'));
  it('has CLI commands to check', () => expect(commands.length).toBeGreaterThanOrEqual(8));
  for (const line of commands) {
    it(`works as written: ${line}`, () => {
      // kubectl is not here: its output is replaced by a captured `kubectl get -o yaml` List.
      const expected = Number(/#\s*exits (\d+)/.exec(line)?.[1] ?? 0);
      const cmd = line
        .replace(/^kubectl get (\S+) -A -o yaml \|/, 'cat test/fixtures/kubectl-get-$1.yaml |')
        .replace(/\| kubectl apply --dry-run=server -f -$/, '')
        .replace(/\s+#.*$/, '')
        .replace(/> \S+$/, '> /dev/null');
      let code = 0;
      try {
        execSync(cmd, { cwd: ROOT, stdio: 'pipe', shell: '/bin/bash' });
      } catch (err) {
        code = (err as { status: number }).status;
      }
      expect(code).toBe(expected);
    });
  }
});

describe('package metadata', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  it('has the Apache-2.0 LICENSE it declares', () => {
    expect(pkg.license).toBe('Apache-2.0');
    const license = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^\s+Apache License\n\s+Version 2\.0, January 2004/);
    expect(license).toContain('END OF TERMS AND CONDITIONS');
  });
  it('names its repository, homepage and issue tracker', () => {
    expect(pkg.repository).toEqual({ type: 'git', url: 'git+https://github.com/agent-sandbox-policy/agent-sandbox-policy.git' });
    expect(pkg.homepage).toBe('https://github.com/agent-sandbox-policy/agent-sandbox-policy#readme');
    expect(pkg.bugs).toEqual({ url: 'https://github.com/agent-sandbox-policy/agent-sandbox-policy/issues' });
  });
});
