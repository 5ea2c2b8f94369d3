/** ClusterNetworkPolicies of one tier and priority whose order could change a verdict: undefined upstream, so reported. Internal. */
import { CidrSet } from '../cidr/cidr-set.js';
import type { ClusterPolicyView, ClusterRule, ProtocolMatch } from '../policy/cluster-network-policy-view.js';
import { nsLabelsOf, type PodView, type Snapshot } from '../policy/snapshot.js';
import type { ClusterFinding } from './audit-cluster.js';
import { clusterFinding, subjectIndex } from './target-shared.js';
import { cnpLabel, subjectSelects } from './decide.js';

type Action = ClusterRule['action'];
const ACTIONS: readonly Action[] = ['Accept', 'Deny', 'Pass'];
type Proto = 'TCP' | 'UDP' | 'SCTP';

/**
 * What a set of rules of one action and direction could match, coarsened so that unions stay
 * small: whether some peer is not an address block (selectors, nodes, names: may be any address),
 * the union of their address blocks, and their ports (null: all; a named port may be any number).
 * Two footprints overlap when some connection could match both; the coarsening only ever says
 * "overlap" more often, so no tie is missed.
 */
interface Footprint {
  selectors: boolean;
  networks: CidrSet;
  allPorts: boolean;
  named: boolean;
  ranges: Array<{ protocol: Proto; start: number; end: number }>;
}

const emptyFootprint = (): Footprint => ({ selectors: false, networks: CidrSet.EMPTY, allPorts: false, named: false, ranges: [] });

function add(f: Footprint, rule: ClusterRule): void {
  for (const p of rule.peers) {
    if ('networks' in p) f.networks = f.networks.union(p.networks);
    else f.selectors = true;
  }
  if (rule.protocols === null) f.allPorts = true;
  else for (const p of rule.protocols as readonly ProtocolMatch[]) ('namedPort' in p ? (f.named = true) : f.ranges.push({ protocol: p.protocol, start: p.start, end: p.end }));
}

function overlaps(a: Footprint, b: Footprint): boolean {
  const aAny = a.selectors || !a.networks.isEmpty();
  const bAny = b.selectors || !b.networks.isEmpty();
  const peers = (a.selectors && bAny) || (b.selectors && aAny) || a.networks.overlaps(b.networks);
  if (!peers) return false;
  const aPorts = a.allPorts || a.named || a.ranges.length > 0;
  const bPorts = b.allPorts || b.named || b.ranges.length > 0;
  if (!aPorts || !bPorts) return false;
  if (a.allPorts || b.allPorts || a.named || b.named) return true;
  return a.ranges.some((x) => b.ranges.some((y) => x.protocol === y.protocol && x.start <= y.end && y.start <= x.end));
}

/** Per direction and action, the footprint of one policy's rules. */
function footprints(p: ClusterPolicyView): Record<'ingress' | 'egress', Map<Action, Footprint>> {
  const out = { ingress: new Map<Action, Footprint>(), egress: new Map<Action, Footprint>() };
  for (const dir of ['ingress', 'egress'] as const) {
    for (const rule of p[dir]) {
      let f = out[dir].get(rule.action);
      if (f === undefined) out[dir].set(rule.action, (f = emptyFootprint()));
      add(f, rule);
    }
  }
  return out;
}

function merge(into: Footprint, f: Footprint): void {
  into.selectors ||= f.selectors;
  into.networks = into.networks.union(f.networks);
  into.allPorts ||= f.allPorts;
  into.named ||= f.named;
  into.ranges.push(...f.ranges);
  // Past a few ranges, each protocol keeps its hull: larger, never smaller, so checks stay cheap.
  if (into.ranges.length > 32) {
    const hull = new Map<Proto, { protocol: Proto; start: number; end: number }>();
    for (const r of into.ranges) {
      const h = hull.get(r.protocol);
      hull.set(r.protocol, h ? { protocol: r.protocol, start: Math.min(h.start, r.start), end: Math.max(h.end, r.end) } : r);
    }
    into.ranges = [...hull.values()];
  }
}

