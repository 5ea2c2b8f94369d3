import { CidrSet } from '../cidr/cidr-set.js';
import { SandboxPolicyError } from '../errors.js';
import { isObject, listOf } from '../json.js';
import { SANDBOX_NAME_HASH_LABEL, TEMPLATE_REF_HASH_LABEL } from '../constants.js';
import type { PolicyOptions } from '../options.js';
import { crossGrantFindings, countFindings, rangeFindings, readAuditOptions, sortFindings, type AuditOptions, type Finding } from '../audit/audit.js';
import type { Severity } from '../audit/catalogue.js';
import type { Grant } from '../audit/grants.js';
import { selectorFindings } from '../audit/selectors.js';
import { sandboxTemplateFindings } from '../audit/template-findings.js';
import { frozenSnapshot } from '../snapshot.js';
import { sortedDeep } from '../canonical.js';
import type { ClusterPolicyView, Tier } from '../policy/cluster-network-policy-view.js';
import type { PortSpec } from '../policy/network-policy-view.js';
import { readSnapshot, type PodView, type Snapshot } from '../policy/snapshot.js';
import { cnpLabel, selectingPolicies, subjectSelects } from './decide.js';
import { egressReach } from './reachability.js';
import { clusterFinding, endpointOf } from './target-shared.js';
import { objectFindings } from './object-findings.js';

/** Options of {@link auditCluster}: the auditor's, plus how to read the objects. */
export interface ClusterAuditOptions extends AuditOptions {
  /** Namespace of namespaced objects that carry none (default `default`, as kubectl). */
  readonly namespace?: string;
  /** Options for rendering Managed templates' policies (the same as `networkPolicyFor`'s). */
  readonly policy?: PolicyOptions;
}

/** What a report is about: a template's sandbox pods, a Pod, or a representative pod of a policy's podSelector. */
export interface TargetRef {
  /**
   * `SandboxTemplate`, `Sandbox`, `SandboxClaim` or `SandboxWarmPool` (the pods it makes), `Pod`, or
   * `PodSelector` (a namespace with policies but neither templates nor pods).
   */
  readonly kind: 'SandboxTemplate' | 'Sandbox' | 'SandboxClaim' | 'SandboxWarmPool' | 'Pod' | 'PodSelector';
  /** The namespace. */
  readonly namespace: string;
  /** The template's or pod's name; for `PodSelector`, the policy whose podSelector it stands for. */
  readonly name: string;
}

/** An object that selects a target, as a report lists it. */
export interface PolicyRef {
  /** `NetworkPolicy <namespace>/<name>` or `ClusterNetworkPolicy <name>` (or the v1alpha1 kind). */
  readonly policy: string;
  /** Its tier: `Admin`, `NetworkPolicy` or `Baseline`. */
  readonly tier: Tier | 'NetworkPolicy';
  /** ClusterNetworkPolicy priority (lower first). */
  readonly priority?: number;
  /** For a policy the controller renders from a Managed template: `SandboxTemplate <namespace>/<name>`. */
  readonly renderedFrom?: string;
}

/** A ClusterNetworkPolicy rule that names destinations by DNS name. */
export interface DomainAllowance {
  /** `ClusterNetworkPolicy <name>`. */
  readonly policy: string;
  /** Its tier. */
  readonly tier: Tier;
  /** The rule's path, e.g. `spec.egress[0]`. */
  readonly rule: string;
  /** The rule's `name`, if any. */
  readonly ruleName?: string;
  /** `Accept`, `Deny` or `Pass`. */
  readonly action: 'Accept' | 'Deny' | 'Pass';
  /** The names and `*.` patterns. */
  readonly domains: readonly string[];
  /** Ports (null: all). Named ports are listed by name. */
  readonly ports: readonly PortSpec[] | null;
  /**
   * False when the rule can never apply to this target: an earlier rule denies, accepts or passes
   * every address on every port, or (Baseline) a NetworkPolicy isolates the target's egress.
   */
  readonly effective: boolean;
}

/** A finding with the object it is about. */
export interface ClusterFinding extends Finding {
  /** The object whose rule opened the reach or that the finding is about; null when no policy restricts it. */
  readonly policy: string | null;
}

