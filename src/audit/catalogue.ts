import { CidrSet } from '../cidr/cidr-set.js';
import { deepFreeze } from '../snapshot.js';
import { METADATA_CIDRS } from '../range-cidrs.js';
import { FINDING_CATALOGUE, kindOf, type FindingCode } from './finding-catalogue.js';
import type { Severity } from './severity.js';

export { SEVERITIES, type Severity } from './severity.js';

/** A class of sensitive destinations and the finding reported when a policy reaches it. */
export interface SensitiveRange {
  /** The finding code reported when a policy reaches this class. */
  readonly code: FindingCode;
  /** The finding's severity. */
  readonly severity: Severity;
  /** What lives there, for messages. */
  readonly what: string;
  /** The ranges of the class, canonical. */
  readonly cidrs: readonly string[];
}

/**
 * Sensitive destinations (docs/ranges.md; each code has a page in docs/findings/), one row per finding code, most
 * severe first. Port-dependent codes (`link-local-reachable`'s NodeLocal DNS exception,
 * `internal-dns-reachable`) are refined in the auditor.
 */
export const SENSITIVE_RANGES: readonly SensitiveRange[] = /* @__PURE__ */ (() => deepFreeze(
  (
    [
  {
    code: 'metadata-reachable',
    what: 'cloud metadata and credential endpoints',
    // The metadata endpoints the 'metadata' floor removes, but for the two with rows of their own below.
    cidrs: METADATA_CIDRS.filter((c) => c !== '168.63.129.16/32' && c !== '192.0.0.192/32'),
  },
  { code: 'azure-wireserver-reachable', what: 'the Azure WireServer (VM agent, DNS, DHCP)', cidrs: ['168.63.129.16/32'] },
  { code: 'c3-metadata-reachable', what: 'the Compute Cloud@Customer metadata service', cidrs: ['192.0.0.192/32'] },
  { code: 'link-local-reachable', what: 'link-local space (instance metadata, EKS Pod Identity, NodeLocal DNS)', cidrs: ['169.254.0.0/16', 'fe80::/10'] },
  { code: 'private-v4-reachable', what: 'RFC 1918 private space (pods, services, nodes, VPC)', cidrs: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] },
  { code: 'cgnat-reachable', what: 'CGNAT space (Alibaba Cloud metadata and DNS, EKS custom-networking pods)', cidrs: ['100.64.0.0/10'] },
  { code: 'ula-reachable', what: 'IPv6 unique local space (IPv6 metadata, EKS IPv6 services, IPv6 pods)', cidrs: ['fc00::/7'] },
  { code: 'nat64-reachable', what: 'NAT64 prefixes (reach private IPv4 hosts through the VPC NAT64)', cidrs: ['64:ff9b::/96', '64:ff9b:1::/48'] },
  { code: 'benchmark-range-reachable', what: 'benchmarking space 198.18.0.0/15 (AWS-recommended pod range 198.19.0.0/16)', cidrs: ['198.18.0.0/15'] },
  { code: 'class-e-reachable', what: 'class E space (GKE pod and service ranges)', cidrs: ['240.0.0.0/4'] },
  { code: 'ietf-v4-block-reachable', what: 'IETF protocol assignments 192.0.0.0/24', cidrs: ['192.0.0.0/24'] },
  {
    code: 'special-range-reachable',
    what: 'special-purpose space (this-network, loopback, multicast, documentation, Teredo, 6to4, SRv6, discard)',
    cidrs: [
      '0.0.0.0/8',
      '127.0.0.0/8',
      '192.0.2.0/24',
      '198.51.100.0/24',
      '203.0.113.0/24',
      '224.0.0.0/4',
      '::/128',
      '::1/128',
      '100::/64',
      '100:0:0:1::/64',
      '2001::/23',
      '2001:db8::/32',
      '2002::/16',
      '3fff::/20',
      '5f00::/16',
      'fec0::/10',
      'ff00::/8',
    ],
  },
    ] satisfies Omit<SensitiveRange, 'severity'>[]
  ).map(({ code, what, cidrs }) => ({ code, severity: kindOf(code).severity, what, cidrs })),
))();

/** A finding about a SandboxTemplate document itself, not about what its policy lets through. */
export interface TemplateFindingKind {
  /** The finding code. */
  readonly code: FindingCode;
  /** The finding's severity. */
  readonly severity: Severity;
  /** Why it is reported, for messages. */
  readonly why: string;
}

/**
 * Findings about template documents, one row per code (the catalogue's `template` rows).
 * `deprecated-api-version`: the template is written in a SandboxTemplate version agent-sandbox
 * has deprecated (v1alpha1). It still works today, with a warning on every request, but stops
 * applying once the version is removed, and tools that read only v1beta1 skip it.
 */
export const TEMPLATE_FINDINGS: readonly TemplateFindingKind[] = /* @__PURE__ */ (() =>
  Object.freeze(FINDING_CATALOGUE.filter((k) => k.source === 'template').map((k) => Object.freeze({ code: k.code, severity: k.severity, why: k.reason ?? k.title }))))();

/** NodeLocal DNSCache's conventional address: allowed on port 53 without a link-local finding. */
export const NODELOCAL_DNS = '169.254.20.10/32';

/** Cloud resolvers that also answer for private zones (port 53 only). */
export const INTERNAL_DNS_RANGES = /* @__PURE__ */ Object.freeze(['169.254.20.10/32', '168.63.129.16/32', '100.100.0.0/16'] as const);

/** The IPv6 ranges whose absence from a `::/0`-like peer makes the families asymmetric. */
export const V6_ASYMMETRY_RANGES = /* @__PURE__ */ Object.freeze(['fc00::/7', 'fe80::/10', '64:ff9b::/96', '64:ff9b:1::/48'] as const);

/** The IPv4 ranges an IPv4 peer must except to count as "hardened" for the asymmetry check. */
export const V4_HARDENED_MINIMUM = /* @__PURE__ */ Object.freeze(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16'] as const);

/** The table with each row's ranges parsed (a constant, computed once at import: ~40 CIDRs). */
export const COMPILED_SENSITIVE_RANGES: ReadonlyArray<SensitiveRange & { readonly set: CidrSet }> = /* @__PURE__ */ (() =>
  Object.freeze(SENSITIVE_RANGES.map((r) => Object.freeze({ ...r, set: CidrSet.from(r.cidrs) }))))();

/** A finding code that is about a whole snapshot rather than one address range. */
export interface ClusterFindingCode {
  /** The finding code. */
  readonly code: FindingCode;
  /** Its severity. */
  readonly severity: Severity;
  /** Why it matters. */
  readonly reason: string;
}

/** Finding codes only `auditCluster` reports, with their severities and reasons (the catalogue's `cluster` rows). */
export const CLUSTER_FINDING_CODES: readonly ClusterFindingCode[] = /* @__PURE__ */ (() =>
  Object.freeze(FINDING_CATALOGUE.filter((k) => k.source === 'cluster').map((k) => Object.freeze({ code: k.code, severity: k.severity, reason: k.reason ?? k.title }))))();
