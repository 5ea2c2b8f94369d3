import { CidrSet } from '../cidr/cidr-set.js';
import { coverCidrs } from '../cidr/cover.js';
import * as iv from '../cidr/intervals.js';
import type { Interval } from '../cidr/intervals.js';
import { validatePolicyItem } from '../validation/network-policy.js';
import { formatAddress, parseAddress } from '../cidr/address.js';
import { SandboxPolicyError, type PolicyIssue } from '../errors.js';
import { looksLikePolicy, normalizePolicy } from '../policy-input.js';
import { isObject } from '../json.js';
import { describeValue, snapshot, snapshotOptions } from '../snapshot.js';
import type { ValidationIssue } from '../validation/field.js';
import { FINDING_CATALOGUE, type FindingCode } from './finding-catalogue.js';
import {
  COMPILED_SENSITIVE_RANGES,
  INTERNAL_DNS_RANGES,
  NODELOCAL_DNS,
  SEVERITIES,
  V4_HARDENED_MINIMUM,
  V6_ASYMMETRY_RANGES,
  type Severity,
} from './catalogue.js';
import {
  EVERYTHING,
  egressGrants,
  egressPeerReads,
  grantCanonical,
  grantFamily,
  grantForm,
  grantMeets,
  grantOwn,
  grantPrefix,
  grantRangeOverlaps,
  grantText,
  meetIndex,
  onlyDnsPorts,
  policyViews,
  portsAllow,
  reachableOf,
  QuietBlocks,
  type Grant,
  type GrantForm,
  type MeetIndex,
  wholeBlockOf,
} from './grants.js';
import { ExceptSuggester, everythingSuggestion, reachFinding, wholeFinding } from './reach-findings.js';
import { selectorFindings } from './selectors.js';
import type { Finding } from './finding.js';

export type { Finding } from './finding.js';

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
   * of CIDRs, and most callers never need the list. Empty when no input item is a NetworkPolicy
   * (then the `error` findings say what was given instead).
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

// The catalogue's constant ranges, parsed once.
const NODELOCAL_SET = /* @__PURE__ */ CidrSet.from([NODELOCAL_DNS]);
const INTERNAL_DNS_SET = /* @__PURE__ */ CidrSet.from(INTERNAL_DNS_RANGES);
const V4_MINIMUM_SET = /* @__PURE__ */ CidrSet.from(V4_HARDENED_MINIMUM);
const V6_NEEDED_SET = /* @__PURE__ */ CidrSet.from(V6_ASYMMETRY_RANGES);
const CATALOGUE_SET = /* @__PURE__ */ (() => CidrSet.unionAll(COMPILED_SENSITIVE_RANGES.map((r) => r.set)))();

/** Audit options after validation. Internal. */
export interface ResolvedAuditOptions {
  readonly cluster: CidrSet;
  readonly clusterDns: CidrSet;
  readonly strict: boolean;
}

const AUDIT_OPTION_KEYS = ['clusterCidrs', 'clusterDnsIps', 'strictCidr'] as const;

/** Validates {@link AuditOptions} up front, whatever the policy holds. Internal. */
export function readAuditOptions(options: unknown): ResolvedAuditOptions {
  const data = snapshotOptions(options, AUDIT_OPTION_KEYS);
  const issues: PolicyIssue[] = [];
  const strings = (name: string): string[] => {
    const value = data[name];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      issues.push({ path: `options.${name}`, message: `must be a list of strings, got ${describeValue(value)}` });
      return [];
    }
    value.forEach((v, i) => {
      if (typeof v !== 'string') issues.push({ path: `options.${name}[${i}]`, message: `must be a string, got ${describeValue(v)}` });
    });
    return value.filter((v): v is string => typeof v === 'string');
  };
  const collect = <T>(make: () => T, fallback: T): T => {
    try {
      return make();
    } catch (err) {
      if (!(err instanceof SandboxPolicyError)) throw err;
      issues.push(...err.issues);
      return fallback;
    }
  };
  const cluster = collect(() => CidrSet.from(strings('clusterCidrs'), { path: 'options.clusterCidrs', mode: 'legacy' }), CidrSet.EMPTY);
  const dnsIps = strings('clusterDnsIps');
  dnsIps.forEach((ip, i) => {
    if (parseAddress(ip) === null) issues.push({ path: `options.clusterDnsIps[${i}]`, message: `${JSON.stringify(ip)} is not an IP address` });
  });
  const clusterDns = issues.length > 0 ? CidrSet.EMPTY : collect(
    () => CidrSet.from(dnsIps.map((ip) => (ip.includes(':') ? `${ip}/128` : `${ip}/32`)), { path: 'options.clusterDnsIps', mode: 'legacy' }),
    CidrSet.EMPTY,
  );
  const strict = data.strictCidr;
  if (strict !== undefined && strict !== null && typeof strict !== 'boolean') {
    issues.push({ path: 'options.strictCidr', message: `must be a boolean, got ${describeValue(strict)}` });
  }
  if (issues.length > 0) throw new SandboxPolicyError(issues);
  return { cluster, clusterDns, strict: strict !== false };
}