/** The effective policy of one target. */
export interface TargetReport {
  /** What was audited. */
  readonly target: TargetRef;
  /**
   * True for a sandbox target: a template, Sandbox, claim or warm pool, or a pod an agent-sandbox
   * controller made (it carries `agents.x-k8s.io/sandbox-name-hash` or the template ref hash).
   */
  readonly sandbox: boolean;
  /** The labels policies see on the target's pods. */
  readonly labels: Readonly<Record<string, string>>;
  /** The objects that select it, per direction, in evaluation order. */
  readonly policies: {
    /** Objects deciding its ingress (Admin, NetworkPolicies that isolate ingress, Baseline). */
    readonly ingress: readonly PolicyRef[];
    /** Objects deciding its egress. */
    readonly egress: readonly PolicyRef[];
  };
  /** A NetworkPolicy with `Egress` in its policyTypes selects it. */
  readonly egressIsolated: boolean;
  /** A NetworkPolicy with `Ingress` in its policyTypes selects it. */
  readonly ingressIsolated: boolean;
  /** Every destination address allowed on some port after all tiers (as addresses, not as pods). */
  readonly egressReachable: CidrSet;
  /** ClusterNetworkPolicy rules naming destinations by DNS name. */
  readonly domainAllowances: readonly DomainAllowance[];
  /** Findings on the effective view, most severe first; each names in `policy` the object responsible. */
  readonly findings: readonly ClusterFinding[];
}

/** The result of {@link auditCluster}. */
export interface ClusterAuditReport {
  /** One report per target: templates, pods, then representative pods; each group by namespace and name. */
  readonly targets: readonly TargetReport[];
  /** Findings about objects: invalid objects, hash collisions, ClusterNetworkPolicy priority ties, notes. */
  readonly findings: readonly ClusterFinding[];
  /** Findings per severity over `findings` and every target's. */
  readonly counts: Readonly<Record<Severity, number>>;
  /** The most severe severity anywhere, or null. */
  readonly highest: Severity | null;
  /** Objects of kinds that play no part (`kind namespace/name`). */
  readonly ignored: readonly string[];
}



/** Labels that satisfy a selector (matchLabels, `In` first value, `Exists`): a representative pod. */
function representativeLabels(selector: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(selector)) return out;
  if (isObject(selector.matchLabels)) for (const [k, v] of Object.entries(selector.matchLabels)) if (typeof v === 'string') out[k] = v;
  for (const e of listOf(selector.matchExpressions)) {
    if (!isObject(e) || typeof e.key !== 'string') continue;
    if (e.operator === 'In' && typeof listOf(e.values)[0] === 'string') out[e.key] = listOf(e.values)[0] as string;
    else if (e.operator === 'Exists' && !(e.key in out)) out[e.key] = '';
  }
  return out;
}

export function targetsOf(snapshot: Snapshot): PodView[] {
  const byName = (a: PodView, b: PodView) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const templates = snapshot.templates.map((t) => t.pod).sort(byName);
  const pods = snapshot.pods.filter((p) => !p.hostNetwork).sort(byName);
  const covered = new Set([...templates, ...pods].map((p) => p.namespace));
  const reps: PodView[] = [];
  const seen = new Set<string>();
  for (const np of snapshot.networkPolicies) {
    if (covered.has(np.namespace)) continue;
    const key = `${np.namespace}\u0000${JSON.stringify(sortedDeep(np.view.spec.podSelector ?? {}))}`;
    if (seen.has(key)) continue;
    seen.add(key);
    reps.push({ kind: 'PodSelector', name: np.name, namespace: np.namespace, labels: representativeLabels(np.view.spec.podSelector), ports: [], ips: [], hostNetwork: false });
  }
  return [...templates, ...pods, ...reps.sort(byName)];
}


function cnpRef(p: ClusterPolicyView): PolicyRef {
  return { policy: cnpLabel(p), tier: p.tier, priority: p.priority };
}

function portsOf(p: ClusterPolicyView['egress'][number]): PortSpec[] | null {
  if (p.protocols === null) return null;
  return p.protocols.map((x) => ('namedPort' in x ? { protocol: 'TCP', port: x.namedPort } : x.start === x.end ? { protocol: x.protocol, port: x.start } : { protocol: x.protocol, port: x.start, endPort: x.end }));
}

/** True when an earlier rule (in walk order) takes every address on every port. */
function shadowsAll(rule: ClusterPolicyView['egress'][number]): boolean {
  if (rule.protocols !== null) return false;
  const all = CidrSet.all(4).union(CidrSet.all(6));
  return CidrSet.unionAll(rule.peers.flatMap((p) => ('networks' in p ? [p.networks] : []))).containsSet(all);
}

