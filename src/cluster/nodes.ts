/** Nodes as ClusterNetworkPolicy `nodes` peers see them: the addresses of the nodes a selector matches. Internal. */
import { effectiveAddress, parseAddress, type IpFamily } from '../cidr/address.js';
import { selectorMatches } from '../selector.js';
import type { NodeView, Snapshot } from '../policy/snapshot.js';

/** The snapshot's nodes whose labels the selector matches, in snapshot order. */
export function nodesMatching(snapshot: Snapshot, selector: unknown): NodeView[] {
  return snapshot.nodes.filter((n) => selectorMatches(selector, n.labels));
}

/** Every address of the nodes the selector matches. */
export function nodeAddresses(snapshot: Snapshot, selector: unknown): string[] {
  return nodesMatching(snapshot, selector).flatMap((n) => n.addresses);
}

/** The family and value an address text behaves as (IPv4-mapped IPv6 as its IPv4), or null. */
export function addressKey(text: string): readonly [IpFamily, bigint] | null {
  const a = parseAddress(text);
  return a === null ? null : effectiveAddress(a);
}

/** True when `ip` is an address of a node the selector matches (the same address in any spelling). */
export function isNodeAddress(snapshot: Snapshot, selector: unknown, ip: string): boolean {
  const k = addressKey(ip);
  if (k === null) return false;
  return nodeAddresses(snapshot, selector).some((a) => {
    const n = addressKey(a);
    return n !== null && n[0] === k[0] && n[1] === k[1];
  });
}
