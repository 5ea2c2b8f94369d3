// fast-check arbitraries for CIDR texts of both families, as people and tools really write them:
// canonical and not (upper-case hex, leading zeros in groups and octets, `::` in every place or
// none, a single zero group compressed, an embedded dotted quad, IPv4-mapped addresses), with and
// without host bits, with odd prefix lengths, and plain garbage over the CIDR alphabet.
import fc from 'fast-check';

const octet = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: 0, max: 255 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('00', '01', '007', '0255', '256', '', 'x', '+1', '1e1') },
);
const prefixText = (max: number) =>
  fc.oneof(
    { weight: 12, arbitrary: fc.integer({ min: 0, max }).map(String) },
    { weight: 1, arbitrary: fc.constantFrom('00', '08', '064', '0000128', String(max + 1), '129', '', '-1', '+8', '6x', '16777215', '1/1') },
  );

/** Dotted-quad CIDR texts, mostly valid. */
export const v4CidrText = fc.tuple(octet, octet, octet, octet, prefixText(32)).map(([a, b, c, d, p]) => `${a}.${b}.${c}.${d}/${p}`);

/** A group value: zero often (so that runs of zeros, and so `::` choices, are common). */
const groupValue = fc.oneof(
  { weight: 4, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.constant(0xffff) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 0xffff }) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 0xf }) },
);

/** How one group is spelled. */
type GroupStyle = 'min' | 'upper' | 'pad4' | 'pad5' | 'mixed';
const groupStyle = fc.oneof(
  { weight: 12, arbitrary: fc.constant<GroupStyle>('min') },
  { weight: 1, arbitrary: fc.constantFrom<GroupStyle>('upper', 'pad4', 'pad5', 'mixed') },
);

function spell(value: number, style: GroupStyle): string {
  const hex = value.toString(16);
  switch (style) {
    case 'min':
      return hex;
    case 'upper':
      return hex.toUpperCase();
    case 'pad4':
      return hex.padStart(4, '0');
    case 'pad5':
      return hex.padStart(5, '0');
    case 'mixed':
      return [...hex].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join('');
  }
}

/** The parts of a colon-hex address text, before spelling. */
const v6Parts = fc.record({
  groups: fc.array(groupValue, { minLength: 8, maxLength: 8 }),
  mapped: fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  styles: fc.array(groupStyle, { minLength: 8, maxLength: 8 }),
  cut: fc.oneof(
    { weight: 3, arbitrary: fc.constant<'longest'>('longest') },
    { weight: 1, arbitrary: fc.constant<'none'>('none') },
    { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 1, max: 8 })) },
  ),
  dotted: fc.oneof({ weight: 6, arbitrary: fc.constant<false | string>(false) }, { weight: 1, arbitrary: fc.constantFrom<string | false>('', '0') }),
});

/**
 * Spells 8 group values: each group in its style, then a run of groups (zero or not) replaced by
 * `::` (the first longest zero run, as RFC 5952 does, or any run) or no run, and optionally the
 * last two groups written as a dotted quad (with a leading zero now and then).
 */
function spellAddress({ groups, mapped, styles, cut, dotted }: typeof v6Parts extends fc.Arbitrary<infer T> ? T : never, keepBits = 128): string {
  const g = (mapped ? [0, 0, 0, 0, 0, 0xffff, groups[6]!, groups[7]!] : groups).map((v, i) => {
    const keep = Math.max(0, Math.min(16, keepBits - 16 * i)); // network bits of this group
    return keep === 16 ? v : keep === 0 ? 0 : v & ((0xffff << (16 - keep)) & 0xffff);
  });
  const words = g.map((v, i) => spell(v, styles[i]!));
  if (dotted !== false) {
    const v4 = [g[6]! >> 8, g[6]! & 255, g[7]! >> 8, g[7]! & 255].map((o, i) => (i === 0 && o < 10 ? `${dotted}${o}` : String(o)));
    words.splice(6, 2, v4.join('.'));
  }
  let start = -1;
  let length = 0;
  if (cut === 'longest') {
    for (let i = 0; i < g.length; ) {
      let j = i;
      while (j < g.length && g[j] === 0) j++;
      if (j - i > length && j - i >= 2) [start, length] = [i, j - i];
      i = j === i ? i + 1 : j;
    }
  } else if (cut !== 'none') [start, length] = cut;
  start = Math.min(start, words.length - 1);
  length = Math.min(length, words.length - start);
  if (start < 0) return words.join(':');
  return `${words.slice(0, start).join(':')}::${words.slice(start + length).join(':')}`;
}

/** Colon-hex address texts (see {@link spellAddress}). */
export const v6AddressText = v6Parts.map((parts) => spellAddress(parts));

/**
 * Colon-hex CIDR texts: an address masked to its prefix half of the time (so host bits come and
 * go), and a prefix length (now and then an odd one).
 */
export const v6CidrText = fc
  .tuple(v6Parts, fc.integer({ min: 0, max: 128 }), fc.boolean(), fc.oneof({ weight: 12, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: prefixText(128) }))
  .map(([parts, prefix, masked, odd]) => `${spellAddress(parts, masked ? prefix : 128)}/${odd ?? prefix}`);

/** Short strings over the CIDR alphabet (mostly invalid, sometimes not). */
export const cidrGarbage = fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF:./'), maxLength: 24 });

/** Any CIDR text: both families, canonical or not, and garbage. */
export const anyCidrText = fc.oneof(
  { weight: 4, arbitrary: v4CidrText },
  { weight: 6, arbitrary: v6CidrText },
  { weight: 1, arbitrary: cidrGarbage },
);
