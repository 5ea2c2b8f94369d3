import { parseAddress } from './cidr/address.js';
import { SandboxPolicyError } from './errors.js';
import { isPod, peerMatches, portMatches, type PodRef } from './policy/endpoint.js';
import { policyViews, rulePorts } from './policy/network-policy-view.js';
import { nsLabelsOf, readSnapshot, type SnapshotOptions } from './policy/snapshot.js';
import { decideDirection, selectingPolicies, type DecidingTier } from './cluster/decide.js';
import { evaluateConnection, type Connection, type ConnectionVerdict } from './cluster/evaluate-connection.js';
import { selectorMatches } from './selector.js';
import { isObject, listOf } from './json.js';
import { normalizePolicy } from './policy-input.js';
import { describeValue, frozenSnapshot, snapshot } from './snapshot.js';
import { throwIfInvalid, validatePolicyItem } from './validation/network-policy.js';

export type { ContainerPort, PodRef } from './policy/endpoint.js';

/** The connection to judge. */
export interface Traffic {
  /** `ingress`: `peer` connects to `pod`; `egress`: `pod` connects to `peer`. */
  readonly direction: 'ingress' | 'egress';
  /** The pod the policies are about (selected by their `podSelector`). */
  readonly pod: PodRef;
  /** The other end: an external address (`{ ip }`) or a pod. */
  readonly peer:
    | PodRef
    | {
        /** An IPv4 or IPv6 address. */
        readonly ip: string;
      };
  /** Default `TCP`. */
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
  /** The destination port number. */
  readonly port: number;
}

/** The evaluator's answer. */
export interface Verdict {
  /** Whether the connection is allowed. */
  readonly allowed: boolean;
  /** `not-isolated`: no selecting policy isolates this direction; `allowed`: a rule matched; `denied`: isolated and nothing matched. */
  readonly reason: 'not-isolated' | 'allowed' | 'denied';
  /** Names (or indexes) of the policies that select the pod. */
  readonly selectingPolicies: readonly string[];
  /** The first rule that allowed it: policy name (or index) and the rule's path. */
  readonly matchedRule?: {
    /** The policy's name, or `#index` when it has none. */
    readonly policy: string;
    /** The rule (and peer) path, e.g. `spec.egress[0].to[1]`. */
    readonly path: string;
  };
  /** One sentence saying why. */
  readonly explanation: string;
  /**
   * The tier that decided, when the list holds more than NetworkPolicies (ClusterNetworkPolicies,
   * templates, namespaces): then every tier is evaluated for the pod's direction.
   */
  readonly tier?: DecidingTier;
}

