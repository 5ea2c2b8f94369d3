import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * End-to-end suites: they build consumer projects, compile every TSDoc example, drive chromium or
 * re-run every documented command, so they run as `npm run test:e2e` (in CI after `npm test`), keeping `npm test` fast.
 */
export const E2E = ['test/readme.test.ts', 'test/cli-docs.test.ts', 'test/consumer-types.test.ts', 'test/doc-examples.test.ts', 'test/examples.test.ts', 'test/cli/html-report.browser.test.ts'];

export default defineConfig({
  test: {
    include: process.env.E2E === '1' ? E2E : ['test/**/*.test.ts'],
    exclude: process.env.E2E === '1' ? [] : E2E,
    testTimeout: 30_000,
    pool: 'threads',
    // One worker per core: vitest's default leaves one core idle, and half the suite waits on
    // child processes (the CLI, kubectl, tsc) that need the other.
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
