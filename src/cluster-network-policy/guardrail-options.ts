/**
 * The options of {@link clusterGuardrailFor} and their validation: every problem is reported as a
 * {@link SandboxPolicyError} naming `options.<field>`.
 */
import { canonicalLabelSelector } from '../canonical.js';
import { parseAddress } from '../cidr/address.js';
import { CidrSet, parseCidrStrict } from '../cidr/cidr-set.js';
import type { ParsedCidr } from '../cidr/prefix.js';
import { DEFAULT_NAMESERVERS, NAMESPACE_NAME_LABEL } from '../constants.js';
import { floorSet } from '../egress.js';
import { SandboxPolicyError, type PolicyIssue } from '../errors.js';
import { isObject, type JsonObject } from '../json.js';
import { excludedRanges } from '../ranges.js';
import { describeValue as describe, snapshot } from '../snapshot.js';
import type { LabelSelector } from '../template-types.js';
import type { ValidationIssue } from '../validation/field.js';
import { validateLabelSelector } from '../validation/network-policy.js';
import { dns1123LabelErrors, dns1123SubdomainErrors, portNumberErrors } from '../validation/names.js';
import { CLUSTER_NETWORK_POLICY_LIMITS as LIMITS, DOMAIN_NAME_PATTERN, DOMAIN_NAME_RE } from './limits.js';
import type { ClusterNetworkPolicyProtocol } from './types.js';

/** A destination port, or a range from `port` to `endPort`, of one protocol. */
export interface GuardrailPort {
  /** `TCP` (default), `UDP` or `SCTP`. */
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
  /** The port, 1-65535. */
  readonly port: number;
  /** The last port of a range starting at `port` (greater than or equal to it). */
  readonly endPort?: number;
}

/**
 * A destination handed to the templates' NetworkPolicies with a `Pass` rule: exactly one of
 * `namespaces`, `pods` or `networks`.
 */
export interface GuardrailPassTarget {
  /** The rule name (at most 100 characters). Default `pass-<n>`, n counted from 1. */
  readonly name?: string;
  /** Every pod of the namespaces whose labels match. */
  readonly namespaces?: LabelSelector;
  /** The pods matching both selectors (`namespaceSelector` absent: every namespace). */
  readonly pods?: {
    /** Namespaces whose labels match; absent: every namespace. */
    readonly namespaceSelector?: LabelSelector;
    /** Pods whose labels match; `{}` selects every pod. */
    readonly podSelector: LabelSelector;
  };
  /** CIDRs (IPv4 or IPv6). */
  readonly networks?: readonly string[];
  /** Ports the Pass applies to; absent: every protocol and port. */
  readonly ports?: readonly GuardrailPort[];
}