/** The catalogue's rows as interval lists (the link-local row also without NodeLocal DNS, for DNS-only ports). */
const ROWS = /* @__PURE__ */ (() =>
  COMPILED_SENSITIVE_RANGES.map((row) => {
    const dnsOnly = row.code === 'link-local-reachable' ? row.set.subtract(NODELOCAL_SET) : row.set;
    return { code: row.code, severity: row.severity, what: row.what, v4: row.set.v4, v6: row.set.v6, dnsV4: dnsOnly.v4, dnsV6: dnsOnly.v6 };
  }))();

/**
 * The catalogue cut at every row boundary, per family: elementary segments (each starting at
 * `starts[k]`, ending where the next starts) with the bit set of the rows that cover them. One
 * binary search tells which rows a single range meets; only those are clipped.
 */
interface RowSegments<T> {
  readonly starts: readonly T[];
  readonly masks: Int32Array;
}

function rowSegments(lists: ReadonlyArray<readonly Interval[]>): RowSegments<bigint> {
  const cuts = new Set<bigint>();
  for (const list of lists) for (const pair of list) cuts.add(pair[0]).add(pair[1] + 1n);
  const starts = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const masks = new Int32Array(starts.length);
  starts.forEach((at, k) => {
    lists.forEach((list, r) => {
      if (list.some((pair) => pair[0] <= at && at <= pair[1])) masks[k]! |= 1 << r;
    });
  });
  return { starts, masks };
}

const SEGMENTS_4 = /* @__PURE__ */ (() => {
  const segments = rowSegments(ROWS.map((row) => row.v4));
  return { starts: segments.starts.map(Number), masks: segments.masks };
})();
const SEGMENTS_6 = /* @__PURE__ */ (() => rowSegments(ROWS.map((row) => row.v6)))();
const ALL_ROWS = /* @__PURE__ */ (() => (1 << ROWS.length) - 1)();

/** How many segments start at or before `value` (binary search over the sorted starts). */
function segmentsUpTo<T extends number | bigint>(starts: readonly T[], value: T): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The bit set of the rows whose segments meet [start, end]. */
function segmentMask<T extends number | bigint>(segments: RowSegments<T>, start: T, end: T): number {
  const starts = segments.starts;
  // The last segment starting at or before `start` (-1: before the first).
  const lo = segmentsUpTo(starts, start);
  let mask = 0;
  for (let k = lo - 1 < 0 ? 0 : lo - 1; k < starts.length && starts[k]! <= end; k++) mask |= segments.masks[k]!;
  return mask;
}

/**
 * The segment holding all of [start, end], or -1 when the range crosses a cut (or lies before
 * the first): then every row of `masks[k]` holds the whole range, and no other row meets it.
 */
function segmentHolding<T extends number | bigint>(segments: RowSegments<T>, start: T, end: T): number {
  const starts = segments.starts;
  const lo = segmentsUpTo(starts, start);
  // starts[lo - 1] <= start < starts[lo]: inside segment lo - 1 when the range ends before the next cut.
  return lo > 0 && (lo === starts.length || end < starts[lo]!) ? lo - 1 : -1;
}

