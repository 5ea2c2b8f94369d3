/**
 * The numbers, enums, patterns and CEL messages of the ClusterNetworkPolicy v1alpha2 CRD
 * (network-policy-api v0.2.0), each named once beside what it limits.
 */

/**
 * The CRD's limits. Every list (rules per direction, peers per rule, CIDRs or domains per peer,
 * protocol entries per rule) holds at most `maxItems` entries.
 */
export const CLUSTER_NETWORK_POLICY_LIMITS: {
  /** Most entries in any list of the spec. */
  readonly maxItems: number;
  /** Lowest priority number (evaluated first). */
  readonly minPriority: number;
  /** Highest priority number (evaluated last). */
  readonly maxPriority: number;
  /** Longest rule name. */
  readonly maxRuleNameLength: number;
  /** Longest CIDR text in `networks`. */
  readonly maxCidrLength: number;
} = /* @__PURE__ */ Object.freeze({
  maxItems: 25,
  minPriority: 0,
  maxPriority: 1000,
  maxRuleNameLength: 100,
  maxCidrLength: 43,
});

/**
 * The CRD's pattern for `domainNames` entries, character for character (including upstream's
 * `A-z` range, which also admits `[`, `\`, `]`, `^`, `_` and the backtick as a label's first
 * character): two or more labels, an optional leading `*.` wildcard label, one optional
 * trailing dot. `*github.com` is rejected; `*.github.com` is accepted.
 */
export const DOMAIN_NAME_PATTERN = '^(\\*\\.)?([a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\\.)+[a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\\.?$';

/** {@link DOMAIN_NAME_PATTERN} compiled. Internal. */
export const DOMAIN_NAME_RE = /* @__PURE__ */ new RegExp(DOMAIN_NAME_PATTERN);

/** Tier values. Internal. */
export const TIERS = /* @__PURE__ */ Object.freeze(['Admin', 'Baseline'] as const);

/** Rule actions. Internal. */
export const ACTIONS = /* @__PURE__ */ Object.freeze(['Accept', 'Deny', 'Pass'] as const);

/** Protocol keys of a protocol entry with a destination port. Internal. */
export const L4_PROTOCOLS = /* @__PURE__ */ Object.freeze(['tcp', 'udp', 'sctp'] as const);

/** Messages of the CRD's CEL rules, verbatim. Internal. */
export const CEL_MESSAGES = /* @__PURE__ */ Object.freeze({
  /** R1 on every port range: `self.start < self.end`. */
  portRange: 'Start port must be less than End port',
  /** C1 on every `networks` entry: `isCIDR(self)`. */
  cidr: 'Invalid CIDR format provided',
  /** E1 on every egress rule (experimental channel only). */
  namedPort: 'networks/nodes/domainNames peer cannot be set with namedPorts since there are no namedPorts for networks/nodes/domainNames',
});
