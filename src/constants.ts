/**
 * The names and values the agent-sandbox controller hard-codes, each with the reason it exists.
 * Mirrors kubernetes-sigs/agent-sandbox at 2fd412d5 (see `spec/upstream.md`).
 */

/** API group of SandboxTemplate (extensions/api/v1beta1/groupversion_info.go). */
export const EXTENSIONS_GROUP = 'extensions.agents.x-k8s.io';

/** SandboxTemplate apiVersions this library reads: v1beta1 is the storage/hub version, v1alpha1 is converted. */
export const SANDBOX_TEMPLATE_API_VERSIONS = Object.freeze([`${EXTENSIONS_GROUP}/v1beta1`, `${EXTENSIONS_GROUP}/v1alpha1`] as const);

/** The owner reference always names the hub version, whatever version the template was read in. */
export const OWNER_API_VERSION = `${EXTENSIONS_GROUP}/v1beta1`;

/** The label the shared policy selects on: FNV-1a/32 of the template name (ST:151). */
export const TEMPLATE_REF_HASH_LABEL = 'agents.x-k8s.io/sandbox-template-ref-hash';

/** Suffix of the generated policy name (TC:76). */
export const NETWORK_POLICY_NAME_SUFFIX = '-network-policy';

/** Kubernetes object names (DNS-1123 subdomains) are at most 253 characters. */
export const MAX_OBJECT_NAME_LENGTH = 253;

/** Longest template name whose `<name>-network-policy` is still a valid object name (253 - 15). */
export const MAX_TEMPLATE_NAME_LENGTH = MAX_OBJECT_NAME_LENGTH - NETWORK_POLICY_NAME_SUFFIX.length;

/**
 * The sandbox router the default ingress rule admits (TC:192-256, a25e5dfb/#881): pods labelled
 * `app=sandbox-router` AND in the namespace named `agent-sandbox-system`, one peer, all ports.
 */
export const DEFAULT_ROUTER: {
  /** The namespace the router runs in. */
  readonly namespace: string;
  /** The labels of the router pods. */
  readonly podLabels: Readonly<Record<string, string>>;
} = Object.freeze({
  namespace: 'agent-sandbox-system',
  podLabels: Object.freeze({ app: 'sandbox-router' }),
});

/** The label every namespace carries with its own name (set by the API server since v1.22). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * Public resolvers written into `dnsConfig.nameservers` under the secure default (U:24-48): the
 * default egress policy blocks cluster DNS (CoreDNS lives in RFC 1918 space) on purpose, so
 * agents cannot enumerate cluster services. Google Public DNS first, Cloudflare second.
 */
export const DEFAULT_NAMESERVERS = Object.freeze(['8.8.8.8', '1.1.1.1']) as readonly string[];

/** Kubernetes accepts at most three nameservers in `dnsConfig` (MaxDNSNameservers). */
export const MAX_NAMESERVERS = 3;

/** `spec.networkPolicyManagement` values (TT:29); an empty value means Managed (TC:79-82). */
export const MANAGEMENT_MODES = Object.freeze(['Managed', 'Unmanaged'] as const);

/** Valid `dnsPolicy` values of a pod (core/v1 DNSPolicy). */
export const DNS_POLICIES = Object.freeze(['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'] as const);