/** The rows a grant may reach: a single range per family is looked up, anything else may reach every row. */
function rowsMet(form: GrantForm): number {
  let mask = 0;
  if (form.v4.length === 1) mask |= segmentMask(SEGMENTS_4, Number(form.v4[0]![0]), Number(form.v4[0]![1]));
  else if (form.v4.length > 1) return ALL_ROWS;
  if (form.v6.length === 1) mask |= segmentMask(SEGMENTS_6, form.v6[0]![0], form.v6[0]![1]);
  else if (form.v6.length > 1) return ALL_ROWS;
  return mask;
}

/** The ranges any range finding needs, without cluster options (most calls). */
const INTERESTING_DEFAULT = /* @__PURE__ */ (() => meetIndex(CATALOGUE_SET.union(INTERNAL_DNS_SET)))();

const NO_INTERVALS: readonly Interval[] = /* @__PURE__ */ Object.freeze([]);

/** Index of the first interval of `list` ending at or after `value` (binary search). */
function firstEnding(list: readonly Interval[], value: bigint): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]![1] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `a ∩ b` for sorted, disjoint lists: each interval of the shorter one binary-searches its place
 * in the longer one (lists of similar length, both long: one linear walk). The shared empty list when they do not meet (nothing allocated then); no
 * destructuring in the loop (it would make an iterator per pair).
 */
function clip(a: readonly Interval[], b: readonly Interval[]): readonly Interval[] {
  const small = a.length <= b.length ? a : b;
  const big = small === a ? b : a;
  if (small.length * 16 >= big.length && small.length > 8) return mergeClip(small, big);
  let out: Interval[] | null = null;
  for (let i = 0; i < small.length; i++) {
    const pair = small[i]!;
    const s = pair[0];
    const e = pair[1];
    for (let j = firstEnding(big, s); j < big.length; j++) {
      const other = big[j]!;
      const os = other[0];
      if (os > e) break;
      const oe = other[1];
      // A pair wholly inside the other list's pair is kept as it is (no new pair).
      (out ??= []).push(os >= s && oe <= e ? other : s >= os && e <= oe ? pair : [os > s ? os : s, oe < e ? oe : e]);
    }
  }
  return out ?? NO_INTERVALS;
}

/** `clip` of two lists of similar length: one linear walk of both. */
function mergeClip(a: readonly Interval[], b: readonly Interval[]): readonly Interval[] {
  let out: Interval[] | null = null;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const p = a[i]!;
    const q = b[j]!;
    const s = p[0] > q[0] ? p[0] : q[0];
    const e = p[1] < q[1] ? p[1] : q[1];
    if (s <= e) (out ??= []).push(s === p[0] && e === p[1] ? p : s === q[0] && e === q[1] ? q : [s, e]);
    if (p[1] < q[1]) i++;
    else j++;
  }
  return out ?? NO_INTERVALS;
}

/** Every range a range finding is about (sensitive, internal DNS, cluster), indexed for overlap questions. Internal. */
export function interestingIndex(options: ResolvedAuditOptions): MeetIndex {
  const { cluster, clusterDns } = options;
  if (cluster.isEmpty() && clusterDns.isEmpty()) return INTERESTING_DEFAULT;
  return meetIndex(CidrSet.unionAll([CATALOGUE_SET, INTERNAL_DNS_SET, clusterDns, cluster]));
}

