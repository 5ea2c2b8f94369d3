/**
 * `render` writes only Kubernetes objects as documents: the kind-less details (--labels, --dns,
 * --pod-spec, --patch) are comments in YAML and sit beside `items` in JSON, so kubectl takes
 * every document render writes. kubectl (an independent reader) is run where it is installed;
 * the YAML 1.1 reading below holds everywhere. And `npm start` prints only that YAML.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { EXAMPLE, ROOT, run, template } from '../support/cli.js';

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
const ALL = ['--labels', '--dns', '--pod-spec', '--patch'];

/** What kubectl makes of a stream, offline: `kind/name` of every object, or its error. */
function kubectl(stream: string): { code: number | null; names: string[]; stderr: string } {
  const r = spawnSync('kubectl', ['label', '--local', '-f', '-', 'checked=yes', '-o', 'name'], { input: stream, encoding: 'utf8' });
  return { code: r.status, names: r.stdout.split('\n').filter(Boolean), stderr: r.stderr };
}

/** The documents as kubectl's YAML 1.1 reader sees them (comment-only documents are empty). */
const documents = (yaml: string): unknown[] =>
  parseAllDocuments(yaml, { version: '1.1' })
    .map((d) => d.toJS() as unknown)
    .filter((d) => d !== null);

/** A template whose pod spec holds every line break YAML 1.1 knows, each followed by a would-be document. */
const HOSTILE = template(
  'hostile',
  `\n  podTemplate:\n    metadata:\n      labels: {app: agent}\n    spec:\n      containers:\n        - name: agent\n          image: busybox\n          command: ["a\\nkind: Secret\\n---\\napiVersion: v1", "b\\rkind: Secret", "c\\u2028---\\u2028kind: Secret", "d\\u0085kind: Secret", "e\\u2029kind: Secret"]`,
);

describe('render: every document is a Kubernetes object', () => {
  for (const [what, input, args] of [
    ['the example, every detail', '', [EXAMPLE, ...ALL]],
    ['two templates, one Unmanaged, every detail', `${template('a')}---\n${template('u', '\n  networkPolicyManagement: Unmanaged')}---\n${template('b')}`, ['-', ...ALL]],
    ['line breaks of every kind in the pod spec', HOSTILE, ['-', ...ALL]],
  ] as const) {
    it(`${what}: YAML documents all have apiVersion, kind and a name; the details are comments`, () => {
      const r = run(['render', ...args, '--sandbox-name', 'sb'], input);
      expect(r.code).toBe(0);
      const docs = documents(r.stdout) as Array<{ apiVersion?: string; kind?: string; metadata?: { name?: string } }>;
      expect(docs.length).toBeGreaterThan(0);
      for (const d of docs) {
        expect(d.apiVersion).toBe('networking.k8s.io/v1');
        expect(d.kind).toBe('NetworkPolicy');
        expect(d.metadata?.name).toMatch(/-network-policy$/);
      }
      for (const kind of ['PodLabels', 'PodDnsConfig', 'PodSpec', 'JsonPatch']) expect(r.stdout).toMatch(new RegExp(`^# kind: ${kind}$`, 'm'));
      expect(r.stdout).not.toMatch(/^kind: (Pod|Json|Secret)/m);
      if (hasKubectl) {
        const k = kubectl(r.stdout);
        expect(k.stderr).toBe('');
        expect(k.code).toBe(0);
        expect(k.names).toEqual(docs.map((d) => `networkpolicy.networking.k8s.io/${d.metadata!.name!}`));
      }
    });

    it(`${what}: -o json is a List of the objects kubectl takes, the details beside it`, () => {
      const r = run(['render', ...args, '-o', 'json', '--sandbox-name', 'sb'], input);
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout) as { kind: string; items: Array<{ kind: string }>; details: Array<{ kind: string }> };
      expect(out.kind).toBe('List');
      expect(out.items.every((i) => i.kind === 'NetworkPolicy')).toBe(true);
      expect(new Set(out.details.map((d) => d.kind))).toEqual(new Set(['PodLabels', 'PodDnsConfig', 'PodSpec', 'JsonPatch']));
      if (hasKubectl) {
        const k = kubectl(r.stdout);
        expect(k.code).toBe(0);
        expect(k.names).toHaveLength(out.items.length);
      }
    });
  }

  it('a kind-less document is what kubectl refuses (the check above can fail)', () => {
    const stream = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\nkind: PodLabels\ntemplate: x\n`;
    expect((documents(stream)[1] as { apiVersion?: string }).apiVersion).toBeUndefined();
    if (hasKubectl) {
      const json = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ kind: 'PodLabels', template: 'x' }] });
      expect(kubectl(json).code).not.toBe(0);
    }
  });
});

describe('npm start', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

  it('builds quietly first, then renders (npm keeps its own messages: no .npmrc silences them)', () => {
    const [build, render] = pkg.scripts.start!.split(' && ');
    expect(build).toBe('tsup --silent');
    expect(render).toMatch(/^node dist\/cli\.js render examples\/sandbox-template\.yaml /);
    expect(existsSync(join(ROOT, '.npmrc'))).toBe(false);
  });

  it("its render prints only YAML on stdout, nothing on stderr, with the NetworkPolicy first and the pod's details as comments", () => {
    const [, render] = pkg.scripts.start!.split(' && ');
    const r = spawnSync('sh', ['-c', render!], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[0]).toBe('kind: NetworkPolicy');
    for (const kind of ['PodLabels', 'PodSpec']) expect(r.stdout).toMatch(new RegExp(`^# kind: ${kind}$`, 'm'));
    expect(documents(r.stdout)).toHaveLength(1);
  });
});
