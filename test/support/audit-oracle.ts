/**
 * A slow, simple reference for the auditor's address findings: every grant is a CidrSet built by
 * plain set algebra (cidr − its excepts), and each finding is computed per grant with CidrSet
 * operations, as the auditor did before its one-sweep path. Test-only: property tests compare
 * `auditNetworkPolicy` with {@link referenceAudit} on random policies.
 */
import { CidrSet, parseCidr, type AuditOptions, type AuditReport, type Finding, type ParsedCidr } from '../../src/index.js';
import { countFindings, issueToFinding, readAuditOptions } from '../../src/audit/audit.js';
import { COMPILED_SENSITIVE_RANGES, SEVERITIES, INTERNAL_DNS_RANGES, NODELOCAL_DNS, V4_HARDENED_MINIMUM, V6_ASYMMETRY_RANGES } from '../../src/audit/catalogue.js';
import { onlyDnsPorts, portsAllow } from '../../src/audit/grants.js';
import { selectorFindings } from '../../src/audit/selectors.js';
import { isObject, listOf } from '../../src/json.js';
import { EVERYTHING, policyViews, rulePorts, type PortSpec } from '../../src/policy/network-policy-view.js';
import { looksLikePolicy, normalizePolicy } from '../../src/policy-input.js';
import { snapshot } from '../../src/snapshot.js';
import { excludedRanges } from '../../src/ranges.js';
import { validatePolicyItem } from '../../src/validation/network-policy.js';

interface RefGrant {
  policy: number;
  path: string;
  cidr: ParsedCidr | null;
  excepts: CidrSet;
  set: CidrSet;
  ports: readonly PortSpec[] | null;
}

const HARDENED_HINT = (() => {
  const h = excludedRanges('hardened');
  return `to: [{ipBlock: {cidr: ${h.ipv4.cidr}, except: [${h.ipv4.except.map((e) => e.cidr).join(', ')}]}}, {ipBlock: {cidr: ${h.ipv6.cidr}, except: [${h.ipv6.except.map((e) => e.cidr).join(', ')}]}}]`;
})();

function suggest(grant: RefGrant, sensitive: CidrSet): string {
  const cidr = grant.cidr;
  if (cidr === null) {
    return grant.path === 'spec.policyTypes'
      ? `add "Egress" to policyTypes and list the allowed destinations, e.g. ${HARDENED_HINT}`
      : `give this rule explicit destinations instead of none (none means all), e.g. ${HARDENED_HINT}`;
  }
  const range = CidrSet.fromParsed([cidr]);
  const removed = grant.excepts.union(sensitive.intersect(range)).family(cidr.family);
  if (removed.equals(range)) return `remove this peer: all of ${cidr.canonical} is sensitive`;
  const list = removed.toCidrs();
  return `set except to [${list.join(', ')}] (each a strict subset of ${cidr.canonical})`;
}

function reachFinding(grant: RefGrant, code: Finding['code'], severity: Finding['severity'], what: string, reach: CidrSet): Finding {
  const ranges = reach.toCidrs();
  const shown = ranges.length > 4 ? `${ranges.slice(0, 4).join(', ')} and ${ranges.length - 4} more` : ranges.join(', ');
  return { severity, code, message: `allows ${what}: ${shown}`, path: grant.path, ranges, example: reach.firstAddress() ?? '', suggestion: suggest(grant, reach) };
}

function grantsOf(views: ReturnType<typeof policyViews>): RefGrant[] {
  if (!views.some((v) => v.isolatesEgress)) {
    return [{ policy: views[0]?.index ?? 0, path: 'spec.policyTypes', cidr: null, excepts: CidrSet.EMPTY, set: EVERYTHING, ports: null }];
  }
  const grants: RefGrant[] = [];
  for (const view of views) {
    if (!view.isolatesEgress) continue;
    listOf(view.spec.egress).forEach((rule, i) => {
      if (!isObject(rule)) return;
      const ports = rulePorts(rule);
      const to = listOf(rule.to);
      if (to.length === 0) {
        grants.push({ policy: view.index, path: `spec.egress[${i}]`, cidr: null, excepts: CidrSet.EMPTY, set: EVERYTHING, ports });
        return;
      }
      to.forEach((peer, j) => {
        if (!isObject(peer) || !isObject(peer.ipBlock) || typeof peer.ipBlock.cidr !== 'string') return;
        const cidr = parseCidr(peer.ipBlock.cidr);
        if (cidr === null) return;
        const range = CidrSet.fromParsed([cidr]);
        const excepts = listOf(peer.ipBlock.except)
          .map((e) => (typeof e === 'string' ? parseCidr(e) : null))
          .filter((p): p is ParsedCidr => p !== null && p.family === cidr.family);
        const exceptSet = CidrSet.fromParsed(excepts).intersect(range);
        grants.push({ policy: view.index, path: `spec.egress[${i}].to[${j}].ipBlock`, cidr, excepts: exceptSet, set: range.subtract(exceptSet), ports });
      });
    });
  }
  return grants;
}

