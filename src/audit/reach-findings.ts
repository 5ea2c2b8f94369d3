/**
 * The address findings' text, written straight from interval lists: a grant's reachable part of
 * a sensitive class (clipped intervals, no set built), its CIDRs, an example address, and the
 * except list that removes it. Internal.
 */
import { formatAddress, type IpFamily } from '../cidr/address.js';
import { coverCidrs } from '../cidr/cover.js';
import type { Interval } from '../cidr/intervals.js';
import { excludedRanges } from '../ranges.js';
import type { FindingCode } from './finding-catalogue.js';
import type { Finding } from './finding.js';
import type { Severity } from './catalogue.js';
import { grantCanonical, type Grant, type GrantForm } from './grants.js';

const HARDENED_HINT = /* @__PURE__ */ (() => {
  const h = excludedRanges('hardened');
  return `to: [{ipBlock: {cidr: ${h.ipv4.cidr}, except: [${h.ipv4.except.map((e) => e.cidr).join(', ')}]}}, {ipBlock: {cidr: ${h.ipv6.cidr}, except: [${h.ipv6.except.map((e) => e.cidr).join(', ')}]}}]`;
})();

/** The suggestion for a grant without a cidr (a rule with no `to`, or egress not isolated). */
export function everythingSuggestion(path: string): string {
  return path === 'spec.policyTypes'
    ? `add "Egress" to policyTypes and list the allowed destinations, e.g. ${HARDENED_HINT}`
    : `give this rule explicit destinations instead of none (none means all), e.g. ${HARDENED_HINT}`;
}

/** From this many own excepts on, a grant's except list is written out once and sliced. */
const WRITTEN_FROM = 16;

/** A grant's own except intervals written out once: their CIDRs joined by ', ', and where each starts. */
interface WrittenExcepts {
  readonly text: string;
  readonly offsets: Int32Array;
}

function writeExcepts(own: readonly Interval[], family: IpFamily): WrittenExcepts {
  const offsets = new Int32Array(own.length + 1);
  const parts: string[] = [];
  let at = 0;
  for (let k = 0; k < own.length; k++) {
    offsets[k] = at;
    const one = coverCidrs([own[k]!], family).join(', ');
    parts.push(one);
    at += one.length + 2;
  }
  offsets[own.length] = at;
  return { text: parts.join(', '), offsets };
}

