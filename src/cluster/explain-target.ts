import { SandboxPolicyError } from '../errors.js';
import { portsText, rulesText, selectorText } from '../explain.js';
import { isObject, listOf } from '../json.js';
import type { ClusterPeer, ClusterPolicyView, ClusterRule } from '../policy/cluster-network-policy-view.js';
import type { PortSpec } from '../policy/network-policy-view.js';
import { frozenSnapshot } from '../snapshot.js';
import { nsLabelsOf, readSnapshot } from '../policy/snapshot.js';
import { auditTarget, checkOptions, targetsOf, type ClusterAuditOptions, type TargetRef } from './audit-cluster.js';
import { cnpLabel, selectingPolicies, subjectSelects } from './decide.js';

function clusterPeerText(peer: ClusterPeer): string {
  if ('namespaces' in peer) return `pods in ${selectorText(peer.namespaces, 'namespace')}`;
  if ('pods' in peer) return `${selectorText(peer.pods.podSelector, 'pod')} in ${selectorText(peer.pods.namespaceSelector, 'namespace')}`;
  if ('networks' in peer) return peer.cidrs.join(', ');
  if ('nodes' in peer) return `${selectorText(peer.nodes, 'node')} (node addresses)`;
  return `names ${peer.domainNames.join(', ')}`;
}

function clusterRuleText(rule: ClusterRule, direction: 'ingress' | 'egress'): string {
  const ports: PortSpec[] | null =
    rule.protocols === null
      ? null
      : rule.protocols.map((p) => ('namedPort' in p ? { protocol: 'named', port: p.namedPort } : p.start === p.end ? { protocol: p.protocol, port: p.start } : { protocol: p.protocol, port: p.start, endPort: p.end }));
  return `    ${rule.path}${rule.name ? ` (${rule.name})` : ''}: ${rule.action} ${direction === 'egress' ? 'to' : 'from'} ${rule.peers.map(clusterPeerText).join('; or ')}, ${portsText(ports)}`;
}

function tierLines(policies: readonly ClusterPolicyView[], direction: 'ingress' | 'egress'): string[] {
  return policies.flatMap((p) => [`  ${cnpLabel(p)} (priority ${p.priority}), first matching rule wins:`, ...p[direction].map((r) => clusterRuleText(r, direction))]);
}

/**
 * A plain-English account of a target's effective policy in a snapshot: for each direction, the
 * Admin ClusterNetworkPolicies that select it (in evaluation order, each rule with its action),
 * the NetworkPolicies of its namespace that isolate it (their allows unioned), the Baseline
 * policies (and whether they are reached), and for egress the reachable addresses and the
 * domain-name rules.
 *
 * @param objects - the same input as {@link auditCluster}.
 * @param target - `{kind, namespace, name}` as `auditCluster` reports targets (`SandboxTemplate`,
 *   `Sandbox`, `SandboxClaim`, `SandboxWarmPool`, `Pod`, `PodSelector`). For a family of pods the
 *   tiers are shown for its first label variant and the reachable addresses for all of them.
 * @param options - as for {@link auditCluster}.
 * @returns lines of text joined with `\n`.
 * @throws {@link SandboxPolicyError} when the target is not in the snapshot, or for malformed input.
 * @example
 * ```ts
 * const text = explainTarget([template], { kind: 'SandboxTemplate', namespace: 'agents', name: 'sandbox' });
 * text.split('\n')[0]; // 'SandboxTemplate agents/sandbox: pods with agents.x-k8s.io/sandbox-name-hash=<any sandbox>, agents.x-k8s.io/sandbox-template-ref-hash=da1fd924.'
 * ```
 */