function rangeFindings(grants: RefGrant[], cluster: CidrSet, clusterDns: CidrSet, sink: (g: RefGrant, f: Finding) => void): void {
  const internalDns = CidrSet.from(INTERNAL_DNS_RANGES).union(clusterDns);
  for (const grant of grants) {
    const family = grant.cidr?.family ?? null;
    if (family === null && grant.set.equals(EVERYTHING)) {
      sink(grant, {
        severity: grant.ports === null || portsAllow(grant.ports, 'TCP', 80) ? 'critical' : 'high',
        code: 'egress-unrestricted',
        message:
          grant.path === 'spec.policyTypes'
            ? 'egress is not isolated: no policy has "Egress" in policyTypes, so every destination is allowed'
            : `egress rule has no "to": every destination is allowed${grant.ports === null ? ' on every port' : ''}`,
        path: grant.path,
        ranges: ['0.0.0.0/0', '::/0'],
        example: '169.254.169.254',
        suggestion: suggest(grant, CidrSet.EMPTY),
      });
    }
    const broad = grant.cidr === null || grant.cidr.prefix <= (family === 4 ? 1 : 3);
    if (broad && grant.ports === null) {
      sink(grant, {
        severity: 'info',
        code: 'unrestricted-ports',
        message: 'an internet-wide destination is allowed on every port and protocol (exfiltration over SMTP, arbitrary TCP/UDP)',
        path: grant.path,
        ranges: [],
        example: '203.0.113.7:25/TCP',
        suggestion: 'add ports, e.g. [{protocol: TCP, port: 443}, {protocol: TCP, port: 80}, {protocol: UDP, port: 53}]',
      });
    }
    if (!cluster.isEmpty() && grant.cidr !== null) {
      const onCluster = CidrSet.fromParsed([grant.cidr]).intersect(cluster);
      if (!onCluster.isEmpty()) {
        sink(grant, {
          severity: 'info',
          code: 'ipblock-on-pod-range',
          message: `ipBlock ${grant.cidr.text} overlaps a cluster range: whether ipBlocks match pod IPs depends on the CNI (Calico: yes, Cilium: no)`,
          path: grant.path,
          ranges: onCluster.toCidrs(),
          example: onCluster.firstAddress() ?? '',
        });
      }
    }
    for (const row of COMPILED_SENSITIVE_RANGES) {
      let sensitive = row.set;
      if (row.code === 'link-local-reachable' && onlyDnsPorts(grant.ports)) sensitive = sensitive.subtract(CidrSet.from([NODELOCAL_DNS]));
      const reach = grant.set.intersect(sensitive);
      if (reach.isEmpty()) continue;
      let severity = row.severity;
      if (row.code === 'private-v4-reachable' && grant.ports !== null && reach.v4.every(([s, e]) => s === e)) severity = 'medium';
      sink(grant, reachFinding(grant, row.code, severity, row.what, reach));
    }
    if (portsAllow(grant.ports, 'UDP', 53) || portsAllow(grant.ports, 'TCP', 53)) {
      const reach = grant.set.intersect(internalDns);
      if (!reach.isEmpty()) sink(grant, reachFinding(grant, 'internal-dns-reachable', 'medium', 'resolvers that answer for internal names on port 53', reach));
    }
    const onCluster = grant.set.intersect(cluster);
    if (!onCluster.isEmpty()) sink(grant, reachFinding(grant, 'cluster-range-reachable', 'high', "the cluster's own pod/service/node ranges", onCluster));
  }
}

