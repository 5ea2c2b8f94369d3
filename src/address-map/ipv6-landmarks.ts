/**
 * IPv6 is too large to draw as a map, so reports show a short table of landmarks instead: the
 * ranges a reviewer asks about, each with how much of it a set holds.
 */
import { CidrSet } from '../cidr/cidr-set.js';
import { coverageOf, readCidrSet, type Coverage } from './coverage.js';

/** A well-known IPv6 range and what lives there. */
export interface Ipv6Landmark {
  /** The range, canonical. */
  readonly cidr: string;
  /** Its short name (`unique local (ULA)`). */
  readonly name: string;
  /** What lives there, in a few words. */
  readonly what: string;
}

/** One row of {@link ipv6Landmarks}: a landmark and how much of it the set holds. */
export interface Ipv6LandmarkCoverage extends Ipv6Landmark {
  /** `full` when the set holds every address of `cidr`, `none` when it holds none, else `partial`. */
  readonly coverage: Coverage;
}

const landmark = (cidr: string, name: string, what: string): Ipv6Landmark => Object.freeze({ cidr, name, what });

/** The landmarks, in address order (IANA IPv6 special-purpose registry and address architecture). */
export const IPV6_LANDMARKS: readonly Ipv6Landmark[] = /* @__PURE__ */ (() =>
  Object.freeze([
    landmark('::1/128', 'loopback', 'the pod itself'),
    landmark('64:ff9b::/96', 'NAT64 (well-known)', 'IPv4 hosts, private ones included, through a NAT64 gateway'),
    landmark('64:ff9b:1::/48', 'NAT64 (local use)', 'IPv4 hosts through a site NAT64 gateway'),
    landmark('2000::/3', 'global unicast', 'the public IPv6 internet'),
    landmark('2001::/32', 'Teredo', 'IPv4-tunnelled IPv6'),
    landmark('2001:db8::/32', 'documentation', 'examples only, never routed'),
    landmark('2002::/16', '6to4', 'embeds IPv4 addresses, private ones included'),
    landmark('3fff::/20', 'documentation (2024)', 'examples only, never routed'),
    landmark('fc00::/7', 'unique local (ULA)', 'IPv6 metadata endpoints, EKS IPv6 services, pod ranges'),
    landmark('fd00:ec2::254/128', 'AWS IMDS over IPv6', 'instance credentials'),
    landmark('fe80::/10', 'link-local', 'OpenStack and Hetzner metadata (fe80::a9fe:a9fe), neighbours on the link'),
    landmark('ff00::/8', 'multicast', 'group traffic'),
  ]))();

const COMPILED = /* @__PURE__ */ (() => IPV6_LANDMARKS.map((l) => ({ landmark: l, range: CidrSet.from([l.cidr]) })))();

/**
 * How much of each IPv6 landmark a set holds: global unicast, unique local, link-local, NAT64,
 * documentation, 6to4, Teredo, multicast, loopback and the AWS IPv6 metadata address.
 *
 * @param set - the addresses, e.g. an audit's `egressReachable`. Its IPv4 part is ignored (see
 *   {@link hilbertMap}).
 * @returns one fresh row per landmark, in address order.
 * @throws {@link SandboxPolicyError} naming `set` when it is not a CidrSet.
 * @example
 * ```ts
 * const rows = ipv6Landmarks(CidrSet.from(['::/0']).subtract(CidrSet.from(['fc00::/7', 'fe80::/10'])));
 * rows.find((r) => r.cidr === 'fc00::/7')?.coverage;     // 'none'
 * rows.find((r) => r.cidr === '64:ff9b::/96')?.coverage; // 'full'
 * ```
 */
export function ipv6Landmarks(set: CidrSet): Ipv6LandmarkCoverage[] {
  const v6 = readCidrSet(set, 'set').family(6);
  return COMPILED.map(({ landmark: l, range }) => ({ cidr: l.cidr, name: l.name, what: l.what, coverage: coverageOf(v6, range) }));
}
