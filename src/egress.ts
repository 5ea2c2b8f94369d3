import { formatCidr, parseCidr } from './cidr/prefix.js';
import { CidrSet } from './cidr/cidr-set.js';
import { SandboxPolicyError } from './errors.js';
import type { EgressFloor, ResolvedOptions } from './options.js';
import { METADATA_CIDRS, PROFILE_CIDRS, type BareBlock } from './range-cidrs.js';

/** An egress peer as this library emits it. */
export interface IpBlockPeer {
  ipBlock: { cidr: string; except?: string[] };
}

/** One change the egress floor made to a template's own rules. */
export interface FloorChange {
  /** Path of the changed peer or rule, under `spec.egress`. */
  readonly path: string;
  /** What was done. */
  readonly message: string;
  /** The protected ranges that the peer allowed before, as canonical CIDRs. */
  readonly removed: readonly string[];
}

function sortByAddress(cidrs: string[]): string[] {
  return cidrs
    .map((text) => ({ text, p: parseCidr(text)! }))
    .sort((a, b) => (a.p.start < b.p.start ? -1 : a.p.start > b.p.start ? 1 : a.p.prefix - b.p.prefix))
    .map((x) => x.text);
}

function blockPeer(block: BareBlock, cluster: CidrSet, family: 4 | 6): IpBlockPeer {
  const except = [...block.except];
  const fam = cluster.family(family);
  if (fam.isEmpty()) return { ipBlock: { cidr: block.cidr, except } };
  const allow = CidrSet.from([block.cidr]);
  const covered = CidrSet.from(except);
  const extra = fam.intersect(allow).subtract(covered);
  if (extra.isEmpty()) return { ipBlock: { cidr: block.cidr, except } };
  if (covered.union(extra).containsSet(allow)) {
    throw new SandboxPolicyError([
      { path: 'options.clusterCidrs', message: `together with the profile's excepts they cover all of ${block.cidr}: an except must be a strict subset of its cidr` },
    ]);
  }
  return { ipBlock: { cidr: block.cidr, except: sortByAddress([...except, ...extra.toCidrs()]) } };
}

/**
 * The default egress peers for the resolved options: one ipBlock per family. With the upstream
 * profile and no cluster range outside its excepts, the controller's exact literal.
 */
export function defaultEgressPeers(options: ResolvedOptions): IpBlockPeer[] {
  const ranges = PROFILE_CIDRS[options.profile];
  return [blockPeer(ranges.ipv4, options.clusterCidrs, 4), blockPeer(ranges.ipv6, options.clusterCidrs, 6)];
}

/**
 * The addresses a floor protects: `metadata` the metadata endpoints; `private` everything the
 * hardened profile does not allow (its IPv4 excepts, and all IPv6 outside global unicast or in its
 * excepts); both plus the cluster's own ranges.
 */
export function floorSet(floor: EgressFloor, cluster: CidrSet): CidrSet {
  if (floor === 'none') return CidrSet.EMPTY;
  if (floor === 'metadata') return CidrSet.from(METADATA_CIDRS).union(cluster);
  const hardened = PROFILE_CIDRS.hardened;
  const allowedV4 = CidrSet.from([hardened.ipv4.cidr]).subtract(CidrSet.from(hardened.ipv4.except));
  const allowedV6 = CidrSet.from([hardened.ipv6.cidr]).subtract(CidrSet.from(hardened.ipv6.except));
  const everything = CidrSet.all(4).union(CidrSet.all(6));
  return everything.subtract(allowedV4.union(allowedV6)).union(cluster);
}

type Rule = { ports?: unknown; to?: unknown[] | null };

/**
 * Expresses a non-empty set of one family as one ipBlock: the smallest prefix enclosing it as
 * `cidr`, and the minimal cover of what that prefix holds beyond the set as `except` (always a
 * strict subset, since the set is not empty).
 */
function asIpBlock(set: CidrSet, family: 4 | 6): { cidr: string; except?: string[] } {
  const intervals = family === 4 ? set.v4 : set.v6;
  const first = intervals[0]![0];
  const last = intervals[intervals.length - 1]![1];
  const bits = family === 4 ? 32 : 128;
  let prefix = bits;
  while (prefix > 0 && first >> BigInt(bits - prefix) !== last >> BigInt(bits - prefix)) prefix--;
  const start = prefix === 0 ? 0n : (first >> BigInt(bits - prefix)) << BigInt(bits - prefix);
  const cidr = formatCidr(family, start, prefix);
  const except = CidrSet.from([cidr]).subtract(set).toCidrs();
  return except.length > 0 ? { cidr, except } : { cidr };
}
type Peer = { ipBlock?: { cidr: string; except?: string[] | null } | null } & Record<string, unknown>;

/**
 * Removes the protected set from every ipBlock of a template's own egress rules: the new `except`
 * list is the minimal cover of (the peer's own excepts ∪ protected) inside its `cidr`, so it is
 * always a strict subset; a peer left with no address is dropped, and a rule left with no peer is
 * dropped (never emitted with an empty `to`, which would mean "everywhere"). A rule with no `to`
 * (all destinations) gets one ipBlock per family covering everything but the protected set.
 * Selector peers are kept as they are (they name pods, not addresses).
 */
export function applyEgressFloor(
  egress: readonly Rule[],
  protectedSet: CidrSet,
): { egress: Rule[]; changes: FloorChange[] } {
  const changes: FloorChange[] = [];
  if (protectedSet.isEmpty()) return { egress: egress.slice(), changes };
  const out: Rule[] = [];
  egress.forEach((rule, i) => {
    const rulePath = `spec.egress[${i}]`;
    const to = rule.to ?? [];
    if (to.length === 0) {
      const peers: IpBlockPeer[] = [];
      for (const family of [4, 6] as const) {
        const allowed = CidrSet.all(family).subtract(protectedSet);
        if (!allowed.isEmpty()) peers.push({ ipBlock: asIpBlock(allowed, family) });
      }
      changes.push({ path: rulePath, message: 'rule allowed all destinations; now allows all but the protected ranges', removed: protectedSet.toCidrs() });
      out.push({ ...rule, to: peers });
      return;
    }
    const peersOut: unknown[] = [];
    (to as Peer[]).forEach((peer, j) => {
      const block = peer.ipBlock;
      if (!block) {
        peersOut.push(peer);
        return;
      }
      const path = `${rulePath}.to[${j}].ipBlock`;
      const cidr = parseCidr(block.cidr)!;
      const range = CidrSet.fromParsed([cidr]);
      const ownExcept = CidrSet.fromParsed((block.except ?? []).map((e) => parseCidr(e)!));
      const reachableProtected = range.subtract(ownExcept).intersect(protectedSet);
      if (reachableProtected.isEmpty()) {
        peersOut.push(peer);
        return;
      }
      const removedAll = range.intersect(ownExcept.union(protectedSet));
      if (removedAll.containsSet(range)) {
        changes.push({ path, message: `dropped: ${block.cidr} lies entirely in protected ranges`, removed: reachableProtected.toCidrs() });
        return;
      }
      changes.push({ path, message: `excepted the protected ranges inside ${block.cidr}`, removed: reachableProtected.toCidrs() });
      peersOut.push({ ...peer, ipBlock: asIpBlock(range.subtract(removedAll), cidr.family) });
    });
    if (peersOut.length === 0) {
      changes.push({ path: rulePath, message: 'rule dropped: none of its peers allowed an unprotected address', removed: [] });
      return;
    }
    out.push({ ...rule, to: peersOut });
  });
  return { egress: out, changes };
}
