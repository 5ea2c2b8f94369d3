/**
 * Small guards for reading plain data of unknown shape (after snapshot.ts has copied it).
 * Internal.
 */
/** A JSON object (not null, not an array). */
export type JsonObject = Record<string, unknown>;

/** True for a JSON object: not null, not an array. */
export const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The value when it is a list, else an empty list (absent, null or malformed lists read as empty). */
export const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
