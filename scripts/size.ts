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
export const CEILING_KB = 17.5;

/** The functions a controller calls: parse, build, label, default the pod, plan the reconcile. */
export const CONTROLLER_PATH = ['parseSandboxTemplate', 'networkPolicyFor', 'sandboxPodLabels', 'applySandboxSecureDefaults', 'planNetworkPolicy'];

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Bundles the consumer file; returns its min+gzip size in bytes and the files it pulled in. */
export async function measureControllerPath(): Promise<{ bytes: number; minified: number; inputs: string[] }> {
  const result = await build({
    stdin: { contents: `export { ${CONTROLLER_PATH.join(', ')} } from './dist/index.js';`, resolveDir: ROOT, sourcefile: 'consumer.js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    external: ['zod'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  return { bytes: gzipSync(code, { level: 9 }).length, minified: code.length, inputs: Object.keys(result.metafile.inputs) };
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
