/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { parseAllDocuments, stringify } from 'yaml';

/** One input document with where it came from, for error messages. */
export interface InputDocument {
  /** File name, or `<stdin>`. */
  readonly source: string;
  /** 0-based index of the document in the stream (items of a `kind: List` count separately). */
  readonly index: number;
  readonly value: unknown;
}

/** An error the CLI reports as `file: message` with exit code 2 (bad usage or input). */
export class CliInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliInputError';
  }
}

/** Reads a file (or stdin for `-`/none) and splits it into YAML/JSON documents, unwrapping `kind: List`. */
export function readDocuments(file: string | undefined, stdin: () => string): InputDocument[] {
  const source = file === undefined || file === '-' ? '<stdin>' : file;
  let text: string;
  try {
    text = source === '<stdin>' ? stdin() : readFileSync(file!, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliInputError(`${source}: cannot read file${code ? ` (${code})` : ''}`);
  }
  const docs = parseAllDocuments(text, { prettyErrors: true });
  const out: InputDocument[] = [];
  let index = 0;
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      throw new CliInputError(`${source}: document ${index}: invalid YAML: ${e.message.split('\n')[0]}`);
    }
    const value = doc.toJS({ maxAliasCount: 100 }) as unknown;
    if (value === null || value === undefined) continue; // empty document (e.g. trailing ---)
    const v = value as { kind?: unknown; items?: unknown };
    if (typeof v === 'object' && typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items)) {
      for (const item of v.items) out.push({ source, index: index++, value: item });
    } else {
      out.push({ source, index: index++, value });
    }
  }
  return out;
}

/** Renders values as a YAML stream or JSON. */
export function formatOutput(values: readonly unknown[], format: 'yaml' | 'json'): string {
  if (format === 'json') return values.map((v) => JSON.stringify(v, null, 2)).join('\n') + '\n';
  return values.map((v) => stringify(v, { lineWidth: 0 })).join('---\n');
}