/** Range findings of each grant (sensitive ranges, unrestricted egress, cluster ranges, ports). Internal. */
export function rangeFindings(
  grants: readonly Grant[],
  options: ResolvedAuditOptions,
  sinkOf: (g: Grant) => Sink,
  suggest: ExceptSuggester = new ExceptSuggester(),
): void {
  const { cluster, clusterDns } = options;
  // Per call, resolved once: the DNS and cluster ranges, and the union a grant must meet to matter.
  const internalDns = clusterDns.isEmpty() ? INTERNAL_DNS_SET : INTERNAL_DNS_SET.union(clusterDns);
  const interesting = interestingIndex(options);
  const hasCluster = !cluster.isEmpty();
  const cluster4 = cluster.v4;
  const cluster6 = cluster.v6;
  const dns4 = internalDns.v4;
  const dns6 = internalDns.v6;
  for (let gi = 0; gi < grants.length; gi++) {
    const grant = grants[gi]!;
    const family = grantFamily(grant); // read without parsing a kept IPv4 key
    const ports = grant.ports;
    if (family === null && grant.set.equals(EVERYTHING)) {
      const critical = ports === null || portsAllow(ports, 'TCP', 80);
      sinkOf(grant)({
        severity: critical ? 'critical' : 'high',
        code: 'egress-unrestricted',
        message:
          grant.path === 'spec.policyTypes'
            ? 'egress is not isolated: no policy has "Egress" in policyTypes, so every destination is allowed'
            : `egress rule has no "to": every destination is allowed${ports === null ? ' on every port' : ''}`,
        path: grant.path,
        ranges: ['0.0.0.0/0', '::/0'],
        example: '169.254.169.254',
        suggestion: everythingSuggestion(grant.path),
      });
    }
    const broad = family === null || grantPrefix(grant) <= (family === 4 ? 1 : 3);
    if (broad && ports === null) {
      sinkOf(grant)({
        severity: 'info',
        code: 'unrestricted-ports',
        message: 'an internet-wide destination is allowed on every port and protocol (exfiltration over SMTP, arbitrary TCP/UDP)',
        path: grant.path,
        ranges: [],
        example: '203.0.113.7:25/TCP',
        suggestion: 'add ports, e.g. [{protocol: TCP, port: 443}, {protocol: TCP, port: 80}, {protocol: UDP, port: 53}]',
      });
    }
    if (hasCluster && family !== null && grantRangeOverlaps(grant, cluster4, cluster6)) {
      const cidr = grant.cidr!;
      const onCluster = iv.intersect(family === 4 ? cluster4 : cluster6, [[cidr.start, cidr.end]]);
      sinkOf(grant)({
        severity: 'info',
        code: 'ipblock-on-pod-range',
        message: `ipBlock ${grantText(grant)} overlaps a cluster range: whether ipBlocks match pod IPs depends on the CNI (Calico: yes, Cilium: no)`,
        path: grant.path,
        ranges: coverCidrs(onCluster, family),
        example: formatAddress(family, onCluster[0]![0]),
      });
    }
    // Most peers of a long allow-list touch no sensitive, DNS or cluster range: one search decides.
    if (!grantMeets(grant, interesting)) continue;
    const dnsOnly = onlyDnsPorts(ports);
    const whole = dnsOnly ? null : wholeBlockOf(grant);
    let met = -1;
    if (whole !== null) {
      // A peer without excepts inside one catalogue segment (most findings of a long list): each
      // row of the segment holds all of it, so its findings are written without clipping.
      const k = whole.family === 4
        ? segmentHolding(SEGMENTS_4, Number(whole.start), Number(whole.end))
        : segmentHolding(SEGMENTS_6, whole.start as bigint, whole.end as bigint);
      if (k >= 0) {
        const rows = whole.family === 4 ? SEGMENTS_4.masks[k]! : SEGMENTS_6.masks[k]!;
        const canonical = rows === 0 ? '' : grantCanonical(grant);
        for (let r = 0; r < ROWS.length; r++) {
          if ((rows & (1 << r)) === 0) continue;
          const row = ROWS[r]!;
          // private-v4 on restricted ports is medium when every reached range is one address.
          const single = whole.family === 6 || whole.start === whole.end;
          const severity = row.code === 'private-v4-reachable' && ports !== null && single ? 'medium' : row.severity;
          sinkOf(grant)(wholeFinding(grant, canonical, row.code, severity, row.what));
        }
        met = 0;
      }
    }
    // The form is built only when something is left to clip.
    let form: GrantForm | null = null;
    if (met < 0) met = rowsMet((form = grantForm(grant)));
    for (let r = 0; met !== 0 && r < ROWS.length; r++) {
      if ((met & (1 << r)) === 0) continue;
      const row = ROWS[r]!;
      const v4 = clip(dnsOnly ? row.dnsV4 : row.v4, form!.v4);
      const v6 = clip(dnsOnly ? row.dnsV6 : row.v6, form!.v6);
      if (v4.length === 0 && v6.length === 0) continue;
      let severity = row.severity;
      if (row.code === 'private-v4-reachable' && ports !== null && v4.every(([s, e]) => s === e)) severity = 'medium';
      sinkOf(grant)(reachFinding(grant, form!, row.code, severity, row.what, v4, v6, suggest));
    }
    if ((portsAllow(ports, 'UDP', 53) || portsAllow(ports, 'TCP', 53)) && (whole === null || iv.overlapsRange(whole.family === 4 ? dns4 : dns6, whole.start, whole.end))) {
      form ??= grantForm(grant);
      const v4 = clip(dns4, form.v4);
      const v6 = clip(dns6, form.v6);
      if (v4.length > 0 || v6.length > 0) {
        sinkOf(grant)(reachFinding(grant, form, 'internal-dns-reachable', 'medium', 'resolvers that answer for internal names on port 53', v4, v6, suggest));
      }
    }
    if (hasCluster) {
      form ??= grantForm(grant);
      const v4 = clip(cluster4, form.v4);
      const v6 = clip(cluster6, form.v6);
      if (v4.length > 0 || v6.length > 0) {
        sinkOf(grant)(reachFinding(grant, form, 'cluster-range-reachable', 'high', "the cluster's own pod/service/node ranges", v4, v6, suggest));
      }
    }
  }
}

