/**
 * A throwaway consumer project outside this repository: the built package copied (not linked,
 * so nothing resolves back into this repository's node_modules) into `node_modules`, with zod
 * and, on request, @kubernetes/client-node beside it. Used to compile and run code exactly as a
 * user who installed the package would.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

export interface ConsumerProject {
  readonly dir: string;
  /** Writes `files` and runs tsc (strict, skipLibCheck false); returns its output and exit status. */
  typecheck(files: Record<string, string>): Promise<{ status: number; output: string }>;
  /** Deletes the project directory. */
  remove(): void;
}

export function consumerProject(withClientNode: boolean): ConsumerProject {
  const dir = mkdtempSync(join(tmpdir(), 'asp-consumer-'));
  const pkg = join(dir, 'node_modules', 'agent-sandbox-policy');
  mkdirSync(join(pkg, 'client-node'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(pkg, 'package.json'));
  cpSync(join(ROOT, 'client-node', 'package.json'), join(pkg, 'client-node', 'package.json'));
  cpSync(join(ROOT, 'dist'), join(pkg, 'dist'), { recursive: true, filter: (src) => !src.endsWith('.map') });
  const link = (name: string) => {
    mkdirSync(join(dir, 'node_modules', name, '..'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', name), join(dir, 'node_modules', name));
  };
  // What a Node.js TypeScript project has anyway; zod is our dependency.
  link('zod');
  link('@types/node');
  // @kubernetes/client-node's own declarations import `ws` (through isomorphic-ws).
  if (withClientNode) for (const name of ['@kubernetes/client-node', '@types/ws']) link(name);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  return {
    dir,
    remove: () => rmSync(dir, { recursive: true, force: true }),
    typecheck(files) {
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
      const tsconfig = {
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib: ['ES2022'],
          strict: true,
          skipLibCheck: false,
          noEmit: false,
          outDir: 'out',
          declaration: false,
        },
        files: Object.keys(files),
      };
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
      return new Promise((resolve) => {
        execFile(process.execPath, [TSC, '-p', dir], { cwd: dir, encoding: 'utf8' }, (err, stdout, stderr) => {
          resolve({ status: err ? ((err as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` });
        });
      });
    },
  };
}

/** The packages a consumer project can resolve from its own node_modules. */
export const installed = (project: ConsumerProject): string[] => readdirSync(join(project.dir, 'node_modules'));
