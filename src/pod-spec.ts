/** Which pod spec the secure defaults apply to. Internal. */
import { SandboxPolicyError } from './errors.js';
import { PodSpecSchema, zodIssues, type SandboxTemplate } from './template.js';
import type { TemplatePodSpec } from './template-types.js';

/**
 * The pod spec to default: `podSpec` when one is given (checked: `dnsPolicy`, `dnsConfig` and
 * `automountServiceAccountToken` must have the pod API's types and values, errors under
 * `podSpec.`), else the template's own `spec.podTemplate.spec` (checked when the template was
 * parsed), else an empty spec. Returned as is, never copied: callers must not modify it.
 *
 * @throws {@link SandboxPolicyError} for a malformed `podSpec`.
 */
export function podSpecFor(template: SandboxTemplate, podSpec: unknown): Readonly<Record<string, unknown>> {
  if (podSpec === undefined || podSpec === null) return (template.spec.podTemplate?.spec ?? {}) as TemplatePodSpec;
  const checked = PodSpecSchema.safeParse(podSpec);
  if (!checked.success) throw new SandboxPolicyError(zodIssues(checked.error, podSpec, 'podSpec'));
  return podSpec as Readonly<Record<string, unknown>>;
}
