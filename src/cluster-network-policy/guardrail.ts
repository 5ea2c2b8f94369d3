/**
 * The platform team's guardrail: ClusterNetworkPolicies that hold for every sandbox pod whatever
 * its template's NetworkPolicy says. The decisions, top to bottom:
 *
 * 1. Subject: every pod with the `agents.x-k8s.io/sandbox-name-hash` label (all sandboxes, with or
 *    without a template), optionally only in namespaces matching `namespaceSelector`.
 * 2. One ordered list of Admin egress rules, first match wins: `Pass` to `passTo` and to the
 *    cluster resolver on port 53 (the templates' NetworkPolicies decide), `Accept` DNS to the
 *    resolvers, `Deny` the sensitive set, `Accept` `allowDomains` (after the Deny, so a name
 *    resolving into the sensitive set stays denied), `Deny` everything else when
 *    `denyAllOtherEgress`. A `passTo` network or resolver inside the sensitive set is refused
 *    unless `allowSensitive` covers it, and the Admin policy's annotation names each such
 *    exception.
 * 3. The list goes into one Admin policy; beyond 25 rules it continues in `<name>-2`, ... at the
 *    next priority numbers, so the order holds across policies.
 * 4. `baseline`: a Baseline-tier Deny of all egress for sandbox pods no NetworkPolicy selects.
 */
import { SANDBOX_NAME_HASH_LABEL } from '../constants.js';
import { floorSet } from '../egress.js';
import { SandboxPolicyError } from '../errors.js';
import { deepFreeze } from '../snapshot.js';
import { BASELINE_SUFFIX, RULE_NAMES, resolveGuardrailOptions, type GuardrailOptions, type ResolvedGuardrailOptions } from './guardrail-options.js';
import { CLUSTER_NETWORK_POLICY_LIMITS as LIMITS } from './limits.js';
import {
  CLUSTER_NETWORK_POLICY_API_VERSION,
  CLUSTER_NETWORK_POLICY_KIND,
  type ClusterNetworkPolicy,
  type ClusterNetworkPolicyAction,
  type ClusterNetworkPolicyEgressPeer,
  type ClusterNetworkPolicyEgressRule,
  type ClusterNetworkPolicyProtocol,
  type ClusterNetworkPolicySubject,
  type ClusterNetworkPolicyTier,
} from './types.js';

/** The label on every object the guardrail writes, for `kubectl get cnp -l` and pruning. */
export const GUARDRAIL_LABELS: Readonly<Record<string, string>> = /* @__PURE__ */ Object.freeze({ 'app.kubernetes.io/managed-by': 'agent-sandbox-policy' });

/** Both families, whole: what "all other egress" means. */
const EVERYWHERE = /* @__PURE__ */ Object.freeze(['0.0.0.0/0', '::/0']);

const DNS_PROTOCOLS: readonly ClusterNetworkPolicyProtocol[] = /* @__PURE__ */ deepFreeze([
  { udp: { destinationPort: { number: 53 } } },
  { tcp: { destinationPort: { number: 53 } } },
]);

function chunks<T>(items: readonly T[], size = LIMITS.maxItems): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** `name`, then `name-2`, `name-3`, ... for the continuations of a split list. */
const nth = (name: string, i: number): string => (i === 0 ? name : `${name}-${i + 1}`);

/**
 * Rules for one action over many values of one peer kind: at most 25 values per peer, 25 peers per
 * rule, as many rules as needed (named `name`, `name-2`, ...).
 */
function rules(
  name: string,
  action: ClusterNetworkPolicyAction,
  peers: readonly ClusterNetworkPolicyEgressPeer[],
  protocols: readonly ClusterNetworkPolicyProtocol[] | undefined,
): ClusterNetworkPolicyEgressRule[] {
  return chunks(peers).map((to, i) => ({ name: nth(name, i), action, to, ...(protocols && protocols.length > 0 ? { protocols: [...protocols] } : {}) }));
}

const networkPeers = (cidrs: readonly string[]): ClusterNetworkPolicyEgressPeer[] => chunks(cidrs).map((networks) => ({ networks }));

