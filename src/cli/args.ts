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
      const longNames = flags.flatMap((f) => [f.name, ...(f.aliases ?? [])]).map((n) => `--${n}`);
      throw new UsageError(`unknown flag ${name} for ${command} ${hint}${name.startsWith('--') ? didYouMean(name, longNames) : ''}`);
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
    if (spec.choices !== undefined && !spec.choices.includes(value)) throw choiceError(`--${spec.name}`, spec.choices, value);
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

/**
 * The optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two
 * neighbours each cost 1 (`hihg` is one swap from `high`).
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidate closest to `input` (case-insensitive), when it is close enough to be a typo: at
 * most a third of its length away (at least 1), or `input` is a prefix of exactly one
 * candidate. Ties go to the first candidate.
 */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  const lower = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const dist = editDistance(lower, c.toLowerCase());
    if (dist < bestDistance) {
      best = c;
      bestDistance = dist;
    }
  }
  if (best !== undefined && bestDistance <= Math.max(1, Math.floor(Math.max(lower.length, best.length) / 3))) return best;
  const prefixed = lower.length >= 2 ? candidates.filter((c) => c.toLowerCase().startsWith(lower)) : [];
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

/** `; did you mean "x"?` when a candidate is close to `input`, else ''. */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const c = closest(input, candidates);
  return c === undefined ? '' : `; did you mean ${c}?`;
}

/** `a or b`, `a, b or c`. */
const alternatives = (items: readonly string[]): string => (items.length <= 2 ? items.join(' or ') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)!}`);

/** The usage error for a value outside a flag's choices. */
export function choiceError(flag: string, choices: readonly string[], value: string): UsageError {
  const list = choices.length <= 2 ? alternatives(choices) : `one of ${choices.join(', ')}`;
  return new UsageError(`${flag} must be ${list}, got ${JSON.stringify(value)}${didYouMean(value, choices)}`);
}

const camel = (name: string): string => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One row of the option table: a library option path (`[*]` any index) and the flag that sets it. */
interface OptionRow {
  readonly flag: FlagSpec;
  readonly option: string;
  readonly pattern: RegExp;
}

/**
 * The table from library option paths to the flags that set them, derived from the flag specs:
 * each flag's `option`, or its name in camelCase, singular and plural.
 */
export function optionTable(flags: readonly FlagSpec[]): readonly OptionRow[] {
  return flags.flatMap((flag) => {
    const options = flag.option !== undefined ? [flag.option] : [camel(flag.name), `${camel(flag.name)}s`];
    return options.map((option) => ({ flag, option, pattern: new RegExp(`^options\\.${escapeRe(option).replace(/\\\[\\\*\\\]/g, '\\[\\d+\\]')}(?=$|[.[])`) }));
  });
}

/**
 * The flag that set the library option at `path` (`options.nameservers[1]`), as the user typed
 * it: `--nameserver 10.0.0.53` when the path indexes a list flag's values, else `--nameserver`.
 * Undefined when no flag sets it.
 */
export function flagOfOption(path: string, table: readonly OptionRow[], values: FlagValues): string | undefined {
  let best: { row: OptionRow; length: number } | undefined;
  for (const row of table) {
    const m = row.pattern.exec(path);
    if (m && (best === undefined || m[0].length > best.length)) best = { row, length: m[0].length };
  }
  if (best === undefined) return undefined;
  const flag = `--${best.row.flag.name}`;
  const index = /^\[(\d+)\]/.exec(path.slice(best.length));
  const given = values[best.row.flag.name];
  if (index && Array.isArray(given) && given[Number(index[1])] !== undefined) return `${flag} ${given[Number(index[1])]!}`;
  return flag;
}

/**
 * An issue of a library error in the CLI's words: option paths (`options.profile`) and the
 * option names a message mentions (`allowSensitive`) become the flags that set them.
 */
export function issueInFlags(issue: { readonly path: string; readonly message: string }, table: readonly OptionRow[], values: FlagValues): string {
  const path = (issue.path.startsWith('options.') ? flagOfOption(issue.path, table, values) : undefined) ?? issue.path;
  let message = issue.message.replace(/\boptions\.[A-Za-z0-9_.[\]]+/g, (p) => flagOfOption(p, table, values) ?? p);
  // Option names in camelCase are identifiers, never plain words: safe to replace where a flag
  // sets them (the first flag under a name: `passTo` is --pass-to).
  const done = new Set<string>();
  for (const row of table) {
    const name = /^[a-z]+[A-Z][A-Za-z]*/.exec(row.option)?.[0];
    if (name === undefined || done.has(name)) continue;
    done.add(name);
    message = message.replace(new RegExp(`\\b${name}\\b`, 'g'), `--${row.flag.name}`);
  }
  return path ? `${path}: ${message}` : message;
}