/** Options of {@link clusterGuardrailFor}. All optional. */
export interface GuardrailOptions {
  /**
   * `metadata.name` of the Admin policy (a DNS-1123 subdomain). Policies split beyond 25 rules
   * are named `<name>-2`, `<name>-3`, ...; the Baseline policy `<name>-baseline`. Default
   * `sandbox-guardrail`.
   */
  readonly name?: string;
  /**
   * Admin-tier priority, 0-1000 (lower is evaluated first). Split policies take the next
   * numbers. Default 10. Give no other Admin policy the same number.
   */
  readonly priority?: number;
  /** Baseline-tier priority of the `baseline` policy, 0-1000. Default 1000 (evaluated last). */
  readonly baselinePriority?: number;
  /**
   * Narrows the subject to sandbox pods in the namespaces whose labels match. Default `{}`
   * (every namespace).
   */
  readonly namespaceSelector?: LabelSelector;
  /** The cluster's pod, service, node and VPC ranges: denied along with the sensitive set. */
  readonly clusterCidrs?: readonly string[];
  /**
   * The resolvers the sandbox pods use, as IP addresses: an Admin `Accept` on UDP and TCP 53
   * to them comes before every Deny. Default `['8.8.8.8', '1.1.1.1']` (the secure default's),
   * emitted only when `allowDomains` or `denyAllOtherEgress` is set or this option is given;
   * `[]` emits no DNS rule (not allowed with `allowDomains`, which needs DNS). Policies see
   * destinations after service translation, so a ClusterIP (kube-dns's `10.96.0.10`) never
   * matches: the cluster resolver is `clusterDns`'s job. A resolver inside the sensitive set
   * (NodeLocal DNSCache's `169.254.20.10`) needs `allowSensitive`.
   */
  readonly nameservers?: readonly string[];
  /**
   * Domain names or `*.` wildcards the sandboxes may reach (Admin `Accept` on `ports`). Needs
   * the experimental-channel CRD. `*.example.com` matches every name below `example.com` but not
   * `example.com` itself (list both); `*example.com` is rejected. A rule matches only addresses
   * the pod resolved through an allowed resolver. The Accept comes after the sensitive Deny: a
   * name that resolves into the sensitive set stays denied.
   */
  readonly allowDomains?: readonly string[];
  /** The ports `allowDomains` are accepted on (at most 25). Default TCP 443. */
  readonly ports?: readonly GuardrailPort[];
  /** Deny all other egress (`0.0.0.0/0` and `::/0`) after the Accepts. Default `false`. */
  readonly denyAllOtherEgress?: boolean;
  /**
   * Destinations whose egress the templates' NetworkPolicies decide (Admin `Pass`, first), each
   * optionally on `ports` only. A `networks` target inside the sensitive set needs
   * `allowSensitive`.
   */
  readonly passTo?: readonly GuardrailPassTarget[];
  /**
   * The cluster resolver's pods, handed to the templates' NetworkPolicies on UDP and TCP 53 with a
   * `Pass` (after `passTo`), so templates that resolve through CoreDNS keep working while the
   * secure default, which blocks it, keeps blocking it. Default: pods labelled
   * `k8s-app=kube-dns` in `kube-system`; `false` for no such rule (cluster DNS is then denied with
   * the rest of the cluster's ranges).
   */
  readonly clusterDns?:
    | false
    | {
        /** The resolver's namespace. Default `kube-system`. */
        readonly namespace?: string;
        /** Labels of the resolver pods; at least one. Default `{k8s-app: kube-dns}`. */
        readonly podLabels?: Readonly<Record<string, string>>;
      };
  /** Add a Baseline-tier Deny of all egress for sandbox pods that no NetworkPolicy selects. */
  readonly baseline?: boolean;
  /**
   * CIDRs of the sensitive set (or of `clusterCidrs`) that `nameservers` and `passTo` networks
   * may nevertheless reach, such as `['169.254.20.10/32']` for NodeLocal DNSCache. A nameserver
   * or `passTo` network that overlaps the sensitive set is refused unless this option covers
   * the overlap: its Accept or Pass comes before the sensitive Deny, so it opens that part of the
   * sensitive set to every sandbox. Each entry must cover such an overlap (a stale exception is
   * refused too). The Admin policy then names every exception in its
   * `agent-sandbox-policy/sensitive-exceptions` annotation. Default `[]`.
   */
  readonly allowSensitive?: readonly string[];
}

/** One part of the sensitive set a rule opens, accepted by `allowSensitive`. */
export interface GuardrailSensitiveException {
  /** The part of the sensitive set the rule reaches, canonical CIDRs. */
  readonly cidrs: readonly string[];
  /** The option that reaches it (`nameservers[0]`, `passTo[1].networks[0]`). */
  readonly option: string;
  /** The rule that opens it. */
  readonly rule: string;
}

/** A validated pass target. Internal. */
export interface ResolvedPassTarget {
  readonly name: string;
  readonly peer: 'namespaces' | 'pods' | 'networks';
  readonly selector?: Record<string, unknown>;
  readonly pods?: { namespaceSelector: Record<string, unknown>; podSelector: Record<string, unknown> };
  readonly networks?: readonly string[];
  readonly protocols?: readonly ClusterNetworkPolicyProtocol[];
}

/** Options after validation. Internal. */
export interface ResolvedGuardrailOptions {
  readonly name: string;
  readonly priority: number;
  readonly baselinePriority: number;
  readonly namespaceSelector: Record<string, unknown>;
  readonly clusterCidrs: CidrSet;
  /** Canonical resolver networks (`/32`, `/128`), or [] for no DNS rule. */
  readonly nameservers: readonly string[];
  readonly allowDomains: readonly string[];
  readonly protocols: readonly ClusterNetworkPolicyProtocol[];
  readonly denyAllOtherEgress: boolean;
  readonly passTo: readonly ResolvedPassTarget[];
  /** The `pods` peer of the cluster resolver, or null for no cluster-DNS rule. */
  readonly clusterDns: { namespaceSelector: Record<string, unknown>; podSelector: Record<string, unknown> } | null;
  readonly baseline: boolean;
  /** The parts of the sensitive set that rules before the sensitive Deny open, each accepted by `allowSensitive`. */
  readonly sensitiveExceptions: readonly GuardrailSensitiveException[];
}

