/**
 * IP address text <-> number, with Go's parsing semantics.
 *
 * Kubernetes validates CIDRs with `netutils.ParseCIDRSloppy` (k8s.io/utils, a fork of Go 1.16's
 * `net` parser: IPv4 octets with leading zeros are read as decimal) and, in strict mode, also with
 * `netip.ParsePrefix` (which rejects those leading zeros). We parse once and record what strict
 * mode would object to, so one pass serves both modes.
 */

/** 4 for IPv4, 6 for IPv6. */
export type IpFamily = 4 | 6;

/** Number of bits in an address of each family. */
export const FAMILY_BITS = { 4: 32, 6: 128 } as const;

/** An address parsed the way Go's sloppy parser does. */
export interface ParsedAddress {
  /** 4 when the text is dotted-quad, 6 when it is colon-hex (even for `::ffff:a.b.c.d`). */
  readonly textFamily: IpFamily;
  /** The address as an unsigned integer of 32 or 128 bits. */
  readonly value: bigint;
  /** Text that only the sloppy parser accepts: a leading zero in a decimal octet, or a hex group of more than 4 digits. */
  readonly leadingZeros: boolean;
}

const LOW_32 = 0xffffffffn;

/** True when a 128-bit value is an IPv4-mapped IPv6 address (`::ffff:0:0/96`). */
export function isIpv4Mapped(value: bigint): boolean {
  return value >> 32n === 0xffffn;
}

/** Added to {@link scanV4}'s result when an octet has a leading zero (only the sloppy parser accepts it). */
export const V4_LEADING_ZEROS = 2 ** 32;

/**
 * Parses dotted-quad IPv4 in `s` from `start` to `end` (Go's sloppy `parseIPv4`: a leading zero
 * in an octet is read as decimal). Returns the value (below 2^32), plus {@link V4_LEADING_ZEROS}
 * when an octet has a leading zero; -1 on failure.
 */
export function scanV4(s: string, start: number, end: number): number {
  let value = 0;
  let leadingZeros = 0;
  let pos = start;
  for (let octet = 0; octet < 4; octet++) {
    if (octet > 0) {
      if (pos >= end || s.charCodeAt(pos) !== 46 /* . */) return -1;
      pos++;
    }
    const digitsStart = pos;
    let n = 0;
    while (pos < end) {
      const c = s.charCodeAt(pos);
      if (c < 48 || c > 57) break;
      n = n * 10 + (c - 48);
      if (n >= 0xffffff) return -1; // Go's dtoi limit
      pos++;
    }
    if (pos === digitsStart || n > 255) return -1;
    if (pos - digitsStart > 1 && s.charCodeAt(digitsStart) === 48) leadingZeros = V4_LEADING_ZEROS;
    value = value * 256 + n;
  }
  return pos === end ? value + leadingZeros : -1;
}

/** Set in {@link scanV6}'s result: a hex group of more than 4 digits, or an octet with a leading zero. */
export const V6_LEADING_ZEROS = 1;
/**
 * Set in {@link scanV6}'s result: the text is not the RFC 5952 form of its address ({@link formatV6Limbs}).
 * Not meaningful for an IPv4-mapped address (RFC 5952 writes it `::ffff:a.b.c.d`): strict
 * validation refuses those anyway, so nothing asks.
 */
export const V6_NOT_CANONICAL = 2;

/**
 * The 8 groups of the address being scanned. Module-private scratch space, filled afresh by every
 * {@link scanV6} call before it is read (nothing is kept between calls), so a scan allocates nothing.
 */
const GROUPS = /* @__PURE__ */ new Uint16Array(8);

/**
 * Parses colon-hex IPv6 in `s` from `start` to `end` (Go's `parseIPv6`, no zone) into four
 * 32-bit limbs, most significant first, and decides on the way whether the text is RFC 5952
 * canonical (lower case, no leading zeros, the first longest run of two or more zero groups as
 * `::`, no dotted quad) without formatting it. Returns -1 on failure (`out` is then unspecified),
 * else a set of {@link V6_LEADING_ZEROS} and {@link V6_NOT_CANONICAL}.
 */
