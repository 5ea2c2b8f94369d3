/** Small guards for reading parsed JSON/YAML of unknown shape. Internal. */
import { SandboxPolicyError } from './errors.js';

/** A JSON object (not null, not an array). */
export type JsonObject = Record<string, unknown>;

/** True for a JSON object: not null, not an array. */
export const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A value as messages name it: `nothing`, `null`, `a list`, `an object`, or its type and JSON text. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'bigint' ? `bigint ${String(value)}` : `${typeof value} ${JSON.stringify(value)}`;
}

/** The value when it is a list, else an empty list (absent, null or malformed lists read as empty). */
export const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Deepest nesting {@link plainJson} reads; Kubernetes objects are far shallower. */
export const MAX_JSON_DEPTH = 64;

/**
 * A fresh copy of `value` as plain JSON data, read once: own enumerable string keys only (a
 * `__proto__` key stays an ordinary own key), `undefined` object fields dropped. Anything that is
 * not JSON data — a cycle, nesting deeper than {@link MAX_JSON_DEPTH}, a BigInt, a symbol, a
 * function, a non-finite number, or a getter or proxy trap that throws — is reported as a
 * {@link SandboxPolicyError} at the path where it was found, never as another error.
 */
export function plainJson(value: unknown, path = ''): unknown {
  const ancestors = new Set<object>();
  const fail = (at: string, message: string): never => {
    throw new SandboxPolicyError([{ path: at, message }]);
  };
  const walk = (v: unknown, at: string, depth: number): unknown => {
    if (v === null || typeof v === 'string' || typeof v === 'boolean' || v === undefined) return v;
    if (typeof v === 'number') return Number.isFinite(v) ? v : fail(at, `must be a finite number, got ${String(v)}`);
    if (typeof v !== 'object') return fail(at, `must be JSON data, got a ${typeof v}`);
    if (depth >= MAX_JSON_DEPTH) return fail(at, `is nested more than ${MAX_JSON_DEPTH} levels deep`);
    if (ancestors.has(v)) return fail(at, 'contains a cycle (refers to itself)');
    ancestors.add(v);
    let out: unknown;
    try {
      if (Array.isArray(v)) {
        const length = v.length;
        const items: unknown[] = [];
        for (let i = 0; i < length; i++) items.push(walk(v[i], `${at}[${i}]`, depth + 1) ?? null);
        out = items;
      } else {
        const obj: JsonObject = {};
        for (const k of Object.keys(v)) {
          const item = walk((v as JsonObject)[k], at ? `${at}.${k}` : k, depth + 1);
          if (item !== undefined) Object.defineProperty(obj, k, { value: item, enumerable: true, writable: true, configurable: true });
        }
        out = obj;
      }
    } catch (err) {
      if (err instanceof SandboxPolicyError) throw err;
      return fail(at, `could not be read: ${err instanceof Error ? err.message : 'a getter or proxy trap threw'}`);
    } finally {
      ancestors.delete(v);
    }
    return out;
  };
  try {
    return walk(value, path, 0);
  } catch (err) {
    if (err instanceof SandboxPolicyError) throw err;
    return fail(path, 'could not be read as JSON data');
  }
}

/** Freezes a freshly built value and everything in it; returns it. Internal (never pass input). */
export function deepFrozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFrozen(v);
    Object.freeze(value);
  }
  return value;
}
