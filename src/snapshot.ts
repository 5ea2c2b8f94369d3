/**
 * The one door every public function's input goes through: a plain-data snapshot.
 *
 * Whatever a caller passes (parsed JSON or YAML, a `@kubernetes/client-node` model object, or
 * something hostile: getters, proxies, cycles, `BigInt`, symbols, sparse lists, absurd
 * nesting) is read once into fresh plain objects and arrays, or refused with a
 * {@link SandboxPolicyError} naming the field path. Everything after the entry reads only the
 * snapshot, so a value cannot change between being checked and being used. Internal.
 *
 * Rules of the snapshot:
 * - strings, booleans, `null` and finite numbers are kept; `NaN`/`Infinity`, `BigInt`, symbols and
 *   functions are refused (JSON cannot carry them);
 * - an object contributes its own enumerable string-keyed properties, each read exactly once with
 *   an ordinary read (`value[key]`), as `JSON.stringify` reads them: a getter is called once and
 *   what it returns is the data, a setter without a getter reads as `undefined`, and `undefined`
 *   means "absent"; symbol keys, inherited and non-enumerable properties are ignored (as
 *   `JSON.stringify` ignores them: they never reach the API server either);
 * - an own `__proto__` key (which `JSON.parse` and YAML parsers create) stays an ordinary own data
 *   property of the copy: it never becomes the copy's prototype;
 * - a list is read as `JSON.stringify` reads it, `value[i]` once for each `i` below its `length`;
 *   it must be dense: a hole (`!(i in value)`, asked only when the element reads as `undefined`)
 *   or an `undefined` element is refused;
 * - `Date` objects become their ISO text (what `@kubernetes/client-node` sends), or RFC 3339 text
 *   as the API server writes it, or a fresh `Date`, as {@link ReadOptions.dates} says; other
 *   built-ins that are not plain data (`Map`, `Set`, `RegExp`, typed arrays, boxed primitives,
 *   ...) are refused; instances of plain classes (a client's model objects) are read like objects;
 * - nesting deeper than {@link MAX_NESTING_DEPTH}, more than {@link MAX_INPUT_VALUES} values in all
 *   (shared references are counted each time they are reached: alias bombs stop here), and cycles
 *   are refused;
 * - a proxy is read like any object, through its traps (`ownKeys` and `getOwnPropertyDescriptor`
 *   to list the keys, then one `get` per property); a getter or trap that throws is reported as a
 *   SandboxPolicyError at the path being read.
 *
 * A getter that answers differently on each call therefore cannot show a check one value and the
 * code after it another: it is asked once, and both read the copy.
 *
 * {@link snapshot} gives fresh mutable copies (for readers that rewrite their own copy, e.g.
 * `_from` to `from`); {@link frozenSnapshot} deep-frozen ones (for readers that keep the data).
 * This is the library's one plain-data reader: every limit lives here.
 */
import { SandboxPolicyError } from './errors.js';

/** How {@link snapshot} reads special values. */
export interface ReadOptions {
  /**
   * A `Date`: `'iso'` (default) its `toISOString()` text, what `@kubernetes/client-node` sends;
   * `'rfc3339'` the same without a zero fraction (`2026-11-27T00:00:00Z`), as the API server
   * writes a `meta/v1.Time`; `'keep'` a fresh `Date` of the same time (client-node's model).
   */
  readonly dates?: 'iso' | 'rfc3339' | 'keep';
  /**
   * An own `__proto__` key: `'keep'` (default) as an ordinary data key of the copy; `'refuse'`
   * as a SandboxPolicyError (for objects handed on to code that may copy them naively).
   */
  readonly protoKey?: 'keep' | 'refuse';
}

/**
 * Deepest nesting of objects and lists accepted in any input (a NetworkPolicy is 8 levels deep, a
 * pod spec rarely more than 20). Deeper input is refused with a SandboxPolicyError rather than
 * overflowing the stack.
 *
 * @example
 * ```ts
 * let deep: unknown = {};
 * for (let i = 0; i <= MAX_NESTING_DEPTH; i++) deep = { a: deep };
 * validateNetworkPolicySpec(deep); // throws SandboxPolicyError: "... is nested more than 128 levels deep"
 * ```
 */
export const MAX_NESTING_DEPTH = 128;

/**
 * Most values (objects, lists and scalars, counted each time they are reached, so a YAML alias
 * bomb counts every expansion) accepted in one input; more is refused with a SandboxPolicyError.
 *
 * @example
 * ```ts
 * const row = Array(1000).fill('x');
 * const bomb = Array(1000).fill(row); // 1,000,000 strings behind 1,001 objects
 * auditNetworkPolicy({ spec: { bomb } }); // throws SandboxPolicyError: "... holds more than 1000000 values in all"
 * ```
 */
