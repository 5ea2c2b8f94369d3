/**
 * The finding catalogue: every code the audits and the CLI report, one row a code. The range
 * table, the cluster and template codes and the CLI's codes are views of this table.
 */
import type { Severity } from './severity.js';

/** Which part of the package reports a code. */
export type FindingSource = 'range' | 'audit' | 'cluster' | 'template' | 'cli';

// Every table below is built in a function call marked pure, so that a bundle that never reads
// the catalogue (the controller path) leaves it out.
//
// The rows, as a literal so that the code union is derived from them. `severity` is the code's
// usual severity; a few findings lower it by context (a range reached on one port only, a
// non-canonical CIDR in legacy mode), never raise it above the row's, except `api-invalid` and
// CIDR form findings, which are `error` whenever the API server rejects the value.
const ROWS = [
  // Sensitive destinations (the auditor reports one when an egress rule reaches the row's ranges).
  { code: 'metadata-reachable', severity: 'critical', source: 'range', title: 'egress reaches cloud metadata and credential endpoints' },
  { code: 'azure-wireserver-reachable', severity: 'high', source: 'range', title: 'egress reaches the Azure WireServer (VM agent, DNS, DHCP)' },
  { code: 'c3-metadata-reachable', severity: 'high', source: 'range', title: 'egress reaches the Compute Cloud@Customer metadata service' },
  { code: 'link-local-reachable', severity: 'high', source: 'range', title: 'egress reaches link-local space (instance metadata, EKS Pod Identity, NodeLocal DNS)' },
  { code: 'private-v4-reachable', severity: 'high', source: 'range', title: 'egress reaches RFC 1918 private space (pods, services, nodes, VPC)' },
  { code: 'cgnat-reachable', severity: 'high', source: 'range', title: 'egress reaches CGNAT space (Alibaba Cloud metadata and DNS, custom-networking pods)' },
  { code: 'ula-reachable', severity: 'high', source: 'range', title: 'egress reaches IPv6 unique local space (IPv6 metadata, services, pods)' },
  { code: 'nat64-reachable', severity: 'high', source: 'range', title: 'egress reaches NAT64 prefixes (private IPv4 hosts through the VPC NAT64)' },
  { code: 'benchmark-range-reachable', severity: 'medium', source: 'range', title: 'egress reaches benchmarking space 198.18.0.0/15 (a recommended pod range)' },
  { code: 'class-e-reachable', severity: 'medium', source: 'range', title: 'egress reaches class E space (GKE pod and service ranges)' },
  { code: 'ietf-v4-block-reachable', severity: 'medium', source: 'range', title: 'egress reaches IETF protocol assignments 192.0.0.0/24' },
  { code: 'special-range-reachable', severity: 'low', source: 'range', title: 'egress reaches special-purpose space (loopback, multicast, documentation, ...)' },
  // The NetworkPolicy audit's own codes.
  { code: 'api-invalid', severity: 'error', source: 'audit', title: 'the API server rejects the policy', suggestion: 'fix the field the message names' },
  { code: 'invalid-except', severity: 'error', source: 'audit', title: 'an ipBlock except the API server rejects (not a strict subset of its cidr)', suggestion: 'except only strict subsets of the cidr' },
  { code: 'ipv4-mapped-cidr', severity: 'error', source: 'audit', title: 'an IPv4-mapped IPv6 CIDR (::ffff:a.b.c.d): rejected, and read as IPv4 by some dataplanes', suggestion: 'write the IPv4 CIDR itself' },
  { code: 'noncanonical-cidr', severity: 'error', source: 'audit', title: 'a CIDR not in canonical form (leading zeros, host bits, non-RFC 5952 IPv6)', suggestion: 'write the CIDR in canonical form' },
  { code: 'egress-unrestricted', severity: 'critical', source: 'audit', title: 'egress allows every destination' },
  { code: 'internal-dns-reachable', severity: 'medium', source: 'audit', title: 'egress reaches resolvers that answer for internal names on port 53' },
  { code: 'cluster-range-reachable', severity: 'high', source: 'audit', title: "egress reaches the cluster's own pod, service or node ranges" },
  { code: 'ipblock-on-pod-range', severity: 'info', source: 'audit', title: 'an ipBlock overlaps a cluster range: whether it matches pod IPs depends on the CNI' },
  { code: 'unrestricted-ports', severity: 'info', source: 'audit', title: 'an internet-wide destination is allowed on every port and protocol' },
  { code: 'family-asymmetry', severity: 'high', source: 'audit', title: 'IPv6 space is open whose IPv4 counterparts are excepted' },
  { code: 'except-reopened', severity: 'high', source: 'audit', title: 'a range excepted in one peer is allowed by another (policies only add)', suggestion: 'except the same ranges in every peer that covers them' },
  { code: 'broad-peer-selector', severity: 'high', source: 'audit', title: 'a selector peer that selects every pod or namespace' },
  { code: 'ingress-open', severity: 'high', source: 'audit', title: 'ingress admits every source, or every pod of a namespace' },
  { code: 'ingress-selector-or', severity: 'medium', source: 'audit', title: 'podSelector and namespaceSelector in separate peers (OR) where one peer (AND) was likely meant' },
  { code: 'endport-used', severity: 'low', source: 'audit', title: 'endPort is ignored by network plugins that do not support it' },
  { code: 'ingress-not-isolated', severity: 'medium', source: 'audit', title: 'no policy isolates ingress: every source may connect', suggestion: 'add "Ingress" to policyTypes and allow only the sandbox router' },
  { code: 'node-traffic-allowed', severity: 'info', source: 'audit', title: 'traffic between a pod and its own node is always allowed' },
  { code: 'cni-enforcement-required', severity: 'info', source: 'audit', title: 'NetworkPolicies do nothing unless the network plugin enforces them' },
  // Only auditCluster reports these.
  {
    code: 'managed-policy-unioned',
    severity: 'high',
    source: 'cluster',
    title: "a Managed template's policy is unioned with another NetworkPolicy",
    reason: "a Managed template's controller policy selects the same pods as another NetworkPolicy; policies only add, so its rules reopen what the other one leaves closed",
  },
  {
    code: 'hash-collision',
    severity: 'high',
    source: 'cluster',
    title: 'two templates in one namespace whose names hash alike',
    reason: "two templates in one namespace whose names hash alike: each template's policy selects the other's pods",
  },
  {
    code: 'cnp-priority-tie',
    severity: 'medium',
    source: 'cluster',
    title: 'ClusterNetworkPolicies of one tier tie on priority',
    reason: 'ClusterNetworkPolicies of one tier with equal priority select the same pods with different actions: upstream leaves the winner undefined (evaluated here by name)',
  },
  {
    code: 'node-peer-accepted',
    severity: 'medium',
    source: 'cluster',
    title: 'an Accept rule opens node addresses',
    reason: 'an Accept to `nodes` opens node addresses (kubelet, hostNetwork daemons); the reachable set counts the snapshot\'s Node objects, and nodes it does not hold cannot be counted',
  },
  {
    code: 'domain-names-not-accept',
    severity: 'medium',
    source: 'cluster',
    title: 'domainNames in a Deny or Pass rule',
    reason: 'domainNames are meant for Accept rules only: a Deny or Pass on names fails open for addresses the dataplane has not learned',
  },
  {
    code: 'duplicate-object',
    severity: 'medium',
    source: 'cluster',
    title: 'two documents of one object: only the last counts',
    reason: 'two valid documents with the same kind, namespace and name: the API server keeps only the last one applied, so the earlier one is not in force',
  },
  {
    code: 'unmatchable-selector',
    severity: 'low',
    source: 'cluster',
    title: 'a ClusterNetworkPolicy selector that cannot be parsed matches nothing',
    reason: 'the CRD schema stores a selector with invalid label syntax or operator, and network plugins treat it as matching nothing: its rule or policy never applies',
  },
  {
    code: 'managed-policy-blocked',
    severity: 'medium',
    source: 'cluster',
    title: "a Managed template's policy name is taken by a NetworkPolicy the template does not control",
    reason: "the controller refuses to update a NetworkPolicy it does not control, so the template's own policy is never created: the existing object is enforced as written",
  },
  {
    code: 'managed-policy-drift',
    severity: 'medium',
    source: 'cluster',
    title: "a Managed template's policy differs from what the controller renders",
    reason: "the controller overwrites its policy's spec on the next reconcile: what is enforced now is not what will be enforced",
  },
  {
    code: 'host-network',
    severity: 'critical',
    source: 'cluster',
    title: 'a sandbox or pod runs on the host network, outside every network policy',
    reason: 'a hostNetwork pod shares its node\'s network namespace: neither NetworkPolicies nor ClusterNetworkPolicies apply to it, so it reaches every address (metadata, node and cluster services included)',
  },
  {
    code: 'named-port-on-address',
    severity: 'medium',
    source: 'cluster',
    title: 'a named port is allowed towards an address block',
    reason: 'a named port resolves on the destination pod: any pod inside the block that names a container port so is reachable on it, including pods the snapshot does not hold',
  },
  {
    code: 'template-not-in-snapshot',
    severity: 'info',
    source: 'cluster',
    title: "a SandboxClaim's or SandboxWarmPool's template is not in the snapshot",
    reason: "the pods' labels, ports and hostNetwork come from the template: without it only the labels the claim or pool itself sets are modelled",
  },
  {
    code: 'metadata-domain-allowed',
    severity: 'critical',
    source: 'cluster',
    title: 'an Accept names a cloud metadata service by DNS name',
    reason: 'a domainNames Accept to a metadata name (metadata.google.internal, ...) opens the credential endpoint the address excepts close',
  },
  {
    code: 'cluster-domain-allowed',
    severity: 'high',
    source: 'cluster',
    title: 'an Accept names the Kubernetes API or in-cluster services by DNS name',
    reason: 'a domainNames Accept to kubernetes.default.svc or a cluster.local name opens the API server or internal services to the sandbox',
  },
  // About a SandboxTemplate document itself.
  {
    code: 'deprecated-api-version',
    severity: 'low',
    source: 'template',
    title: 'the template uses a deprecated SandboxTemplate version (v1alpha1)',
    reason: 'agent-sandbox stores v1beta1, the API server warns on every v1alpha1 request, and a later release removes v1alpha1',
  },
  // The CLI's own codes.
  { code: 'invalid-template', severity: 'error', source: 'cli', title: 'the SandboxTemplate is invalid: no policy can be judged or rendered from it' },
  { code: 'unsupported-kind', severity: 'error', source: 'cli', title: 'the document is neither a SandboxTemplate, a NetworkPolicy nor a Namespace' },
  { code: 'invalid-suppression', severity: 'error', source: 'cli', title: 'an ignore-check annotation without a reason' },
  { code: 'unknown-suppression', severity: 'error', source: 'cli', title: 'an ignore-check annotation naming no finding code' },
  { code: 'api-warning', severity: 'low', source: 'cli', title: 'the API server accepts the value with a warning' },
] as const satisfies readonly RowLiteral[];

