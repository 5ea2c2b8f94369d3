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

/** Parses dotted-quad IPv4 starting at `start`, to the end of `s`. Returns -1 on failure. */
export function parseV4(s: string, start: number, flags: { leadingZeros: boolean }): number {
  let value = 0;
  let pos = start;
  for (let octet = 0; octet < 4; octet++) {
    if (octet > 0) {
      if (s.charCodeAt(pos) !== 46 /* . */) return -1;
      pos++;
    }
    const digitsStart = pos;
    let n = 0;
    while (pos < s.length) {
      const c = s.charCodeAt(pos);
      if (c < 48 || c > 57) break;
      n = n * 10 + (c - 48);
      if (n >= 0xffffff) return -1; // Go's dtoi limit
      pos++;
    }
    if (pos === digitsStart || n > 255) return -1;
    if (pos - digitsStart > 1 && s.charCodeAt(digitsStart) === 48) flags.leadingZeros = true;
    value = value * 256 + n;
  }
  return pos === s.length ? value : -1;
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Parses colon-hex IPv6 (Go's `parseIPv6`, no zone). Returns null on failure. */
export function parseV6(s: string, flags: { leadingZeros: boolean }): bigint | null {
  const limbs = new Uint32Array(4);
  return parseV6Limbs(s, flags, limbs) ? limbsToBigint(limbs) : null;
}

/** A 128-bit value from four 32-bit limbs (most significant first), in three exact Number chunks. */
export function limbsToBigint(l: Uint32Array): bigint {
  const mid = l[1]! * 0x10000 + (l[2]! >>> 16); // 48 bits
  const low = (l[2]! & 0xffff) * 0x100000000 + l[3]!; // 48 bits
  return (BigInt(l[0]!) << 96n) | (BigInt(mid) << 48n) | BigInt(low);
}

/**
 * Parses colon-hex IPv6 (Go's `parseIPv6`, no zone) into four 32-bit limbs, most significant
 * first. Returns false on failure (`out` is then unspecified).
 */
export function parseV6Limbs(s: string, flags: { leadingZeros: boolean }, out: Uint32Array): boolean {
  const groups = [0, 0, 0, 0, 0, 0, 0, 0];
  let count = 0;
  let ellipsis = -1;
  let pos = 0;
  if (s.length >= 2 && s.charCodeAt(0) === 58 && s.charCodeAt(1) === 58) {
    ellipsis = 0;
    pos = 2;
    if (pos === s.length) {
      out.fill(0);
      return true;
    }
  }
  while (count < 8) {
    const digitsStart = pos;
    let n = 0;
    while (pos < s.length) {
      const d = hexDigit(s.charCodeAt(pos));
      if (d < 0) break;
      n = n * 16 + d;
      if (n >= 0xffffff) return false; // Go's xtoi limit
      pos++;
    }
    if (pos === digitsStart || n > 0xffff) return false;
    if (pos < s.length && s.charCodeAt(pos) === 46 /* . */) {
      // Trailing IPv4 in the last 32 bits.
      if (ellipsis < 0 && count !== 6) return false;
      if (count + 2 > 8) return false;
      const v4 = parseV4(s, digitsStart, flags);
      if (v4 < 0) return false;
      groups[count++] = v4 >>> 16;
      groups[count++] = v4 & 0xffff;
      pos = s.length;
      break;
    }
    if (pos - digitsStart > 4) flags.leadingZeros = true;
    groups[count++] = n;
    if (pos === s.length) break;
    if (s.charCodeAt(pos) !== 58 || pos + 1 === s.length) return false;
    pos++;
    if (s.charCodeAt(pos) === 58) {
      if (ellipsis >= 0) return false;
      ellipsis = count;
      pos++;
      if (pos === s.length) break;
    }
  }
  if (pos !== s.length) return false;
  if (count < 8) {
    if (ellipsis < 0) return false;
    // "::" stands for the missing groups: move the groups after it to the end, zeros between.
    const gap = 8 - count;
    for (let i = count - 1; i >= ellipsis; i--) groups[i + gap] = groups[i]!;
    for (let i = ellipsis; i < ellipsis + gap; i++) groups[i] = 0;
  } else if (ellipsis >= 0) {
    return false; // "::" must stand for at least one group
  }
  for (let i = 0; i < 4; i++) out[i] = ((groups[2 * i]! << 16) | groups[2 * i + 1]!) >>> 0;
  return true;
}


/**
 * Parses an IP address as Go's `netutils.ParseIPSloppy` does (dotted-quad first, then colon-hex;
 * no zones). Returns null when even the sloppy parser rejects it.
 */
export function parseAddress(text: string): ParsedAddress | null {
  const flags = { leadingZeros: false };
  const v4 = parseV4(text, 0, flags);
  if (v4 >= 0) return { textFamily: 4, value: BigInt(v4), leadingZeros: flags.leadingZeros };
  flags.leadingZeros = false;
  const v6 = parseV6(text, flags);
  if (v6 === null) return null;
  return { textFamily: 6, value: v6, leadingZeros: flags.leadingZeros };
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
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  let text = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      text += i === 0 ? '::' : ':';
      i += bestLen - 1;
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