export function explainTarget(objects: unknown, target: TargetRef, options: ClusterAuditOptions = {}): string {
  options = checkOptions(options);
  const snapshot = readSnapshot(objects, { ...(options.namespace !== undefined ? { namespace: options.namespace } : {}), ...(options.policy !== undefined ? { policy: options.policy } : {}) });
  const t = frozenSnapshot(target, 'target');
  const family = isObject(t) ? targetsOf(snapshot).find((f) => f.pod.kind === t.kind && f.pod.namespace === t.namespace && f.pod.name === t.name) : undefined;
  if (family === undefined) throw new SandboxPolicyError([{ path: 'target', message: `no target ${JSON.stringify(t)} in the snapshot (kinds: SandboxTemplate, Sandbox, SandboxClaim, SandboxWarmPool, Pod, PodSelector)` }]);
  const pod = family.pod;
  const report = auditTarget(snapshot, family, options);
  const ep = { namespace: pod.namespace, labels: pod.labels, namespaceLabels: nsLabelsOf(snapshot, pod.namespace) };
  const cnps = snapshot.clusterPolicies.filter((p) => subjectSelects(p, ep));
  const selecting = selectingPolicies(snapshot, ep);
  const labels = Object.keys(pod.labels).sort().map((k) => `${k}=${pod.labels[k]}`);
  const lines = [`${pod.kind} ${pod.namespace}/${pod.name}: pods with ${labels.length ? labels.join(', ') : 'no labels'}.`];
  if (pod.hostNetwork) lines.push('These pods use the host network: no NetworkPolicy or ClusterNetworkPolicy applies to them; every address is reachable.');
  else if (family.members.length > 1) {
    const others = family.members.slice(1).map((m) => m.variant);
    const listed = others.length > 6 ? `${others.slice(0, 6).join('; ')}; and ${others.length - 6} more` : others.join('; ');
    lines.push(`These are one of ${family.members.length} label variants of its pods (others: ${listed}); the tiers below are for these, the reachable addresses for all.`);
  }
  for (const direction of ['egress', 'ingress'] as const) {
    const admin = cnps.filter((p) => p.tier === 'Admin' && p[direction].length > 0);
    const baseline = cnps.filter((p) => p.tier === 'Baseline' && p[direction].length > 0);
    const isolating = selecting.filter((p) => (direction === 'egress' ? p.view.isolatesEgress : p.view.isolatesIngress));
    lines.push(`${direction === 'egress' ? 'Outgoing' : 'Incoming'}:`);
    lines.push(admin.length ? '1. Admin tier (Accept and Deny are final; Pass goes on to step 2):' : '1. Admin tier: no ClusterNetworkPolicy with rules for this direction selects these pods.', ...tierLines(admin, direction));
    if (isolating.length) {
      lines.push(`2. NetworkPolicies isolate ${direction}; allowed only what one of them allows, everything else denied:`);
      for (const np of isolating) {
        lines.push(`  ${np.label}${np.renderedFrom ? ` (rendered from ${np.renderedFrom})` : ''}:`);
        const verb = direction === 'egress' ? 'to' : 'from';
        lines.push(...rulesText(listOf(np.view.spec[direction]), verb, verb).map((l) => `  ${l}`));
      }
      lines.push(baseline.length ? `3. Baseline tier: not reached (a NetworkPolicy isolates ${direction}).` : '3. Baseline tier: nothing selects these pods.');
    } else {
      lines.push(`2. NetworkPolicies: none isolates ${direction}.`);
      lines.push(baseline.length ? '3. Baseline tier (Accept and Deny final; anything else is allowed):' : '3. Baseline tier: nothing selects these pods; anything not decided above is allowed.', ...tierLines(baseline, direction));
    }
  }
  const cidrs = report.egressReachable.toCidrs();
  lines.push(`Reachable destination addresses (some port): ${cidrs.length === 0 ? 'none' : cidrs.length > 8 ? `${cidrs.slice(0, 8).join(', ')} and ${cidrs.length - 8} more` : cidrs.join(', ')}.`);
  for (const d of report.domainAllowances) lines.push(`Domain rule ${d.policy} ${d.rule}: ${d.action} ${d.domains.join(', ')}${d.effective ? '' : ' (never reached)'}.`);
  return lines.join('\n');
}
