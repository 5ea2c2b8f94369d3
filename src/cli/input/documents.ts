/** Input text -> Kubernetes objects, each able to say at which line and column a field path sits. */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, parseDocument, Scalar, visit, type Document, type Node } from 'yaml';
import { UsageError } from '../args.js';
import type { InputFailure, SourceText } from './sources.js';
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
  /** 0-based index of the document in its source: the YAML document between `---` lines, or the object in a JSON stream. */
  readonly index: number;
  /** Index in `items` when the object comes from a list (a document with an `items` list, whatever its kind), else null. */
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
  /** List documents (an `items` list of any kind) with no items (a `kubectl get` that found nothing). */
  readonly emptyLists: number;
  /**
   * Inputs that could not be read or were refused (a YAML problem, a reading kubectl does not
   * share), one per input; none of their objects is in `documents`. A gate must not pass while
   * this is non-empty: part of what would be deployed was not judged.
   */
  readonly failures: readonly InputFailure[];
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

function locator(doc: Document, root: unknown, at: (offset: number) => Position): (path: string) => Position {
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
    if (typeof v === 'string') {
      if (LONE_SURROGATE.test(v)) throw new UsageError(`${where}: a string with half of a UTF-16 surrogate pair (\\ud800): kubectl replaces or refuses it`);
      return;
    }
    if (v === null || typeof v === 'boolean') return;
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
    for (const key of Object.keys(v)) walk(key, depth + 1);
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

/** A document refused; the message begins with the source, line and column. */
function refuseAt(where: string, message: string): UsageError {
  return new UsageError(`${where}: ${message}`);
}

/** Go's unicode.IsSpace: kubectl skips these before looking for the `{` of a JSON stream. */
const GO_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/u;
/** kubectl looks for that `{` within the first 4096 bytes of the input. */
const JSON_PEEK_BYTES = 4096;

const utf8Length = (cp: number): number => (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);

/**
 * Whether kubectl reads the text as a stream of JSON values (k8s.io/apimachinery's
 * YAMLOrJSONDecoder): its first non-space byte, within the first 4096, is `{` (a leading
 * byte-order mark is already gone: kubectl drops it first, and so does the CLI's reader).
 */
function isJsonStream(text: string): boolean {
  let bytes = 0;
  for (const ch of text) {
    if (ch === '{') return bytes < JSON_PEEK_BYTES;
    const length = utf8Length(ch.codePointAt(0)!);
    if (!GO_SPACE.test(ch) || bytes + length > JSON_PEEK_BYTES) return false;
    bytes += length;
  }
  return false;
}

/** One piece of a YAML input between `---` lines, as kubectl's YAMLReader cuts it. */
interface Chunk {
  /** The lines, each ended by `\n` (kubectl reads lines with Go's bufio.ReadLine: `\r\n` becomes `\n`). */
  readonly text: string;
  /** 0-based line of the source where the chunk starts. */
  readonly line: number;
}

/** Go's strings.TrimSpace. */
const goTrim = (s: string): string => s.replace(/^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/gu, '');

/**
 * Cuts a YAML input where kubectl does: at every line starting with `---`, whatever the YAML
 * around it (a `---` line inside a quoted string or a block scalar cuts it too). kubectl refuses
 * anything but spaces or a comment after the `---` (`--- |`, `---foo`, `----`), so the CLI does.
 */
function chunksOf(source: string, text: string): Chunk[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const out: Chunk[] = [];
  let current: string[] = [];
  let first = 0;
  lines.forEach((raw, i) => {
    const line = i < lines.length - 1 || text.endsWith('\n') ? raw.replace(/\r$/, '') : raw;
    if (line.startsWith('---')) {
      const rest = goTrim(line.slice(3));
      if (rest.length > 0 && !rest.startsWith('#')) {
        throw refuseAt(`${source}:${i + 1}:1`, `invalid document separator ${JSON.stringify(line)}: kubectl cuts documents at every line starting with --- and accepts only spaces or a comment after it`);
      }
      if (current.length > 0) out.push({ text: current.join(''), line: first });
      current = [];
      first = i + 1;
      return;
    }
    current.push(`${line}\n`);
  });
  if (current.length > 0) out.push({ text: current.join(''), line: first });
  return out;
}

/** Characters go-yaml v2 (YAML 1.1) reads as line breaks and YAML 1.2 readers do not: `name: a<U+2028>  namespace: x` is two keys to kubectl. */
const YAML11_LINE_BREAK = /[\r\u0085\u2028\u2029]/;

/** Refuses mapping keys that are not strings or safe integers: kubectl's YAML-to-JSON writes other keys (`1e20`, `~`, `true`) its own way. */
function checkKeys(doc: Document, where: (offset: number) => string): void {
  let bad: { offset: number; text: string } | null = null;
  visit(doc, {
    Pair(_, pair) {
      const key = pair.key as unknown;
      if (key === null || (isScalar(key) && (typeof key.value === 'string' || (typeof key.value === 'number' && Number.isSafeInteger(key.value))))) return undefined;
      const node = key as Node;
      bad = { offset: node.range?.[0] ?? 0, text: isScalar(key) ? String(key.source ?? key.value) : 'a collection' };
      return visit.BREAK;
    },
  });
  if (bad !== null) {
    const b = bad as { offset: number; text: string };
    throw refuseAt(where(b.offset), `mapping key ${b.text} is not a string: kubectl's YAML-to-JSON and this tool write such keys differently; quote it`);
  }
}

/**
 * Refuses the escapes YAML 1.2 added to double-quoted strings (`\/`, `\` before a tab): go-yaml v2
 * (YAML 1.1) fails on them, so kubectl reads no object where a YAML 1.2 reader reads one.
 */
function checkEscapes(doc: Document, text: string, where: (offset: number) => string): void {
  let bad: number | null = null;
  visit(doc, {
    Scalar(_, node) {
      if (node.type !== Scalar.QUOTE_DOUBLE || !node.range) return undefined;
      const source = text.slice(node.range[0], node.range[1]);
      for (const m of source.matchAll(/\\([\s\S])/g)) {
        if (m[1] === '/' || m[1] === '\t') {
          bad = node.range[0] + m.index;
          return visit.BREAK;
        }
      }
      return undefined;
    },
  });
  if (bad !== null) throw refuseAt(where(bad), 'an escape YAML 1.1 does not have (\\/ or \\ before a tab): kubectl fails on it; write the character itself');
}

/** A string with half of a UTF-16 surrogate pair (`"\ud800"`): Go replaces it with U+FFFD or fails, so readers differ. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Where one object sits, and how to find the objects of its `items`. */
interface Located {
  readonly where: string;
  readonly start: Position;
  readonly position: (path: string) => Position;
  readonly item: (i: number) => (path: string) => Position;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const own = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
/** unstructured's GetKind/GetAPIVersion: the string, or '' when absent or not a string. */
const field = (o: Record<string, unknown>, k: string): string => (own(o, k) && typeof o[k] === 'string' ? (o[k] as string) : '');

/**
 * The objects of one document, as kubectl's builder reads them: a document with an `items` key
 * (whatever its kind) is a list and stands for its items, one level deep (kubectl refuses an item
 * that is itself a list); an item with neither kind nor apiVersion takes the list's apiVersion and
 * its kind without the `List` suffix.
 */
function objectsOf(source: string, index: number, value: unknown, at: Located, out: { documents: InputDocument[]; emptyLists: number }): void {
  if (value === null || value === undefined) return; // an empty document (comments only, `null`)
  if (!isPlainObject(value)) {
    throw refuseAt(at.where, `a document must be a Kubernetes object (a map), got ${Array.isArray(value) ? 'a list' : `a ${typeof value}`}; kubectl refuses it too`);
  }
  if (!own(value, 'items')) {
    out.documents.push({ source, index, item: null, value, start: at.start, position: at.position });
    return;
  }
  const items = value.items;
  if (items !== null && !Array.isArray(items)) throw refuseAt(at.where, 'items is not a list: kubectl reads any object with items as a list and refuses this one');
  const listKind = field(value, 'kind');
  if (listKind === '') throw refuseAt(at.where, "a list (an object with items) without a kind: kubectl refuses it (Object 'Kind' is missing)");
  if (items === null || items.length === 0) {
    out.emptyLists++;
    return;
  }
  items.forEach((item: unknown, i: number) => {
    const here = `${at.where}: items[${i}]`;
    if (!isPlainObject(item)) throw refuseAt(here, 'a list item must be a Kubernetes object (a map)');
    if (own(item, 'items') && Array.isArray(item.items)) throw refuseAt(here, 'a list inside a list: kubectl reads one level of items and refuses this one');
    let v = item;
    if (field(item, 'kind') === '' && field(item, 'apiVersion') === '') {
      v = { ...item, apiVersion: field(value, 'apiVersion'), kind: listKind.endsWith('List') ? listKind.slice(0, -'List'.length) : listKind };
    }
    if (field(v, 'kind') === '' || field(v, 'apiVersion') === '') {
      throw refuseAt(here, `an item without ${field(v, 'kind') === '' ? 'a kind' : 'an apiVersion'}: kubectl refuses it (it takes both from the list only when the item has neither)`);
    }
    const position = at.item(i);
    out.documents.push({ source, index, item: i, value: v, start: position(''), position });
  });
}

/** Splits a JSON stream into its top-level values, as Go's json.Decoder reads them; `null` values are skipped (kubectl does). */
function jsonSpans(source: string, text: string, lines: LineCounter): Array<{ start: number; end: number }> {
  const spans: Array<{ start: number; end: number }> = [];
  const space = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';
  const where = (offset: number) => {
    const p = lines.linePos(offset);
    return `${source}:${p.line}:${p.col}`;
  };
  let i = 0;
  for (;;) {
    while (i < text.length && space(text[i])) i++;
    if (i >= text.length) return spans;
    if (text.startsWith('null', i) && (i + 4 === text.length || space(text[i + 4]) || text[i + 4] === '{')) {
      i += 4;
      continue;
    }
    if (text[i] !== '{') throw refuseAt(where(i), 'kubectl reads input starting with { as a stream of JSON objects, and this is not one');
    const start = i;
    let depth = 0;
    let inString = false;
    for (; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        if (--depth === 0) {
          i++;
          break;
        }
      }
    }
    if (depth !== 0) throw refuseAt(where(start), 'a JSON object that does not end');
    spans.push({ start, end: i });
  }
}

function parseJsonSource(source: string, text: string, out: { documents: InputDocument[]; emptyLists: number }): void {
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
  jsonSpans(source, text, lines).forEach((span, index) => {
    const p = lines.linePos(span.start);
    const where = `${source}:${p.line}:${p.col}: document ${index}`;
    const json = text.slice(span.start, span.end);
    let value: unknown;
    try {
      value = JSON.parse(json) as unknown;
    } catch (err) {
      throw refuseAt(where, `not valid JSON (kubectl reads input starting with { as JSON): ${(err as Error).message}`);
    }
    // The same text read as YAML gives the positions, and refuses duplicate keys as the YAML path does.
    const spanLines = new LineCounter();
    const doc = parseDocument(' '.repeat(p.col - 1) + json, { lineCounter: spanLines, prettyErrors: false });
    const error = doc.errors[0];
    if (error) throw refuseAt(where, `invalid JSON: ${error.message.split('\n')[0]}`);
    const at = (offset: number): Position => {
      const q = spanLines.linePos(offset);
      return { line: q.line + p.line - 1, column: q.col };
    };
    checkJson(value, where);
    if (!sameJson(value, toJson(doc, where))) throw refuseAt(where, 'JSON that YAML readers read differently; refusing it');
    const locate = locator(doc, doc.contents, at);
    objectsOf(source, index, value, { where, start: locate(''), position: locate, item: (i) => locator(doc, doc.getIn(['items', i], true), at) }, out);
  });
}

function parseYamlSource(source: string, text: string, out: { documents: InputDocument[]; emptyLists: number }): void {
  chunksOf(source, text).forEach((chunk, index) => {
    const lines = new LineCounter();
    const at = (offset: number): Position => {
      const p = lines.linePos(offset);
      return { line: p.line + chunk.line, column: p.col };
    };
    const where = (offset: number) => {
      const p = at(offset);
      return `${source}:${p.line}:${p.column}: document ${index}`;
    };
    let docs12: Document[];
    let docs11: Document[];
    try {
      docs12 = asList(parseAllDocuments(chunk.text, { lineCounter: lines, prettyErrors: false }));
      docs11 = asList(parseAllDocuments(chunk.text, YAML11_OPTIONS));
    } catch (err) {
      if (err instanceof RangeError) throw new UsageError(`${source}: nested too deeply to read`);
      throw err;
    }
    const lineBreak = YAML11_LINE_BREAK.exec(chunk.text);
    if (lineBreak) {
      throw refuseAt(where(lineBreak.index), `${JSON.stringify(lineBreak[0])} is a line break to kubectl (YAML 1.1) and not to YAML 1.2 readers; refusing a document that means different things to different readers`);
    }
    const directive = /^%/m.exec(chunk.text);
    if (directive) {
      // kubectl cuts the file at the --- that ends the directive's lines, so go-yaml sees a directive with no document.
      throw refuse(where(directive.index), { construct: '%YAML directive', text: chunk.text.slice(directive.index).split('\n')[0]!, offset: directive.index, yaml11: 'an error (it cuts the directive from its document at ---)', yaml12: 'the directive, then the document' });
    }
    const doc = docs12[0];
    if (doc === undefined) return; // comments only
    const extra = docs12.slice(1).find((d) => d.contents !== null || d.errors.length > 0);
    if (extra) {
      throw refuseAt(where(extra.range?.[0] ?? 0), 'text after a ... document end: kubectl ignores it, other readers read another document; refusing it (start a new document with ---)');
    }
    const start = doc.contents?.range?.[0] ?? doc.range?.[0] ?? 0;
    const error = doc.errors[0];
    if (error) throw refuseAt(where(error.pos[0]), `invalid YAML: ${error.message.split('\n')[0]}`);
    const structural = findStructuralConstruct(doc);
    if (structural) throw refuse(where(structural.offset), structural);
    checkKeys(doc, where);
    checkEscapes(doc, chunk.text, where);
    const value = toJson(doc, where(start));
    checkJson(value, where(start));
    const other = docs11[0];
    const value11 = other && other.errors.length === 0 ? toJson(other, where(start)) : undefined;
    if (!sameJson(value, value11)) {
      const d = findScalarDifference(doc);
      if (d) throw refuse(where(d.offset), d);
      throw refuseAt(where(start), 'kubectl (YAML 1.1) and YAML 1.2 read this document differently; refusing it');
    }
    const locate = locator(doc, doc.contents, at);
    objectsOf(source, index, value, { where: where(start), start: locate(''), position: locate, item: (i) => locator(doc, doc.getIn(['items', i], true), at) }, out);
  });
}

/**
 * Parses every source into Kubernetes objects, reading each as kubectl does (JSON stream or YAML
 * documents cut at `---` lines, lists flattened); an input with a YAML problem or a construct that
 * readers read differently is refused as a whole and becomes a failure, and the others are read.
 *
 * @param sources - the texts {@link readSources} read
 * @param readFailures - the inputs that could not be read, carried into the result
 * @returns the objects, the number of empty lists, and one failure per refused or unreadable input
 */
export function parseInputs(sources: readonly SourceText[], readFailures: readonly InputFailure[] = []): InputSet {
  const documents: InputDocument[] = [];
  let emptyLists = 0;
  const failures: InputFailure[] = [...readFailures];
  for (const { source, text } of sources) {
    const out = { documents: [] as InputDocument[], emptyLists: 0 };
    try {
      checkNesting(source, text);
      if (isJsonStream(text)) parseJsonSource(source, text, out);
      else parseYamlSource(source, text, out);
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      failures.push({ source, message: err.message });
      continue;
    }
    documents.push(...out.documents);
    emptyLists += out.emptyLists;
  }
  return { documents, emptyLists, failures };
}

function asList(docs: Document[] | { empty: true }): Document[] {
  return Array.isArray(docs) ? docs : [];
}
