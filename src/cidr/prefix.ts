import { SandboxPolicyError } from '../errors.js';
import { describeValue } from '../snapshot.js';
import {
  FAMILY_BITS,
  V4_LEADING_ZEROS,
  V6_LEADING_ZEROS,
  V6_NOT_CANONICAL,
  formatAddress,
  formatV4,
  formatV6Limbs,
  isIpv4Mapped,
  limbsToBigint,
  parseAddress,
  scanV4,
  scanV6,
  unmapIpv4,
  type IpFamily,
} from './address.js';

/**
 * What Kubernetes' strict CIDR validation (`StrictIPCIDRValidation`, beta and on by default since
 * v1.36) rejects although the legacy parser accepts it. At most one is reported per value, in this
 * order, like the API server.
 */
export type StrictCidrProblem = 'leading-zeros' | 'ipv4-mapped' | 'host-bits';

/** The API server's message for each strict-mode problem (apimachinery `validation/ip.go`). */
export const STRICT_CIDR_MESSAGES: Readonly<Record<StrictCidrProblem, string>> = {
  'leading-zeros': 'must not have leading 0s in IP or prefix length',
  'ipv4-mapped': 'must not have an IPv4-mapped IPv6 address',
  'host-bits': 'must not have bits set beyond the prefix length',
};

/** The API server's message for a value even the legacy parser rejects. */
export const INVALID_CIDR_MESSAGE = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

/** A CIDR as Kubernetes reads it. */
export interface ParsedCidr {
  /** The text as given. */
  readonly text: string;
  /**
   * The family the network behaves as. An IPv4-mapped IPv6 network of prefix >= 96 behaves as
   * IPv4 (Go's `net.IPNet.Contains`), everything else as its text says.
   */
  readonly family: IpFamily;
  /** First address of the (masked) network, in `family`. */
  readonly start: bigint;
  /** Last address of the network, in `family`. */
  readonly end: bigint;
  /** Prefix length in `family` (0-32 or 0-128). */
  readonly prefix: number;
  /** Prefix length as written (for a mapped network: 96 more than `prefix`). */
  readonly rawPrefix: number;
  /** Canonical text of the network, as Go's `IPNet.String()` prints it (what to write instead). */
  readonly canonical: string;
  /** What strict validation rejects in this text, or null when it is strict-valid. */
  readonly strictProblem: StrictCidrProblem | null;
  /** True when IPv6 text is valid but not RFC 5952 canonical (the API server only warns). */
  readonly nonCanonicalText: boolean;
}

/**
 * Reads the prefix length that runs from `start` to the end of `text` as Go's `dtoi` does:
 * decimal digits only, any number of leading zeros (`/0000008` is `/8` to the legacy parser;
 * strict mode reports the zeros), and a value that reaches 0xFFFFFF rejected. Returns -1 when
 * rejected.
 */
function parsePrefixLength(text: string, start: number): number {
  if (start >= text.length) return -1;
  let n = 0;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    n = n * 10 + (c - 48);
    if (n >= 0xffffff) return -1;
  }
  return n;
}

/** The limbs of the IPv6 network being parsed: module-private scratch space, written afresh by every parse. */
const LIMBS = /* @__PURE__ */ new Uint32Array(4);

/**
 * Parses a CIDR the way Kubernetes does (`netutils.ParseCIDRSloppy`), recording what strict mode
 * would reject. Returns null when even the legacy parser rejects the text.
 *
 * @param text - the CIDR text, e.g. `10.0.0.0/8`.
 * @returns the parsed CIDR (network, prefix, canonical text, what strict mode would reject), or null.
 * @throws {@link SandboxPolicyError} when `text` is not a string.
 * @example
 * ```ts
 * parseCidr('10.0.0.1/8')?.strictProblem; // 'host-bits'
 * parseCidr('10.0.0.0/8')?.canonical;     // '10.0.0.0/8'
 * ```
 */
