/** What a CLI command is: its name, flags, outputs and how it runs. One module per command implements it. */
import type { InputSet } from './input/documents.js';

/** A flag a command accepts. */
export interface FlagSpec {
  /** Long name without dashes (`fail-on`). */
  readonly name: string;
  /** One-letter short form (`o`), if any. */
  readonly short?: string;
  /** Other long names that mean the same flag (`format` for `output`). */
  readonly aliases?: readonly string[];
  /** `boolean` takes no value; `string` takes one; `list` may be repeated. */
  readonly type: 'boolean' | 'string' | 'list';
  /** Placeholder in help (`CIDR`). */
  readonly value?: string;
  /** One-line description for help (may continue on following lines, already indented). */
  readonly help: string;
  /** The only values a string or list flag takes; any other is a usage error with a did-you-mean. */
  readonly choices?: readonly string[];
  /**
   * The library option this flag sets, as a path under `options.` (`router.podLabels`; `[*]`
   * matches any index: `passTo[*].networks`), so errors name the flag. Default: the flag's name
   * in camelCase, singular or plural (`cluster-cidr` sets `clusterCidrs`).
   */
  readonly option?: string;
}

/** Parsed flags: booleans, single values, and lists for repeatable flags. */
export type FlagValues = Readonly<Record<string, boolean | string | readonly string[] | undefined>>;

/** Output formats a command may print. */
export type OutputFormat = 'text' | 'yaml' | 'json' | 'sarif' | 'html';

/** Where a command writes and what it knows about the terminal. */
export interface CommandIo {
  stdout(s: string): void;
  stderr(s: string): void;
  /** Colour is allowed (stdout is a terminal and NO_COLOR is unset). */
  readonly colour: boolean;
  /** The package version, for SARIF's tool.driver.version. */
  readonly version: string;
}

/** What a command's `run` receives. */
export interface CommandContext {
  readonly flags: FlagValues;
  readonly output: OutputFormat;
  readonly input: InputSet;
  readonly io: CommandIo;
}

/** One command of the CLI. Adding a command is writing one of these and listing it in registry.ts. */
export interface Command {
  readonly name: string;
  /** One line for the main help. */
  readonly summary: string;
  /** Paragraph(s) for the command's own help. */
  readonly description: string;
  /** The flags this command accepts besides -o, --help and the input flags. */
  readonly flags: readonly FlagSpec[];
  /** False for a command that reads no input (guardrail): FILE arguments are refused. Default true. */
  readonly readsInput?: boolean;
  /**
   * True when the command reports unreadable inputs (`input.failures`) itself, beside its output
   * for the rest, and exits 2 (audit, so a CI upload still gets the report). Otherwise the CLI
   * stops with exit 2 before running it.
   */
  readonly reportsInputFailures?: boolean;
  /** Output formats, default first. */
  readonly outputs: readonly OutputFormat[];
  /** Runs the command on parsed input; returns the exit code. */
  run(context: CommandContext): number;
}
