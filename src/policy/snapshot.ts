/**
 * The policy reader: a mix of Kubernetes objects (and `List`s of them, as `kubectl get -o yaml`
 * prints) turned into one validated, frozen snapshot: namespaces with their labels, namespaced
 * NetworkPolicies, ClusterNetworkPolicies in evaluation order, pods and SandboxTemplate targets.
 * Objects the API server would reject are left out and reported. Internal.
 */
import { NAMESPACE_NAME_LABEL, SANDBOX_TEMPLATE_API_VERSIONS } from '../constants.js';
import { SandboxPolicyError, isSandboxPolicyError, type PolicyIssue } from '../errors.js';
import { isObject, listOf, type JsonObject } from '../json.js';
import { networkPolicyFor } from '../network-policy.js';
import { resolveOptions, type PolicyOptions } from '../options.js';
import { isManaged, parseSandboxTemplate, type SandboxTemplate } from '../template.js';
import { validateLabels, validateNetworkPolicy } from '../validation/network-policy.js';
import type { ValidationIssue } from '../validation/field.js';
import { dns1123LabelErrors, dns1123SubdomainErrors } from '../validation/names.js';
import { ANP_API_VERSION, CNP_API_VERSION, readClusterPolicy, type ClusterPolicyView } from './cluster-network-policy-view.js';
import { ipBlockReach, policyViews, rulePorts, type PolicyView, type PortSpec } from './network-policy-view.js';
import { frozenSnapshot, snapshot } from '../snapshot.js';
import { normalizePolicy } from '../policy-input.js';
import { sandboxPodLabelSet } from '../labels.js';

/** A NetworkPolicy in its namespace. */
export interface NamespacedPolicy {
  readonly name: string;
  readonly namespace: string;
  /** `NetworkPolicy <namespace>/<name>`: how reports name it. */
  readonly label: string;
  /** Set when the policy is the controller's for a Managed template: rendered, or read back under its name. */
  readonly renderedFrom?: string;
  readonly view: PolicyView;
  /** Its egress rules with ports and ipBlocks parsed once. */
  readonly egressRules: readonly EgressRuleView[];
}

/** One egress rule of a NetworkPolicy, parsed. */
export interface EgressRuleView {
  /** Index in `spec.egress`. */
  readonly index: number;
  readonly ports: readonly PortSpec[] | null;
  /** No `to`: every destination. */
  readonly all: boolean;
  /** Its ipBlock peers (index in `to`, addresses). */
  readonly blocks: ReadonlyArray<{ readonly j: number; readonly reach: NonNullable<ReturnType<typeof ipBlockReach>> }>;
}

function egressRulesOf(view: PolicyView): EgressRuleView[] {
  return listOf(view.spec.egress).flatMap((rule, index) => {
    if (!isObject(rule)) return [];
    const to = listOf(rule.to);
    const blocks = to.flatMap((peer, j) => {
      const reach = isObject(peer) && isObject(peer.ipBlock) ? ipBlockReach(peer.ipBlock) : null;
      return reach === null ? [] : [{ j, reach }];
    });
    return [{ index, ports: rulePorts(rule), all: to.length === 0, blocks }];
  });
}

/** A container port of a pod, for named ports. */
export interface PodPort {
  readonly name?: string;
  readonly containerPort: number;
  readonly protocol: 'TCP' | 'UDP' | 'SCTP';
}

/** A pod (or a template's sandbox pods) as policies see it. */
export interface PodView {
  readonly kind: 'Pod' | 'SandboxTemplate' | 'Sandbox' | 'SandboxClaim' | 'SandboxWarmPool' | 'PodSelector';
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly ports: readonly PodPort[];
  readonly ips: readonly string[];
  readonly hostNetwork: boolean;
}

