import { byteOrder, canonicalSpec } from './canonical.js';
import { setOwn } from './snapshot.js';
import {
  NAMESPACE_NAME_LABEL,
  NETWORK_POLICY_NAME_SUFFIX,
  OWNER_API_VERSION,
  TEMPLATE_REF_HASH_LABEL,
} from './constants.js';
import { applyEgressFloor, defaultEgressPeers, floorSet, type FloorChange } from './egress.js';
import { templateRefHash } from './labels.js';
import { resolveOptions, type PolicyOptions, type ResolvedOptions } from './options.js';
import { ensureParsed, isManaged, type SandboxTemplate, type TemplateInput } from './template.js';
import type { NetworkPolicy, NetworkPolicySpec, ObjectMeta } from './wire-types.js';

function sortedLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(labels).sort(byteOrder)) setOwn(out, k, labels[k]);
  return out;
}

/**
 * The controller's `buildDefaultNetworkPolicySpec` (agent-sandbox
 * `extensions/controllers/sandboxtemplate_controller.go`): one literal that reads like the YAML it
 * makes, in Go's field order.
 */
function defaultSpec(hash: string, options: ResolvedOptions): NetworkPolicySpec {
  return {
    podSelector: { matchLabels: { [TEMPLATE_REF_HASH_LABEL]: hash } },
    ingress: [
      {
        from: [
          {
            podSelector: { matchLabels: sortedLabels(options.routerLabels) },
            namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: options.routerNamespace } },
          },
        ],
      },
    ],
    egress: [{ to: defaultEgressPeers(options) }],
    policyTypes: ['Ingress', 'Egress'],
  };
}

/** The template's own rules wrapped with the controller's podSelector and policyTypes. */
function wrappedSpec(
  hash: string,
  rules: NonNullable<SandboxTemplate['spec']['networkPolicy']>,
  options: ResolvedOptions,
): { spec: NetworkPolicySpec; changes: FloorChange[] } {
  let egress = rules.egress ?? undefined;
  let changes: FloorChange[] = [];
  if (options.egressFloor !== 'none' && egress && egress.length > 0) {
    const floored = applyEgressFloor(egress as never, floorSet(options.egressFloor, options.clusterCidrs));
    egress = floored.egress as typeof egress;
    changes = floored.changes;
  }
  // Canonical form (Go field order, omitempty) of rules the parser checked: a NetworkPolicySpec.
  const spec = canonicalSpec({
    podSelector: { matchLabels: { [TEMPLATE_REF_HASH_LABEL]: hash } },
    ingress: rules.ingress,
    egress,
    policyTypes: ['Ingress', 'Egress'],
  }) as unknown as NetworkPolicySpec;
  return { spec, changes };
}

function specFor(template: SandboxTemplate, options: ResolvedOptions): { spec: NetworkPolicySpec; changes: FloorChange[] } | null {
  if (!isManaged(template)) return null;
  const hash = templateRefHash(template.metadata.name);
  const rules = template.spec.networkPolicy;
  if (rules === undefined || rules === null) return { spec: defaultSpec(hash, options), changes: [] };
  return wrappedSpec(hash, rules, options);
}

/**
 * The NetworkPolicy spec the controller reconciles for a template:
 *
 * - `spec.networkPolicy` absent or `null` ⇒ the secure default: ingress only from the sandbox
 *   router; egress to `0.0.0.0/0` and `::/0` except private, link-local and ULA ranges;
 * - `spec.networkPolicy` present (even `{}`) ⇒ the template's rules, copied in canonical form,
 *   with the controller's `podSelector` and `policyTypes: [Ingress, Egress]` (so `{}` denies
 *   everything in both directions);
 * - `networkPolicyManagement: Unmanaged` ⇒ `null` (the controller deletes its policy).
 *
 * Keys come in Go's field order and empty lists and maps are dropped, so `JSON.stringify` equals
 * the controller's output byte for byte. The result is in the API's wire format (ingress `from`);
 * for `@kubernetes/client-node`'s typed APIs convert it with {@link "agent-sandbox-policy/client-node"!toClientNodeObject}. Options can only tighten the result; with none it equals
 * upstream.
 *
 * @param template - a template from {@link parseSandboxTemplate}, or raw parsed JSON/YAML, which
 *   is parsed (and checked) first.
 * @param options - see {@link PolicyOptions}.
 * @returns a fresh spec, or `null` when the template is Unmanaged.
 * @throws {@link SandboxPolicyError} for an invalid template or invalid options.
 * @example
 * ```ts
 * networkPolicySpecFor(parseSandboxTemplate(doc))?.egress?.[0]?.to?.[0]?.ipBlock?.cidr; // '0.0.0.0/0'
 * ```
 */
