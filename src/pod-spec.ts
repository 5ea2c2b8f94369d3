/** Which pod spec the secure defaults apply to. Internal. */
import { SandboxPolicyError } from './errors.js';
import { snapshot } from './snapshot.js';
import { PodSpecSchema, zodIssues, type SandboxTemplate } from './template.js';
import type { TemplatePodSpec } from './template-types.js';

/**
 * The pod spec to default: `podSpec` when one is given (checked: `dnsPolicy`, `dnsConfig` and
 * `automountServiceAccountToken` must have the pod API's types and values, errors under
 * `podSpec.`), else the template's own `spec.podTemplate.spec` (checked when the template was
 * parsed), else an empty spec. A given `podSpec` is read once into a plain-data snapshot; the
 * result must not be modified.
 *
 * @throws {@link SandboxPolicyError} for a malformed `podSpec`.
 */
export function podSpecFor(template: SandboxTemplate, podSpec: unknown): Readonly<Record<string, unknown>> {
  if (podSpec === undefined || podSpec === null) return (template.spec.podTemplate?.spec ?? {}) as TemplatePodSpec;
  // One plain-data snapshot (own data properties, each read once): what is checked is what is used.
  const source = snapshot(podSpec, 'podSpec');
  const checked = PodSpecSchema.safeParse(source);
  if (!checked.success) throw new SandboxPolicyError(zodIssues(checked.error, source, 'podSpec'));
  return source as Readonly<Record<string, unknown>>;
}
