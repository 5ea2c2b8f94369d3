// Documents whose YAML 1.1 (kubectl) and YAML 1.2 readings differ are refused; the others are read.
// The table is src/cli/input/yaml-readings.ts; its examples are hand-written from the YAML 1.1 type
// repository (bool, int, float, merge) and go-yaml v2's resolver, which kubectl uses.
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { YAML11_OPTIONS, YAML_CONSTRUCTS } from '../src/cli/input/yaml-readings.js';
import { run, template } from './support/cli.js';

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
    const r = run(['audit', '-', '--profile', 'hardened', '--fail-on', 'high'], t);
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
