import { CidrSet, setOfOwnIntervals } from '../cidr/cidr-set.js';
import { parseCidr, v4CidrKey, type ParsedCidr } from '../cidr/prefix.js';
import { formatV4, type IpFamily } from '../cidr/address.js';
import * as iv from '../cidr/intervals.js';
import { overlapsRange, type Interval } from '../cidr/intervals.js';
import { isObject, listOf } from '../json.js';
import type { ParsedBlocks, PeerReads } from '../validation/network-policy.js';
import { EVERYTHING, ipBlockIntervals, rulePorts, type IpBlockIntervals, type PolicyView, type PortSpec } from '../policy/network-policy-view.js';

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
 * The path of peer `j` of egress rule `i`, as one flat string: joined rather than concatenated, so
 * that sorting findings by path does not first flatten thousands of concatenations.
 */
function peerPath(rule: number, peer: number): string {
  return ['spec.egress[', rule, '].to[', peer, '].ipBlock'].join('');
}

/**
 * The grant of an ipBlock without excepts (most peers of an allow-list): one range. A plain
 * dotted-quad cidr is kept as its `v4CidrKey` (start and prefix in one Number) and parsed in full
 * only when a finding needs its text; the set and the path are built only when asked.
 */
class WholeBlockGrant implements Grant {
  #cidr: ParsedCidr | null;
  #set: CidrSet | null = null;
  #path: string | null = null;
  constructor(
    readonly policy: number,
    readonly rule: number,
    readonly peer: number,
    readonly text: string,
    /** The `v4CidrKey` of the text, or -1 when `parsed` is given. */
    readonly key: number,
    parsed: ParsedCidr | null,
    readonly ports: readonly PortSpec[] | null,
  ) {
    this.#cidr = parsed;
  }
  get excepts(): CidrSet {
    return CidrSet.EMPTY;
  }
  get family(): IpFamily {
    return this.key >= 0 ? 4 : this.#cidr!.family;
  }
  get prefix(): number {
    return this.key >= 0 ? this.key % 64 : this.#cidr!.prefix;
  }
  /** First address (an exact Number for a kept key, else a bigint). */
  get start(): number | bigint {
    return this.key >= 0 ? Math.floor(this.key / 64) : this.#cidr!.start;
  }
  /** Last address (an exact Number for a kept key, else a bigint). */
  get end(): number | bigint {
    return this.key >= 0 ? Math.floor(this.key / 64) + V4_HOST_SPAN[this.key % 64]! : this.#cidr!.end;
  }
  get path(): string {
    return (this.#path ??= peerPath(this.rule, this.peer));
  }
  get cidr(): ParsedCidr {
    return (this.#cidr ??= parseCidr(this.text)!);
  }
  /** The canonical text (for a kept key written from it, without parsing the text). */
  get canonical(): string {
    return this.key >= 0 ? `${formatV4(Math.floor(this.key / 64))}/${this.key % 64}` : this.#cidr!.canonical;
  }
  get set(): CidrSet {
    if (this.#set === null) {
      const range: Interval = [BigInt(this.start), BigInt(this.end)];
      this.#set = this.family === 4 ? setOfOwnIntervals([range], []) : setOfOwnIntervals([], [range]);
    }
    return this.#set;
  }
}

/** Addresses after the first in an IPv4 network of each prefix length. */
const V4_HOST_SPAN = /* @__PURE__ */ (() => Float64Array.from({ length: 33 }, (_, p) => 2 ** (32 - p) - 1))();

/**
 * The grant of an ipBlock with excepts, kept as the intervals {@link ipBlockIntervals} read; its
 * sets are built only when asked.
 */
class BlockGrant implements Grant {
  #excepts: CidrSet | null = null;
  #set: CidrSet | null = null;
  readonly cidr: ParsedCidr;
  /** Own excepts inside the cidr's range, and the range minus them (intervals of the cidr's family). */
  readonly own: readonly Interval[];
  readonly reach: readonly Interval[];
  constructor(
    readonly policy: number,
    readonly path: string,
    block: IpBlockIntervals,
    readonly ports: readonly PortSpec[] | null,
  ) {
    this.cidr = block.cidr;
    this.own = block.own;
    this.reach = block.reach;
  }
  get excepts(): CidrSet {
    return (this.#excepts ??= this.cidr.family === 4 ? setOfOwnIntervals(this.own, []) : setOfOwnIntervals([], this.own));
  }
  get set(): CidrSet {
    return (this.#set ??= this.cidr.family === 4 ? setOfOwnIntervals(this.reach, []) : setOfOwnIntervals([], this.reach));
  }
}

/** A grant as plain intervals: what the range findings read. */
export interface GrantForm {
  /** The cidr's family, or null for a grant without a cidr (everything, or what a cluster left of it). */
  readonly family: IpFamily | null;
  /** The cidr's first and last address (0n when there is no cidr). */
  readonly start: bigint;
  readonly end: bigint;
  /** The grant's own excepts, inside the cidr's range (of its family). */
  readonly own: readonly Interval[];
  /** The addresses the grant reaches, per family. */
  readonly v4: readonly Interval[];
  readonly v6: readonly Interval[];
}

const NONE: readonly Interval[] = /* @__PURE__ */ Object.freeze([]);

/** The grant as intervals (without building a set for the grants this module made). */
export function grantForm(grant: Grant): GrantForm {
  if (grant instanceof WholeBlockGrant) {
    const start = BigInt(grant.start);
    const end = BigInt(grant.end);
    const range: readonly Interval[] = [[start, end]];
    return { family: grant.family, start, end, own: NONE, v4: grant.family === 4 ? range : NONE, v6: grant.family === 6 ? range : NONE };
  }
  if (grant instanceof BlockGrant) {
    const { family, start, end } = grant.cidr;
    return { family, start, end, own: grant.own, v4: family === 4 ? grant.reach : NONE, v6: family === 6 ? grant.reach : NONE };
  }
  const cidr = grant.cidr;
  const set = grant.set;
  if (cidr === null) return { family: null, start: 0n, end: 0n, own: NONE, v4: set.v4, v6: set.v6 };
  return { family: cidr.family, start: cidr.start, end: cidr.end, own: cidr.family === 4 ? grant.excepts.v4 : grant.excepts.v6, v4: set.v4, v6: set.v6 };
}

/**
 * The range of a grant without excepts this module made (most peers of a list), without a form
 * or a parse: its family, first and last address (exact Numbers for a kept IPv4 key, else
 * bigints). Null for any other grant.
 */
export function wholeBlockOf(grant: Grant): WholeBlock | null {
  return grant instanceof WholeBlockGrant ? grant : null;
}

/** What {@link wholeBlockOf} reads of a grant without excepts. */
export interface WholeBlock {
  readonly family: IpFamily;
  readonly start: number | bigint;
  readonly end: number | bigint;
}

/** The own excepts of a grant this module made, as intervals of its cidr's family; null for other grants. */
export function grantOwn(grant: Grant): readonly Interval[] | null {
  if (grant instanceof WholeBlockGrant) return NONE;
  if (grant instanceof BlockGrant) return grant.own;
  return null;
}

/** The family of a grant's cidr, or null for a grant of everything (never parses a kept key). */
export function grantFamily(grant: Grant): IpFamily | null {
  return grant instanceof WholeBlockGrant ? grant.family : (grant.cidr?.family ?? null);
}

/** The prefix length of a grant's cidr, or -1 for a grant of everything (never parses a kept key). */
export function grantPrefix(grant: Grant): number {
  return grant instanceof WholeBlockGrant ? grant.prefix : (grant.cidr?.prefix ?? -1);
}

/** The text of a grant's cidr as written (never parses a kept key); '' without a cidr. */
export function grantText(grant: Grant): string {
  return grant instanceof WholeBlockGrant ? grant.text : (grant.cidr?.text ?? '');
}

/** The canonical text of a grant's cidr (parsed here for a kept key); '' without a cidr. */
export function grantCanonical(grant: Grant): string {
  return grant instanceof WholeBlockGrant ? grant.canonical : (grant.cidr?.canonical ?? '');
}

/**
 * A set's intervals made ready for many overlap questions: IPv4 bounds as Numbers (so a kept
 * IPv4 key is compared without bigints), IPv6 as they are.
 */
export interface MeetIndex {
  readonly set: CidrSet;
  readonly starts4: Float64Array;
  readonly ends4: Float64Array;
  readonly v6: readonly Interval[];
}

/** The {@link MeetIndex} of a set (read once per audit call). */
export function meetIndex(set: CidrSet): MeetIndex {
  const v4 = set.v4;
  const starts4 = new Float64Array(v4.length);
  const ends4 = new Float64Array(v4.length);
  for (let i = 0; i < v4.length; i++) {
    starts4[i] = Number(v4[i]![0]);
    ends4[i] = Number(v4[i]![1]);
  }
  return { set, starts4, ends4, v6: set.v6 };
}

/** True when [start, end] (IPv4, exact Numbers) meets one of the index's IPv4 intervals. */
function meets4(index: MeetIndex, start: number, end: number): boolean {
  const ends = index.ends4;
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ends[mid]! < start) lo = mid + 1;
    else hi = mid;
  }
  return lo < ends.length && index.starts4[lo]! <= end;
}

/** {@link grantOverlaps} against an index: a whole-block IPv4 grant is decided on Numbers alone. */
export function grantMeets(grant: Grant, index: MeetIndex): boolean {
  if (grant instanceof WholeBlockGrant) {
    const key = grant.key;
    if (key >= 0) {
      const start = Math.floor(key / 64);
      return meets4(index, start, start + V4_HOST_SPAN[key % 64]!);
    }
    return grant.family === 4 ? meets4(index, Number(grant.start), Number(grant.end)) : overlapsRange(index.v6, grant.start, grant.end);
  }
  return grantOverlaps(grant, index.set);
}

/** True when the grant reaches some address of `set` (without building the grant's set when it can). */
export function grantOverlaps(grant: Grant, set: CidrSet): boolean {
  if (grant instanceof WholeBlockGrant) return overlapsRange(grant.family === 4 ? set.v4 : set.v6, grant.start, grant.end);
  if (grant instanceof BlockGrant) return iv.overlaps(grant.cidr.family === 4 ? set.v4 : set.v6, grant.reach);
  return grant.set.overlaps(set);
}

/** True when the grant's cidr range (its excepts aside) meets `set`'s intervals of the grant's family. */
export function grantRangeOverlaps(grant: Grant, v4: readonly Interval[], v6: readonly Interval[]): boolean {
  if (grant instanceof WholeBlockGrant) return overlapsRange(grant.family === 4 ? v4 : v6, grant.start, grant.end);
  const cidr = grant.cidr;
  return cidr !== null && overlapsRange(cidr.family === 4 ? v4 : v6, cidr.start, cidr.end);
}

/**
 * Peers without excepts that can give no finding (narrow, and clear of every range a finding is
 * about), set aside by {@link egressGrants} without a grant object: only their addresses count,
 * in the reachable set.
 */
export class QuietBlocks {
  /** IPv4 networks as `v4CidrKey` keys (the first `count`). */
  keys = new Float64Array(64);
  count = 0;
  /** Other networks as intervals, per family. */
  readonly v4: Interval[] = [];
  readonly v6: Interval[] = [];
  constructor(readonly index: MeetIndex) {}
  addKey(key: number): void {
    if (this.count === this.keys.length) {
      const grown = new Float64Array(this.keys.length * 2);
      grown.set(this.keys);
      this.keys = grown;
    }
    this.keys[this.count++] = key;
  }
}

/** Every address some grant (or quiet peer) reaches: the union of their sets, in one sort (IPv4 keys in Numbers). */
export function reachableOf(grants: readonly Grant[], quiet?: QuietBlocks): CidrSet {
  const v4: Interval[] = quiet === undefined ? [] : quiet.v4.slice();
  const v6: Interval[] = quiet === undefined ? [] : quiet.v6.slice();
  const quietKeys = quiet?.count ?? 0;
  const keys = new Float64Array(grants.length + quietKeys);
  if (quiet !== undefined) keys.set(quiet.keys.subarray(0, quietKeys));
  let nKeys = quietKeys;
  for (let gi = 0; gi < grants.length; gi++) {
    const g = grants[gi]!;
    if (g instanceof WholeBlockGrant) {
      if (g.key >= 0) keys[nKeys++] = g.key;
      else (g.family === 4 ? v4 : v6).push([g.start as bigint, g.end as bigint]);
      continue;
    }
    if (g instanceof BlockGrant) {
      const into = g.cidr.family === 4 ? v4 : v6;
      for (let k = 0; k < g.reach.length; k++) into.push(g.reach[k]!);
      continue;
    }
    for (const i of g.set.v4) v4.push(i);
    for (const i of g.set.v6) v6.push(i);
  }
  return setOfOwnIntervals(v4, v6, keys.subarray(0, nKeys));
}

/**
 * The indices 0..n-1 in the order their paths sort as strings: `[10]` before `[1]` (a digit sorts
 * before `]`), `[0]` first. A walk of the decimal digit tree, children before their parent.
 */
export function decimalPathOrder(n: number): Int32Array {
  const out = new Int32Array(n);
  let at = 0;
  const visit = (d: number): void => {
    for (let c = d * 10; c < d * 10 + 10 && c < n; c++) visit(c);
    out[at++] = d;
  };
  if (n > 0) out[at++] = 0;
  for (let d = 1; d < 10 && d < n; d++) visit(d);
  return out;
}

/**
 * True (and the peer's addresses recorded in `quiet`) when a peer without excepts can give no
 * finding: it is not broad (`unrestricted-ports`, `family-asymmetry` need a prefix of at most 1
 * for IPv4, 3 for IPv6) and its range meets none of the index's ranges (every sensitive, DNS and
 * cluster range).
 */
function isQuiet(quiet: QuietBlocks, key: number, cidr: ParsedCidr | null): boolean {
  if (key >= 0) {
    const prefix = key % 64;
    const start = Math.floor(key / 64);
    if (prefix <= 1 || meets4(quiet.index, start, start + V4_HOST_SPAN[prefix]!)) return false;
    quiet.addKey(key);
    return true;
  }
  const c = cidr!;
  if (c.family === 4) {
    if (c.prefix <= 1 || meets4(quiet.index, Number(c.start), Number(c.end))) return false;
    quiet.v4.push([c.start, c.end]);
    return true;
  }
  if (c.prefix <= 3 || overlapsRange(quiet.index.v6, c.start, c.end)) return false;
  quiet.v6.push([c.start, c.end]);
  return true;
}

/**
 * Where validation is to record what it reads of the egress peers of these policies (see
 * {@link ParsedBlocks}): an empty {@link PeerReads} per non-empty `to` list, for
 * {@link egressGrants} to read next.
 */
export function egressPeerReads(views: readonly PolicyView[]): ParsedBlocks {
  const lists = new Map<object, PeerReads>();
  for (const view of views) {
    const rules = listOf(view.spec.egress);
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i];
      const to = isObject(rule) ? listOf(rule.to) : [];
      if (to.length > 0 && !lists.has(to)) lists.set(to, { keys: new Float64Array(to.length).fill(-1), cidrs: new Array<ParsedCidr | undefined>(to.length) });
    }
  }
  return lists;
}