export function scanV6(s: string, start: number, end: number, out: Uint32Array): number {
  const g = GROUPS;
  let count = 0;
  let ellipsis = -1;
  let pos = start;
  let bits = 0;
  if (end - start >= 2 && s.charCodeAt(start) === 58 && s.charCodeAt(start + 1) === 58) {
    ellipsis = 0;
    pos = start + 2;
    if (pos === end) {
      out.fill(0);
      return 0;
    }
  }
  while (count < 8) {
    const digitsStart = pos;
    let n = 0;
    let c = -1; // once the digits end before `end`: the character after them (each is read once)
    while (pos < end) {
      c = s.charCodeAt(pos);
      let d: number;
      if (c >= 48 && c <= 57) d = c - 48;
      else if (c >= 97 && c <= 102) d = c - 87;
      else if (c >= 65 && c <= 70) {
        d = c - 55;
        bits |= V6_NOT_CANONICAL;
      } else break;
      if (n === 0 && pos !== digitsStart) bits |= V6_NOT_CANONICAL; // a leading zero
      n = n * 16 + d;
      if (n >= 0xffffff) return -1; // Go's xtoi limit
      pos++;
    }
    if (pos === digitsStart || n > 0xffff) return -1;
    if (pos < end && c === 46 /* . */) {
      // Trailing IPv4 in the last 32 bits.
      if ((ellipsis < 0 && count !== 6) || count > 6) return -1;
      const v4 = scanV4(s, digitsStart, end);
      if (v4 < 0) return -1;
      let value = v4;
      if (value >= V4_LEADING_ZEROS) {
        bits |= V6_LEADING_ZEROS;
        value -= V4_LEADING_ZEROS;
      }
      g[count++] = value >>> 16;
      g[count++] = value & 0xffff;
      bits |= V6_NOT_CANONICAL; // RFC 5952 text is colon-hex (but for mapped addresses)
      pos = end;
      break;
    }
    if (pos - digitsStart > 4) bits |= V6_LEADING_ZEROS;
    g[count++] = n;
    if (pos === end) break;
    if (c !== 58 /* : */ || pos + 1 === end) return -1;
    pos++;
    if (s.charCodeAt(pos) === 58) {
      if (ellipsis >= 0) return -1;
      ellipsis = count;
      pos++;
      if (pos === end) break;
    }
  }
  if (pos !== end) return -1;
  const gap = 8 - count;
  if (count < 8) {
    if (ellipsis < 0) return -1;
    // "::" stands for the missing groups: move the groups after it to the end, zeros between.
    for (let i = count - 1; i >= ellipsis; i--) g[i + gap] = g[i]!;
    for (let i = ellipsis; i < ellipsis + gap; i++) g[i] = 0;
  } else if (ellipsis >= 0) {
    return -1; // "::" must stand for at least one group
  }
  for (let i = 0; i < 4; i++) out[i] = ((g[2 * i]! << 16) | g[2 * i + 1]!) >>> 0;
  // Canonical text compresses exactly the first longest run of two or more zero groups.
  const run = zeroRun(g);
  if (run < 0 ? ellipsis >= 0 : run !== ellipsis * 16 + gap) bits |= V6_NOT_CANONICAL;
  return bits;
}

/**
 * Where RFC 5952 puts `::` among 8 groups: the first longest run of two or more zero groups, as
 * `start * 16 + length`; -1 when there is none.
 */
function zeroRun(g: ArrayLike<number>): number {
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestLen = j - i;
      best = i * 16 + bestLen;
    }
    i = j;
  }
  return best;
}

