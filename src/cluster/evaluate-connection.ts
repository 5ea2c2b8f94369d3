import { parseAddress } from '../cidr/address.js';
import { SandboxPolicyError, type PolicyIssue } from '../errors.js';
import { isObject } from '../json.js';
import { isPod, type ContainerPort } from '../policy/endpoint.js';
import { frozenSnapshot } from '../snapshot.js';
import { nsLabelsOf, readSnapshot, type PodView, type Snapshot, type SnapshotOptions } from '../policy/snapshot.js';
import { validateLabels } from '../validation/network-policy.js';
import type { ValidationIssue } from '../validation/field.js';
import { decideDirection, endpointPairs, type DecidingTier, type DirectionDecision, type Endpoint } from './decide.js';
import { addressKey } from './nodes.js';

/** A side of a connection in snapshot mode. */
export type ConnectionEndpoint =
  | {
      /** A SandboxTemplate (its sandbox pods) or a Pod of the snapshot. */
      readonly target: {
        /** `SandboxTemplate` (its sandbox pods) or `Pod`. */
        readonly kind: 'SandboxTemplate' | 'Pod';
        /** Its namespace. */
        readonly namespace: string;
        /** Its name. */
        readonly name: string;
      };
    }
  | {
      /** A pod given inline: its namespace. */
      readonly namespace: string;
      /** Its labels. */
      readonly labels?: Readonly<Record<string, string>>;
      /** Its namespace's labels; default: the snapshot's Namespace object, else only `kubernetes.io/metadata.name`. */
      readonly namespaceLabels?: Readonly<Record<string, string>>;
      /** Its IP, for ipBlock and `networks` peers. */
      readonly ip?: string;
      /** Its container ports, for named ports. */
      readonly ports?: readonly ContainerPort[];
    }
  | {
      /** An address outside the pod network (or one known only by address). */
      readonly ip?: string;
      /** The DNS name the connection was made to, for `domainNames` peers. */
      readonly domain?: string;
    };

/** One connection against a whole snapshot. */
export interface Connection {
  /** The source. */
  readonly from: ConnectionEndpoint;
  /** The destination. */
  readonly to: ConnectionEndpoint;
  /** Default `TCP`. */
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
  /** The destination port. */
  readonly port: number;
  /**
   * The address family of the packets: a dual-stack pod (several `status.podIPs`) is then judged
   * by its addresses of that family only. Default: every family; the connection is allowed when
   * it is allowed between some pair of addresses of one family.
   */
  readonly family?: 'IPv4' | 'IPv6';
}

/** The answer of snapshot mode. */
export interface ConnectionVerdict {
  /** Allowed only if the source's egress and the destination's ingress both allow it. */
  readonly allowed: boolean;
  /** The tier that decided: the denying side's, else the source's egress (or the destination's ingress when the source is no pod). */
  readonly tier: DecidingTier;
  /** The object whose rule decided, if any (`ClusterNetworkPolicy name`, `NetworkPolicy ns/name`). */
  readonly policy?: string;
  /** That rule's path. */
  readonly rule?: string;
  /** That rule's `name` (ClusterNetworkPolicy rules). */
  readonly ruleName?: string;
  /** The source's egress decision; null when the source is not a pod. */
  readonly egress: DirectionDecision | null;
  /** The destination's ingress decision; null when the destination is not a pod. */
  readonly ingress: DirectionDecision | null;
  /** One or two sentences saying why. */
  readonly explanation: string;
}

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

function resolve(snapshot: Snapshot, raw: unknown, path: string, issues: PolicyIssue[]): Endpoint | null {
  if (!isObject(raw)) {
    issues.push({ path, message: 'must be an object: {target}, a pod {namespace, labels?, ip?}, or an address {ip?, domain?}' });
    return null;
  }
  if (raw.target !== undefined) {
    const t = raw.target;
    if (!isObject(t) || (t.kind !== 'SandboxTemplate' && t.kind !== 'Pod') || typeof t.namespace !== 'string' || typeof t.name !== 'string') {
      issues.push({ path: `${path}.target`, message: 'must be {kind: SandboxTemplate | Pod, namespace, name}' });
      return null;
    }
    const list: readonly PodView[] = t.kind === 'Pod' ? snapshot.pods : snapshot.templates.map((x) => x.pod);
    const pod = list.find((p) => p.namespace === t.namespace && p.name === t.name);
    if (pod === undefined) {
      issues.push({ path: `${path}.target`, message: `no valid ${String(t.kind)} ${String(t.namespace)}/${String(t.name)} in the snapshot` });
      return null;
    }
    return { namespace: pod.namespace, labels: pod.labels, namespaceLabels: nsLabelsOf(snapshot, pod.namespace), ports: pod.ports, hostNetwork: pod.hostNetwork, ips: pod.ips };
  }
  if (raw.ip !== undefined && (typeof raw.ip !== 'string' || parseAddress(raw.ip) === null)) issues.push({ path: `${path}.ip`, message: `${JSON.stringify(raw.ip)} is not an IP address` });
  if (raw.domain !== undefined && typeof raw.domain !== 'string') issues.push({ path: `${path}.domain`, message: 'must be a string' });
  if (raw.namespace !== undefined) {
    if (typeof raw.namespace !== 'string' || raw.namespace === '') {
      issues.push({ path: `${path}.namespace`, message: 'must be a namespace name' });
      return null;
    }
    const found: ValidationIssue[] = [];
    validateLabels(raw.labels, `${path}.labels`, found);
    validateLabels(raw.namespaceLabels, `${path}.namespaceLabels`, found);
    for (const i of found) if (i.severity === 'error') issues.push({ path: i.path, message: i.message });
    if (raw.ports !== undefined && !Array.isArray(raw.ports)) issues.push({ path: `${path}.ports`, message: 'must be a list of container ports' });
    return {
      namespace: raw.namespace,
      labels: (isObject(raw.labels) ? raw.labels : {}) as Record<string, string>,
      namespaceLabels: (isObject(raw.namespaceLabels) ? raw.namespaceLabels : nsLabelsOf(snapshot, raw.namespace)) as Record<string, string>,
      ...(typeof raw.ip === 'string' ? { ip: raw.ip } : {}),
      ...(Array.isArray(raw.ports) ? { ports: raw.ports.filter(isObject) as unknown as ContainerPort[] } : {}),
    };
  }
  if (raw.ip === undefined && raw.domain === undefined) {
    issues.push({ path, message: 'needs a target, a namespace, an ip or a domain' });
    return null;
  }
  return { ...(typeof raw.ip === 'string' ? { ip: raw.ip } : {}), ...(typeof raw.domain === 'string' ? { domain: raw.domain } : {}) } as Endpoint;
}