/** The default name of the Admin policy. */
export const DEFAULT_GUARDRAIL_NAME = 'sandbox-guardrail';
const DEFAULT_PRIORITY = 10;
const DEFAULT_BASELINE_PRIORITY = 1000;
/** The longest suffix added to `name`. Internal. */
export const BASELINE_SUFFIX = '-baseline';

const KNOWN = [
  'name',
  'priority',
  'baselinePriority',
  'namespaceSelector',
  'clusterCidrs',
  'nameservers',
  'allowDomains',
  'ports',
  'denyAllOtherEgress',
  'passTo',
  'clusterDns',
  'baseline',
  'allowSensitive',
];
/** Where kubeadm, GKE, EKS and AKS run the cluster resolver. */
const DEFAULT_CLUSTER_DNS = /* @__PURE__ */ Object.freeze({ namespace: 'kube-system', podLabels: /* @__PURE__ */ Object.freeze({ 'k8s-app': 'kube-dns' }) });
/** The Kubernetes protocol names and the CRD's protocol keys. */
const PROTOCOLS = /* @__PURE__ */ Object.freeze({ TCP: 'tcp', UDP: 'udp', SCTP: 'sctp' } as const);

function boolean(v: unknown, path: string, issues: PolicyIssue[]): boolean {
  if (v === undefined) return false;
  if (typeof v !== 'boolean') issues.push({ path, message: `must be true or false, got ${describe(v)}` });
  return v === true;
}

function priority(v: unknown, fallback: number, path: string, issues: PolicyIssue[]): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < LIMITS.minPriority || v > LIMITS.maxPriority) {
    issues.push({ path, message: `must be an integer from ${LIMITS.minPriority} to ${LIMITS.maxPriority}, got ${typeof v === 'number' ? v : describe(v)}` });
    return fallback;
  }
  return v;
}

function list(v: unknown, path: string, issues: PolicyIssue[]): unknown[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    issues.push({ path, message: `must be a list, got ${describe(v)}` });
    return [];
  }
  return v;
}

function selector(v: unknown, path: string, issues: PolicyIssue[]): Record<string, unknown> {
  if (!isObject(v)) {
    issues.push({ path, message: `must be a label selector ({matchLabels, matchExpressions}), got ${describe(v)}` });
    return {};
  }
  for (const k of Object.keys(v)) if (k !== 'matchLabels' && k !== 'matchExpressions') issues.push({ path: `${path}.${k}`, message: 'is not a label selector field' });
  const found: ValidationIssue[] = [];
  validateLabelSelector(v, path, found);
  issues.push(...found.map(({ path: p, message }) => ({ path: p, message })));
  return canonicalLabelSelector(v);
}

function cidrs(v: unknown, path: string, issues: PolicyIssue[]): CidrSet {
  const items = list(v, path, issues);
  const parsed: ParsedCidr[] = [];
  items.forEach((text, i) => {
    try {
      parsed.push(parseCidrStrict(text as string, `${path}[${i}]`));
    } catch (err) {
      if (!(err instanceof SandboxPolicyError)) throw err;
      issues.push(...err.issues);
    }
  });
  return CidrSet.fromParsed(parsed);
}

