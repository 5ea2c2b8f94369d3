/**
 * The controller's DNS override: when it replaces a sandbox pod's DNS settings, and with what.
 * The one implementation of the rule; {@link applySandboxSecureDefaults} and
 * {@link secureDefaultsPatch} use it too.
 */
import { resolveOptions, type PolicyOptions, type ResolvedOptions } from './options.js';
import { podSpecFor } from './pod-spec.js';
import { ensureParsed, isManaged, type SandboxTemplate, type TemplateInput } from './template.js';
import type { PodSpecInput } from './wire-types.js';

/** The DNS fields the controller writes into a pod spec when it overrides DNS. */
export interface SandboxDnsConfig {
  /** Always `None`: the pod's resolv.conf comes from `dnsConfig` alone. */
  readonly dnsPolicy: 'None';
  /** A new DNS config: only the resolvers (any `searches` or `options` the pod had are dropped). */
  readonly dnsConfig: {
    /** The public resolvers, `['8.8.8.8', '1.1.1.1']` unless `options.nameservers` says otherwise. */
    readonly nameservers: string[];
  };
}

/**
 * True when the template runs under the controller's secure default, the only case in which it
 * overrides pod DNS: `networkPolicyManagement` Managed (or empty) and no `spec.networkPolicy` of
 * its own (absent or `null`; `{}` is a policy of its own that denies everything).
 *
 * @param template - the SandboxTemplate (parsed, or raw JSON/YAML which is parsed first).
 * @returns whether the default NetworkPolicy and the DNS override apply.
 * @throws {@link SandboxPolicyError} for an invalid template.
 * @example
 * ```ts
 * isSecureByDefault(parseSandboxTemplate(doc)); // true when the default policy applies
 * ```
 */
export function isSecureByDefault(template: TemplateInput): boolean {
  return secureByDefault(ensureParsed(template));
}

function secureByDefault(t: SandboxTemplate): boolean {
  return isManaged(t) && (t.spec.networkPolicy === undefined || t.spec.networkPolicy === null);
}

/**
 * The override rule on a checked template and pod spec: under the secure default, a pod spec
 * with no `dnsPolicy` (absent, `null` or `""`) gets `dnsPolicy: None` and a new `dnsConfig` with
 * the resolvers; any other pod keeps its DNS settings. Internal.
 */
export function dnsOverride(t: SandboxTemplate, podSpec: Readonly<Record<string, unknown>>, options: ResolvedOptions): SandboxDnsConfig | null {
  const dnsPolicy = Object.prototype.hasOwnProperty.call(podSpec, 'dnsPolicy') ? podSpec.dnsPolicy : undefined;
  const unset = dnsPolicy === undefined || dnsPolicy === null || dnsPolicy === '';
  if (!unset || !secureByDefault(t)) return null;
  return { dnsPolicy: 'None', dnsConfig: { nameservers: [...options.nameservers] } };
}

/**
 * The DNS settings the controller forces on a sandbox pod, on their own: under the secure default
 * ({@link isSecureByDefault}) and when the pod spec sets no `dnsPolicy`, `dnsPolicy: None` with
 * `dnsConfig: { nameservers: ['8.8.8.8', '1.1.1.1'] }` (the default policy blocks cluster DNS on
 * purpose, so agents cannot enumerate cluster services); otherwise `null`, and the pod keeps
 * whatever DNS settings it has. The same rule {@link applySandboxSecureDefaults} applies.
 *
 * @param template - the SandboxTemplate (parsed, or raw JSON/YAML which is parsed first).
 * @param podSpec - the pod spec to look at; defaults to the template's `spec.podTemplate.spec`.
 * @param options - `nameservers` replaces the public resolvers (1 to 3 IPs); other policy options
 *   are accepted and ignored.
 * @returns a fresh `{ dnsPolicy, dnsConfig }`, or `null` when the controller leaves DNS alone.
 * @throws {@link SandboxPolicyError} for an invalid template or options, or a pod spec whose
 *   `dnsPolicy`, `dnsConfig` or `automountServiceAccountToken` has the wrong type or value.
 * @example
 * ```ts
 * const template = parseSandboxTemplate({
 *   apiVersion: 'extensions.agents.x-k8s.io/v1beta1', kind: 'SandboxTemplate', metadata: { name: 'sandbox' }, spec: {},
 * });
 * sandboxDnsConfig(template); // { dnsPolicy: 'None', dnsConfig: { nameservers: ['8.8.8.8', '1.1.1.1'] } }
 * sandboxDnsConfig(template, { containers: [], dnsPolicy: 'ClusterFirst' }); // null: an explicit dnsPolicy is kept
 * ```
 */
export function sandboxDnsConfig(template: TemplateInput, podSpec?: PodSpecInput | null, options?: PolicyOptions): SandboxDnsConfig | null {
  const resolved = resolveOptions(options);
  const t = ensureParsed(template);
  return dnsOverride(t, podSpecFor(t, podSpec), resolved);
}
