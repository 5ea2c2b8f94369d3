import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { METADATA_ENDPOINTS, excludedRanges, networkPolicyFor, networkPolicySpecFor, type ExcludedRanges, type RangeEntry } from '../src/index.js';
import { METADATA_CIDRS, PROFILE_CIDRS } from '../src/range-cidrs.js';
import { FIXTURES, baseTemplate } from './helpers.js';

// The public range tables are built from two halves: the bare CIDRs policies emit
// (range-cidrs.ts) and the reasons beside them (ranges.ts). These tests hold the halves together.
const pinned = parse(readFileSync(join(FIXTURES, 'ranges', 'tables.yaml'), 'utf8')) as {
  upstream: ExcludedRanges;
  hardened: ExcludedRanges;
  metadataEndpoints: RangeEntry[];
};

describe('range tables: bare CIDRs and their reasons', () => {
  it('excludedRanges and METADATA_ENDPOINTS equal the pinned tables, each CIDR with its own reason', () => {
    expect(excludedRanges('upstream')).toEqual(pinned.upstream);
    expect(excludedRanges('hardened')).toEqual(pinned.hardened);
    expect(excludedRanges()).toBe(excludedRanges('upstream'));
    expect(METADATA_ENDPOINTS).toEqual(pinned.metadataEndpoints);
  });

  it('every entry has a non-empty reason and exactly the keys cidr and reason', () => {
    const all = [
      ...(['upstream', 'hardened'] as const).flatMap((p) => [...excludedRanges(p).ipv4.except, ...excludedRanges(p).ipv6.except]),
      ...METADATA_ENDPOINTS,
    ];
    for (const e of all) {
      expect(Object.keys(e), e.cidr).toEqual(['cidr', 'reason']);
      expect(typeof e.reason === 'string' && e.reason.length > 0, e.cidr).toBe(true);
    }
  });

  it('the bare CIDRs the policy code uses are exactly the public tables’ CIDRs, in order', () => {
    for (const profile of ['upstream', 'hardened'] as const) {
      const table = excludedRanges(profile);
      for (const family of ['ipv4', 'ipv6'] as const) {
        expect(PROFILE_CIDRS[profile][family].cidr).toBe(table[family].cidr);
        expect(PROFILE_CIDRS[profile][family].except).toEqual(table[family].except.map((e) => e.cidr));
      }
    }
    expect(METADATA_CIDRS).toEqual(METADATA_ENDPOINTS.map((e) => e.cidr));
  });

  it('the default policy emits each profile’s table, and its lists are fresh (not the frozen tables)', () => {
    for (const profile of ['upstream', 'hardened'] as const) {
      const table = excludedRanges(profile);
      const peers = networkPolicySpecFor(baseTemplate(), { profile })!.egress![0]!.to!;
      expect(peers.map((p) => p.ipBlock)).toEqual([
        { cidr: table.ipv4.cidr, except: table.ipv4.except.map((e) => e.cidr) },
        { cidr: table.ipv6.cidr, except: table.ipv6.except.map((e) => e.cidr) },
      ]);
    }
    const a = networkPolicyFor(baseTemplate())!;
    const except = a.spec.egress![0]!.to![0]!.ipBlock!.except!;
    expect(Object.isFrozen(except)).toBe(false);
    expect(except).not.toBe(PROFILE_CIDRS.upstream.ipv4.except);
    (except as string[]).push('203.0.113.0/24');
    expect(networkPolicyFor(baseTemplate())!.spec.egress![0]!.to![0]!.ipBlock!.except).toEqual(PROFILE_CIDRS.upstream.ipv4.except);
  });

  it('the bare tables are deeply frozen', () => {
    const isDeepFrozen = (v: unknown): boolean =>
      typeof v !== 'object' || v === null || (Object.isFrozen(v) && Reflect.ownKeys(v).every((k) => isDeepFrozen((v as Record<PropertyKey, unknown>)[k])));
    expect(isDeepFrozen(PROFILE_CIDRS)).toBe(true);
    expect(isDeepFrozen(METADATA_CIDRS)).toBe(true);
  });
});
