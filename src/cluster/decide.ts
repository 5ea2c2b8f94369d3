/**
 * One direction of one connection decided against a whole snapshot, tier by tier: Admin
 * ClusterNetworkPolicies (priority order, first matching rule, Accept/Deny final, Pass skips the
 * rest of the tier), then the NetworkPolicies of the pod's namespace (if any isolates this
 * direction, they decide: allow if a rule of one of them matches, else deny), then Baseline
 * ClusterNetworkPolicies, then the default allow. Internal.
 */
import { selectorMatches } from '../selector.js';
import { listOf, isObject } from '../json.js';
import { domainMatches, type ClusterPeer, type ClusterPolicyView, type ClusterRule, type ProtocolMatch, type Tier } from '../policy/cluster-network-policy-view.js';
import { isPod, nsLabels, peerMatches, portMatches, setHoldsIp, type AddressRef, type PodRef } from '../policy/endpoint.js';
import { rulePorts } from '../policy/network-policy-view.js';
import type { NamespacedPolicy, Snapshot } from '../policy/snapshot.js';
import { addressKey, isNodeAddress } from './nodes.js';

/** A side of a connection: a pod (with its namespace's labels), or an address, optionally named by a DNS name. */
export type Endpoint = (PodRef & { readonly hostNetwork?: boolean; readonly domain?: string }) | (AddressRef & { readonly domain?: string });

/** Which tier decided: `NetworkPolicy` for the namespaced tier, `Default` when nothing did (allowed). */
export type DecidingTier = Tier | 'NetworkPolicy' | 'Default';

/** How one direction was decided. */
export interface DirectionDecision {
  /** Whether this direction allows the connection. */
  readonly allowed: boolean;
  /** The tier that decided. */
  readonly tier: DecidingTier;
  /** The object whose rule decided (`ClusterNetworkPolicy name`, `NetworkPolicy ns/name`), if one did. */
  readonly policy?: string;
  /** The deciding rule's path (`spec.egress[1]`, or the NetworkPolicy peer `spec.egress[0].to[2]`). */
  readonly rule?: string;
  /** The deciding rule's `name` (ClusterNetworkPolicy rules only). */
  readonly ruleName?: string;
  /** `Accept`, `Deny` or `Pass` for ClusterNetworkPolicy rules; NetworkPolicy rules allow. */
  readonly action?: 'Accept' | 'Deny' | 'Pass' | 'Allow';
  /** Admin or Baseline Pass rules that handed the connection on, in order. */
  readonly passedBy: ReadonlyArray<{
    /** The ClusterNetworkPolicy. */
    readonly policy: string;
    /** The Pass rule's path. */
    readonly rule: string;
  }>;
  /** One sentence saying why. */
  readonly explanation: string;
}

export const cnpLabel = (p: ClusterPolicyView): string => `${p.kind} ${p.name}`;

const isPodEndpoint = (e: Endpoint): e is PodRef & { hostNetwork?: boolean } => isPod(e) && (e as { hostNetwork?: boolean }).hostNetwork !== true;

/** True when the subject of `policy` selects `pod` (host-network pods are never selected). */
export function subjectSelects(policy: ClusterPolicyView, pod: Endpoint): boolean {
  if (!isPodEndpoint(pod)) return false;
  const s = policy.subject;
  if ('namespaces' in s) return selectorMatches(s.namespaces, nsLabels(pod));
  return selectorMatches(s.pods.namespaceSelector, nsLabels(pod)) && selectorMatches(s.pods.podSelector, pod.labels ?? {});
}

function clusterPeerMatches(snapshot: Snapshot, peer: ClusterPeer, other: Endpoint): boolean {
  if ('namespaces' in peer) return isPodEndpoint(other) && selectorMatches(peer.namespaces, nsLabels(other));
  if ('pods' in peer) return isPodEndpoint(other) && selectorMatches(peer.pods.namespaceSelector, nsLabels(other)) && selectorMatches(peer.pods.podSelector, other.labels ?? {});
  if ('networks' in peer) return typeof other.ip === 'string' && setHoldsIp(peer.networks, other.ip);
  if ('domainNames' in peer) return typeof other.domain === 'string' && peer.domainNames.some((d) => domainMatches(d, other.domain!));
  // `nodes`: the destination address is an address of a node the selector matches (a host-network
  // pod on that node shares it). Without Node objects in the snapshot it matches nothing.
  return typeof other.ip === 'string' && isNodeAddress(snapshot, peer.nodes, other.ip);
}