/** First index k >= from with own[k].end + 1 >= value (own sorted and disjoint). */
function firstTouching(own: readonly Interval[], from: number, value: bigint): number {
  let lo = from;
  let hi = own.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (own[mid]![1] + 1n < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The except suggestions of one audit call. A suggestion lists the grant's own excepts plus the
 * sensitive part, merged as the API server would read them; a long own list is written out once
 * per grant and reused as slices by every suggestion for that grant (a block with 10,000 excepts
 * reaches several sensitive classes).
 */
export class ExceptSuggester {
  readonly #written = new Map<Grant, WrittenExcepts>();

  /**
   * The suggestion that excepts `sensitive` (intervals of the grant's family, sorted, disjoint)
   * from the grant's ipBlock, valid under the API rules. `coverText` is the CIDR cover of
   * `sensitive` joined by ', ', when the caller has it.
   */
  suggest(grant: Grant, form: GrantForm, sensitive: readonly Interval[], coverText?: string): string {
    const family = form.family;
    if (family === null) return everythingSuggestion(grant.path);
    const { start, end, own } = form;
    let part = sensitive;
    if (part.length > 0 && (part[0]![0] < start || part[part.length - 1]![1] > end)) {
      const inside: Interval[] = [];
      for (const [s, e] of sensitive) if (e >= start && s <= end) inside.push([s > start ? s : start, e < end ? e : end]);
      part = inside;
      coverText = undefined;
    }
    if (part.length === 0 && own.length === 1 && own[0]![0] === start && own[0]![1] === end) return this.#remove(grant);
    if (own.length === 0) {
      if (part.length === 1 && part[0]![0] === start && part[0]![1] === end) return this.#remove(grant);
      return this.#write(grant, coverText ?? coverCidrs(part, family).join(', '));
    }
    // own ∪ part, walking `part` and jumping over runs of own intervals it does not touch.
    const pieces: string[] = [];
    let j = 0;
    for (let i = 0; i < part.length; i++) {
      let s = part[i]![0];
      let e = part[i]![1];
      const k = firstTouching(own, j, s);
      if (k > j) pieces.push(this.#ownRun(grant, own, family, j, k));
      let m = k;
      for (;;) {
        if (m < own.length && own[m]![0] <= e + 1n) {
          if (own[m]![0] < s) s = own[m]![0];
          if (own[m]![1] > e) e = own[m]![1];
          m++;
        } else if (i + 1 < part.length && part[i + 1]![0] <= e + 1n) {
          i++;
          if (part[i]![1] > e) e = part[i]![1];
        } else break;
      }
      if (s === start && e === end) return this.#remove(grant);
      pieces.push(coverCidrs([[s, e]], family).join(', '));
      j = m;
    }
    if (j < own.length) pieces.push(this.#ownRun(grant, own, family, j, own.length));
    return this.#write(grant, pieces.join(', '));
  }

  #remove(grant: Grant): string {
    return `remove this peer: all of ${grantCanonical(grant)} is sensitive`;
  }

  #write(grant: Grant, list: string): string {
    return `set except to [${list}] (each a strict subset of ${grantCanonical(grant)})`;
  }

  /** The CIDRs of own[from..to), joined. */
  #ownRun(grant: Grant, own: readonly Interval[], family: IpFamily, from: number, to: number): string {
    if (own.length < WRITTEN_FROM) {
      const parts: string[] = [];
      for (let k = from; k < to; k++) parts.push(coverCidrs([own[k]!], family).join(', '));
      return parts.join(', ');
    }
    let written = this.#written.get(grant);
    if (written === undefined) this.#written.set(grant, (written = writeExcepts(own, family)));
    return written.text.slice(written.offsets[from]!, written.offsets[to]! - 2);
  }
}

/**
 * The finding for a grant whose whole cidr (canonical text `canonical`, no own excepts) lies in
 * a sensitive class: its text is the cover, its network address the example, and the peer has to go.
 */
export function wholeFinding(grant: Grant, canonical: string, code: FindingCode, severity: Severity, what: string): Finding {
  return {
    severity,
    code,
    message: `allows ${what}: ${canonical}`,
    path: grant.path,
    ranges: [canonical],
    example: canonical.slice(0, canonical.lastIndexOf('/')),
    suggestion: `remove this peer: all of ${canonical} is sensitive`,
  };
}

/**
 * The finding for a grant reaching `v4`/`v6` (intervals clipped from a sensitive class, sorted,
 * disjoint; not both empty).
 */
export function reachFinding(
  grant: Grant,
  form: GrantForm,
  code: FindingCode,
  severity: Severity,
  what: string,
  v4: readonly Interval[],
  v6: readonly Interval[],
  suggest: ExceptSuggester,
): Finding {
  if (form.family !== null && form.own.length === 0) {
    // The whole block lies in the class (a /32 or a /48 of a long list): its own canonical text
    // is the cover, its network address the example, and the peer has to go.
    const mine = form.family === 4 ? v4 : v6;
    const other = form.family === 4 ? v6 : v4;
    if (other.length === 0 && mine.length === 1 && mine[0]![0] === form.start && mine[0]![1] === form.end) {
      return wholeFinding(grant, grantCanonical(grant), code, severity, what);
    }
  }
  const cover4 = v4.length > 0 ? coverCidrs(v4, 4) : [];
  const ranges = v6.length > 0 ? (cover4.length > 0 ? [...cover4, ...coverCidrs(v6, 6)] : coverCidrs(v6, 6)) : cover4;
  const joined = ranges.length > 4 ? null : ranges.join(', ');
  const shown = joined ?? `${ranges.slice(0, 4).join(', ')} and ${ranges.length - 4} more`;
  const example = v4.length > 0 ? formatAddress(4, v4[0]![0]) : formatAddress(6, v6[0]![0]);
  let suggestion: string;
  if (form.family === null) suggestion = everythingSuggestion(grant.path);
  else {
    const mine = form.family === 4 ? v4 : v6;
    const other = form.family === 4 ? v6 : v4;
    suggestion = suggest.suggest(grant, form, mine, other.length === 0 ? (joined ?? ranges.join(', ')) : undefined);
  }
  return { severity, code, message: `allows ${what}: ${shown}`, path: grant.path, ranges, example, suggestion };
}
