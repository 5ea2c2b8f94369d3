/**
 * The labels a SandboxTemplate's pods carry, as policies see them. Internal: the public
 * `sandboxPodLabelSet` (labels.ts) has the same contract; this copy is swapped for it at merge.
 */
import { byteOrder } from '../canonical.js';
import { SandboxPolicyError } from '../errors.js';
import { sandboxPodLabels, templateRefHash } from '../labels.js';
import { validateLabels } from '../validation/network-policy.js';
import type { ValidationIssue } from '../validation/field.js';
import type { SandboxTemplate } from '../template.js';

/** Label key prefixes the core controller drops from `spec.podTemplate` labels (SC:808-821). */
const RESERVED_PREFIXES = ['agents.x-k8s.io/', 'extensions.agents.x-k8s.io/'] as const;

/** The per-sandbox label every sandbox pod gets: NameHash(sandbox name). */
export const SANDBOX_NAME_HASH_LABEL = 'agents.x-k8s.io/sandbox-name-hash';

/** Set on pods of a warm pool's sandboxes: NameHash(pool name). */
export const WARM_POOL_LABEL = 'agents.x-k8s.io/warm-pool-sandbox';

/**
 * The value used for `agents.x-k8s.io/sandbox-name-hash` when no sandbox name is given: it stands
 * for "some sandbox of this template". It is not a valid label value, so no valid selector can
 * list it: it matches `Exists` and `NotIn` (and fails `In` and `DoesNotExist`), as an unknown
 * hash would. (The same value as the public `ANY_SANDBOX_NAME_HASH` of labels.ts on main.)
 */
export const ANY_SANDBOX = '<any sandbox>';

/**
 * The labels of a template's sandbox pods: the pod template's labels minus reserved
 * `agents.x-k8s.io/*` and `extensions.agents.x-k8s.io/*` keys, plus `sandboxPodLabels` (the
 * template ref hash), plus `agents.x-k8s.io/sandbox-name-hash` (NameHash of `sandboxName`, or
 * {@link ANY_SANDBOX}), plus `agents.x-k8s.io/warm-pool-sandbox` when `warmPool` is given; keys in
 * byte order.
 *
 * @throws SandboxPolicyError when a kept pod-template label is invalid.
 */
export function sandboxPodLabelSet(template: SandboxTemplate, opts: { readonly sandboxName?: string; readonly warmPool?: string } = {}): Record<string, string> {
  const labels = new Map<string, string>();
  const own = template.spec.podTemplate?.metadata?.labels ?? {};
  for (const k of Object.keys(own)) if (!RESERVED_PREFIXES.some((p) => k.startsWith(p))) labels.set(k, own[k]!);
  const problems: ValidationIssue[] = [];
  validateLabels(Object.fromEntries(labels), POD_LABELS_PATH, problems);
  if (problems.length > 0) throw new SandboxPolicyError(problems.map(({ path, message, type }) => ({ path, message, type })));
  for (const [k, v] of Object.entries(sandboxPodLabels(template))) labels.set(k, v);
  labels.set(SANDBOX_NAME_HASH_LABEL, opts.sandboxName === undefined ? ANY_SANDBOX : templateRefHash(opts.sandboxName));
  if (opts.warmPool !== undefined) labels.set(WARM_POOL_LABEL, templateRefHash(opts.warmPool));
  const out: Record<string, string> = {};
  // Own data properties in byte order (a `__proto__` key stays a key).
  for (const k of [...labels.keys()].sort(byteOrder)) Object.defineProperty(out, k, { value: labels.get(k), enumerable: true, writable: true, configurable: true });
  return out;
}

const POD_LABELS_PATH = 'spec.podTemplate.metadata.labels';
