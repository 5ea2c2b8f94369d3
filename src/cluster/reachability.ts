/**
 * The effective egress of one pod to destination addresses, after every tier, as address sets
 * with the rule that opened each part. Ports are split into classes at every boundary a relevant
 * rule names, so each class is decided exactly like any single port in it; a set is "reachable"
 * when some class reaches it. Destinations are judged as addresses: pod, namespace, node and
 * domain-name peers never match a bare address (domain names are reported apart). Internal.
 */
import { CidrSet } from '../cidr/cidr-set.js';
import { parseCidr, type ParsedCidr } from '../cidr/prefix.js';
import { isObject, listOf } from '../json.js';
import type { ClusterPolicyView, ClusterRule, ProtocolMatch } from '../policy/cluster-network-policy.js';
import { EVERYTHING, ipBlockReach, rulePorts, type PortSpec } from '../policy/network-policy.js';
import type { NamespacedPolicy, Snapshot } from '../policy/snapshot.js';
import { cnpLabel, selectingPolicies, subjectSelects, type DecidingTier, type Endpoint } from './decide.js';

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
  classes: PortClass[];
}

/** The tier walk for one port class; returns what is left undecided and what was passed on. */
function walkTierSymbolic(
  policies: readonly ClusterPolicyView[],
  c: PortClass,
  start: CidrSet,
  open: (key: string, init: () => Omit<Acc, 'sets' | 'classes'>, set: CidrSet) => void,
): { rest: CidrSet; passed: CidrSet } {
  let rest = start;
  let passed = CidrSet.EMPTY;
  for (const policy of policies) {
    for (const rule of policy.egress) {
      if (rest.isEmpty()) return { rest, passed };
      if (!cnpClassMatch(rule.protocols, c)) continue;
      let remaining = rest;
      let matched = CidrSet.EMPTY;
      rule.peers.forEach((peer, j) => {
        if (!('networks' in peer)) return;
        peer.cidrs.forEach((text, k) => {
          const cidr = parseCidr(text)!;
          const part = remaining.intersect(CidrSet.fromParsed([cidr]));
          if (part.isEmpty()) return;
          remaining = remaining.subtract(part);
          matched = matched.union(part);
          if (rule.action === 'Accept') {
            const path = `${rule.path}.to[${j}].networks[${k}]`;
            open(`${cnpLabel(policy)}\u0000${path}`, () => ({ policy: cnpLabel(policy), tier: policy.tier, path, cidr, excepts: CidrSet.EMPTY }), part);
          }
        });
      });
      if (matched.isEmpty()) continue;
      if (rule.action === 'Pass') passed = passed.union(matched);
      rest = remaining;
    }
  }
  return { rest, passed };
}

/**
 * The addresses `target` may open connections to, on some port, after the Admin tier, the
 * NetworkPolicies of its namespace and the Baseline tier, with the grant that opened each part.
 */
export function egressReach(snapshot: Snapshot, target: Endpoint): { reachable: CidrSet; grants: EffectiveGrant[]; isolating: NamespacedPolicy[] } {
  const admin = snapshot.clusterPolicies.filter((p) => p.tier === 'Admin' && p.egress.length > 0 && subjectSelects(p, target));
  const baseline = snapshot.clusterPolicies.filter((p) => p.tier === 'Baseline' && p.egress.length > 0 && subjectSelects(p, target));
  const isolating = selectingPolicies(snapshot, target).filter((p) => p.view.isolatesEgress);
  const npRules = isolating.flatMap((np) => listOf(np.view.spec.egress).flatMap((rule, i) => (isObject(rule) ? [{ np, rule, i, ports: rulePorts(rule) }] : [])));
  const classes = portClasses([...admin, ...baseline].flatMap((p) => p.egress), npRules.map((r) => r.ports));
  const acc = new Map<string, Acc>();
  const open = (key: string, init: () => Omit<Acc, 'sets' | 'classes'>, set: CidrSet, c: PortClass) => {
    let a = acc.get(key);
    if (a === undefined) acc.set(key, (a = { ...init(), sets: [], classes: [] }));
    a.sets.push(set);
    if (a.classes[a.classes.length - 1] !== c) a.classes.push(c);
  };
  for (const c of classes) {
    const openC = (key: string, init: () => Omit<Acc, 'sets' | 'classes'>, set: CidrSet) => open(key, init, set, c);
    const a = walkTierSymbolic(admin, c, EVERYTHING, openC);
    const next = a.rest.union(a.passed);
    if (next.isEmpty()) continue;
    if (isolating.length > 0) {
      for (const { np, rule, i, ports } of npRules) {
        if (!npClassMatch(ports, c)) continue;
        const to = listOf(rule.to);
        if (to.length === 0) {
          const path = `spec.egress[${i}]`;
          openC(`${np.label}\u0000${path}`, () => ({ policy: np.label, tier: 'NetworkPolicy', path, cidr: null, excepts: CidrSet.EMPTY }), next);
          continue;
        }
        to.forEach((peer, j) => {
          if (!isObject(peer) || !isObject(peer.ipBlock)) return;
          const reach = ipBlockReach(peer.ipBlock);
          if (reach === null) return;
          const part = next.intersect(reach.set);
          if (part.isEmpty()) return;
          const path = `spec.egress[${i}].to[${j}].ipBlock`;
          openC(`${np.label}\u0000${path}`, () => ({ policy: np.label, tier: 'NetworkPolicy', path, cidr: reach.cidr, excepts: reach.excepts }), part);
        });
      }
      continue;
    }
    const b = walkTierSymbolic(baseline, c, next, openC);
    const fallthrough = b.rest.union(b.passed);
    if (!fallthrough.isEmpty()) {
      openC('\u0000default', () => ({ policy: null, tier: 'Default', path: 'spec.policyTypes', cidr: null, excepts: CidrSet.EMPTY }), fallthrough);
    }
  }
  const grants: EffectiveGrant[] = [];
  for (const a of acc.values()) {
    const set = CidrSet.unionAll(a.sets);
    if (set.isEmpty()) continue;
    grants.push({ policy: a.policy, tier: a.tier, path: a.path, cidr: a.cidr, excepts: a.excepts, set, ports: classesToPorts(a.classes, classes.length) });
  }
  return { reachable: CidrSet.unionAll(grants.map((g) => g.set)), grants, isolating };
}