function ports(v: unknown, path: string, issues: PolicyIssue[]): ClusterNetworkPolicyProtocol[] {
  const items = list(v, path, issues);
  if (items.length > LIMITS.maxItems) issues.push({ path, message: `must hold at most ${LIMITS.maxItems} ports (the CRD's limit per rule)` });
  const out: ClusterNetworkPolicyProtocol[] = [];
  items.forEach((item, i) => {
    const p = `${path}[${i}]`;
    if (!isObject(item)) {
      issues.push({ path: p, message: `must be {protocol?, port, endPort?}, got ${describe(item)}` });
      return;
    }
    for (const k of Object.keys(item)) if (!['protocol', 'port', 'endPort'].includes(k)) issues.push({ path: `${p}.${k}`, message: 'is not a port field' });
    const protocol = item.protocol ?? 'TCP';
    if (typeof protocol !== 'string' || !Object.hasOwn(PROTOCOLS, protocol)) {
      issues.push({ path: `${p}.protocol`, message: `must be one of "TCP", "UDP", "SCTP", got ${describe(item.protocol)}` });
      return;
    }
    const key = PROTOCOLS[protocol as keyof typeof PROTOCOLS];
    const port = item.port;
    if (typeof port !== 'number' || portNumberErrors(port).length > 0) {
      issues.push({ path: `${p}.port`, message: `must be an integer from 1 to 65535, got ${typeof port === 'number' ? port : describe(port)}` });
      return;
    }
    const end = item.endPort;
    if (end === undefined || end === port) {
      out.push({ [key]: { destinationPort: { number: port } } });
      return;
    }
    if (typeof end !== 'number' || portNumberErrors(end).length > 0 || end < port) {
      issues.push({ path: `${p}.endPort`, message: `must be an integer from port (${port}) to 65535, got ${typeof end === 'number' ? end : describe(end)}` });
      return;
    }
    out.push({ [key]: { destinationPort: { range: { start: port, end } } } });
  });
  return out;
}

function nameservers(v: unknown, path: string, issues: PolicyIssue[]): string[] {
  const items = list(v, path, issues);
  if (items.length > LIMITS.maxItems) issues.push({ path, message: `must hold at most ${LIMITS.maxItems} addresses` });
  const out: string[] = [];
  items.forEach((ip, i) => {
    const a = typeof ip === 'string' ? parseAddress(ip) : null;
    if (a === null || a.leadingZeros) {
      issues.push({ path: `${path}[${i}]`, message: `${typeof ip === 'string' ? JSON.stringify(ip) : describe(ip)} is not an IP address${a?.leadingZeros ? ' (leading 0s)' : ''}` });
      return;
    }
    const cidr = CidrSet.from([`${ip as string}/${a.textFamily === 4 ? 32 : 128}`], { mode: 'legacy' }).toCidrs()[0]!;
    if (!out.includes(cidr)) out.push(cidr);
  });
  return out;
}

function domains(v: unknown, path: string, issues: PolicyIssue[]): string[] {
  const out: string[] = [];
  list(v, path, issues).forEach((d, i) => {
    const p = `${path}[${i}]`;
    if (typeof d !== 'string' || !DOMAIN_NAME_RE.test(d)) {
      const hint = typeof d === 'string' && d.includes('*') ? ' (a wildcard must be a whole leading label: "*.example.com")' : '';
      issues.push({ path: p, message: `${typeof d === 'string' ? JSON.stringify(d) : describe(d)} is not a domain name the CRD accepts${hint}: must match '${DOMAIN_NAME_PATTERN}'` });
      return;
    }
    if (out.includes(d)) issues.push({ path: p, message: `${JSON.stringify(d)} is listed twice` });
    else out.push(d);
  });
  return out;
}

function ruleName(v: unknown, path: string, issues: PolicyIssue[]): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length === 0 || v.length > LIMITS.maxRuleNameLength) {
    issues.push({ path, message: `must be a string of 1 to ${LIMITS.maxRuleNameLength} characters, got ${describe(v)}` });
    return undefined;
  }
  return v;
}

/** Names of the rules the guardrail writes itself (a split rule gets `-2`, `-3`, ...). Internal. */
export const RULE_NAMES = /* @__PURE__ */ Object.freeze({
  clusterDns: 'cluster-dns',
  dns: 'dns',
  allowDomains: 'allow-domains',
  denySensitive: 'deny-sensitive-ranges',
  denyAll: 'deny-all-other-egress',
  baseline: 'deny-egress-without-networkpolicy',
});
const RESERVED_RULE_NAME = /* @__PURE__ */ (() => new RegExp(`^(${Object.values(RULE_NAMES).join('|')})(-[0-9]+)?$`))();