/** The ordered Admin egress rules (decision 2). */
function adminRules(o: ResolvedGuardrailOptions): ClusterNetworkPolicyEgressRule[] {
  const out: ClusterNetworkPolicyEgressRule[] = [];
  for (const t of o.passTo) {
    const peers: ClusterNetworkPolicyEgressPeer[] =
      t.peer === 'namespaces'
        ? [{ namespaces: t.selector! }]
        : t.peer === 'pods'
          ? [{ pods: { namespaceSelector: t.pods!.namespaceSelector, podSelector: t.pods!.podSelector } }]
          : networkPeers(t.networks!);
    out.push(...rules(t.name, 'Pass', peers, t.protocols));
  }
  if (o.clusterDns) out.push(...rules(RULE_NAMES.clusterDns, 'Pass', [{ pods: o.clusterDns }], DNS_PROTOCOLS));
  if (o.nameservers.length > 0) out.push(...rules(RULE_NAMES.dns, 'Accept', networkPeers(o.nameservers), DNS_PROTOCOLS));
  // The sensitive Deny precedes the domain Accepts: a name that resolves into the sensitive set
  // (a DNS record pointing at 169.254.169.254 or 10.0.0.5) stays denied.
  out.push(...rules(RULE_NAMES.denySensitive, 'Deny', networkPeers(floorSet('private', o.clusterCidrs).toCidrs()), undefined));
  if (o.allowDomains.length > 0) {
    out.push(...rules(RULE_NAMES.allowDomains, 'Accept', chunks(o.allowDomains).map((domainNames) => ({ domainNames })), o.protocols));
  }
  if (o.denyAllOtherEgress) out.push(...rules(RULE_NAMES.denyAll, 'Deny', networkPeers(EVERYWHERE), undefined));
  return out;
}

function policy(
  name: string,
  tier: ClusterNetworkPolicyTier,
  priority: number,
  subject: ClusterNetworkPolicySubject,
  egress: ClusterNetworkPolicyEgressRule[],
  annotations?: Record<string, string>,
): ClusterNetworkPolicy {
  return {
    kind: CLUSTER_NETWORK_POLICY_KIND,
    apiVersion: CLUSTER_NETWORK_POLICY_API_VERSION,
    metadata: { name, labels: { ...GUARDRAIL_LABELS }, ...(annotations ? { annotations } : {}) },
    spec: { tier, priority, subject, egress },
  };
}

/**
 * The annotation naming, on the first Admin policy, the parts of the sensitive set that
 * `allowSensitive` lets a rule open: `<cidrs> via <option> (rule <name>)`, one a line. Absent
 * when there is no exception.
 *
 * @example
 * ```ts
 * const [admin] = clusterGuardrailFor({ passTo: [{ name: 'node-dns', networks: ['169.254.20.10/32'] }], allowSensitive: ['169.254.20.10/32'] });
 * admin.metadata.annotations?.[GUARDRAIL_SENSITIVE_EXCEPTIONS_ANNOTATION]; // '169.254.20.10/32 via passTo[0].networks[0] (rule node-dns)'
 * ```
 */
export const GUARDRAIL_SENSITIVE_EXCEPTIONS_ANNOTATION = 'agent-sandbox-policy/sensitive-exceptions';

/** The annotation's value: one line per exception, in option order. */
function exceptionsText(exceptions: ResolvedGuardrailOptions['sensitiveExceptions']): string {
  return exceptions.map((e) => `${e.cidrs.join(', ')} via ${e.option} (rule ${e.rule})`).join('\n');
}