/** A `Sandbox` (agents.x-k8s.io): the core controller makes one pod of it. */
export interface SandboxView {
  readonly kind: 'Sandbox';
  readonly name: string;
  readonly namespace: string;
  /** `metadata.labels` (the core controller copies the template ref hash, and for pool-owned ones `warm-pool-sandbox`, to the pod only when an extension object owns it). */
  readonly labels: Readonly<Record<string, string>>;
  /** `spec.podTemplate.metadata.labels`. */
  readonly podLabels: Readonly<Record<string, string>>;
  readonly ports: readonly PodPort[];
  readonly hostNetwork: boolean;
  /** Kind of its controller ownerReference when that is in group `extensions.agents.x-k8s.io`, else null (a bare Sandbox). */
  readonly extensionOwner: 'SandboxClaim' | 'SandboxWarmPool' | null;
}

/** A `SandboxClaim` (extensions.agents.x-k8s.io): a sandbox of a template, cold or adopted from a warm pool. */
export interface SandboxClaimView {
  readonly kind: 'SandboxClaim';
  readonly name: string;
  readonly namespace: string;
  /** `spec.sandboxTemplateRef.name`. */
  readonly template: string;
  /** Its `agents.x-k8s.io/created-by` label, if any (the pod carries it normalised). */
  readonly createdBy: string | null;
  /** Labels its `additionalPodMetadata` adds to the pod. */
  readonly additionalLabels: Readonly<Record<string, string>>;
}

/** A `SandboxWarmPool` (extensions.agents.x-k8s.io): unclaimed sandboxes of a template, kept warm. */
export interface SandboxWarmPoolView {
  readonly kind: 'SandboxWarmPool';
  readonly name: string;
  readonly namespace: string;
  /** `spec.sandboxTemplateRef.name`. */
  readonly template: string;
}

/** A `Node`, for ClusterNetworkPolicy `nodes` peers. */
export interface NodeView {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** `status.addresses[].address` that are IP addresses. */
  readonly addresses: readonly string[];
}

/** An object written twice under one kind/namespace/name: the later document replaced the earlier, as `kubectl apply` does. */
export interface ReplacedObject {
  /** `kind namespace/name`. */
  readonly object: string;
  /** Where the document that counts sits (`objects[7]`). */
  readonly kept: string;
  /** Where the replaced document sits. */
  readonly replaced: string;
}

/** One problem with one input object. */
export interface ObjectProblem {
  /** `kind namespace/name`, or `objects[i]` when the object has no usable name. */
  readonly object: string;
  readonly issues: readonly PolicyIssue[];
}

/** Everything the evaluator and the auditor read. */
export interface Snapshot {
  /** Namespace labels by name (always with `kubernetes.io/metadata.name`). */
  readonly namespaces: ReadonlyMap<string, Readonly<Record<string, string>>>;
  readonly networkPolicies: readonly NamespacedPolicy[];
  /** The same, by namespace. */
  readonly policiesByNamespace: ReadonlyMap<string, readonly NamespacedPolicy[]>;
  /** Admin tier first, then Baseline; each by priority, ties by name (undefined upstream, so reported). */
  readonly clusterPolicies: readonly ClusterPolicyView[];
  readonly pods: readonly PodView[];
  readonly templates: ReadonlyArray<{ readonly template: SandboxTemplate; readonly pod: PodView }>;
  readonly sandboxes: readonly SandboxView[];
  readonly claims: readonly SandboxClaimView[];
  readonly warmPools: readonly SandboxWarmPoolView[];
  readonly nodes: readonly NodeView[];
  /** Objects a later document of the same kind/namespace/name replaced. */
  readonly replaced: readonly ReplacedObject[];
  readonly problems: readonly ObjectProblem[];
  /** Objects of kinds this library does not model, by `kind namespace/name`. */
  readonly ignored: readonly string[];
}

/** Options of the snapshot reader. */
export interface SnapshotOptions {
  /** The namespace of namespaced objects that have none (kubectl's default: `default`). */
  readonly namespace?: string;
  /** Options used to render Managed templates' policies (as the CLI's `render`). */
  readonly policy?: PolicyOptions;
}

const toIssues = (issues: readonly ValidationIssue[]): PolicyIssue[] =>
  issues.filter((i) => i.severity === 'error').map((i) => ({ path: i.path, message: i.message, type: i.type }));

