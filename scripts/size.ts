// The size of what a controller imports (issue 12): a consumer file that imports the controller
// path from the built package, bundled by esbuild (minified, tree-shaken, zod left external: it
// is the consumer's own dependency), gzip -9. `npm run size` prints it and exits 1 over the
// ceiling; `npm test` runs the same check (test/size.test.ts). Needs `npm run build` first.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** The goal for the controller path, KB of min+gzip without zod. Not met yet: see bench/README.md. */
export const GOAL_KB = 8;

/** The enforced ceiling: today's size plus a little room, lowered as the code shrinks toward the goal. */
export const CEILING_KB = 17.45;

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

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { bytes, minified } = await measureControllerPath();
  const kb = bytes / 1024;
  console.log(`controller path (${CONTROLLER_PATH.join(', ')}): ${kb.toFixed(2)} KB min+gzip (${(minified / 1024).toFixed(1)} KB minified), zod excluded`);
  console.log(`ceiling ${CEILING_KB} KB; goal ${GOAL_KB} KB${kb > GOAL_KB ? ` (${(kb - GOAL_KB).toFixed(2)} KB to go)` : ' (met)'}`);
  if (kb > CEILING_KB) {
    console.error(`over the ceiling by ${(kb - CEILING_KB).toFixed(2)} KB`);
    process.exit(1);
  }
}