/**
 * Decides one connection against a snapshot (used by `evaluateTraffic` in snapshot mode).
 *
 * @throws {@link SandboxPolicyError} naming `connection.*` for a malformed connection, and for
 *   objects that are not plain data.
 */
export function evaluateConnection(objects: unknown, connection: unknown, options: SnapshotOptions = {}): ConnectionVerdict {
  const snapshot = readSnapshot(objects, options);
  const c = frozenSnapshot(connection, 'connection');
  if (!isObject(c)) throw new SandboxPolicyError([{ path: 'connection', message: 'must be an object {from, to, port, protocol?}' }]);
  const issues: PolicyIssue[] = [];
  const from = resolve(snapshot, c.from, 'connection.from', issues);
  const to = resolve(snapshot, c.to, 'connection.to', issues);
  if (typeof c.port !== 'number' || !Number.isInteger(c.port) || c.port < 1 || c.port > 65535) issues.push({ path: 'connection.port', message: 'must be an integer from 1 to 65535' });
  if (c.protocol !== undefined && !PROTOCOLS.includes(c.protocol as string)) issues.push({ path: 'connection.protocol', message: 'must be TCP, UDP or SCTP' });
  if (c.family !== undefined && c.family !== 'IPv4' && c.family !== 'IPv6') issues.push({ path: 'connection.family', message: 'must be IPv4 or IPv6' });
  const family = c.family === 'IPv4' ? 4 : c.family === 'IPv6' ? 6 : undefined;
  if (family !== undefined) {
    for (const [side, e] of [['from', from], ['to', to]] as const) {
      const ips = e === null ? [] : [...(typeof e.ip === 'string' ? [e.ip] : []), ...(isPod(e) ? (e.ips ?? []) : [])];
      if (ips.length > 0 && !ips.some((ip) => addressKey(ip)?.[0] === family)) issues.push({ path: `connection.${side}`, message: `has no ${c.family as string} address (it has ${ips.join(', ')})` });
    }
  }
  if (from !== null && to !== null && !isPod(from) && !isPod(to)) issues.push({ path: 'connection', message: 'at least one side must be a pod' });
  if (issues.length > 0 || from === null || to === null) throw new SandboxPolicyError(issues);
  const protocol = (c.protocol as string | undefined) ?? 'TCP';
  const port = c.port as number;
  // One decision per address pair (dual-stack pods); the first allowed pair decides, else the first pair.
  const pairs = endpointPairs(from, to, family);
  const decisions = pairs.map(([f, t]) => {
    const egress = isPod(f) ? decideDirection(snapshot, 'egress', f, t, protocol, port) : null;
    const ingress = isPod(t) ? decideDirection(snapshot, 'ingress', t, f, protocol, port) : null;
    return { egress, ingress, allowed: (egress?.allowed ?? true) && (ingress?.allowed ?? true), between: `${f.ip ?? '(no address)'} to ${t.ip ?? '(no address)'}` };
  });
  const { egress, ingress, between } = decisions.find((d) => d.allowed) ?? decisions[0]!;
  const denied = [egress, ingress].find((d) => d !== null && !d.allowed);
  const decisive = denied ?? egress ?? ingress!;
  const parts = [egress ? `egress: ${egress.explanation}` : null, ingress ? `ingress: ${ingress.explanation}` : null].filter((x) => x !== null);
  return {
    allowed: denied === undefined,
    tier: decisive.tier,
    ...(decisive.policy !== undefined ? { policy: decisive.policy } : {}),
    ...(decisive.rule !== undefined ? { rule: decisive.rule } : {}),
    ...(decisive.ruleName !== undefined ? { ruleName: decisive.ruleName } : {}),
    egress,
    ingress,
    explanation: `${denied === undefined ? 'allowed' : 'denied'}${pairs.length > 1 ? ` (from ${between}, of ${pairs.length} address pairs)` : ''}; ${parts.join('; ')}`,
  };
}