export const nsLabelsOf = (snapshot: Snapshot, namespace: string): Readonly<Record<string, string>> =>
  snapshot.namespaces.get(namespace) ?? { [NAMESPACE_NAME_LABEL]: namespace };

const TIER_ORDER = { Admin: 0, Baseline: 1 } as const;

/** The apiVersions read for each modelled kind. */
const KNOWN_API_VERSIONS: Readonly<Record<string, readonly string[]>> = /* @__PURE__ */ Object.freeze({
  NetworkPolicy: ['networking.k8s.io/v1'],
  ClusterNetworkPolicy: [CNP_API_VERSION],
  AdminNetworkPolicy: [ANP_API_VERSION],
  BaselineAdminNetworkPolicy: [ANP_API_VERSION],
  Namespace: ['v1'],
  Pod: ['v1'],
  SandboxTemplate: SANDBOX_TEMPLATE_API_VERSIONS,
});

function podPorts(spec: JsonObject): PodPort[] {
  const out: PodPort[] = [];
  for (const c of [...listOf(spec.containers), ...listOf(spec.initContainers)]) {
    if (!isObject(c)) continue;
    for (const p of listOf(c.ports)) {
      if (!isObject(p) || typeof p.containerPort !== 'number') continue;
      const protocol = p.protocol === 'UDP' || p.protocol === 'SCTP' ? p.protocol : 'TCP';
      out.push({ ...(typeof p.name === 'string' ? { name: p.name } : {}), containerPort: p.containerPort, protocol });
    }
  }
  return out;
}

function metaName(obj: JsonObject): { name: string; namespace: string | undefined } {
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  return { name: typeof meta.name === 'string' ? meta.name : '', namespace: typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : undefined };
}

function labelsOf(meta: unknown, path: string, issues: PolicyIssue[]): Record<string, string> {
  if (!isObject(meta) || meta.labels === undefined || meta.labels === null) return {};
  const found: ValidationIssue[] = [];
  validateLabels(meta.labels, path, found);
  issues.push(...toIssues(found));
  return isObject(meta.labels) ? (Object.fromEntries(Object.entries(meta.labels).filter(([, v]) => typeof v === 'string')) as Record<string, string>) : {};
}

/**
 * Reads the objects into a snapshot.
 *
 * @throws {@link SandboxPolicyError} when `objects` is not a list (or a `List`) of plain data, or
 *   the options are invalid; problems of single objects are returned in `problems` instead.
 */
