import { FIELD_ERROR_TYPES, ISSUE_REASONS, type FieldErrorType, type IssueReason } from './validation/field.js';

/**
 * One problem found in an input, pointing at the field a user can fix.
 *
 * `path` uses the Kubernetes field-path format (`spec.networkPolicy.egress[0].to[1].ipBlock.cidr`),
 * rooted at the object that was passed in (a SandboxTemplate, an options object, a NetworkPolicy).
 */
export interface PolicyIssue {
  /** Field path in the Kubernetes format, e.g. `metadata.name` or `options.nameservers[1]`. */
  readonly path: string;
  /** What is wrong, in plain words. */
  readonly message: string;
  /**
   * The Kubernetes `field.ErrorType` when the issue mirrors an API-server validation error
   * (`FieldValueInvalid`, `FieldValueRequired`, ...); absent for schema (type) errors.
   */
  readonly type?: FieldErrorType;
  /**
   * Why, as a machine-readable word (`leading-zeros`, `host-bits`, `ipv4-mapped`, ...), when the
   * issue comes from the Kubernetes rule validators; classify by this, never by `message`.
   */
  readonly reason?: IssueReason;
}

/**
 * The one error type this library throws for bad input.
 *
 * It never means "partially applied": when it is thrown, nothing was returned, so a caller can
 * never end up holding a weaker policy than it asked for. `issues` lists every problem found,
 * each with the field path to fix.
 *
 * @example
 * ```ts
 * try {
 *   parseSandboxTemplate({ kind: 'Pod' });
 * } catch (err) {
 *   if (isSandboxPolicyError(err)) console.error(err.issues.map((i) => `${i.path}: ${i.message}`));
 * }
 * ```
 */
export class SandboxPolicyError extends Error {
  /** Every problem found, in field order. Never empty. */
  readonly issues: readonly PolicyIssue[];

  /**
   * @param issues - the problems (copied; anything that is not a list of `{path, message, type?, reason?}`
   *   with string fields is read as far as it is one, never thrown on).
   * @param summary - the error message; by default the issues, one a line.
   */
  constructor(issues: readonly PolicyIssue[], summary?: string) {
    const given = readIssues(issues);
    const text = typeof summary === 'string' ? summary : undefined;
    const list = given.length > 0 ? given : [Object.freeze({ path: '', message: text ?? 'invalid input' })];
    super(text ?? formatIssues(list));
    this.name = 'SandboxPolicyError';
    this.issues = Object.freeze(list);
  }
}

/**
 * Type guard for {@link SandboxPolicyError}; works across module copies (checks the `name`
 * and the shape, not only `instanceof`).
 *
 * @returns `true` when `value` is a SandboxPolicyError.
 * @throws never (a proxy whose traps throw is simply not one).
 * @example
 * ```ts
 * try {
 *   networkPolicyFor({ kind: 'SandboxTemplate' });
 * } catch (err) {
 *   if (!isSandboxPolicyError(err)) throw err;
 *   for (const i of err.issues) console.error(i.path, i.message); // apiVersion: must be one of ...
 * }
 * ```
 */
export function isSandboxPolicyError(value: unknown): value is SandboxPolicyError {
  try {
    if (value instanceof SandboxPolicyError) return true;
    return (
      value instanceof Error &&
      value.name === 'SandboxPolicyError' &&
      Array.isArray((value as { issues?: unknown }).issues)
    );
  } catch {
    return false; // a proxy whose traps throw is not one of ours
  }
}

/** Fresh frozen copies of the issues; never throws, whatever `issues` is. */
function readIssues(issues: unknown): PolicyIssue[] {
  const out: PolicyIssue[] = [];
  try {
    if (!Array.isArray(issues)) return out;
    for (const issue of issues as unknown[]) {
      if (typeof issue !== 'object' || issue === null) continue;
      const { path, message, type, reason } = issue as Record<string, unknown>;
      out.push(
        Object.freeze({
          path: typeof path === 'string' ? path : '',
          message: typeof message === 'string' ? message : 'invalid input',
          ...((FIELD_ERROR_TYPES as readonly unknown[]).includes(type) ? { type: type as FieldErrorType } : {}),
          ...((ISSUE_REASONS as readonly unknown[]).includes(reason) ? { reason: reason as IssueReason } : {}),
        }),
      );
    }
  } catch {
    // A hostile issue list: keep what was read.
  }
  return out;
}

function formatIssues(issues: readonly PolicyIssue[]): string {
  const lines = issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message));
  return lines.length === 1 ? lines[0]! : `${lines.length} problems:\n- ${lines.join('\n- ')}`;
}
