/**
 * Seeded generator of CIDR and IP text for the Go differential (test/go/differential.ts). It is
 * written from the grammar of Go's parsers, not from the library: every prefix length of both
 * families, leading zeros (octets, 5+ hex digit groups, prefix lengths of any length),
 * IPv4-mapped and IPv4-compatible IPv6, zones, whitespace, signs, Unicode digits and spaces,
 * control characters, very long inputs, and byte-level mutations of valid text.
 */

/** One differential case: an ipBlock (cidr and excepts) and an address to test for membership. */
export interface DiffInput {
  readonly cidr: string;
  readonly except: readonly string[];
  readonly ip: string;
}

/** A small deterministic PRNG (mulberry32), so a seed reproduces a run. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** Uniform 32-bit unsigned integer. */
  u32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return this.u32() % n;
  }
  /** True with probability p. */
  chance(p: number): boolean {
    return this.u32() / 0x100000000 < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

/** Non-ASCII characters whose Unicode properties have not changed since Unicode 6 (Go 1.19 knows 13). */
const UNICODE = [
  '\u0660', '\u0663', '\u0669', // Arabic-Indic digits
  '\u06f5', '\u0966', '\u09e7', '\u0e51', // Extended Arabic-Indic, Devanagari, Bengali, Thai digits
  '\uff10', '\uff11', '\uff18', '\uff0e', '\uff1a', '\uff0f', // fullwidth 0 1 8 . : /
  '\u00b9', '\u00b2', '\u2070', '\u2081', '\u2460', // superscripts, subscripts, circled digit
  '\u00a0', '\u2000', '\u2007', '\u200b', '\u2028', '\u2029', '\u3000', '\ufeff', // spaces, separators, BOM
  '\u0085', '\u0080', '\u009f', '\u00ad', // C1 controls, soft hyphen
  '\u0301', '\u20dd', // combining marks
  '\u0378', '\uffff', '\ue000', // unassigned, noncharacter, private use
  '\u00e9', '\u0430', '\u4e00', '\ufffd', // letters, replacement character
  '\u{1d7ce}', '\u{1f600}', '\u{10ffff}', '\u{e0001}', // astral digit, emoji, noncharacter, tag
  '\ud800', '\udc00', // unpaired surrogates
];
const CONTROL = ['\x00', '\x07', '\x08', '\t', '\n', '\x0b', '\x0c', '\r', '\x1b', '\x7f'];
const ASCII_NOISE = [' ', '+', '-', '%', '/', ':', '.', '[', ']', '"', '\\', 'x', 'g', 'G', 'e', 'F', '0', '1', '9', '5'];

const hexGroup = (rng: Rng): string => rng.int(0x10000).toString(16);

function octets(rng: Rng): number[] {
  return [rng.int(256), rng.int(256), rng.int(256), rng.int(256)];
}

/** Dotted-quad text, sometimes with leading zeros (which only the sloppy parser accepts). */
function v4Text(rng: Rng, o = octets(rng)): string {
  return o
    .map((n) => {
      if (rng.chance(0.06)) return `0${n}`;
      if (rng.chance(0.02)) return `00${n}`.slice(-3);
      return String(n);
    })
    .join('.');
}

function v6Groups(rng: Rng): number[] {
  const g: number[] = [];
  const style = rng.int(4);
  for (let i = 0; i < 8; i++) {
    // Zero runs make "::" compression interesting.
    if (style === 0) g.push(rng.chance(0.5) ? 0 : rng.int(0x10000));
    else if (style === 1) g.push(i < 2 ? rng.int(0x10000) : rng.chance(0.8) ? 0 : rng.int(16));
    else if (style === 2) g.push(rng.chance(0.15) ? 0 : rng.int(0x10000));
    else g.push(rng.chance(0.3) ? rng.int(16) : rng.int(0x10000));
  }
  return g;
}

/** Colon-hex text of 8 groups: compressed or not, any case, sometimes zero-padded or over-long groups. */
function v6Text(rng: Rng, groups = v6Groups(rng)): string {
  const parts = groups.map((n) => {
    let s = n.toString(16);
    if (rng.chance(0.05)) s = s.padStart(4, '0');
    if (rng.chance(0.02)) s = `0${s.padStart(4, '0')}`; // 5 digits: sloppy yes, current Go no
    if (rng.chance(0.01)) s = `${'0'.repeat(1 + rng.int(8))}${s}`;
    if (rng.chance(0.1)) s = s.toUpperCase();
    return s;
  });
  if (rng.chance(0.25)) return parts.join(':');
  // Compress one run of zero groups (not necessarily the longest, not necessarily of length >= 2).
  const runs: Array<[number, number]> = [];
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    runs.push([i, j]);
    i = j;
  }
  if (runs.length === 0) return parts.join(':');
  const [a, b] = rng.pick(runs);
  return `${parts.slice(0, a).join(':')}::${parts.slice(b).join(':')}`;
}

