import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as api from 'agent-sandbox-policy';

const ROOT = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

describe('package.json', () => {
  it('is ESM and CommonJS with types first under each condition, side-effect free, Node >= 20', () => {
    expect(pkg.type).toBe('module');
    expect(Object.keys(pkg.exports['.'].import)[0]).toBe('types');
    expect(Object.keys(pkg.exports['.'].require)[0]).toBe('types');
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.engines.node).toBe('>=20');
  });
  it('has the client-node subpath for import and require, types first, and a folder for node10 resolution', () => {
    const sub = pkg.exports['./client-node'];
    expect(Object.keys(sub.import)).toEqual(['types', 'default']);
    expect(Object.keys(sub.require)).toEqual(['types', 'default']);
    expect(pkg.files).toContain('client-node/package.json');
    const folder = JSON.parse(readFileSync(join(ROOT, 'client-node', 'package.json'), 'utf8'));
    expect(folder.main).toBe(`.${sub.require.default}`);
    expect(folder.types).toBe(`.${sub.require.types}`);
  });
  it('depends on zod at run time and nothing else; client-node is an optional peer', () => {
    expect(Object.keys(pkg.dependencies)).toEqual(['zod']);
    expect(pkg.peerDependencies['@kubernetes/client-node']).toBeDefined();
    expect(pkg.peerDependenciesMeta['@kubernetes/client-node'].optional).toBe(true);
  });
});

