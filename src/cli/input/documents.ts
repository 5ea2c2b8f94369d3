/** Input text -> Kubernetes objects, each able to say at which line and column a field path sits. */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import { UsageError } from '../args.js';
import type { SourceText } from './sources.js';
import { findScalarDifference, findStructuralConstruct, YAML11_OPTIONS, type ReadingDifference } from './yaml-readings.js';

/** 1-based line and column in a source. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** One Kubernetes object of the input. */
export interface InputDocument {
  /** File name, or `<stdin>`. */
  readonly source: string;
  /** 0-based index of the YAML document in its source. */
  readonly index: number;
  /** Index in `items` when the document is a `kind: List`, else null. */
  readonly item: number | null;
  /** The object, as plain JSON data. */
  readonly value: unknown;
  /** Where the object starts. */
  readonly start: Position;
  /** Where a field path (`spec.networkPolicy.egress[0].to[1].ipBlock.cidr`) sits; the nearest existing ancestor when absent. */
  position(path: string): Position;
}

/** Everything read from the input. */
export interface InputSet {
  readonly documents: readonly InputDocument[];
  /** `kind: List` documents with no items (a `kubectl get` that found nothing). */
  readonly emptyLists: number;
  /** Files that could not be read or parsed (the rest are in `documents`). */
  failures?: readonly { source: string; message: string }[];
}

/** Aliases one document may expand (yaml's guard against "billion laughs" documents). */
export const MAX_ALIAS_COUNT = 100;
/** Deepest nesting accepted (Kubernetes objects stay far below it). */
export const MAX_DEPTH = 100;

/** Splits a Kubernetes field path into keys and indexes: `a.b[0][key.with.dots]` -> ['a', 'b', 0, 'key.with.dots']. */
export function pathSegments(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]|\[([^\]]*)\]/g)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(m[3]!);
  }
  return out;
}

function locator(doc: Document, root: unknown, lines: LineCounter): (path: string) => Position {
  const at = (offset: number): Position => {
    const p = lines.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const resolve = (n: unknown): unknown => (isAlias(n) ? n.resolve(doc) : n);
  return (path) => {
    let node = resolve(root);
    let offset = (node as Node | null)?.range?.[0] ?? 0;
    for (const seg of pathSegments(path)) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        offset = (pair.key as Node).range?.[0] ?? offset;
        node = resolve(pair.value);
      } else if (isSeq(node) && typeof seg === 'number' && node.items[seg] !== undefined) {
        node = resolve(node.items[seg]);
        offset = (node as Node | null)?.range?.[0] ?? offset;
      } else break;
    }
    return at(offset);
  };
}

/** Checks a parsed value is JSON data: no cycles (self-referencing aliases), no deep nesting, no non-JSON values. */
function checkJson(value: unknown, where: string): void {
  const ancestors = new Set<object>();
  const walk = (v: unknown, depth: number): void => {
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new UsageError(`${where}: ${v} is not a JSON number (kubectl refuses it too)`);
      return;
    }
    if (typeof v !== 'object') throw new UsageError(`${where}: a value JSON cannot hold (${typeof v})`);
    if (depth > MAX_DEPTH) throw new UsageError(`${where}: nested deeper than ${MAX_DEPTH} levels`);
    if (ancestors.has(v)) throw new UsageError(`${where}: an alias refers to a node that contains it (a self-referencing alias)`);
    const proto = Object.getPrototypeOf(v) as unknown;
    if (!Array.isArray(v) && proto !== Object.prototype && proto !== null) throw new UsageError(`${where}: a value JSON cannot hold (an explicit YAML tag?)`);
    ancestors.add(v);
    for (const child of Object.values(v)) walk(child, depth + 1);
    ancestors.delete(v);
  };
  walk(value, 0);
}

/** Deep equality of two JSON values already checked by checkJson (bounded by MAX_DEPTH). */
function sameJson(a: unknown, b: unknown, depth = 0): boolean {
  if (a === b) return true;
  if (depth > MAX_DEPTH + 1 || typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], depth + 1));
}

function toJson(doc: Document, where: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
  } catch (err) {
    if (err instanceof ReferenceError) throw new UsageError(`${where}: aliases expand to more than ${MAX_ALIAS_COUNT} nodes (an alias bomb?)`);
    if (err instanceof RangeError) throw new UsageError(`${where}: nested too deeply to read`);
    throw err;
  }
}

function refuse(where: string, d: ReadingDifference): UsageError {
  return new UsageError(
    `${where}: ${d.construct}${d.text === '<<' ? '' : ` ${d.text}`}: kubectl (YAML 1.1) reads ${d.yaml11}; YAML 1.2 reads ${d.yaml12}; ` +
      'refusing a document that means different things to different readers (quote the value or write it plainly)',
  );
}

