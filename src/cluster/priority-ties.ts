/** ClusterNetworkPolicies of one tier and priority whose order could change a verdict: undefined upstream, so reported. Internal. */
import type { ClusterPolicyView } from '../policy/cluster-network-policy-view.js';
import type { PodView, Snapshot } from '../policy/snapshot.js';
import type { ClusterFinding } from './audit-cluster.js';
import { clusterFinding, endpointOf } from './target-shared.js';
import { cnpLabel, subjectSelects } from './decide.js';

/** `cnp-priority-tie` findings for the snapshot's ClusterNetworkPolicies over the given targets. */
export function priorityTieFindings(snapshot: Snapshot, targets: readonly PodView[]): ClusterFinding[] {
  // Equal priorities in one tier with different actions on pods both select: undefined upstream.
  const out: ClusterFinding[] = [];
  const cnps = snapshot.clusterPolicies;
  for (let i = 0; i < cnps.length; i++) {
    for (let j = i + 1; j < cnps.length && cnps[j]!.tier === cnps[i]!.tier && cnps[j]!.priority === cnps[i]!.priority; j++) {
      const a = cnps[i]!;
      const b = cnps[j]!;
      if (a.kind === 'BaselineAdminNetworkPolicy' || b.kind === 'BaselineAdminNetworkPolicy') continue; // ordered by mapping, not by chance
      const actions = (p: ClusterPolicyView) => new Set([...p.ingress, ...p.egress].map((r) => r.action));
      const aa = actions(a);
      if (![...actions(b)].some((x) => !aa.has(x)) && ![...aa].some((x) => !actions(b).has(x))) continue;
      const shared = targets.find((t) => subjectSelects(a, endpointOf(snapshot, t)) && subjectSelects(b, endpointOf(snapshot, t)));
      if (shared === undefined && targets.length > 0) continue;
      out.push(
        clusterFinding(
          'cnp-priority-tie',
          cnpLabel(b),
          'spec.priority',
          `${cnpLabel(a)} and ${cnpLabel(b)} are both ${a.tier} priority ${a.priority} with different actions${shared ? ` and both select ${shared.kind} ${shared.namespace}/${shared.name}` : ''}: which applies first is undefined upstream (evaluated here by name: ${a.name} first)`,
          shared ? `${shared.namespace}/${shared.name}` : '',
          { suggestion: 'give overlapping policies of one tier distinct priorities' },
        ),
      );
    }
  }
  return out;
}