export function readSnapshot(objects: unknown, options: SnapshotOptions = {}): Snapshot {
  const input = frozenSnapshot(objects, 'objects');
  const top = Array.isArray(input) ? input : isObject(input) && Array.isArray(input.items) ? input.items : null;
  if (top === null) throw new SandboxPolicyError([{ path: 'objects', message: 'must be a list of Kubernetes objects or a List' }]);
  const defaultNs = options.namespace ?? 'default';
  if (typeof defaultNs !== 'string' || dns1123LabelErrors(defaultNs).length > 0) {
    throw new SandboxPolicyError([{ path: 'options.namespace', message: 'must be a namespace name (a DNS-1123 label)' }]);
  }
  resolveOptions(options.policy); // invalid render options fail here, before any object is read
  const flat: Array<{ obj: unknown; path: string }> = [];
  const flatten = (items: readonly unknown[], path: string, depth: number) => {
    items.forEach((obj, i) => {
      const p = `${path}[${i}]`;
      if (isObject(obj) && typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items) && depth < 4) flatten(obj.items, `${p}.items`, depth + 1);
      else flat.push({ obj, path: p });
    });
  };
  flatten(top, Array.isArray(input) ? 'objects' : 'objects.items', 0);

  const namespaces = new Map<string, Readonly<Record<string, string>>>();
  const networkPolicies: NamespacedPolicy[] = [];
  const clusterPolicies: ClusterPolicyView[] = [];
  const pods: PodView[] = [];
  const templates: Array<{ template: SandboxTemplate; pod: PodView }> = [];
  const problems: ObjectProblem[] = [];
  const ignored: string[] = [];

  for (const { obj, path } of flat) {
    if (!isObject(obj)) {
      problems.push({ object: path, issues: [{ path: '', message: 'must be a Kubernetes object' }] });
      continue;
    }
    const { kind, apiVersion } = obj;
    const { name, namespace } = metaName(obj);
    const label = (k: string, namespaced: boolean) => (name ? `${k} ${namespaced ? `${namespace ?? defaultNs}/` : ''}${name}` : path);
    if (kind === 'NetworkPolicy' && apiVersion === 'networking.k8s.io/v1') {
      // The one policy reader (as audit, evaluate and explain): `_from` read as `from`, a rule
      // with both refused. On a copy of our own, since the reader renames in place.
      const read = normalizePolicy(snapshot(obj, path), 'policy');
      // Legacy CIDR rules: what a cluster may already hold. Strict-only problems are audit findings.
      const issues = toIssues([...read.issues, ...validateNetworkPolicy(read.data, { strictCidr: false })]);
      if (issues.length > 0) problems.push({ object: label('NetworkPolicy', true), issues });
      else {
        const ns = namespace ?? defaultNs;
        const view = { ...policyViews(read.data)[0]!, name };
        networkPolicies.push({ name, namespace: ns, label: `NetworkPolicy ${ns}/${name}`, view, egressRules: egressRulesOf(view) });
      }
    } else if (
      (kind === 'ClusterNetworkPolicy' && apiVersion === CNP_API_VERSION) ||
      ((kind === 'AdminNetworkPolicy' || kind === 'BaselineAdminNetworkPolicy') && apiVersion === ANP_API_VERSION)
    ) {
      const r = readClusterPolicy(obj, kind);
      if ('view' in r) clusterPolicies.push(r.view);
      else problems.push({ object: label(kind, false), issues: r.issues });
    } else if (kind === 'Namespace' && apiVersion === 'v1') {
      const issues: PolicyIssue[] = [];
      for (const m of dns1123LabelErrors(name)) issues.push({ path: 'metadata.name', message: `Invalid value: ${JSON.stringify(name)}: ${m}` });
      const labels = labelsOf(obj.metadata, 'metadata.labels', issues);
      if (issues.length > 0) problems.push({ object: label('Namespace', false), issues });
      // The API server always sets kubernetes.io/metadata.name to the name.
      else namespaces.set(name, Object.freeze({ ...labels, [NAMESPACE_NAME_LABEL]: name }));
    } else if (kind === 'Pod' && apiVersion === 'v1') {
      const issues: PolicyIssue[] = [];
      if (!name) issues.push({ path: 'metadata.name', message: 'Required value: name or generateName is required' });
      else for (const m of dns1123SubdomainErrors(name)) issues.push({ path: 'metadata.name', message: `Invalid value: ${JSON.stringify(name)}: ${m}` });
      const labels = labelsOf(obj.metadata, 'metadata.labels', issues);
      if (issues.length > 0) {
        problems.push({ object: label('Pod', true), issues });
        continue;
      }
      const spec = isObject(obj.spec) ? obj.spec : {};
      const status = isObject(obj.status) ? obj.status : {};
      const ips = [...new Set([...(typeof status.podIP === 'string' ? [status.podIP] : []), ...listOf(status.podIPs).flatMap((p) => (isObject(p) && typeof p.ip === 'string' ? [p.ip] : []))])];
      pods.push(Object.freeze({ kind: 'Pod', name, namespace: namespace ?? defaultNs, labels: Object.freeze(labels), ports: podPorts(spec), ips, hostNetwork: spec.hostNetwork === true }));
    } else if (kind === 'SandboxTemplate' && (SANDBOX_TEMPLATE_API_VERSIONS as readonly unknown[]).includes(apiVersion)) {
      let template: SandboxTemplate;
      try {
        template = parseSandboxTemplate(obj, { strictCidr: false });
      } catch (err) {
        if (!isSandboxPolicyError(err)) throw err;
        problems.push({ object: label('SandboxTemplate', true), issues: err.issues });
        continue;
      }
      const ns = namespace ?? defaultNs;
      let podLabels: Record<string, string>;
      try {
        podLabels = sandboxPodLabelSet(template);
      } catch (err) {
        if (!isSandboxPolicyError(err)) throw err;
        problems.push({ object: label('SandboxTemplate', true), issues: err.issues });
        continue;
      }
      const podSpec = isObject(template.spec.podTemplate?.spec) ? (template.spec.podTemplate!.spec as JsonObject) : {};
      const pod: PodView = Object.freeze({
        kind: 'SandboxTemplate',
        name,
        namespace: ns,
        labels: Object.freeze(podLabels),
        ports: podPorts(podSpec),
        ips: [],
        hostNetwork: podSpec.hostNetwork === true,
      });
      templates.push({ template, pod });
    } else if (typeof kind === 'string' && KNOWN_API_VERSIONS[kind] !== undefined) {
      // A kind this library models under an apiVersion it does not: never drop a policy silently.
      problems.push({ object: label(kind, namespace !== undefined), issues: [{ path: 'apiVersion', message: `Unsupported value: ${JSON.stringify(apiVersion) ?? 'null'}: supported values: ${KNOWN_API_VERSIONS[kind]!.map((v) => `"${v}"`).join(', ')}` }] });
    } else {
      ignored.push(label(typeof kind === 'string' ? kind : '(no kind)', namespace !== undefined));
    }
  }

  // Managed templates' rendered policies, unless the snapshot already holds that object.
  for (const { template, pod } of templates) {
    if (!isManaged(template)) continue;
    const policyName = `${template.metadata.name}-network-policy`;
    const renderedFrom = `SandboxTemplate ${pod.namespace}/${template.metadata.name}`;
    const existing = networkPolicies.findIndex((p) => p.namespace === pod.namespace && p.name === policyName);
    if (existing >= 0) {
      // The controller's own object, read back from the cluster: it is what is enforced.
      networkPolicies[existing] = { ...networkPolicies[existing]!, renderedFrom };
      continue;
    }
    const rendered = networkPolicyFor(template, options.policy);
    if (rendered === null) continue;
    const view = { ...policyViews(rendered)[0]!, name: policyName };
    networkPolicies.push({
      name: policyName,
      namespace: pod.namespace,
      label: `NetworkPolicy ${pod.namespace}/${policyName}`,
      renderedFrom,
      view,
      egressRules: egressRulesOf(view),
    });
  }

  networkPolicies.sort((a, b) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // A BaselineAdminNetworkPolicy (priority 1000 by mapping) comes after every v1alpha2 Baseline policy.
  const banpLast = (p: ClusterPolicyView) => (p.kind === 'BaselineAdminNetworkPolicy' ? 1 : 0);
  clusterPolicies.sort((a, b) => TIER_ORDER[a.tier] - TIER_ORDER[b.tier] || a.priority - b.priority || banpLast(a) - banpLast(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const policiesByNamespace = new Map<string, NamespacedPolicy[]>();
  for (const p of networkPolicies) {
    const list = policiesByNamespace.get(p.namespace);
    if (list) list.push(p);
    else policiesByNamespace.set(p.namespace, [p]);
  }
  return Object.freeze({
    namespaces,
    networkPolicies: Object.freeze(networkPolicies),
    policiesByNamespace,
    clusterPolicies: Object.freeze(clusterPolicies),
    pods: Object.freeze(pods),
    templates: Object.freeze(templates),
    sandboxes: Object.freeze([] as SandboxView[]),
    claims: Object.freeze([] as SandboxClaimView[]),
    warmPools: Object.freeze([] as SandboxWarmPoolView[]),
    nodes: Object.freeze([] as NodeView[]),
    replaced: Object.freeze([] as ReplacedObject[]),
    problems: Object.freeze(problems),
    ignored: Object.freeze(ignored),
  });
}

