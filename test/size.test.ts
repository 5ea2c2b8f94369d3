import { describe, expect, it } from 'vitest';
import { CEILING_KB, CONTROLLER_PATH, measureBundle, measureByFile, measureControllerPath } from '../scripts/size.js';

// Text that only the audit, the guardrail and the address map hold: their tables must stay out
// of what a controller bundles (each is built at module level, so only a pure mark lets a
// bundler drop it from the one built entry).
const NOT_CONTROLLER = ['docs/findings/', 'NAT64 (well-known)', 'deny-sensitive-ranges', 'kube-dns', 'maxRuleNameLength'];

// The reasons of the range tables (excludedRanges, METADATA_ENDPOINTS): the controller path emits
// only their CIDRs (range-cidrs.ts), so none of the prose may follow it.
const RANGE_REASONS = ['RFC 1918', 'Azure WireServer', 'CGNAT', 'Scaleway', 'IMDS'];

// planNetworkPolicy compares the policy it has already read (wire-form.ts); the second reader,
// policy-input.ts (validation, drift, audit), must not follow it into the path.
const SECOND_READER = ["JavaScript client's in-memory name"];

// Text of module-level tables (zod schemas, range reasons, Go field order, the router default):
// a consumer that imports none of their users must not carry them, so none runs at import.
const TABLES = ['looseObject', '100.100.100.200/32', 'blockOwnerDeletion', 'agent-sandbox-system', ...RANGE_REASONS, ...NOT_CONTROLLER];

describe('npm run size: the controller path, bundled from a consumer file', () => {
  it(`stays under ${CEILING_KB} KB min+gzip, zod excluded`, async () => {
    const { bytes, inputs } = await measureControllerPath();
    expect(inputs.some((f) => f.includes('zod'))).toBe(false);
    expect(inputs.every((f) => f.startsWith('dist/') || f === 'consumer.js')).toBe(true);
    expect(bytes / 1024).toBeLessThanOrEqual(CEILING_KB);
  });
  it('measures all five controller functions (a missing export fails the bundle)', () => {
    expect(CONTROLLER_PATH).toEqual(['parseSandboxTemplate', 'networkPolicyFor', 'sandboxPodLabels', 'applySandboxSecureDefaults', 'planNetworkPolicy']);
  });
  it("carries none of the audit's, the guardrail's or the address map's tables, nor the ranges' reasons or the second policy reader", async () => {
    const { code } = await measureControllerPath();
    for (const text of [...NOT_CONTROLLER, ...RANGE_REASONS, ...SECOND_READER]) expect(code, text).not.toContain(text);
    // ... and that text is in the package (the check above is not vacuous).
    const { code: whole } = await measureBundle(['networkPolicyNeedsUpdate', 'excludedRanges', 'METADATA_ENDPOINTS']);
    for (const text of [...RANGE_REASONS, ...SECOND_READER]) expect(whole, text).toContain(text);
    // The tables it does use are there (the checks above look at real bundled text).
    expect(code).toContain('looseObject');
    expect(code).toContain('172.16.0.0/12');
    expect(code).toContain('100.100.100.200/32');
  });
  it('a consumer of SandboxPolicyError alone bundles no module-level table', async () => {
    const { code } = await measureBundle(['SandboxPolicyError']);
    expect(code).toContain('SandboxPolicyError');
    for (const text of TABLES) expect(code, text).not.toContain(text);
  });
  it('--by-file: the per-file table accounts for the bundle, file by file, from src/', async () => {
    const { minified, files } = await measureByFile();
    const sum = files.reduce((n, f) => n + f.minified, 0);
    // The files' bytes are the bundle but for esbuild's few joining bytes.
    expect(sum).toBeLessThanOrEqual(minified);
    expect(sum).toBeGreaterThan(minified * 0.97);
    expect(files.every((f) => f.file.startsWith('src/'))).toBe(true);
    expect(files.map((f) => f.file)).toContain('src/template.ts');
    expect(files.map((f) => f.file)).toContain('src/range-cidrs.ts');
    expect(files.map((f) => f.file)).not.toContain('src/ranges.ts');
    expect(files.some((f) => f.file.startsWith('src/audit/'))).toBe(false);
    for (const f of files) expect(f.gzip, f.file).toBeGreaterThanOrEqual(0);
    expect(files.find((f) => f.file === 'src/template.ts')!.gzip).toBeGreaterThan(0);
  });
});
