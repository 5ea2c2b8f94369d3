/**
 * The effective egress of one pod to destination addresses, after every tier, as address sets
 * with the rule that opened each part. Ports are split into classes at every boundary a relevant
 * rule names, so each class is decided exactly like any single port in it; a set is "reachable"
 * when some class reaches it. Destinations are judged as addresses: pod, namespace, node and
 * domain-name peers never match a bare address (domain names are reported apart). Internal.
 */
import { CidrSet } from '../cidr/cidr-set.js';
import { parseCidr, type ParsedCidr } from '../cidr/prefix.js';
import type { ClusterPolicyView, ClusterRule, ProtocolMatch } from '../policy/cluster-network-policy-view.js';
import { EVERYTHING, type PortSpec } from '../policy/network-policy-view.js';
import { nsLabelsOf, type EgressRuleView, type NamespacedPolicy, type Snapshot } from '../policy/snapshot.js';
import { setHoldsIp } from '../policy/endpoint.js';
import { nodeAddresses } from './nodes.js';
import { cnpLabel, decideDirection, selectingPolicies, subjectSelects, type DecidingTier, type Endpoint } from './decide.js';

/** One part of the reachable set and what opened it. */
export interface EffectiveGrant {
  /** The object whose rule opened it; null when no policy restricts it (default allow). */
  readonly policy: string | null;
  readonly tier: DecidingTier;
  /** The peer or rule path in that object; `spec.policyTypes` for the default allow. */
  readonly path: string;
  /** The peer's CIDR (NetworkPolicy ipBlock or one ClusterNetworkPolicy `networks` entry); null for "all". */
  readonly cidr: ParsedCidr | null;
  /** The ipBlock's own excepts (empty for ClusterNetworkPolicy networks). */
  readonly excepts: CidrSet;
  /** The addresses this rule actually opens once earlier tiers and rules have decided theirs. */
  readonly set: CidrSet;
  /** The ports on which it opens them; null for every port and protocol. */
  readonly ports: readonly PortSpec[] | null;
}

type Proto = 'TCP' | 'UDP' | 'SCTP';
interface PortClass {
  readonly protocol: Proto | 'OTHER';
  readonly lo: number;
  readonly hi: number;
}

const PROTOS: readonly Proto[] = ['TCP', 'UDP', 'SCTP'];

function cnpClassMatch(protocols: readonly ProtocolMatch[] | null, c: PortClass): boolean {
  if (protocols === null) return true;
  return protocols.some((p) => !('namedPort' in p) && p.protocol === c.protocol && p.start <= c.lo && c.hi <= p.end);
}

function npClassMatch(ports: readonly PortSpec[] | null, c: PortClass): boolean {
  if (ports === null) return true;
  return ports.some((p) => {
    if (p.protocol !== c.protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === 'string') return false; // named ports never resolve on an address
    return p.port <= c.lo && c.hi <= (p.endPort ?? p.port);
  });
}

const PROTO_RANK: Readonly<Record<PortClass['protocol'], number>> = { TCP: 0, UDP: 1, SCTP: 2, OTHER: 3 };

/**
 * The classes of `classes` (sorted by protocol, then port, as {@link portClasses} makes them and
 * group splits keep them) that a NetworkPolicy port list matches: each numeric port or range is
 * one contiguous run, found by binary search, so a rule costs its ports, not every class.
 */
function npClassesHit(classes: readonly PortClass[], ports: readonly PortSpec[] | null): PortClass[] {
  if (ports === null) return classes.slice();
  if (ports.length > 4) return classes.filter((c) => npClassMatch(ports, c));
  const runs: Array<[number, number]> = [];
  for (const p of ports) {
    if (typeof p.port === 'string' || !(PROTOS as readonly string[]).includes(p.protocol)) continue;
    const rank = PROTO_RANK[p.protocol as Proto];
    const lo = p.port ?? 1;
    const hi = p.port === undefined ? 65535 : (p.endPort ?? p.port);
    let a = 0;
    let b = classes.length;
    while (a < b) {
      const m = (a + b) >> 1;
      const c = classes[m]!;
      if (PROTO_RANK[c.protocol] < rank || (PROTO_RANK[c.protocol] === rank && c.lo < lo)) a = m + 1;
      else b = m;
    }
    let end = a;
    while (end < classes.length && classes[end]!.protocol === p.protocol && classes[end]!.hi <= hi) end++;
    if (end > a) runs.push([a, end]);
  }
  runs.sort((x, y) => x[0] - y[0]);
  const out: PortClass[] = [];
  let next = 0;
  for (const [a, end] of runs) for (let i = Math.max(a, next); i < end; i++, next = i) out.push(classes[i]!);
  return out;
}

