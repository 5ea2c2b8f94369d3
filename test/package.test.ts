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
        "CLUSTER_FINDING_CODES",
        "CidrSet",
        "DEFAULT_NAMESERVERS",
        "DEFAULT_ROUTER",
        "MAX_TEMPLATE_NAME_LENGTH",
        "METADATA_ENDPOINTS",
        "SANDBOX_TEMPLATE_API_VERSIONS",
        "SENSITIVE_RANGES",
        "SEVERITIES",
        "SandboxPolicyError",
        "SandboxTemplateSchema",
        "TEMPLATE_REF_HASH_LABEL",
        "applySandboxSecureDefaults",
        "auditCluster",
        "auditNetworkPolicy",
        "evaluateTraffic",
        "excludedRanges",
        "explainNetworkPolicy",
        "explainTarget",
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
        "sandboxPodLabels",
        "templateRefHash",
        "toClientNodeObject",
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
      ['-e', "const m = require('agent-sandbox-policy'); console.log(m.templateRefHash('sandbox')); console.log(Object.keys(require.cache).filter((k) => /client-node|[\\/]yaml[\\/]|cli/.test(k)).length)"],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(cjs.stdout.split('\n').slice(0, 2)).toEqual(['da1fd924', '0']);
  });
  it('the built JS has no import of client-node (type-only imports were erased)', () => {
    for (const file of ['index.js', 'index.cjs']) {
      const js = readFileSync(join(ROOT, 'dist', file), 'utf8');
      expect(js).not.toMatch(/@kubernetes\/client-node/);
      expect(js).not.toMatch(/from ["']yaml["']|require\(["']yaml["']\)/);
    }
  });
});
