/** What the audit and validate commands report: findings located in the input, grouped by target object. */
import type { Finding, Severity } from '../index.js';
import type { InputDocument, Position } from './input/documents.js';

/** A finding placed at a line and column of the input, maybe suppressed. */
export interface LocatedFinding {
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  /** Field path in the object the finding is about (the NetworkPolicy for audit findings). */
  readonly path: string;
  readonly ranges: readonly string[];
  readonly example?: string;
  readonly suggestion?: string;
  /** Where in the input the offending field is. */
  readonly location: Position;
  /** The file the location is in, when not the target's own (a policy in another file). */
  readonly source?: string;
  /** The object responsible (`NetworkPolicy ns/name`, `ClusterNetworkPolicy name`), in the cluster view; null when no policy is. */
  readonly policy?: string | null;
  /** The reason from an ignore-check annotation, when suppressed. */
  readonly suppressed?: string;
  /** For a target standing for several pods: the label variant of the first pod that gives it (`claimed, created-by=go-client, launch-type=cold`), as the library's `ClusterFinding.variant`. */
  readonly variant?: string;
  /** True on a target the gate does not judge (not a sandbox, without --all-targets): reported as context, never failing the gate. */
  readonly context?: boolean;
}

/** A library finding placed at `location` in the input. */
export function locatedFinding(f: Finding, location: Position): LocatedFinding {
  return {
    severity: f.severity,
    code: f.code,
    message: f.message,
    path: f.path,
    ranges: f.ranges,
    example: f.example,
    ...(f.suggestion !== undefined ? { suggestion: f.suggestion } : {}),
    location,
  };
}

/** One object of the input and what was found in it. */
export interface TargetReport {
  /** `Kind namespace/name`. */
  readonly target: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly source: string;
  readonly start: Position;
  readonly findings: readonly LocatedFinding[];
  /** A line shown under the summary in text output (the cluster view's isolation and policies). */
  readonly note?: string;
  /** True for a target reported as context only: not a sandbox, and --all-targets not given. */
  readonly context?: boolean;
}

/** An object's kind, namespace and name as far as they can be read. */
export function identify(doc: InputDocument): { kind: string; namespace: string; name: string; target: string } {
  const v = doc.value as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | null;
  const obj = typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {};
  const kind = typeof obj.kind === 'string' ? obj.kind : '(no kind)';
  const meta = typeof obj.metadata === 'object' && obj.metadata !== null ? obj.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : '(no name)';
  const namespace = typeof meta.namespace === 'string' ? meta.namespace : '';
  return { kind, namespace, name, target: `${kind} ${namespace ? `${namespace}/` : ''}${name}` };
}
