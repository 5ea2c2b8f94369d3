import { CidrSet, setOfOwnIntervals } from '../cidr/cidr-set.js';
import { parseCidr, v4CidrKey, type ParsedCidr } from '../cidr/prefix.js';
import type { IpFamily } from '../cidr/address.js';
import { overlapsRange, type Interval } from '../cidr/intervals.js';
import { isObject, listOf } from '../json.js';
import { EVERYTHING, ipBlockReach, rulePorts, type PolicyView, type PortSpec } from '../policy/network-policy-view.js';

export { EVERYTHING, ipBlockReach, policyViews, rulePorts, type PolicyView, type PortSpec } from '../policy/network-policy-view.js';

/** One way traffic is let out: an ipBlock peer of an egress rule, or a rule/policy allowing everything. */
export interface Grant {
  /** Index of the policy in the audited list. */
  readonly policy: number;
  /** Field path of the peer (`spec.egress[0].to[1].ipBlock`) or rule (`spec.egress[0]`). */
  readonly path: string;
  /** The peer's cidr, when it is an ipBlock. */
  readonly cidr: ParsedCidr | null;
  /** The peer's own excepts (parsed ones only), inside its cidr. */
  readonly excepts: CidrSet;
  /** The addresses this grant reaches: cidr minus excepts, or everything. */
  readonly set: CidrSet;
  /** Ports it allows; null means all ports and protocols. */
  readonly ports: readonly PortSpec[] | null;
}

/**
 * The grant of an ipBlock without excepts (most peers of an allow-list): one range. A plain
 * dotted-quad cidr is kept as its `v4CidrKey` (start and prefix in one Number) and parsed in full
 * only when a finding needs its text; the set is built only when asked.
 */