function passTargets(v: unknown, path: string, issues: PolicyIssue[]): ResolvedPassTarget[] {
  const out: ResolvedPassTarget[] = [];
  const names = new Set<string>();
  list(v, path, issues).forEach((t, i) => {
    const p = `${path}[${i}]`;
    if (!isObject(t)) {
      issues.push({ path: p, message: `must be {name?, namespaces | pods | networks, ports?}, got ${describe(t)}` });
      return;
    }
    for (const k of Object.keys(t)) if (!['name', 'namespaces', 'pods', 'networks', 'ports'].includes(k)) issues.push({ path: `${p}.${k}`, message: 'is not a passTo field' });
    const kinds = (['namespaces', 'pods', 'networks'] as const).filter((k) => t[k] !== undefined);
    if (kinds.length !== 1) {
      issues.push({ path: p, message: `must set exactly one of namespaces, pods, networks (got ${kinds.length})` });
      return;
    }
    const name = ruleName(t.name, `${p}.name`, issues) ?? `pass-${i + 1}`;
    if (names.has(name) || RESERVED_RULE_NAME.test(name)) issues.push({ path: `${p}.name`, message: `${JSON.stringify(name)} is already the name of another rule` });
    names.add(name);
    const protocols = t.ports === undefined ? undefined : ports(t.ports, `${p}.ports`, issues);
    if (Array.isArray(t.ports) && t.ports.length === 0) issues.push({ path: `${p}.ports`, message: 'must hold at least one port when given (omit it for all ports)' });
    const peer = kinds[0]!;
    if (peer === 'namespaces') out.push({ name, peer, selector: selector(t.namespaces, `${p}.namespaces`, issues), protocols });
    else if (peer === 'pods') out.push({ name, peer, pods: podsPeer(t.pods, `${p}.pods`, issues), protocols });
    else {
      const set = cidrs(t.networks, `${p}.networks`, issues);
      if (set.isEmpty() && Array.isArray(t.networks) && t.networks.length === 0) issues.push({ path: `${p}.networks`, message: 'must hold at least one CIDR' });
      out.push({ name, peer, networks: set.toCidrs(), protocols });
    }
  });
  return out;
}

function podsPeer(v: unknown, path: string, issues: PolicyIssue[]): { namespaceSelector: Record<string, unknown>; podSelector: Record<string, unknown> } {
  if (!isObject(v)) {
    issues.push({ path, message: `must be {namespaceSelector?, podSelector}, got ${describe(v)}` });
    return { namespaceSelector: {}, podSelector: {} };
  }
  for (const k of Object.keys(v)) if (k !== 'namespaceSelector' && k !== 'podSelector') issues.push({ path: `${path}.${k}`, message: 'is not a pods field' });
  if (v.podSelector === undefined) issues.push({ path: `${path}.podSelector`, message: 'is required ({} selects every pod)' });
  return {
    namespaceSelector: v.namespaceSelector === undefined ? {} : selector(v.namespaceSelector, `${path}.namespaceSelector`, issues),
    podSelector: selector(v.podSelector ?? {}, `${path}.podSelector`, issues),
  };
}

function clusterDns(v: unknown, path: string, issues: PolicyIssue[]): ResolvedGuardrailOptions['clusterDns'] {
  if (v === false) return null;
  const given = v === undefined ? {} : v;
  if (!isObject(given)) {
    issues.push({ path, message: `must be false or {namespace?, podLabels?}, got ${describe(v)}` });
    return null;
  }
  for (const k of Object.keys(given)) if (k !== 'namespace' && k !== 'podLabels') issues.push({ path: `${path}.${k}`, message: 'is not a clusterDns field' });
  const namespace = given.namespace ?? DEFAULT_CLUSTER_DNS.namespace;
  if (typeof namespace !== 'string') issues.push({ path: `${path}.namespace`, message: `must be a string, got ${describe(namespace)}` });
  else for (const message of dns1123LabelErrors(namespace)) issues.push({ path: `${path}.namespace`, message });
  const podLabels = given.podLabels ?? DEFAULT_CLUSTER_DNS.podLabels;
  if (!isObject(podLabels) || Object.keys(podLabels).length === 0) {
    issues.push({ path: `${path}.podLabels`, message: 'must be a map with at least one label (an empty selector passes every pod of the namespace)' });
    return null;
  }
  return {
    namespaceSelector: selector({ matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } }, `${path}.namespace`, issues),
    podSelector: selector({ matchLabels: podLabels }, `${path}.podLabels`, issues),
  };
}

