/** Command-line parsing against a command's own flag list, with errors in our words. */
import type { FlagSpec, FlagValues } from './command.js';

/** A usage error: the CLI prints it and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The parsed command line of one command. */
export interface ParsedArgs {
  readonly flags: FlagValues;
  readonly positionals: readonly string[];
}

/**
 * Parses `args` for `command`, accepting only `flags`. `--name value`, `--name=value`, `-o value`,
 * `-ovalue`, `-o=value`; `--` ends the flags; `-` alone is a positional (standard input).
 * `elsewhere(name)` names the commands that do accept a flag this one does not, for the message.
 */
export function parseArgs(command: string, args: readonly string[], flags: readonly FlagSpec[], elsewhere: (name: string) => readonly string[]): ParsedArgs {
  const byName = new Map<string, FlagSpec>();
  for (const f of flags) {
    byName.set(`--${f.name}`, f);
    for (const a of f.aliases ?? []) byName.set(`--${a}`, f);
    if (f.short) byName.set(`-${f.short}`, f);
  }
  const values = new Map<string, boolean | string | string[]>();
  const positionals: string[] = [];
  const hint = `(see 'agent-sandbox-policy ${command} --help')`;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    let name: string;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq < 0 ? arg : arg.slice(0, eq);
      inline = eq < 0 ? undefined : arg.slice(eq + 1);
    } else {
      name = arg.slice(0, 2);
      const rest = arg.slice(2);
      inline = rest === '' ? undefined : rest.startsWith('=') ? rest.slice(1) : rest;
    }
    const spec = byName.get(name);
    if (spec === undefined) {
      const others = name.startsWith('--') ? elsewhere(name.slice(2)) : [];
      if (others.length > 0) throw new UsageError(`${name} does not apply to ${command}; it is a flag of ${others.join(', ')} ${hint}`);
      throw new UsageError(`unknown flag ${name} for ${command} ${hint}`);
    }
    if (spec.type === 'boolean') {
      if (inline !== undefined) throw new UsageError(`${name} takes no value, got ${JSON.stringify(inline)}`);
      values.set(spec.name, true);
      continue;
    }
    let value = inline;
    if (value === undefined) {
      const next = args[i + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-')) throw new UsageError(`${name} needs a value${spec.value ? ` (${spec.value})` : ''}`);
      value = next;
      i++;
    }
    if (spec.type === 'list') {
      const list = values.get(spec.name);
      values.set(spec.name, [...(Array.isArray(list) ? list : []), value]);
    } else {
      if (values.has(spec.name)) throw new UsageError(`--${spec.name} given twice`);
      values.set(spec.name, value);
    }
  }
  return { flags: Object.freeze(Object.fromEntries(values)) as FlagValues, positionals };
}

/** A string flag's value, or undefined. */
export const stringFlag = (flags: FlagValues, name: string): string | undefined => {
  const v = flags[name];
  return typeof v === 'string' ? v : undefined;
};

/** A list flag's values, or undefined when never given. */
export const listFlag = (flags: FlagValues, name: string): readonly string[] | undefined => {
  const v = flags[name];
  return Array.isArray(v) ? v : undefined;
};

/** True when a boolean flag was given. */
export const booleanFlag = (flags: FlagValues, name: string): boolean => flags[name] === true;
