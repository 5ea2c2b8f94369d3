/**
 * Fills the `expect` block of every fixture under test/fixtures/templates from the current code.
 * Run it only on purpose (`npx tsx scripts/update-fixtures.ts`), then read the diff like code:
 * the fixtures are the specification the tests hold the library to.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import {
  applySandboxSecureDefaults,
  isSandboxPolicyError,
  networkPolicyFor,
  parseSandboxTemplate,
  sandboxPodLabels,
} from '../src/index.js';

const dir = join(import.meta.dirname, '..', 'test', 'fixtures', 'templates');
for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
  const doc = parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
  const { description, options, template } = doc as { description: string; options?: object; template: unknown };
  let expect: Record<string, unknown>;
  try {
    const t = parseSandboxTemplate(template);
    expect = {
      networkPolicy: networkPolicyFor(t, options),
      podLabels: sandboxPodLabels(t),
      podSpec: applySandboxSecureDefaults(t, undefined, options),
    };
  } catch (err) {
    if (!isSandboxPolicyError(err)) throw err;
    expect = { error: err.issues.map((i) => ({ path: i.path, message: i.message })) };
  }
  const out = { description, ...(options ? { options } : {}), template, expect };
  writeFileSync(join(dir, file), stringify(out, { lineWidth: 0 }));
}
