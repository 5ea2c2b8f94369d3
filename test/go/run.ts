/**
 * `npm run test:go`: the Go differential on >= 100,000 generated inputs (GO_DIFF_COUNT to change
 * it). Prints the seed; GO_DIFF_SEED=<n> replays a run. Exits 1 on any disagreement, 2 when Go or
 * golang-k8s-utils-dev is missing.
 */
import { randomInt } from 'node:crypto';
import { buildGoProgram, describeMismatches, hasGo, runDifferential, seedFromEnv } from './differential.js';

const count = Number(process.env.GO_DIFF_COUNT ?? 120_000);
if (!Number.isInteger(count) || count < 1) throw new Error(`GO_DIFF_COUNT must be a positive integer, got ${process.env.GO_DIFF_COUNT}`);
if (!hasGo()) {
  console.error('test:go: `go` is not installed (apt-get install -y golang-go golang-k8s-utils-dev)');
  process.exit(2);
}
const seed = seedFromEnv(randomInt(0, 2 ** 32));
console.log(`test:go: seed ${seed} (replay with GO_DIFF_SEED=${seed}), ${count} inputs`);
let program;
try {
  program = buildGoProgram();
} catch (e) {
  console.error(`test:go: ${(e as Error).message}`);
  process.exit(2);
}
try {
  const result = runDifferential(program.binary, seed, count);
  if (result.mismatches.length > 0) {
    console.error(describeMismatches(result));
    process.exitCode = 1;
  } else {
    console.log(`test:go: no disagreement with Kubernetes' Go code in ${result.checked} inputs`);
  }
} finally {
  program.cleanup();
}
