/** Nodes as ClusterNetworkPolicy `nodes` peers see them: the addresses of the nodes a selector matches. Internal. */
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
