/**
 * Endpoints as policies see them, and how one NetworkPolicy peer and port list match a concrete
 * endpoint (pod labels, namespace labels, IP, named container ports). Internal.
 */
import { isIpv4Mapped, parseAddress, unmapIpv4 } from '../cidr/address.js';
import { setOverlapsRange, type CidrSet } from '../cidr/cidr-set.js';
import { NAMESPACE_NAME_LABEL } from '../constants.js';
import { isObject } from '../json.js';
import { selectorMatches } from '../selector.js';
import { ipBlockReach, type PortSpec } from './network-policy-view.js';

/** A container port, for resolving named ports. */
export interface ContainerPort {
  /** The port's name, as rules refer to it. */
  readonly name?: string;
  /** The port number. */
  readonly containerPort: number;
  /** Default `TCP`. */
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
}

/** A pod as the evaluator sees it. */
export interface PodRef {
  /** The pod's namespace. */
  readonly namespace: string;
  /** The pod's labels. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Labels of the pod's namespace; default `{ 'kubernetes.io/metadata.name': namespace }`. */
  readonly namespaceLabels?: Readonly<Record<string, string>>;
  /** The pod's IP, matched against ipBlocks when given. */
  readonly ip?: string;
  /**
   * Every IP of the pod (`status.podIP` and `status.podIPs`), for dual-stack pods. A decision
   * is made for one address at a time (`ip`); callers split a connection into one per address
   * pair (`endpointPairs`).
   */
  readonly ips?: readonly string[];
  /** Container ports, to resolve named ports when this pod is the destination. */
  readonly ports?: readonly ContainerPort[];
}

/** A bare address: an external host, or a pod known only by its IP. */
export interface AddressRef {
  /** An IPv4 or IPv6 address. */
  readonly ip: string;
}

/** True when `set` holds `ip` (IPv4-mapped IPv6 is judged as the IPv4 packet it becomes). */
export function setHoldsIp(set: CidrSet, ip: string): boolean {
  const a = parseAddress(ip);
  if (a === null) return false;
  // No bigint pairs are made for the IPv4 part: the set's ranges are searched as Numbers.
  if (a.textFamily === 6 && isIpv4Mapped(a.value)) return setOverlapsRange(set, 4, unmapIpv4(a.value), unmapIpv4(a.value));
  return setOverlapsRange(set, a.textFamily, a.value, a.value);
}

export const isPod = (p: PodRef | AddressRef): p is PodRef => 'namespace' in p && typeof p.namespace === 'string';

export function nsLabels(pod: PodRef): Readonly<Record<string, string>> {
  return pod.namespaceLabels ?? { [NAMESPACE_NAME_LABEL]: pod.namespace };
}

export function peerMatches(peer: unknown, other: PodRef | AddressRef, policyNamespace: string): boolean {
  if (!isObject(peer)) return false;
  if (isObject(peer.ipBlock)) {
    const ip = (other as { ip?: string }).ip;
    if (ip === undefined) return false;
    const reach = ipBlockReach(peer.ipBlock);
    return reach !== null && setHoldsIp(reach.set, ip);
  }
  if (!isPod(other)) return false;
  const hasPod = isObject(peer.podSelector);
  const hasNs = isObject(peer.namespaceSelector);
  if (!hasPod && !hasNs) return false;
  if (hasNs ? !selectorMatches(peer.namespaceSelector, nsLabels(other)) : other.namespace !== policyNamespace) return false;
  return hasPod ? selectorMatches(peer.podSelector, other.labels ?? {}) : true;
}

export function portMatches(ports: readonly PortSpec[] | null, protocol: string, port: number, destination: PodRef | undefined): boolean {
  if (ports === null) return true;
  return ports.some((p) => {
    if (p.protocol !== protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === 'number') return port >= p.port && port <= (p.endPort ?? p.port);
    const named = destination?.ports?.find((c) => c.name === p.port && (c.protocol ?? 'TCP') === protocol);
    return named !== undefined && named.containerPort === port;
  });
}

