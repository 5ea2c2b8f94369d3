/**
 * The CIDRs of the egress profiles and of the metadata endpoints, bare: what a policy emits.
 * Their reasons (what lives there) are in ranges.ts, which builds the public tables from these
 * lists, so code that only writes policies does not carry the prose. Internal.
 */

/** The egress profile names: `upstream` is the controller's default, `hardened` this library's. */
export type EgressProfile = 'upstream' | 'hardened';

/** Valid profile names, for validation messages. */
export const EGRESS_PROFILES: readonly EgressProfile[] = /* @__PURE__ */ Object.freeze(['upstream', 'hardened']);

/** One family's allow block of a profile: the allowed range and the excepted ranges, in emitted order. */
export interface BareBlock {
  readonly cidr: string;
  readonly except: readonly string[];
}

/** A profile's allow blocks, one per family. */
export interface BareProfile {
  readonly ipv4: BareBlock;
  readonly ipv6: BareBlock;
}

/* @__NO_SIDE_EFFECTS__ */ const block = (cidr: string, except: string[]): BareBlock => Object.freeze({ cidr, except: Object.freeze(except) });

/**
 * The profiles' CIDRs. `upstream` is the controller's `buildDefaultNetworkPolicySpec`, in its
 * order (byte-identical output depends on it); `hardened` is sorted by address.
 */
export const PROFILE_CIDRS: Readonly<Record<EgressProfile, BareProfile>> = /* @__PURE__ */ Object.freeze({
  upstream: /* @__PURE__ */ Object.freeze({
    ipv4: /* @__PURE__ */ block('0.0.0.0/0', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16']),
    ipv6: /* @__PURE__ */ block('::/0', ['fc00::/7', 'fe80::/10']),
  }),
  hardened: /* @__PURE__ */ Object.freeze({
    ipv4: /* @__PURE__ */ block('0.0.0.0/0', [
      '0.0.0.0/8',
      '10.0.0.0/8',
      '100.64.0.0/10',
      '127.0.0.0/8',
      '168.63.129.16/32',
      '169.254.0.0/16',
      '172.16.0.0/12',
      '192.0.0.0/24',
      '192.168.0.0/16',
      '198.18.0.0/15',
      '224.0.0.0/4',
      '240.0.0.0/4',
    ]),
    ipv6: /* @__PURE__ */ block('2000::/3', ['2001::/23', '2001:db8::/32', '2002::/16', '3fff::/20']),
  }),
});

/** Cloud metadata and platform control endpoints, sorted by address: what the `'metadata'` floor removes. */
export const METADATA_CIDRS: readonly string[] = /* @__PURE__ */ Object.freeze([
  '100.100.100.200/32',
  '168.63.129.16/32',
  '169.254.42.42/32',
  '169.254.169.252/32',
  '169.254.169.254/32',
  '169.254.170.2/32',
  '169.254.170.23/32',
  '192.0.0.192/32',
  'fd00:42::42/128',
  'fd00:a9fe:a9fe::1/128',
  'fd00:c1::a9fe:a9fe/128',
  'fd00:ec2::23/128',
  'fd00:ec2::254/128',
  'fd20:ce::254/128',
  'fe80::a9fe:a9fe/128',
]);
