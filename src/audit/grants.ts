import { CidrSet } from '../cidr/cidr-set.js';
import { parseCidr, type ParsedCidr } from '../cidr/prefix.js';
import { looksLikePolicy } from '../policy-input.js';
import { isObject, listOf, type JsonObject } from '../json.js';

/** One entry of a rule's `ports` list; absent `protocol` means TCP, absent `port` all ports. */
export interface PortSpec {
  readonly protocol: string;
  readonly port?: number | string;
  readonly endPort?: number;
}

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

/** A policy reduced to what the auditor and evaluator need. */
export interface PolicyView {
  readonly index: number;
  readonly name: string | undefined;
  readonly spec: Record<string, unknown>;
  readonly isolatesIngress: boolean;
  readonly isolatesEgress: boolean;
}

export const EVERYTHING = CidrSet.all(4).union(CidrSet.all(6));

/**
 * Reads policies (or specs) already read by `readPolicy`/`normalizePolicy` into views. Never
 * throws; callers validate first.
 */
export function policyViews(items: readonly unknown[]): PolicyView[] {
  return items.map((item, index) => {
    const obj = isObject(item) ? item : {};
    const isPolicy = looksLikePolicy(obj);
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

/**
 * Every egress grant of the policies. When no policy isolates egress, one grant of everything
 * (path `spec.policyTypes`); a rule with no `to` is one grant of everything on its ports.
 */
export function egressGrants(views: readonly PolicyView[]): Grant[] {
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
        const reach = ipBlockReach(peer.ipBlock);
        if (reach === null) return;
        grants.push({ policy: view.index, path: `${rulePath}.to[${j}].ipBlock`, ...reach, ports });
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
