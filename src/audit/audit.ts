import { CidrSet } from '../cidr/cidr-set.js';
import { excludedRanges } from '../ranges.js';
import { validateNetworkPolicySpec } from '../validation/network-policy.js';
import type { ValidationIssue } from '../validation/field.js';
import {
  COMPILED_SENSITIVE_RANGES,
  INTERNAL_DNS_RANGES,
  NODELOCAL_DNS,
  SEVERITIES,
  V4_HARDENED_MINIMUM,
  V6_ASYMMETRY_RANGES,
  type Severity,
} from './catalogue.js';
import { EVERYTHING, egressGrants, onlyDnsPorts, policyViews, portsAllow, type Grant, type PolicyView } from './grants.js';
import { selectorFindings } from './selectors.js';

/** One audit finding. */
export interface Finding {
  /** `error` (the API server rejects the policy), then `critical` down to `info`. */
  readonly severity: Severity;
  /** Stable kebab-case id from the finding table (`spec/egress-ranges.md` §5). */
  readonly code: string;
  /** What is wrong, in plain words. */
  readonly message: string;
  /** Field path (`spec.egress[0].to[1].ipBlock`); prefixed `[i].` when several policies were audited. */
  readonly path: string;
  /** The reachable sensitive part as canonical CIDRs (empty for findings about selectors or form). */
  readonly ranges: readonly string[];
  /** One concrete address (or, for non-address findings, a short concrete case). */
  readonly example: string;
  /** A change the API server would accept that removes the finding. */
  readonly suggestion?: string;
}

/** The auditor's result. */
export interface AuditReport {
  /** Findings, most severe first, then by code and path. */
  readonly findings: readonly Finding[];
  /** Number of findings per severity. */
  readonly counts: Readonly<Record<Severity, number>>;
  /** The most severe finding's severity, or null when there is none. */
  readonly highest: Severity | null;
  /**
   * Every address some egress rule allows (on some port): the union over policies, rules and
   * peers of (cidr − its own excepts), as an immutable {@link CidrSet}. Ask it questions
   * (`contains('169.254.169.254')`), or list it with `toCidrs()`; `JSON.stringify` writes the
   * canonical CIDR list. Kept as a set because a fragmented policy can cover tens of thousands
   * of CIDRs, and most callers never need the list.
   */
  readonly egressReachable: CidrSet;
}

/** Options of {@link auditNetworkPolicy}. */
export interface AuditOptions {
  /** Pod, service, node and VPC ranges of the cluster: reaching them is `cluster-range-reachable`. */
  readonly clusterCidrs?: readonly string[];
  /** Cluster DNS addresses (kube-dns ClusterIP, CoreDNS pods): reaching them on 53 is `internal-dns-reachable`. */
  readonly clusterDnsIps?: readonly string[];
  /** Validate CIDRs as Kubernetes >= 1.36 (default `true`); `false` reports non-canonical forms as low. */
  readonly strictCidr?: boolean;
}

type Sink = (f: Finding) => void;

const HARDENED_HINT = (() => {
  const h = excludedRanges('hardened');
  return `to: [{ipBlock: {cidr: ${h.ipv4.cidr}, except: [${h.ipv4.except.map((e) => e.cidr).join(', ')}]}}, {ipBlock: {cidr: ${h.ipv6.cidr}, except: [${h.ipv6.except.map((e) => e.cidr).join(', ')}]}}]`;
})();

/** A suggestion that excepts `sensitive` from a grant's ipBlock, valid under the API rules. */
function exceptSuggestion(grant: Grant, sensitive: CidrSet): string {
  if (grant.cidr === null) {
    return grant.path === 'spec.policyTypes'
      ? `add "Egress" to policyTypes and list the allowed destinations, e.g. ${HARDENED_HINT}`
      : `give this rule explicit destinations instead of none (none means all), e.g. ${HARDENED_HINT}`;
  }
  const range = CidrSet.fromParsed([grant.cidr]);
  const removed = range.intersect(grant.excepts.union(sensitive));
  if (removed.containsSet(range)) return `remove this peer: all of ${grant.cidr.canonical} is sensitive`;
  return `set except to [${removed.toCidrs().join(', ')}] (each a strict subset of ${grant.cidr.canonical})`;
}

