/** Help texts, built from the command modules so a flag is documented where it is declared. */
import type { Command, FlagSpec } from './command.js';

/** The exit codes, for every help text and the README. */
export const EXIT_CODES = `Exit codes:
  0   done, nothing at or above the gate
  1   audit: an unsuppressed finding at or above --fail-on (default high) on a sandbox target or
      about an object; validate: an invalid object; render, explain: an object could not be
      handled (the rest were)
  2   bad usage, or input that could not be read: unreadable or empty input, invalid or
      ambiguous YAML (read differently by kubectl), too large (--max-input-size)
  70  internal error (a bug: please report it)`;

export const INPUT_HELP = `Input: FILE and DIR arguments (directories are read recursively as kubectl -R reads them: *.yaml, *.yml, *.json,
hidden directories and node_modules included), or - for standard input (the default). YAML or JSON; multi-document streams, JSON
object streams and lists (any object with items, as kubectl get -o yaml prints) are read object by object. YAML is read as kubectl reads it (YAML 1.1): a document
that YAML 1.1 and 1.2 read differently (merge keys <<, 065, yes/no, 1:20, ...) is refused.`;

/** Flags every command has. */
export function commonFlags(command: Command): FlagSpec[] {
  const outputs = command.outputs;
  return [
    { name: 'output', short: 'o', aliases: ['format'], type: 'string', value: outputs.join('|'), help: `output format (default ${outputs[0]}); --format is an alias` },
    ...(command.readsInput === false ? [] : [{ name: 'max-input-size', type: 'string', value: 'SIZE', help: 'refuse input larger than this (default 32Mi; e.g. 100Mi, 1Gi)' } as const]),
    { name: 'help', short: 'h', type: 'boolean', help: 'this help' },
  ];
}

function flagLines(flags: readonly FlagSpec[]): string {
  const heads = flags.map((f) => `${f.short ? `-${f.short}, ` : '    '}--${f.name}${f.value ? ` ${f.value}` : ''}`);
  const width = Math.max(...heads.map((h) => h.length)) + 2;
  return flags
    .map((f, i) => {
      const [first, ...rest] = f.help.split('\n');
      return [`  ${heads[i]!.padEnd(width)}${first}`, ...rest.map((l) => `  ${' '.repeat(width)}${l}`)].join('\n');
    })
    .join('\n');
}

/** `agent-sandbox-policy COMMAND --help`. */
export function commandHelp(command: Command): string {
  const reads = command.readsInput !== false;
  return `Usage: agent-sandbox-policy ${command.name}${reads ? ' [FILE|DIR|-]...' : ''} [flags]

${command.description}
${reads ? `\n${INPUT_HELP}\n` : ''}
Flags:
${flagLines([...command.flags, ...commonFlags(command)])}

${EXIT_CODES}
`;
}

/** `agent-sandbox-policy --help`. */
export function mainHelp(commands: readonly Command[], version: string): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 3;
  return `agent-sandbox-policy ${version}: NetworkPolicies for Kubernetes agent-sandbox templates

Usage: agent-sandbox-policy COMMAND [FILE|DIR|-]... [flags]

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`).join('\n')}

Run 'agent-sandbox-policy COMMAND --help' (or 'help COMMAND') for a command's flags and outputs.
--version prints the version.

${EXIT_CODES}
`;
}