export const MAX_INPUT_VALUES = 1_000_000;

/**
 * The state of one snapshot. The path is kept as segments in `at`, overwritten in place by depth
 * (`at[d]` is the key of the value read at depth `d + 1`); a path string is built only on error.
 */
interface Walk {
  readonly root: string;
  readonly dates: 'iso' | 'rfc3339' | 'keep';
  readonly refuseProto: boolean;
  /** Freeze every copy as it is made ({@link frozenSnapshot}). */
  readonly freeze: boolean;
  readonly at: Array<string | number>;
  /** The objects being read, outermost first: `ancestors[d]` is the one at depth `d`. */
  readonly ancestors: object[];
  left: number;
  /**
   * The error this walk threw, told apart from whatever a getter or a trap throws by identity
   * alone (`instanceof` would ask a thrown proxy for its prototype: hostile code again).
   */
  failure: SandboxPolicyError | undefined;
}

const fail = (path: string, message: string): never => {
  throw new SandboxPolicyError([{ path, message }]);
};

const childPath = (path: string, key: string): string => (path ? `${path}.${key}` : key);

/** Throws a failure at the path of the value read at `depth` (the first `depth` segments). */
function failAt(walk: Walk, depth: number, message: string): never {
  let path = walk.root;
  for (let d = 0; d < depth; d++) {
    const part = walk.at[d]!;
    path = typeof part === 'number' ? `${path}[${part}]` : childPath(path, part);
  }
  throw (walk.failure = new SandboxPolicyError([{ path, message }]));
}

/** A getter or proxy trap threw (or the stack ran out on a proxy chain) while reading at `depth`. */
function unreadable(walk: Walk, depth: number, err: unknown): never {
  let name = 'a thrown value';
  try {
    if (err instanceof Error) name = String(err.name);
  } catch {
    // What was thrown is hostile too: keep the neutral name.
  }
  return failAt(walk, depth, `could not be read as plain data (${name})`);
}

/**
 * Sets `key` as an own, enumerable, writable data property of a fresh object of ours, also when
 * the key is `__proto__` (where plain assignment would replace the prototype instead).
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** A short, never-throwing description of any value, for error messages. */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'undefined':
      return 'nothing';
    case 'string':
      return value.length > 80 ? `a string of ${value.length} characters` : `string ${JSON.stringify(value)}`;
    case 'number':
    case 'boolean':
      return `${typeof value} ${String(value)}`;
    case 'bigint':
      return 'a BigInt';
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    default:
      if (value === null) return 'null';
      try {
        return Array.isArray(value) ? 'a list' : 'an object';
      } catch {
        return 'an object';
      }
  }
}

function readObject(value: object, walk: Walk, depth: number): unknown {
  if (depth > MAX_NESTING_DEPTH) failAt(walk, depth, `is nested more than ${MAX_NESTING_DEPTH} levels deep`);
  const { at, ancestors } = walk;
  for (let d = 0; d < depth; d++) {
    if (ancestors[d] === value) failAt(walk, depth, 'refers back to an object that contains it (a cycle)');
  }
  const inner = depth + 1;
  let here = depth; // where a throw from a getter or a proxy trap is reported
  let out: unknown[] | Record<string, unknown>;
  try {
    const proto: unknown = Object.getPrototypeOf(value);
    const tag = proto === Object.prototype || proto === Array.prototype || proto === null ? '' : Object.prototype.toString.call(value);
    if (tag === '[object Date]') {
      let iso: string;
      try {
        iso = Date.prototype.toISOString.call(value);
      } catch {
        return failAt(walk, depth, 'is an invalid Date');
      }
      if (walk.dates === 'keep') return new Date(iso);
      return walk.dates === 'rfc3339' ? iso.replace(/\.000Z$/, 'Z') : iso;
    }
    if (tag && tag !== '[object Object]' && tag !== '[object Array]') failAt(walk, depth, `must be plain data (JSON), got ${tag.slice(8, -1)}`);
    ancestors[depth] = value;
    if (Array.isArray(value)) {
      const length: unknown = value.length;
      if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0) return failAt(walk, depth, 'is a list without a valid length');
      if (length > walk.left) failAt(walk, depth, `holds more than ${MAX_INPUT_VALUES} values in all`);
      out = [];
      for (let i = 0; i < length; i++) {
        at[depth] = i;
        here = inner;
        const v: unknown = value[i]; // once; a hole reads as `undefined`, told apart only then
        if (v === undefined) failAt(walk, inner, i in value ? 'is undefined; a list element must be a value' : 'is missing (a sparse list)');
        here = depth;
        out.push(read(v, walk, inner));
      }
    } else {
      out = {};
      const keys = Object.keys(value); // own, enumerable, string-keyed: symbol keys are not data (ignored, as by JSON.stringify)
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        at[depth] = key;
        if (key === '__proto__' && walk.refuseProto) failAt(walk, inner, 'is not a Kubernetes field (a "__proto__" key is refused: copied naively it would replace the prototype)');
        here = inner;
        const v: unknown = (value as Record<string, unknown>)[key]; // once: a getter or a `get` trap answers here
        here = depth;
        if (v !== undefined) setOwn(out, key, read(v, walk, inner)); // `undefined` is absent, as in JSON.stringify
      }
    }
  } catch (err) {
    if (err === walk.failure) throw err;
    return unreadable(walk, here, err);
  }
  return walk.freeze ? Object.freeze(out) : out;
}

