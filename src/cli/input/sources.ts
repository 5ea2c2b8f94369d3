/// <reference types="node" />
/** Where input comes from: FILE arguments, directories (recursively) and standard input, within a size limit. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../args.js';

/** The text of one input file (or of standard input). */
export interface SourceText {
  /** The file name as given or found, or `<stdin>`. */
  readonly source: string;
  readonly text: string;
}

/** How the CLI reaches standard input. */
export interface StdinAccess {
  /** The bytes of standard input, in chunks. */
  chunks(): AsyncIterable<Uint8Array>;
  /** Standard input is a terminal (a hint is printed before waiting on it). */
  readonly isTTY: boolean;
}

/** File names a directory contributes (kubectl's `-R` reads the same three). */
export const MANIFEST_EXTENSIONS: readonly string[] = Object.freeze(['.yaml', '.yml', '.json']);

/** Directories a recursive read skips: hidden ones (`.git`) and `node_modules`. A FILE argument is always read. */
const SKIPPED_DIRECTORY = (name: string): boolean => name.startsWith('.') || name === 'node_modules';

/** Default limit on the total input size: 32 MiB (a `kubectl get -A -o yaml` of thousands of objects). */
export const DEFAULT_MAX_INPUT_BYTES = 32 * 1024 * 1024;

const UNITS: Readonly<Record<string, number>> = Object.freeze({ '': 1, K: 1e3, M: 1e6, G: 1e9, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 });

/** Parses `--max-input-size` (`64Mi`, `100M`, `1048576`) into bytes. */
export function parseSize(text: string): number {
  const m = /^([0-9]{1,12})(Ki|Mi|Gi|K|M|G)?$/.exec(text);
  if (!m) throw new UsageError(`--max-input-size expects a size such as 64Mi, 100M or 1048576, got ${JSON.stringify(text)}`);
  const bytes = Number(m[1]) * UNITS[m[2] ?? '']!;
  if (bytes < 1) throw new UsageError('--max-input-size must be at least 1 byte');
  return bytes;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function decode(source: string, bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new UsageError(`${source}: not valid UTF-8 text`);
  }
}

function tooLarge(source: string, limit: number): UsageError {
  return new UsageError(`${source}: input is larger than ${limit} bytes (raise the limit with --max-input-size)`);
}

/** Files a path stands for: itself, or the manifests under it when it is a directory (sorted, recursive). */
function expand(path: string): string[] {
  let stats;
  try {
    stats = statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`${path}: cannot read file${code ? ` (${code})` : ''}`);
  }
  if (!stats.isDirectory()) return [path];
  const out: string[] = [];
  const entries = readdirSync(path, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORY(entry.name)) out.push(...expand(full));
    }
    else if ((entry.isFile() || entry.isSymbolicLink()) && MANIFEST_EXTENSIONS.some((ext) => entry.name.endsWith(ext))) {
      try {
        if (statSync(full).isFile()) out.push(full);
      } catch {
        /* a dangling symlink contributes nothing */
      }
    }
  }
  return out;
}

async function readStdin(stdin: StdinAccess, limit: number, used: number, hint: (s: string) => void): Promise<SourceText> {
  if (stdin.isTTY) hint('agent-sandbox-policy: reading manifests from the terminal; end with Ctrl-D, or pass FILE or a directory (see --help)\n');
  const parts: Uint8Array[] = [];
  let size = used;
  for await (const chunk of stdin.chunks()) {
    size += chunk.length;
    if (size > limit) throw tooLarge('<stdin>', limit);
    parts.push(chunk);
  }
  return { source: '<stdin>', text: decode('<stdin>', Buffer.concat(parts)) };
}

/** Reads every input: each path (a file, or a directory read recursively) and `-` (or nothing) for standard input. */
export async function readSources(paths: readonly string[], stdin: StdinAccess, limit: number, hint: (s: string) => void): Promise<SourceText[]> {
  const wanted = paths.length === 0 ? ['-'] : paths;
  if (wanted.filter((p) => p === '-').length > 1) throw new UsageError('- (standard input) given more than once');
  const out: SourceText[] = [];
  let used = 0;
  for (const path of wanted) {
    if (path === '-') {
      const s = await readStdin(stdin, limit, used, hint);
      used += Buffer.byteLength(s.text);
      out.push(s);
      continue;
    }
    for (const file of expand(path)) {
      let size: number;
      try {
        size = statSync(file).size;
      } catch (err) {
        throw new UsageError(`${file}: cannot read file (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
      }
      if (used + size > limit) throw tooLarge(file, limit);
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch (err) {
        throw new UsageError(`${file}: cannot read file (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
      }
      if (used + bytes.length > limit) throw tooLarge(file, limit);
      used += bytes.length;
      out.push({ source: file, text: decode(file, bytes) });
    }
  }
  return out;
}