/**
 * Every egress grant of the policies. When no policy isolates egress, one grant of everything
 * (path `spec.policyTypes`); a rule with no `to` is one grant of everything on its ports.
 * `parsed` holds what validation already read of the peers' cidrs, by peer list (reused when the
 * text is the same). Within a policy the grants come in the string order of their paths, so the findings
 * they give are mostly in the report's order already. With `quiet`, peers that can give no
 * finding are recorded there instead of becoming grants.
 */
export function egressGrants(views: readonly PolicyView[], parsed?: ParsedBlocks, quiet?: QuietBlocks): Grant[] {
  const grants: Grant[] = [];
  if (!views.some((v) => v.isolatesEgress)) {
    const v = views[0];
    grants.push({ policy: v?.index ?? 0, path: 'spec.policyTypes', cidr: null, excepts: CidrSet.EMPTY, set: EVERYTHING, ports: null });
    return grants;
  }
  for (const view of views) {
    if (!view.isolatesEgress) continue;
    const rules = listOf(view.spec.egress);
    const ruleOrder = decimalPathOrder(rules.length);
    for (let ri = 0; ri < ruleOrder.length; ri++) {
      const i = ruleOrder[ri]!;
      const rule = rules[i];
      if (!isObject(rule)) continue;
      const ports = rulePorts(rule);
      const to = listOf(rule.to);
      if (to.length === 0) {
        grants.push({ policy: view.index, path: `spec.egress[${i}]`, cidr: null, excepts: CidrSet.EMPTY, set: EVERYTHING, ports });
        continue;
      }
      // What validation read of these peers (its strict keys, its parses), when it read this list.
      const reads = parsed?.get(to);
      const read = reads !== undefined && reads.keys.length === to.length ? reads : undefined;
      const peerOrder = decimalPathOrder(to.length);
      for (let pi = 0; pi < peerOrder.length; pi++) {
        const j = peerOrder[pi]!;
        const peer = to[j];
        if (!isObject(peer) || !isObject(peer.ipBlock)) continue;
        const text = peer.ipBlock.cidr;
        const except = peer.ipBlock.except;
        if (!Array.isArray(except) || except.length === 0) { // (listOf would make an empty list per peer)
          if (typeof text !== 'string') continue;
          // Leniently, as a cluster enforces it (host bits masked), like ipBlockReach.
          // A strict key is the lenient one too; without one, read here.
          // An IPv6 parse of the same text is used as it is (no key to try first).
          let key = read !== undefined ? read.keys[j]! : -1;
          let cidr: ParsedCidr | null = null;
          if (key < 0) {
            const known = read?.cidrs[j];
            const same = known !== undefined && known.text === text ? known : null;
            if (same?.family !== 6) key = v4CidrKey(text, false);
            if (key < 0) cidr = same ?? parseCidr(text);
          }
          if (key < 0 && cidr === null) continue;
          if (quiet !== undefined && isQuiet(quiet, key, cidr)) continue;
          grants.push(new WholeBlockGrant(view.index, i, j, text, key, cidr, ports));
          continue;
        }
        const block = ipBlockIntervals(peer.ipBlock, read?.cidrs[j]);
        if (block !== null) grants.push(new BlockGrant(view.index, peerPath(i, j), block, ports));
      }
    }
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