/** Scratch space of {@link limbsToBigint} (written, then read back as two 64-bit halves, big-endian). */
const LIMB_VIEW = /* @__PURE__ */ new DataView(/* @__PURE__ */ new ArrayBuffer(16));

/** A 128-bit value from four 32-bit limbs (most significant first), read back as two 64-bit halves. */
export function limbsToBigint(l: Uint32Array): bigint {
  for (let i = 0; i < 4; i++) LIMB_VIEW.setUint32(4 * i, l[i]!);
  return (LIMB_VIEW.getBigUint64(0) << 64n) | LIMB_VIEW.getBigUint64(8);
}

/**
 * Parses an IP address as Go's `netutils.ParseIPSloppy` does (dotted-quad first, then colon-hex;
 * no zones). Returns null when even the sloppy parser rejects it.
 */
export function parseAddress(text: string): ParsedAddress | null {
  const v4 = scanV4(text, 0, text.length);
  const leadingZeros = v4 >= V4_LEADING_ZEROS;
  if (v4 >= 0) return { textFamily: 4, value: BigInt(leadingZeros ? v4 - V4_LEADING_ZEROS : v4), leadingZeros };
  const limbs = new Uint32Array(4);
  const bits = scanV6(text, 0, text.length, limbs);
  return bits < 0 ? null : { textFamily: 6, value: limbsToBigint(limbs), leadingZeros: (bits & V6_LEADING_ZEROS) !== 0 };
}

/** Formats a 32-bit value (a Number below 2^32) as dotted-quad. */
export function formatV4(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** Formats an address canonically: dotted-quad for IPv4, RFC 5952 for IPv6 (see {@link formatV6Limbs}). */
export function formatAddress(family: IpFamily, value: bigint): string {
  if (family === 4) return formatV4(Number(value));
  const limbs = new Uint32Array(4);
  loadLimbs(limbs, value);
  return formatV6Limbs(limbs);
}

/** Splits a 128-bit value into four 32-bit limbs, most significant first. */
export function loadLimbs(l: Uint32Array, v: bigint): void {
  l[0] = Number(v >> 96n);
  l[1] = Number(BigInt.asUintN(32, v >> 64n));
  l[2] = Number(BigInt.asUintN(32, v >> 32n));
  l[3] = Number(BigInt.asUintN(32, v));
}

/**
 * RFC 5952 text of an IPv6 address held in four 32-bit limbs: lower case, no leading zeros, the
 * longest run of two or more zero groups as `::` (the first on a tie); IPv4-mapped addresses as
 * `::ffff:a.b.c.d`, like Go's `netip.Addr.String`.
 */
export function formatV6Limbs(l: Uint32Array): string {
  if (l[0] === 0 && l[1] === 0 && l[2] === 0xffff) return `::ffff:${formatV4(l[3]!)}`;
  const g = [l[0]! >>> 16, l[0]! & 0xffff, l[1]! >>> 16, l[1]! & 0xffff, l[2]! >>> 16, l[2]! & 0xffff, l[3]! >>> 16, l[3]! & 0xffff];
  const run = zeroRun(g);
  const bestStart = run < 0 ? -1 : run >> 4;
  let text = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      text += i === 0 ? '::' : ':';
      i += (run & 15) - 1;
      continue;
    }
    text += g[i]!.toString(16);
    if (i < 7) text += ':';
  }
  return text;
}

/**
 * The family and value an address behaves as: an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) is
 * the IPv4 address it carries, as in Go's `net.IP.To4()` and so `net.IPNet.Contains`.
 */
export function effectiveAddress(address: ParsedAddress): readonly [family: IpFamily, value: bigint] {
  if (address.textFamily === 6 && isIpv4Mapped(address.value)) return [4, unmapIpv4(address.value)];
  return [address.textFamily, address.value];
}

/** Returns the IPv4 value embedded in an IPv4-mapped IPv6 value. */
export function unmapIpv4(value: bigint): bigint {
  return value & LOW_32;
}

