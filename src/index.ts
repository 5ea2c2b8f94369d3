/**
 * agent-sandbox-policy: the NetworkPolicy, pod labels and secure pod defaults the Kubernetes
 * agent-sandbox controller gives a SandboxTemplate, as pure functions; plus CIDR set algebra, an
 * auditor for egress policies, and the effective policy of every sandbox in a cluster snapshot
 * (NetworkPolicies and ClusterNetworkPolicy tiers together). This file is the root public entry
 * point (the other is `agent-sandbox-policy/client-node`).
 *
 * @packageDocumentation
 * @module agent-sandbox-policy
 */

export { SandboxPolicyError, isSandboxPolicyError, type PolicyIssue } from './errors.js';
export {
  CREATED_BY_LABEL,
  DEFAULT_NAMESERVERS,
  DEFAULT_ROUTER,
  DEPRECATED_TEMPLATE_API_VERSIONS,
  MAX_TEMPLATE_NAME_LENGTH,
  RESERVED_LABEL_PREFIXES,
  SANDBOX_NAME_HASH_LABEL,
  SANDBOX_TEMPLATE_API_VERSIONS,
  TEMPLATE_REF_HASH_LABEL,
  WARM_POOL_LABEL,
} from './constants.js';
export {
  ANY_SANDBOX_NAME_HASH,
  sandboxPodLabelSet,
  sandboxPodLabels,
  templateRefHash,
  type PodLabelSetOptions,
} from './labels.js';
export {
  SandboxTemplateSchema,
  parseSandboxTemplate,
  type ParseOptions,
  type TemplateInput,
} from './template.js';
export { safeParseSandboxTemplate, type SafeParseResult } from './safe-parse.js';
export type {
  EgressRuleInput,
  IngressRuleInput,
  IpBlockRule,
  LabelSelector,
  LabelSelectorRequirement,
  PeerRule,
  PodDnsConfig,
  PodDnsOption,
  PortRule,
  SandboxTemplate,
  TemplateNetworkPolicy,
  TemplatePodSpec,
} from './template-types.js';
export { type EgressFloor, type PolicyOptions } from './options.js';
export type {
  IPBlock,
  NetworkPolicy,
  NetworkPolicyEgressRule,
  NetworkPolicyIngressRule,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  NetworkPolicySpec,
  ObjectMeta,
  OwnerReference,
  PodSpecInput,
  PolicyType,
  SecurePodSpec,
} from './wire-types.js';
export { networkPolicyFor, networkPolicySpecFor, networkPolicyWithChangesFor, type FloorChange, type PolicyWithChanges } from './network-policy.js';
export { applySandboxSecureDefaults } from './pod-defaults.js';
export { isSecureByDefault, sandboxDnsConfig, type SandboxDnsConfig } from './dns.js';
export { secureDefaultsPatch, type JsonPatchOperation, type PatchOptions } from './secure-defaults-patch.js';
export { networkPolicyNeedsUpdate, type NetworkPolicyLike } from './drift.js';
export {
  planNetworkPolicy,
  type NetworkPolicyPlan,
  type NoWritePlan,
  type PlanAction,
  type TemplateLabelPatch,
  type WritePlan,
} from './reconcile.js';
export {
  excludedRanges,
  METADATA_ENDPOINTS,
  type EgressBlock,
  type EgressProfile,
  type ExcludedRanges,
  type RangeEntry,
} from './ranges.js';
export { CidrSet, mergeCidrs, parseCidrStrict, type CidrMode } from './cidr/cidr-set.js';
export type { Interval } from './cidr/intervals.js';
export { parseCidr, type ParsedCidr, type StrictCidrProblem } from './cidr/prefix.js';
export type { IpFamily } from './cidr/address.js';
export {
  validateNetworkPolicy,
  validateNetworkPolicySpec,
  type ValidationOptions,
} from './validation/network-policy.js';
export type { FieldErrorType, ValidationIssue } from './validation/field.js';
export { templateUnknownFields } from './validation/strict-entry.js';
export type { IssueReason } from './validation/field.js';
export {
  auditNetworkPolicy,
  type AuditOptions,
  type AuditReport,
  type Finding,
} from './audit/audit.js';
export {
  CLUSTER_FINDING_CODES,
  SENSITIVE_RANGES,
  SEVERITIES,
  TEMPLATE_FINDINGS,
  type ClusterFindingCode,
  type SensitiveRange,
  type Severity,
  type TemplateFindingKind,
} from './audit/catalogue.js';
export { sandboxTemplateFindings } from './audit/template-findings.js';
export {
  FINDING_CATALOGUE,
  FINDING_CODES,
  findingKind,
  isFindingCode,
  type FindingCode,
  type FindingKind,
  type FindingSource,
} from './audit/finding-catalogue.js';
export { explainNetworkPolicy } from './explain.js';
export { stringifyGo, type GoJsonOptions } from './go-json.js';
export { MAX_INPUT_VALUES, MAX_NESTING_DEPTH } from './snapshot.js';
export { evaluateTraffic, type ContainerPort, type PodRef, type Traffic, type Verdict } from './evaluate.js';
export {
  CLUSTER_NETWORK_POLICY_API_VERSION,
  CLUSTER_NETWORK_POLICY_KIND,
  type ClusterNetworkPolicy,
  type ClusterNetworkPolicyAction,
  type ClusterNetworkPolicyEgressPeer,
  type ClusterNetworkPolicyEgressRule,
  type ClusterNetworkPolicyIngressPeer,
  type ClusterNetworkPolicyIngressRule,
  type ClusterNetworkPolicyMetadata,
  type ClusterNetworkPolicyPort,
  type ClusterNetworkPolicyPortRange,
  type ClusterNetworkPolicyProtocol,
  type ClusterNetworkPolicyProtocolPort,
  type ClusterNetworkPolicySpec,
  type ClusterNetworkPolicySubject,
  type ClusterNetworkPolicyTier,
  type CrdChannel,
  type NamespacedPod,
} from './cluster-network-policy/types.js';
export { CLUSTER_NETWORK_POLICY_LIMITS, DOMAIN_NAME_PATTERN } from './cluster-network-policy/limits.js';
export { validateClusterNetworkPolicy, type ClusterNetworkPolicyValidationOptions } from './cluster-network-policy/validate.js';
export { clusterGuardrailFor, GUARDRAIL_LABELS, GUARDRAIL_SENSITIVE_EXCEPTIONS_ANNOTATION } from './cluster-network-policy/guardrail.js';
export { type GuardrailOptions, type GuardrailPassTarget, type GuardrailPort } from './cluster-network-policy/guardrail-options.js';
export { requiredCrdChannel } from './cluster-network-policy/channel.js';
export {
  hilbertMap,
  MAX_HILBERT_ORDER,
  type HilbertBlock,
  type HilbertCell,
  type HilbertMap,
} from './address-map/hilbert.js';
export { ipv6Landmarks, IPV6_LANDMARKS, type Ipv6Landmark, type Ipv6LandmarkCoverage } from './address-map/ipv6-landmarks.js';
export type { Coverage } from './address-map/coverage.js';
export type { Connection, ConnectionEndpoint, ConnectionVerdict } from './cluster/evaluate-connection.js';
export type { DecidingTier, DirectionDecision } from './cluster/decide.js';
export type { SnapshotOptions } from './policy/snapshot.js';
export {
  auditCluster,
  type ClusterAuditOptions,
  type ClusterAuditReport,
  type ClusterFinding,
  type DomainAllowance,
  type PolicyRef,
  type SelectorPeer,
  type TargetRef,
  type TargetReport,
} from './cluster/audit-cluster.js';
export { explainTarget } from './cluster/explain-target.js';
export type { RuleAction, Tier } from './policy/cluster-network-policy-view.js';
export type { PortSpec } from './policy/network-policy-view.js';