function portClasses(cnpRules: readonly ClusterRule[], npRules: ReadonlyArray<readonly PortSpec[] | null>): PortClass[] {
  const cuts: Record<Proto, Set<number>> = { TCP: new Set([1]), UDP: new Set([1]), SCTP: new Set([1]) };
  for (const r of cnpRules) for (const p of r.protocols ?? []) if (!('namedPort' in p)) cuts[p.protocol].add(p.start).add(p.end + 1);
  for (const ports of npRules) {
    for (const p of ports ?? []) {
      if (typeof p.port !== 'number' || !(PROTOS as readonly string[]).includes(p.protocol)) continue;
      cuts[p.protocol as Proto].add(p.port).add((p.endPort ?? p.port) + 1);
    }
  }
  const out: PortClass[] = [];
  for (const protocol of PROTOS) {
    const points = [...cuts[protocol]].filter((n) => n >= 1 && n <= 65536).sort((a, b) => a - b);
    if (points[points.length - 1] !== 65536) points.push(65536);
    for (let i = 0; i + 1 < points.length; i++) out.push({ protocol, lo: points[i]!, hi: points[i + 1]! - 1 });
  }
  out.push({ protocol: 'OTHER', lo: 0, hi: 0 });
  return out;
}

function classesToPorts(classes: readonly PortClass[], total: number): PortSpec[] | null {
  if (classes.length === total) return null;
  const out: PortSpec[] = [];
  for (const c of classes) {
    if (c.protocol === 'OTHER') continue;
    const last = out[out.length - 1];
    if (last && last.protocol === c.protocol && (last.endPort ?? (last.port as number)) + 1 === c.lo) {
      out[out.length - 1] = { protocol: c.protocol, port: last.port!, endPort: c.hi };
    } else out.push(c.lo === c.hi ? { protocol: c.protocol, port: c.lo } : { protocol: c.protocol, port: c.lo, endPort: c.hi });
  }
  return out.map((p) => (p.endPort === p.port ? { protocol: p.protocol, port: p.port! } : p));
}

interface Acc {
  policy: string | null;
  tier: DecidingTier;
  path: string;
  cidr: ParsedCidr | null;
  excepts: CidrSet;
  sets: CidrSet[];
  classes: Set<PortClass>;
}

/** Port classes that have been decided alike so far, and what is still open for them. */
interface Group {
  readonly classes: readonly PortClass[];
  rest: CidrSet;
  passed: CidrSet;
}

type Open = (key: string, init: () => Omit<Acc, 'sets' | 'classes'>, set: CidrSet, classes: readonly PortClass[]) => void;

/**
 * The tier walk for every group at once. A rule that matches only some classes of a group splits
 * it; the rest share every set operation, so the cost follows the rules that tell ports apart.
 */
/** The address sets a ClusterNetworkPolicy peer names: its `networks`, or the addresses of the snapshot's Nodes a `nodes` peer selects. */
type PeerAddresses = (peer: ClusterPolicyView['egress'][number]['peers'][number]) => ReadonlyArray<{ readonly set: CidrSet; readonly path: string; readonly cidr: ParsedCidr | null }>;

