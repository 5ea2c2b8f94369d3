import type { FindingCode } from './finding-catalogue.js';
import type { Severity } from './severity.js';

/** One audit finding. */
export interface Finding {
  /** `error` (the API server rejects the policy), then `critical` down to `info`. */
  readonly severity: Severity;
  /** Stable kebab-case id from the finding catalogue (`FINDING_CATALOGUE`); each has a page `docs/findings/<code>.md`. */
  readonly code: FindingCode;
  /** What is wrong, in plain words. */
  readonly message: string;
  /** Field path (`spec.egress[0].to[1].ipBlock`); prefixed `[i].` when several policies were audited. */
  readonly path: string;
  /** The reachable sensitive part as canonical CIDRs (empty for findings about selectors or form). */
  readonly ranges: readonly string[];
  /** One concrete address (or, for non-address findings, a short concrete case). */
  readonly example: string;
  /** A change the API server would accept that removes the finding. */
  readonly suggestion?: string;
}
