/**
 * The labels a SandboxTemplate's pods carry, as policies see them. Internal: the public
 * `sandboxPodLabelSet` (labels.ts) has the same contract; this copy is swapped for it at merge.
 */
import { sandboxPodLabels, templateRefHash } from '../labels.js';
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
 * hash would.
 */
export const ANY_SANDBOX = '*';

/**
 * The labels of a template's sandbox pods: the pod template's labels minus reserved
 * `agents.x-k8s.io/*` and `extensions.agents.x-k8s.io/*` keys, plus `sandboxPodLabels` (the
 * template ref hash), plus `agents.x-k8s.io/sandbox-name-hash` (NameHash of `sandboxName`, or
 * {@link ANY_SANDBOX}), plus `agents.x-k8s.io/warm-pool-sandbox` when `warmPool` is given.
 */
export function sandboxPodLabelSet(template: SandboxTemplate, opts: { readonly sandboxName?: string; readonly warmPool?: string } = {}): Record<string, string> {
  const out: Record<string, string> = {};
  const own = template.spec.podTemplate?.metadata?.labels ?? {};
  for (const k of Object.keys(own)) {
    if (RESERVED_PREFIXES.some((p) => k.startsWith(p))) continue;
    Object.defineProperty(out, k, { value: own[k], enumerable: true, writable: true, configurable: true });
  }
  Object.assign(out, sandboxPodLabels(template));
  out[SANDBOX_NAME_HASH_LABEL] = opts.sandboxName === undefined ? ANY_SANDBOX : templateRefHash(opts.sandboxName);
  if (opts.warmPool !== undefined) out[WARM_POOL_LABEL] = templateRefHash(opts.warmPool);
  return out;
}