function walkTier(policies: readonly ClusterPolicyView[], groups: Group[], open: Open, addresses: PeerAddresses): Group[] {
  let current = groups;
  for (const policy of policies) {
    for (const rule of policy.egress) {
      if (!rule.peers.some((p) => 'networks' in p || 'nodes' in p)) continue; // pods, namespaces, names: never a bare address
      const next: Group[] = [];
      for (const g of current) {
        if (g.rest.isEmpty()) {
          next.push(g);
          continue;
        }
        const hit = g.classes.filter((c) => cnpClassMatch(rule.protocols, c));
        if (hit.length === 0) {
          next.push(g);
          continue;
        }
        let target = g;
        if (hit.length < g.classes.length) {
          next.push({ classes: g.classes.filter((c) => !hit.includes(c)), rest: g.rest, passed: g.passed });
          target = { classes: hit, rest: g.rest, passed: g.passed };
        }
        let remaining = target.rest;
        let matched = CidrSet.EMPTY;
        rule.peers.forEach((peer, j) => {
          for (const { set, path: at, cidr } of addresses(peer)) {
            if (!remaining.overlaps(set)) continue;
            const part = remaining.intersect(set);
            remaining = remaining.subtract(part);
            matched = matched.union(part);
            if (rule.action === 'Accept') {
              const path = `${rule.path}.to[${j}].${at}`;
              open(`${cnpLabel(policy)}\u0000${path}`, () => ({ policy: cnpLabel(policy), tier: policy.tier, path, cidr, excepts: CidrSet.EMPTY }), part, target.classes);
            }
          }
        });
        if (!matched.isEmpty()) {
          if (rule.action === 'Pass') target.passed = target.passed.union(matched);
          target.rest = remaining;
        }
        next.push(target);
      }
      current = next;
    }
  }
  return current;
}

const CLASS_ORDER = { TCP: 0, UDP: 1, SCTP: 2, OTHER: 3 } as const;

/** An egress rule that names a port by name towards addresses: which pods answer on it depends on pods the snapshot may not hold. */
export interface NamedPortOnAddress {
  /** The object holding the rule. */
  readonly policy: string;
  /** The rule's path. */
  readonly path: string;
  /** The port names. */
  readonly names: readonly string[];
  /** The address blocks (`0.0.0.0/0`, `::/0` for a NetworkPolicy rule without `to`). */
  readonly blocks: readonly string[];
  /** Snapshot pods inside the blocks that name such a port. */
  readonly known: number;
}

/** The policies that decide `target`'s egress, in evaluation order. */
export interface EgressPolicies {
  readonly admin: readonly ClusterPolicyView[];
  readonly baseline: readonly ClusterPolicyView[];
  readonly isolating: readonly NamespacedPolicy[];
}

/** The Admin and Baseline policies with egress rules that select `target`, and the NetworkPolicies isolating its egress. */
export function egressPolicies(snapshot: Snapshot, target: Endpoint): EgressPolicies {
  return {
    admin: snapshot.clusterPolicies.filter((p) => p.tier === 'Admin' && p.egress.length > 0 && subjectSelects(p, target)),
    baseline: snapshot.clusterPolicies.filter((p) => p.tier === 'Baseline' && p.egress.length > 0 && subjectSelects(p, target)),
    isolating: selectingPolicies(snapshot, target).filter((p) => p.view.isolatesEgress),
  };
}

/**
 * The addresses `target` may open connections to, on some port, after the Admin tier, the
 * NetworkPolicies of its namespace and the Baseline tier, with the grant that opened each part.
 * Named ports on address peers count the snapshot pods inside the block that name such a port
 * (each decided as the evaluator decides it), and every such rule is returned in `namedPorts`.
 * ClusterNetworkPolicy `nodes` peers count the addresses of the snapshot's Nodes they select.
 * `allPorts` is the part of `reachable` open on every port and protocol.
 */
