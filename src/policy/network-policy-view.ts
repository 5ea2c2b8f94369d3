/**
 * Reading NetworkPolicies of unknown shape into views: isolation per direction (with the API
 * server's policyTypes default), a rule's ports, an ipBlock's addresses. Never throws. Internal.
 */
import { CidrSet, setOfOwnIntervals } from '../cidr/cidr-set.js';
import * as iv from '../cidr/intervals.js';
import type { Interval } from '../cidr/intervals.js';
import { parseCidr, v4CidrKey, type ParsedCidr } from '../cidr/prefix.js';
import { isObject, listOf, type JsonObject } from '../json.js';

/** One entry of a rule's `ports` list; absent `protocol` means TCP, absent `port` all ports. */
export interface PortSpec {
  /** `TCP`, `UDP` or `SCTP`. */
  readonly protocol: string;
  /** A port number or a container port name; absent means every port of the protocol. */
  readonly port?: number | string;
  /** The last port of a range starting at `port`. */
  readonly endPort?: number;
}

/** A policy reduced to what the auditor and evaluator need. */
export interface PolicyView {
  readonly index: number;
  readonly name: string | undefined;
  readonly spec: Record<string, unknown>;
  readonly isolatesIngress: boolean;
  readonly isolatesEgress: boolean;
}

export const EVERYTHING = /* @__PURE__ */ (() => CidrSet.all(4).union(CidrSet.all(6)))();

/**
 * Reads a NetworkPolicy, a spec, or a list of either, into views. Never throws. The input is in
 * the wire form already: every reader passes it through policy-input.ts's `normalizePolicy` first
 * (which reads `_from` as `from` and reports a rule that has both), so there is one reading.
 */
export function policyViews(input: unknown): PolicyView[] {
  const items = Array.isArray(input) ? input : [input];
  return items.map((item, index) => {
    const obj = isObject(item) ? item : {};
    const isPolicy = 'spec' in obj || 'metadata' in obj || 'kind' in obj;
    const spec = isPolicy ? (isObject(obj.spec) ? obj.spec : {}) : obj;
    const meta = isPolicy && isObject(obj.metadata) ? obj.metadata : {};
    const types = listOf(spec.policyTypes);
    const egressRules = listOf(spec.egress);
    // Omitted policyTypes: Ingress always, Egress only when there are egress rules.
    const isolatesIngress = types.length > 0 ? types.includes('Ingress') : true;
    const isolatesEgress = types.length > 0 ? types.includes('Egress') : egressRules.length > 0;
    return { index, name: typeof meta.name === 'string' ? meta.name : undefined, spec, isolatesIngress, isolatesEgress };
  });
}

/** The `ports` of a rule, or null for all ports. Malformed entries are skipped. */
export function rulePorts(rule: JsonObject): PortSpec[] | null {
  const ports = listOf(rule.ports).filter(isObject);
  if (ports.length === 0) return null;
  return ports.map((p) => ({
    protocol: typeof p.protocol === 'string' ? p.protocol : 'TCP',
    ...(typeof p.port === 'number' || typeof p.port === 'string' ? { port: p.port } : {}),
    ...(typeof p.endPort === 'number' ? { endPort: p.endPort } : {}),
  }));
}

/** An ipBlock as plain intervals of its cidr's family: what {@link ipBlockReach} returns, before any set is built. */
export interface IpBlockIntervals {
  readonly cidr: ParsedCidr;
  /** Its own excepts of the same family, clipped to the cidr's range: sorted, disjoint, merged. */
  readonly own: Interval[];
  /** The cidr's range minus `own`: sorted, disjoint, merged. */
  readonly reach: Interval[];
}

/**
 * Parses an ipBlock leniently (legacy mode), what a cluster would enforce, into intervals: each
 * except read once (a plain dotted-quad one as a Number key, without a bigint or an object).
 * `known` is a parse of the cidr text already made (by validation), used when its text matches.
 * Null when the cidr is unusable.
 */
export function ipBlockIntervals(block: JsonObject, known?: ParsedCidr): IpBlockIntervals | null {
  const text = block.cidr;
  if (typeof text !== 'string') return null;
  const cidr = known !== undefined && known.text === text ? known : parseCidr(text);
  if (cidr === null) return null;
  const list = listOf(block.except);
  const keys = new Float64Array(cidr.family === 4 ? list.length : 0);
  let nKeys = 0;
  const parsed: iv.Interval[] = [];
  for (const e of list) {
    if (typeof e !== 'string') continue;
    if (cidr.family === 4) {
      const key = v4CidrKey(e, false);
      if (key >= 0) {
        keys[nKeys++] = key;
        continue;
      }
    }
    const p = parseCidr(e);
    if (p !== null && p.family === cidr.family) parsed.push([p.start, p.end]);
  }
  let excepts = nKeys > 0 ? iv.mergeV4Keys(keys.subarray(0, nKeys)) : [];
  if (parsed.length > 0) excepts = iv.normalize(excepts.length > 0 ? [...excepts, ...parsed] : parsed);
  const range: iv.Interval[] = [[cidr.start, cidr.end]];
  const own = iv.intersect(excepts, range); // (valid excepts lie inside: their own pairs)
  return { cidr, own, reach: iv.subtract(range, own) };
}

/** Parses an ipBlock leniently (legacy mode): what a cluster would enforce. Null when the cidr is unusable. */
export function ipBlockReach(block: JsonObject): { cidr: ParsedCidr; excepts: CidrSet; set: CidrSet } | null {
  const r = ipBlockIntervals(block);
  if (r === null) return null;
  const four = r.cidr.family === 4;
  return {
    cidr: r.cidr,
    excepts: four ? setOfOwnIntervals(r.own, []) : setOfOwnIntervals([], r.own),
    set: four ? setOfOwnIntervals(r.reach, []) : setOfOwnIntervals([], r.reach),
  };
}