function reachFinding(grant: Grant, code: string, severity: Severity, what: string, reach: CidrSet, sink: Sink, suggest = true): void {
  const ranges = reach.toCidrs();
  const shown = ranges.length > 4 ? `${ranges.slice(0, 4).join(', ')} and ${ranges.length - 4} more` : ranges.join(', ');
  sink({
    severity,
    code,
    message: `allows ${what}: ${shown}`,
    path: grant.path,
    ranges,
    example: reach.firstAddress() ?? '',
    ...(suggest ? { suggestion: exceptSuggestion(grant, reach) } : {}),
  });
}

/** Range findings of each grant (sensitive ranges, unrestricted egress, cluster ranges, ports). Internal. */
export function rangeFindings(grants: readonly Grant[], options: AuditOptions, sinkOf: (g: Grant) => Sink): void {
  const cluster = CidrSet.from(options.clusterCidrs ?? [], { path: 'options.clusterCidrs', mode: 'legacy' });
  const clusterDns = CidrSet.from((options.clusterDnsIps ?? []).map((ip) => (ip.includes(':') ? `${ip}/128` : `${ip}/32`)), {
    path: 'options.clusterDnsIps',
    mode: 'legacy',
  });
  const nodeLocal = CidrSet.from([NODELOCAL_DNS]);
  const internalDns = CidrSet.from(INTERNAL_DNS_RANGES).union(clusterDns);
  for (const grant of grants) {
    const sink = sinkOf(grant);
    if (grant.cidr === null && grant.set.equals(EVERYTHING)) {
      const critical = grant.ports === null || portsAllow(grant.ports, 'TCP', 80);
      sink({
        severity: critical ? 'critical' : 'high',
        code: 'egress-unrestricted',
        message:
          grant.path === 'spec.policyTypes'
            ? 'egress is not isolated: no policy has "Egress" in policyTypes, so every destination is allowed'
            : `egress rule has no "to": every destination is allowed${grant.ports === null ? ' on every port' : ''}`,
        path: grant.path,
        ranges: ['0.0.0.0/0', '::/0'],
        example: '169.254.169.254',
        suggestion: exceptSuggestion(grant, CidrSet.EMPTY),
      });
    }
    for (const row of COMPILED_SENSITIVE_RANGES) {
      let sensitive = row.set;
      if (!grant.set.overlaps(sensitive)) continue;
      if (row.code === 'link-local-reachable' && onlyDnsPorts(grant.ports)) sensitive = sensitive.subtract(nodeLocal);
      const reach = grant.set.intersect(sensitive);
      if (reach.isEmpty()) continue;
      let severity = row.severity;
      if (row.code === 'private-v4-reachable' && grant.ports !== null && reach.v4.every(([s, e]) => s === e)) severity = 'medium';
      reachFinding(grant, row.code, severity, row.what, reach, sink);
    }
    if (portsAllow(grant.ports, 'UDP', 53) || portsAllow(grant.ports, 'TCP', 53)) {
      const reach = grant.set.intersect(internalDns);
      if (!reach.isEmpty()) reachFinding(grant, 'internal-dns-reachable', 'medium', 'resolvers that answer for internal names on port 53', reach, sink);
    }
    if (!cluster.isEmpty()) {
      const reach = grant.set.intersect(cluster);
      if (!reach.isEmpty()) reachFinding(grant, 'cluster-range-reachable', 'high', "the cluster's own pod/service/node ranges", reach, sink);
      if (grant.cidr !== null && CidrSet.fromParsed([grant.cidr]).overlaps(cluster)) {
        sink({
          severity: 'info',
          code: 'ipblock-on-pod-range',
          message: `ipBlock ${grant.cidr.text} overlaps a cluster range: whether ipBlocks match pod IPs depends on the CNI (Calico: yes, Cilium: no)`,
          path: grant.path,
          ranges: CidrSet.fromParsed([grant.cidr]).intersect(cluster).toCidrs(),
          example: CidrSet.fromParsed([grant.cidr]).intersect(cluster).firstAddress() ?? '',
        });
      }
    }
    const broad = grant.cidr === null || grant.cidr.prefix <= (grant.cidr.family === 4 ? 1 : 3);
    if (broad && grant.ports === null) {
      sink({
        severity: 'info',
        code: 'unrestricted-ports',
        message: 'an internet-wide destination is allowed on every port and protocol (exfiltration over SMTP, arbitrary TCP/UDP)',
        path: grant.path,
        ranges: [],
        example: '203.0.113.7:25/TCP',
        suggestion: 'add ports, e.g. [{protocol: TCP, port: 443}, {protocol: TCP, port: 80}, {protocol: UDP, port: 53}]',
      });
    }
  }
}

