import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reconcileTemplate } from '../examples/controller.js';
import { renderTemplate } from '../examples/render.js';
import { admissionResponse, type AdmissionReview } from '../examples/admission-webhook.js';
import { applyPatch } from 'fast-json-patch';
import { MemoryObjectApi } from './support/memory-object-api.js';
import { applySandboxSecureDefaults, networkPolicyFor, parseSandboxTemplate } from '../src/index.js';
import { baseTemplate } from './helpers.js';

const ROOT = join(import.meta.dirname, '..');
const EXAMPLE = readFileSync(join(ROOT, 'examples', 'sandbox-template.yaml'), 'utf8');

describe('examples/render.ts', () => {
  it('renders the embedded example', () => {
    const out = renderTemplate(EXAMPLE);
    expect(out.networkPolicy?.metadata?.name).toBe('python-agent-network-policy');
    expect(out.podLabels).toEqual({ 'agents.x-k8s.io/sandbox-template-ref-hash': 'b713719b' });
    expect(out.podSpec.dnsPolicy).toBe('None');
  });
  it('runs as a script', () => {
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'examples', 'render.ts')], { cwd: ROOT, encoding: 'utf8' });
    expect(JSON.parse(stdout).networkPolicy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
  });
});

describe('examples/admission-webhook.ts', () => {
  const review = (spec: Record<string, unknown>): AdmissionReview => ({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: { uid: 'u-1', object: { kind: 'Pod', metadata: { name: 'p' }, spec } as never },
  });
  it('answers with a JSON Patch that gives the pod the secure defaults (applied by fast-json-patch)', () => {
    const template = parseSandboxTemplate(baseTemplate());
    const pod = { kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'b' }], dnsConfig: { searches: ['x'] } } };
    const out = admissionResponse(review(pod.spec), template);
    expect(out.response).toMatchObject({ uid: 'u-1', allowed: true, patchType: 'JSONPatch' });
    const ops = JSON.parse(Buffer.from(out.response.patch as string, 'base64').toString('utf8'));
    const patched = applyPatch(pod, ops, true, false).newDocument;
    expect(patched).toEqual({ ...pod, spec: applySandboxSecureDefaults(template, pod.spec as never) });
  });
  it('sends no patch when the pod already has the defaults', () => {
    const out = admissionResponse(review({ containers: [], automountServiceAccountToken: false, dnsPolicy: 'ClusterFirst' }), parseSandboxTemplate(baseTemplate()));
    expect(out.response).toEqual({ uid: 'u-1', allowed: true });
  });
  it('runs as a script', () => {
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'examples', 'admission-webhook.ts')], { cwd: ROOT, encoding: 'utf8' });
    expect(JSON.parse(stdout).response.patchType).toBe('JSONPatch');
  });
});