/** `family-asymmetry` and `except-reopened`. Internal. */
export function crossGrantFindings(grants: readonly Grant[], all: CidrSet, sinkOf: (g: Grant) => Sink, suggest: ExceptSuggester = new ExceptSuggester()): void {
  const minimum4 = V4_MINIMUM_SET.v4;
  const needed6 = V6_NEEDED_SET.v6;
  const v4Hardened = grants.some((g) => {
    if (grantFamily(g) !== 4 || grantPrefix(g) > 1) return false;
    const own = grantOwn(g);
    return own !== null ? own.length > 0 && iv.containsAll(own, minimum4) : !g.excepts.isEmpty() && g.excepts.containsSet(V4_MINIMUM_SET);
  });
  if (v4Hardened) {
    for (let gi = 0; gi < grants.length; gi++) {
      const g = grants[gi]!;
      if (grantFamily(g) !== 6 || grantPrefix(g) > 2) continue;
      const form = grantForm(g);
      const v6 = clip(needed6, form.v6);
      if (v6.length === 0) continue;
      sinkOf(g)(reachFinding(g, form, 'family-asymmetry', 'high', 'IPv6 space whose IPv4 counterparts are excepted (ULA, link-local or NAT64)', NO_INTERVALS, v6, suggest));
    }
  }
  // The reachable set's pairs of a family, read only when some grant has own excepts of it
  // (a long allow-list has none, and its IPv4 pairs would be materialized for nothing).
  let all4: readonly Interval[] | null = null;
  let all6: readonly Interval[] | null = null;
  for (let gi = 0; gi < grants.length; gi++) {
    const g = grants[gi]!;
    const own = grantOwn(g);
    let ranges: string[];
    let example: string;
    if (own !== null) {
      if (own.length === 0) continue;
      const family = grantFamily(g)!;
      const reopened = clip(own, family === 4 ? (all4 ??= all.v4) : (all6 ??= all.v6));
      if (reopened.length === 0) continue;
      ranges = coverCidrs(reopened, family);
      example = formatAddress(family, reopened[0]![0]);
    } else {
      if (g.excepts.isEmpty()) continue;
      const reopened = g.excepts.intersect(all);
      if (reopened.isEmpty()) continue;
      ranges = reopened.toCidrs();
      example = reopened.firstAddress() ?? '';
    }
    sinkOf(g)({
      severity: 'high',
      code: 'except-reopened',
      message: `ranges excepted here are allowed by another peer, rule or policy (policies only add): ${ranges.slice(0, 4).join(', ')}${ranges.length > 4 ? ` and ${ranges.length - 4} more` : ''}`,
      path: [g.path, '.except'].join(''), // flat (see peerPath)
      ranges,
      example,
      suggestion: 'except the same ranges in every peer that covers them',
    });
  }
}

/**
 * A validation issue as an audit finding, by its `reason` (never its message): `ipv4-mapped` ->
 * `ipv4-mapped-cidr` (error), `leading-zeros` / `host-bits` -> `noncanonical-cidr` (error when
 * validating strictly, else low), `noncanonical-ipv6` -> `noncanonical-cidr` (info),
 * `except-not-subset` or any other rejected except -> `invalid-except`, the rest `api-invalid`. Internal.
 */
