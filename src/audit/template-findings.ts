/** Findings about a SandboxTemplate document itself (its policy is audited by auditNetworkPolicy). */
import { DEPRECATED_TEMPLATE_API_VERSIONS, OWNER_API_VERSION } from '../constants.js';
import { ensureParsed, type TemplateInput } from '../template.js';
import type { Finding } from './audit.js';
import { kindOf } from './finding-catalogue.js';

/**
 * What is wrong with a SandboxTemplate as a document, apart from what its NetworkPolicy lets
 * through (audit that with `auditNetworkPolicy(networkPolicyFor(template))`). Today one finding:
 * `deprecated-api-version` (low) for `extensions.agents.x-k8s.io/v1alpha1`. This library reads
 * v1alpha1 exactly like v1beta1 (the two schemas are the same), but agent-sandbox has deprecated
 * it: the API server warns on every request and a later release removes it.
 *
 * @param template - the SandboxTemplate (parsed, or raw JSON/YAML which is parsed first).
 * @returns the findings (path `apiVersion`), most severe first; empty for a v1beta1 template.
 * @throws {@link SandboxPolicyError} for an invalid template.
 * @example
 * ```ts
 * const old = { apiVersion: 'extensions.agents.x-k8s.io/v1alpha1', kind: 'SandboxTemplate', metadata: { name: 'old' }, spec: {} };
 * sandboxTemplateFindings(old).map((f) => f.code); // ['deprecated-api-version']
 * ```
 */
export function sandboxTemplateFindings(template: TemplateInput): Finding[] {
  const t = ensureParsed(template);
  if (!DEPRECATED_TEMPLATE_API_VERSIONS.includes(t.apiVersion)) return [];
  const kind = kindOf('deprecated-api-version');
  return [
    {
      severity: kind.severity,
      code: kind.code,
      message: `${t.apiVersion} SandboxTemplate is deprecated; use ${OWNER_API_VERSION} SandboxTemplate instead: ${kind.reason}`,
      path: 'apiVersion',
      ranges: [],
      example: t.apiVersion,
      suggestion: `set apiVersion: ${OWNER_API_VERSION} (same fields; nothing else changes)`,
    },
  ];
}
