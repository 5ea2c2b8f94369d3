import { CidrSet } from '../cidr/cidr-set.js';
import { SandboxPolicyError } from '../errors.js';
import { isObject, listOf } from '../json.js';
import { SANDBOX_NAME_HASH_LABEL, TEMPLATE_REF_HASH_LABEL } from '../constants.js';
import type { PolicyOptions } from '../options.js';
import { crossGrantFindings, countFindings, rangeFindings, readAuditOptions, sortFindings, type AuditOptions, type Finding } from '../audit/audit.js';
import type { Severity } from '../audit/catalogue.js';
import { SEVERITIES } from '../audit/severity.js';
import type { Grant } from '../audit/grants.js';
import { selectorFindings } from '../audit/selectors.js';
import { sandboxTemplateFindings } from '../audit/template-findings.js';
import { deepFreeze, frozenSnapshot } from '../snapshot.js';
import { sortedDeep } from '../canonical.js';
import type { ClusterPolicyView, Tier } from '../policy/cluster-network-policy-view.js';
import type { PortSpec } from '../policy/network-policy-view.js';
import { byNamespaceAndName, nsLabelsOf, readSnapshot, type NamespacedPolicy, type PodView, type Snapshot } from '../policy/snapshot.js';
import { EVERYTHING } from '../policy/network-policy-view.js';
import { mentionedLabels, sandboxFamilies, singleFamily, type Family, type MentionedIn } from './family.js';
import { sensitiveDomainsCoveredBy } from '../ranges.js';
import type { PodRef } from '../policy/endpoint.js';
import { cnpLabel, selectingPolicies, subjectSelects } from './decide.js';
import { egressReach, type EgressPolicies } from './reachability.js';
import { selectorPeers, type SelectorPeer } from './selector-peers.js';

export type { SelectorPeer } from './selector-peers.js';
import { clusterFinding, subjectIndex } from './target-shared.js';
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
  /**
   * For a target that stands for several pods (a SandboxTemplate, SandboxClaim or SandboxWarmPool
   * family): the label variant of the first pod that gives this finding, as the controller-chosen
   * labels that set it apart, e.g. `claimed, created-by=go-client, launch-type=cold`. Absent for
   * one-pod targets and object findings.
   */
  readonly variant?: string;
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
  /**
   * The labels policies see on the target's pods; for a family (a template, claim or pool), those
   * of its first variant, with `<any sandbox>`-style values where the controllers choose one.
   */
  readonly labels: Readonly<Record<string, string>>;
  /** The objects that select it, per direction, in evaluation order. */
  readonly policies: {
    /** Objects deciding its ingress (Admin, NetworkPolicies that isolate ingress, Baseline). */
    readonly ingress: readonly PolicyRef[];
    /** Objects deciding its egress. */
    readonly egress: readonly PolicyRef[];
  };
  /** A NetworkPolicy with `Egress` in its policyTypes selects every pod of it (each variant of a family). */
  readonly egressIsolated: boolean;
  /** A NetworkPolicy with `Ingress` in its policyTypes selects every pod of it (each variant of a family). */
  readonly ingressIsolated: boolean;
  /** Every destination address allowed on some port from some pod of it, after all tiers (as addresses, not as pods). */
  readonly egressReachable: CidrSet;
  /**
   * The part of `egressReachable` some pod of it reaches on every port and protocol (the rest is
   * reached on some ports only). The HTML report draws it as "all ports".
   */
  readonly egressReachableAllPorts: CidrSet;
  /** ClusterNetworkPolicy rules naming destinations by DNS name. */
  readonly domainAllowances: readonly DomainAllowance[];
  /**
   * Egress peers that name destinations by label (pod and namespace selectors), in evaluation
   * order, each with the namespaces and pods of the snapshot it selects.
   */
  readonly selectorPeers: readonly SelectorPeer[];
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

/**
 * Every target of a snapshot as a family of pods: sandbox objects (see {@link sandboxFamilies}),
 * then Pods (host-network ones included), then one representative pod per distinct podSelector in
 * namespaces with neither. Internal.
 */
