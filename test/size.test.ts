import { describe, expect, it } from 'vitest';
import { CEILING_KB, CONTROLLER_PATH, measureControllerPath } from '../scripts/size.js';

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
});
