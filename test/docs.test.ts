import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const groups = JSON.parse(read('docs/api-groups.json')) as Record<string, string[]>;

/** Every name an entry file exports (values and types). */
const exportsOf = (file: string): string[] =>
  [...read(file).matchAll(/^export\s+(?:type\s+)?\{([^}]*)\}/gm)].flatMap((m) => m[1]!.split(',').map((n) => n.trim().replace(/^type\s+/, '')).filter(Boolean));

describe('the API reference', () => {
  it('files every export of both entries under exactly one purpose, and nothing else', () => {
    expect(Object.keys(groups)).toEqual(['Generate', 'Reconcile', 'Validate', 'Audit', 'Cluster', 'CIDR']);
    const filed = Object.values(groups).flat();
    expect(new Set(filed).size).toBe(filed.length);
    const clientNode = [...read('src/client-node.ts').matchAll(/^export function (\w+)/gm)].map((m) => m[1]!);
    expect([...filed].sort()).toEqual([...exportsOf('src/index.ts'), ...clientNode].sort());
  });
  it('has no reference a reader cannot follow (internal spec files, controller line numbers)', () => {
    // Every source file (TSDoc ships in the .d.ts files) and the user-facing documents.
    const sources = (readdirSync(join(ROOT, 'src'), { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => `src/${f}`);
    expect(sources).toEqual(expect.arrayContaining(['src/index.ts', 'src/cluster/audit-cluster.ts', 'src/cluster-network-policy/guardrail.ts']));
    const files = ['README.md', 'CHANGELOG.md', 'docs/api.md', ...sources];
    for (const file of files) {
      expect(read(file), file).not.toMatch(/spec\/[\w-]+\.md|\.\.\/shared|\((?:TC|U|SC|CC|WP|ST|TT):\d|\b(?:TC|U|SC|CC|WP|ST|TT):\d+(?:-\d+)?\b/);
    }
  });
});