export function targetsOf(snapshot: Snapshot, mentioned: MentionedIn = mentionedLabels(snapshot)): Family[] {
  const sandboxes = sandboxFamilies(snapshot, mentioned);
  const pods = [...snapshot.pods].sort(byNamespaceAndName);
  const covered = new Set([...sandboxes.map((f) => f.pod), ...pods].map((p) => p.namespace));
  const reps: PodView[] = [];
  const seen = new Set<string>();
  for (const np of snapshot.networkPolicies) {
    if (covered.has(np.namespace)) continue;
    const key = `${np.namespace}\u0000${JSON.stringify(sortedDeep(np.view.spec.podSelector ?? {}))}`;
    if (seen.has(key)) continue;
    seen.add(key);
    reps.push({ kind: 'PodSelector', name: np.name, namespace: np.namespace, labels: representativeLabels(np.view.spec.podSelector), ports: [], ips: [], hostNetwork: false });
  }
  return [...sandboxes, ...pods.map(singleFamily), ...reps.sort(byNamespaceAndName).map(singleFamily)];
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
  return CidrSet.unionAll(rule.peers.flatMap((p) => ('networks' in p ? [p.networks] : []))).containsSet(EVERYTHING);
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

/** What one member of a family gets: computed once per namespace and set of selecting policies. */
interface MemberAudit {
  readonly selecting: readonly NamespacedPolicy[];
  readonly cnps: readonly ClusterPolicyView[];
  readonly egressIsolated: boolean;
  readonly ingressIsolated: boolean;
  readonly reachable: CidrSet;
  readonly allPorts: CidrSet;
  readonly domainAllowances: readonly DomainAllowance[];
  readonly findings: readonly ClusterFinding[];
}

/** State shared by the targets of one audit: the member cache and the labels selectors name. Internal. */
export interface AuditContext {
  readonly options: AuditOptions;
  readonly mentioned: MentionedIn;
  readonly cache: Map<string, MemberAudit>;
  /** Selector peers by namespace and deciding policies: targets decided alike share them. */
  readonly peers: Map<string, readonly SelectorPeer[]>;
  readonly npIndex: ReadonlyMap<NamespacedPolicy, number>;
  readonly cnpIndex: ReadonlyMap<ClusterPolicyView, number>;
  /** The ClusterNetworkPolicies that may select a pod, by its labels and its namespace's. */
  readonly subjects: ReturnType<typeof subjectIndex>;
}

/** {@link selectorPeers} once per namespace and set of deciding policies (they resolve against the whole snapshot's pods). */
function peersOf(snapshot: Snapshot, ctx: AuditContext, namespace: string, isolating: readonly NamespacedPolicy[], cnps: readonly ClusterPolicyView[]): readonly SelectorPeer[] {
  const key = `${namespace}\u0000${isolating.map((p) => ctx.npIndex.get(p)).join(',')}\u0000${cnps.map((p) => ctx.cnpIndex.get(p)).join(',')}`;
  let peers = ctx.peers.get(key);
  // Shared by the targets that get it, so frozen.
  if (peers === undefined) ctx.peers.set(key, (peers = deepFreeze(selectorPeers(snapshot, namespace, isolating, cnps))));
  return peers;
}

/** A fresh context for auditing targets of `snapshot`. Internal. */
export function auditContext(snapshot: Snapshot, options: AuditOptions, mentioned: MentionedIn = mentionedLabels(snapshot)): AuditContext {
  return {
    options,
    mentioned,
    cache: new Map(),
    peers: new Map(),
    npIndex: new Map(snapshot.networkPolicies.map((p, i) => [p, i])),
    cnpIndex: new Map(snapshot.clusterPolicies.map((p, i) => [p, i])),
    subjects: subjectIndex(snapshot.clusterPolicies),
  };
}

/**
 * The audit of one pod of a family. What a pod's egress reaches and which policies decide it
 * depend on its labels only through the set of policies that select it, so the result is cached
 * under its namespace and that set (by position in the snapshot): pods selected alike share it.
 */
function memberAudit(snapshot: Snapshot, ep: PodRef & { readonly hostNetwork?: boolean }, ctx: AuditContext): MemberAudit {
  const selecting = selectingPolicies(snapshot, ep);
  const cnps = ctx.subjects(ep.labels ?? {}, nsLabelsOf(snapshot, ep.namespace)).filter((p) => subjectSelects(p, ep));
  const key = `${ep.namespace}\u0000${selecting.map((p) => ctx.npIndex.get(p)).join(',')}\u0000${cnps.map((p) => ctx.cnpIndex.get(p)).join(',')}`;
  const hit = ctx.cache.get(key);
  if (hit !== undefined) return hit;
  const egressIsolated = selecting.some((p) => p.view.isolatesEgress);
  const ingressIsolated = selecting.some((p) => p.view.isolatesIngress);
  const findings: ClusterFinding[] = [];
  const policies: EgressPolicies = {
    admin: cnps.filter((p) => p.tier === 'Admin' && p.egress.length > 0),
    baseline: cnps.filter((p) => p.tier === 'Baseline' && p.egress.length > 0),
    isolating: selecting.filter((p) => p.view.isolatesEgress),
  };
  const { reachable, allPorts, grants, namedPorts } = egressReach(snapshot, ep, policies);
  const names = grants.map((g) => g.policy);
  const asGrants: Grant[] = grants.map((g, i) => ({ policy: i, path: g.path, cidr: g.cidr, excepts: g.excepts, set: g.set, ports: g.ports }));
  const sinkOf = (g: Grant) => (f: Finding) => {
    const eg = grants[g.policy]!;
    const { suggestion, ...rest } = f;
    // Except suggestions are NetworkPolicy ipBlock edits; ClusterNetworkPolicy networks have no except.
    findings.push({ ...rest, ...(suggestion !== undefined && eg.tier !== 'Admin' && eg.tier !== 'Baseline' ? { suggestion } : {}), policy: names[g.policy]! });
  };
  rangeFindings(asGrants, auditOptionsOf(ctx.options), sinkOf);
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
        findings.push(clusterFinding('node-peer-accepted', cnpLabel(c), rule.path, 'Accept to node addresses: kubelet and hostNetwork daemons on the selected nodes are reachable (the snapshot\'s Nodes are counted in egressReachable; nodes it does not hold cannot be)', 'a node IP on port 10250 (kubelet)'));
      }
      if (rule.action !== 'Accept' && rule.peers.some((p) => 'domainNames' in p)) {
        findings.push(clusterFinding('domain-names-not-accept', cnpLabel(c), rule.path, `${rule.action} rule on domainNames: it only applies to addresses the dataplane has seen resolve, so other addresses of those names are not ${rule.action === 'Deny' ? 'denied' : 'passed'}`, rule.path));
      }
    }
  }
  for (const n of namedPorts) {
    const names = n.names.map((x) => `"${x}"`).join(', ');
    findings.push(
      clusterFinding(
        'named-port-on-address',
        n.policy,
        n.path,
        `${n.path} allows named port ${names} to ${n.blocks.join(', ')}: any pod at an address in ${n.blocks.length > 1 ? 'these blocks' : 'this block'} that names a container port ${names} is reachable on it; the snapshot holds ${n.known} such pod${n.known === 1 ? '' : 's'} (counted in egressReachable), others cannot be known from it`,
        `${n.blocks[0] ?? ''} port ${n.names[0] ?? ''}`,
        { ranges: n.blocks, suggestion: 'name port numbers towards address blocks, or narrow the block to the pods meant' },
      ),
    );
  }
  const withDomains = cnps.some((c) => c.egress.some((r) => r.peers.some((p) => 'domainNames' in p)));
  const allowances = withDomains ? domainAllowances(cnps.filter((c) => c.egress.length > 0), egressIsolated) : [];
  // A Pass hands the connection on; it reaches an allow when anything after the Admin tier allows.
  const laterAllows = grants.some((g) => g.tier !== 'Admin');
  findings.push(...sensitiveDomainFindings(allowances, laterAllows));
  const out: MemberAudit = { selecting, cnps, egressIsolated, ingressIsolated, reachable, allPorts, domainAllowances: allowances, findings: sortFindings(findings) };
  ctx.cache.set(key, out);
  return out;
}

