/**
 * The one door every public function's input goes through: a plain-data snapshot.
 *
 * Whatever a caller passes (parsed JSON or YAML, a `@kubernetes/client-node` model object, or
 * something hostile: getters, proxies, cycles, `BigInt`, symbol keys, sparse lists, absurd
 * nesting) is read once into fresh plain objects and arrays, or refused with a
 * {@link SandboxPolicyError} naming the field path. Everything after the entry reads only the
 * snapshot, so a value cannot change between being checked and being used. Internal.
 *
 * Rules of the snapshot:
 * - strings, booleans, `null` and finite numbers are kept; `NaN`/`Infinity`, `BigInt`, symbols and
 *   functions are refused (JSON cannot carry them);
 * - an object contributes its own enumerable string-keyed data properties, each read once through
 *   its property descriptor; an `undefined` value means "absent" (as in `JSON.stringify`);
 *   accessors (getters/setters) and enumerable symbol keys are refused; inherited properties are
 *   ignored;
 * - an own `__proto__` key (which `JSON.parse` and YAML parsers create) stays an ordinary own data
 *   property of the copy: it never becomes the copy's prototype;
 * - lists must be dense: a hole or an `undefined` element is refused;
 * - `Date` objects become their ISO text (what `@kubernetes/client-node` sends); other built-ins
 *   that are not plain data (`Map`, `Set`, `RegExp`, typed arrays, boxed primitives, ...) are
 *   refused; instances of plain classes (a client's model objects) are read like objects;
 * - nesting deeper than {@link MAX_NESTING_DEPTH}, more than {@link MAX_INPUT_VALUES} values in all
 *   (shared references are counted each time they are reached: alias bombs stop here), and cycles
 *   are refused;
 * - a proxy is read like any object, through its traps, exactly once per property; a trap that
 *   throws is reported as a SandboxPolicyError at the path being read.
 */
import { SandboxPolicyError } from './errors.js';

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

type Budget = { left: number };

const fail = (path: string, message: string): never => {
  throw new SandboxPolicyError([{ path, message }]);
};

const childPath = (path: string, key: string): string => (path ? `${path}.${key}` : key);

/** Defines `key` as an own, enumerable, writable data property (safe for `__proto__`). */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
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

const PLAIN_TAGS = new Set(['[object Object]', '[object Array]']);

function readObject(value: object, path: string, depth: number, ancestors: Set<object>, budget: Budget): unknown {
  if (depth > MAX_NESTING_DEPTH) fail(path, `is nested more than ${MAX_NESTING_DEPTH} levels deep`);
  if (ancestors.has(value)) fail(path, 'refers back to an object that contains it (a cycle)');
  const tag = Object.prototype.toString.call(value);
  if (tag === '[object Date]') {
    try {
      return Date.prototype.toISOString.call(value);
    } catch {
      return fail(path, 'is an invalid Date');
    }
  }
  if (!PLAIN_TAGS.has(tag)) fail(path, `must be plain data (JSON), got ${tag.slice(8, -1)}`);
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      const lengthDesc = Reflect.getOwnPropertyDescriptor(value, 'length');
      const length = lengthDesc?.value as unknown;
      if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0) return fail(path, 'is a list without a valid length');
      if (length > budget.left) fail(path, `holds more than ${MAX_INPUT_VALUES} values in all`);
      const out: unknown[] = [];
      for (let i = 0; i < length; i++) {
        const p = `${path}[${i}]`;
        const d = Reflect.getOwnPropertyDescriptor(value, String(i));
        if (d === undefined) fail(p, 'is missing (a sparse list)');
        if (d!.get !== undefined || d!.set !== undefined) fail(p, 'is an accessor (getter/setter); only plain data is accepted');
        if (d!.value === undefined) fail(p, 'is undefined; a list element must be a value');
        out.push(read(d!.value, p, depth + 1, ancestors, budget));
      }
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const key of Reflect.ownKeys(value)) {
      const d = Reflect.getOwnPropertyDescriptor(value, key);
      if (d === undefined || !d.enumerable) continue;
      if (typeof key === 'symbol') fail(path, `has a symbol key ${String(key.description ?? '')}: only string keys are data`);
      const p = childPath(path, key as string);
      if (d.get !== undefined || d.set !== undefined) fail(p, 'is an accessor (getter/setter); only plain data is accepted');
      if (d.value === undefined) continue;
      setOwn(out, key as string, read(d.value, p, depth + 1, ancestors, budget));
    }
    return out;
  } finally {
    ancestors.delete(value);
  }
}

function read(value: unknown, path: string, depth: number, ancestors: Set<object>, budget: Budget): unknown {
  if (--budget.left < 0) fail(path, `holds more than ${MAX_INPUT_VALUES} values in all`);
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : fail(path, `must be a finite number, got ${String(value)}`);
    case 'bigint':
      return fail(path, 'is a BigInt; only JSON numbers are accepted');
    case 'symbol':
      return fail(path, 'is a symbol; only JSON data is accepted');
    case 'function':
      return fail(path, 'is a function; only JSON data is accepted');
    default:
      return value === null ? null : readObject(value as object, path, depth, ancestors, budget);
  }
}

/**
 * A fresh plain-data copy of `value` (see the module comment for the rules); `undefined` stays
 * `undefined`.
 *
 * @param path - the field path of `value` in error messages (`''` for a root object).
 * @throws {@link SandboxPolicyError} naming the path of the first value that is not plain data.
 */
export function snapshot(value: unknown, path = ''): unknown {
  try {
    return read(value, path, 0, new Set(), { left: MAX_INPUT_VALUES });
  } catch (err) {
    if (err instanceof SandboxPolicyError) throw err;
    // A proxy trap or a revoked proxy threw, or the stack ran out on a proxy chain.
    return fail(path, `could not be read as plain data (${err instanceof Error ? err.name : 'a thrown value'})`);
  }
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
