import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ROOT, consumerProject, installed } from './support/consumer-project.js';

const source = (name: string) => readFileSync(join(ROOT, 'test', 'consumer', name), 'utf8');

describe.concurrent('the published types, compiled by tsc in a consumer project (strict, skipLibCheck false)', () => {
  it('root entry without @kubernetes/client-node installed: compiles, and every @ts-expect-error is an error', async () => {
    const project = consumerProject(false);
    onTestFinished(() => project.remove());
    expect(installed(project).sort()).toEqual(['@types', 'agent-sandbox-policy', 'zod']);
    const dts = readFileSync(join(project.dir, 'node_modules', 'agent-sandbox-policy', 'dist', 'index.d.ts'), 'utf8');
    const imports = [...dts.matchAll(/from ['"]([^'"]+)['"]/g)].map((m) => m[1]!);
    expect(imports.filter((m) => !m.startsWith('./'))).toEqual(['zod']);
    const { status, output } = await project.typecheck({ 'root.ts': source('root.ts') });
    expect(output).toBe('');
    expect(status).toBe(0);
  }, 180_000);
  it('the client-node subpath with @kubernetes/client-node installed: the converted object is a V1NetworkPolicy', async () => {
    const project = consumerProject(true);
    onTestFinished(() => project.remove());
    const { status, output } = await project.typecheck({ 'client-node.ts': source('client-node.ts') });
    expect(output).toBe('');
    expect(status).toBe(0);
  }, 180_000);
});