function domainAllowances(policies: readonly ClusterPolicyView[], egressIsolated: boolean): DomainAllowance[] {
  const out: DomainAllowance[] = [];
  // A rule that takes every address on every port ends its tier; an Admin Accept or Deny of
  // everything also keeps Baseline from being reached, as does a NetworkPolicy isolating egress.
  let adminDone = false;
  let baselineDone = egressIsolated;
  for (const p of policies) {
    for (const rule of p.egress) {
      const domains = rule.peers.flatMap((x) => ('domainNames' in x ? x.domainNames : []));
      const done = p.tier === 'Admin' ? adminDone : baselineDone;
      if (domains.length > 0) {
        out.push({ policy: cnpLabel(p), tier: p.tier, rule: rule.path, ...(rule.name ? { ruleName: rule.name } : {}), action: rule.action, domains, ports: portsOf(rule), effective: !done });
      }
      if (!shadowsAll(rule)) continue;
      if (p.tier === 'Baseline') baselineDone = true;
      else {
        adminDone = true;
        if (rule.action !== 'Pass') baselineDone = true;
      }
    }
  }
  return out;
}

export function auditTarget(snapshot: Snapshot, pod: PodView, options: AuditOptions): TargetReport {
  const ep = endpointOf(snapshot, pod);
  const selecting = selectingPolicies(snapshot, ep);
  const cnps = snapshot.clusterPolicies.filter((p) => subjectSelects(p, ep));
  const egressIsolated = selecting.some((p) => p.view.isolatesEgress);
  const ingressIsolated = selecting.some((p) => p.view.isolatesIngress);
  const npRef = (p: (typeof selecting)[number]): PolicyRef => ({ policy: p.label, tier: 'NetworkPolicy', ...(p.renderedFrom ? { renderedFrom: p.renderedFrom } : {}) });
  const refs = (dir: 'ingress' | 'egress'): PolicyRef[] => {
    const nps = selecting.filter((p) => (dir === 'ingress' ? p.view.isolatesIngress : p.view.isolatesEgress));
    return [...cnps.filter((c) => c.tier === 'Admin' && c[dir].length > 0).map(cnpRef), ...nps.map(npRef), ...cnps.filter((c) => c.tier === 'Baseline' && c[dir].length > 0).map(cnpRef)];
  };

  const findings: ClusterFinding[] = [];
  const { reachable, grants } = egressReach(snapshot, ep);
  const names = grants.map((g) => g.policy);
  const asGrants: Grant[] = grants.map((g, i) => ({ policy: i, path: g.path, cidr: g.cidr, excepts: g.excepts, set: g.set, ports: g.ports }));
  const sinkOf = (g: Grant) => (f: Finding) => {
    const eg = grants[g.policy]!;
    const { suggestion, ...rest } = f;
    // Except suggestions are NetworkPolicy ipBlock edits; ClusterNetworkPolicy networks have no except.
    findings.push({ ...rest, ...(suggestion !== undefined && eg.tier !== 'Admin' && eg.tier !== 'Baseline' ? { suggestion } : {}), policy: names[g.policy]! });
  };
  rangeFindings(asGrants, auditOptionsOf(options), sinkOf);
  crossGrantFindings(asGrants, reachable, sinkOf);
  for (const np of selecting) selectorFindings({ ...np.view }, (f) => findings.push({ ...f, policy: np.label }));
  if (!ingressIsolated && !cnps.some((c) => c.ingress.length > 0)) {
    findings.push({
      severity: 'medium',
      code: 'ingress-not-isolated',
      message: 'no NetworkPolicy with "Ingress" in policyTypes and no ClusterNetworkPolicy ingress rule selects these pods: every source may connect',
      path: 'spec.policyTypes',
      ranges: [],
      example: 'any pod in any namespace',
      suggestion: 'add "Ingress" to policyTypes and allow only the sandbox router',
      policy: null,
    });
  }
  // The controller's policy unioned with another egress policy on the same pods.
  const rendered = selecting.filter((p) => p.renderedFrom !== undefined && p.view.isolatesEgress);
  const others = selecting.filter((p) => p.renderedFrom === undefined && p.view.isolatesEgress);
  if (rendered.length > 0 && others.length > 0) {
    const fromOthers = CidrSet.unionAll(grants.filter((g) => others.some((o) => o.label === g.policy)).map((g) => g.set));
    for (const r of rendered) {
      const widened = CidrSet.unionAll(grants.filter((g) => g.policy === r.label).map((g) => g.set)).subtract(fromOthers);
      if (widened.isEmpty()) continue;
      const ranges = widened.toCidrs();
      findings.push(
        clusterFinding(
          'managed-policy-unioned',
          r.label,
          'spec.egress',
          `${r.renderedFrom} is Managed: the controller's ${r.label} selects the same pods as ${others.map((o) => o.label).join(', ')}, and policies only add, so it reopens ${ranges.slice(0, 4).join(', ')}${ranges.length > 4 ? ` and ${ranges.length - 4} more` : ''}`,
          widened.firstAddress() ?? '',
          { ranges, suggestion: `set spec.networkPolicyManagement: Unmanaged on ${r.renderedFrom} to let ${others[0]!.label} decide, or move its rules into the template's spec.networkPolicy` },
        ),
      );
    }
  }
  for (const c of cnps) {
    for (const rule of c.egress) {
      if (rule.action === 'Accept' && rule.peers.some((p) => 'nodes' in p)) {
        findings.push(clusterFinding('node-peer-accepted', cnpLabel(c), rule.path, 'Accept to node addresses: kubelet and hostNetwork daemons on the selected nodes are reachable (not counted in egressReachable: the snapshot has no Node objects)', 'a node IP on port 10250 (kubelet)'));
      }
      if (rule.action !== 'Accept' && rule.peers.some((p) => 'domainNames' in p)) {
        findings.push(clusterFinding('domain-names-not-accept', cnpLabel(c), rule.path, `${rule.action} rule on domainNames: it only applies to addresses the dataplane has seen resolve, so other addresses of those names are not ${rule.action === 'Deny' ? 'denied' : 'passed'}`, rule.path));
      }
    }
  }
  // Findings about the template document itself (a deprecated apiVersion).
  const source = pod.kind === 'SandboxTemplate' ? snapshot.templates.find((t) => t.pod === pod) : undefined;
  if (source !== undefined) {
    const label = `SandboxTemplate ${pod.namespace}/${source.template.metadata.name}`;
    for (const f of sandboxTemplateFindings(source.template)) findings.push({ ...f, policy: label });
  }
  sortFindings(findings);
  return {
    target: { kind: pod.kind, namespace: pod.namespace, name: pod.name },
    sandbox: pod.kind !== 'Pod' && pod.kind !== 'PodSelector' ? true : pod.kind === 'Pod' && (SANDBOX_NAME_HASH_LABEL in pod.labels || TEMPLATE_REF_HASH_LABEL in pod.labels),
    labels: pod.labels,
    policies: { ingress: refs('ingress'), egress: refs('egress') },
    egressIsolated,
    ingressIsolated,
    egressReachable: reachable,
    domainAllowances: domainAllowances(cnps.filter((c) => c.egress.length > 0), egressIsolated),
    findings,
  };
}


