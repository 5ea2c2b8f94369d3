import { SandboxPolicyError } from '../errors.js';
import { FAMILY_BITS, effectiveAddress, formatAddress, formatV4, parseAddress, type IpFamily } from './address.js';
import { goQuote } from '../validation/go-quote.js';
import { INVALID_CIDR_MESSAGE, STRICT_CIDR_MESSAGES, parseCidr, v4CidrKey, type ParsedCidr } from './prefix.js';
import { coverV4Ranges, coverV6 } from './cover.js';
import * as iv from './intervals.js';
import * as v4r from './v4-ranges.js';
import type { V4Ranges } from './v4-ranges.js';
import { MAX_INPUT_VALUES, describeValue, snapshot, snapshotOptions } from '../snapshot.js';

/** How CIDR text is read: `strict` as Kubernetes >= 1.36 validates it, `legacy` as older clusters do. */
export type CidrMode = 'strict' | 'legacy';

/** Set by CidrSet's static block: a set from normalized IPv4 ranges and fresh normalized IPv6 pairs. */
let ownSet: (v4: V4Ranges, v6: readonly iv.Interval[]) => CidrSet;
/** Set by CidrSet's static block: a set's own IPv4 ranges. */
let rangesOf: (set: CidrSet) => V4Ranges;

/**
 * A set from `[start, end]` pairs the library computed itself (bigints within each family's
 * space, any order, overlaps allowed), plus IPv4 networks as `v4CidrKey` keys:
 * {@link CidrSet.fromIntervals} without its per-pair checks of caller data. Internal: not
 * exported from the package. `v4Keys` may be sorted in place.
 */
export function setOfOwnIntervals(v4: readonly iv.Interval[], v6: readonly iv.Interval[], v4Keys?: Float64Array): CidrSet {
  return setOfRanges(v4.length === 0 ? v4r.NONE : v4r.v4FlatOf(v4), v4Keys, v6);
}

/**
 * A set from numbers the library computed itself, without a bigint for IPv4: `v4` holds IPv4
 * intervals flat, `[start0, end0, start1, end1, ...]` (exact integers, not -0, `0 <= start <= end <
 * 2 ** 32`, any order, overlaps allowed), `v4Keys` IPv4 networks as `v4CidrKey` keys
 * (`start * 64 + prefix`; sorted in place), `v6` IPv6 `[start, end]` bigint pairs (any order).
 * Nothing is checked: internal, not exported from the package. Neither list is kept.
 *
 * For instance `setOfRanges([167772160, 184549375], Float64Array.of(v4CidrKey('8.8.8.8/32', true)))`
 * is the set `['8.8.8.8/32', '10.0.0.0/8']` (the examples of these internal functions are checked by
 * the unit tests, not as `@example` blocks, which run against the public package).
 *
 * @returns the set of every address in any of them.
 */
export function setOfRanges(v4: ArrayLike<number>, v4Keys?: Float64Array, v6: readonly iv.Interval[] = NO_INTERVALS): CidrSet {
  const ranges = v4r.v4Normalize(v4);
  return ownSet(v4Keys ? v4r.v4Union(ranges, v4r.v4FromKeys(v4Keys)) : ranges, iv.normalize(v6));
}

/**
 * The IPv4 intervals of a set, flat (`[start0, end0, ...]`, sorted, disjoint, non-adjacent
 * Numbers): the set's own array, shared, so the caller must never write to it. For the algebra of
 * `v4-ranges.ts` without building `set.v4`'s bigint pairs. Internal, not exported from the package.
 *
 * For instance `v4RangesOf(CidrSet.from(['10.0.0.0/8']))` holds `[167772160, 184549375]`.
 *
 * @returns the set's IPv4 ranges.
 */
export function v4RangesOf(set: CidrSet): V4Ranges {
  return rangesOf(set);
}

/**
 * True when `set` holds an address of `[start, end]` of one family (bounds as exact Numbers or
 * bigints): a binary search, no allocation, and for IPv4 no bigint. Internal.
 *
 * For instance `setOverlapsRange(CidrSet.from(['10.0.0.0/8']), 4, 167772161, 167772161)` is true.
 *
 * @returns whether the range and the set share an address.
 */
