/**
 * Every ```ts block of a TSDoc `@example` under src/ is compiled (tsc, strict) and run against
 * the BUILT package, in a consumer project outside this repository.
 *
 * Each example is its own module, preceded by one prelude a reader can assume: every export of
 * `agent-sandbox-policy` and `agent-sandbox-policy/client-node` imported by name, `fs`, `yaml`,
 * and `doc`, a SandboxTemplate as parsed from YAML (name `sandbox`, namespace `agents`, no
 * rules), with `template = parseSandboxTemplate(doc)`. A file `template.yaml` holding that
 * document is in the working directory.
 *
 * Results written as comments are checked: `expr; // <literal>` (or the literal alone on the next
 * comment line) must deep-equal the value, and `stmt; // throws ...` must throw. Comments that
 * are not a JavaScript literal (prose, `[...]`) are left as prose.
 */
import { readFileSync, readdirSync, writeFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { join, relative } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import * as rootApi from 'agent-sandbox-policy';
import * as clientNodeApi from 'agent-sandbox-policy/client-node';
import { ROOT, consumerProject } from './support/consumer-project.js';

interface Example {
  readonly id: string;
  readonly code: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** The ```ts blocks that follow an @example tag in each TSDoc comment. */
function examples(): Example[] {
  const out: Example[] = [];
  for (const file of sourceFiles(join(ROOT, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const comment of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
      const lines = comment[0].split('\n').map((l) => l.replace(/^\s*\*? ?/, ''));
      const body = lines.join('\n');
      const at = body.indexOf('@example');
      if (at < 0) continue;
      for (const block of body.slice(at).matchAll(/```ts\n([\s\S]*?)```/g)) {
        const line = text.slice(0, comment.index).split('\n').length;
        out.push({ id: `${relative(ROOT, file)}:${line}`, code: block[1]! });
      }
    }
  }
  return out;
}

/** A comment that is a JavaScript literal (strings, numbers, lists, objects): its value; else undefined. */
function literal(comment: string): { value: unknown } | undefined {
  const withoutStrings = comment.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, "''");
  const words = withoutStrings.match(/\b[A-Za-z_$][\w$]*\b(?!\s*:)/g) ?? [];
  if (words.some((w) => !['true', 'false', 'null'].includes(w))) return undefined; // prose
  try {
    return { value: new Function(`return (${comment});`)() };
  } catch {
    return undefined;
  }
}

/** Rewrites result comments into checks. */
function withChecks(code: string, id: string): string {
  const lines = code.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const trailing = /^(\s*)(.*);\s*\/\/\s?(.*)$/.exec(line);
    const bare = trailing ? null : /^(\s*)(.*);\s*$/.exec(line);
    const statement = trailing?.[2] ?? bare?.[2];
    const indent = trailing?.[1] ?? bare?.[1] ?? '';
    if (trailing && /^throws\b/.test(trailing[3]!)) {
      out.push(`${indent}__throws(() => { ${trailing[2]}; }, ${JSON.stringify(`${id}: ${trailing[2]}`)});`);
      continue;
    }
    const isExpression = statement !== undefined && !/^(const|let|var|if|for|while|return|throw|import|export|await|try|\}|\)|\])/.test(statement.trim());
    const comment = trailing ? trailing[3] : bare ? /^\s*\/\/\s?(.*)$/.exec(lines[i + 1] ?? '')?.[1] : undefined;
    if (isExpression && comment !== undefined && literal(comment)) {
      out.push(`${indent}__expect((${statement}), ${comment}, ${JSON.stringify(`${id}: ${statement!.trim()}`)});`);
      continue;
    }
    out.push(line);
  }
  return out.join('\n');
}

/** Example imports from this package are covered by the prelude; other imports are hoisted. */
function splitImports(code: string): { imports: string; body: string } {
  const lines = code.split('\n');
  const isImport = (l: string) => /^import\s/.test(l);
  const imports = lines.filter((l) => isImport(l) && !/from 'agent-sandbox-policy(\/client-node)?'/.test(l));
  return { imports: imports.join('\n'), body: lines.filter((l) => !isImport(l)).join('\n') };
}

const DOC = { apiVersion: 'extensions.agents.x-k8s.io/v1beta1', kind: 'SandboxTemplate', metadata: { name: 'sandbox', namespace: 'agents' }, spec: {} };

const PRELUDE = `
import { ${Object.keys(rootApi).join(', ')} } from 'agent-sandbox-policy';
import { ${Object.keys(clientNodeApi).join(', ')} } from 'agent-sandbox-policy/client-node';
import * as fs from 'node:fs';
import * as yaml from 'yaml';
import { __expect, __throws } from './checks.js';
const doc = ${JSON.stringify(DOC)};
const template = parseSandboxTemplate(doc);
void [fs, yaml, template];
`;

const CHECKS = `
import { deepEqual } from 'node:assert/strict';
export function __expect(actual: unknown, expected: unknown, what: string): void {
  deepEqual(JSON.parse(JSON.stringify(actual) ?? 'null'), expected, what);
  (globalThis as { __checked?: number }).__checked = ((globalThis as { __checked?: number }).__checked ?? 0) + 1;
}
export function __throws(run: () => unknown, what: string): void {
  try { run(); } catch { (globalThis as { __checked?: number }).__checked = ((globalThis as { __checked?: number }).__checked ?? 0) + 1; return; }
  throw new Error(\`expected to throw: \${what}\`);
}
`;

const RUNNER = (files: string[]) => `
const failures = [];
for (const f of ${JSON.stringify(files)}) {
  try { await import('./out/' + f); } catch (err) { failures.push(f + ': ' + (err && err.message)); }
}
console.log(JSON.stringify({ failures, checked: globalThis.__checked ?? 0 }));
`;

describe('the result-comment checker', () => {
  it('turns literal comments into checks and leaves prose alone', () => {
    expect(withChecks("f('a/b'); // ['x', { k: 1 }]", 'id')).toBe(`__expect((f('a/b')), ['x', { k: 1 }], "id: f('a/b')");`);
    expect(withChecks('f();\n// false', 'id')).toContain('__expect((f()), false');
    expect(withChecks('g(); // throws: bad', 'id')).toContain('__throws(() => { g(); }');
    for (const prose of ['f(); // shape check only', 'const x = f(); // 1', 'f(); // [...]', 'f(); // true when it applies']) {
      expect(withChecks(prose, 'id')).toBe(prose);
    }
  });
});

describe('TSDoc @example blocks', () => {
  const all = examples();
  it('there are examples to check, in every source area', () => {
    expect(all.length).toBeGreaterThan(20);
    for (const area of ['src/reconcile.ts', 'src/client-node.ts', 'src/safe-parse.ts', 'src/network-policy.ts', 'src/cidr/']) {
      expect(all.some((e) => e.id.startsWith(area)), area).toBe(true);
    }
  });
  it('each compiles against the built package (tsc strict) and runs, its commented results holding', async () => {
    const project = consumerProject(true);
    onTestFinished(() => project.remove());
    symlinkSync(join(ROOT, 'node_modules', 'yaml'), join(project.dir, 'node_modules', 'yaml'));
    writeFileSync(join(project.dir, 'template.yaml'), JSON.stringify(DOC));
    mkdirSync(join(project.dir, 'examples'));
    const files: Record<string, string> = { 'checks.ts': CHECKS };
    const names: string[] = [];
    all.forEach((example, i) => {
      const name = `example-${String(i).padStart(2, '0')}.ts`;
      names.push(name.replace(/\.ts$/, '.js'));
      const { imports, body } = splitImports(example.code);
      // The example runs in its own block, so it may declare names the prelude has (`template`).
      files[name] = `// ${example.id}\n${PRELUDE}\n${imports}\n{\n${withChecks(body, example.id)}\n}\nexport {};\n`;
    });
    const { status, output } = await project.typecheck(files);
    const named = output.replace(/example-(\d+)\.ts/g, (_, n: string) => all[Number(n)]!.id);
    expect(named).toBe('');
    expect(status).toBe(0);
    writeFileSync(join(project.dir, 'run.mjs'), RUNNER(names));
    const stdout = await new Promise<string>((resolve) => execFile(process.execPath, ['run.mjs'], { cwd: project.dir, encoding: 'utf8' }, (_e, out) => resolve(out)));
    const summary = stdout.split('\n').find((l) => l.startsWith('{"failures"'));
    expect(summary, stdout).toBeDefined();
    const result = JSON.parse(summary!) as { failures: string[]; checked: number };
    expect(result.failures.map((f) => f.replace(/example-(\d+)\.js/, (_, n: string) => all[Number(n)]!.id))).toEqual([]);
    expect(result.checked).toBeGreaterThan(10);
  }, 180_000);
});
