/// <reference types="node" />
/**
 * The `agent-sandbox-policy` command: render, audit, validate and explain policies from YAML or
 * JSON, for kubectl users and CI. The library never loads this file.
 */
import { readFileSync } from 'node:fs';
import { runCli } from './cli/main.js';
import { useColour } from './cli/output/text.js';

/** The version, from the package.json next to dist/ (one source of truth). */
function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

// A closed pipe (`render | head -1`) ends the output, not the program with an error.
const quietOnEpipe = (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
};
process.stdout.on('error', quietOnEpipe);
process.stderr.on('error', quietOnEpipe);

const code = await runCli(process.argv.slice(2), {
  stdin: { chunks: () => process.stdin, isTTY: process.stdin.isTTY === true },
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
  colour: useColour(process.stdout.isTTY === true, process.env),
  version: version(),
});
process.exitCode = code;
