/// <reference types="node" />
/** Where input comes from: FILE arguments, directories (recursively) and standard input, within a size limit. */
import { closeSync, lstatSync, openSync, readdirSync, readSync } from 'node:fs';
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

/**
 * File names a directory contributes: kubectl's `-R` reads the same three, compared case-sensitively
 * (`a.YAML` is skipped). Every directory is walked, hidden ones (`.k8s`) and `node_modules`
 * included, as kubectl does: a gate that skipped them would pass what `kubectl apply -R` deploys.
 */
export const MANIFEST_EXTENSIONS: readonly string[] = Object.freeze(['.yaml', '.yml', '.json']);

/** One input that could not be read or parsed; the other inputs are still read. */
export interface InputFailure {
  /** The file name as given or found, or `<stdin>`. */
  readonly source: string;
  /** What went wrong, beginning with the source (and its line and column when known), ready to print. */
  readonly message: string;
}

/** What {@link readSources} read, and the inputs it could not read. */
export interface SourceRead {
  readonly sources: SourceText[];
  readonly failures: InputFailure[];
}

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

// A leading byte-order mark is dropped, as kubectl's reader (unicode.BOMOverride) drops it before
// telling JSON from YAML. kubectl also decodes UTF-16 with a BOM and replaces invalid UTF-8; the
// CLI refuses both rather than guess.
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

const byName = (a: { name: string }, b: { name: string }): number => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name));

function cannotRead(path: string, err: unknown): InputFailure {
  const code = (err as NodeJS.ErrnoException).code;
  const hint = code === 'EISDIR' ? ': a symlink to a directory, which kubectl -R reads as a file and fails on too; pass the directory itself' : '';
  return { source: path, message: `${path}: cannot read file${code ? ` (${code})` : ''}${hint}` };
}

/**
 * Files a path stands for, as kubectl's `-R -f PATH` walks it (Go's filepath.Walk): the path itself
 * unless it is a directory (a symlink to a directory is not: kubectl reads it as a file); under a
 * directory, every entry whose name ends in a manifest extension, in byte order, recursing into
 * every real directory. Symlinks are not followed into directories; a symlink named like a
 * manifest is read (and fails when it dangles or points at a directory).
 */
function expand(path: string, failures: InputFailure[]): string[] {
  let stats;
  try {
    stats = lstatSync(path);
  } catch (err) {
    failures.push(cannotRead(path, err));
    return [];
  }
  if (!stats.isDirectory()) return [path];
  const out: string[] = [];
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort(byName);
    } catch (err) {
      failures.push(cannotRead(dir, err));
      return;
    }
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (MANIFEST_EXTENSIONS.some((ext) => entry.name.endsWith(ext))) out.push(full);
    }
  };
  walk(path);
  if (out.length === 0) failures.push({ source: path, message: `${path}: no ${MANIFEST_EXTENSIONS.join(', ')} files in the directory (kubectl -R refuses it too)` });
  return out;
}

const CHUNK = 64 * 1024;

/**
 * Reads a file (a regular file, a FIFO, a character device such as /dev/zero) in chunks, stopping
 * as soon as the total passes `limit`: the size a stat reports is no bound for a FIFO or a device.
 */
function readBounded(file: string, limit: number, used: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const parts: Buffer[] = [];
    let size = used;
    for (;;) {
      const buffer = Buffer.allocUnsafe(CHUNK);
      const n = readSync(fd, buffer, 0, CHUNK, null);
      if (n === 0) break;
      size += n;
      if (size > limit) throw tooLarge(file, limit);
      parts.push(n === CHUNK ? buffer : buffer.subarray(0, n));
    }
    return Buffer.concat(parts);
  } finally {
    closeSync(fd);
  }
}

async function readStdin(stdin: StdinAccess, limit: number, used: number, hint: (s: string) => void): Promise<Uint8Array> {
  if (stdin.isTTY) hint('agent-sandbox-policy: reading manifests from the terminal; end with Ctrl-D, or pass FILE or a directory (see --help)\n');
  const parts: Uint8Array[] = [];
  let size = used;
  for await (const chunk of stdin.chunks()) {
    size += chunk.length;
    if (size > limit) throw tooLarge('<stdin>', limit);
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

/**
 * Reads every input: each path (a file, or a directory walked as kubectl's `-R` does) and `-` (or
 * nothing) for standard input. An input that cannot be read (missing, unreadable, not UTF-8) is a
 * failure and the others are still read; the size limit counts all inputs together and is checked
 * while reading, so passing it stops at once.
 *
 * @returns the texts read, in order, and one failure per input that could not be read
 * @throws UsageError when the inputs together pass `limit` bytes, or `-` is given twice.
 */
export async function readSources(paths: readonly string[], stdin: StdinAccess, limit: number, hint: (s: string) => void): Promise<SourceRead> {
  const wanted = paths.length === 0 ? ['-'] : paths;
  if (wanted.filter((p) => p === '-').length > 1) throw new UsageError('- (standard input) given more than once');
  const sources: SourceText[] = [];
  const failures: InputFailure[] = [];
  let used = 0;
  const add = (source: string, bytes: Uint8Array): void => {
    used += bytes.length;
    try {
      sources.push({ source, text: decode(source, bytes) });
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      failures.push({ source, message: err.message });
    }
  };
  for (const path of wanted) {
    if (path === '-') {
      add('<stdin>', await readStdin(stdin, limit, used, hint));
      continue;
    }
    for (const file of expand(path, failures)) {
      let bytes: Buffer;
      try {
        bytes = readBounded(file, limit, used);
      } catch (err) {
        if (err instanceof UsageError) throw err;
        failures.push(cannotRead(file, err));
        continue;
      }
      add(file, bytes);
    }
  }
  return { sources, failures };
}