function crossGrantFindings(grants: RefGrant[], all: CidrSet, sink: (g: RefGrant, f: Finding) => void): void {
  const v4Minimum = CidrSet.from(V4_HARDENED_MINIMUM);
  const v4Hardened = grants.some((g) => g.cidr?.family === 4 && g.cidr.prefix <= 1 && g.excepts.containsSet(v4Minimum) && !g.excepts.isEmpty());
  if (v4Hardened) {
    for (const g of grants) {
      if (g.cidr === null || g.cidr.family !== 6 || g.cidr.prefix > 2) continue;
      const reach = g.set.intersect(CidrSet.from(V6_ASYMMETRY_RANGES));
      if (!reach.isEmpty()) sink(g, reachFinding(g, 'family-asymmetry', 'high', 'IPv6 space whose IPv4 counterparts are excepted (ULA, link-local or NAT64)', reach));
    }
  }
  for (const g of grants) {
    const reopened = g.excepts.intersect(all);
    if (reopened.isEmpty()) continue;
    const ranges = reopened.toCidrs();
    sink(g, {
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

/** Most severe first, then by code and path (a stable comparator sort). */
function sortFindings(findings: Finding[]): void {
  const rank = (f: Finding) => SEVERITIES.indexOf(f.severity);
  findings.sort((a, b) => rank(a) - rank(b) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The auditor's report, computed the slow, simple way (selector and form findings shared with src). */
export function referenceAudit(input: unknown, options?: AuditOptions): AuditReport {
  const { cluster, clusterDns, strict } = readAuditOptions(options);
  const whole = snapshot(input, '');
  const items = (Array.isArray(whole) ? whole : [whole]).map((item) => normalizePolicy(item));
  const usable = items.map((item, i) => ({ data: item.data, i })).filter(({ data }) => auditable(data));
  const views = policyViews(usable.map((u) => u.data)).map((v, j) => ({ ...v, index: usable[j]!.i }));
  const findings: Finding[] = [];
  const prefix = Array.isArray(whole) && whole.length > 1;
  const push = (view: number, f: Finding): void => {
    findings.push(prefix ? { ...f, path: f.path ? `[${view}].${f.path}` : `[${view}]` } : f);
  };
  items.forEach((item, i) => {
    for (const issue of [...item.issues, ...validatePolicyItem(item.data, { strictCidr: strict })]) push(i, issueToFinding(issue, strict));
  });
  const done = (reachable: CidrSet): AuditReport => {
    sortFindings(findings);
    return { findings, counts: countFindings(findings), highest: findings[0]?.severity ?? null, egressReachable: reachable };
  };
  if (items.length > 0 && usable.length === 0) return done(CidrSet.EMPTY);
  const grants = grantsOf(views);
  const sink = (g: RefGrant, f: Finding): void => push(g.policy, f);
  rangeFindings(grants, cluster, clusterDns, sink);
  const reachable = CidrSet.unionAll(grants.map((g) => g.set));
  crossGrantFindings(grants, reachable, sink);
  const first = views[0]?.index ?? 0;
  for (const view of views) selectorFindings(view, (f) => push(view.index, f));
  if (!views.some((v) => v.isolatesIngress)) {
    push(first, {
      severity: 'medium',
      code: 'ingress-not-isolated',
      message: 'no policy has "Ingress" in policyTypes: every source may connect to the pods',
      path: 'spec.policyTypes',
      ranges: [],
      example: 'any pod in any namespace',
      suggestion: 'add "Ingress" to policyTypes and allow only the sandbox router',
    });
  }
  push(first, {
    severity: 'info',
    code: 'node-traffic-allowed',
    message: "traffic between a pod and its own node is always allowed: kubelet, hostPort and hostNetwork daemons on the sandbox's node stay reachable",
    path: 'spec',
    ranges: [],
    example: 'the node IP on port 10250 (kubelet)',
  });
  push(first, {
    severity: 'info',
    code: 'cni-enforcement-required',
    message: 'NetworkPolicies do nothing unless the cluster runs a network plugin that enforces them',
    path: 'spec',
    ranges: [],
    example: 'a cluster on a plugin without NetworkPolicy support',
  });
  return done(reachable);
}

function auditable(data: unknown): boolean {
  if (!isObject(data)) return false;
  if (!looksLikePolicy(data)) return true;
  const kindOk = data.kind === undefined || data.kind === null || data.kind === 'NetworkPolicy';
  return kindOk && (data.spec === undefined || data.spec === null || isObject(data.spec));
}