describe('the public door', () => {
  it('exports the names the conformance suite calls', () => {
    for (const name of [
      'parseSandboxTemplate',
      'SandboxTemplateSchema',
      'templateRefHash',
      'sandboxPodLabels',
      'networkPolicySpecFor',
      'networkPolicyFor',
      'applySandboxSecureDefaults',
      'networkPolicyNeedsUpdate',
      'SandboxPolicyError',
      'isSandboxPolicyError',
      'auditNetworkPolicy',
      'excludedRanges',
      'validateNetworkPolicySpec',
      'validateNetworkPolicy',
      'evaluateTraffic',
      'explainNetworkPolicy',
      'auditCluster',
      'explainTarget',
      'CidrSet',
    ]) {
      expect(typeof (api as Record<string, unknown>)[name], name).not.toBe('undefined');
    }
  });
  it('exports nothing undocumented by accident', () => {
    expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
      [
        "ANY_SANDBOX_NAME_HASH",
        "CLUSTER_FINDING_CODES",
        "CLUSTER_NETWORK_POLICY_API_VERSION",
        "CLUSTER_NETWORK_POLICY_KIND",
        "CLUSTER_NETWORK_POLICY_LIMITS",
        "CREATED_BY_LABEL",
        "CidrSet",
        "DEFAULT_NAMESERVERS",
        "DEFAULT_ROUTER",
        "DEPRECATED_TEMPLATE_API_VERSIONS",
        "DOMAIN_NAME_PATTERN",
        "FINDING_CATALOGUE",
        "FINDING_CODES",
        "GUARDRAIL_LABELS",
        "GUARDRAIL_SENSITIVE_EXCEPTIONS_ANNOTATION",
        "IPV6_LANDMARKS",
        "MAX_HILBERT_ORDER",
        "MAX_INPUT_VALUES",
        "MAX_NESTING_DEPTH",
        "MAX_TEMPLATE_NAME_LENGTH",
        "METADATA_ENDPOINTS",
        "RESERVED_LABEL_PREFIXES",
        "SANDBOX_NAME_HASH_LABEL",
        "SANDBOX_TEMPLATE_API_VERSIONS",
        "SENSITIVE_RANGES",
        "SEVERITIES",
        "SandboxPolicyError",
        "SandboxTemplateSchema",
        "TEMPLATE_FINDINGS",
        "TEMPLATE_REF_HASH_LABEL",
        "WARM_POOL_LABEL",
        "applySandboxSecureDefaults",
        "auditCluster",
        "auditNetworkPolicy",
        "clusterGuardrailFor",
        "evaluateTraffic",
        "excludedRanges",
        "explainNetworkPolicy",
        "explainTarget",
        "findingKind",
        "hilbertMap",
        "ipv6Landmarks",
        "isFindingCode",
        "isSandboxPolicyError",
        "isSecureByDefault",
        "mergeCidrs",
        "networkPolicyFor",
        "networkPolicyNeedsUpdate",
        "networkPolicySpecFor",
        "networkPolicyWithChangesFor",
        "parseCidr",
        "parseCidrStrict",
        "parseSandboxTemplate",
        "planNetworkPolicy",
        "requiredCrdChannel",
        "safeParseSandboxTemplate",
        "sandboxDnsConfig",
        "sandboxPodLabelSet",
        "sandboxPodLabels",
        "sandboxTemplateFindings",
        "secureDefaultsPatch",
        "stringifyGo",
        "templateRefHash",
        "templateUnknownFields",
        "validateClusterNetworkPolicy",
        "validateNetworkPolicy",
        "validateNetworkPolicySpec",
      ]
    `);
  });
});

describe('what importing the built library loads', () => {
  const r = spawnSync(process.execPath, ['--import', join(ROOT, 'test', 'support', 'record-imports.mjs'), '--input-type=module', '-e', "await import('agent-sandbox-policy');"], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const resolved = r.stderr.split('\n').filter((l) => l.startsWith('RESOLVED ')).map((l) => l.slice(9));
  it('imports successfully', () => {
    expect(r.status).toBe(0);
    expect(resolved.some((u) => u.endsWith('/dist/index.js'))).toBe(true);
  });
  it('never loads @kubernetes/client-node, yaml, or the CLI', () => {
    expect(resolved.filter((u) => /client-node|\/yaml\/|cli\.js/.test(u))).toEqual([]);
  });
  it('require() of the CommonJS build works and loads neither client-node nor yaml', () => {
    const cjs = spawnSync(
      process.execPath,
      ['-e', "const m = require('agent-sandbox-policy'); console.log(m.templateRefHash('sandbox')); console.log(Object.keys(require.cache).filter((k) => /client-node|[\\/]yaml[\\/]|[\\/]cli\\.js$/.test(k)).length)"],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(cjs.stdout.split('\n').slice(0, 2)).toEqual(['da1fd924', '0']);
  });
  it('the client-node subpath loads in both formats, exports the two conversions, and never loads client-node', () => {
    const code = "const m = require('agent-sandbox-policy/client-node'); console.log(Object.keys(m).sort().join()); console.log(Object.keys(require.cache).filter((k) => /client-node[\\/]dist/.test(k)).length)";
    const cjs = spawnSync(process.execPath, ['-e', code], { cwd: ROOT, encoding: 'utf8' });
    expect(cjs.stdout.split('\n').slice(0, 2)).toEqual(['fromClientNodeObject,toClientNodeObject', '0']);
    const esm = spawnSync(process.execPath, ['--input-type=module', '-e', "const m = await import('agent-sandbox-policy/client-node'); console.log(Object.keys(m).sort().join())"], { cwd: ROOT, encoding: 'utf8' });
    expect(esm.stdout.trim()).toBe('fromClientNodeObject,toClientNodeObject');
  });
  it('both entries throw the one SandboxPolicyError class (shared chunk)', async () => {
    const root = await import('agent-sandbox-policy');
    const sub = await import('agent-sandbox-policy/client-node');
    expect(() => sub.toClientNodeObject(null as never)).toThrow(root.SandboxPolicyError);
  });
  it('the built JS has no import of client-node (type-only imports were erased)', () => {
    for (const file of ['index.js', 'index.cjs', 'client-node.js', 'client-node.cjs']) {
      const js = readFileSync(join(ROOT, 'dist', file), 'utf8');
      expect(js).not.toMatch(/@kubernetes\/client-node/);
      expect(js).not.toMatch(/from ["']yaml["']|require\(["']yaml["']\)/);
    }
  });
});
