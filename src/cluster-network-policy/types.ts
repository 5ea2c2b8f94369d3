/**
 * The wire types of SIG Network's ClusterNetworkPolicy, `policy.networking.k8s.io/v1alpha2`
 * (network-policy-api v0.2.0), field for field as its CRD declares them, in its Go struct order.
 * Everything is `readonly`: the objects this library returns are deep-frozen.
 */
import type { LabelSelector } from '../template-types.js';

/** The apiVersion of every ClusterNetworkPolicy this library reads and writes. */
export const CLUSTER_NETWORK_POLICY_API_VERSION = 'policy.networking.k8s.io/v1alpha2';

/** The kind. */
export const CLUSTER_NETWORK_POLICY_KIND = 'ClusterNetworkPolicy';

/**
 * `Admin` is evaluated before every NetworkPolicy and cannot be overridden by one; `Baseline` only
 * for traffic no NetworkPolicy isolates (and that Admin passed or did not match).
 */
export type ClusterNetworkPolicyTier = 'Admin' | 'Baseline';

/**
 * `Accept` and `Deny` are final for the direction; `Pass` skips the rest of the tier (from Admin,
 * the NetworkPolicies decide next).
 */
export type ClusterNetworkPolicyAction = 'Accept' | 'Deny' | 'Pass';

/**
 * The CRD release channel: `standard` holds the graduated fields; `experimental` adds the egress
 * peers `nodes` and `domainNames` and the rule that forbids named ports next to them.
 */
export type CrdChannel = 'standard' | 'experimental';

/** Pods selected by namespace labels AND pod labels. */
export interface NamespacedPod {
  /** Namespaces whose labels match; `{}` means every namespace. */
  readonly namespaceSelector: LabelSelector;
  /** Pods (in those namespaces) whose labels match; `{}` means every pod. */
  readonly podSelector: LabelSelector;
}

/** Whom the policy applies to: exactly one of `namespaces` or `pods`. Host-network pods never. */
export interface ClusterNetworkPolicySubject {
  /** Every pod of the namespaces whose labels match. */
  readonly namespaces?: LabelSelector;
  /** The pods matching both selectors. */
  readonly pods?: NamespacedPod;
}

/** An inclusive port range; `start` must be less than `end`. */
export interface ClusterNetworkPolicyPortRange {
  /** First port, 1-65535. */
  readonly start: number;
  /** Last port, 1-65535, greater than `start`. */
  readonly end: number;
}

/** A destination port: exactly one of `number` or `range`. */
export interface ClusterNetworkPolicyPort {
  /** One port, 1-65535. */
  readonly number?: number;
  /** A range of ports. */
  readonly range?: ClusterNetworkPolicyPortRange;
}

/** The destination port of one L4 protocol; the CRD requires `destinationPort`. */
export interface ClusterNetworkPolicyProtocolPort {
  /** The port or port range on the destination. */
  readonly destinationPort?: ClusterNetworkPolicyPort;
}

/** One protocol entry: exactly one of `tcp`, `udp`, `sctp` or `destinationNamedPort`. */
export interface ClusterNetworkPolicyProtocol {
  /** TCP to a destination port. */
  readonly tcp?: ClusterNetworkPolicyProtocolPort;
  /** UDP to a destination port. */
  readonly udp?: ClusterNetworkPolicyProtocolPort;
  /** SCTP to a destination port. */
  readonly sctp?: ClusterNetworkPolicyProtocolPort;
  /** A container port name on the destination pod (never matches networks, nodes or domains). */
  readonly destinationNamedPort?: string;
}

/** An ingress peer: exactly one of `namespaces` or `pods` (ingress peers are pods only). */
export interface ClusterNetworkPolicyIngressPeer {
  /** Pods of the namespaces whose labels match. */
  readonly namespaces?: LabelSelector;
  /** The pods matching both selectors. */
  readonly pods?: NamespacedPod;
}

/** An egress peer: exactly one field. `nodes` and `domainNames` need the experimental channel. */
export interface ClusterNetworkPolicyEgressPeer {
  /** Pods of the namespaces whose labels match. */
  readonly namespaces?: LabelSelector;
  /** The pods matching both selectors. */
  readonly pods?: NamespacedPod;
  /** The addresses of the nodes whose labels match (experimental channel). */
  readonly nodes?: LabelSelector;
  /** 1-25 distinct CIDRs, IPv4 or IPv6. */
  readonly networks?: readonly string[];
  /** 1-25 distinct domain names or `*.` wildcards (experimental channel; Accept rules only). */
  readonly domainNames?: readonly string[];
}

/** An ingress rule: traffic from `from` (and `protocols`, when given) gets `action`. */
export interface ClusterNetworkPolicyIngressRule {
  /** A name for observability, at most 100 characters. */
  readonly name?: string;
  /** What happens to matching traffic. */
  readonly action: ClusterNetworkPolicyAction;
  /** 1-25 peers, ORed. */
  readonly from: readonly ClusterNetworkPolicyIngressPeer[];
  /** 1-25 protocol entries, ORed; absent means every protocol and port. */
  readonly protocols?: readonly ClusterNetworkPolicyProtocol[];
}

/** An egress rule: traffic to `to` (and `protocols`, when given) gets `action`. */
export interface ClusterNetworkPolicyEgressRule {
  /** A name for observability, at most 100 characters. */
  readonly name?: string;
  /** What happens to matching traffic. */
  readonly action: ClusterNetworkPolicyAction;
  /** 1-25 peers, ORed. */
  readonly to: readonly ClusterNetworkPolicyEgressPeer[];
  /** 1-25 protocol entries, ORed; absent means every protocol and port. */
  readonly protocols?: readonly ClusterNetworkPolicyProtocol[];
}

/** The spec. Rules are evaluated in list order within a policy; the first match wins. */
export interface ClusterNetworkPolicySpec {
  /** The tier. */
  readonly tier: ClusterNetworkPolicyTier;
  /** 0-1000; lower numbers are evaluated first within the tier. Keep them unique. */
  readonly priority: number;
  /** The pods the policy applies to. */
  readonly subject: ClusterNetworkPolicySubject;
  /** At most 25 ingress rules. */
  readonly ingress?: readonly ClusterNetworkPolicyIngressRule[];
  /** At most 25 egress rules. */
  readonly egress?: readonly ClusterNetworkPolicyEgressRule[];
}

/** The object metadata this library writes (the object is cluster-scoped: no namespace). */
export interface ClusterNetworkPolicyMetadata {
  /** The object name, a DNS-1123 subdomain. */
  readonly name: string;
  /** Labels. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations. */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A whole ClusterNetworkPolicy, as sent to the API server. */
export interface ClusterNetworkPolicy {
  /** Always `ClusterNetworkPolicy`. */
  readonly kind: typeof CLUSTER_NETWORK_POLICY_KIND;
  /** Always `policy.networking.k8s.io/v1alpha2`. */
  readonly apiVersion: typeof CLUSTER_NETWORK_POLICY_API_VERSION;
  /** Name and labels. */
  readonly metadata: ClusterNetworkPolicyMetadata;
  /** The policy. */
  readonly spec: ClusterNetworkPolicySpec;
}