const OPTION_KEYS = new Set(['clusterCidrs', 'clusterDnsIps', 'strictCidr', 'namespace', 'policy']);

/** Reads the options as plain data and checks every field, so nothing malformed reaches the auditor. Internal. */
export function checkOptions(options: unknown): ClusterAuditOptions {
  const opts = frozenSnapshot(options ?? {}, 'options');
  if (!isObject(opts)) throw new SandboxPolicyError([{ path: 'options', message: 'must be an object' }]);
  const issues: Array<{ path: string; message: string }> = [];
  for (const k of Object.keys(opts)) if (!OPTION_KEYS.has(k)) issues.push({ path: `options.${k}`, message: `is not an option (known: ${[...OPTION_KEYS].join(', ')})` });
  for (const k of ['clusterCidrs', 'clusterDnsIps'] as const) {
    const v = opts[k];
    if (v !== undefined && (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))) issues.push({ path: `options.${k}`, message: 'must be a list of strings' });
  }
  if (opts.strictCidr !== undefined && typeof opts.strictCidr !== 'boolean') issues.push({ path: 'options.strictCidr', message: 'must be a boolean' });
  if (opts.policy !== undefined && !isObject(opts.policy)) issues.push({ path: 'options.policy', message: 'must be an object' });
  if (issues.length > 0) throw new SandboxPolicyError(issues);
  const checked = opts as ClusterAuditOptions;
  // Cluster CIDRs and DNS addresses are checked up front (they throw SandboxPolicyError).
  auditOptionsOf(checked);
  return checked;
}