interface RowLiteral {
  readonly code: string;
  readonly severity: Severity;
  readonly source: FindingSource;
  readonly title: string;
  readonly reason?: string;
  readonly suggestion?: string;
}

/**
 * Every finding code this package reports (audits and CLI): the codes listed in {@link FINDING_CODES},
 * each explained on its page `docs/findings/<code>.md`.
 */
export type FindingCode = (typeof ROWS)[number]['code'];

/** One row of {@link FINDING_CATALOGUE}. */
export interface FindingKind {
  /** The stable kebab-case code. */
  readonly code: FindingCode;
  /** The code's usual severity (a few findings lower it by context). */
  readonly severity: Severity;
  /** Which part reports it: a sensitive-range row, the policy audit, the cluster audit, the template check, the CLI. */
  readonly source: FindingSource;
  /** What it means, one line. */
  readonly title: string;
  /** Why it matters, when there is more to say than the title. */
  readonly reason?: string;
  /** A change that removes it, when one fits every case. */
  readonly suggestion?: string;
  /** Its documentation page in the package repository, `docs/findings/<code>.md`. */
  readonly docs: string;
}

/**
 * Every finding code, with its severity, one-line title, reason and suggestion where it has one,
 * and its documentation page. Deeply frozen; {@link SENSITIVE_RANGES}, {@link CLUSTER_FINDING_CODES}
 * and {@link TEMPLATE_FINDINGS} are views of it.
 *
 * @example
 * ```ts
 * FINDING_CATALOGUE.find((k) => k.code === 'metadata-reachable')?.severity; // 'critical'
 * ```
 */
