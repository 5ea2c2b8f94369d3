/**
 * The egress rules that name destinations by label (NetworkPolicy pod and namespace selectors,
 * ClusterNetworkPolicy `pods` and `namespaces` peers), with the namespaces and pods of the snapshot
 * each one matches: what a reviewer asks after "which addresses", namely "which workloads". Internal.
 */
import { isObject, listOf, type JsonObject } from '../json.js';
import { selectorMatches } from '../selector.js';
import type { ClusterPolicyView, Tier } from '../policy/cluster-network-policy-view.js';
import { rulePorts, type PortSpec } from '../policy/network-policy-view.js';
import { nsLabelsOf, type NamespacedPolicy, type Snapshot } from '../policy/snapshot.js';
import { cnpLabel } from './decide.js';

/** One egress peer that selects by label, and what of the snapshot it selects. */
export interface SelectorPeer {
  /** `NetworkPolicy ns/name` or `ClusterNetworkPolicy name`. */
  readonly policy: string;
  /** Its tier. */
  readonly tier: Tier | 'NetworkPolicy';
  /** The peer's path, e.g. `spec.egress[0].to[1]`. */
  readonly rule: string;
  /** `Allow` for a NetworkPolicy rule; the ClusterNetworkPolicy rule's action. */
  readonly action: 'Allow' | 'Accept' | 'Deny' | 'Pass';
  /** Ports (null: every port). */
  readonly ports: readonly PortSpec[] | null;
  /** The snapshot's namespaces it selects, by name. */
  readonly namespaces: readonly string[];
  /** The snapshot's pods it selects, `namespace/name` (pods on the host network are never selected). */
  readonly pods: readonly string[];
}

/** Every namespace the snapshot knows of: Namespace objects and the namespaces of its pods. */
const knownNamespaces = (snapshot: Snapshot, own: string): string[] => [...new Set([own, ...snapshot.namespaces.keys(), ...snapshot.pods.map((p) => p.namespace)])].sort();

function select(snapshot: Snapshot, own: string, namespaceOk: (ns: string) => boolean, podSelector: unknown): { namespaces: string[]; pods: string[] } {
  const namespaces = knownNamespaces(snapshot, own).filter(namespaceOk);
  const inNs = new Set(namespaces);
  const pods = snapshot.pods.filter((p) => !p.hostNetwork && inNs.has(p.namespace) && selectorMatches(podSelector, p.labels)).map((p) => `${p.namespace}/${p.name}`);
  return { namespaces, pods };
}

const cnpPorts = (rule: ClusterPolicyView['egress'][number]): PortSpec[] | null =>
  rule.protocols === null
    ? null
    : rule.protocols.map((x) => ('namedPort' in x ? { protocol: 'TCP', port: x.namedPort } : x.start === x.end ? { protocol: x.protocol, port: x.start } : { protocol: x.protocol, port: x.start, endPort: x.end }));

/**
 * The label-selecting egress peers of the policies that decide a target in `namespace`: the
 * NetworkPolicies that isolate its egress and the ClusterNetworkPolicies that select it, in
 * evaluation order (Admin, NetworkPolicies, Baseline).
 */
export function selectorPeers(snapshot: Snapshot, namespace: string, isolating: readonly NamespacedPolicy[], cnps: readonly ClusterPolicyView[]): SelectorPeer[] {
  const out: SelectorPeer[] = [];
  const fromCnps = (tier: Tier) => {
    for (const c of cnps) {
      if (c.tier !== tier) continue;
      for (const rule of c.egress) {
        rule.peers.forEach((peer, j) => {
          let found: { namespaces: string[]; pods: string[] } | null = null;
          if ('namespaces' in peer) found = select(snapshot, namespace, (ns) => selectorMatches(peer.namespaces, nsLabelsOf(snapshot, ns)), {});
          else if ('pods' in peer) found = select(snapshot, namespace, (ns) => selectorMatches(peer.pods.namespaceSelector, nsLabelsOf(snapshot, ns)), peer.pods.podSelector);
          if (found !== null) out.push({ policy: cnpLabel(c), tier, rule: `${rule.path}.to[${j}]`, action: rule.action, ports: cnpPorts(rule), ...found });
        });
      }
    }
  };
  fromCnps('Admin');
  for (const np of isolating) {
    listOf(np.view.spec.egress).forEach((rule, i) => {
      if (!isObject(rule)) return;
      listOf(rule.to).forEach((peer, j) => {
        if (!isObject(peer) || (peer.podSelector === undefined && peer.namespaceSelector === undefined)) return;
        const nsSel = peer.namespaceSelector;
        // No namespaceSelector: the policy's own namespace; no podSelector: every pod of them.
        const found = select(snapshot, namespace, (ns) => (nsSel === undefined ? ns === namespace : selectorMatches(nsSel, nsLabelsOf(snapshot, ns))), (peer as JsonObject).podSelector ?? {});
        out.push({ policy: np.label, tier: 'NetworkPolicy', rule: `spec.egress[${i}].to[${j}]`, action: 'Allow', ports: rulePorts(rule), ...found });
      });
    });
  }
  fromCnps('Baseline');
  return out;
}
