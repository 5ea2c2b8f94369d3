/**
 * The address tables users reason about, each range with the reason it is excepted
 * (docs/ranges.md; IANA special-purpose registries as of 2026-08). The CIDRs themselves live in
 * range-cidrs.ts, bare, for the code that only emits them.
 */
import { SandboxPolicyError } from './errors.js';
import { describeValue } from './snapshot.js';
import { METADATA_CIDRS, PROFILE_CIDRS, type EgressProfile } from './range-cidrs.js';

export type { EgressProfile } from './range-cidrs.js';

/** One excepted range and why it is excepted. */
export interface RangeEntry {
  /** The range, canonical. */
  readonly cidr: string;
  /** What lives there and why it is excepted. */
  readonly reason: string;
}

/** An ipBlock allow range and the ranges excepted from it. */
export interface EgressBlock {
  /** The allowed range (`0.0.0.0/0`, `::/0` or `2000::/3`). */
  readonly cidr: string;
  /** The ranges excepted from it, each with its reason. */
  readonly except: readonly RangeEntry[];
}

/** The egress allow blocks of a profile, one per family. */
export interface ExcludedRanges {
  /** The profile's name. */
  readonly profile: EgressProfile;
  /** The IPv4 allow block. */
  readonly ipv4: EgressBlock;
  /** The IPv6 allow block. */
  readonly ipv6: EgressBlock;
}

/**
 * Pairs a bare CIDR list (range-cidrs.ts, what policies emit) with its reasons, one a line in the
 * same order.
 */
/* @__NO_SIDE_EFFECTS__ */ const entries = (cidrs: readonly string[], reasons: readonly string[]): readonly RangeEntry[] =>
  Object.freeze(cidrs.map((cidr, i) => Object.freeze({ cidr, reason: reasons[i]! })));

/** A profile's public table: its bare CIDRs with a reason for every excepted range. */
/* @__NO_SIDE_EFFECTS__ */ const withReasons = (profile: EgressProfile, v4: readonly string[], v6: readonly string[]): ExcludedRanges => {
  const bare = PROFILE_CIDRS[profile];
  return Object.freeze({
    profile,
    ipv4: Object.freeze({ cidr: bare.ipv4.cidr, except: entries(bare.ipv4.except, v4) }),
    ipv6: Object.freeze({ cidr: bare.ipv6.cidr, except: entries(bare.ipv6.except, v6) }),
  });
};

/** The controller's default (its `buildDefaultNetworkPolicySpec`), in its order. */
const UPSTREAM: ExcludedRanges = /* @__PURE__ */ withReasons(
  'upstream',
  [
    'RFC 1918 private use: pod, service, node and VPC ranges', // 10.0.0.0/8
    'RFC 1918 private use (Docker 172.17.0.0/16 among them)', // 172.16.0.0/12
    "RFC 1918 private use (Calico's default pool)", // 192.168.0.0/16
    'link-local: cloud metadata (169.254.169.254), EKS Pod Identity, NodeLocal DNSCache', // 169.254.0.0/16
  ],
  [
    'unique local: IPv6 metadata (fd00:ec2::254), EKS IPv6 services, IPv6 pod ranges', // fc00::/7
    'link-local: OpenStack and Hetzner IPv6 metadata (fe80::a9fe:a9fe)', // fe80::/10
  ],
);

/** This library's hardened sets (docs/ranges.md), sorted by address. */
const HARDENED: ExcludedRanges = /* @__PURE__ */ withReasons(
  'hardened',
  [
    '"this network": not a valid destination', // 0.0.0.0/8
    'RFC 1918 private use: pods, services, nodes, VPC', // 10.0.0.0/8
    'CGNAT: Alibaba Cloud metadata 100.100.100.200 and DNS, EKS custom-networking pods, VPN overlays', // 100.64.0.0/10
    'loopback: no effect on pod traffic, keeps the intent explicit', // 127.0.0.0/8
    'Azure WireServer: VM agent, Azure DNS, DHCP and health probes on a public address', // 168.63.129.16/32
    'link-local: IMDS, EKS Pod Identity, NodeLocal DNSCache', // 169.254.0.0/16
    'RFC 1918 private use', // 172.16.0.0/12
    'IETF protocol assignments; Compute Cloud@Customer metadata 192.0.0.192', // 192.0.0.0/24
    'RFC 1918 private use', // 192.168.0.0/16
    'benchmarking; AWS-recommended 198.19.0.0/16 pod range', // 198.18.0.0/15
    'multicast', // 224.0.0.0/4
    'class E (GKE pod and service ranges) and 255.255.255.255', // 240.0.0.0/4
  ],
  [
    'IETF protocol assignments: Teredo, benchmarking, ORCHID', // 2001::/23
    'documentation', // 2001:db8::/32
    '6to4 (embeds IPv4 addresses)', // 2002::/16
    'documentation', // 3fff::/20
  ],
);

/**
 * The egress allow ranges of a profile, per family, with the reason for every excepted range.
 *
 * - `'upstream'`: exactly the controller's default, `0.0.0.0/0` except the four ranges of
 *   RFC 1918 and link-local, and `::/0` except ULA and link-local.
 * - `'hardened'`: `0.0.0.0/0` except twelve ranges (adds CGNAT, Azure WireServer, benchmarking,
 *   class E, multicast, ...) and global unicast only, `2000::/3`, except Teredo, 6to4 and
 *   documentation space. It audits clean of critical and high findings.
 *
 * @returns a frozen, shared table (do not mutate; copy what you change).
 * @throws {@link SandboxPolicyError} for an unknown profile name.
 * @example
 * ```ts
 * excludedRanges('upstream').ipv4.except.map((e) => e.cidr);
 * // ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16']
 * ```
 */
