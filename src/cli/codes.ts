/** Finding codes the CLI itself reports (the library's audit codes come with its findings). */
import type { Severity } from '../index.js';

/** One CLI-level finding code. */
export interface CliCode {
  readonly code: string;
  readonly severity: Severity;
  /** What it means, one line. */
  readonly title: string;
}

/** The CLI's own codes: documents it cannot judge, suppressions it cannot honour. */
export const CLI_CODES: readonly CliCode[] = Object.freeze(
  [
    { code: 'invalid-template', severity: 'error', title: 'the SandboxTemplate is invalid: no policy can be judged or rendered from it' },
    { code: 'unsupported-kind', severity: 'error', title: 'the document is neither a SandboxTemplate, a NetworkPolicy nor a Namespace' },
    { code: 'invalid-suppression', severity: 'error', title: 'an ignore-check annotation without a reason' },
    { code: 'api-warning', severity: 'low', title: 'the API server accepts the value with a warning' },
  ].map((c) => Object.freeze(c)) as CliCode[],
);

/** Annotation prefix of a suppression: `ignore-check.agent-sandbox-policy/<code>: "<reason>"`. */
export const SUPPRESSION_PREFIX = 'ignore-check.agent-sandbox-policy/';

/** Where the docs of a finding code live (SARIF helpUri, text output). */
export const DOCS_BASE = 'https://github.com/agent-sandbox-policy/agent-sandbox-policy/blob/main/docs/findings/';

/** The documentation page of a finding code. */
export const docsUrl = (code: string): string => `${DOCS_BASE}${code}.md`;