/** Kinds that make a policy list a snapshot: evaluated with every tier, not as NetworkPolicies alone. */
const SNAPSHOT_KINDS = new Set(['ClusterNetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'SandboxTemplate', 'Namespace', 'Pod', 'List']);

/** The pod's direction against every tier of a snapshot, answered in the single-policy shape. */
function evaluateInSnapshot(objects: readonly unknown[], traffic: Traffic): Verdict {
  checkTraffic(traffic);
  const { pod } = traffic;
  // As in the single-policy mode, a policy without a namespace is in the pod's.
  const snapshot = readSnapshot(objects, { namespace: pod.namespace });
  const subject = { ...pod, namespaceLabels: pod.namespaceLabels ?? nsLabelsOf(snapshot, pod.namespace) };
  const peer = isPod(traffic.peer) ? { ...traffic.peer, namespaceLabels: traffic.peer.namespaceLabels ?? nsLabelsOf(snapshot, traffic.peer.namespace) } : traffic.peer;
  const d = decideDirection(snapshot, traffic.direction, subject, peer, traffic.protocol ?? 'TCP', traffic.port);
  return {
    allowed: d.allowed,
    reason: d.tier === 'Default' ? 'not-isolated' : d.allowed ? 'allowed' : 'denied',
    selectingPolicies: selectingPolicies(snapshot, subject).map((p) => p.label),
    ...(d.policy !== undefined && d.rule !== undefined ? { matchedRule: { policy: d.policy, path: d.rule } } : {}),
    explanation: d.explanation,
    tier: d.tier,
  };
}

/**
 * Decides whether NetworkPolicies allow one connection, with the semantics of the Kubernetes
 * documentation and conformance tests: a pod is isolated for a direction once any policy
 * selecting it (same namespace, matching `podSelector`) has that policy type; then the
 * connection is allowed if any rule of any selecting policy allows it (policies only add).
 * A rule matches when one of its peers and one of its ports match: no `from`/`to` means all
 * peers, no `ports` all ports; `namespaceSelector` and `podSelector` in one peer must both
 * match; `podSelector` alone means the policy's namespace; an `ipBlock` is its cidr minus its
 * excepts (matched against an IP, also a pod's when given); a named port matches when the
 * destination pod declares a container port of that name and number.
 *
 * A policy without `metadata.namespace` is taken to be in the pod's namespace. When the list also
 * holds ClusterNetworkPolicies (or ANP/BANP), SandboxTemplates, Namespaces, Pods or Lists, it is read
 * as a snapshot and the pod's direction is decided with every tier (Admin, NetworkPolicy, Baseline);
 * the verdict then also names the `tier`.
 *
 * @param policies - NetworkPolicy objects (any selecting or not).
 * @param traffic - the connection.
 * @returns the verdict and why.
 * @throws {@link SandboxPolicyError} when `policies` is not a list of plain-data NetworkPolicies the
 *   API server would accept (legacy CIDR rules; paths `policies[i].spec...`), or `traffic` is
 *   malformed (no pod namespace, bad IP, bad port, labels that are not strings).
 * @example
 * ```ts
 * evaluateTraffic([networkPolicyFor(template)!], {
 *   direction: 'egress', pod: { namespace: 'agents', labels: sandboxPodLabels(template) },
 *   peer: { ip: '169.254.169.254' }, port: 80,
 * }).allowed; // false
 * ```
 */
export function evaluateTraffic(policies: readonly unknown[], traffic: Traffic): Verdict;
/**
 * Snapshot mode: decides one connection against a whole snapshot of objects (the same input as
 * {@link auditCluster}), with every tier: the source pod's egress (Admin ClusterNetworkPolicies,
 * then its namespace's NetworkPolicies, then Baseline) and the destination pod's ingress must
 * both allow it. A side that is not a pod (an address, optionally with the DNS `domain` it was
 * reached by) is subject to no policy.
 *
 * @param objects - Kubernetes objects or a `List` (SandboxTemplates, NetworkPolicies,
 *   ClusterNetworkPolicies, ANP/BANP, Namespaces, Pods).
 * @param connection - `{from, to, port, protocol?}`; each side a `{target: {kind, namespace, name}}`
 *   of the snapshot, an inline pod `{namespace, labels?, ip?, ports?}`, or `{ip?, domain?}`.
 * @param options - `namespace` for objects without one; `policy`, render options for templates.
 * @returns the verdict, the tier, policy and rule that decided, and both directions' decisions.
 * @throws {@link SandboxPolicyError} naming `connection.*` or `objects[i]` for malformed input.
 * @example
 * ```ts
 * const from = { target: { kind: 'SandboxTemplate', namespace: 'agents', name: 'sandbox' } } as const;
 * evaluateTraffic([template], { from, to: { ip: '93.184.215.14' }, port: 443 }).policy; // 'NetworkPolicy agents/sandbox-network-policy'
 * ```
 */
export function evaluateTraffic(objects: unknown, connection: Connection, options?: SnapshotOptions): ConnectionVerdict;
export function evaluateTraffic(policies: unknown, traffic: Traffic | Connection, options?: SnapshotOptions): Verdict | ConnectionVerdict {
  const plain = frozenSnapshot(traffic, 'traffic');
  if (isObject(plain) && !('direction' in plain) && ('from' in plain || 'to' in plain)) {
    const opts = frozenSnapshot(options ?? {}, 'options');
    if (!isObject(opts)) throw new SandboxPolicyError([{ path: 'options', message: 'must be an object' }]);
    return evaluateConnection(policies, plain, opts as SnapshotOptions);
  }
  const list = frozenSnapshot(policies, 'policies');
  if (!Array.isArray(list)) throw new SandboxPolicyError([{ path: 'policies', message: 'must be a list of NetworkPolicies' }]);
  if (list.some((o) => isObject(o) && SNAPSHOT_KINDS.has(o.kind as string))) return evaluateInSnapshot(list, plain as Traffic);
  // The single-policy path renames `_from` in place: it works on its own, unfrozen copy of what
  // was read above (the input is read once: a getter must not answer this path differently).
  return evaluatePolicies(snapshot(list, 'policies') as unknown[], snapshot(plain, 'traffic') as Traffic);
}

function evaluatePolicies(policies: readonly unknown[], traffic: Traffic): Verdict {
  checkTraffic(traffic);
  const items = policies.map((item, i) => {
    const read = normalizePolicy(item);
    // Judging traffic against a policy the API server would refuse would describe nothing real.
    throwIfInvalid([...read.issues, ...validatePolicyItem(read.data, { strictCidr: false })], `policies[${i}]`);
    return read.data;
  });
  policies = items;
  const { direction, pod } = traffic;
  const views = policyViews(items);
  const label = (i: number) => views[i]!.name ?? `#${i}`;
  const selecting = views.filter((v, i) => {
    const ns = (policies[i] as { metadata?: { namespace?: unknown } })?.metadata?.namespace;
    if (typeof ns === 'string' && ns !== pod.namespace) return false;
    return selectorMatches(v.spec.podSelector ?? {}, pod.labels ?? {});
  });
  const selectingPolicies = selecting.map((v) => label(v.index));
  const isolating = selecting.filter((v) => (direction === 'ingress' ? v.isolatesIngress : v.isolatesEgress));
  if (isolating.length === 0) {
    return {
      allowed: true,
      reason: 'not-isolated',
      selectingPolicies,
      explanation:
        selecting.length === 0
          ? `no policy selects the pod: all ${direction} is allowed`
          : `no policy selecting the pod has policyType ${direction === 'ingress' ? 'Ingress' : 'Egress'}: all ${direction} is allowed`,
    };
  }
  const destination = direction === 'ingress' ? pod : isPod(traffic.peer) ? traffic.peer : undefined;
  const peersKey = direction === 'ingress' ? 'from' : 'to';
  for (const v of isolating) {
    const policyNs = pod.namespace;
    const rules = listOf(v.spec[direction]);
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i];
      if (!isObject(rule)) continue;
      if (!portMatches(rulePorts(rule), traffic.protocol ?? 'TCP', traffic.port, destination)) continue;
      const peers = listOf(rule[peersKey]);
      const j = peers.length === 0 ? -1 : peers.findIndex((p) => peerMatches(p, traffic.peer, policyNs));
      if (peers.length > 0 && j < 0) continue;
      const path = j < 0 ? `spec.${direction}[${i}]` : `spec.${direction}[${i}].${peersKey}[${j}]`;
      return {
        allowed: true,
        reason: 'allowed',
        selectingPolicies,
        matchedRule: { policy: label(v.index), path },
        explanation: `allowed by ${label(v.index)} ${path}`,
      };
    }
  }
  return {
    allowed: false,
    reason: 'denied',
    selectingPolicies,
    explanation: `the pod is isolated for ${direction} by ${isolating.map((v) => label(v.index)).join(', ')} and no rule of a selecting policy allows this connection`,
  };
}