/** Findings for effective Accepts (and Passes that reach an allow) naming a sensitive DNS name. */
function sensitiveDomainFindings(allowances: readonly DomainAllowance[], passReachesAllow: boolean): ClusterFinding[] {
  const out: ClusterFinding[] = [];
  for (const d of allowances) {
    if (!d.effective || d.action === 'Deny' || (d.action === 'Pass' && !passReachesAllow)) continue;
    for (const pattern of d.domains) {
      for (const s of sensitiveDomainsCoveredBy(pattern)) {
        out.push(
          clusterFinding(
            s.code,
            d.policy,
            d.rule,
            `${d.action}${d.action === 'Pass' ? ' (then allowed by a later tier)' : ''} to ${pattern === s.name ? s.name : `${pattern}, which covers ${s.name}`}: ${s.reason}`,
            s.name,
            { suggestion: `remove ${pattern} from the rule's domainNames` },
          ),
        );
      }
    }
  }
  return out;
}

function hostNetworkReport(family: Family, findings: ClusterFinding[]): TargetReport {
  const pod = family.pod;
  findings.push(
    clusterFinding(
      'host-network',
      `${pod.kind} ${pod.namespace}/${pod.name}`,
      pod.kind === 'Pod' ? 'spec.hostNetwork' : 'spec.podTemplate.spec.hostNetwork',
      'the pod runs in the node\'s network namespace: no NetworkPolicy or ClusterNetworkPolicy applies to it, so it may connect anywhere (node addresses, metadata endpoints, other pods) and be reached on every port the node exposes',
      'any address on any port',
      { suggestion: 'remove hostNetwork: true from the pod spec' },
    ),
  );
  sortFindings(findings);
  return {
    target: { kind: pod.kind, namespace: pod.namespace, name: pod.name },
    sandbox: isSandboxTarget(pod),
    labels: pod.labels,
    policies: { ingress: [], egress: [] },
    egressIsolated: false,
    ingressIsolated: false,
    egressReachable: EVERYTHING,
    egressReachableAllPorts: EVERYTHING,
    domainAllowances: [],
    selectorPeers: [],
    findings,
  };
}

