/**
 * The SandboxTemplate shapes this library reads, as plain documented types. Parsed templates are
 * deep-frozen, so everything is `readonly`. `null` is accepted wherever Go reads it as "absent".
 */

/** A `metav1.LabelSelectorRequirement`. */
export interface LabelSelectorRequirement {
  /** The label key the requirement applies to. */
  readonly key: string;
  /** `In`, `NotIn`, `Exists` or `DoesNotExist`. */
  readonly operator: string;
  /** Values for `In`/`NotIn`; none for `Exists`/`DoesNotExist`. */
  readonly values?: readonly string[] | null;
}

/** A `metav1.LabelSelector`. An empty selector selects everything. */
export interface LabelSelector {
  /** Labels that must all be present with these values. */
  readonly matchLabels?: Readonly<Record<string, string>> | null;
  /** Requirements that must all hold. */
  readonly matchExpressions?: readonly LabelSelectorRequirement[] | null;
}

/** One entry of a rule's `ports`. */
export interface PortRule {
  /** `TCP` (the default), `UDP` or `SCTP`. */
  readonly protocol?: string | null;
  /** A port number (1-65535) or an IANA service name of a container port. */
  readonly port?: number | string | null;
  /** Last port of a range starting at the numeric `port`. */
  readonly endPort?: number | null;
}

/** An IP range peer: `cidr` minus its `except` ranges. */
export interface IpBlockRule {
  /** The allowed range, e.g. `0.0.0.0/0`. */
  readonly cidr: string;
  /** Ranges inside `cidr` that are not allowed; each must be a strict subset of `cidr`. */
  readonly except?: readonly string[] | null;
}

/** A peer: selectors (ANDed when both are given) or an ipBlock. */
export interface PeerRule {
  /** Pods (in the policy's namespace, or in the namespaces `namespaceSelector` selects). */
  readonly podSelector?: LabelSelector | null;
  /** Namespaces whose pods match. */
  readonly namespaceSelector?: LabelSelector | null;
  /** An IP range. */
  readonly ipBlock?: IpBlockRule | null;
}

/** An ingress rule: sources and ports (none listed means all). */
export interface IngressRuleInput {
  /** Allowed ports; none means all ports and protocols. */
  readonly ports?: readonly PortRule[] | null;
  /** Allowed sources; none means every source. */
  readonly from?: readonly PeerRule[] | null;
}

/** An egress rule: destinations and ports (none listed means all). */
export interface EgressRuleInput {
  /** Allowed ports; none means all ports and protocols. */
  readonly ports?: readonly PortRule[] | null;
  /** Allowed destinations; none means every destination. */
  readonly to?: readonly PeerRule[] | null;
}

/**
 * `spec.networkPolicy` of a SandboxTemplate: the template's own rules, which replace the default
 * policy. `podSelector` and `policyTypes` are set by the controller.
 */
export interface TemplateNetworkPolicy {
  /** Ingress rules; empty or absent denies all ingress. */
  readonly ingress?: readonly IngressRuleInput[] | null;
  /** Egress rules; empty or absent denies all egress. */
  readonly egress?: readonly EgressRuleInput[] | null;
}

/** One resolver option of a pod's `dnsConfig`. */
export interface PodDnsOption {
  /** The option's name, e.g. `ndots`. */
  readonly name?: string;
  /** The option's value, if it takes one. */
  readonly value?: string | null;
}

/** A pod's `dnsConfig`. */
export interface PodDnsConfig {
  /** Resolver IPs (at most 3). */
  readonly nameservers?: readonly string[] | null;
  /** DNS search domains. */
  readonly searches?: readonly string[] | null;
  /** Resolver options such as `ndots`. */
  readonly options?: readonly PodDnsOption[] | null;
}

/** The pod spec fields this library reads; every other field is kept as it is. */
export interface TemplatePodSpec {
  /** `ClusterFirst`, `ClusterFirstWithHostNet`, `Default` or `None`; empty means unset. */
  readonly dnsPolicy?: 'ClusterFirstWithHostNet' | 'ClusterFirst' | 'Default' | 'None' | '' | null;
  /** Explicit DNS settings. */
  readonly dnsConfig?: PodDnsConfig | null;
  /** Whether the service-account token is mounted; unset becomes `false`. */
  readonly automountServiceAccountToken?: boolean | null;
  /** Any other pod spec field (containers, volumes, ...). */
  readonly [field: string]: unknown;
}

/** An `extensions.agents.x-k8s.io` SandboxTemplate, v1beta1 or v1alpha1. */
export interface SandboxTemplate {
  /** `extensions.agents.x-k8s.io/v1beta1` or `extensions.agents.x-k8s.io/v1alpha1`. */
  readonly apiVersion: 'extensions.agents.x-k8s.io/v1beta1' | 'extensions.agents.x-k8s.io/v1alpha1';
  /** Always `SandboxTemplate`. */
  readonly kind: 'SandboxTemplate';
  /** Object metadata; `name` is required. */
  readonly metadata: {
    /** The template's name (a DNS-1123 subdomain of at most 238 characters). */
    readonly name: string;
    /** The namespace, when known; the policy is created there. */
    readonly namespace?: string | null;
    /** The template's uid, when read from the cluster; needed for the policy's owner reference. */
    readonly uid?: string | null;
    /** Labels of the template itself. */
    readonly labels?: Readonly<Record<string, string>> | null;
    /** Annotations of the template itself. */
    readonly annotations?: Readonly<Record<string, string>> | null;
    /** Any other metadata field. */
    readonly [field: string]: unknown;
  };
  /** The template spec. */
  readonly spec: {
    /** The pod template sandboxes are created from. */
    readonly podTemplate?: {
      /** Labels and annotations of the sandbox pods. */
      readonly metadata?: {
        /** Labels every sandbox pod gets (reserved `agents.x-k8s.io/` keys are dropped by the controller). */
        readonly labels?: Readonly<Record<string, string>> | null;
        /** Annotations every sandbox pod gets. */
        readonly annotations?: Readonly<Record<string, string>> | null;
        /** Any other field. */
        readonly [field: string]: unknown;
      } | null;
      /** The pod spec. */
      readonly spec?: TemplatePodSpec | null;
      /** Any other field. */
      readonly [field: string]: unknown;
    } | null;
    /** The template's own rules; absent or `null` means the secure default, `{}` means deny all. */
    readonly networkPolicy?: TemplateNetworkPolicy | null;
    /** `Managed` (default; also when empty) or `Unmanaged` (no policy is generated). */
    readonly networkPolicyManagement?: 'Managed' | 'Unmanaged' | '' | null;
    /** Any other spec field. */
    readonly [field: string]: unknown;
  };
  /** Any other top-level field (status, ...). */
  readonly [field: string]: unknown;
}