export function issueToFinding(issue: ValidationIssue, strict: boolean): Finding {
  let code: FindingCode = 'api-invalid';
  let severity: Severity = issue.severity === 'error' ? 'error' : 'low';
  switch (issue.reason) {
    case 'ipv4-mapped':
      code = 'ipv4-mapped-cidr';
      severity = 'error';
      break;
    case 'leading-zeros':
    case 'host-bits':
      code = 'noncanonical-cidr';
      severity = strict ? 'error' : 'low';
      break;
    case 'noncanonical-ipv6':
      code = 'noncanonical-cidr';
      severity = 'info';
      break;
    default:
      if (issue.severity === 'error' && (issue.reason === 'except-not-subset' || /\.except\[\d+\]$/.test(issue.path))) code = 'invalid-except';
  }
  const m = issue.message;
  const example = m.match(/"([^"]*)"/)?.[1] ?? '';
  return { severity, code, message: m, path: issue.path, ranges: [], example };
}

const RANK = /* @__PURE__ */ (() => new Map<string, number>(SEVERITIES.map((s, i) => [s, i])))();
/** Each catalogue code's place in string order (codes sort as plain strings). */
const CODE_ORDER = /* @__PURE__ */ (() => new Map<string, number>(FINDING_CATALOGUE.map((k) => k.code).sort().map((c, i) => [c, i])))();

function byPath(a: Finding, b: Finding): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/**
 * Sorts in place: most severe first, then by code and path; equal findings keep their order.
 * Each finding's severity and code are read into one number first, so the comparisons are on
 * numbers and, within a severity and code, on paths. Internal.
 */
export function sortFindings<T extends Finding>(findings: T[]): T[] {
  const n = findings.length;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const f = findings[i]!;
    const rank = RANK.get(f.severity);
    const code = CODE_ORDER.get(f.code);
    if (rank === undefined || code === undefined) return sortByFields(findings);
    keys[i] = (rank * CODE_ORDER.size + code) * 2 ** 32 + i; // ties (and the input order) by index
  }
  keys.sort();
  const sorted = new Array<T>(n);
  let i = 0;
  while (i < n) {
    // A run of one severity and code: in input order, then sorted by path (a stable sort).
    const group = Math.floor(keys[i]! / 2 ** 32);
    let j = i;
    while (j < n && Math.floor(keys[j]! / 2 ** 32) === group) {
      sorted[j] = findings[keys[j]! - group * 2 ** 32]!;
      j++;
    }
    if (j - i > 1) {
      let ordered = true;
      for (let k = i + 1; k < j && ordered; k++) ordered = sorted[k - 1]!.path <= sorted[k]!.path;
      if (!ordered) {
        const run = sorted.slice(i, j).sort(byPath);
        for (let k = i; k < j; k++) sorted[k] = run[k - i]!;
      }
    }
    i = j;
  }
  for (let k = 0; k < n; k++) findings[k] = sorted[k]!;
  return findings;
}

/** The same order with a comparator on the fields (for a severity or code outside the catalogue). */
function sortByFields<T extends Finding>(findings: T[]): T[] {
  const rank = (s: string) => RANK.get(s) ?? SEVERITIES.length;
  return findings.sort((a, b) => rank(a.severity) - rank(b.severity) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) || byPath(a, b));
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
 * throws on a policy that is plain data: anything the API server would refuse (a value that is not
 * a NetworkPolicy at all, a wrong `kind`, an invalid rule, `from` and `_from` in one rule) is a
 * finding of severity `error`, and whatever parses is still audited.
 *
 * @param input - a NetworkPolicy, a NetworkPolicySpec, or a list of either.
 * @param options - cluster ranges and DNS addresses; CIDR strictness.
 * @returns the findings, most severe first, with counts.
 * @throws {@link SandboxPolicyError} for invalid `options` (checked first, whatever the policy
 *   holds: e.g. a malformed cluster CIDR), or input that is not plain data (a getter that throws, cycles,
 *   BigInt, nesting deeper than {@link MAX_NESTING_DEPTH}).
 * @example
 * ```ts
 * const report = auditNetworkPolicy(networkPolicyFor(template)!);
 * report.findings.filter((f) => f.severity === 'critical').map((f) => f.code); // ['metadata-reachable']
 * ```
 */