export function egressReach(
  snapshot: Snapshot,
  target: Endpoint,
  policies: EgressPolicies = egressPolicies(snapshot, target),
): { reachable: CidrSet; allPorts: CidrSet; grants: EffectiveGrant[]; isolating: readonly NamespacedPolicy[]; namedPorts: NamedPortOnAddress[] } {
  const { admin, baseline, isolating } = policies;
  const npRules = isolating.flatMap((np) => np.egressRules.map((r) => ({ np, i: r.index, ports: r.ports, all: r.all, blocks: r.blocks })));
  const classes = portClasses([...admin, ...baseline].flatMap((p) => p.egress), npRules.map((r) => r.ports));
  const acc = new Map<string, Acc>();
  // What each port class reaches, for the addresses reached on every port (the intersection).
  const perClass = new Map<PortClass, CidrSet[]>();
  const open: Open = (key, init, set, cs) => {
    let a = acc.get(key);
    if (a === undefined) acc.set(key, (a = { ...init(), sets: [], classes: new Set() }));
    a.sets.push(set);
    for (const c of cs) {
      a.classes.add(c);
      const list = perClass.get(c);
      if (list) list.push(set);
      else perClass.set(c, [set]);
    }
  };
  const addresses: PeerAddresses = (peer) => {
    if ('networks' in peer) return peer.sets.map((set, k) => ({ set, path: `networks[${k}]`, cidr: parseCidr(peer.cidrs[k]!) }));
    if (!('nodes' in peer)) return [];
    return nodeAddresses(snapshot, peer.nodes).map((ip) => {
      const cidr = `${ip}/${ip.includes(':') ? 128 : 32}`;
      return { set: CidrSet.from([cidr], { mode: 'legacy' }), path: 'nodes', cidr: parseCidr(cidr) };
    });
  };
  const afterAdmin = walkTier(admin, [{ classes, rest: EVERYTHING, passed: CidrSet.EMPTY }], open, addresses);
  const toBaseline: Group[] = [];
  for (const g of afterAdmin) {
    const next = g.rest.union(g.passed);
    if (next.isEmpty()) continue;
    if (isolating.length === 0) {
      toBaseline.push({ classes: g.classes, rest: next, passed: CidrSet.EMPTY });
      continue;
    }
    for (const { np, i, ports, all, blocks } of npRules) {
      const hit = npClassesHit(g.classes, ports);
      if (hit.length === 0) continue;
      if (all) {
        const path = `spec.egress[${i}]`;
        open(`${np.label}\u0000${path}`, () => ({ policy: np.label, tier: 'NetworkPolicy', path, cidr: null, excepts: CidrSet.EMPTY }), next, hit);
        continue;
      }
      for (const { j, reach } of blocks) {
        if (!next.overlaps(reach.set)) continue;
        const path = `spec.egress[${i}].to[${j}].ipBlock`;
        open(`${np.label}\u0000${path}`, () => ({ policy: np.label, tier: 'NetworkPolicy', path, cidr: reach.cidr, excepts: reach.excepts }), next.intersect(reach.set), hit);
      }
    }
  }
  for (const g of walkTier(baseline, toBaseline, open, addresses)) {
    const fallthrough = g.rest.union(g.passed);
    if (fallthrough.isEmpty()) continue;
    open('\u0000default', () => ({ policy: null, tier: 'Default', path: 'spec.policyTypes', cidr: null, excepts: CidrSet.EMPTY }), fallthrough, g.classes);
  }
  const grants: EffectiveGrant[] = [];
  for (const a of acc.values()) {
    const set = CidrSet.unionAll(a.sets);
    if (set.isEmpty()) continue;
    const cs = [...a.classes].sort((x, y) => CLASS_ORDER[x.protocol] - CLASS_ORDER[y.protocol] || x.lo - y.lo);
    grants.push({ policy: a.policy, tier: a.tier, path: a.path, cidr: a.cidr, excepts: a.excepts, set, ports: classesToPorts(cs, classes.length) });
  }
  const reachable = CidrSet.unionAll(grants.map((g) => g.set));
  let allPorts = reachable;
  for (const c of classes) {
    if (allPorts.isEmpty()) break; // a class that reaches nothing leaves nothing open on every port
    allPorts = allPorts.intersect(CidrSet.unionAll(perClass.get(c) ?? []));
  }
  const named = namedPortReach(snapshot, target, admin, baseline, npRules, reachable);
  // Named-port reach is on one port of a pod: never "every port".
  return { reachable: CidrSet.unionAll([reachable, ...named.grants.map((g) => g.set)]), allPorts, grants: [...grants, ...named.grants], isolating, namedPorts: named.rules };
}