export function networkPolicySpecFor(template: TemplateInput, options?: PolicyOptions): NetworkPolicySpec | null {
  const resolved = resolveOptions(options);
  return specFor(ensureParsed(template), resolved)?.spec ?? null;
}

/**
 * The whole NetworkPolicy object the controller creates for a template:
 * `kind`, `apiVersion`, `metadata` (`<template>-network-policy`, the template's namespace when it
 * has one, one controller owner reference) and the spec of {@link networkPolicySpecFor}.
 *
 * The owner reference (apiVersion `extensions.agents.x-k8s.io/v1beta1`, kind `SandboxTemplate`,
 * `controller` and `blockOwnerDeletion` true) is omitted when the template has no `metadata.uid`
 * (e.g. a template file not read back from a cluster): the API server rejects an empty uid, and
 * without the reference the Go controller refuses to adopt the policy, so create it through the
 * API with the live template's uid.
 *
 * @returns a fresh object in the API's wire format whose `JSON.stringify` equals the controller's
 *   request body, or `null` when the template is Unmanaged. Before handing it to
 *   `@kubernetes/client-node`'s `KubernetesObjectApi`, convert it with {@link "agent-sandbox-policy/client-node"!toClientNodeObject}
 *   (that client renames `from` and would otherwise drop the router peer).
 * @throws {@link SandboxPolicyError} for an invalid template or invalid options.
 * @example
 * ```ts
 * const policy = networkPolicyFor(parseSandboxTemplate(doc));
 * policy?.metadata.name; // 'sandbox-network-policy'
 * ```
 */
export function networkPolicyFor(template: TemplateInput, options?: PolicyOptions): NetworkPolicy | null {
  return networkPolicyWithChangesFor(template, options)?.policy ?? null;
}

/**
 * Like {@link networkPolicyFor}, and also reports each change the `egressFloor` option made to
 * the template's own egress rules (empty when it changed nothing).
 *
 * @returns `{ policy, floorChanges }`, or `null` when the template is Unmanaged.
 * @throws {@link SandboxPolicyError} for an invalid template or invalid options.
 * @example
 * ```ts
 * const r = networkPolicyWithChangesFor(doc, { egressFloor: 'private' });
 * for (const c of r?.floorChanges ?? []) console.warn(c.path, c.message, c.removed);
 * ```
 */
export function networkPolicyWithChangesFor(
  template: TemplateInput,
  options?: PolicyOptions,
): PolicyWithChanges | null {
  const resolved = resolveOptions(options);
  const t = ensureParsed(template);
  const built = specFor(t, resolved);
  if (built === null) return null;
  const { name, namespace, uid } = t.metadata;
  const metadata: ObjectMeta = {
    name: `${name}${NETWORK_POLICY_NAME_SUFFIX}`,
    ...(namespace ? { namespace } : {}),
    ...(uid
      ? { ownerReferences: [{ apiVersion: OWNER_API_VERSION, kind: 'SandboxTemplate', name, uid, controller: true, blockOwnerDeletion: true }] }
      : {}),
  };
  const policy: NetworkPolicy = { kind: 'NetworkPolicy', apiVersion: 'networking.k8s.io/v1', metadata, spec: built.spec };
  return { policy, floorChanges: built.changes };
}

export type { FloorChange };

/** What {@link networkPolicyWithChangesFor} returns. */
export interface PolicyWithChanges {
  /** The NetworkPolicy, as {@link networkPolicyFor} returns it. */
  readonly policy: NetworkPolicy;
  /** Each change the egress floor made to the template's own egress rules. */
  readonly floorChanges: FloorChange[];
}