/**
 * Refuses text nested deeper than MAX_DEPTH before the YAML parser sees it: the parser recurses, and
 * near the end of the stack Node can abort outright instead of throwing. Counts flow brackets
 * outside quotes and comments, and the indentation-plus-indicator prefix of each line (block
 * nesting needs one column per level). Over-counts at worst, never under-counts.
 */
function checkNesting(source: string, text: string): void {
  let depth = 0;
  let line = 1;
  let lineStart = true;
  let prefix = 0;
  let previous = '\n'; // the last significant character on this line
  const fail = () => new UsageError(`${source}:${line}: nested deeper than ${MAX_DEPTH} levels`);
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      lineStart = true;
      prefix = 0;
      previous = '\n';
      continue;
    }
    if (lineStart) {
      if (c === ' ' || c === '\t' || ((c === '-' || c === '?' || c === ':') && (text[i + 1] === ' ' || text[i + 1] === '\n'))) {
        if (++prefix > 4 * MAX_DEPTH) throw fail();
        if (c !== ' ' && c !== '\t') previous = c;
        continue;
      }
      lineStart = false;
    }
    if (c === ' ' || c === '\t') continue;
    if (c === '#' && /\s/.test(text[i - 1] ?? ' ')) {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
      continue;
    }
    if ((c === '"' || c === "'") && '\n:-?[{,'.includes(previous)) {
      // A quoted scalar: skip it, but never past the end of the line (over-counts a multi-line one).
      for (i++; i < text.length && text[i] !== c && text[i] !== '\n'; i++) if (text[i] === '\\' && c === '"') i++;
      if (text[i] === '\n') i--;
    } else if (c === '[' || c === '{') {
      if (++depth > MAX_DEPTH) throw fail();
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
    previous = c;
  }
}

/** Parses every source into Kubernetes objects; YAML problems (syntax, ambiguous constructs, alias bombs) refuse the input. */
export function parseInputs(sources: readonly SourceText[]): InputSet {
  const documents: InputDocument[] = [];
  let emptyLists = 0;
  for (const { source, text } of sources) {
    checkNesting(source, text);
    const lines = new LineCounter();
    let docs12: Document[];
    let docs11: Document[];
    try {
      docs12 = asList(parseAllDocuments(text, { lineCounter: lines, prettyErrors: false }));
      docs11 = asList(parseAllDocuments(text, YAML11_OPTIONS));
    } catch (err) {
      if (err instanceof RangeError) throw new UsageError(`${source}: nested too deeply to read`);
      throw err;
    }
    const where = (offset: number, index: number) => {
      const p = lines.linePos(offset);
      return `${source}:${p.line}:${p.col}: document ${index}`;
    };
    docs12.forEach((doc, index) => {
      const start = doc.contents?.range?.[0] ?? doc.range?.[0] ?? 0;
      const error = doc.errors[0];
      if (error) throw new UsageError(`${where(error.pos[0], index)}: invalid YAML: ${error.message.split('\n')[0]}`);
      const structural = findStructuralConstruct(doc);
      if (structural) throw refuse(where(structural.offset, index), structural);
      const value = toJson(doc, where(start, index));
      checkJson(value, where(start, index));
      const other = docs11[index];
      const value11 = other && other.errors.length === 0 ? toJson(other, where(start, index)) : undefined;
      if (!sameJson(value, value11)) {
        const d = findScalarDifference(doc);
        if (d) throw refuse(where(d.offset, index), d);
        throw new UsageError(`${where(start, index)}: kubectl (YAML 1.1) and YAML 1.2 read this document differently; refusing it`);
      }
      if (value === null || value === undefined) return; // an empty document (comments only, a trailing ---)
      const locate = locator(doc, doc.contents, lines);
      const base = { source, index, start: locate('') };
      const v = value as { kind?: unknown; items?: unknown };
      if (typeof v === 'object' && !Array.isArray(v) && typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items)) {
        if (v.items.length === 0) emptyLists++;
        v.items.forEach((item, i) => {
          const root = doc.getIn(['items', i], true);
          const loc = locator(doc, root, lines);
          documents.push({ ...base, item: i, value: item, start: loc(''), position: loc });
        });
      } else documents.push({ ...base, item: null, value, position: locate });
    });
  }
  return { documents, emptyLists };
}

function asList(docs: Document[] | { empty: true }): Document[] {
  return Array.isArray(docs) ? docs : [];
}