export function auditNetworkPolicy(input: unknown, options?: AuditOptions): AuditReport {
  const resolved = readAuditOptions(options);
  const whole = snapshot(input, '');
  const items = (Array.isArray(whole) ? whole : [whole]).map((item) => normalizePolicy(item));
  // Only values that are NetworkPolicies (or specs) are analysed; the rest are `error` findings
  // alone, never described as if they were policies.
  const usable = items.map((item, i) => ({ data: item.data, i })).filter(({ data }) => isAuditable(data));
  const views = policyViews(usable.map((u) => u.data)).map((v, j) => ({ ...v, index: usable[j]!.i }));
  const findings: Finding[] = [];
  const prefix = Array.isArray(whole) && whole.length > 1;
  const sinkFor =
    (view: number): Sink =>
    (f) =>
      findings.push(prefix ? { ...f, path: f.path ? `[${view}].${f.path}` : `[${view}]` } : f);
  const strict = resolved.strict;
  // Each finding is attributed to the policy its grant (or selector) belongs to: one sink per policy.
  const sinks = new Map<number, Sink>();
  const byPolicy = (g: Grant): Sink => {
    let sink = sinks.get(g.policy);
    if (sink === undefined) sinks.set(g.policy, (sink = sinkFor(g.policy)));
    return sink;
  };
  // Anything the API server would refuse is an `error` finding; what parses is still audited.
  const parsed = egressPeerReads(views); // filled by validation, read again by egressGrants
  items.forEach((item, i) => {
    const issues = [...item.issues, ...validatePolicyItem(item.data, { strictCidr: strict }, parsed)];
    for (const issue of issues) sinkFor(i)(issueToFinding(issue, strict));
  });
  if (items.length > 0 && usable.length === 0) return report(findings, CidrSet.EMPTY);
  // Peers that can give no finding are kept as addresses only (most of a long allow-list).
  const quiet = new QuietBlocks(interestingIndex(resolved));
  const grants = egressGrants(views, parsed, quiet);
  const first = views[0]?.index ?? 0; // findings about the policies together go to the first one
  const suggest = new ExceptSuggester(); // one per call: each grant's own excepts are written out once
  rangeFindings(grants, resolved, byPolicy, suggest);
  const reachable = reachableOf(grants, quiet);
  crossGrantFindings(grants, reachable, byPolicy, suggest);
  for (const view of views) selectorFindings(view, sinkFor(view.index));
  if (!views.some((v) => v.isolatesIngress)) {
    sinkFor(first)({
      severity: 'medium',
      code: 'ingress-not-isolated',
      message: 'no policy has "Ingress" in policyTypes: every source may connect to the pods',
      path: 'spec.policyTypes',
      ranges: [],
      example: 'any pod in any namespace',
      suggestion: 'add "Ingress" to policyTypes and allow only the sandbox router',
    });
  }
  sinkFor(first)({
    severity: 'info',
    code: 'node-traffic-allowed',
    message: "traffic between a pod and its own node is always allowed: kubelet, hostPort and hostNetwork daemons on the sandbox's node stay reachable",
    path: 'spec',
    ranges: [],
    example: 'the node IP on port 10250 (kubelet)',
  });
  sinkFor(first)({
    severity: 'info',
    code: 'cni-enforcement-required',
    message: 'NetworkPolicies do nothing unless the cluster runs a network plugin that enforces them',
    path: 'spec',
    ranges: [],
    example: 'a cluster on a plugin without NetworkPolicy support',
  });
  return report(findings, reachable);
}

/** The report: findings most severe first, then by code and path, with counts. */
function report(findings: Finding[], reachable: CidrSet): AuditReport {
  sortFindings(findings);
  const counts = countFindings(findings);
  return { findings, counts, highest: findings[0]?.severity ?? null, egressReachable: reachable };
}

/** True for a NetworkPolicy (kind absent or `NetworkPolicy`, spec absent or an object) or a spec. */
function isAuditable(data: unknown): boolean {
  if (!isObject(data)) return false;
  if (!looksLikePolicy(data)) return true;
  const kindOk = data.kind === undefined || data.kind === null || data.kind === 'NetworkPolicy';
  return kindOk && (data.spec === undefined || data.spec === null || isObject(data.spec));
}