describe('examples/controller.ts against an in-memory KubernetesObjectApi', () => {
  const template = baseTemplate({ networkPolicy: { egress: [{ ports: [{ port: 443 }], to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }] }] } }, 'agent');
  const KEY = 'NetworkPolicy/default/agent-network-policy';

  it('the default policy reaches the server with its router-only ingress intact', async () => {
    const api = new MemoryObjectApi();
    await reconcileTemplate(api, baseTemplate({}, 'agent'));
    const stored = api.objects.get(KEY)!;
    expect(stored.spec).toEqual(networkPolicyFor(baseTemplate({}, "agent"))!.spec);
    expect(stored.spec.ingress[0].from[0].podSelector).toEqual({ matchLabels: { app: 'sandbox-router' } });
    expect((await reconcileTemplate(api, baseTemplate({}, 'agent'))).action).toBe('unchanged');
  });
  it('creates the policy when missing, then leaves it alone (server defaults do not count as drift)', async () => {
    const api = new MemoryObjectApi();
    expect(await reconcileTemplate(api, template)).toEqual({ action: 'created', name: 'agent-network-policy' });
    expect(api.objects.get(KEY)!.spec.egress[0].ports[0].protocol).toBe('TCP');
    for (let i = 0; i < 3; i++) expect((await reconcileTemplate(api, template)).action).toBe('unchanged');
    expect(api.writes).toEqual([`create ${KEY}`]);
  });
  it('reverts a hand edit of the spec, keeping metadata', async () => {
    const api = new MemoryObjectApi();
    await reconcileTemplate(api, template);
    const edited = api.objects.get(KEY)!;
    edited.spec.egress.push({});
    edited.metadata!.labels = { kept: 'yes' };
    expect((await reconcileTemplate(api, template)).action).toBe('updated');
    expect(api.objects.get(KEY)!.spec.egress.length).toBe(1);
    expect(api.objects.get(KEY)!.metadata!.labels).toEqual({ kept: 'yes' });
  });
  it('refuses to touch a policy of that name it does not control', async () => {
    const api = new MemoryObjectApi();
    await api.create({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'agent-network-policy', namespace: 'default' }, spec: { podSelector: {} } } as never);
    const r = await reconcileTemplate(api, template);
    expect(r.action).toBe('refused');
    expect(api.writes).toEqual([`create ${KEY}`]);
  });
  it('Unmanaged deletes only a policy it controls', async () => {
    const api = new MemoryObjectApi();
    await reconcileTemplate(api, template);
    const unmanaged = baseTemplate({ networkPolicyManagement: 'Unmanaged' }, 'agent');
    expect((await reconcileTemplate(api, unmanaged)).action).toBe('deleted');
    expect((await reconcileTemplate(api, unmanaged)).action).toBe('absent');
    await api.create({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'agent-network-policy', namespace: 'default' }, spec: { podSelector: {} } } as never);
    expect((await reconcileTemplate(api, unmanaged)).action).toBe('refused');
    expect(api.objects.has(KEY)).toBe(true);
  });
  it('labels the template with its ref hash through a merge patch, and only when it lacks it', async () => {
    const api = new MemoryObjectApi();
    await reconcileTemplate(api, template);
    expect(api.patches).toEqual([
      {
        key: 'SandboxTemplate/default/agent',
        body: { apiVersion: 'extensions.agents.x-k8s.io/v1beta1', kind: 'SandboxTemplate', metadata: { name: 'agent', namespace: 'default', labels: { 'agents.x-k8s.io/sandbox-template-ref-hash': '4fe7f1a6' } } },
        strategy: 'application/merge-patch+json',
      },
    ]);
    const labelled = { ...template, metadata: { ...(template.metadata as object), labels: { 'agents.x-k8s.io/sandbox-template-ref-hash': '4fe7f1a6' } } };
    await reconcileTemplate(api, labelled);
    expect(api.patches.length).toBe(1);
  });
  it('an invalid template fails before anything is written', async () => {
    const api = new MemoryObjectApi();
    await expect(reconcileTemplate(api, baseTemplate({ networkPolicy: { egress: [{ to: [{ ipBlock: { cidr: '10.0.0.1/8' } }] }] } }))).rejects.toThrow(/ipBlock\.cidr/);
    expect(api.writes).toEqual([]);
  });
});

describe('examples/audit-in-ci.sh', () => {
  it("fails the example template on a stock cluster: the stock controller's policy reaches cloud metadata", () => {
    let status = 0;
    let out = '';
    try {
      execFileSync('bash', [join(ROOT, 'examples', 'audit-in-ci.sh')], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
    } catch (err) {
      status = (err as { status: number }).status;
      out = (err as { stdout: string }).stdout;
    }
    expect(status).toBe(1);
    expect(out).toMatch(/^critical\s+metadata-reachable/m);
    expect(out).toContain('controller modelled: stock');
  });
  it('passes the example template when the controller embeds the library with the hardened profile (CONTROLLER=embedded)', () => {
    const out = execFileSync('bash', [join(ROOT, 'examples', 'audit-in-ci.sh')], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CONTROLLER: 'embedded' } });
    expect(out).toContain('python-agent');
    expect(out).toContain('controller modelled: embedded');
  });
  it('fails the build on a template whose policy reaches private ranges', () => {
    const dir = join(ROOT, 'test', 'fixtures', 'ci-gate');
    let status = 0;
    try {
      execFileSync('bash', [join(ROOT, 'examples', 'audit-in-ci.sh'), dir], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
    } catch (err) {
      status = (err as { status: number }).status;
    }
    expect(status).toBe(1);
  });
});