export function setOverlapsRange(set: CidrSet, family: IpFamily, start: number | bigint, end: number | bigint): boolean {
  return family === 4 ? v4r.v4OverlapsRange(rangesOf(set), Number(start), Number(end)) : iv.overlapsRange(set.v6, start, end);
}

/**
 * `set ∩ [start, end]` for a range of one family (bounds as exact Numbers or bigints), in
 * O(log n + the intervals kept). Internal.
 *
 * For instance `setIntersectRange(CidrSet.from(['10.0.0.0/8']), 4, 0, 167772415)` is the set
 * `['10.0.0.0/24']`.
 *
 * @returns a fresh set holding the addresses of the range that `set` holds.
 */
export function setIntersectRange(set: CidrSet, family: IpFamily, start: number | bigint, end: number | bigint): CidrSet {
  if (family === 4) return ownSet(v4r.v4IntersectRange(rangesOf(set), Number(start), Number(end)), NO_INTERVALS);
  return ownSet(v4r.NONE, iv.intersect(set.v6, [[BigInt(start), BigInt(end)]]));
}

/** Throws the error `parseCidrStrict` gives for an entry that `parseCidr` (or strict mode) refused. */
function refuseEntry(text: unknown, path: string, mode: CidrMode): never {
  parseCidrStrict(text as string, path, mode);
  throw new SandboxPolicyError([{ path, message: `${goQuote(String(text))} ${INVALID_CIDR_MESSAGE}` }]);
}

/** The one empty interval list every set shares. */
const NO_INTERVALS: readonly iv.Interval[] = /* @__PURE__ */ Object.freeze([]);

/**
 * Parses a CIDR or throws {@link SandboxPolicyError} naming `path`. In `strict` mode (the default)
 * leading zeros, host bits and IPv4-mapped IPv6 are rejected like the API server does; `legacy`
 * accepts them as Kubernetes before 1.36 did.
 *
 * @throws {@link SandboxPolicyError} when the text is not a CIDR (or not strict-valid in strict mode).
 * @example
 * ```ts
 * parseCidrStrict('10.0.0.0/8').canonical; // '10.0.0.0/8'
 * parseCidrStrict('10.0.0.1/8');           // throws: must not have bits set beyond the prefix length
 * ```
 */
export function parseCidrStrict(text: string, path = 'cidr', mode: CidrMode = 'strict'): ParsedCidr {
  if (typeof path !== 'string') path = 'cidr';
  checkMode(mode);
  if (typeof text !== 'string') {
    throw new SandboxPolicyError([{ path, message: `must be a CIDR string, got ${describeValue(text)}` }]);
  }
  const parsed = parseCidr(text);
  if (parsed === null) throw new SandboxPolicyError([{ path, message: `${goQuote(text)} ${INVALID_CIDR_MESSAGE}` }]);
  if (mode === 'strict' && parsed.strictProblem !== null) {
    throw new SandboxPolicyError([
      { path, message: `${goQuote(text)} ${STRICT_CIDR_MESSAGES[parsed.strictProblem]} (use ${parsed.canonical})` },
    ]);
  }
  return parsed;
}

/**
 * An immutable set of IPv4 and IPv6 addresses with set algebra, kept as sorted, disjoint,
 * merged intervals per family. Every operation returns a new set; `toCidrs()` gives the minimal
 * canonical CIDR cover (sorted, disjoint, IPv4 first).
 *
 * Merging n ranges costs O(n log n); union, intersect and subtract are linear merges.
 *
 * Truly immutable: the intervals are private; `v4`/`v6` are frozen lists of frozen pairs, so no
 * caller can change a set (not even the shared {@link CidrSet.EMPTY}). Every method throws
 * {@link SandboxPolicyError} for an argument of the wrong type: an `other` that is not a real
 * CidrSet (a look-alike object or a proxy of one), a family other than 4 or 6, a non-string
 * address, a list that is not a list of strings.
 *
 * @example
 * ```ts
 * const internet = CidrSet.from(['0.0.0.0/0']).subtract(CidrSet.from(['10.0.0.0/8']));
 * internet.contains('10.1.2.3');            // false
 * CidrSet.from(['10.0.0.0/9', '10.128.0.0/9']).toCidrs(); // ['10.0.0.0/8']
 * ```
 */