const ALL_BLOCKS = ['0.0.0.0/0', '::/0'];

/**
 * Reach through named ports on address peers. A name resolves on the destination pod, so an
 * address is reachable on it only if a pod there names that port: the snapshot's pods inside the
 * block are decided one by one (the evaluator's own decision), and the rule is reported so that
 * pods the snapshot lacks are not silently left out.
 */
function namedPortReach(
  snapshot: Snapshot,
  target: Endpoint,
  cnps: readonly ClusterPolicyView[],
  cnpsBaseline: readonly ClusterPolicyView[],
  npRules: ReadonlyArray<{ np: NamespacedPolicy; i: number; ports: readonly PortSpec[] | null; all: boolean; blocks: EgressRuleView['blocks'] }>,
  reachable: CidrSet,
): { grants: EffectiveGrant[]; rules: NamedPortOnAddress[] } {
  const found: Array<{ policy: string; path: string; names: string[]; blocks: string[]; set: CidrSet }> = [];
  for (const p of [...cnps, ...cnpsBaseline]) {
    for (const rule of p.egress) {
      const names = (rule.protocols ?? []).flatMap((x) => ('namedPort' in x ? [x.namedPort] : []));
      const peers = rule.peers.filter((x): x is Extract<typeof x, { networks: CidrSet }> => 'networks' in x);
      if (names.length === 0 || peers.length === 0 || rule.action === 'Deny') continue;
      found.push({ policy: cnpLabel(p), path: rule.path, names, blocks: peers.flatMap((x) => x.cidrs), set: CidrSet.unionAll(peers.map((x) => x.networks)) });
    }
  }
  for (const r of npRules) {
    const names = (r.ports ?? []).flatMap((x) => (typeof x.port === 'string' ? [x.port] : []));
    if (names.length === 0 || (!r.all && r.blocks.length === 0)) continue;
    found.push({
      policy: r.np.label,
      path: `spec.egress[${r.i}]`,
      names,
      blocks: r.all ? ALL_BLOCKS : r.blocks.map((b) => b.reach.cidr.text),
      set: r.all ? EVERYTHING : CidrSet.unionAll(r.blocks.map((b) => b.reach.set)),
    });
  }
  if (found.length === 0) return { grants: [], rules: [] };
  const wanted = new Set(found.flatMap((f) => f.names));
  const grants: EffectiveGrant[] = [];
  const counted = new Set<string>();
  for (const pod of snapshot.pods) {
    const ports = pod.ports.filter((c) => c.name !== undefined && wanted.has(c.name));
    if (ports.length === 0) continue;
    for (const ip of pod.ips) {
      if (counted.has(ip) || setHoldsIp(reachable, ip)) continue;
      const dest: Endpoint = { namespace: pod.namespace, labels: pod.labels, namespaceLabels: nsLabelsOf(snapshot, pod.namespace), ports: pod.ports, hostNetwork: pod.hostNetwork, ip };
      for (const c of ports) {
        const d = decideDirection(snapshot, 'egress', target, dest, c.protocol, c.containerPort);
        if (!d.allowed) continue;
        let set: CidrSet;
        try {
          set = CidrSet.from([`${ip}/${ip.includes(':') ? 128 : 32}`], { mode: 'legacy' });
        } catch {
          continue; // an address CidrSet cannot hold is no address a rule's block holds either
        }
        counted.add(ip);
        grants.push({ policy: d.policy ?? null, tier: d.tier, path: d.rule ?? 'spec.policyTypes', cidr: parseCidr(set.toCidrs()[0]!), excepts: CidrSet.EMPTY, set, ports: [{ protocol: c.protocol, port: c.containerPort }] });
        break;
      }
    }
  }
  const rules = found.map((f) => ({
    policy: f.policy,
    path: f.path,
    names: [...new Set(f.names)],
    blocks: f.blocks,
    known: snapshot.pods.filter((p) => p.ports.some((c) => c.name !== undefined && f.names.includes(c.name)) && p.ips.some((ip) => setHoldsIp(f.set, ip))).length,
  }));
  return { grants, rules };
}
