// Suppressions fail closed: an ignore-check annotation counts only for its own object's rules and
// for its own object as a target. One test per class of abuse, each failing on the earlier gate,
// and property tests for the classes. Inputs are hand-written (independent).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FINDING_CATALOGUE } from '../../src/index.js';
import { hasVisibleText } from '../../src/cli/suppressions.js';
import { audit, docs, findingsOn, ignore, namespace, np, tpl, unmanaged, type JsonReport } from './gate-support.js';

const json = (s: string) => JSON.parse(s) as JsonReport;
const METADATA = '169.254.169.254/32';
/** A sandbox pod of template x (the controller labels it with the sandbox name hash). */
const sandboxPod = (name: string, ns: string, annotations = '') =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: ${ns}\n  labels: {agents.x-k8s.io/sandbox-name-hash: abc}\n${annotations ? `  annotations: {${annotations}}\n` : ''}spec: {containers: [{name: a, image: x}]}\n`;

describe('a representative (PodSelector) pod takes no annotation', () => {
  it("a decoy policy naming the representative cannot hide another policy's critical finding", async () => {
    // Both select app=web; the representative pod is named after the first by name, the decoy.
    const input = docs(np('open', 'shop', '{matchLabels: {app: web}}', METADATA), np('a-decoy', 'shop', '{matchLabels: {app: web}}', undefined, ignore('metadata-reachable')));
    const r = await audit(['-', '-o', 'json', '--fail-on', 'critical', '--all-targets'], input);
    const [f] = findingsOn(json(r.stdout), 'PodSelector shop/a-decoy', 'metadata-reachable');
    expect(f).toMatchObject({ policy: 'NetworkPolicy shop/open' });
    expect(f!.suppressed).toBeUndefined();
    expect(r.code).toBe(1);
  });
  it('the policy that opened the finding may still suppress it', async () => {
    const input = docs(np('open', 'shop', '{matchLabels: {app: web}}', METADATA, ignore('metadata-reachable', 'egress proxy')), np('a-decoy', 'shop', '{matchLabels: {app: web}}'));
    const r = await audit(['-', '-o', 'json', '--fail-on', 'critical', '--all-targets'], input);
    expect(findingsOn(json(r.stdout), 'PodSelector shop/a-decoy', 'metadata-reachable')[0]!.suppressed).toEqual({ reason: 'egress proxy' });
    expect(r.code).toBe(0);
  });
});

describe('duplicates resolve as kubectl does: the last document of a kind/namespace/name counts', () => {
  it('a suppression on the first of two copies suppresses nothing', async () => {
    const r = await audit(['-', '-o', 'json', '--fail-on', 'critical'], docs(tpl('python', 'agents', '{}', ignore('metadata-reachable')), tpl('python', 'agents')));
    expect(json(r.stdout).targets.flatMap((t) => t.findings).filter((f) => f.code === 'metadata-reachable' && f.suppressed !== undefined)).toEqual([]);
    expect(r.code).toBe(1);
  });
  it('a suppression on the last copy counts', async () => {
    const r = await audit(['-', '-o', 'json', '--fail-on', 'critical'], docs(tpl('python', 'agents'), tpl('python', 'agents', '{}', ignore('metadata-reachable'))));
    expect(json(r.stdout).targets.flatMap((t) => t.findings).filter((f) => f.code === 'metadata-reachable' && f.suppressed === undefined)).toEqual([]);
    expect(r.code).toBe(0);
  });
  it('the last of two Namespaces of one name lends its annotations, the first none', async () => {
    const input = (first: string, last: string) => docs(namespace('shop', first), namespace('shop', last), np('open', 'shop', '{}', METADATA));
    expect((await audit(['-', '--fail-on', 'critical', '--all-targets'], input(ignore('metadata-reachable'), ''))).code).toBe(1);
    expect((await audit(['-', '--fail-on', 'critical', '--all-targets'], input('', ignore('metadata-reachable')))).code).toBe(0);
  });
});

describe('hash collisions', () => {
  // costarring and liquid both hash to 5e4daa9d: each template's policy selects the other's pods.
  const collision = (a: string, b: string) => docs(tpl('costarring', 'agents', '{}', a), unmanaged('liquid', 'agents', b));
  it('neither party can suppress hash-collision', async () => {
    const r = await audit(['-', '-o', 'json'], collision(ignore('hash-collision'), ignore('hash-collision')));
    const out = json(r.stdout);
    const all = [...out.findings, ...out.targets.flatMap((t) => t.findings)].filter((f) => f.code === 'hash-collision');
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((f) => f.suppressed === undefined)).toBe(true);
    expect(r.code).toBe(1);
  });
  it("a template cannot suppress what its policy opens on the victim's pods", async () => {
    const r = await audit(['-', '-o', 'json', '--fail-on', 'critical'], collision(ignore('metadata-reachable'), ''));
    const out = json(r.stdout);
    const victim = findingsOn(out, 'SandboxTemplate agents/liquid', 'metadata-reachable');
    expect(victim).toEqual([expect.objectContaining({ policy: 'NetworkPolicy agents/costarring-network-policy' })]);
    expect(victim[0]!.suppressed).toBeUndefined();
    // On its own pods the annotation counts.
    expect(findingsOn(out, 'SandboxTemplate agents/costarring', 'metadata-reachable').every((f) => f.suppressed !== undefined)).toBe(true);
    expect(r.code).toBe(1);
  });
});

describe('a hand-written <name>-network-policy is not the template\'s own policy', () => {
  it("the template's annotation does not reach findings the hand-written policy opens on a sandbox pod", async () => {
    const input = docs(tpl('x', 'agents', '{}', ignore('metadata-reachable')), np('x-network-policy', 'agents', '{}', METADATA), sandboxPod('p', 'agents'));
    const r = await audit(['-', '-o', 'json', '--fail-on', 'critical'], input);
    const [f] = findingsOn(json(r.stdout), 'Pod agents/p', 'metadata-reachable');
    expect(f).toMatchObject({ policy: 'NetworkPolicy agents/x-network-policy' });
    expect(f!.suppressed).toBeUndefined();
    expect(r.code).toBe(1);
  });
});

describe('a Namespace lends its annotations only to objects really in it', () => {
  it('a cluster-scoped ClusterNetworkPolicy that writes metadata.namespace takes nothing from that Namespace', async () => {
    const cnp = 'apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: open, namespace: agents}\nspec:\n  tier: Admin\n  priority: 10\n  subject: {namespaces: {}}\n  egress: [{action: Accept, to: [{networks: [169.254.169.254/32]}]}]\n';
    const input = docs(namespace('agents', ignore('metadata-reachable')), unmanaged('python', 'team'), np('deny', 'team', '{}', '192.0.2.1/32'), cnp);
    const r = await audit(['-', '-o', 'json', '--fail-on', 'critical'], input);
    const out = json(r.stdout);
    expect(findingsOn(out, 'SandboxTemplate team/python', 'metadata-reachable').filter((f) => f.suppressed !== undefined)).toEqual([]);
    expect(r.code).toBe(1);
  });
  it('a Namespace named "" lends nothing (--per-document, where objects without a namespace are in default)', async () => {
    const policy = np('open', 'x', '{}', METADATA).replace('  namespace: x\n', '');
    const r = await audit(['-', '--per-document', '--fail-on', 'critical'], docs(namespace('', ignore('metadata-reachable')), policy));
    expect(r.code).toBe(1);
    // The real namespace of such an object, default, does lend.
    expect((await audit(['-', '--per-document', '--fail-on', 'critical'], docs(namespace('default', ignore('metadata-reachable')), policy))).code).toBe(0);
  });
});

describe('a reason needs visible characters', () => {
  const INVISIBLE = ['\u200b', '\u2800', '\u3164', '\u2060', '\ufeff', '\u00a0', '\u115f', '\u180e', '\u200d', '\u034f', '\u{e0020}', '\u202f', '\u3000'];
  it.each(INVISIBLE.map((c) => [c.codePointAt(0)!.toString(16)]))('U+%s alone is no reason: invalid-suppression, nothing suppressed', async (hex) => {
    const c = String.fromCodePoint(parseInt(hex, 16));
    const r = await audit(['-', '-o', 'json', '--fail-on', 'critical', '--all-targets'], np('open', 'shop', '{}', METADATA, ignore('metadata-reachable', `${c}${c} ${c}`)));
    const out = json(r.stdout);
    expect(out.targets.flatMap((t) => t.findings).filter((f) => f.suppressed !== undefined)).toEqual([]);
    expect(out.findings.map((f) => f.code)).toContain('invalid-suppression');
    expect(r.code).toBe(1);
  });
  it('property: a reason made only of blank, format and default-ignorable code points never counts', () => {
    const blank = fc.constantFrom(...INVISIBLE, ' ', '\t', '\n', '\u2028', '\u2029', '\u200e', '\u061c', '\u2800', '\ufe0f', '\u{1d173}', '\u{e0001}');
    fc.assert(fc.property(fc.array(blank, { minLength: 1, maxLength: 12 }), (chars) => !hasVisibleText(chars.join(''))));
    fc.assert(fc.property(fc.array(blank, { maxLength: 6 }), fc.constantFrom('a', 'é', '5', '!', '中', '✓'), (chars, v) => hasVisibleText([...chars, v].join(''))));
  });
});

describe('an unknown code in an annotation is a finding', () => {
  it('unknown-suppression with did-you-mean, and it fails the default gate on its own', async () => {
    // A namespace of plain pods is context; only the misspelt annotation can fail the gate.
    const r = await audit(['-', '-o', 'json'], np('open', 'shop', '{}', METADATA, ignore('metadata-reachble')));
    const f = json(r.stdout).findings.find((x) => x.code === 'unknown-suppression') as { message: string; severity: string } | undefined;
    expect(f).toMatchObject({ severity: 'error' });
    expect(f!.message).toContain('did you mean ignore-check.agent-sandbox-policy/metadata-reachable?');
    expect(r.code).toBe(1);
    const text = await audit(['-'], np('open', 'shop', '{}', METADATA, ignore('metadata-reachble')));
    expect(text.stdout).toMatch(/^error \(unknown-suppression at metadata\.annotations\[ignore-check\.agent-sandbox-policy\/metadata-reachble\]\): .*did you mean/m);
  });
  it('the misspelt annotation suppresses nothing (--per-document too)', async () => {
    const r = await audit(['-', '--per-document', '-o', 'json', '--fail-on', 'critical'], np('open', 'shop', '{}', METADATA, ignore('metadata-reachble')));
    const out = JSON.parse(r.stdout) as { reports: Array<{ findings: Array<{ code: string; suppressed?: unknown }> }> };
    expect(out.reports[0]!.findings.map((f) => f.code)).toContain('unknown-suppression');
    expect(out.reports[0]!.findings.filter((f) => f.suppressed !== undefined)).toEqual([]);
    expect(r.code).toBe(1);
  });
});

describe('property: no annotation on an object other than the finding\'s owner changes the verdict', () => {
  // The owners of the critical finding on SandboxTemplate agents/python: the template itself, the
  // policy agents/open whose rule opens it, and Namespace agents. Every other object gets random
  // suppressions of real codes with real reasons.
  const codes = FINDING_CATALOGUE.map((k) => k.code);
  const annotations = fc.uniqueArray(fc.constantFrom(...codes), { maxLength: 6 }).map((cs) => cs.map((c) => ignore(c)).join(', '));
  const cnp = (a: string) =>
    `apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata:\n  name: baseline\n${a ? `  annotations: {${a}}\n` : ''}spec:\n  tier: Baseline\n  priority: 10\n  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: nowhere}}}\n  egress: [{action: Deny, to: [{networks: [192.0.2.0/24]}]}]\n`;
  it('the critical finding stays unsuppressed and the gate fails', async () => {
    await fc.assert(
      fc.asyncProperty(fc.tuple(annotations, annotations, annotations, annotations, annotations, annotations, annotations), async ([a1, a2, a3, a4, a5, a6, a7]) => {
        const input = docs(
          unmanaged('python', 'agents'),
          np('open', 'agents', '{}', METADATA),
          np('a-decoy', 'agents', '{}', undefined, a1),
          np('open', 'team', '{}', '192.0.2.1/32', a2),
          unmanaged('python', 'team', a3),
          namespace('team', a4),
          namespace('', a5),
          sandboxPod('python', 'team', a6),
          cnp(a7),
        );
        const r = await audit(['-', '-o', 'json', '--fail-on', 'critical'], input);
        const found = findingsOn(json(r.stdout), 'SandboxTemplate agents/python', 'metadata-reachable');
        expect(found.length).toBeGreaterThan(0);
        expect(found.filter((f) => f.suppressed !== undefined)).toEqual([]);
        expect(r.code).toBe(1);
      }),
      { numRuns: 25 },
    );
  });
  it('each owner can suppress it (the property above is not vacuous)', async () => {
    const base = (t: string, p: string, ns: string) => docs(unmanaged('python', 'agents', t), np('open', 'agents', '{}', METADATA, p), namespace('agents', ns));
    const a = `${ignore('metadata-reachable')}, ${ignore('link-local-reachable')}`;
    for (const input of [base(a, '', ''), base('', a, ''), base('', '', a)]) {
      const r = await audit(['-', '-o', 'json', '--fail-on', 'critical'], input);
      expect(findingsOn(json(r.stdout), 'SandboxTemplate agents/python', 'metadata-reachable').every((f) => f.suppressed !== undefined)).toBe(true);
    }
  });
});
