/**
 * agent-sandbox-policy: the NetworkPolicy, pod labels and secure pod defaults the Kubernetes
 * agent-sandbox controller gives a SandboxTemplate, as pure functions; plus CIDR set algebra, an
 * auditor for egress policies, and the effective policy of every sandbox in a cluster snapshot
 * (NetworkPolicies and ClusterNetworkPolicy tiers together). This file is the only public entry point.
 *
 * @packageDocumentation
 */

export { SandboxPolicyError, isSandboxPolicyError, type PolicyIssue } from './errors.js';
export {
  DEFAULT_NAMESERVERS,
  DEFAULT_ROUTER,
  MAX_TEMPLATE_NAME_LENGTH,
  SANDBOX_TEMPLATE_API_VERSIONS,
  TEMPLATE_REF_HASH_LABEL,
} from './constants.js';
export { templateRefHash, sandboxPodLabels } from './labels.js';
export {
  SandboxTemplateSchema,
  parseSandboxTemplate,
  type ParseOptions,
  type TemplateInput,
} from './template.js';
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
export { toClientNodeObject, type NetworkPolicy, type NetworkPolicyIngressRule, type NetworkPolicySpec } from './client-node.js';
export { networkPolicyFor, networkPolicySpecFor, networkPolicyWithChangesFor, type FloorChange, type PolicyWithChanges } from './network-policy.js';
export { applySandboxSecureDefaults, isSecureByDefault } from './pod-defaults.js';
export { networkPolicyNeedsUpdate, type NetworkPolicyLike } from './drift.js';
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
  type ClusterFindingCode,
  type SensitiveRange,
  type Severity,
} from './audit/catalogue.js';
export { explainNetworkPolicy } from './explain.js';
export { evaluateTraffic, type ContainerPort, type PodRef, type Traffic, type Verdict } from './evaluate.js';
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
  type TargetRef,
  type TargetReport,
} from './cluster/audit-cluster.js';
export { explainTarget } from './cluster/explain-target.js';
export type { RuleAction, Tier } from './policy/cluster-network-policy-view.js';
export type { PortSpec } from './policy/network-policy-view.js';