/** The hardened profile's table: names the parts of the sensitive set an error points at. */
const HARDENED = /* @__PURE__ */ excludedRanges('hardened');

/** What the parts of the sensitive set that `set` touches are, for a message. */
function sensitiveNames(set: CidrSet, cluster: CidrSet): string[] {
  const names = [...HARDENED.ipv4.except, ...HARDENED.ipv6.except].filter((e) => set.overlaps(CidrSet.from([e.cidr]))).map((e) => `${e.cidr}: ${e.reason}`);
  if (!set.family(6).subtract(CidrSet.from([HARDENED.ipv6.cidr])).isEmpty()) names.push(`IPv6 outside ${HARDENED.ipv6.cidr}, the global unicast range`);
  const inCluster = set.intersect(cluster);
  if (!inCluster.isEmpty()) names.push(`clusterCidrs ${inCluster.toCidrs().join(', ')}`);
  return names;
}

/** One CIDR or address as a set, or null when it is invalid (its own check reports it). */
function parsedSet(text: unknown, path: string, address: boolean): CidrSet | null {
  if (typeof text !== 'string') return null;
  if (address) {
    const a = parseAddress(text);
    return a === null || a.leadingZeros ? null : CidrSet.from([`${text}/${a.textFamily === 4 ? 32 : 128}`], { mode: 'legacy' });
  }
  try {
    return CidrSet.fromParsed([parseCidrStrict(text, path)]);
  } catch (err) {
    if (!(err instanceof SandboxPolicyError)) throw err;
    return null;
  }
}

/**
 * The nameservers and passTo networks inside the sensitive set (which their Accept or Pass,
 * placed before the sensitive Deny, would open to every sandbox): each must be covered by
 * `allowSensitive`, and each `allowSensitive` entry must cover one of them.
 */
function sensitiveExceptions(o: JsonObject, cluster: CidrSet, issues: PolicyIssue[]): GuardrailSensitiveException[] {
  const sensitive = floorSet('private', cluster);
  const allowSet = cidrs(o.allowSensitive, 'options.allowSensitive', issues);
  const allowed = (Array.isArray(o.allowSensitive) ? o.allowSensitive : []).map((text, k) => {
    const path = `options.allowSensitive[${k}]`;
    return { path, set: parsedSet(text, path, false) ?? CidrSet.EMPTY };
  });
  const reaches: { option: string; rule: string; set: CidrSet }[] = [];
  if (Array.isArray(o.nameservers)) {
    o.nameservers.forEach((ip, i) => {
      const set = parsedSet(ip, `options.nameservers[${i}]`, true);
      if (set) reaches.push({ option: `nameservers[${i}]`, rule: RULE_NAMES.dns, set });
    });
  }
  if (Array.isArray(o.passTo)) {
    o.passTo.forEach((t, i) => {
      if (!isObject(t) || !Array.isArray(t.networks)) return;
      const rule = typeof t.name === 'string' ? t.name : `pass-${i + 1}`;
      t.networks.forEach((cidr, j) => {
        const set = parsedSet(cidr, `options.passTo[${i}].networks[${j}]`, false);
        if (set) reaches.push({ option: `passTo[${i}].networks[${j}]`, rule, set });
      });
    });
  }
  const out: GuardrailSensitiveException[] = [];
  for (const r of reaches) {
    const overlap = r.set.intersect(sensitive);
    if (overlap.isEmpty()) continue;
    const uncovered = overlap.subtract(allowSet);
    if (uncovered.isEmpty()) out.push({ cidrs: overlap.toCidrs(), option: r.option, rule: r.rule });
    else {
      const parts = uncovered.toCidrs();
      const shown = parts.length > 4 ? `${parts.slice(0, 3).join(', ')} and ${parts.length - 3} more` : parts.join(', ');
      const beyond = allowSet.overlaps(overlap) ? ' beyond allowSensitive' : '';
      issues.push({
        path: `options.${r.option}`,
        message: `reaches ${shown}${beyond}, in the sensitive ranges the guardrail denies (${sensitiveNames(uncovered, cluster).join('; ')}): rule ${JSON.stringify(r.rule)} comes before that Deny and would open it to every sandbox; list it in allowSensitive to accept that`,
      });
    }
  }
  for (const a of allowed) {
    if (a.set.isEmpty()) continue;
    if (!reaches.some((r) => r.set.intersect(sensitive).overlaps(a.set))) {
      issues.push({ path: a.path, message: 'excepts nothing: no nameserver or passTo network reaches the sensitive ranges there' });
    }
  }
  return out;
}