/** True when the rule's `protocols` admit the connection; named ports resolve on the destination pod. */
export function protocolsMatch(protocols: readonly ProtocolMatch[] | null, protocol: string, port: number, destination: Endpoint | undefined): boolean {
  if (protocols === null) return true;
  return protocols.some((p) => {
    if ('namedPort' in p) {
      if (destination === undefined || !isPodEndpoint(destination)) return false;
      return (destination.ports ?? []).some((c) => c.name === p.namedPort && (c.protocol ?? 'TCP') === protocol && c.containerPort === port);
    }
    return p.protocol === protocol && port >= p.start && port <= p.end;
  });
}

interface TierOutcome {
  readonly verdict: 'Accept' | 'Deny' | 'Next';
  readonly policy?: ClusterPolicyView;
  readonly rule?: ClusterRule;
  readonly passed?: { policy: string; rule: string };
}

function walkTier(snapshot: Snapshot, tier: Tier, direction: 'ingress' | 'egress', subject: Endpoint, peer: Endpoint, protocol: string, port: number): TierOutcome {
  const destination = direction === 'ingress' ? subject : peer;
  for (const policy of snapshot.clusterPolicies) {
    if (policy.tier !== tier || !subjectSelects(policy, subject)) continue;
    for (const rule of policy[direction]) {
      if (!rule.peers.some((p) => clusterPeerMatches(snapshot, p, peer))) continue;
      if (!protocolsMatch(rule.protocols, protocol, port, destination)) continue;
      if (rule.action === 'Pass') return { verdict: 'Next', policy, rule, passed: { policy: cnpLabel(policy), rule: rule.path } };
      return { verdict: rule.action, policy, rule };
    }
  }
  return { verdict: 'Next' };
}

/** The NetworkPolicies of the pod's namespace that select it. */
export function selectingPolicies(snapshot: Snapshot, pod: Endpoint): NamespacedPolicy[] {
  if (!isPodEndpoint(pod)) return [];
  return (snapshot.policiesByNamespace.get(pod.namespace) ?? []).filter((p) => selectorMatches(p.view.spec.podSelector ?? {}, pod.labels ?? {}));
}

const ruleText = (policy: ClusterPolicyView, rule: ClusterRule) => `${cnpLabel(policy)} ${rule.path}${rule.name ? ` (${rule.name})` : ''}`;

/**
 * Decides one direction: `egress` for `subject` connecting to `peer`, `ingress` for `peer`
 * connecting to `subject`. A subject that is not a pod, or is host-networked, is subject to no policy.
 */