/** IPv6 text ending in dotted-quad: mapped, compatible or any 96-bit head. */
function v6WithV4Tail(rng: Rng): string {
  const tail = v4Text(rng);
  switch (rng.int(6)) {
    case 0:
    case 1:
      return `::ffff:${tail}`;
    case 2:
      return `::${tail}`;
    case 3:
      return `0:0:0:0:0:${rng.pick(['ffff', 'FFFF', '0ffff', 'fffe', '0'])}:${tail}`;
    case 4:
      return `64:ff9b::${tail}`;
    default:
      return `${hexGroup(rng)}:${hexGroup(rng)}::${hexGroup(rng)}:${tail}`;
  }
}

function address(rng: Rng): string {
  const r = rng.int(10);
  if (r < 4) return v4Text(rng);
  if (r < 8) return v6Text(rng);
  return v6WithV4Tail(rng);
}

/** A prefix length: any in range for the family (or just past it), sometimes zero-padded or huge. */
function prefixText(rng: Rng, bits: number): string {
  const r = rng.int(100);
  let n: number;
  if (r < 85) n = rng.int(bits + 1);
  else if (r < 90) n = bits + 1 + rng.int(3);
  else if (r < 93) return rng.pick(['', '-0', '+8', '-1', ' 8', '8 ', '0x8', '1e1', '8.0', '16777215', '16777214', '99999999999', '4294967328']);
  else if (r < 97) return `${'0'.repeat(1 + rng.int(12))}${rng.int(bits + 2)}`;
  else return `${'0'.repeat(100 + rng.int(5000))}${rng.int(bits + 1)}`;
  return String(n);
}

function familyBits(text: string): number {
  return text.includes(':') ? 128 : 32;
}

/** A CIDR of either family, valid for the sloppy parser most of the time. */
function cidr(rng: Rng): string {
  const a = address(rng);
  return `${a}/${prefixText(rng, familyBits(a))}`;
}

/** A mutated copy: characters replaced, inserted, deleted, duplicated or swapped. */
function mutate(rng: Rng, text: string): string {
  let s = text;
  const edits = 1 + rng.int(3);
  for (let k = 0; k < edits; k++) {
    const i = rng.int(s.length + 1);
    const pool = rng.chance(0.5) ? ASCII_NOISE : rng.chance(0.5) ? UNICODE : CONTROL;
    const ch = rng.pick(pool);
    switch (rng.int(5)) {
      case 0:
        s = s.slice(0, i) + ch + s.slice(i + 1);
        break;
      case 1:
        s = s.slice(0, i) + ch + s.slice(i);
        break;
      case 2:
        s = s.slice(0, i) + s.slice(i + 1);
        break;
      case 3:
        s = s.slice(0, i) + s.slice(i, i + 1 + rng.int(4)).repeat(2) + s.slice(i + 1 + rng.int(4));
        break;
      default:
        if (i + 1 < s.length) s = s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
    }
  }
  return s;
}

/** Whitespace, signs, zones and brackets around otherwise valid text. */
function decorate(rng: Rng, text: string): string {
  const slash = text.indexOf('/');
  const head = slash < 0 ? text : text.slice(0, slash);
  const tail = slash < 0 ? '' : text.slice(slash);
  switch (rng.int(8)) {
    case 0:
      return `${rng.pick([' ', '\t', '\n', '\u00a0', '\u3000'])}${text}`;
    case 1:
      return `${text}${rng.pick([' ', '\t', '\n', '\r\n', '\x00'])}`;
    case 2:
      return `${head}%${rng.pick(['eth0', '1', '', 'en0/1'])}${tail}`;
    case 3:
      return `[${head}]${tail}`;
    case 4:
      return `${rng.pick(['+', '-'])}${text}`;
    case 5:
      return `${head}/${rng.pick(['+', '-', ' '])}${tail.slice(1)}`;
    case 6:
      // Unicode digits in place of ASCII ones (Go's parsers read only ASCII digits).
      return text.replace(/[0-9]/, () => rng.pick(['\u0660', '\u0661', '\u0968', '\uff11', '\u{1d7cf}']));
    default:
      return `${text}/${rng.int(129)}`;
  }
}