/**
 * `cnp-priority-tie` findings: two ClusterNetworkPolicies of one tier and priority that select a
 * common pod (a member of some target's family; any pod when there are no targets) and hold rules
 * of different actions that could match a common connection. Each policy is checked against the
 * merged footprints of the policies before it (in the snapshot's order), per direction and
 * action, so the work is linear in the policies of one priority; only a found tie is traced back
 * to its earlier partner.
 */
export function priorityTieFindings(snapshot: Snapshot, targets: readonly PodView[]): ClusterFinding[] {
  const out: ClusterFinding[] = [];
  const groups = new Map<string, ClusterPolicyView[]>();
  for (const p of snapshot.clusterPolicies) {
    if (p.kind === 'BaselineAdminNetworkPolicy') continue; // ordered by mapping, not by chance
    const key = `${p.tier}\u0000${p.priority}`;
    const g = groups.get(key);
    if (g) g.push(p);
    else groups.set(key, [p]);
  }
  const tied = [...groups.values()].filter((g) => g.length > 1);
  if (tied.length === 0) return out;
  // The members that tell policies apart, once per namespace and label set.
  const members = new Map<string, PodView>();
  for (const t of targets) {
    const key = `${t.namespace}\u0000${JSON.stringify(Object.entries(t.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))}`;
    if (!members.has(key)) members.set(key, t);
  }
  const prints = new Map<ClusterPolicyView, ReturnType<typeof footprints>>();
  const printOf = (p: ClusterPolicyView) => prints.get(p) ?? (prints.set(p, footprints(p)), prints.get(p)!);
  const reported = new Set<string>();
  for (const group of tied) {
    if (new Set(group.flatMap((p) => [...p.ingress, ...p.egress].map((r) => r.action))).size < 2) continue;
    // The sets of this group's policies that select one common member.
    const sets = new Map<string, { policies: ClusterPolicyView[]; pod: PodView | null }>();
    if (members.size === 0) sets.set('', { policies: group, pod: null });
    const candidates = subjectIndex(group);
    for (const pod of members.values()) {
      const ep = { namespace: pod.namespace, labels: pod.labels, namespaceLabels: nsLabelsOf(snapshot, pod.namespace) };
      const selected = candidates(ep.labels, ep.namespaceLabels).filter((p) => subjectSelects(p, ep));
      if (selected.length < 2) continue;
      const key = selected.map((p) => p.name).join('\u0000');
      if (!sets.has(key)) sets.set(key, { policies: selected, pod });
    }
    for (const { policies, pod } of sets.values()) {
      const merged = { ingress: new Map<Action, Footprint>(), egress: new Map<Action, Footprint>() };
      for (const b of policies) {
        const fb = printOf(b);
        let partner: ClusterPolicyView | undefined;
        for (const dir of ['ingress', 'egress'] as const) {
          for (const [action, f] of fb[dir]) {
            for (const other of ACTIONS) {
              if (other === action || partner !== undefined) continue;
              const m = merged[dir].get(other);
              if (m === undefined || !overlaps(f, m)) continue;
              partner = policies.find((a) => a !== b && printOf(a)[dir].has(other) && overlaps(f, printOf(a)[dir].get(other)!));
            }
          }
        }
        for (const dir of ['ingress', 'egress'] as const) {
          for (const [action, f] of fb[dir]) {
            let m = merged[dir].get(action);
            if (m === undefined) merged[dir].set(action, (m = emptyFootprint()));
            merge(m, f);
          }
        }
        if (partner === undefined) continue;
        const [a, c] = partner.name < b.name ? [partner, b] : [b, partner];
        const key = `${cnpLabel(a)}\u0000${cnpLabel(c)}`;
        if (reported.has(key)) continue;
        reported.add(key);
        out.push(
          clusterFinding(
            'cnp-priority-tie',
            cnpLabel(c),
            'spec.priority',
            `${cnpLabel(a)} and ${cnpLabel(c)} are both ${a.tier} priority ${a.priority}, have rules of different actions that can match the same connection${pod ? ` and both select ${pod.kind} ${pod.namespace}/${pod.name}` : ''}: which applies first is undefined upstream (evaluated here by name: ${a.name} first)`,
            pod ? `${pod.namespace}/${pod.name}` : '',
            { suggestion: 'give overlapping policies of one tier distinct priorities' },
          ),
        );
      }
    }
  }
  return out;
}
