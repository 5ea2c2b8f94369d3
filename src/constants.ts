/**
 * The names and values the agent-sandbox controller hard-codes, each with the reason it exists.
 * Mirrors kubernetes-sigs/agent-sandbox at commit 2fd412d5.
 */

/** API group of SandboxTemplate (extensions/api/v1beta1/groupversion_info.go). */
export const EXTENSIONS_GROUP = 'extensions.agents.x-k8s.io';

// The apiVersions below are spelled out rather than built from EXTENSIONS_GROUP: a bundler keeps
// a template-literal table even when nothing imports it.

/** SandboxTemplate apiVersions this library reads: v1beta1 is the storage/hub version, v1alpha1 is converted. */
export const SANDBOX_TEMPLATE_API_VERSIONS = /* @__PURE__ */ Object.freeze(['extensions.agents.x-k8s.io/v1beta1', 'extensions.agents.x-k8s.io/v1alpha1'] as const);

/**
 * SandboxTemplate apiVersions this library still reads but that are deprecated: since v0.5.2
 * agent-sandbox stores v1beta1, its CRD marks v1alpha1 `deprecated` (the API server warns on every
 * request), and a later release removes it, after which a v1alpha1 manifest no longer applies.
 */
export const DEPRECATED_TEMPLATE_API_VERSIONS = /* @__PURE__ */ Object.freeze(['extensions.agents.x-k8s.io/v1alpha1']) as readonly string[];

/** The owner reference always names the hub version, whatever version the template was read in. */
export const OWNER_API_VERSION = 'extensions.agents.x-k8s.io/v1beta1';

/** The label the shared policy selects on: FNV-1a/32 of the template name (agent-sandbox `api/v1beta1/sandbox_types.go`). */
export const TEMPLATE_REF_HASH_LABEL = 'agents.x-k8s.io/sandbox-template-ref-hash';

/**
 * The label the core controller puts on every sandbox pod (FNV-1a/32 of the Sandbox's name), with or
 * without a template: a ClusterNetworkPolicy that selects it with `Exists` covers every sandbox.
 */
export const SANDBOX_NAME_HASH_LABEL = 'agents.x-k8s.io/sandbox-name-hash';

/** The label an unclaimed warm-pool pod carries: FNV-1a/32 of the SandboxWarmPool's name. */
export const WARM_POOL_LABEL = 'agents.x-k8s.io/warm-pool-sandbox';

/** The label naming who created a sandbox; on pods it is `go-client`, `python-client`, `controller` or `unknown`. */
export const CREATED_BY_LABEL = 'agents.x-k8s.io/created-by';

/** The values the core controller writes for `created-by` on a pod; anything else becomes `unknown`. */
export const CREATED_BY_VALUES = /* @__PURE__ */ Object.freeze(['go-client', 'python-client', 'controller']) as readonly string[];

/**
 * Label key prefixes reserved for agent-sandbox: the core controller drops every pod-template
 * label under them, so a template cannot forge the labels policies and the router select on.
 */
export const RESERVED_LABEL_PREFIXES = /* @__PURE__ */ Object.freeze(['agents.x-k8s.io/', 'extensions.agents.x-k8s.io/']) as readonly string[];

/** Suffix of the generated policy name. */
export const NETWORK_POLICY_NAME_SUFFIX = '-network-policy';

/** Kubernetes object names (DNS-1123 subdomains) are at most 253 characters. */
export const MAX_OBJECT_NAME_LENGTH = 253;

/** Longest template name whose `<name>-network-policy` is still a valid object name (253 - 15). */
export const MAX_TEMPLATE_NAME_LENGTH = MAX_OBJECT_NAME_LENGTH - NETWORK_POLICY_NAME_SUFFIX.length;

/**
 * The sandbox router the default ingress rule admits (since agent-sandbox PR #881): pods labelled
 * `app=sandbox-router` AND in the namespace named `agent-sandbox-system`, one peer, all ports.
 */
export const DEFAULT_ROUTER: {
  /** The namespace the router runs in. */
  readonly namespace: string;
  /** The labels of the router pods. */
  readonly podLabels: Readonly<Record<string, string>>;
} = /* @__PURE__ */ Object.freeze({
  namespace: 'agent-sandbox-system',
  podLabels: /* @__PURE__ */ Object.freeze({ app: 'sandbox-router' }),
});

/** The label every namespace carries with its own name (set by the API server since v1.22). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * Public resolvers written into `dnsConfig.nameservers` under the secure default: the
 * default egress policy blocks cluster DNS (CoreDNS lives in RFC 1918 space) on purpose, so
 * agents cannot enumerate cluster services. Google Public DNS first, Cloudflare second.
 */
export const DEFAULT_NAMESERVERS = /* @__PURE__ */ Object.freeze(['8.8.8.8', '1.1.1.1']) as readonly string[];

/** Kubernetes accepts at most three nameservers in `dnsConfig` (MaxDNSNameservers). */
export const MAX_NAMESERVERS = 3;

/** `spec.networkPolicyManagement` values; an empty value means Managed, as the controller reads it. */
export const MANAGEMENT_MODES = /* @__PURE__ */ Object.freeze(['Managed', 'Unmanaged'] as const);

/** Valid `dnsPolicy` values of a pod (core/v1 DNSPolicy). */
export const DNS_POLICIES = /* @__PURE__ */ Object.freeze(['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'] as const);
