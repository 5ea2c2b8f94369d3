/**
 * A one-pass snapshot of an object of unknown origin as plain data, for the functions that copy
 * whole Kubernetes objects (the client-node conversions, the reconcile plan). Internal.
 *
 * Every property is read once, as an own enumerable string key, so a getter or a proxy cannot
 * show one value to a check and another to the copy. Anything that is not JSON-like data fails
 * loudly with a {@link SandboxPolicyError} naming the path; no other error escapes.
 */
import { SandboxPolicyError } from './errors.js';

/** What to do with `Date` values (client-node models carry timestamps as `Date`). */
export type DateHandling = 'keep' | 'rfc3339';

/** Deeper than any Kubernetes object; a guard against stack exhaustion. */
const MAX_DEPTH = 64;

function fail(path: string, message: string): never {
  throw new SandboxPolicyError([{ path, message }]);
}

const childPath = (path: string, key: string): string => (path ? `${path}.${key}` : key);

/**
 * Returns a fresh copy of `value` made only of plain objects, arrays, strings, finite numbers,
 * booleans and `null` (and `Date`s when `dates` is `'keep'`). `undefined` properties are left
 * out. `Date`s become RFC 3339 strings with `'rfc3339'`, as the API server writes them.
 *
 * @throws {@link SandboxPolicyError} for a cycle, nesting deeper than 64, a `__proto__` key
 *   (never a Kubernetes field; copied naively it would replace the prototype), a BigInt, symbol,
 *   function or non-finite number, an invalid `Date`, or a property that cannot be read.
 */
export function plainCopy(value: unknown, path: string, dates: DateHandling): unknown {
  return copy(value, path, dates, new Set<object>(), 0);
}

/** One property read; a throwing getter or proxy trap is reported at that property's path. */
function read(holder: Record<PropertyKey, unknown> | unknown[], key: string | number, path: string): unknown {
  try {
    return (holder as Record<PropertyKey, unknown>)[key];
  } catch {
    return fail(path, 'could not be read as plain data (its getter failed)');
  }
}

function copy(value: unknown, path: string, dates: DateHandling, ancestors: Set<object>, depth: number): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : fail(path, `must be a finite number, got ${String(value)}`);
    case 'undefined':
      return undefined;
    case 'object':
      break;
    default:
      return fail(path, `must be JSON data, got a ${typeof value}`);
  }
  if (value === null) return null;
  if (depth >= MAX_DEPTH) fail(path, `is nested more than ${MAX_DEPTH} levels deep`);
  if (ancestors.has(value)) fail(path, 'contains itself (a cycle)');
  ancestors.add(value);
  try {
    if (value instanceof Date) {
      const time = value.getTime();
      if (Number.isNaN(time)) fail(path, 'is an invalid Date');
      return dates === 'keep' ? new Date(time) : new Date(time).toISOString().replace(/\.000Z$/, 'Z');
    }
    if (Array.isArray(value)) {
      const length = value.length;
      const out: unknown[] = [];
      for (let i = 0; i < length; i++) {
        const item = copy(read(value, i, `${path}[${i}]`), `${path}[${i}]`, dates, ancestors, depth + 1);
        out.push(item === undefined ? null : item);
      }
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const here = childPath(path, key);
      if (key === '__proto__') fail(here, 'is not a Kubernetes field (a "__proto__" key is refused: it could replace the prototype)');
      const item = copy(read(value as Record<string, unknown>, key, here), here, dates, ancestors, depth + 1);
      if (item !== undefined) out[key] = item;
    }
    return out;
  } catch (err) {
    if (err instanceof SandboxPolicyError) throw err;
    // A throwing getter or proxy trap: its error is not ours to pass on (nor to read).
    return fail(path, 'could not be read as plain data (a property access failed)');
  } finally {
    ancestors.delete(value);
  }
}
