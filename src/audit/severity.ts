/** Finding severities, most severe first. */

/** Severity of an audit finding; `error` means the API server would reject the policy. */
export type Severity = 'error' | 'critical' | 'high' | 'medium' | 'low' | 'info';

/** Severities from most to least severe. */
export const SEVERITIES: readonly Severity[] = /* @__PURE__ */ Object.freeze(['error', 'critical', 'high', 'medium', 'low', 'info']);
