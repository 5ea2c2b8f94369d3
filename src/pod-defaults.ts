import type { V1PodSpec } from '@kubernetes/client-node';
import { byteOrder, sortedDeep } from './canonical.js';
import { SandboxPolicyError } from './errors.js';
import { setOwn, snapshot } from './snapshot.js';
import { resolveOptions, type PolicyOptions } from './options.js';
import { PodSpecSchema, ensureParsed, isManaged, zodIssues, type TemplateInput } from './template.js';

/**
 * True when the template runs under the controller's secure default, the only case in which it
 * overrides pod DNS: Managed (or empty) and no `spec.networkPolicy` of its own (U:24-48).
 *
 * @throws {@link SandboxPolicyError} for an invalid template.
 * @example
 * ```ts
 * isSecureByDefault(parseSandboxTemplate(doc)); // true when the default policy applies
 * ```
 */
export function isSecureByDefault(template: TemplateInput): boolean {
  const t = ensureParsed(template);
  return isManaged(t) && (t.spec.networkPolicy === undefined || t.spec.networkPolicy === null);
}

/**
 * `ApplySandboxSecureDefaults` (agent-sandbox `extensions/controllers/utils.go`): returns a new pod
 * spec in which
 *
 * 1. `automountServiceAccountToken` is `false` when it was unset (an explicit value is kept);
 * 2. under the secure default ({@link isSecureByDefault}) and with no `dnsPolicy` set,
 *    `dnsPolicy: None` and `dnsConfig: { nameservers: ['8.8.8.8', '1.1.1.1'] }`: the default policy
 *    blocks cluster DNS on purpose, so agents cannot enumerate cluster services. Like upstream,
 *    this replaces any `dnsConfig` the pod had (searches and options included).
 *
 * Nothing else changes. Object keys of the result are sorted so equal inputs give equal bytes.
 *
 * @param template - the SandboxTemplate (parsed, or raw JSON/YAML which is parsed first).
 * @param podSpec - the pod spec to default; defaults to the template's `spec.podTemplate.spec`.
 * @param options - `nameservers` replaces the public resolvers (1 to 3 IPs).
 * @returns a fresh pod spec; the argument is never modified.
 * @throws {@link SandboxPolicyError} for an invalid template, options, or a pod spec whose
 *   `dnsPolicy`, `dnsConfig` or `automountServiceAccountToken` has the wrong type or value.
 * @example
 * ```ts
 * applySandboxSecureDefaults(template, { containers: [{ name: 'agent', image: 'python:3.12' }] });
 * // { automountServiceAccountToken: false, containers: [...], dnsConfig: { nameservers: ['8.8.8.8', '1.1.1.1'] }, dnsPolicy: 'None' }
 * ```
 */
export function applySandboxSecureDefaults(template: TemplateInput, podSpec?: V1PodSpec | null, options?: PolicyOptions): V1PodSpec {
  const resolved = resolveOptions(options);
  const t = ensureParsed(template);
  const own = podSpec === undefined || podSpec === null;
  const source = own ? (t.spec.podTemplate?.spec ?? {}) : snapshot(podSpec, 'podSpec');
  if (!own) {
    // The template's own pod spec was checked when the template was parsed.
    const checked = PodSpecSchema.safeParse(source);
    if (!checked.success) throw new SandboxPolicyError(zodIssues(checked.error, source, 'podSpec'));
  }
  const out = sortedDeep(source) as Record<string, unknown>;
  if (out.automountServiceAccountToken === undefined || out.automountServiceAccountToken === null) {
    out.automountServiceAccountToken = false;
  }
  const dnsPolicy = out.dnsPolicy;
  if (isSecureByDefault(t) && (dnsPolicy === undefined || dnsPolicy === null || dnsPolicy === '')) {
    out.dnsPolicy = 'None';
    out.dnsConfig = { nameservers: [...resolved.nameservers] };
  }
  // Nested values are already sorted (or freshly built in order); only the top level may have
  // gained keys.
  const sorted: Record<string, unknown> = {};
  for (const k of Object.keys(out).sort(byteOrder)) setOwn(sorted, k, out[k]);
  return sorted as unknown as V1PodSpec;
}
