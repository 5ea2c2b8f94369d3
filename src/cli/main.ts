/** The CLI's entry: picks the command, parses its flags, reads the input, runs it, maps errors to exit codes. */
import { DEPRECATED_TEMPLATE_API_VERSIONS, isSandboxPolicyError } from '../index.js';
import { isObject } from '../json.js';
import { didYouMean, issueInFlags, optionTable, parseArgs, stringFlag, UsageError } from './args.js';
import type { Command, FlagValues, OutputFormat } from './command.js';
import { commandHelp, commonFlags, mainHelp } from './help.js';
import { parseInputs, type InputSet } from './input/documents.js';
import { DEFAULT_MAX_INPUT_BYTES, parseSize, readSources, type StdinAccess } from './input/sources.js';
import { COMMANDS } from './registry.js';
import { escapeTerminal } from './output/escape.js';

/** What the CLI needs from the process; injected so it can run in-process too. */
export interface CliEnvironment {
  readonly stdin: StdinAccess;
  stdout(s: string): void;
  stderr(s: string): void;
  /** Colour is allowed on stdout. */
  readonly colour: boolean;
  /** The package version. */
  readonly version: string;
}

/** The exit codes. */
export const EXIT = Object.freeze({ ok: 0, gate: 1, usage: 2, internal: 70 });

function find(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}

/** The message for a command name we do not have, with the closest one. */
function unknownCommand(name: string): string {
  const names = COMMANDS.map((c) => c.name);
  const words = name.startsWith('-') ? ['--help', '--version'] : [...names, 'help', 'version'];
  return `agent-sandbox-policy: unknown command ${JSON.stringify(name)}; commands: ${names.join(', ')} (see agent-sandbox-policy --help)${didYouMean(name, words)}\n`;
}

/** Commands other than `command` that accept `--flag`. */
function elsewhere(command: Command, flag: string): string[] {
  return COMMANDS.filter((c) => c !== command && [...c.flags, ...commonFlags(c)].some((f) => f.name === flag || f.aliases?.includes(flag))).map((c) => c.name);
}

/** Runs the CLI with `argv` (without node and the script); resolves to the exit code. */
export async function runCli(argv: readonly string[], env: CliEnvironment): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === 'version') {
    env.stdout(`${env.version}\n`);
    return EXIT.ok;
  }
  if (name === 'help' && rest.length > 0 && rest[0] !== '--help' && rest[0] !== '-h') {
    // `help audit` is `audit --help`; `help` takes one command name and nothing else.
    const target = find(rest[0]!);
    if (target === undefined || rest.length > 1) {
      env.stderr(target === undefined ? unknownCommand(rest[0]!) : `agent-sandbox-policy: help takes one command name, got ${rest.length} arguments (see agent-sandbox-policy --help)\n`);
      return EXIT.usage;
    }
    env.stdout(commandHelp(target));
    return EXIT.ok;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? env.stderr : env.stdout)(mainHelp(COMMANDS, env.version));
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = find(name);
  if (command === undefined) {
    env.stderr(unknownCommand(name));
    return EXIT.usage;
  }
  const specs = [...command.flags, ...commonFlags(command)];
  let flags: FlagValues = {};
  try {
    const parsed = parseArgs(command.name, rest, specs, (flag) => elsewhere(command, flag));
    flags = parsed.flags;
    const { positionals } = parsed;
    if (flags.help === true) {
      env.stdout(commandHelp(command));
      return EXIT.ok;
    }
    const output = (stringFlag(flags, 'output') ?? command.outputs[0]) as OutputFormat;
    if (!command.outputs.includes(output)) {
      throw new UsageError(`${command.name} cannot print ${JSON.stringify(output)}; -o/--output takes ${command.outputs.join(', ')}${didYouMean(output, command.outputs)}`);
    }
    let input: InputSet = { documents: [], emptyLists: 0, failures: [] };
    if (command.readsInput === false) {
      if (positionals.length > 0) throw new UsageError(`${command.name} reads no input, got ${JSON.stringify(positionals[0])} (see 'agent-sandbox-policy ${command.name} --help')`);
    } else {
      const sizeFlag = stringFlag(flags, 'max-input-size');
      const limit = sizeFlag === undefined ? DEFAULT_MAX_INPUT_BYTES : parseSize(sizeFlag);
      const read = await readSources(positionals, env.stdin, limit, env.stderr);
      input = parseInputs(read.sources, read.failures);
      // An input that could not be read or was refused leaves part of what would be deployed unjudged:
      // the command exits 2, naming each failed input. A command that reports failures itself
      // (audit: its report of the rest, then exit 2) runs first; every other one stops here.
      if (input.failures.length > 0 && command.reportsInputFailures !== true) {
        for (const f of input.failures) env.stderr(`agent-sandbox-policy ${command.name}: ${escapeTerminal(f.message)}\n`);
        return EXIT.usage;
      }
      if (input.documents.length === 0 && input.failures.length === 0) {
        if (input.emptyLists === 0) throw new UsageError('no Kubernetes objects in input');
        env.stderr(`agent-sandbox-policy ${command.name}: the input is an empty List: nothing to do\n`);
      }
      for (const doc of input.documents) {
        const v = doc.value;
        if (isObject(v) && v.kind === 'SandboxTemplate' && (DEPRECATED_TEMPLATE_API_VERSIONS as readonly unknown[]).includes(v.apiVersion)) {
          const name = isObject(v.metadata) && typeof v.metadata.name === 'string' ? ` ${v.metadata.name}` : '';
          env.stderr(`agent-sandbox-policy ${command.name}: warning: ${escapeTerminal(doc.source)}:${doc.start.line} SandboxTemplate${escapeTerminal(name)}: ${String(v.apiVersion)} is deprecated; use extensions.agents.x-k8s.io/v1beta1 (same fields)\n`);
        }
      }
    }
    return command.run({ flags, output, input, io: { stdout: env.stdout, stderr: env.stderr, colour: env.colour, version: env.version } });
  } catch (err) {
    if (err instanceof UsageError) {
      env.stderr(`agent-sandbox-policy ${command.name}: ${escapeTerminal(err.message)}\n`);
      return EXIT.usage;
    }
    if (isSandboxPolicyError(err)) {
      // The library names its options (options.profile); the user typed flags (--profile).
      const table = optionTable(specs);
      const lines = err.issues.map((issue) => escapeTerminal(issueInFlags(issue, table, flags)));
      env.stderr(`agent-sandbox-policy ${command.name}: ${lines.length === 1 ? lines[0]! : `${lines.length} problems:\n- ${lines.join('\n- ')}`}\n`);
      return EXIT.usage;
    }
    env.stderr(`agent-sandbox-policy ${command.name}: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.internal;
  }
}
