/// <reference types="node" />
/**
 * The `agent-sandbox-policy` command: render, audit, validate and explain policies from YAML or
 * JSON, for kubectl users and CI. The library never loads this file.
 */
import { readFileSync } from 'node:fs';
import { runCli } from './cli/main.js';

const code = runCli(process.argv.slice(2), {
  stdin: () => readFileSync(0, 'utf8'),
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
});
process.exitCode = code;