/**
 * The ClusterNetworkPolicies (`policy.networking.k8s.io/v1alpha2`) that enforce, for every
 * agent-sandbox pod, what no template's NetworkPolicy can undo. By default one Admin-tier policy
 * that denies the hardened profile's sensitive set — cloud metadata (IPv4 and IPv6), link-local,
 * RFC 1918, CGNAT, benchmarking, class E, multicast, the Azure WireServer, and all IPv6 outside
 * global unicast (ULA, NAT64, ...) — plus `clusterCidrs`, and leaves the public internet to each
 * template's NetworkPolicy.
 *
 * The Admin rules, in evaluation order: `Pass` for each `passTo` target (hands it to the
 * templates' NetworkPolicies), `Pass` UDP and TCP 53 to the cluster resolver's pods (`clusterDns`:
 * templates that resolve through CoreDNS keep working, the secure default keeps blocking it),
 * `Accept` UDP and TCP 53 to the `nameservers`, `Deny` the sensitive set, `Accept` `ports` to
 * `allowDomains` (a name that resolves into the sensitive set stays denied), and with
 * `denyAllOtherEgress` `Deny` `0.0.0.0/0` and `::/0`. A domain rule matches only addresses the
 * pod resolved, so DNS gets its own Accept first; with `allowDomains` or `denyAllOtherEgress` the
 * resolvers default to the secure default's `8.8.8.8` and `1.1.1.1`. Note that an Admin `Accept`
 * overrides every template's NetworkPolicy (use `passTo` where a template should keep the last
 * word).
 *
 * The guarantee holds: a `passTo` network or a nameserver inside the sensitive set (its Pass or
 * Accept comes before the sensitive Deny) is refused unless `allowSensitive` covers that part,
 * and then the first Admin policy names each exception in its
 * {@link GUARDRAIL_SENSITIVE_EXCEPTIONS_ANNOTATION} annotation.
 *
 * Beyond the CRD's 25 items, lists are split (more peers, more rules) and the rules continue in
 * policies `<name>-2`, ... at the next priority numbers; the Baseline policy is
 * `<name>-baseline`. Names and rule names are unique, priorities unique within each tier.
 *
 * Which CRD channel the result needs: `domainNames` (from `allowDomains`) exist only in the
 * experimental-channel CRD; everything else is standard. {@link requiredCrdChannel} tells you for
 * any list of policies.
 *
 * @param options - see {@link GuardrailOptions}; all optional.
 * @returns a fresh, deep-frozen list: the Admin policies in priority order, then the Baseline
 *   policy; fields in the CRD's Go order. Every object passes {@link validateClusterNetworkPolicy}.
 * @throws {@link SandboxPolicyError} naming `options.<field>` for any invalid option (an unknown
 *   key, a domain the CRD's pattern rejects such as `*github.com`, a bad CIDR, address, port,
 *   selector or priority, priorities that would run past 1000, `allowDomains` without a
 *   resolver, a nameserver or `passTo` network in the sensitive set that `allowSensitive` does
 *   not cover, or an `allowSensitive` entry that covers none).
 * @example
 * ```ts
 * const [admin] = clusterGuardrailFor({ clusterCidrs: ['10.0.0.0/8'], allowDomains: ['github.com', '*.github.com'], denyAllOtherEgress: true });
 * admin.spec.egress?.map((r) => `${r.action} ${r.name}`);
 * // ['Pass cluster-dns', 'Accept dns', 'Deny deny-sensitive-ranges', 'Accept allow-domains', 'Deny deny-all-other-egress']
 * requiredCrdChannel([admin]); // 'experimental'
 *
 * // NodeLocal DNSCache listens on link-local 169.254.20.10: accepted only when named.
 * const [local] = clusterGuardrailFor({ nameservers: ['169.254.20.10'], allowSensitive: ['169.254.20.10/32'] });
 * local.metadata.annotations?.[GUARDRAIL_SENSITIVE_EXCEPTIONS_ANNOTATION]; // '169.254.20.10/32 via nameservers[0] (rule dns)'
 * ```
 */
export function clusterGuardrailFor(options?: GuardrailOptions): readonly ClusterNetworkPolicy[] {
  const o = resolveGuardrailOptions(options);
  const subject: ClusterNetworkPolicySubject = {
    pods: { namespaceSelector: o.namespaceSelector, podSelector: { matchExpressions: [{ key: SANDBOX_NAME_HASH_LABEL, operator: 'Exists' }] } },
  };
  const parts = chunks(adminRules(o));
  if (o.priority + parts.length - 1 > LIMITS.maxPriority) {
    throw new SandboxPolicyError([
      { path: 'options.priority', message: `the rules fill ${parts.length} policies, which need priorities ${o.priority} to ${o.priority + parts.length - 1}: at most ${LIMITS.maxPriority}` },
    ]);
  }
  const names = new Set<string>();
  for (const r of parts.flat()) {
    if (names.has(r.name!)) throw new SandboxPolicyError([{ path: 'options.passTo', message: `two rules would both be named ${JSON.stringify(r.name)}: rename a passTo target` }]);
    names.add(r.name!);
  }
  const annotations = o.sensitiveExceptions.length > 0 ? { [GUARDRAIL_SENSITIVE_EXCEPTIONS_ANNOTATION]: exceptionsText(o.sensitiveExceptions) } : undefined;
  const out = parts.map((egress, i) => policy(nth(o.name, i), 'Admin', o.priority + i, subject, egress, i === 0 ? annotations : undefined));
  if (o.baseline) {
    out.push(policy(`${o.name}${BASELINE_SUFFIX}`, 'Baseline', o.baselinePriority, subject, rules(RULE_NAMES.baseline, 'Deny', networkPeers(EVERYWHERE), undefined)));
  }
  // A JSON round trip: no object is shared between two places (YAML output has no aliases).
  return deepFreeze(JSON.parse(JSON.stringify(out)) as ClusterNetworkPolicy[]);
}
