/**
 * The Kubernetes objects this library returns, in the API's wire format (what `JSON.stringify`
 * sends to the API server), as its own readonly types. They need no other package: the root
 * entry's declarations import nothing but this package and zod. Users of
 * `@kubernetes/client-node` convert with the `agent-sandbox-policy/client-node` entry.
 *
 * The label selector shapes are shared with the template types (a template's own rules are
 * copied into the policy).
 */
import type { LabelSelector, PodDnsConfig, TemplatePodSpec } from './template-types.js';

/** The directions a policy isolates. The controller always sets both. */
export type PolicyType = 'Ingress' | 'Egress';

/** One entry of a rule's `ports` (`networking/v1.NetworkPolicyPort`). */
export interface NetworkPolicyPort {
  /** `TCP`, `UDP` or `SCTP`; the API server fills in `TCP` when it is left out. */
  readonly protocol?: string;
  /** A port number (1-65535) or the name of a container port; none means every port. */
  readonly port?: number | string;
  /** Last port of a range that starts at the numeric `port`. */
  readonly endPort?: number;
}

/** An IP range peer: `cidr` minus its `except` ranges (`networking/v1.IPBlock`). */
export interface IPBlock {
  /** The allowed range, e.g. `0.0.0.0/0`. */
  readonly cidr: string;
  /** Ranges inside `cidr` that are not allowed. */
  readonly except?: readonly string[];
}

/** A peer: pod and namespace selectors (both given: both must match), or an IP range. */
export interface NetworkPolicyPeer {
  /** Pods in the policy's namespace, or in the namespaces `namespaceSelector` selects. */
  readonly podSelector?: LabelSelector;
  /** Namespaces whose pods match. */
  readonly namespaceSelector?: LabelSelector;
  /** An IP range. */
  readonly ipBlock?: IPBlock;
}

/** An ingress rule in the wire format: sources and ports (none listed means all). */
export interface NetworkPolicyIngressRule {
  /** Allowed ports; none means every port and protocol. */
  readonly ports?: readonly NetworkPolicyPort[];
  /** Allowed sources; none means every source. */
  readonly from?: readonly NetworkPolicyPeer[];
}

/** An egress rule: destinations and ports (none listed means all). */
export interface NetworkPolicyEgressRule {
  /** Allowed ports; none means every port and protocol. */
  readonly ports?: readonly NetworkPolicyPort[];
  /** Allowed destinations; none means every destination. */
  readonly to?: readonly NetworkPolicyPeer[];
}

/** A NetworkPolicy spec in the wire format (`networking/v1.NetworkPolicySpec`). */
export interface NetworkPolicySpec {
  /** The pods the policy applies to; `{}` selects every pod of the namespace. */
  readonly podSelector: LabelSelector;
  /** Ingress rules; with `Ingress` in `policyTypes`, none means no ingress at all. */
  readonly ingress?: readonly NetworkPolicyIngressRule[];
  /** Egress rules; with `Egress` in `policyTypes`, none means no egress at all. */
  readonly egress?: readonly NetworkPolicyEgressRule[];
  /** The directions the policy isolates. */
  readonly policyTypes?: readonly PolicyType[];
}

/** An owner reference (`meta/v1.OwnerReference`). */
export interface OwnerReference {
  /** The owner's apiVersion, e.g. `extensions.agents.x-k8s.io/v1beta1`. */
  readonly apiVersion: string;
  /** The owner's kind, e.g. `SandboxTemplate`. */
  readonly kind: string;
  /** The owner's name. */
  readonly name: string;
  /** The owner's uid. */
  readonly uid: string;
  /** Whether this owner is the managing controller (at most one reference is). */
  readonly controller?: boolean;
  /** Whether the owner cannot be deleted (foreground) before this object. */
  readonly blockOwnerDeletion?: boolean;
}

/** Object metadata (`meta/v1.ObjectMeta`), as it travels on the wire. */
export interface ObjectMeta {
  /** The object's name. */
  readonly name?: string;
  /** A name prefix the server completes. */
  readonly generateName?: string;
  /** The namespace. */
  readonly namespace?: string;
  /** Deprecated self link. */
  readonly selfLink?: string;
  /** The server-assigned uid. */
  readonly uid?: string;
  /** The version an update must match (optimistic concurrency). */
  readonly resourceVersion?: string;
  /** The generation of the desired state. */
  readonly generation?: number;
  /** When the object was created (RFC 3339). */
  readonly creationTimestamp?: string;
  /** When deletion was requested (RFC 3339). */
  readonly deletionTimestamp?: string;
  /** Seconds allowed for graceful termination. */
  readonly deletionGracePeriodSeconds?: number;
  /** Labels. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations. */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Owner references. */
  readonly ownerReferences?: readonly OwnerReference[];
  /** Finalizers. */
  readonly finalizers?: readonly string[];
  /** Server-side apply bookkeeping, passed through as it is. */
  readonly managedFields?: readonly Readonly<Record<string, unknown>>[];
}

/** A NetworkPolicy in the wire format: what {@link networkPolicyFor} returns. */
export interface NetworkPolicy {
  /** Always `NetworkPolicy`. */
  readonly kind: 'NetworkPolicy';
  /** Always `networking.k8s.io/v1`. */
  readonly apiVersion: 'networking.k8s.io/v1';
  /** Name, namespace and (for a template read from the cluster) the controller owner reference. */
  readonly metadata: ObjectMeta;
  /** The rules. */
  readonly spec: NetworkPolicySpec;
}

/**
 * A pod spec as {@link applySandboxSecureDefaults} reads it: the three fields it touches, typed;
 * every other field (containers, volumes, ...) passes through as it is. Objects of other
 * libraries' pod spec classes with compatible fields are accepted too.
 */
export type PodSpecInput =
  | TemplatePodSpec
  | {
      /** `ClusterFirst`, `ClusterFirstWithHostNet`, `Default` or `None`; empty means unset. */
      readonly dnsPolicy?: string | null;
      /** Explicit DNS settings. */
      readonly dnsConfig?: PodDnsConfig | null;
      /** Whether the service-account token is mounted. */
      readonly automountServiceAccountToken?: boolean | null;
    };

/** The pod spec {@link applySandboxSecureDefaults} returns: the token setting is always decided. */
export interface SecurePodSpec {
  /** `false` unless the pod spec set it. */
  readonly automountServiceAccountToken: boolean;
  /** `None` under the secure default (unless the pod spec set one). */
  readonly dnsPolicy?: 'ClusterFirstWithHostNet' | 'ClusterFirst' | 'Default' | 'None' | '' | null;
  /** The public resolvers under the secure default (any other DNS settings are replaced). */
  readonly dnsConfig?: PodDnsConfig | null;
  /** Every other pod spec field, as it was. */
  readonly [field: string]: unknown;
}
