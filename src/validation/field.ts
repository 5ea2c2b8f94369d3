/**
 * Kubernetes `field.Error` in TypeScript: the error types and the message shapes the API server
 * prints (`k8s.io/apimachinery/pkg/util/validation/field/errors.go`).
 */
import { goQuote } from './go-quote.js';

/** The API server's `field.ErrorType` strings. */
export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueTypeInvalid'
  | 'FieldValueDuplicate';

/**
 * Why a value was refused, as a machine-readable word set where the problem is detected. The
 * field error types' own reasons (`required`, `invalid`, `not-supported`, `forbidden`,
 * `wrong-type`, `too-long`, `too-many`, `duplicate`), refined for CIDRs: `invalid-cidr` (not a
 * CIDR at all), `leading-zeros`, `host-bits`, `ipv4-mapped`, `noncanonical-ipv6` (IPv6 text that
 * is not RFC 5952 canonical) and `except-not-subset`; `unknown-field` for a field the schema
 * does not have.
 */
export type IssueReason =
  | 'required'
  | 'invalid'
  | 'not-supported'
  | 'forbidden'
  | 'wrong-type'
  | 'too-long'
  | 'too-many'
  | 'duplicate'
  | 'invalid-cidr'
  | 'leading-zeros'
  | 'host-bits'
  | 'ipv4-mapped'
  | 'noncanonical-ipv6'
  | 'except-not-subset'
  | 'unknown-field';

/** Every {@link IssueReason}. Internal (reading issues back). */
export const ISSUE_REASONS: readonly IssueReason[] = /* @__PURE__ */ Object.freeze([
  'required',
  'invalid',
  'not-supported',
  'forbidden',
  'wrong-type',
  'too-long',
  'too-many',
  'duplicate',
  'invalid-cidr',
  'leading-zeros',
  'host-bits',
  'ipv4-mapped',
  'noncanonical-ipv6',
  'except-not-subset',
  'unknown-field',
]);

/** Every {@link FieldErrorType}. Internal (reading issues back). */
export const FIELD_ERROR_TYPES: readonly FieldErrorType[] = /* @__PURE__ */ Object.freeze([
  'FieldValueRequired',
  'FieldValueInvalid',
  'FieldValueNotSupported',
  'FieldValueForbidden',
  'FieldValueTooLong',
  'FieldValueTooMany',
  'FieldValueTypeInvalid',
  'FieldValueDuplicate',
]);

/** One validation error, as the API server would report it. */
export interface ValidationIssue {
  /** Field path in the API server's format, e.g. `spec.egress[0].to[0].ipBlock.except[0]`. */
  readonly path: string;
  /** The API server's error type. */
  readonly type: FieldErrorType;
  /** The error body the API server prints after the path, e.g. `Invalid value: "x": must be ...`. */
  readonly message: string;
  /**
   * `'error'` (the API server rejects it) or `'warning'` (accepted with a warning: non-RFC 5952
   * IPv6 text, or a value only legacy CIDR validation accepts when validating in legacy mode).
   */
  readonly severity: 'error' | 'warning';
  /** Why, as a machine-readable word (classify by this, never by `message`). */
  readonly reason: IssueReason;
}

/** Go's `%v`/`%q` rendering of a value inside a message (strings quoted as Go's `%q`). */
export function show(value: unknown): string {
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === undefined || value === null) return 'null';
  return JSON.stringify(value);
}

/** Builders for each error type, producing the API server's wording. */
export const fieldError = {
  required: (path: string, detail = ''): ValidationIssue => ({
    path,
    type: 'FieldValueRequired',
    message: detail ? `Required value: ${detail}` : 'Required value',
    severity: 'error',
    reason: 'required',
  }),
  invalid: (path: string, value: unknown, detail: string, reason: IssueReason = 'invalid'): ValidationIssue => ({
    path,
    type: 'FieldValueInvalid',
    message: `Invalid value: ${show(value)}: ${detail}`,
    severity: 'error',
    reason,
  }),
  notSupported: (path: string, value: unknown, supported: readonly string[]): ValidationIssue => ({
    path,
    type: 'FieldValueNotSupported',
    message: `Unsupported value: ${show(value)}: supported values: ${supported.map(goQuote).join(', ')}`,
    severity: 'error',
    reason: 'not-supported',
  }),
  forbidden: (path: string, detail: string): ValidationIssue => ({
    path,
    type: 'FieldValueForbidden',
    message: `Forbidden: ${detail}`,
    severity: 'error',
    reason: 'forbidden',
  }),
  typeInvalid: (path: string, value: unknown, detail: string): ValidationIssue => ({
    path,
    type: 'FieldValueTypeInvalid',
    message: `Invalid value: ${show(value)}: ${detail}`,
    severity: 'error',
    reason: 'wrong-type',
  }),
  warning: (path: string, detail: string, reason: IssueReason = 'invalid'): ValidationIssue => ({
    path,
    type: 'FieldValueInvalid',
    message: detail,
    severity: 'warning',
    reason,
  }),
};

/** Appends a child field to a path (`spec` + `egress` -> `spec.egress`). */
export function child(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

/** Appends a list index to a path (`spec.egress` + 0 -> `spec.egress[0]`). */
export function index(path: string, i: number): string {
  return `${path}[${i}]`;
}

/** Appends a map key to a path (`metadata.labels` + `app` -> `metadata.labels[app]`). */
export function key(path: string, k: string): string {
  return `${path}[${k}]`;
}
