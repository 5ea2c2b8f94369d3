/** Finding codes the CLI itself reports (the library's audit codes come with its findings). */
import { FINDING_CATALOGUE, type FindingCode, type Severity } from '../index.js';

/** One CLI-level finding code. */
export interface CliCode {
  readonly code: FindingCode;
  readonly severity: Severity;
  /** What it means, one line. */
  readonly title: string;
}

/**
 * The CLI's own codes: documents it cannot judge, suppressions it cannot honour (the finding
 * catalogue's `cli` rows).
 */
export const CLI_CODES: readonly CliCode[] = Object.freeze(
  FINDING_CATALOGUE.filter((k) => k.source === 'cli').map((k) => Object.freeze({ code: k.code, severity: k.severity, title: k.title })),
);

/** Annotation prefix of a suppression: `ignore-check.agent-sandbox-policy/<code>: "<reason>"`. */
export const SUPPRESSION_PREFIX = 'ignore-check.agent-sandbox-policy/';

/** Where the docs of a finding code live (SARIF helpUri, text output). */
export const DOCS_BASE = 'https://github.com/agent-sandbox-policy/agent-sandbox-policy/blob/main/docs/findings/';

/** The documentation page of a finding code. */
export const docsUrl = (code: string): string => `${DOCS_BASE}${code}.md`;