export function excludedRanges(profile: EgressProfile = 'upstream'): ExcludedRanges {
  if (profile === 'upstream') return UPSTREAM;
  if (profile === 'hardened') return HARDENED;
  throw new SandboxPolicyError([{ path: 'profile', message: `must be one of "upstream", "hardened", got ${describeValue(profile)}` }]);
}

/**
 * Cloud metadata and platform control endpoints: credentials or control channels one request
 * away (docs/ranges.md). The `'metadata'` egress floor removes exactly these.
 */
export const METADATA_ENDPOINTS: readonly RangeEntry[] = /* @__PURE__ */ entries(METADATA_CIDRS, [
  'Alibaba Cloud ECS metadata (RAM role credentials)', // 100.100.100.200/32
  'Azure WireServer (VM agent, extensions, DNS)', // 168.63.129.16/32
  'Scaleway metadata', // 169.254.42.42/32
  'GKE Workload Identity metadata server', // 169.254.169.252/32
  'IMDS: AWS, GCP, Azure, OCI, DigitalOcean, Hetzner, OpenStack, Linode, Vultr, ...', // 169.254.169.254/32
  'Amazon ECS task credentials', // 169.254.170.2/32
  'EKS Pod Identity Agent (IAM credentials)', // 169.254.170.23/32
  'Compute Cloud@Customer metadata', // 192.0.0.192/32
  'Scaleway IPv6 metadata', // fd00:42::42/128
  'Akamai/Linode IPv6 metadata', // fd00:a9fe:a9fe::1/128
  'OCI IPv6 metadata', // fd00:c1::a9fe:a9fe/128
  'EKS Pod Identity Agent over IPv6', // fd00:ec2::23/128
  'AWS IMDS over IPv6', // fd00:ec2::254/128
  'GCP IPv6 metadata', // fd20:ce::254/128
  'OpenStack and Hetzner IPv6 metadata', // fe80::a9fe:a9fe/128
]);

/** A DNS name whose resolution is a sensitive endpoint, with the finding an Accept to it raises. */
export interface SensitiveDomain {
  /** The name, lowercase, without a trailing dot. */
  readonly name: string;
  /** `exact`: this name only; `suffix`: this name and every name under it. */
  readonly match: 'exact' | 'suffix';
  /** The finding code an effective Accept to it raises. */
  readonly code: 'metadata-domain-allowed' | 'cluster-domain-allowed';
  /** What answers there and why reaching it matters. */
  readonly reason: string;
}

/**
 * DNS names of metadata services and of the cluster's own API and services. Only names a
 * ClusterNetworkPolicy `domainNames` entry can spell are listed (two labels or more): single-label
 * names (`metadata`, `instance-data`) cannot be written there. Azure, Alibaba Cloud and OCI
 * document no DNS name for their metadata services; their addresses are in
 * {@link METADATA_ENDPOINTS}.
 */
export const SENSITIVE_DOMAINS: readonly SensitiveDomain[] = /* @__PURE__ */ (() =>
  Object.freeze(
    (
      [
        { name: 'metadata.google.internal', match: 'exact', code: 'metadata-domain-allowed', reason: 'the GCP and GKE metadata server (169.254.169.254): service-account tokens and instance attributes' },
        { name: 'instance-data.ec2.internal', match: 'exact', code: 'metadata-domain-allowed', reason: 'the AWS instance metadata service (IMDS) by its us-east-1 VPC DNS name: IAM role credentials' },
        { name: 'metadata.tencentyun.com', match: 'exact', code: 'metadata-domain-allowed', reason: 'the Tencent Cloud CVM metadata service: CAM role credentials' },
        { name: 'kubernetes.default', match: 'exact', code: 'cluster-domain-allowed', reason: 'the Kubernetes API server (Service kubernetes in namespace default): a mounted or stolen token acts on the cluster' },
        { name: 'kubernetes.default.svc', match: 'exact', code: 'cluster-domain-allowed', reason: 'the Kubernetes API server (Service kubernetes in namespace default): a mounted or stolen token acts on the cluster' },
        { name: 'cluster.local', match: 'suffix', code: 'cluster-domain-allowed', reason: 'names in the default cluster domain (Services `<svc>.<ns>.svc.cluster.local`, pods, the API server): internal services behind the sandbox boundary' },
      ] as const
    ).map((d) => Object.freeze({ ...d })),
  ))();

/**
 * The sensitive names a `domainNames` entry covers: an exact entry covers the names it equals or
 * lies under; a `*.` entry covers the names it matches (one label in place of the star) and every
 * `suffix` name it or whose subtree it reaches. Internal.
 */
export function sensitiveDomainsCoveredBy(pattern: string): SensitiveDomain[] {
  const p = pattern.toLowerCase().replace(/\.$/, '');
  const wild = p.startsWith('*.');
  const base = wild ? p.slice(2) : p;
  return SENSITIVE_DOMAINS.filter((d) => {
    const under = (n: string) => n === d.name || n.endsWith(`.${d.name}`);
    if (d.match === 'suffix') return wild ? under(base) || d.name.endsWith(`.${base}`) && d.name.split('.').length === base.split('.').length + 1 : under(p);
    if (!wild) return p === d.name;
    // `*.a.b` matches exactly one more label in front of `a.b`.
    return d.name.endsWith(`.${base}`) && !d.name.slice(0, d.name.length - base.length - 1).includes('.');
  });
}