export const FINDING_CATALOGUE: readonly FindingKind[] = /* @__PURE__ */ (() =>
  Object.freeze(ROWS.map((row) => Object.freeze({ ...row, docs: `docs/findings/${row.code}.md` }) as FindingKind)))();

/**
 * Every finding code, in catalogue order (deeply frozen).
 *
 * @example
 * ```ts
 * FINDING_CODES.includes('metadata-reachable'); // true
 * ```
 */
export const FINDING_CODES: readonly FindingCode[] = /* @__PURE__ */ (() => Object.freeze(ROWS.map((row) => row.code)))();

const BY_CODE: ReadonlyMap<string, FindingKind> = /* @__PURE__ */ (() => new Map(FINDING_CATALOGUE.map((k) => [k.code, k])))();

/**
 * The catalogue row of a code.
 *
 * @param code - a finding code.
 * @returns its row, or `undefined` for a string that is not a finding code.
 * @throws never.
 * @example
 * ```ts
 * findingKind('endport-used')?.docs; // 'docs/findings/endport-used.md'
 * ```
 */
export function findingKind(code: unknown): FindingKind | undefined {
  return typeof code === 'string' ? BY_CODE.get(code) : undefined;
}

/**
 * True when `value` is a finding code this package reports.
 *
 * @returns `true` for a {@link FindingCode}.
 * @throws never.
 * @example
 * ```ts
 * isFindingCode('metadata-reachable'); // true
 * isFindingCode('metadata'); // false
 * ```
 */
export function isFindingCode(value: unknown): value is FindingCode {
  return typeof value === 'string' && BY_CODE.has(value);
}

/** The row of a code known to be in the table. Internal. */
export function kindOf(code: FindingCode): FindingKind {
  return BY_CODE.get(code)!;
}