function checkTraffic(t: Traffic): void {
  const issues: Array<{ path: string; message: string }> = [];
  if (!isObject(t)) throw new SandboxPolicyError([{ path: 'traffic', message: 'must be an object' }]);
  if (t.direction !== 'ingress' && t.direction !== 'egress') issues.push({ path: 'traffic.direction', message: 'must be "ingress" or "egress"' });
  if (!isObject(t.pod) || typeof t.pod.namespace !== 'string' || t.pod.namespace === '') issues.push({ path: 'traffic.pod.namespace', message: 'is required' });
  if (!isObject(t.peer)) issues.push({ path: 'traffic.peer', message: 'must be {ip} or a pod' });
  else {
    if (t.peer.ip !== undefined && (typeof t.peer.ip !== 'string' || parseAddress(t.peer.ip) === null)) issues.push({ path: 'traffic.peer.ip', message: `${describeValue(t.peer.ip)} is not an IP address` });
    if (t.peer.ip === undefined && !isPod(t.peer)) issues.push({ path: 'traffic.peer', message: 'needs an ip or a namespace' });
  }
  for (const [who, pod] of [['pod', t.pod as unknown], ['peer', t.peer as unknown]] as const) {
    if (!isObject(pod)) continue;
    for (const field of ['labels', 'namespaceLabels'] as const) {
      const labels = pod[field];
      if (labels === undefined) continue;
      if (!isObject(labels) || Object.values(labels).some((v) => typeof v !== 'string')) {
        issues.push({ path: `traffic.${who}.${field}`, message: 'must be a map of string keys to string values' });
      }
    }
    if (pod.ports !== undefined && (!Array.isArray(pod.ports) || !pod.ports.every((c: unknown) => isObject(c) && typeof c.containerPort === 'number'))) {
      issues.push({ path: `traffic.${who}.ports`, message: 'must be a list of {name?, containerPort, protocol?}' });
    }
    if (who === 'pod' && pod.ip !== undefined && (typeof pod.ip !== 'string' || parseAddress(pod.ip) === null)) {
      issues.push({ path: 'traffic.pod.ip', message: `${describeValue(pod.ip)} is not an IP address` });
    }
  }
  if (!Number.isInteger(t.port) || t.port < 1 || t.port > 65535) issues.push({ path: 'traffic.port', message: 'must be an integer from 1 to 65535' });
  if (t.protocol !== undefined && !['TCP', 'UDP', 'SCTP'].includes(t.protocol)) issues.push({ path: 'traffic.protocol', message: 'must be TCP, UDP or SCTP' });
  if (issues.length > 0) throw new SandboxPolicyError(issues);
}
