// Documents whose YAML 1.1 (kubectl) and YAML 1.2 readings differ are refused; the others are read.
// The table is src/cli/input/yaml-readings.ts; its examples are hand-written from the YAML 1.1 type
// repository (bool, int, float, merge) and go-yaml v2's resolver, which kubectl uses.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import { YAML11_OPTIONS, YAML_CONSTRUCTS } from '../src/cli/input/yaml-readings.js';
import { CLI, policyTo, run, template } from './support/cli.js';

describe('the table of YAML constructs', () => {
  it('has refused and accepted rows', () => {
    expect(YAML_CONSTRUCTS.filter((r) => r.verdict === 'refused').length).toBeGreaterThanOrEqual(7);
    expect(YAML_CONSTRUCTS.filter((r) => r.verdict === 'accepted').length).toBeGreaterThanOrEqual(4);
  });
  for (const row of YAML_CONSTRUCTS) {
    it(`${row.verdict}: ${row.construct} (${JSON.stringify(row.example.trim())})`, () => {
      // The row is honest: YAML 1.1 and 1.2 readings differ exactly for refused rows.
      const v11 = JSON.stringify(parseDocument(row.example, YAML11_OPTIONS).toJS());
      const v12 = parseDocument(row.example).toJS() as Record<string, unknown>;
      if (row.construct === '%YAML directive') expect(JSON.stringify(parseDocument(row.example.replace(/^%.*\n---\n/, ''), YAML11_OPTIONS).toJS())).not.toBe(JSON.stringify(v12));
      else if (row.construct.startsWith('explicit tag')) expect(Object.values(v12)[0]).toBeInstanceOf(Uint8Array); // not JSON data: Go reads it as bytes
      else expect(v11 === JSON.stringify(v12)).toBe(row.verdict === 'accepted');
      // And the CLI does what the row says, naming the construct and its line.
      const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n';
      const input = row.example.startsWith('%') ? row.example.replace('---\n', `---\n${namespace}`) : `${namespace}extra:\n${row.example.replace(/^/gm, '  ')}`;
      const r = run(['validate', '-'], input);
      if (row.verdict === 'refused') {
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(row.construct);
        expect(r.stderr).toMatch(row.example.startsWith('%') ? /^agent-sandbox-policy validate: <stdin>:1:1: document 0: / : /^agent-sandbox-policy validate: <stdin>:(5|6):\d+: document 0: /);
        expect(r.stderr).toContain('kubectl (YAML 1.1) reads');
      } else {
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
      }
    });
  }
});

describe('the gate never passes what the cluster would read as weaker', () => {
  it('a merge key that makes the template allow-all in the cluster is refused, not passed', () => {
    const t = template('merged', ' {<<: {networkPolicy: {egress: [{}], ingress: [{}]}}}');
    const r = run(['audit', '-', '--controller', 'embedded', '--profile', 'hardened', '--fail-on', 'high'], t);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/<stdin>:6:\d+: document 0: merge key <<: kubectl \(YAML 1\.1\) reads a merge/);
  });
  it.each([
    ['065', 'integer with a leading 0 (YAML 1.1 octal) 065: kubectl (YAML 1.1) reads 53; YAML 1.2 reads 65'],
    ['0120', 'integer with a leading 0 (YAML 1.1 octal) 0120: kubectl (YAML 1.1) reads 80; YAML 1.2 reads 120'],
  ])('port: %s is refused with both readings', (port, message) => {
    const t = template('octal', `\n  networkPolicy:\n    egress:\n      - ports:\n          - port: ${port}`);
    const r = run(['render', '-'], t);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`<stdin>:10:19: document 0: ${message}`);
    expect(r.stdout).toBe('');
  });
  it('a yes/no key (YAML 1.1 reads it as a boolean) is refused in the second document, naming it', () => {
    const r = run(['audit', '-'], `${template('a')}---\n${template('b', '', 'agents', '\n  labels: {on: x}')}`);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('<stdin>:13:12: document 1: yes/no/on/off/y/n boolean on: kubectl (YAML 1.1) reads true; YAML 1.2 reads "on"');
  });
  it('the same values quoted are read', () => {
    const t = template('quoted', '\n  networkPolicy:\n    egress:\n      - ports:\n          - port: "065"', 'agents', '\n  labels: {"on": "yes"}');
    const r = run(['validate', '-'], t);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1); // read, then judged: a named port must be a valid port name
    expect(r.stdout).toContain('spec.networkPolicy.egress[0].ports[0].port');
  });
});

