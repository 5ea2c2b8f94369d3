#!/usr/bin/env node
// Size budget of the library entry (issue 6): gzip -9 of dist/index.js, dependencies excluded
// (they are external imports). Exits 1 when over budget. Run after `npm run build`.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 15;
const entry = new URL('../dist/index.js', import.meta.url);
const kb = gzipSync(readFileSync(entry), { level: 9 }).length / 1024;
console.log(`dist/index.js: ${kb.toFixed(2)} KB gzip (budget ${BUDGET_KB} KB)`);
if (kb > BUDGET_KB) {
  console.error(`over budget by ${(kb - BUDGET_KB).toFixed(2)} KB`);
  process.exit(1);
}