const isSandboxTarget = (pod: PodView): boolean =>
  pod.kind !== 'Pod' && pod.kind !== 'PodSelector' ? true : pod.kind === 'Pod' && (SANDBOX_NAME_HASH_LABEL in pod.labels || TEMPLATE_REF_HASH_LABEL in pod.labels);

/**
 * The report of one target: the union over its family's members (egress reach, deciding
 * policies, domain rules, findings each with the variant that gives it); a direction is isolated
 * only when every member is isolated. Internal.
 */
export function auditTarget(snapshot: Snapshot, family: Family, options: AuditOptions, ctx: AuditContext = auditContext(snapshot, options)): TargetReport {
  const pod = family.pod;
  const findings: ClusterFinding[] = [];
  for (const note of family.unknown) {
    findings.push(clusterFinding('template-not-in-snapshot', `${pod.kind} ${pod.namespace}/${pod.name}`, 'spec.sandboxTemplateRef.name', `${note}; only the labels the ${pod.kind} itself sets are modelled`, '', { suggestion: 'include the SandboxTemplate in the snapshot' }));
  }
  // Findings about the template document itself (a deprecated apiVersion).
  const source = pod.kind === 'SandboxTemplate' ? snapshot.templates.find((t) => t.pod.namespace === pod.namespace && t.pod.name === pod.name) : undefined;
  if (source !== undefined) {
    const label = `SandboxTemplate ${pod.namespace}/${source.template.metadata.name}`;
    for (const f of sandboxTemplateFindings(source.template)) findings.push({ ...f, policy: label });
  }
  if (pod.hostNetwork) return hostNetworkReport(family, findings);

  const nsLabels = nsLabelsOf(snapshot, pod.namespace);
  const many = family.members.length > 1;
  const results = family.members.map((m) => memberAudit(snapshot, { namespace: pod.namespace, labels: m.labels, namespaceLabels: nsLabels, ports: pod.ports, hostNetwork: false }, ctx));
  // Members selected alike share one cached result: each distinct result is merged once, and
  // findings repeated across results are kept for the first member that gives them.
  const distinct = [...new Set(results)];
  const extra = findings.length;
  if (distinct.length === 1 && !many) findings.push(...distinct[0]!.findings);
  else {
    const seen = new Set<string>();
    const merged = new Set<MemberAudit>();
    results.forEach((r, i) => {
      if (merged.has(r)) return;
      merged.add(r);
      for (const f of r.findings) {
        const key = `${f.code}\u0000${f.policy}\u0000${f.path}\u0000${f.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        findings.push(many ? { ...f, variant: family.members[i]!.variant } : f);
      }
    });
  }
  const nps = new Set(results.flatMap((r) => r.selecting));
  const cnps = new Set(results.flatMap((r) => r.cnps));
  // In snapshot order, by position: the cost follows the selecting policies, not all of them.
  const selecting = [...nps].sort((a, b) => ctx.npIndex.get(a)! - ctx.npIndex.get(b)!);
  const selectingCnps = [...cnps].sort((a, b) => ctx.cnpIndex.get(a)! - ctx.cnpIndex.get(b)!);
  const npRef = (p: NamespacedPolicy): PolicyRef => ({ policy: p.label, tier: 'NetworkPolicy', ...(p.renderedFrom ? { renderedFrom: p.renderedFrom } : {}) });
  const refs = (dir: 'ingress' | 'egress'): PolicyRef[] => {
    const isolating = selecting.filter((p) => (dir === 'ingress' ? p.view.isolatesIngress : p.view.isolatesEgress));
    return [...selectingCnps.filter((c) => c.tier === 'Admin' && c[dir].length > 0).map(cnpRef), ...isolating.map(npRef), ...selectingCnps.filter((c) => c.tier === 'Baseline' && c[dir].length > 0).map(cnpRef)];
  };
  const allowances = new Map<string, DomainAllowance>();
  for (const r of results) {
    for (const d of r.domainAllowances) {
      const key = `${d.policy}\u0000${d.rule}`;
      const had = allowances.get(key);
      if (had === undefined || (!had.effective && d.effective)) allowances.set(key, d);
    }
  }
  const order = new Map(selectingCnps.map((c, i) => [cnpLabel(c), i]));
  // One result's findings come sorted; only a merge or target-level findings need a sort.
  if (distinct.length > 1 || extra > 0) sortFindings(findings);
  return {
    target: { kind: pod.kind, namespace: pod.namespace, name: pod.name },
    sandbox: isSandboxTarget(pod),
    labels: pod.labels,
    policies: { ingress: refs('ingress'), egress: refs('egress') },
    egressIsolated: results.every((r) => r.egressIsolated),
    ingressIsolated: results.every((r) => r.ingressIsolated),
    egressReachable: CidrSet.unionAll(results.map((r) => r.reachable)),
    egressReachableAllPorts: CidrSet.unionAll(results.map((r) => r.allPorts)),
    domainAllowances: [...allowances.values()].sort((a, b) => order.get(a.policy)! - order.get(b.policy)! || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0)),
    selectorPeers: peersOf(snapshot, ctx, pod.namespace, selecting.filter((p) => p.view.isolatesEgress), selectingCnps),
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
 * each SandboxTemplate's, bare Sandbox's, SandboxClaim's and SandboxWarmPool's sandbox pods, each
 * Pod, and in a namespace with neither one representative pod per distinct podSelector — its
 * effective policy under every object that selects it, with the semantics Kubernetes defines.
 *
 * A sandbox target is a family of pods: every label variant its pods can carry (claimed or
 * unclaimed, each `created-by`, `launch-type`, `claim-uid`, `warm-pool-sandbox` and
 * `sandbox-name-hash` value a selector can tell apart; see the README's "Auditing a whole
 * cluster"). Its `egressReachable` is the union over the family, a direction is isolated only if
 * every member is, and each finding names the member that gives it in `variant`. Host-network
 * targets are outside every policy: a `host-network` finding and every address reachable. The
 * semantics:
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
 *   reserved keys, the template ref hash, and the controller-chosen labels of their variant.
 *
 * `egressReachable` counts destinations as addresses: pod, namespace and node selectors and
 * domain names do not match a bare address (domain rules are listed in `domainAllowances`, and an
 * effective Accept to a metadata or cluster DNS name is a finding). A named port towards an
 * address block counts the snapshot's pods in the block that name such a port. Reach is computed
 * once per namespace and set of selecting policies.
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
  const ctx = auditContext(snapshot, opts);
  const families = targetsOf(snapshot, ctx.mentioned);
  const reports = families.map((f) => auditTarget(snapshot, f, opts, ctx));
  // Priority ties are judged on every member of every family.
  const members = families.flatMap((f) => (f.pod.hostNetwork ? [] : f.members.map((m) => ({ ...f.pod, labels: m.labels }))));
  const findings = objectFindings(snapshot, members, opts.strictCidr !== false);
  const counts = countFindings(findings);
  for (const r of reports) for (const f of r.findings) counts[f.severity]++;
  const highest = SEVERITIES.find((sev) => counts[sev] > 0) ?? null;
  return { targets: reports, findings, counts, highest, ignored: snapshot.ignored };
}

