import { byteOrder, sortedDeep } from './canonical.js';
import { dnsOverride } from './dns.js';
import { setOwn } from './snapshot.js';
import { resolveOptions, type PolicyOptions } from './options.js';
import { podSpecFor } from './pod-spec.js';
import type { PodSpecInput, SecurePodSpec } from './wire-types.js';
import { ensureParsed, type TemplateInput } from './template.js';

/**
 * `ApplySandboxSecureDefaults` (agent-sandbox `extensions/controllers/utils.go`): returns a new pod
 * spec in which
 *
 * 1. `automountServiceAccountToken` is `false` when it was unset (an explicit value is kept);
 * 2. under the secure default ({@link isSecureByDefault}) and with no `dnsPolicy` set,
 *    `dnsPolicy: None` and `dnsConfig: { nameservers: ['8.8.8.8', '1.1.1.1'] }` (exactly
 *    {@link sandboxDnsConfig}): the default policy blocks cluster DNS on purpose, so agents cannot
 *    enumerate cluster services. Like upstream, this replaces any `dnsConfig` the pod had
 *    (searches and options included).
 *
 * Nothing else changes. {@link secureDefaultsPatch} gives the same change as a JSON Patch. Object keys of the result are sorted so equal inputs give equal bytes.
 *
 * @param template - the SandboxTemplate (parsed, or raw JSON/YAML which is parsed first).
 * @param podSpec - the pod spec to default; defaults to the template's `spec.podTemplate.spec`.
 * @param options - `nameservers` replaces the public resolvers (1 to 3 IPs).
 * @returns a fresh pod spec; the argument is never modified.
 * @throws {@link SandboxPolicyError} for an invalid template, options, or a pod spec whose
 *   `dnsPolicy`, `dnsConfig` or `automountServiceAccountToken` has the wrong type or value.
 * @example
 * ```ts
 * const pod = applySandboxSecureDefaults(template, { containers: [{ name: 'agent', image: 'python:3.12' }] });
 * pod; // { automountServiceAccountToken: false, containers: [{ name: 'agent', image: 'python:3.12' }], dnsConfig: { nameservers: ['8.8.8.8', '1.1.1.1'] }, dnsPolicy: 'None' }
 * ```
 */
export function applySandboxSecureDefaults(template: TemplateInput, podSpec?: PodSpecInput | null, options?: PolicyOptions): SecurePodSpec {
  const resolved = resolveOptions(options);
  const t = ensureParsed(template);
  const source = podSpecFor(t, podSpec);
  const out = sortedDeep(source) as Record<string, unknown>;
  if (out.automountServiceAccountToken === undefined || out.automountServiceAccountToken === null) {
    out.automountServiceAccountToken = false;
  }
  const dns = dnsOverride(t, source, resolved);
  if (dns !== null) {
    out.dnsPolicy = dns.dnsPolicy;
    out.dnsConfig = dns.dnsConfig;
  }
  // Nested values are already sorted (or freshly built in order); only the top level may have
  // gained keys.
  const sorted: Record<string, unknown> = {};
  for (const k of Object.keys(out).sort(byteOrder)) setOwn(sorted, k, out[k]);
  return sorted as SecurePodSpec;
}
