/** Helpers the cluster auditor's parts share: a target's endpoint and a finding with its object. Internal. */
import { CLUSTER_FINDING_CODES } from '../audit/catalogue.js';
import type { Finding } from '../audit/audit.js';
import type { FindingCode } from '../audit/finding-catalogue.js';
import { nsLabelsOf, type PodView, type Snapshot } from '../policy/snapshot.js';
import type { Endpoint } from './decide.js';
import type { ClusterPolicyView } from '../policy/cluster-network-policy-view.js';
import { isObject } from '../json.js';
import type { ClusterFinding } from './audit-cluster.js';

const CODE = /* @__PURE__ */ (() => new Map(CLUSTER_FINDING_CODES.map((c) => [c.code, c])))();

export function clusterFinding(code: FindingCode, policy: string | null, path: string, message: string, example: string, extra: Partial<Finding> = {}): ClusterFinding {
  return { severity: CODE.get(code)!.severity, code, message, path, ranges: [], example, ...extra, policy };
}

export const endpointOf = (snapshot: Snapshot, pod: PodView): Endpoint => ({
  namespace: pod.namespace,
  labels: pod.labels,
  namespaceLabels: nsLabelsOf(snapshot, pod.namespace),
  ports: pod.ports,
  hostNetwork: pod.hostNetwork,
  // `ip` is the first address; every address (dual-stack) is in `ips`, for `endpointPairs`.
  ...(pod.ips[0] !== undefined ? { ip: pod.ips[0] } : {}),
  ips: pod.ips,
});

/**
 * An index of ClusterNetworkPolicy subjects by one label each must see: a `pods` subject's first
 * podSelector matchLabels entry (else its namespaceSelector's), a `namespaces` subject's first
 * matchLabels entry. A pod can only be selected by the policies filed under one of its own (or its
 * namespace's) labels, or filed under none; the query returns those candidates in the given order,
 * for `subjectSelects` to decide. Selection then costs the candidates, not every policy.
 */
export function subjectIndex(policies: readonly ClusterPolicyView[]): (labels: Readonly<Record<string, string>>, namespaceLabels: Readonly<Record<string, string>>) => ClusterPolicyView[] {
  const byKey = new Map<string, number[]>();
  const always: number[] = [];
  const first = (selector: unknown): [string, string] | null => {
    if (!isObject(selector) || !isObject(selector.matchLabels)) return null;
    for (const [k, v] of Object.entries(selector.matchLabels)) if (typeof v === 'string') return [k, v];
    return null;
  };
  policies.forEach((p, i) => {
    const s = p.subject;
    let key: string | null = null;
    if ('namespaces' in s) {
      const e = first(s.namespaces);
      if (e) key = `n\u0000${e[0]}\u0000${e[1]}`;
    } else {
      const e = first(s.pods.podSelector);
      const n = e ? null : first(s.pods.namespaceSelector);
      if (e) key = `p\u0000${e[0]}\u0000${e[1]}`;
      else if (n) key = `n\u0000${n[0]}\u0000${n[1]}`;
    }
    if (key === null) always.push(i);
    else {
      const list = byKey.get(key);
      if (list) list.push(i);
      else byKey.set(key, [i]);
    }
  });
  return (labels, namespaceLabels) => {
    const found: number[] = [...always];
    for (const k of Object.keys(labels)) found.push(...(byKey.get(`p\u0000${k}\u0000${labels[k]}`) ?? []));
    for (const k of Object.keys(namespaceLabels)) found.push(...(byKey.get(`n\u0000${k}\u0000${namespaceLabels[k]}`) ?? []));
    return found.sort((a, b) => a - b).map((i) => policies[i]!);
  };
}