/** A long input: thousands of characters of digits, colons, zeros or repeated groups. */
function longInput(rng: Rng): string {
  const n = 1000 + rng.int(20000);
  switch (rng.int(4)) {
    case 0:
      return `${'1.'.repeat(n)}1/8`;
    case 1:
      return `${'0:'.repeat(n)}:/64`;
    case 2:
      return `::${'0'.repeat(n)}1/128`;
    default:
      return `${'9'.repeat(n)}`;
  }
}

/** A CIDR related to `base`: a subnet, the same, a supernet, the other family or anything. */
function exceptFor(rng: Rng, base: string): string {
  const slash = base.indexOf('/');
  const head = slash < 0 ? base : base.slice(0, slash);
  const bits = familyBits(head);
  const r = rng.int(6);
  if (r < 3) return `${head}/${rng.int(bits + 1)}`;
  if (r === 3) return cidr(rng);
  if (r === 4) return head.includes(':') ? `::ffff:${v4Text(rng)}/${96 + rng.int(33)}` : `${v4Text(rng)}/${rng.int(33)}`;
  return mutate(rng, base);
}

/** An address to test for membership: near the cidr, mapped, the other family, or noise. */
function probeFor(rng: Rng, base: string): string {
  const head = base.slice(0, Math.max(0, base.indexOf('/')));
  const r = rng.int(8);
  if (r < 2 && head) return head;
  if (r < 4 && head && !head.includes(':')) return `::ffff:${head}`;
  if (r < 4 && head.startsWith('::ffff:')) return head.slice(7);
  if (r < 6) return address(rng);
  if (r < 7) return rng.pick(['::ffff:128.0.0.192', '::ffff:0.0.0.0', '::', '0.0.0.0', '255.255.255.255', '::1', '::ffff:ffff:ffff']);
  return mutate(rng, address(rng));
}

/**
 * Any code point but a surrogate, half of them in the BMP: the class of `%q` quoting, where Go
 * escapes what its Unicode tables do not know (the differential allows for the local Go's older
 * tables: see goUnicodeAdjust in differential.ts).
 */
function anyCodePoint(rng: Rng): string {
  const max = rng.chance(0.5) ? 0x10000 : 0x110000;
  let c = rng.int(max);
  while (c >= 0xd800 && c <= 0xdfff) c = rng.int(max);
  return String.fromCodePoint(c);
}

/** The cidr of a case, by kind. */
function caseCidr(rng: Rng): string {
  const r = rng.int(100);
  if (r < 45) return cidr(rng);
  if (r < 55) return `${v6WithV4Tail(rng)}/${prefixText(rng, 128)}`;
  if (r < 75) return mutate(rng, cidr(rng));
  if (r < 88) return decorate(rng, cidr(rng));
  if (r < 90) return longInput(rng);
  if (r < 91) return '';
  if (r < 93) return address(rng); // no prefix at all
  if (r < 95) return `${cidr(rng).slice(0, rng.int(6))}${anyCodePoint(rng)}${anyCodePoint(rng)}`;
  return Array.from({ length: 1 + rng.int(12) }, () => rng.pick([...ASCII_NOISE, ...UNICODE, ...CONTROL])).join('');
}

/** `count` cases from `seed`. The same seed gives the same cases. */
export function generateInputs(seed: number, count: number): DiffInput[] {
  const rng = new Rng(seed);
  const out: DiffInput[] = [];
  for (let i = 0; i < count; i++) {
    const c = caseCidr(rng);
    const n = rng.chance(0.5) ? 0 : 1 + rng.int(3);
    const except = Array.from({ length: n }, () => exceptFor(rng, c));
    out.push({ cidr: c, except, ip: probeFor(rng, c) });
  }
  return out;
}