/** `family-asymmetry` and `except-reopened`. Internal. */
export function crossGrantFindings(grants: readonly Grant[], all: CidrSet, sinkOf: (g: Grant) => Sink): void {
  const v4Minimum = CidrSet.from(V4_HARDENED_MINIMUM);
  const v6Needed = CidrSet.from(V6_ASYMMETRY_RANGES);
  const v4Hardened = grants.some((g) => g.cidr?.family === 4 && g.cidr.prefix <= 1 && g.excepts.containsSet(v4Minimum));
  if (v4Hardened) {
    for (const g of grants) {
      if (g.cidr?.family !== 6 || g.cidr.prefix > 2) continue;
      const reach = g.set.intersect(v6Needed);
      if (reach.isEmpty()) continue;
      reachFinding(g, 'family-asymmetry', 'high', 'IPv6 space whose IPv4 counterparts are excepted (ULA, link-local or NAT64)', reach, sinkOf(g));
    }
  }
  for (const g of grants) {
    if (g.excepts.isEmpty()) continue;
    const reopened = g.excepts.intersect(all);
    if (reopened.isEmpty()) continue;
    const ranges = reopened.toCidrs();
    sinkOf(g)({
      severity: 'high',
      code: 'except-reopened',
      message: `ranges excepted here are allowed by another peer, rule or policy (policies only add): ${ranges.slice(0, 4).join(', ')}${ranges.length > 4 ? ` and ${ranges.length - 4} more` : ''}`,
      path: `${g.path}.except`,
      ranges,
      example: reopened.firstAddress() ?? '',
      suggestion: 'except the same ranges in every peer that covers them',
    });
  }
}

/** Validation findings of each policy's spec. Internal. */
export function validationFindings(views: readonly PolicyView[], strict: boolean, sink: Sink): void {
  for (const view of views) {
    for (const issue of validateNetworkPolicySpec(view.spec, { strictCidr: strict })) sink(issueToFinding(issue, strict));
  }
}

/** A validation issue as an audit finding (`api-invalid`, `noncanonical-cidr`, ...). Internal. */
export function issueToFinding(issue: ValidationIssue, strict: boolean): Finding {
  const m = issue.message;
  const isCidrField = /ipBlock\.(cidr|except\[\d+\])$/.test(issue.path);
  let code = 'api-invalid';
  let severity: Severity = issue.severity === 'error' ? 'error' : 'low';
  if (isCidrField && /IPv4-mapped|non-standard CIDR value "[^"]*::ffff:/i.test(m)) {
    code = 'ipv4-mapped-cidr';
    severity = 'error';
  } else if (isCidrField && /leading 0s|bits set beyond|ambiguous|non-standard|RFC 5952/.test(m)) {
    code = 'noncanonical-cidr';
    if (/RFC 5952/.test(m)) severity = 'info';
    else severity = strict ? 'error' : 'low';
  } else if (/except\[\d+\]$/.test(issue.path) && issue.severity === 'error') {
    code = 'invalid-except';
  }
  const example = m.match(/"([^"]*)"/)?.[1] ?? '';
  return { severity, code, message: m, path: issue.path, ranges: [], example };
}

