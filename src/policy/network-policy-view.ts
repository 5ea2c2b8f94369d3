/**
 * Reading NetworkPolicies of unknown shape into views: isolation per direction (with the API
 * server's policyTypes default), a rule's ports, an ipBlock's addresses. Never throws. Internal.
 */
import { CidrSet } from '../cidr/cidr-set.js';
import { parseCidr, type ParsedCidr } from '../cidr/prefix.js';
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

/** Parses an ipBlock leniently (legacy mode): what a cluster would enforce. Null when the cidr is unusable. */
export function ipBlockReach(block: JsonObject): { cidr: ParsedCidr; excepts: CidrSet; set: CidrSet } | null {
  if (typeof block.cidr !== 'string') return null;
  const cidr = parseCidr(block.cidr);
  if (cidr === null) return null;
  const range = CidrSet.fromParsed([cidr]);
  const excepts: ParsedCidr[] = [];
  for (const e of listOf(block.except)) {
    const p = typeof e === 'string' ? parseCidr(e) : null;
    if (p !== null && p.family === cidr.family) excepts.push(p);
  }
  const exceptSet = CidrSet.fromParsed(excepts).intersect(range);
  return { cidr, excepts: exceptSet, set: range.subtract(exceptSet) };
}

