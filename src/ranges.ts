/**
 * The address tables users reason about, one entry a line with the reason beside it
 * (docs/ranges.md; IANA special-purpose registries as of 2026-08).
 */
import { SandboxPolicyError } from './errors.js';
import { describeValue } from './snapshot.js';

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

/** The egress profile names: `upstream` is the controller's default, `hardened` this library's. */
export type EgressProfile = 'upstream' | 'hardened';

/** The egress allow blocks of a profile, one per family. */
export interface ExcludedRanges {
  /** The profile's name. */
  readonly profile: EgressProfile;
  /** The IPv4 allow block. */
  readonly ipv4: EgressBlock;
  /** The IPv6 allow block. */
  readonly ipv6: EgressBlock;
}

/* @__NO_SIDE_EFFECTS__ */ const entry = (cidr: string, reason: string): RangeEntry => Object.freeze({ cidr, reason });

/** The controller's default (its `buildDefaultNetworkPolicySpec`), in its order. Byte-identical output depends on it. */
const UPSTREAM: ExcludedRanges = /* @__PURE__ */ Object.freeze({
  profile: 'upstream',
  ipv4: /* @__PURE__ */ Object.freeze({
    cidr: '0.0.0.0/0',
    except: /* @__PURE__ */ Object.freeze([
      entry('10.0.0.0/8', 'RFC 1918 private use: pod, service, node and VPC ranges'),
      entry('172.16.0.0/12', 'RFC 1918 private use (Docker 172.17.0.0/16 among them)'),
      entry('192.168.0.0/16', "RFC 1918 private use (Calico's default pool)"),
      entry('169.254.0.0/16', 'link-local: cloud metadata (169.254.169.254), EKS Pod Identity, NodeLocal DNSCache'),
    ]),
  }),
  ipv6: /* @__PURE__ */ Object.freeze({
    cidr: '::/0',
    except: /* @__PURE__ */ Object.freeze([
      entry('fc00::/7', 'unique local: IPv6 metadata (fd00:ec2::254), EKS IPv6 services, IPv6 pod ranges'),
      entry('fe80::/10', 'link-local: OpenStack and Hetzner IPv6 metadata (fe80::a9fe:a9fe)'),
    ]),
  }),
});

/** This library's hardened sets (docs/ranges.md), sorted by address. */
const HARDENED: ExcludedRanges = /* @__PURE__ */ Object.freeze({
  profile: 'hardened',
  ipv4: /* @__PURE__ */ Object.freeze({
    cidr: '0.0.0.0/0',
    except: /* @__PURE__ */ Object.freeze([
      entry('0.0.0.0/8', '"this network": not a valid destination'),
      entry('10.0.0.0/8', 'RFC 1918 private use: pods, services, nodes, VPC'),
      entry('100.64.0.0/10', 'CGNAT: Alibaba Cloud metadata 100.100.100.200 and DNS, EKS custom-networking pods, VPN overlays'),
      entry('127.0.0.0/8', 'loopback: no effect on pod traffic, keeps the intent explicit'),
      entry('168.63.129.16/32', 'Azure WireServer: VM agent, Azure DNS, DHCP and health probes on a public address'),
      entry('169.254.0.0/16', 'link-local: IMDS, EKS Pod Identity, NodeLocal DNSCache'),
      entry('172.16.0.0/12', 'RFC 1918 private use'),
      entry('192.0.0.0/24', 'IETF protocol assignments; Compute Cloud@Customer metadata 192.0.0.192'),
      entry('192.168.0.0/16', 'RFC 1918 private use'),
      entry('198.18.0.0/15', 'benchmarking; AWS-recommended 198.19.0.0/16 pod range'),
      entry('224.0.0.0/4', 'multicast'),
      entry('240.0.0.0/4', 'class E (GKE pod and service ranges) and 255.255.255.255'),
    ]),
  }),
  ipv6: /* @__PURE__ */ Object.freeze({
    cidr: '2000::/3',
    except: /* @__PURE__ */ Object.freeze([
      entry('2001::/23', 'IETF protocol assignments: Teredo, benchmarking, ORCHID'),
      entry('2001:db8::/32', 'documentation'),
      entry('2002::/16', '6to4 (embeds IPv4 addresses)'),
      entry('3fff::/20', 'documentation'),
    ]),
  }),
});

/** Valid profile names, for validation messages. */
export const EGRESS_PROFILES: readonly EgressProfile[] = /* @__PURE__ */ Object.freeze(['upstream', 'hardened']);

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
export const METADATA_ENDPOINTS: readonly RangeEntry[] = /* @__PURE__ */ Object.freeze([
  entry('100.100.100.200/32', 'Alibaba Cloud ECS metadata (RAM role credentials)'),
  entry('168.63.129.16/32', 'Azure WireServer (VM agent, extensions, DNS)'),
  entry('169.254.42.42/32', 'Scaleway metadata'),
  entry('169.254.169.252/32', 'GKE Workload Identity metadata server'),
  entry('169.254.169.254/32', 'IMDS: AWS, GCP, Azure, OCI, DigitalOcean, Hetzner, OpenStack, Linode, Vultr, ...'),
  entry('169.254.170.2/32', 'Amazon ECS task credentials'),
  entry('169.254.170.23/32', 'EKS Pod Identity Agent (IAM credentials)'),
  entry('192.0.0.192/32', 'Compute Cloud@Customer metadata'),
  entry('fd00:42::42/128', 'Scaleway IPv6 metadata'),
  entry('fd00:a9fe:a9fe::1/128', 'Akamai/Linode IPv6 metadata'),
  entry('fd00:c1::a9fe:a9fe/128', 'OCI IPv6 metadata'),
  entry('fd00:ec2::23/128', 'EKS Pod Identity Agent over IPv6'),
  entry('fd00:ec2::254/128', 'AWS IMDS over IPv6'),
  entry('fd20:ce::254/128', 'GCP IPv6 metadata'),
  entry('fe80::a9fe:a9fe/128', 'OpenStack and Hetzner IPv6 metadata'),
]);