export function parseCidr(text: string): ParsedCidr | null {
  if (typeof text !== 'string') throw new SandboxPolicyError([{ path: 'cidr', message: `must be a string, got ${describeValue(text)}` }]);
  const slash = text.indexOf('/');
  if (slash < 0) return null;
  const rawPrefix = parsePrefixLength(text, slash + 1);
  if (rawPrefix < 0) return null;
  const prefixZeros = text.length - slash > 2 && text.charCodeAt(slash + 1) === 48;
  // Dotted-quad first, as Go does; IPv4 stays in Numbers (the common case, and the cheap one).
  const v4 = scanV4(text, 0, slash);
  if (v4 >= 0) return rawPrefix > 32 ? null : ipv4Cidr(text, v4 < V4_LEADING_ZEROS ? v4 : v4 - V4_LEADING_ZEROS, rawPrefix, v4 >= V4_LEADING_ZEROS || prefixZeros);
  const bits = scanV6(text, 0, slash, LIMBS);
  if (bits < 0 || rawPrefix > 128) return null;
  return ipv6Cidr(text, LIMBS, rawPrefix, (bits & V6_LEADING_ZEROS) !== 0 || prefixZeros, (bits & V6_NOT_CANONICAL) !== 0);
}

/**
 * The fast path of set building for the common case, a plain dotted-quad CIDR: its network as one
 * exact Number, `start * 64 + prefix` (start below 2^32), without a bigint, an object or a string.
 * Host bits are masked off in `legacy` reading and refused (-1) in strict reading. Returns -1 for
 * anything else (IPv6, leading zeros, a malformed text), which the full {@link parseCidr} then reads.
 */
export function v4CidrKey(text: string, strict: boolean): number {
  const slash = text.indexOf('/');
  const value = slash < 0 ? -1 : scanV4(text, 0, slash); // plus 2^32 when an octet has a leading zero
  if (value < 0 || value >= V4_LEADING_ZEROS) return -1;
  const prefix = parsePrefixLength(text, slash + 1);
  if (prefix < 0 || prefix > 32 || (text.length - slash > 2 && text.charCodeAt(slash + 1) === 48)) return -1;
  const start = (value & ~v4HostBits(prefix)) >>> 0;
  if (strict && start !== value) return -1;
  return start * 64 + prefix;
}

/** The host part of an IPv6 prefix of each length: `V6_HOST_MASKS[p]` is 2^(128 - p) - 1. */
const V6_HOST_MASKS: readonly bigint[] = /* @__PURE__ */ (() => Object.freeze(Array.from({ length: 129 }, (_, p) => (1n << BigInt(128 - p)) - 1n)))();

/**
 * A colon-hex CIDR, masked on 32-bit limbs (no bigint arithmetic) and converted to bigint once.
 * `limbs` holds the written address and is masked in place. `textNotCanonical` says whether the
 * address text differs from the RFC 5952 form of the written address (see `scanV6`).
 */
function ipv6Cidr(text: string, limbs: Uint32Array, rawPrefix: number, leadingZeros: boolean, textNotCanonical: boolean): ParsedCidr {
  const mappedAddress = limbs[0] === 0 && limbs[1] === 0 && limbs[2] === 0xffff;
  let hostBits = false;
  for (let i = 0; i < 4; i++) {
    const keep = Math.min(32, Math.max(0, rawPrefix - 32 * i)); // network bits in this limb
    const masked = keep === 0 ? 0 : (limbs[i]! & (-1 << (32 - keep))) >>> 0;
    if (masked !== limbs[i]) hostBits = true;
    limbs[i] = masked;
  }
  const strictProblem: StrictCidrProblem | null = leadingZeros ? 'leading-zeros' : mappedAddress ? 'ipv4-mapped' : hostBits ? 'host-bits' : null;
  if (limbs[0] === 0 && limbs[1] === 0 && limbs[2] === 0xffff) {
    // Go converts a mapped network number to IPv4 and keeps the last 32 bits of the mask.
    return v4Network(text, limbs[3]!, rawPrefix - 96, rawPrefix, strictProblem);
  }
  // Strict-valid text has no host bits, no leading zeros and a plain prefix length, so when its
  // address is written in RFC 5952 form the text is the network's canonical text; only the rest
  // is formatted.
  const canonical = strictProblem === null && !textNotCanonical ? text : `${formatV6Limbs(limbs)}/${rawPrefix}`;
  const start = limbsToBigint(limbs);
  const end = start | V6_HOST_MASKS[rawPrefix]!;
  const nonCanonicalText = strictProblem === null && canonical !== text;
  return { text, family: 6, start, end, prefix: rawPrefix, rawPrefix, canonical, strictProblem, nonCanonicalText };
}

