/// <reference types="node" />
/** `partialFingerprints` for SARIF results: what a finding is, not where it was printed. */
import { createHash } from 'node:crypto';

/** What identifies a finding across runs: never its line, column, or the order of the input files. */
export interface FindingIdentity {
  readonly code: string;
  /** `Kind namespace/name` of the object the finding is about. */
  readonly target: string;
  /** The field path in the object responsible. */
  readonly path: string;
  readonly ranges: readonly string[];
  /** The object responsible (`NetworkPolicy ns/name`), when another than the target. */
  readonly policy?: string | null;
}

/** The identity as one unambiguous string (JSON of a fixed-order tuple; ranges sorted). */
function key(f: FindingIdentity): string {
  return JSON.stringify([f.code, f.target, f.path, [...f.ranges].sort(), f.policy ?? null]);
}

/**
 * `partialFingerprints.primaryLocationLineHash` of each result, the one fingerprint GitHub code
 * scanning reads: the first 16 hex digits of the SHA-256 of the finding's identity (code, target,
 * path, ranges and the responsible policy), then `:n` counting identical identities in one run
 * (CodeQL's form). Results that share rule, file, line and column but differ in identity get
 * distinct values; the same finding gets the same value whatever the line, column or argument order.
 *
 * @param findings - the identities, in any order.
 * @returns one fingerprint per finding, in the same order.
 * @throws never.
 * @example
 * ```text
 * lineHashes([{ code: 'metadata-reachable', target: 'SandboxTemplate a/b', path: 'spec', ranges: [] }]) -> ['3c1f…:1']
 * ```
 */
export function lineHashes(findings: readonly FindingIdentity[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const hash = createHash('sha256').update(key(f)).digest('hex').slice(0, 16);
    const n = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, n);
    return `${hash}:${n}`;
  });
}
