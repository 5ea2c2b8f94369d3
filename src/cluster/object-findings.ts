/** Findings about the snapshot's objects rather than a target: invalid objects, hash collisions, priority ties, notes. Internal. */
import { issueToFinding, sortFindings } from '../audit/audit.js';
import { templateRefHash } from '../labels.js';
import type { PodView, Snapshot } from '../policy/snapshot.js';
import { validateNetworkPolicySpec } from '../validation/network-policy.js';
import type { ClusterFinding } from './audit-cluster.js';
import { priorityTieFindings } from './priority-ties.js';
import { clusterFinding } from './target-shared.js';
import { cnpLabel } from './decide.js';

/** The report's object-level findings, most severe first. */
export function objectFindings(snapshot: Snapshot, targets: readonly PodView[], strict: boolean): ClusterFinding[] {
  const out: ClusterFinding[] = [];
  for (const p of snapshot.problems) {
    for (const issue of p.issues) {
      out.push({ severity: 'error', code: 'api-invalid', message: `${issue.message} (the API server rejects this object, so it is left out)`, path: issue.path, ranges: [], example: '', policy: p.object });
    }
  }
  for (const np of snapshot.networkPolicies) {
    if (np.renderedFrom !== undefined || !strict) continue;
    for (const issue of validateNetworkPolicySpec(np.view.spec, { strictCidr: true })) out.push({ ...issueToFinding(issue, true), policy: np.label });
  }
  // Templates of one namespace whose names hash alike select each other's pods.
  const byHash = new Map<string, string[]>();
  for (const { template, pod } of snapshot.templates) {
    const key = `${pod.namespace}\u0000${templateRefHash(template.metadata.name)}`;
    byHash.set(key, [...(byHash.get(key) ?? []), `SandboxTemplate ${pod.namespace}/${template.metadata.name}`]);
  }
  for (const [key, names] of byHash) {
    if (names.length < 2) continue;
    out.push(
      clusterFinding('hash-collision', names[0]!, 'metadata.name', `${names.join(' and ')} hash to ${key.split('\u0000')[1]}: each template's policy selects the other's pods`, names.slice(1).join(', '), {
        suggestion: 'rename one of the templates',
      }),
    );
  }
  // The earlier of two documents with one identity is not in force: a reader of the file may think it is.
  for (const r of snapshot.replaced) {
    out.push(
      clusterFinding('duplicate-object', r.object, 'metadata.name', `${r.object} is written twice: the document at ${r.kept} replaces the one at ${r.replaced}, which is not in force`, r.replaced, {
        suggestion: 'keep one document per object, or rename one of them',
      }),
    );
  }
  for (const c of snapshot.clusterPolicies) {
    for (const u of c.unmatchable ?? []) {
      out.push(
        clusterFinding('unmatchable-selector', cnpLabel(c), u.path, `the selector at ${u.path} cannot be parsed (${u.message}): the API server stores it, and network plugins treat it as matching nothing`, '', {
          suggestion: 'write the selector with valid label keys, values and operators',
        }),
      );
    }
  }
  for (const n of snapshot.controllerPolicies ?? []) {
    if (n.state === 'foreign') {
      out.push(
        clusterFinding('managed-policy-blocked', n.policy, 'metadata.ownerReferences', `${n.policy} is not controlled by ${n.template}: the controller refuses to update it, so the template's own policy cannot be created and this object is enforced as written`, n.template, {
          suggestion: 'rename or delete the hand-written NetworkPolicy, or make the template Unmanaged',
        }),
      );
    } else {
      out.push(
        clusterFinding('managed-policy-drift', n.policy, 'spec', `${n.policy} differs from what ${n.template} renders: it is enforced now, and the controller overwrites its spec on the next reconcile`, n.template, {
          suggestion: 'change the template, not its policy',
        }),
      );
    }
  }
  out.push(...priorityTieFindings(snapshot, targets));
  out.push(
    {
      severity: 'info',
      code: 'node-traffic-allowed',
      message: "traffic between a pod and its own node is always allowed: kubelet, hostPort and hostNetwork daemons on the sandbox's node stay reachable",
      path: '',
      ranges: [],
      example: 'the node IP on port 10250 (kubelet)',
      policy: null,
    },
    {
      severity: 'info',
      code: 'cni-enforcement-required',
      message: 'NetworkPolicies do nothing unless the cluster runs a network plugin that enforces them (and ClusterNetworkPolicies one that implements policy.networking.k8s.io)',
      path: '',
      ranges: [],
      example: 'a cluster on a plugin without NetworkPolicy support',
      policy: null,
    },
  );
  return sortFindings(out);
}