/**
 * The host bits of an IPv4 network of a prefix length, 2^(32 - prefix) - 1, in 32-bit integer
 * operations: `**` is a pow call, and showed as a third of the time of parsing a dotted quad.
 */
function v4HostBits(prefix: number): number {
  return prefix === 32 ? 0 : 0xffffffff >>> prefix;
}

/** A dotted-quad CIDR, computed in Numbers. */
function ipv4Cidr(text: string, value: number, prefix: number, leadingZeros: boolean): ParsedCidr {
  const start = (value & ~v4HostBits(prefix)) >>> 0;
  return v4Network(text, start, prefix, prefix, leadingZeros ? 'leading-zeros' : start !== value ? 'host-bits' : null);
}

/**
 * An IPv4 network (`start` masked, below 2^32) as a ParsedCidr, its bigints made once. Text with
 * no strict problem (no leading zeros, no host bits, not mapped) is its own canonical text.
 */
function v4Network(text: string, start: number, prefix: number, rawPrefix: number, strictProblem: StrictCidrProblem | null): ParsedCidr {
  return {
    text,
    family: 4,
    start: BigInt(start),
    end: BigInt(start + v4HostBits(prefix)),
    prefix,
    rawPrefix,
    canonical: strictProblem === null ? text : `${formatV4(start)}/${prefix}`,
    strictProblem,
    nonCanonicalText: false,
  };
}

/**
 * The API server's `ValidateIPBlock` subset test for one except: the masked `cidr` network contains
 * the except's network address (same effective family) and the except's written prefix length is
 * strictly longer than the cidr's.
 */
export function isStrictSubset(cidr: ParsedCidr, except: ParsedCidr): boolean {
  if (cidr.family !== except.family) return false;
  if (except.start < cidr.start || except.start > cidr.end) return false;
  return cidr.rawPrefix < except.rawPrefix;
}

/** Formats a network as canonical CIDR text. */
export function formatCidr(family: IpFamily, start: bigint, prefix: number): string {
  return `${formatAddress(family, start)}/${prefix}`;
}

/**
 * When the written address has bits set beyond the prefix length (Go's `!ip.Equal(ipnet.IP)`),
 * the single-address CIDR the API server's "ambiguous" warning offers instead: Go's
 * `net.IP.String()` of the address (an IPv4-mapped one prints as dotted-quad) with the mask
 * length of the written family, so `::ffff:1.2.3.4/120` gives `1.2.3.4/128`. Null when no host
 * bits are set. Only strict-invalid CIDRs can have them, so this parses again only for those.
 */
export function hostBitsAlternative(cidr: ParsedCidr): string | null {
  if (cidr.strictProblem === null) return null;
  const address = parseAddress(cidr.text.slice(0, cidr.text.indexOf('/')));
  if (address === null) return null;
  const asIpv4 = address.textFamily === 6 && isIpv4Mapped(address.value);
  const value = asIpv4 ? unmapIpv4(address.value) : address.value;
  // The network is IPv4 exactly when the address is dotted-quad or mapped with prefix >= 96.
  const comparable = cidr.family === 4 ? value : address.value;
  if (comparable === cidr.start) return null;
  return `${formatAddress(asIpv4 ? 4 : address.textFamily, value)}/${FAMILY_BITS[address.textFamily]}`;
}
