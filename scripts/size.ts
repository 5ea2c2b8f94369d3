// The size of what a controller imports (issue 12): a consumer file that imports the controller
// path from the built package, bundled by esbuild (minified, tree-shaken, zod left external: it
// is the consumer's own dependency), gzip -9. `npm run size` prints it and exits 1 over the
// ceiling; `npm test` runs the same check (test/size.test.ts). Needs `npm run build` first.
// `npm run size -- --by-file` also prints what each source file adds (bundled from src/).
import { build, transform, type BuildOptions } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** The goal for the controller path, KB of min+gzip without zod. Not met yet: see bench/README.md. */
export const GOAL_KB = 8;

/**
 * The enforced ceiling: today's size plus a little room, lowered as the code shrinks toward the goal.
 * It includes what goQuote needs to print as Go 1.21-1.26 (Unicode 15.0.0) does on a runtime with
 * newer Unicode: the 53 gaps of Go's IsPrint tables that Unicode 16.0 and 17.0 filled (about 0.23 KB:
 * src/validation/go-isprint.generated.ts; Go's full tables, 1.5 KB, are a test fixture only). Before
 * any of it the path was 16.43 KB and the ceiling 16.45 KB, which the path does not meet again yet.
 */
export const CEILING_KB = 16.62;

/** The functions a controller calls: parse, build, label, default the pod, plan the reconcile. */
export const CONTROLLER_PATH = ['parseSandboxTemplate', 'networkPolicyFor', 'sandboxPodLabels', 'applySandboxSecureDefaults', 'planNetworkPolicy'];

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Bundles a consumer file importing `names` from the built entry; its min+gzip size in bytes, the code and the files it pulled in. */
export async function measureBundle(names: readonly string[]): Promise<{ bytes: number; minified: number; inputs: string[]; code: string }> {
  const result = await build({
    stdin: { contents: `export { ${names.join(', ')} } from './dist/index.js';`, resolveDir: ROOT, sourcefile: 'consumer.js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    external: ['zod'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const out = result.outputFiles[0]!;
  return { bytes: gzipSync(out.contents, { level: 9 }).length, minified: out.contents.length, inputs: Object.keys(result.metafile.inputs), code: out.text };
}

/** Bundles the controller path (see {@link measureBundle}). */
export function measureControllerPath(): ReturnType<typeof measureBundle> {
  return measureBundle(CONTROLLER_PATH);
}

/** What one source file adds to the controller path. */
export interface FileShare {
  /** The source file, relative to the package root (`src/template.ts`). */
  readonly file: string;
  /** Its bytes in the minified bundle (esbuild's `bytesInOutput`). */
  readonly minified: number;
  /** Bytes of gzip -9 the bundle loses without this file's code (marginal: the shares do not add up to the total). */
  readonly gzip: number;
}

/**
 * The controller path bundled from the sources (`src/index.ts`) instead of `dist/`, per file:
 * minified bytes from esbuild's metafile, and each file's marginal gzip bytes (the whole bundle
 * gzipped with and without that file's minified code). Largest first.
 */
export async function measureByFile(
  names: readonly string[] = CONTROLLER_PATH,
): Promise<{ bytes: number; minified: number; files: FileShare[]; groups: GroupShare[] }> {
  const common: BuildOptions & { write: false } = {
    stdin: { contents: `export { ${names.join(', ')} } from './src/index.js';`, resolveDir: ROOT, sourcefile: 'consumer.js' },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    external: ['zod'],
    write: false,
    logLevel: 'silent',
  };
  const min = await build({ ...common, minify: true, metafile: true });
  const output = Object.values(min.metafile!.outputs)[0]!;
  // Same bundle with identifiers and syntax minified but the `// src/file.ts` markers kept: cut
  // it at the markers, minify each piece's whitespace, and gzip the whole without each piece.
  const marked = await build({ ...common, minifyIdentifiers: true, minifySyntax: true, legalComments: 'none' });
  const pieces = new Map<string, string>();
  let current = '';
  for (const line of marked.outputFiles[0]!.text.split('\n')) {
    const m = /^\/\/ (src\/\S+\.ts)$/.exec(line);
    if (m) current = m[1]!;
    else if (line.startsWith('export {')) current = 'consumer.js'; // the entry's export list, to the end
    else pieces.set(current, `${pieces.get(current) ?? ''}${line}\n`);
  }
  pieces.delete('consumer.js');
  for (const [file, text] of pieces) pieces.set(file, (await transform(text, { minifyWhitespace: true, loader: 'js' })).code);
  const gz = (parts: Iterable<string>): number => gzipSync(Buffer.from([...parts].join('')), { level: 9 }).length;
  const whole = gz(pieces.values());
  const files = Object.entries(output.inputs)
    .filter(([, v]) => v.bytesInOutput > 0)
    .map(([file, v]) => ({
      file,
      minified: v.bytesInOutput,
      gzip: pieces.has(file) ? whole - gz([...pieces].filter(([f]) => f !== file).map(([, t]) => t)) : 0,
    }))
    .sort((a, b) => b.minified - a.minified);
  const groups = GROUPS.map(([name, inGroup]) => {
    const kept = [...pieces].filter(([f]) => !inGroup(f)).map(([, t]) => t);
    const minified = files.filter((f) => inGroup(f.file)).reduce((n, f) => n + f.minified, 0);
    return { name, minified, gzip: whole - gz(kept), without: gz(kept) };
  });
  const code = min.outputFiles[0]!.contents;
  return { bytes: gzipSync(code, { level: 9 }).length, minified: code.length, files, groups };
}

/** What a group of source files adds, and what the path would weigh without it. */
export interface GroupShare {
  /** The group's name. */
  readonly name: string;
  /** Its files' bytes in the minified bundle. */
  readonly minified: number;
  /** Bytes of gzip -9 the bundle loses without the group (marginal). */
  readonly gzip: number;
  /** Bytes of gzip -9 of the rest of the bundle. */
  readonly without: number;
}

const isCidr = (f: string): boolean => f.startsWith('src/cidr/');
const isValidation = (f: string): boolean => f.startsWith('src/validation/');
const isSnapshot = (f: string): boolean => f === 'src/snapshot.ts';

/** The groups `--by-file` reports: the shared layers the controller path sits on, and the rest. */
const GROUPS: ReadonlyArray<readonly [string, (file: string) => boolean]> = [
  ['CIDR parsing and set algebra (src/cidr/)', isCidr],
  ['Kubernetes rule validators (src/validation/)', isValidation],
  ['the plain-data snapshot (src/snapshot.ts)', isSnapshot],
  ['all three', (f) => isCidr(f) || isValidation(f) || isSnapshot(f)],
  ['everything else (parse, build, reconcile, options, tables)', (f) => !isCidr(f) && !isValidation(f) && !isSnapshot(f)],
];

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--by-file')) {
    const { bytes, minified, files, groups } = await measureByFile();
    console.log(`from src/: ${(bytes / 1024).toFixed(2)} KB min+gzip, ${(minified / 1024).toFixed(1)} KB minified`);
    console.log('  minified  gzip (marginal)  file');
    for (const f of files) console.log(`${String(f.minified).padStart(10)}  ${String(f.gzip).padStart(15)}  ${f.file}`);
    console.log('  minified  gzip (marginal)  path without it (gzip)  group');
    for (const g of groups) {
      console.log(`${String(g.minified).padStart(10)}  ${String(g.gzip).padStart(15)}  ${`${(g.without / 1024).toFixed(2)} KB`.padStart(22)}  ${g.name}`);
    }
  }
  const { bytes, minified } = await measureControllerPath();
  const kb = bytes / 1024;
  console.log(`controller path (${CONTROLLER_PATH.join(', ')}): ${kb.toFixed(2)} KB min+gzip (${(minified / 1024).toFixed(1)} KB minified), zod excluded`);
  console.log(`ceiling ${CEILING_KB} KB; goal ${GOAL_KB} KB${kb > GOAL_KB ? ` (${(kb - GOAL_KB).toFixed(2)} KB to go)` : ' (met)'}`);
  if (kb > CEILING_KB) {
    console.error(`over the ceiling by ${(kb - CEILING_KB).toFixed(2)} KB`);
    process.exit(1);
  }
}
