/**
 * Turns any JavaScript value into plain, deep-frozen JSON data before anything reads it: getters
 * and proxies are read exactly once (a throw becomes a SandboxPolicyError naming the path), cycles,
 * BigInt, functions, symbols and non-finite numbers are rejected, `__proto__` own keys stay plain
 * data keys, and nesting is bounded. Everything downstream then works on inert data. Internal.
 */
import { SandboxPolicyError } from '../errors.js';

/** Deeper than any Kubernetes object; protects the stack from hostile nesting. */
export const MAX_DEPTH = 64;

function fail(path: string, message: string): never {
  throw new SandboxPolicyError([{ path, message }]);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'bigint' ? 'a BigInt' : `a ${typeof value}`;
}

/** Runs a read that a getter or proxy trap may break, turning its throw into our error at `path`. */
function guarded<T>(path: string, read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof SandboxPolicyError) throw err;
    return fail(path, `could not be read: ${err instanceof Error ? err.message : 'a property access threw'}`);
  }
}

function copy(value: unknown, path: string, depth: number, ancestors: Set<object>): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) fail(path, `must be a finite number, got ${String(value)}`);
      return value;
    case 'undefined':
      return undefined;
    case 'object':
      break;
    default:
      return fail(path, `must be JSON data, got ${kindOf(value)}`);
  }
  if (value === null) return null;
  if (depth > MAX_DEPTH) fail(path, `is nested more than ${MAX_DEPTH} levels deep`);
  if (ancestors.has(value)) fail(path, 'refers to itself (a cycle): objects must be plain data');
  if (guarded(path, () => value instanceof Date)) {
    const date = value as Date;
    const t = guarded(path, () => date.getTime());
    return Number.isFinite(t) ? date.toISOString() : fail(path, 'is an invalid Date');
  }
  ancestors.add(value);
  try {
    if (guarded(path, () => Array.isArray(value))) {
      const list = value as unknown[];
      const out: unknown[] = [];
      const n = guarded(path, () => list.length);
      if (!Number.isSafeInteger(n) || n < 0) fail(path, 'has an invalid length');
      for (let i = 0; i < n; i++) {
        const v = copy(guarded(`${path}[${i}]`, () => list[i]), `${path}[${i}]`, depth + 1, ancestors);
        out.push(v === undefined ? null : v);
      }
      return Object.freeze(out);
    }
    const out: Record<string, unknown> = {};
    for (const k of guarded(path, () => Object.keys(value))) {
      const at = path ? `${path}.${k}` : k;
      const v = copy(guarded(at, () => (value as Record<string, unknown>)[k]), at, depth + 1, ancestors);
      // defineProperty keeps a `__proto__` key as data instead of changing the prototype.
      if (v !== undefined) Object.defineProperty(out, k, { value: v, enumerable: true, writable: false, configurable: false });
    }
    return Object.freeze(out);
  } finally {
    ancestors.delete(value);
  }
}

/**
 * A deep-frozen plain copy of `value`.
 *
 * @throws {@link SandboxPolicyError} at the offending path for values that are not JSON data, and
 *   for any error a getter or proxy trap raises while being read.
 */
export function toPlain(value: unknown, path: string): unknown {
  return guarded(path, () => copy(value, path, 0, new Set()));
}