class WholeBlockGrant implements Grant {
  readonly excepts = CidrSet.EMPTY;
  readonly family: IpFamily;
  readonly prefix: number;
  /** First and last address (exact Numbers for IPv4 keys, bigints otherwise). */
  readonly start: number | bigint;
  readonly end: number | bigint;
  #cidr: ParsedCidr | null;
  #set: CidrSet | null = null;
  constructor(
    readonly policy: number,
    readonly path: string,
    readonly text: string,
    /** The `v4CidrKey` of the text, or -1 when `parsed` is given. */
    readonly key: number,
    parsed: ParsedCidr | null,
    readonly ports: readonly PortSpec[] | null,
  ) {
    this.#cidr = parsed;
    if (parsed !== null) {
      this.family = parsed.family;
      this.prefix = parsed.prefix;
      this.start = parsed.start;
      this.end = parsed.end;
    } else {
      this.family = 4;
      this.prefix = key % 64;
      this.start = (key - this.prefix) / 64;
      this.end = this.start + (2 ** (32 - this.prefix) - 1);
    }
  }
  get cidr(): ParsedCidr {
    return (this.#cidr ??= parseCidr(this.text)!);
  }
  get set(): CidrSet {
    if (this.#set === null) {
      const range: Interval = [BigInt(this.start), BigInt(this.end)];
      this.#set = this.family === 4 ? setOfOwnIntervals([range], []) : setOfOwnIntervals([], [range]);
    }
    return this.#set;
  }
}

/** The family of a grant's cidr, or null for a grant of everything (never parses a kept key). */
export function grantFamily(grant: Grant): IpFamily | null {
  return grant instanceof WholeBlockGrant ? grant.family : (grant.cidr?.family ?? null);
}

/** The prefix length of a grant's cidr, or -1 for a grant of everything (never parses a kept key). */
export function grantPrefix(grant: Grant): number {
  return grant instanceof WholeBlockGrant ? grant.prefix : (grant.cidr?.prefix ?? -1);
}

/** True when the grant reaches some address of `set` (without building the grant's set when it can). */
export function grantOverlaps(grant: Grant, set: CidrSet): boolean {
  if (grant instanceof WholeBlockGrant) return overlapsRange(grant.family === 4 ? set.v4 : set.v6, grant.start, grant.end);
  return grant.set.overlaps(set);
}

/** Every address some grant reaches: the union of their sets, in one sort (IPv4 keys in Numbers). */
export function reachableOf(grants: readonly Grant[]): CidrSet {
  const v4: Interval[] = [];
  const v6: Interval[] = [];
  const keys = new Float64Array(grants.length);
  let nKeys = 0;
  for (const g of grants) {
    if (g instanceof WholeBlockGrant) {
      if (g.key >= 0) keys[nKeys++] = g.key;
      else (g.family === 4 ? v4 : v6).push([g.start as bigint, g.end as bigint]);
      continue;
    }
    for (const i of g.set.v4) v4.push(i);
    for (const i of g.set.v6) v6.push(i);
  }
  return setOfOwnIntervals(v4, v6, keys.subarray(0, nKeys));
}

/**
 * Every egress grant of the policies. When no policy isolates egress, one grant of everything
 * (path `spec.policyTypes`); a rule with no `to` is one grant of everything on its ports.
 * `parsed` holds cidr parses validation already made, by ipBlock object (reused when the text is
 * the same).
 */
export function egressGrants(views: readonly PolicyView[], parsed?: ReadonlyMap<object, ParsedCidr>): Grant[] {
  const grants: Grant[] = [];
  if (!views.some((v) => v.isolatesEgress)) {
    const v = views[0];
    grants.push({ policy: v?.index ?? 0, path: 'spec.policyTypes', cidr: null, excepts: CidrSet.EMPTY, set: EVERYTHING, ports: null });
    return grants;
  }
  for (const view of views) {
    if (!view.isolatesEgress) continue;
    listOf(view.spec.egress).forEach((rule, i) => {
      if (!isObject(rule)) return;
      const rulePath = `spec.egress[${i}]`;
      const ports = rulePorts(rule);
      const to = listOf(rule.to);
      if (to.length === 0) {
        grants.push({ policy: view.index, path: rulePath, cidr: null, excepts: CidrSet.EMPTY, set: EVERYTHING, ports });
        return;
      }
      to.forEach((peer, j) => {
        if (!isObject(peer) || !isObject(peer.ipBlock)) return;
        const path = `${rulePath}.to[${j}].ipBlock`;
        const text = peer.ipBlock.cidr;
        if (listOf(peer.ipBlock.except).length === 0) {
          if (typeof text !== 'string') return;
          // Leniently, as a cluster enforces it (host bits masked), like ipBlockReach.
          const key = v4CidrKey(text, false);
          let cidr: ParsedCidr | null = null;
          if (key < 0) {
            const known = parsed?.get(peer.ipBlock);
            cidr = known !== undefined && known.text === text ? known : parseCidr(text);
          }
          if (key >= 0 || cidr !== null) grants.push(new WholeBlockGrant(view.index, path, text, key, cidr, ports));
          return;
        }
        const reach = ipBlockReach(peer.ipBlock);
        if (reach === null) return;
        grants.push({ policy: view.index, path, ...reach, ports });
      });
    });
  }
  return grants;
}

/** True when the ports allow `protocol`/`port` (a named port may be anything, so it counts). */
export function portsAllow(ports: readonly PortSpec[] | null, protocol: string, port: number): boolean {
  if (ports === null) return true;
  return ports.some((p) => {
    if (p.protocol !== protocol) return false;
    if (p.port === undefined || typeof p.port === 'string') return true;
    return port >= p.port && port <= (p.endPort ?? p.port);
  });
}

/** True when the ports allow nothing but port 53 (any protocol). */
export function onlyDnsPorts(ports: readonly PortSpec[] | null): boolean {
  return ports !== null && ports.every((p) => p.port === 53 && (p.endPort === undefined || p.endPort === 53));
}