const RANK = new Map(SEVERITIES.map((s, i) => [s, i]));

/** Sorts in place: most severe first, then by code and path. Internal. */
export function sortFindings<T extends Finding>(findings: T[]): T[] {
  return findings.sort(
    (a, b) => RANK.get(a.severity)! - RANK.get(b.severity)! || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
  );
}

/** Findings per severity. Internal. */
export function countFindings(findings: readonly Finding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/**
 * Audits NetworkPolicies for what a sandbox could reach: metadata endpoints, private, CGNAT, ULA,
 * link-local and NAT64 space, Azure's WireServer, cluster ranges; ranges excepted in one peer but
 * allowed by another; broad selectors and open ingress; and anything the API server would reject.
 * The reachable set is the union over policies, rules and peers of (cidr − its own excepts), per
 * port; a rule with no `to`, or egress not isolated, reaches everything.
 *
 * Several policies selecting the same pods can be audited together by passing a list. Never
 * throws on a policy: invalid parts are findings of severity `error`, and whatever parses is still
 * audited.
 *
 * @param input - a NetworkPolicy, a NetworkPolicySpec, or a list of either.
 * @param options - cluster ranges and DNS addresses; CIDR strictness.
 * @returns the findings, most severe first, with counts.
 * @throws {@link SandboxPolicyError} only for invalid `options` (e.g. a malformed cluster CIDR).
 * @example
 * ```ts
 * const report = auditNetworkPolicy(networkPolicyFor(template)!);
 * report.findings.filter((f) => f.severity === 'critical').map((f) => f.code); // ['metadata-reachable']
 * ```
 */
export function auditNetworkPolicy(input: unknown, options: AuditOptions = {}): AuditReport {
  const views = policyViews(input);
  const findings: Finding[] = [];
  const prefix = Array.isArray(input) && input.length > 1;
  const sinkFor =
    (view: number): Sink =>
    (f) =>
      findings.push(prefix ? { ...f, path: `[${view}].${f.path}` } : f);
  const strict = options.strictCidr !== false;
  const grants = egressGrants(views);
  // Each finding is attributed to the policy its grant (or selector) belongs to.
  const byPolicy = (g: Grant): Sink => sinkFor(g.policy);
  for (const view of views) validationFindings([view], strict, sinkFor(view.index));
  rangeFindings(grants, options, byPolicy);
  const reachable = CidrSet.unionAll(grants.map((g) => g.set));
  crossGrantFindings(grants, reachable, byPolicy);
  for (const view of views) selectorFindings(view, sinkFor(view.index));
  if (!views.some((v) => v.isolatesIngress)) {
    sinkFor(0)({
      severity: 'medium',
      code: 'ingress-not-isolated',
      message: 'no policy has "Ingress" in policyTypes: every source may connect to the pods',
      path: 'spec.policyTypes',
      ranges: [],
      example: 'any pod in any namespace',
      suggestion: 'add "Ingress" to policyTypes and allow only the sandbox router',
    });
  }
  sinkFor(0)({
    severity: 'info',
    code: 'node-traffic-allowed',
    message: "traffic between a pod and its own node is always allowed: kubelet, hostPort and hostNetwork daemons on the sandbox's node stay reachable",
    path: 'spec',
    ranges: [],
    example: 'the node IP on port 10250 (kubelet)',
  });
  sinkFor(0)({
    severity: 'info',
    code: 'cni-enforcement-required',
    message: 'NetworkPolicies do nothing unless the cluster runs a network plugin that enforces them',
    path: 'spec',
    ranges: [],
    example: 'a cluster on a plugin without NetworkPolicy support',
  });
  sortFindings(findings);
  const counts = countFindings(findings);
  return { findings, counts, highest: findings[0]?.severity ?? null, egressReachable: reachable };
}