describe('input is read as kubectl reads it, within the size limit, and a failed input stops every command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-yaml-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a file that cannot be read does not stop the others being read, and the command exits 2 naming it (audit: with the report of the rest)', () => {
    const d = join(dir, 'failures');
    mkdirSync(d);
    writeFileSync(join(d, 'a.yaml'), template('a'));
    writeFileSync(join(d, 'b.yaml'), 'kind: [not closed\n');
    symlinkSync(join(d, 'missing.yaml'), join(d, 'c.yaml'));
    for (const command of ['render', 'validate', 'audit']) {
      const r = run([command, d]);
      expect(r.code, command).toBe(2);
      // audit reports what it could read (a CI upload still gets it); the others print nothing.
      if (command === 'audit') expect(r.stdout).toMatch(/a\.yaml:1 SandboxTemplate agents\/a/);
      else expect(r.stdout, command).toBe('');
      expect(r.stderr, command).toMatch(new RegExp(`^agent-sandbox-policy ${command}: .*b\\.yaml:\\d+:\\d+: document 0: invalid YAML`, 'm'));
      expect(r.stderr, command).toMatch(new RegExp(`^agent-sandbox-policy ${command}: .*c\\.yaml: cannot read file \\(ENOENT\\)`, 'm'));
    }
  });
  it.each([
    ['standard input from /dev/zero', ['validate', '--max-input-size', '1Mi', '-'], '/dev/zero', '<stdin>'],
    ['/dev/zero as FILE', ['validate', '--max-input-size', '1Mi', '/dev/zero'], null, '/dev/zero'],
  ])('--max-input-size stops %s at once (exit 2)', (_, args, stdinFile, source) => {
    const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', stdio: [stdinFile === null ? 'ignore' : openSync(stdinFile, 'r'), 'pipe', 'pipe'], timeout: 20_000 });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`agent-sandbox-policy validate: ${source}: input is larger than 1048576 bytes (raise the limit with --max-input-size)\n`);
  });
  it('--max-input-size stops a FIFO fed without end at once (exit 2)', async () => {
    const fifo = join(dir, 'feed.yaml');
    if (spawnSync('mkfifo', [fifo]).status !== 0) return expect.fail('mkfifo is needed for this test');
    const writer = spawn('sh', ['-c', `exec cat /dev/zero > '${fifo}'`], { stdio: 'ignore' });
    try {
      const r = spawnSync(process.execPath, [CLI, 'audit', '--max-input-size', '64Ki', fifo], { encoding: 'utf8', timeout: 20_000 });
      expect(r.error).toBeUndefined();
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`${fifo}: input is larger than 65536 bytes`);
    } finally {
      writer.kill();
    }
  });
  it('a document after ... is refused, not read as another object (kubectl ignores it)', () => {
    const r = run(['audit', '-'], `${template('a')}...\n${policyTo('0.0.0.0/0')}`);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('<stdin>:8:1: document 0: text after a ... document end');
  });
  it('concatenated JSON objects are read, with their lines', () => {
    const one = (name: string) => JSON.stringify(parse(template(name)), null, 1);
    const r = run(['validate', '-'], `${one('a')}\n${one('b')}`);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('<stdin>:1 SandboxTemplate agents/a');
    expect(r.stdout).toContain(`<stdin>:${one('a').split('\n').length + 1} SandboxTemplate agents/b`);
  });
  it('items of any kind are read as kubectl reads them, an item without kind and apiVersion taking the list kind', () => {
    const r = run(['validate', '-'], `apiVersion: extensions.agents.x-k8s.io/v1beta1\nkind: SandboxTemplateList\nitems:\n- metadata: {name: a, namespace: agents}\n  spec: {}\n`);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('<stdin>:4 SandboxTemplate agents/a');
  });
});
