/** Helpers the cluster auditor's parts share: a target's endpoint and a finding with its object. Internal. */
import { CLUSTER_FINDING_CODES } from '../audit/catalogue.js';
import type { Finding } from '../audit/audit.js';
import type { FindingCode } from '../audit/finding-catalogue.js';
import { nsLabelsOf, type PodView, type Snapshot } from '../policy/snapshot.js';
import type { Endpoint } from './decide.js';
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