/** The single-policy auditor's resolved options for the cluster options' shared fields. */
function auditOptionsOf(options: AuditOptions): ReturnType<typeof readAuditOptions> {
  const { clusterCidrs, clusterDnsIps, strictCidr } = options;
  return readAuditOptions({
    ...(clusterCidrs !== undefined ? { clusterCidrs } : {}),
    ...(clusterDnsIps !== undefined ? { clusterDnsIps } : {}),
    ...(strictCidr !== undefined ? { strictCidr } : {}),
  });
}

/**
 * Audits a whole snapshot of a cluster (or of manifests about to be applied): for every target —
 * each SandboxTemplate's sandbox pods, each Pod, and in a namespace with neither one
 * representative pod per distinct podSelector — its effective policy under every object that
 * selects it, with the semantics Kubernetes defines:
 *
 * - NetworkPolicies of the pod's namespace: a direction is isolated once a selecting policy has it
 *   in policyTypes (omitted policyTypes: `Ingress`, plus `Egress` when there are egress rules);
 *   then the allows of every selecting policy are unioned.
 * - ClusterNetworkPolicies (v1alpha2, and v1alpha1 AdminNetworkPolicy/BaselineAdminNetworkPolicy
 *   mapped to the Admin and Baseline tiers): Admin before NetworkPolicies, Baseline after and
 *   only when no NetworkPolicy isolates the direction; policies by priority (ties by name, and
 *   reported), first matching rule; Accept and Deny final, Pass hands over to the next tier; no
 *   implicit isolation.
 * - Managed templates get the controller's rendered policy (unless the snapshot already holds an
 *   object of that name), Unmanaged ones none. Sandbox pods carry the template's pod labels minus
 *   reserved keys, the template ref hash, and `agents.x-k8s.io/sandbox-name-hash` (any value).
 *
 * `egressReachable` counts destinations as addresses: pod, namespace and node selectors and
 * domain names do not match a bare address (domain rules are listed in `domainAllowances`).
 * Objects the API server would reject are left out and reported as `api-invalid` at the top.
 *
 * @param objects - a list of Kubernetes objects, or a `List` (`kubectl get … -o yaml`): any mix of
 *   SandboxTemplate, NetworkPolicy, ClusterNetworkPolicy, AdminNetworkPolicy,
 *   BaselineAdminNetworkPolicy, Namespace (for namespace labels; a namespace not given has only
 *   `kubernetes.io/metadata.name`), Pod, and nested Lists. Other kinds are listed in `ignored`.
 * @param options - the auditor's options, the default namespace, and render options for templates.
 * @returns a fresh report (`egressReachable` serializes as its CIDR list).
 * @throws {@link SandboxPolicyError} when `objects` is not plain data (a getter that throws, cycles, BigInt,
 *   nesting deeper than {@link MAX_NESTING_DEPTH}) or not a list, or when an option is invalid.
 * @example
 * ```ts
 * const text = fs.readFileSync('template.yaml', 'utf8'); // e.g. `kubectl get … -o yaml`
 * const report = auditCluster(yaml.parseAllDocuments(text).map((d) => d.toJS()));
 * report.targets.map((t) => [t.target.name, t.egressReachable.contains('169.254.169.254')]); // [['sandbox', false]]
 * ```
 */
export function auditCluster(objects: unknown, options: ClusterAuditOptions = {}): ClusterAuditReport {
  const opts = checkOptions(options);
  const snapshot = readSnapshot(objects, { ...(opts.namespace !== undefined ? { namespace: opts.namespace } : {}), ...(opts.policy !== undefined ? { policy: opts.policy } : {}) });
  const targets = targetsOf(snapshot);
  const reports = targets.map((t) => auditTarget(snapshot, t, opts));
  const findings = objectFindings(snapshot, targets, opts.strictCidr !== false);
  const all = [...findings, ...reports.flatMap((r) => r.findings)];
  const counts = countFindings(all);
  const highest = sortFindings([...all])[0]?.severity ?? null;
  return { targets: reports, findings, counts, highest, ignored: snapshot.ignored };
}

