/** The non-throwing form of {@link parseSandboxTemplate}, for code that branches on the result. */
import { SandboxPolicyError } from './errors.js';
import { parseSandboxTemplate, type ParseOptions } from './template.js';
import type { SandboxTemplate } from './template-types.js';

/** What {@link safeParseSandboxTemplate} returns: the template, or the error that parsing threw. */
export type SafeParseResult =
  | {
      /** The input is a valid SandboxTemplate. */
      readonly success: true;
      /** The parsed, deep-frozen template. */
      readonly data: SandboxTemplate;
      /** Absent on success. */
      readonly error?: undefined;
    }
  | {
      /** The input is not a valid SandboxTemplate. */
      readonly success: false;
      /** Every problem, with its field path. */
      readonly error: SandboxPolicyError;
      /** Absent on failure. */
      readonly data?: undefined;
    };

/**
 * Like {@link parseSandboxTemplate}, but returns the outcome instead of throwing, in zod's
 * `safeParse` shape: `{ success: true, data }` or `{ success: false, error }`.
 *
 * @param input - a parsed object (e.g. from `JSON.parse` or `yaml.parse`); any value is accepted
 *   and never modified.
 * @param options - as for {@link parseSandboxTemplate}.
 * @returns the result; `error` is always a {@link SandboxPolicyError} listing every problem.
 * @throws never.
 * @example
 * ```ts
 * const result = safeParseSandboxTemplate({ kind: 'SandboxTemplate' });
 * if (!result.success) console.error(result.error.issues.map((i) => i.path)); // ['apiVersion']
 * safeParseSandboxTemplate(doc).success; // true
 * ```
 */
export function safeParseSandboxTemplate(input: unknown, options?: ParseOptions): SafeParseResult {
  try {
    return { success: true, data: parseSandboxTemplate(input, options) };
  } catch (err) {
    if (err instanceof SandboxPolicyError) return { success: false, error: err };
    // Anything else is a gap in the parser's own checks; it still must not escape, and it still
    // must not count as a valid template.
    return { success: false, error: new SandboxPolicyError([{ path: '', message: 'could not be read as a SandboxTemplate' }]) };
  }
}
