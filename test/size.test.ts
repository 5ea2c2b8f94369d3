import { describe, expect, it } from 'vitest';
import { CEILING_KB, CONTROLLER_PATH, measureBundle, measureControllerPath } from '../scripts/size.js';

// Text that only the audit, the guardrail and the address map hold: their tables must stay out
// of what a controller bundles (each is built at module level, so only a pure mark lets a
// bundler drop it from the one built entry).
const NOT_CONTROLLER = ['docs/findings/', 'NAT64 (well-known)', 'deny-sensitive-ranges', 'kube-dns', 'maxRuleNameLength'];

// Text of module-level tables (zod schemas, range reasons, Go field order, the router default):
// a consumer that imports none of their users must not carry them, so none runs at import.
const TABLES = ['looseObject', 'RFC 1918', 'blockOwnerDeletion', 'agent-sandbox-system', ...NOT_CONTROLLER];

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
  it("carries none of the audit's, the guardrail's or the address map's tables", async () => {
    const { code } = await measureControllerPath();
    for (const text of NOT_CONTROLLER) expect(code, text).not.toContain(text);
    // The tables it does use are there (the checks above look at real bundled text).
    expect(code).toContain('looseObject');
    expect(code).toContain('RFC 1918');
  });
  it('a consumer of SandboxPolicyError alone bundles no module-level table', async () => {
    const { code } = await measureBundle(['SandboxPolicyError']);
    expect(code).toContain('SandboxPolicyError');
    for (const text of TABLES) expect(code, text).not.toContain(text);
  });
});