export function decideDirection(snapshot: Snapshot, direction: 'ingress' | 'egress', subject: Endpoint, peer: Endpoint, protocol: string, port: number): DirectionDecision {
  const passedBy: Array<{ policy: string; rule: string }> = [];
  if (!isPodEndpoint(subject)) return { allowed: true, tier: 'Default', passedBy, explanation: `the ${direction === 'egress' ? 'source' : 'destination'} is not a pod on the pod network: no policy applies to it` };
  const tierDecision = (o: TierOutcome, tier: Tier): DirectionDecision => ({
    allowed: o.verdict === 'Accept',
    tier,
    policy: cnpLabel(o.policy!),
    rule: o.rule!.path,
    ...(o.rule!.name ? { ruleName: o.rule!.name } : {}),
    action: o.verdict as 'Accept' | 'Deny',
    passedBy,
    explanation: `${o.verdict === 'Accept' ? 'accepted' : 'denied'} by ${tier} tier ${ruleText(o.policy!, o.rule!)}`,
  });
  const admin = walkTier(snapshot, 'Admin', direction, subject, peer, protocol, port);
  if (admin.verdict !== 'Next') return tierDecision(admin, 'Admin');
  if (admin.passed) passedBy.push(admin.passed);

  const isolating = selectingPolicies(snapshot, subject).filter((p) => (direction === 'ingress' ? p.view.isolatesIngress : p.view.isolatesEgress));
  if (isolating.length > 0) {
    const destination = direction === 'ingress' ? subject : isPodEndpoint(peer) ? peer : undefined;
    const peersKey = direction === 'ingress' ? 'from' : 'to';
    for (const np of isolating) {
      const rules = listOf(np.view.spec[direction]);
      for (let i = 0; i < rules.length; i++) {
        const rule = rules[i];
        if (!isObject(rule) || !portMatches(rulePorts(rule), protocol, port, destination)) continue;
        const peers = listOf(rule[peersKey]);
        // A host-network peer is only an address to NetworkPolicy selectors.
        const other: Endpoint = isPod(peer) && !isPodEndpoint(peer) ? { ip: (peer as PodRef).ip ?? '' } : peer;
        const j = peers.length === 0 ? -1 : peers.findIndex((p) => peerMatches(p, other, np.namespace));
        if (peers.length > 0 && j < 0) continue;
        const path = j < 0 ? `spec.${direction}[${i}]` : `spec.${direction}[${i}].${peersKey}[${j}]`;
        return { allowed: true, tier: 'NetworkPolicy', policy: np.label, rule: path, action: 'Allow', passedBy, explanation: `allowed by ${np.label} ${path}` };
      }
    }
    return {
      allowed: false,
      tier: 'NetworkPolicy',
      passedBy,
      explanation: `the pod is isolated for ${direction} by ${isolating.map((p) => p.label).join(', ')} and no rule of theirs allows this connection`,
    };
  }
  const baseline = walkTier(snapshot, 'Baseline', direction, subject, peer, protocol, port);
  if (baseline.verdict !== 'Next') return tierDecision(baseline, 'Baseline');
  if (baseline.passed) passedBy.push(baseline.passed);
  return {
    allowed: true,
    tier: 'Default',
    passedBy,
    explanation: `no Admin or Baseline rule matched${passedBy.length ? ' or decided' : ''} and no NetworkPolicy isolates the pod for ${direction}: allowed by default`,
  };
}

/**
 * The single-address endpoints a connection between `a` and `b` is made of. A pod with several
 * IPs (dual-stack `status.podIPs`) connects from, and is reached at, each of them; one packet has
 * one family, so the pairs are those of one family (only `family` when given). When the two sides
 * share no family (or a side has no IP), every combination is kept, so no address is left out.
 * The connection is allowed when it is allowed for one of the pairs.
 */
export function endpointPairs(a: Endpoint, b: Endpoint, family?: 4 | 6): Array<readonly [Endpoint, Endpoint]> {
  const ipsOf = (e: Endpoint): string[] => {
    const all = [...new Set([...(typeof e.ip === 'string' ? [e.ip] : []), ...(isPod(e) ? ((e as PodRef).ips ?? []) : [])])];
    return family === undefined ? all : all.filter((ip) => addressKey(ip)?.[0] === family);
  };
  const at = (e: Endpoint, ip: string | undefined): Endpoint => {
    const { ip: _ip, ...rest } = e as Endpoint & { ips?: readonly string[] };
    const base = isPod(e) ? { ...rest, ips: ip === undefined ? [] : [ip] } : rest;
    return (ip === undefined ? base : { ...base, ip }) as Endpoint;
  };
  const as = ipsOf(a);
  const bs = ipsOf(b);
  const left = as.length > 0 ? as : [undefined];
  const right = bs.length > 0 ? bs : [undefined];
  const all = left.flatMap((x) => right.map((y) => [x, y] as const));
  const same = all.filter(([x, y]) => x !== undefined && y !== undefined && addressKey(x)?.[0] === addressKey(y)?.[0]);
  return (same.length > 0 ? same : all).map(([x, y]) => [at(a, x), at(b, y)] as const);
}