function read(value: unknown, walk: Walk, depth: number): unknown {
  if (--walk.left < 0) failAt(walk, depth, `holds more than ${MAX_INPUT_VALUES} values in all`);
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : failAt(walk, depth, `must be a finite number, got ${String(value)}`);
    case 'bigint':
      return failAt(walk, depth, 'is a BigInt; only JSON numbers are accepted');
    case 'symbol':
      return failAt(walk, depth, 'is a symbol; only JSON data is accepted');
    case 'function':
      return failAt(walk, depth, 'is a function; only JSON data is accepted');
    default:
      return value === null ? null : readObject(value as object, walk, depth);
  }
}

function run(value: unknown, path: string, options: ReadOptions, freeze: boolean): unknown {
  const walk: Walk = {
    root: path,
    dates: options.dates ?? 'iso',
    refuseProto: options.protoKey === 'refuse',
    freeze,
    at: [],
    ancestors: [],
    left: MAX_INPUT_VALUES,
    failure: undefined,
  };
  try {
    return read(value, walk, 0);
  } catch (err) {
    if (err === walk.failure) throw err;
    // The stack ran out where no read could place it (the caller left us almost none).
    return unreadable(walk, 0, err);
  }
}

/**
 * A fresh plain-data copy of `value` (see the module comment for the rules); `undefined` stays
 * `undefined`.
 *
 * @param path - the field path of `value` in error messages (`''` for a root object).
 * @param options - how to read `Date`s and own `__proto__` keys.
 * @throws {@link SandboxPolicyError} naming the path of the first value that is not plain data.
 */
export function snapshot(value: unknown, path = '', options: ReadOptions = {}): unknown {
  return run(value, path, options, false);
}

/**
 * {@link snapshot}, deep-frozen: for readers that keep the data (views, reports) and must be
 * sure nothing downstream changes it.
 *
 * @throws {@link SandboxPolicyError} as {@link snapshot}.
 */
export function frozenSnapshot(value: unknown, path = ''): unknown {
  return run(value, path, {}, true);
}

/** True for a snapshot object: not null, not a list. */
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Snapshots an options argument: `undefined` or `null` give `{}`; anything but an object is
 * refused; keys other than `known` are refused as typos.
 *
 * @throws {@link SandboxPolicyError} with paths under `path`.
 */
export function snapshotOptions(value: unknown, known: readonly string[], path = 'options'): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  const data = snapshot(value, path);
  if (!isRecord(data)) return fail(path, `must be an object, got ${describeValue(data)}`);
  const unknown = Object.keys(data).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    throw new SandboxPolicyError(unknown.map((k) => ({ path: childPath(path, k), message: 'is not a known option (typo?)' })));
  }
  return data;
}

/** Freezes a snapshot (a tree of fresh plain objects and lists) in place and returns it. */
export function freezeSnapshot<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) for (const v of value) freezeSnapshot(v);
  else for (const k of Object.keys(value)) freezeSnapshot((value as Record<string, unknown>)[k]);
  return Object.freeze(value);
}

/**
 * Freezes `value` and everything reachable from it, in place, and returns it. For data this
 * library built itself (tables, snapshots); never call it on a caller's argument.
 */
export function deepFreeze<T>(value: T, seen: WeakSet<object> = new WeakSet()): T {
  if (typeof value === 'object' && value !== null && !seen.has(value)) {
    seen.add(value);
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key], seen);
  }
  return value;
}