export class CidrSet {
  /** The empty set. */
  static readonly EMPTY = new CidrSet(v4r.NONE, NO_INTERVALS);

  static {
    ownSet = (v4, v6) => new CidrSet(v4, v6);
    rangesOf = (set) => set.#v4;
  }

  /** IPv4 intervals as Numbers (see `v4-ranges.ts`): private and never written, so sets share them. */
  readonly #v4: V4Ranges;
  /** `v4` as frozen bigint pairs, made on first read. */
  #v4Pairs: readonly iv.Interval[] | null = null;
  /** IPv6 intervals: fresh from the interval functions (or another set's), never written; frozen when first shown. */
  readonly #v6: readonly iv.Interval[];

  private constructor(v4: V4Ranges, v6: readonly iv.Interval[]) {
    this.#v4 = v4;
    this.#v6 = v6;
    Object.freeze(this);
  }

  /** IPv4 intervals, normalized: a frozen list of frozen `[start, end]` pairs. */
  get v4(): readonly iv.Interval[] {
    // A private field may be written on a frozen object: the pairs are made once, when first read.
    return (this.#v4Pairs ??= freezeIntervals(v4r.v4Pairs(this.#v4)));
  }

  /** IPv6 intervals, normalized: a frozen list of frozen `[start, end]` pairs. */
  get v6(): readonly iv.Interval[] {
    // Frozen on first read (freezing 20,000 pairs costs more than the algebra that made them);
    // until then no caller holds the list or its pairs.
    return freezeIntervals(this.#v6);
  }

  /** `other` itself when it is a CidrSet (not a look-alike or a proxy of one). */
  static #check(other: unknown, path = 'other'): CidrSet {
    if (typeof other === 'object' && other !== null && #v4 in other) return other as CidrSet;
    throw new SandboxPolicyError([{ path, message: `must be a CidrSet, got ${describeValue(other)}` }]);
  }

  /**
   * Builds a set from CIDR strings (either family, any order, overlaps allowed).
   *
   * @param cidrs - CIDR texts.
   * @param options - `mode` (`'strict'` by default) and `path`, the field path used in errors.
   * @throws {@link SandboxPolicyError} naming `path[i]` for the first invalid entry.
   */
  static from(cidrs: Iterable<string>, options?: { mode?: CidrMode; path?: string }): CidrSet {
    const opts = snapshotOptions(options, ['mode', 'path']);
    const path = typeof opts.path === 'string' ? opts.path : 'cidrs';
    const mode = (opts.mode ?? 'strict') as CidrMode;
    checkMode(mode, 'options.mode');
    const v4: number[] = [];
    const v6: iv.Interval[] = [];
    const list = readList(cidrs, path);
    const strict = mode === 'strict';
    // Plain dotted-quad entries (the common case) stay in Numbers until merged.
    const keys = new Float64Array(list.length);
    let nKeys = 0;
    for (let i = 0; i < list.length; i++) {
      const text = list[i];
      if (typeof text === 'string') {
        const key = v4CidrKey(text, strict);
        if (key >= 0) {
          keys[nKeys++] = key;
          continue;
        }
      }
      const p = typeof text === 'string' ? parseCidr(text) : null;
      // The entry's field path is written only when it is wrong.
      if (p === null || (strict && p.strictProblem !== null)) refuseEntry(text, `${path}[${i}]`, mode);
      if (p.family === 4) v4.push(Number(p.start), Number(p.end));
      else v6.push([p.start, p.end]);
    }
    return setOfRanges(v4, keys.subarray(0, nKeys), v6);
  }

  /**
   * Builds a set from already-parsed CIDRs (from {@link parseCidr}; no text parsing).
   *
   * @throws {@link SandboxPolicyError} for an entry that is not a parsed CIDR.
   */
  static fromParsed(cidrs: Iterable<ParsedCidr>): CidrSet {
    const v4: number[] = [];
    const v6: iv.Interval[] = [];
    readList(cidrs, 'cidrs', true).forEach((item, i) => {
      const [family, interval] = guarded('cidrs', i, () => {
        const p = item as Partial<ParsedCidr> | null;
        const f = p?.family;
        return [f, f === 4 || f === 6 ? readInterval([p!.start, p!.end], f) : null] as const;
      });
      if (interval === null) throw new SandboxPolicyError([{ path: `cidrs[${i}]`, message: 'must be a ParsedCidr (from parseCidr)' }]);
      if (family === 4) v4.push(Number(interval[0]), Number(interval[1]));
      else v6.push(interval);
    });
    return setOfRanges(v4, undefined, v6);
  }

  /**
   * Builds a set from raw intervals per family (`[start, end]` bigint pairs, inclusive, within the
   * family's address space; they need not be sorted or disjoint).
   *
   * @throws {@link SandboxPolicyError} for anything else.
   */
  static fromIntervals(v4: readonly iv.Interval[], v6: readonly iv.Interval[]): CidrSet {
    const read = (list: unknown, family: IpFamily, path: string): iv.Interval[] =>
      readList(list, path, true).map((pair, i) => {
        const interval = guarded(path, i, () => readInterval(pair, family));
        if (interval === null) {
          throw new SandboxPolicyError([{ path: `${path}[${i}]`, message: `must be a [start, end] pair of bigints within IPv${family} space, start <= end` }]);
        }
        return interval;
      });
    return setOfRanges(read(v4, 4, 'v4').flat().map(Number), undefined, read(v6, 6, 'v6'));
  }

  /**
   * The union of many sets in one O(n log n) pass (cheaper than folding `union`).
   *
   * @throws {@link SandboxPolicyError} when an item is not a real CidrSet.
   */
  static unionAll(sets: Iterable<CidrSet>): CidrSet {
    const v4: number[] = [];
    const v6: iv.Interval[] = [];
    readList(sets, 'sets', true).forEach((item, i) => {
      const s = CidrSet.#check(item, `sets[${i}]`);
      for (const x of s.#v4) v4.push(x);
      for (const interval of s.#v6) v6.push(interval);
    });
    return setOfRanges(v4, undefined, v6);
  }

  /**
   * The whole address space of one family (`0.0.0.0/0` or `::/0`).
   *
   * @throws {@link SandboxPolicyError} when `family` is not 4 or 6.
   */
  static all(family: IpFamily): CidrSet {
    checkFamily(family);
    return family === 4 ? new CidrSet(Float64Array.of(0, 2 ** 32 - 1), NO_INTERVALS) : new CidrSet(v4r.NONE, [[0n, (1n << 128n) - 1n]]);
  }

  /**
   * Addresses in this set or `other`.
   *
   * @throws {@link SandboxPolicyError} when `other` is not a real CidrSet.
   */
  union(other: CidrSet): CidrSet {
    const o = CidrSet.#check(other);
    return new CidrSet(v4r.v4Union(this.#v4, o.#v4), iv.union(this.#v6, o.#v6));
  }

  /**
   * Addresses in both sets.
   *
   * @throws {@link SandboxPolicyError} when `other` is not a real CidrSet.
   */
  intersect(other: CidrSet): CidrSet {
    const o = CidrSet.#check(other);
    return new CidrSet(v4r.v4Intersect(this.#v4, o.#v4), iv.intersect(this.#v6, o.#v6));
  }

  /**
   * Addresses in this set and not in `other`.
   *
   * @throws {@link SandboxPolicyError} when `other` is not a real CidrSet.
   */
  subtract(other: CidrSet): CidrSet {
    const o = CidrSet.#check(other);
    return new CidrSet(v4r.v4Subtract(this.#v4, o.#v4), iv.subtract(this.#v6, o.#v6));
  }

  /**
   * Only the addresses of one family.
   *
   * @throws {@link SandboxPolicyError} when `family` is not 4 or 6.
   */
  family(family: IpFamily): CidrSet {
    checkFamily(family);
    return family === 4 ? new CidrSet(this.#v4, NO_INTERVALS) : new CidrSet(v4r.NONE, this.#v6);
  }

  /** True when the set holds no address. */
  isEmpty(): boolean {
    return this.#v4.length === 0 && this.#v6.length === 0;
  }

  /**
   * True when the set holds the address, or every address of the CIDR, given as text. Text is
   * read as Kubernetes reads it (legacy rules), and an IPv4-mapped address such as
   * `::ffff:10.1.2.3` counts as the IPv4 address it carries, as in Go's `net.IPNet.Contains`: it
   * is in a set holding `10.0.0.0/8` and not in one holding only `::/0`.
   *
   * @throws {@link SandboxPolicyError} when the text is neither an IP address nor a CIDR.
   */
  contains(addressOrCidr: string): boolean {
    if (typeof addressOrCidr !== 'string') {
      throw new SandboxPolicyError([{ path: 'address', message: `must be an IP address or CIDR string, got ${describeValue(addressOrCidr)}` }]);
    }
    if (addressOrCidr.includes('/')) {
      const p = parseCidrStrict(addressOrCidr, 'cidr', 'legacy');
      return this.#holds(p.family, p.start, p.end);
    }
    const a = parseAddress(addressOrCidr);
    if (a === null) throw new SandboxPolicyError([{ path: 'address', message: `${goQuote(addressOrCidr)} is not an IP address` }]);
    // An IPv4-mapped address is the IPv4 address it carries, as for Go's IPNet.Contains.
    const [family, value] = effectiveAddress(a);
    return this.#holds(family, value, value);
  }

  /** True when every address of `[start, end]` of one family is in the set. */
  #holds(family: IpFamily, start: bigint, end: bigint): boolean {
    return family === 4 ? v4r.v4ContainsAll(this.#v4, Float64Array.of(Number(start), Number(end))) : iv.containsAll(this.#v6, [[start, end]]);
  }

  /**
   * True when every address of `other` is in this set.
   *
   * @throws {@link SandboxPolicyError} when `other` is not a real CidrSet.
   */
  containsSet(other: CidrSet): boolean {
    const o = CidrSet.#check(other);
    return v4r.v4ContainsAll(this.#v4, o.#v4) && iv.containsAll(this.#v6, o.#v6);
  }

  /**
   * True when the sets share at least one address.
   *
   * @throws {@link SandboxPolicyError} when `other` is not a real CidrSet.
   */
  overlaps(other: CidrSet): boolean {
    const o = CidrSet.#check(other);
    return v4r.v4Overlaps(this.#v4, o.#v4) || iv.overlaps(this.#v6, o.#v6);
  }

  /**
   * True when both sets hold exactly the same addresses.
   *
   * @throws {@link SandboxPolicyError} when `other` is not a real CidrSet.
   */
  equals(other: CidrSet): boolean {
    const o = CidrSet.#check(other);
    return v4r.v4Equals(this.#v4, o.#v4) && iv.equals(this.#v6, o.#v6);
  }

  /** The minimal canonical CIDR cover: sorted, disjoint, IPv4 before IPv6. */
  toCidrs(): string[] {
    const out: string[] = [];
    coverV4Ranges(this.#v4, out);
    coverV6(this.#v6, out);
    return out;
  }

  /** JSON form: the canonical CIDR list (`JSON.stringify(set)` writes `["10.0.0.0/8", ...]`). */
  toJSON(): string[] {
    return this.toCidrs();
  }

  /** The lowest address in the set (IPv4 first), or null when empty. */
  firstAddress(): string | null {
    if (this.#v4.length > 0) return formatV4(this.#v4[0]!);
    if (this.#v6.length > 0) return formatAddress(6, this.#v6[0]![0]);
    return null;
  }

  /**
   * Number of addresses of one family in the set.
   *
   * @throws {@link SandboxPolicyError} when `family` is not 4 or 6.
   */
  size(family: IpFamily): bigint {
    checkFamily(family);
    let n = 0n;
    for (const [s, e] of family === 4 ? this.v4 : this.#v6) n += e - s + 1n;
    return n;
  }
}

/**
 * Freezes a fresh interval list and its pairs. A list that is already frozen is one of a set's own
 * (its pairs were frozen with it): it is shared as it is.
 */
function freezeIntervals(list: readonly iv.Interval[]): readonly iv.Interval[] {
  if (list.length === 0) return NO_INTERVALS;
  if (Object.isFrozen(list)) return list;
  for (const pair of list) Object.freeze(pair);
  return Object.freeze(list);
}

function checkFamily(family: unknown): void {
  if (family !== 4 && family !== 6) throw new SandboxPolicyError([{ path: 'family', message: `must be 4 or 6, got ${describeValue(family)}` }]);
}

function checkMode(mode: unknown, path = 'mode'): void {
  if (mode !== 'strict' && mode !== 'legacy') {
    throw new SandboxPolicyError([{ path, message: `must be "strict" or "legacy", got ${describeValue(mode)}` }]);
  }
}

/**
 * The items of a list or other iterable, read once into a fresh array. Plain lists are
 * snapshotted (so their items are plain data) unless `opaque` (items are objects of ours:
 * CidrSets, parsed CIDRs, bigint pairs); an iterator that throws or never ends is refused.
 */
function readList(value: unknown, path: string, opaque = false): unknown[] {
  if (Array.isArray(value) && !opaque) return snapshot(value, path) as unknown[];
  if (typeof value === 'string' || typeof value !== 'object' || value === null) {
    throw new SandboxPolicyError([{ path, message: `must be a list, got ${describeValue(value)}` }]);
  }
  const out: unknown[] = [];
  try {
    if (opaque && Array.isArray(value)) {
      // A list of our own objects: read each item once (a proxy's traps may still throw: caught).
      const length = (value as unknown[]).length;
      if (typeof length !== 'number' || length > MAX_INPUT_VALUES) throw new SandboxPolicyError([{ path, message: `holds more than ${MAX_INPUT_VALUES} items` }]);
      for (let i = 0; i < length; i++) out.push((value as unknown[])[i]);
      return out;
    }
    const iterator = (value as Iterable<unknown>)[Symbol.iterator]();
    for (let step = iterator.next(); !step.done; step = iterator.next()) {
      if (out.length >= MAX_INPUT_VALUES) throw new SandboxPolicyError([{ path, message: `holds more than ${MAX_INPUT_VALUES} items` }]);
      out.push(step.value);
    }
  } catch (err) {
    if (err instanceof SandboxPolicyError) throw err;
    throw new SandboxPolicyError([{ path, message: 'must be a list (iterating it failed)' }]);
  }
  return opaque ? out : (snapshot(out, path) as unknown[]);
}

/**
 * Runs a read of caller-owned objects; anything it throws becomes a SandboxPolicyError at
 * `list[index]` (the path is written only then).
 */
function guarded<T>(list: string, index: number, read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof SandboxPolicyError) throw err;
    throw new SandboxPolicyError([{ path: `${list}[${index}]`, message: 'could not be read' }]);
  }
}

/** A fresh `[start, end]` pair when `pair` is one within the family's space, else null. */
function readInterval(pair: unknown, family: IpFamily): iv.Interval | null {
  if (!Array.isArray(pair) || pair.length !== 2) return null;
  const [start, end] = [pair[0] as unknown, pair[1] as unknown];
  if (typeof start !== 'bigint' || typeof end !== 'bigint') return null;
  const max = (1n << BigInt(FAMILY_BITS[family])) - 1n;
  return start >= 0n && start <= end && end <= max ? [start, end] : null;
}

/**
 * Merges CIDRs of either family into their minimal canonical cover.
 *
 * @throws {@link SandboxPolicyError} naming `cidrs[i]` for an invalid entry.
 * @example
 * ```ts
 * mergeCidrs(['10.0.0.0/9', '10.128.0.0/9', '::/1', '8000::/1']); // ['10.0.0.0/8', '::/0']
 * ```
 */
export function mergeCidrs(cidrs: Iterable<string>, mode: CidrMode = 'strict'): string[] {
  checkMode(mode);
  return CidrSet.from(cidrs, { mode }).toCidrs();
}
