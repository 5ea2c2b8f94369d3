// Text output is safe for a terminal: every string from the input (names, kinds, annotation keys,
// messages, file names) goes through escapeTerminal, so a crafted object cannot print a fake line,
// move the cursor or plant an OSC 8 link. Inputs are hand-written (independent).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { audit, docs, ignore, np, tpl } from './gate-support.js';

/** Lines an attacker would like to print: a fake all-clear summary and a fake gate verdict. */
const FAKE = '\n== <stdin>:1 SandboxTemplate agents/python: no findings\n-- gate: --fail-on high over 1 sandbox target and the objects: passed\n';
const OSC8 = '\u001b]8;;https://evil.example/\u0007click\u001b]8;;\u0007';
const CSI = '\u001b[2K\u001b[1A\r';

/** No raw control character but the newline that ends each line, and no line the input wrote. */
function assertSafe(stdout: string): void {
  // eslint-disable-next-line no-control-regex
  expect(stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  expect(stdout).not.toMatch(/^== <stdin>:1 SandboxTemplate agents\/python: no findings$/m);
  expect(stdout.match(/^-- gate:/gm)).toHaveLength(1);
}

describe('crafted strings reach the terminal escaped', () => {
  it.each([
    ['a NetworkPolicy name', np(JSON.stringify(`web${FAKE}${OSC8}`), 'shop', '{}', '169.254.169.254/32')],
    ['a namespace', np('web', JSON.stringify(`shop${CSI}${FAKE}`), '{}', '169.254.169.254/32')],
    ['a kind', `apiVersion: v1\nkind: ${JSON.stringify(`Service${FAKE}`)}\nmetadata: {name: s, namespace: shop}\n`],
    ['an annotation key', np('web', 'shop', '{}', '10.0.0.0/8', `${JSON.stringify(`ignore-check.agent-sandbox-policy/x${OSC8}${FAKE}`)}: "r"`)],
    ['a template name', tpl(JSON.stringify(`python${FAKE}`), 'agents')],
  ])('%s', async (_, input) => {
    for (const flags of [[], ['--wide'], ['--all-targets'], ['--per-document']]) {
      const r = await audit(['-', ...flags], input);
      assertSafe(r.stdout);
      expect(r.stdout).toMatch(/\\x1b|\\x0a/);
    }
  });
  it('a file name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gate-text-'));
    writeFileSync(join(dir, `a${CSI}${FAKE.replace(/\//g, '_')}.yaml`), np('web', 'shop', '{}', '169.254.169.254/32'));
    const r = await audit([dir], '');
    // eslint-disable-next-line no-control-regex
    expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(r.stdout).toContain('\\x1b[2K');
  });
  it('property: whatever a policy is named, the text is one summary line per object and nothing raw', async () => {
    const nasty = fc.string({ unit: fc.constantFrom('a', '-', '\n', '\r', '\u001b', '[', ']', '8', ';', '\u0007', '\u009b', '\u202e', '=', ' ', ':'), minLength: 1, maxLength: 24 });
    await fc.assert(
      fc.asyncProperty(nasty, async (name) => {
        const r = await audit(['-'], docs(np(JSON.stringify(name), 'shop', '{}', '169.254.169.254/32'), tpl('python', 'agents')));
        // eslint-disable-next-line no-control-regex
        expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
        expect(r.stdout.match(/^-- gate:/gm)).toHaveLength(1);
      }),
      { numRuns: 30 },
    );
  });
});

describe('errors show their message without --wide', () => {
  it('an invalid template: the message under the table', async () => {
    const r = await audit(['-'], tpl('bad', 'agents', '{networkPolicy: {egress: [{to: [{ipBlock: {cidr: 10.0.0.1/8}}]}]}}'));
    expect(r.stdout).not.toMatch(/SUGGESTION/);
    expect(r.stdout).toMatch(/^error \((invalid-template|api-invalid) at spec\.networkPolicy\.egress\[0\]\.to\[0\]\.ipBlock\.cidr\): .+/m);
    expect(r.code).toBe(1);
  });
  it('an invalid suppression says what is wrong', async () => {
    const r = await audit(['-'], np('web', 'shop', '{}', '10.0.0.0/8', ignore('private-v4-reachable', '\u200b')));
    expect(r.stdout).toMatch(/^error \(invalid-suppression at .*\): annotation .* needs a reason with visible text$/m);
  });
});