/**
 * Validates the options. Internal.
 *
 * @throws {@link SandboxPolicyError} with every problem, at paths under `options.`.
 */
export function resolveGuardrailOptions(raw: unknown): ResolvedGuardrailOptions {
  const value = snapshot(raw ?? {}, 'options');
  if (!isObject(value)) throw new SandboxPolicyError([{ path: 'options', message: `must be an object, got ${describe(value)}` }]);
  const o: JsonObject = value;
  const issues: PolicyIssue[] = [];
  for (const k of Object.keys(o)) if (!KNOWN.includes(k)) issues.push({ path: `options.${k}`, message: 'is not a known option (typo?)' });

  let name = DEFAULT_GUARDRAIL_NAME;
  if (o.name !== undefined) {
    if (typeof o.name !== 'string') issues.push({ path: 'options.name', message: `must be a string, got ${describe(o.name)}` });
    else {
      name = o.name;
      const errors = dns1123SubdomainErrors(name);
      for (const message of errors) issues.push({ path: 'options.name', message });
      if (errors.length === 0 && dns1123SubdomainErrors(`${name}${BASELINE_SUFFIX}`).length > 0) {
        issues.push({ path: 'options.name', message: `must leave room for the suffix "${BASELINE_SUFFIX}" within 253 characters` });
      }
    }
  }
  const allowDomains = domains(o.allowDomains, 'options.allowDomains', issues);
  const denyAllOtherEgress = boolean(o.denyAllOtherEgress, 'options.denyAllOtherEgress', issues);
  let servers: string[];
  if (o.nameservers !== undefined) servers = nameservers(o.nameservers, 'options.nameservers', issues);
  else if (allowDomains.length > 0 || denyAllOtherEgress) servers = nameservers(DEFAULT_NAMESERVERS, 'options.nameservers', issues);
  else servers = [];
  if (allowDomains.length > 0 && servers.length === 0 && o.nameservers !== undefined) {
    issues.push({ path: 'options.nameservers', message: 'must name at least one resolver when allowDomains is set: a domain rule only matches addresses the pod resolved, and DNS needs its own Accept' });
  }
  const protocols = o.ports === undefined ? ports([{ protocol: 'TCP', port: 443 }], 'options.ports', issues) : ports(o.ports, 'options.ports', issues);
  if (o.ports !== undefined && protocols.length === 0 && Array.isArray(o.ports) && o.ports.length === 0) {
    issues.push({ path: 'options.ports', message: 'must hold at least one port' });
  }
  if (o.ports !== undefined && allowDomains.length === 0) issues.push({ path: 'options.ports', message: 'applies to allowDomains, which is empty' });
  const resolved: ResolvedGuardrailOptions = {
    name,
    priority: priority(o.priority, DEFAULT_PRIORITY, 'options.priority', issues),
    baselinePriority: priority(o.baselinePriority, DEFAULT_BASELINE_PRIORITY, 'options.baselinePriority', issues),
    namespaceSelector: o.namespaceSelector === undefined ? {} : selector(o.namespaceSelector, 'options.namespaceSelector', issues),
    clusterCidrs: cidrs(o.clusterCidrs, 'options.clusterCidrs', issues),
    nameservers: servers,
    allowDomains,
    protocols,
    denyAllOtherEgress,
    passTo: passTargets(o.passTo, 'options.passTo', issues),
    clusterDns: clusterDns(o.clusterDns, 'options.clusterDns', issues),
    baseline: boolean(o.baseline, 'options.baseline', issues),
    sensitiveExceptions: [],
  };
  const exceptions = sensitiveExceptions(o, resolved.clusterCidrs, issues);
  if (o.baselinePriority !== undefined && o.baseline !== true) issues.push({ path: 'options.baselinePriority', message: 'applies to the baseline policy, which is off (set baseline: true)' });
  if (issues.length > 0) throw new SandboxPolicyError(issues);
  return { ...resolved, sensitiveExceptions: exceptions };
}
