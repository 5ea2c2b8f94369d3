/**
 * The policy reader: a mix of Kubernetes objects (and lists of them, as kubectl reads them)
 * turned into one validated, frozen snapshot: namespaces with their labels, namespaced
 * NetworkPolicies, ClusterNetworkPolicies in evaluation order, pods, SandboxTemplate targets,
 * Sandboxes, SandboxClaims, SandboxWarmPools and Nodes. It holds exactly what the API server
 * would keep: objects it would reject are left out and reported, and of several documents of one
 * object the last valid one counts. Internal.
 */
import { NAMESPACE_NAME_LABEL, SANDBOX_TEMPLATE_API_VERSIONS } from '../constants.js';
import { SandboxPolicyError, isSandboxPolicyError, type PolicyIssue } from '../errors.js';
import { isObject, listOf, type JsonObject } from '../json.js';
import { networkPolicyFor } from '../network-policy.js';
import { resolveOptions, type PolicyOptions } from '../options.js';
import { isManaged, parseSandboxTemplate, type SandboxTemplate } from '../template.js';
import { validateNetworkPolicy } from '../validation/network-policy.js';
import type { ValidationIssue } from '../validation/field.js';
import { dns1123LabelErrors } from '../validation/names.js';
import { validateObjectMeta } from '../validation/metadata.js';
import { parseAddress } from '../cidr/address.js';
import { networkPolicyNeedsUpdate } from '../drift.js';
import { ANP_API_VERSION, CNP_API_VERSION, readClusterPolicy, type ClusterPolicyView } from './cluster-network-policy-view.js';
import { ipBlockReach, policyViews, rulePorts, type PolicyView, type PortSpec } from './network-policy-view.js';
import { frozenSnapshot, snapshot } from '../snapshot.js';
import { normalizePolicy } from '../policy-input.js';
import { sandboxPodLabelSet } from '../labels.js';
import { NAMESPACE_FIELDS, NODE_FIELDS, OBJECT_META_FIELDS, POD_FIELDS, POD_SPEC_FIELDS, STRICT_SANDBOX_TEMPLATE_V1BETA1_FIELDS } from '../validation/pod-fields.generated.js';
import { didYouMean, strictFieldIssues, templateUnknownFields } from '../validation/strict-entry.js';
import { unknownFieldIssues, type FieldTree } from '../validation/strict-fields.js';

/** A NetworkPolicy in its namespace. */
export interface NamespacedPolicy {
  readonly name: string;
  readonly namespace: string;
  /** `NetworkPolicy <namespace>/<name>`: how reports name it. */
  readonly label: string;
  /** Set when the policy is the controller's for a Managed template: rendered, or read back under its name with a controller ownerReference to the template. */
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
  /** `status.podIPs` that are IP addresses (its pod's addresses once it runs). */
  readonly ips?: readonly string[];
}

/** A `SandboxClaim` (extensions.agents.x-k8s.io): a sandbox of a template, cold or adopted from a warm pool. */
export interface SandboxClaimView {
  readonly kind: 'SandboxClaim';
  readonly name: string;
  readonly namespace: string;
  /**
   * `spec.sandboxTemplateRef.name` (v1alpha1); for a v1beta1 claim, which names a warm pool, the
   * template of that pool, or `''` when the snapshot has no such pool.
   */
  readonly template: string;
  /** `spec.warmPoolRef.name` (v1beta1 claims only). */
  readonly warmPool?: string;
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

/** What the controller makes of the NetworkPolicy named after a Managed template that the snapshot already holds. */
export interface ControllerPolicyNote {
  /** `SandboxTemplate namespace/name`. */
  readonly template: string;
  /** `NetworkPolicy namespace/<template>-network-policy`. */
  readonly policy: string;
  /**
   * `foreign`: not controlled by the template, so the controller refuses to update it and cannot
   * create its own (the object in the snapshot is enforced as written); `drift`: controlled, but
   * its spec differs from what the controller renders (enforced now, overwritten on the next reconcile).
   */
  readonly state: 'foreign' | 'drift';
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
  /** Managed templates whose policy name is already taken in the snapshot (by a foreign or a drifted policy). */
  readonly controllerPolicies?: readonly ControllerPolicyNote[];
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

/** Orders namespaced things by namespace, then name (code unit order, as Go sorts strings). */
export const byNamespaceAndName = <T extends { readonly namespace: string; readonly name: string }>(a: T, b: T): number =>
  a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

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
  Node: ['v1'],
  SandboxTemplate: SANDBOX_TEMPLATE_API_VERSIONS,
  // Both versions are served upstream (v1alpha1 deprecated, v1beta1 stored).
  Sandbox: ['agents.x-k8s.io/v1beta1', 'agents.x-k8s.io/v1alpha1'],
  SandboxClaim: ['extensions.agents.x-k8s.io/v1beta1', 'extensions.agents.x-k8s.io/v1alpha1'],
  SandboxWarmPool: ['extensions.agents.x-k8s.io/v1beta1', 'extensions.agents.x-k8s.io/v1alpha1'],
});

/** Cluster-scoped kinds: no namespace (the API server clears one that is given); every other modelled kind is namespaced. */
const CLUSTER_SCOPED: ReadonlySet<string> = /* @__PURE__ */ new Set(['ClusterNetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'Namespace', 'Node']);

const EXTENSIONS_GROUP = 'extensions.agents.x-k8s.io';

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

/** The name a report uses: `metadata.name`, else the `generateName` prefix the server completes. */
function metaName(obj: JsonObject): { name: string; generated: boolean; namespace: string | undefined } {
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : '';
  const generated = name === '' && typeof meta.generateName === 'string' && meta.generateName !== '';
  return {
    name: generated ? (meta.generateName as string) : name,
    generated,
    namespace: typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : undefined,
  };
}

const stringMap = (v: unknown): Record<string, string> => (isObject(v) ? (Object.fromEntries(Object.entries(v).filter(([, x]) => typeof x === 'string')) as Record<string, string>) : {});

/** Every IP of a pod's status (`podIP` first, then `podIPs`), each once, in order. */
function statusIps(status: JsonObject): string[] {
  const raw = [...(typeof status.podIP === 'string' ? [status.podIP] : []), ...listOf(status.podIPs).flatMap((p) => (isObject(p) && typeof p.ip === 'string' ? [p.ip] : typeof p === 'string' ? [p] : []))];
  return [...new Set(raw.filter((ip) => parseAddress(ip) !== null))];
}

/** The kind's own issues, then the metadata issues at paths the kind's reader did not already report. */
function mergeIssues(meta: readonly PolicyIssue[], own: readonly PolicyIssue[]): PolicyIssue[] {
  const seen = new Set(own.map((i) => i.path));
  return [...own, ...meta.filter((i) => !seen.has(i.path))];
}

/**
 * The CRD schema's structural checks for one object: `type`s, `required`, unknown fields. An
 * object's unknown fields are refused unless it is `open` (its other fields are not read here);
 * an open object with `fields` has its unknown fields refused against that tree (a pod spec: the
 * Pod API's fields).
 */
type Schema = { readonly type: 'object'; readonly required?: readonly string[]; readonly properties?: Readonly<Record<string, Schema>>; readonly open?: boolean; readonly fields?: FieldTree; readonly map?: 'string' } | { readonly type: 'string' | 'integer' | 'boolean' | 'array'; readonly enum?: readonly string[]; readonly minimum?: number; readonly items?: Schema };

function checkSchema(value: unknown, schema: Schema, path: string, issues: PolicyIssue[]): void {
  if (value === undefined || value === null) return;
  const actual = Array.isArray(value) ? 'array' : typeof value === 'number' ? (Number.isInteger(value) ? 'integer' : 'number') : typeof value;
  const wrongType = (expected: string) => issues.push({ path, message: `Invalid value: "${actual}": ${path} in body must be of type ${expected}: "${actual}"`, type: 'FieldValueTypeInvalid' });
  switch (schema.type) {
    case 'object': {
      if (!isObject(value)) return void wrongType('object');
      for (const r of schema.required ?? []) if (value[r] === undefined || value[r] === null) issues.push({ path: `${path}.${r}`, message: 'Required value', type: 'FieldValueRequired' });
      if (schema.map === 'string') {
        for (const [k, v] of Object.entries(value)) if (typeof v !== 'string') checkSchema(v, { type: 'string' }, `${path}[${k}]`, issues);
        return;
      }
      // Strict field validation (kubectl's default), in the API server's strict decoding wording.
      // A closed object's fields are its properties (their values checked below, not walked here).
      const tree = schema.fields ?? (schema.open ? undefined : Object.fromEntries(Object.keys(schema.properties ?? {}).map((k) => [k, 0] as const)));
      if (tree !== undefined) issues.push(...toIssues(unknownFieldIssues(value, tree, path, didYouMean)));
      for (const [k, v] of Object.entries(value)) {
        const sub = schema.properties !== undefined && Object.hasOwn(schema.properties, k) ? schema.properties[k] : undefined;
        if (sub !== undefined) checkSchema(v, sub, `${path}.${k}`, issues);
      }
      return;
    }
    case 'string':
      if (typeof value !== 'string') return void wrongType('string');
      if (schema.enum && !schema.enum.includes(value)) issues.push({ path, message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${schema.enum.map((e) => `"${e}"`).join(', ')}`, type: 'FieldValueNotSupported' });
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return void wrongType('integer');
      if (schema.minimum !== undefined && value < schema.minimum) issues.push({ path, message: `Invalid value: ${value}: ${path} in body should be greater than or equal to ${schema.minimum}`, type: 'FieldValueInvalid' });
      return;
    case 'boolean':
      if (typeof value !== 'boolean') wrongType('boolean');
      return;
    case 'array':
      if (!Array.isArray(value)) return void wrongType('array');
      if (schema.items) value.forEach((v, i) => checkSchema(v, schema.items!, `${path}[${i}]`, issues));
      return;
  }
}

const OPEN: Schema = { type: 'object', open: true };
const CONTAINERS: Schema = {
  type: 'array',
  items: {
    type: 'object',
    open: true,
    required: ['name'],
    properties: { name: { type: 'string' }, ports: { type: 'array', items: { type: 'object', open: true, required: ['containerPort'], properties: { name: { type: 'string' }, containerPort: { type: 'integer' }, protocol: { type: 'string' } } } } },
  },
};
/** The pod spec: typed as far as it is read (containers, their ports, hostNetwork), every field known to the Pod API (as the SandboxTemplate CRD embeds it). */
const POD_SPEC: Schema = { type: 'object', open: true, fields: POD_SPEC_FIELDS, properties: { containers: CONTAINERS, initContainers: CONTAINERS, hostNetwork: { type: 'boolean' } } };
const STRING_MAP: Schema = { type: 'object', map: 'string' };
const POD_METADATA: Schema = { type: 'object', properties: { labels: STRING_MAP, annotations: STRING_MAP } };
const REF: Schema = { type: 'object', required: ['name'], properties: { name: { type: 'string' } } };
/** agent-sandbox's `PersistentVolumeClaimTemplate` (one Go type for Sandboxes, SandboxClaims and SandboxTemplates): its fields from the SandboxTemplate CRD. */
const VOLUME_CLAIM_TEMPLATE_FIELDS: FieldTree = /* @__PURE__ */ (() => (STRICT_SANDBOX_TEMPLATE_V1BETA1_FIELDS.spec as FieldTree).volumeClaimTemplates as FieldTree)();
const VOLUME_CLAIM_TEMPLATES: Schema = { type: 'array', items: { type: 'object', required: ['spec'], open: true, fields: VOLUME_CLAIM_TEMPLATE_FIELDS, properties: { metadata: OPEN, spec: OPEN } } };
const CLAIM_LIFECYCLE: Schema = {
  type: 'object',
  properties: { shutdownPolicy: { type: 'string', enum: ['Delete', 'DeleteForeground', 'Retain'] }, shutdownTime: { type: 'string' }, ttlSecondsAfterFinished: { type: 'integer', minimum: 0 } },
};
const ENV: Schema = { type: 'array', items: { type: 'object', required: ['name', 'value'], properties: { name: { type: 'string' }, value: { type: 'string' }, containerName: { type: 'string' } } } };

/** A Sandbox's spec fields, in the CRD's order: both versions share all but one (v1beta1 `operatingMode`, v1alpha1 `replicas`). */
const sandboxFields = (own: Readonly<Record<string, Schema>>): Readonly<Record<string, Schema>> => ({
  podTemplate: { type: 'object', required: ['spec'], properties: { spec: POD_SPEC, metadata: POD_METADATA } },
  volumeClaimTemplates: VOLUME_CLAIM_TEMPLATES,
  service: { type: 'boolean' },
  ...own,
  shutdownPolicy: { type: 'string', enum: ['Delete', 'Retain'] },
  shutdownTime: { type: 'string' },
});
/** A SandboxWarmPool's spec fields, the same in both versions. */
const WARM_POOL_FIELDS: Readonly<Record<string, Schema>> = {
  sandboxTemplateRef: REF,
  replicas: { type: 'integer', minimum: 0 },
  updateStrategy: { type: 'object', properties: { type: { type: 'string', enum: ['Recreate', 'OnReplenish'] } } },
};

/** The spec schemas of the agent-sandbox CRDs (k8s/crds/*.yaml), per kind and version; pod specs are left to the pod API. */
const SANDBOX_SPECS: Readonly<Record<string, Schema>> = /* @__PURE__ */ (() => ({
  'Sandbox agents.x-k8s.io/v1beta1': { type: 'object', required: ['podTemplate'], properties: sandboxFields({ operatingMode: { type: 'string', enum: ['Running', 'Suspended'] } }) },
  'Sandbox agents.x-k8s.io/v1alpha1': { type: 'object', required: ['podTemplate'], properties: sandboxFields({ replicas: { type: 'integer', minimum: 0 } }) },
  'SandboxClaim extensions.agents.x-k8s.io/v1beta1': {
    type: 'object',
    required: ['warmPoolRef'],
    properties: { warmPoolRef: REF, lifecycle: CLAIM_LIFECYCLE, additionalPodMetadata: POD_METADATA, env: ENV, volumeClaimTemplates: VOLUME_CLAIM_TEMPLATES },
  },
  'SandboxClaim extensions.agents.x-k8s.io/v1alpha1': {
    type: 'object',
    required: ['sandboxTemplateRef'],
    properties: { sandboxTemplateRef: REF, lifecycle: CLAIM_LIFECYCLE, additionalPodMetadata: POD_METADATA, env: ENV, warmpool: { type: 'string' } },
  },
  // The two versions differ only in v1alpha1 requiring `replicas`.
  'SandboxWarmPool extensions.agents.x-k8s.io/v1beta1': { type: 'object', required: ['sandboxTemplateRef'], properties: WARM_POOL_FIELDS },
  'SandboxWarmPool extensions.agents.x-k8s.io/v1alpha1': { type: 'object', required: ['replicas', 'sandboxTemplateRef'], properties: WARM_POOL_FIELDS },
}))();

/** The top level of an agent-sandbox object: `metadata` is ObjectMeta, `spec` is checked by its CRD schema, `status` is the cluster's. */
const SANDBOX_OBJECT_FIELDS: FieldTree = /* @__PURE__ */ Object.freeze({ apiVersion: 0, kind: 0, metadata: OBJECT_META_FIELDS, spec: 0, status: 0 });

/** A Node's `status` as far as it is read: addresses of a type and an address, both strings. */
const NODE_STATUS: Schema = {
  type: 'object',
  open: true,
  properties: { addresses: { type: 'array', items: { type: 'object', required: ['type', 'address'], properties: { type: { type: 'string' }, address: { type: 'string' } } } } },
};

/** The controller ownerReference of an object, if any. */
function controllerRef(meta: unknown): JsonObject | null {
  if (!isObject(meta)) return null;
  const ref = listOf(meta.ownerReferences).find((r) => isObject(r) && r.controller === true);
  return isObject(ref) ? ref : null;
}

const groupOf = (apiVersion: unknown): string => (typeof apiVersion === 'string' && apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '');

/** One document the API server would store, read. */
type Read =
  | { readonly kind: 'NetworkPolicy'; readonly np: NamespacedPolicy; readonly owner: JsonObject | null; readonly spec: unknown }
  | { readonly kind: 'ClusterPolicy'; readonly view: ClusterPolicyView }
  | { readonly kind: 'Namespace'; readonly name: string; readonly labels: Readonly<Record<string, string>> }
  | { readonly kind: 'Pod'; readonly pod: PodView }
  | { readonly kind: 'SandboxTemplate'; readonly template: SandboxTemplate; readonly pod: PodView }
  | { readonly kind: 'Sandbox'; readonly view: SandboxView }
  | { readonly kind: 'SandboxClaim'; readonly view: SandboxClaimView }
  | { readonly kind: 'SandboxWarmPool'; readonly view: SandboxWarmPoolView }
  | { readonly kind: 'Node'; readonly view: NodeView };

/** A stored object: its identity (group, kind, namespace, name), where its document sits, what it reads as. */
interface Stored {
  readonly key: string;
  readonly object: string;
  readonly path: string;
  readonly order: number;
  readonly read: Read;
}

/**
 * The documents as kubectl reads them: a document with an `items` key is a list (whatever its
 * kind; `items: null` an empty one) and stands for its items; an item that is itself a list
 * (`items` a list) makes kubectl refuse the input, so it is a problem here and does not count.
 */
function flattenDocuments(top: readonly unknown[], path: string, topIsList: boolean, problems: ObjectProblem[]): Array<{ obj: unknown; path: string }> {
  const flat: Array<{ obj: unknown; path: string }> = [];
  const item = (obj: unknown, p: string) => {
    if (isObject(obj) && Array.isArray(obj.items)) problems.push({ object: p, issues: [{ path: 'items', message: 'a list inside a list: kubectl refuses it ("is not a list: no Items field in this object")' }] });
    else flat.push({ obj, path: p });
  };
  top.forEach((doc, i) => {
    const p = `${path}[${i}]`;
    if (topIsList || !isObject(doc) || !Object.prototype.hasOwnProperty.call(doc, 'items')) return topIsList ? item(doc, p) : flat.push({ obj: doc, path: p });
    if (typeof doc.kind !== 'string' || doc.kind === '') problems.push({ object: p, issues: [{ path: 'kind', message: "Object 'Kind' is missing" }] });
    else if (doc.items === null) return;
    else if (!Array.isArray(doc.items)) problems.push({ object: p, issues: [{ path: 'items', message: 'must be a list of objects' }] });
    else doc.items.forEach((x, j) => item(x, `${p}.items[${j}]`));
  });
  return flat;
}

/** The pod of a Sandbox as the core controller makes it (labels of its pod template; ports; addresses). */
function readSandbox(obj: JsonObject, name: string, namespace: string): SandboxView {
  const spec = isObject(obj.spec) ? obj.spec : {};
  const podTemplate = isObject(spec.podTemplate) ? spec.podTemplate : {};
  const podSpec = isObject(podTemplate.spec) ? podTemplate.spec : {};
  const podMeta = isObject(podTemplate.metadata) ? podTemplate.metadata : {};
  const status = isObject(obj.status) ? obj.status : {};
  const ref = controllerRef(obj.metadata);
  const ownerKind = ref !== null && groupOf(ref.apiVersion) === EXTENSIONS_GROUP && (ref.kind === 'SandboxClaim' || ref.kind === 'SandboxWarmPool') ? ref.kind : null;
  const ips = listOf(status.podIPs).filter((ip): ip is string => typeof ip === 'string' && parseAddress(ip) !== null);
  return Object.freeze({
    kind: 'Sandbox',
    name,
    namespace,
    labels: Object.freeze(stringMap(isObject(obj.metadata) ? obj.metadata.labels : undefined)),
    podLabels: Object.freeze(stringMap(podMeta.labels)),
    ports: Object.freeze(podPorts(podSpec)),
    hostNetwork: podSpec.hostNetwork === true,
    extensionOwner: ownerKind,
    ips: Object.freeze([...new Set(ips)]),
  });
}

/**
 * Reads the objects into a snapshot. Each object counts exactly when the API server would store
 * it: its `metadata` and its spec are validated as the server does (an invalid document is left
 * out and reported in `problems`), and of several valid documents with one identity (API group,
 * kind, namespace, name) the last replaces the earlier ones, as `kubectl apply` of the stream
 * leaves it (reported in `replaced`).
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
  const problems: ObjectProblem[] = [];
  const ignored: string[] = [];
  const flat = flattenDocuments(top, Array.isArray(input) ? 'objects' : 'objects.items', !Array.isArray(input), problems);
  const stored: Stored[] = [];

  flat.forEach(({ obj, path }, order) => {
    if (!isObject(obj)) {
      problems.push({ object: path, issues: [{ path: '', message: 'must be a Kubernetes object' }] });
      return;
    }
    const { kind, apiVersion } = obj;
    const { name, generated, namespace: ownNs } = metaName(obj);
    const clusterScoped = typeof kind === 'string' && CLUSTER_SCOPED.has(kind);
    const ns = clusterScoped ? undefined : (ownNs ?? defaultNs);
    const objectLabel = (k: string) => (name ? `${k} ${ns !== undefined ? `${ns}/` : ''}${name}` : path);
    const known = typeof kind === 'string' ? KNOWN_API_VERSIONS[kind] : undefined;
    if (known === undefined) {
      ignored.push(name ? `${typeof kind === 'string' ? kind : '(no kind)'} ${ownNs !== undefined ? `${ownNs}/` : ''}${name}` : path);
      return;
    }
    const k = kind as string;
    const label = objectLabel(k);
    if (!known.includes(apiVersion as string)) {
      // A kind this library models under an apiVersion it does not: never drop an object silently.
      problems.push({ object: label, issues: [{ path: 'apiVersion', message: `Unsupported value: ${JSON.stringify(apiVersion) ?? 'null'}: supported values: ${known.map((v) => `"${v}"`).join(', ')}` }] });
      return;
    }
    const metaIssues = toIssues(validateObjectMeta(obj.metadata, { namespaced: !clusterScoped, name: k === 'Namespace' ? 'label' : 'subdomain' }));
    const fail = (issues: readonly PolicyIssue[]) => problems.push({ object: label, issues: mergeIssues(metaIssues, issues) });
    // generateName objects are new objects on every create: they never replace one another.
    const key = generated ? `\u0000generated\u0000${path}` : `${groupOf(apiVersion)}\u0000${k}\u0000${ns ?? ''}\u0000${name}`;
    const store = (read: Read) => (metaIssues.length > 0 ? fail([]) : stored.push({ key, object: label, path, order, read }));
    const n = ns ?? defaultNs;

    switch (k) {
      case 'NetworkPolicy': {
        // The one policy reader (as audit, evaluate and explain): `_from` read as `from`, a rule
        // with both refused. On a copy of our own, since the reader renames in place.
        const read = normalizePolicy(snapshot(obj, path), 'policy');
        // Legacy CIDR rules: what a cluster may already hold. Strict-only problems are audit findings.
        const issues = toIssues([...read.issues, ...validateNetworkPolicy(read.data, { strictCidr: false })]);
        if (issues.length > 0) return void fail(issues);
        const view = { ...policyViews(read.data)[0]!, name };
        const np: NamespacedPolicy = { name, namespace: n, label: `NetworkPolicy ${n}/${name}`, view, egressRules: egressRulesOf(view) };
        return void store({ kind: 'NetworkPolicy', np, owner: controllerRef(obj.metadata), spec: (read.data as JsonObject).spec ?? {} });
      }
      case 'ClusterNetworkPolicy':
      case 'AdminNetworkPolicy':
      case 'BaselineAdminNetworkPolicy': {
        const r = readClusterPolicy(obj, k);
        if ('issues' in r) return void fail(r.issues);
        return void store({ kind: 'ClusterPolicy', view: r.view });
      }
      case 'Namespace': {
        // Strict field validation (kubectl's default) of metadata and spec; status is the cluster's.
        const strict = toIssues(strictFieldIssues(obj, NAMESPACE_FIELDS, ''));
        if (strict.length > 0) return void fail(strict);
        const labels = stringMap(isObject(obj.metadata) ? obj.metadata.labels : undefined);
        // The API server always sets kubernetes.io/metadata.name to the name.
        return void store({ kind: 'Namespace', name, labels: Object.freeze({ ...labels, [NAMESPACE_NAME_LABEL]: name }) });
      }
      case 'Pod': {
        // Strict field validation of metadata and spec; status is the cluster's (a newer cluster's status fields are no error).
        const strict = toIssues(strictFieldIssues(obj, POD_FIELDS, ''));
        if (strict.length > 0) return void fail(strict);
        const spec = isObject(obj.spec) ? obj.spec : {};
        const status = isObject(obj.status) ? obj.status : {};
        const labels = stringMap(isObject(obj.metadata) ? obj.metadata.labels : undefined);
        const pod: PodView = Object.freeze({ kind: 'Pod', name, namespace: n, labels: Object.freeze(labels), ports: podPorts(spec), ips: Object.freeze(statusIps(status)), hostNetwork: spec.hostNetwork === true });
        return void store({ kind: 'Pod', pod });
      }
      case 'SandboxTemplate': {
        // Strict field validation of the whole template, its pod template and volume claim
        // templates included (parseSandboxTemplate checks the template's own fields only). As the
        // CLI: where both report one path, the edit-distance did-you-mean is kept.
        const strict = toIssues(templateUnknownFields(obj));
        const strictPaths = new Set(strict.map((i) => i.path));
        let template: SandboxTemplate;
        let podLabels: Record<string, string>;
        try {
          template = parseSandboxTemplate(obj, { strictCidr: false });
          podLabels = sandboxPodLabelSet(template);
        } catch (err) {
          if (!isSandboxPolicyError(err)) throw err;
          return void fail([...strict, ...err.issues.filter((i) => !strictPaths.has(i.path))]);
        }
        if (strict.length > 0) return void fail(strict);
        const podSpec = isObject(template.spec.podTemplate?.spec) ? (template.spec.podTemplate!.spec as JsonObject) : {};
        const pod: PodView = Object.freeze({ kind: 'SandboxTemplate', name, namespace: n, labels: Object.freeze(podLabels), ports: podPorts(podSpec), ips: [], hostNetwork: podSpec.hostNetwork === true });
        return void store({ kind: 'SandboxTemplate', template, pod });
      }
      case 'Node': {
        // Strict field validation of metadata and spec; status is read as far as addresses.
        const issues: PolicyIssue[] = toIssues(strictFieldIssues(obj, NODE_FIELDS, ''));
        checkSchema(obj.status, NODE_STATUS, 'status', issues);
        if (issues.length > 0) return void fail(issues);
        const status = isObject(obj.status) ? obj.status : {};
        const addresses = listOf(status.addresses).flatMap((a) => (isObject(a) && typeof a.address === 'string' && parseAddress(a.address) !== null ? [a.address] : []));
        const labels = stringMap(isObject(obj.metadata) ? obj.metadata.labels : undefined);
        return void store({ kind: 'Node', view: Object.freeze({ name, labels: Object.freeze(labels), addresses: Object.freeze([...new Set(addresses)]) }) });
      }
      default: {
        // Sandbox, SandboxClaim, SandboxWarmPool: the CRD schema (spec required and typed, unknown
        // fields refused: at the top, in metadata, and in the spec, its pod template's spec included).
        const issues: PolicyIssue[] = toIssues(strictFieldIssues(obj, SANDBOX_OBJECT_FIELDS, ''));
        if (obj.spec === undefined || obj.spec === null) issues.push({ path: 'spec', message: 'Required value', type: 'FieldValueRequired' });
        else checkSchema(obj.spec, SANDBOX_SPECS[`${k} ${apiVersion as string}`]!, 'spec', issues);
        if (issues.length > 0) return void fail(issues);
        const spec = obj.spec as JsonObject;
        if (k === 'Sandbox') return void store({ kind: 'Sandbox', view: readSandbox(obj, name, n) });
        const refName = (v: unknown) => (isObject(v) && typeof v.name === 'string' ? v.name : '');
        if (k === 'SandboxWarmPool') return void store({ kind: 'SandboxWarmPool', view: Object.freeze({ kind: 'SandboxWarmPool', name, namespace: n, template: refName(spec.sandboxTemplateRef) }) });
        const labels = stringMap(isObject(obj.metadata) ? obj.metadata.labels : undefined);
        const extra = isObject(spec.additionalPodMetadata) ? stringMap(spec.additionalPodMetadata.labels) : {};
        const warmPool = isObject(spec.warmPoolRef) ? refName(spec.warmPoolRef) : undefined;
        const view: SandboxClaimView = Object.freeze({
          kind: 'SandboxClaim',
          name,
          namespace: n,
          template: refName(spec.sandboxTemplateRef),
          createdBy: labels['agents.x-k8s.io/created-by'] ?? null,
          additionalLabels: Object.freeze(extra),
          ...(warmPool !== undefined ? { warmPool } : {}),
        });
        return void store({ kind: 'SandboxClaim', view });
      }
    }
  });

  // Last write wins: of the documents with one identity, the last valid one is what the server keeps.
  const last = new Map<string, Stored>();
  const earlier: Stored[] = [];
  for (const s of stored) {
    const prev = last.get(s.key);
    if (prev !== undefined) earlier.push(prev);
    last.set(s.key, s);
  }
  const replaced: ReplacedObject[] = earlier.map((e) => Object.freeze({ object: e.object, kept: last.get(e.key)!.path, replaced: e.path }));
  const kept = [...last.values()].sort((a, b) => a.order - b.order).map((s) => s.read);

  const namespaces = new Map<string, Readonly<Record<string, string>>>();
  const networkPolicies: Array<{ np: NamespacedPolicy; owner: JsonObject | null; spec: unknown }> = [];
  const clusterPolicies: ClusterPolicyView[] = [];
  const pods: PodView[] = [];
  const templates: Array<{ template: SandboxTemplate; pod: PodView }> = [];
  const sandboxes: SandboxView[] = [];
  const claims: SandboxClaimView[] = [];
  const warmPools: SandboxWarmPoolView[] = [];
  const nodes: NodeView[] = [];
  for (const r of kept) {
    if (r.kind === 'NetworkPolicy') networkPolicies.push(r);
    else if (r.kind === 'ClusterPolicy') clusterPolicies.push(r.view);
    else if (r.kind === 'Namespace') namespaces.set(r.name, r.labels);
    else if (r.kind === 'Pod') pods.push(r.pod);
    else if (r.kind === 'SandboxTemplate') templates.push({ template: r.template, pod: r.pod });
    else if (r.kind === 'Sandbox') sandboxes.push(r.view);
    else if (r.kind === 'SandboxClaim') claims.push(r.view);
    else if (r.kind === 'SandboxWarmPool') warmPools.push(r.view);
    else nodes.push(r.view);
  }
  // A v1beta1 claim names a warm pool; its template is the pool's.
  const poolsByName = new Map(warmPools.map((p) => [`${p.namespace}/${p.name}`, p]));
  const resolvedClaims = claims.map((c) => {
    if (c.warmPool === undefined) return c;
    const pool = poolsByName.get(`${c.namespace}/${c.warmPool}`);
    return Object.freeze({ ...c, template: pool?.template ?? '' });
  });

  // The controller's own policy: `<template>-network-policy` controlled by the template.
  const controllerPolicies: ControllerPolicyNote[] = [];
  const byName = new Map(networkPolicies.map((p) => [`${p.np.namespace}/${p.np.name}`, p]));
  const removed = new Set<(typeof networkPolicies)[number]>();
  for (const { template, pod } of templates) {
    const policyName = `${template.metadata.name}-network-policy`;
    const templateLabel = `SandboxTemplate ${pod.namespace}/${template.metadata.name}`;
    const existing = byName.get(`${pod.namespace}/${policyName}`);
    const controlled = existing !== undefined && controlledBy(existing.owner, template);
    if (!isManaged(template)) {
      // Unmanaged: the controller deletes a policy it controls and leaves a foreign one alone.
      if (controlled) removed.add(existing);
      continue;
    }
    const rendered = networkPolicyFor(template, options.policy);
    if (existing !== undefined && !controlled) {
      // The controller refuses to update a policy it does not control: the hand-written one is enforced.
      controllerPolicies.push(Object.freeze({ template: templateLabel, policy: existing.np.label, state: 'foreign' }));
      continue;
    }
    if (existing !== undefined) {
      const index = networkPolicies.indexOf(existing);
      networkPolicies[index] = { ...existing, np: { ...existing.np, renderedFrom: templateLabel } };
      if (rendered !== null && networkPolicyNeedsUpdate({ spec: existing.spec }, rendered)) controllerPolicies.push(Object.freeze({ template: templateLabel, policy: existing.np.label, state: 'drift' }));
      continue;
    }
    if (rendered === null) continue;
    const view = { ...policyViews(rendered)[0]!, name: policyName };
    networkPolicies.push({
      np: { name: policyName, namespace: pod.namespace, label: `NetworkPolicy ${pod.namespace}/${policyName}`, renderedFrom: templateLabel, view, egressRules: egressRulesOf(view) },
      owner: null,
      spec: rendered.spec,
    });
  }

  const policies = networkPolicies.filter((p) => !removed.has(p)).map((p) => p.np);
  policies.sort(byNamespaceAndName);
  // A BaselineAdminNetworkPolicy (priority 1000 by mapping) comes after every v1alpha2 Baseline policy.
  const banpLast = (p: ClusterPolicyView) => (p.kind === 'BaselineAdminNetworkPolicy' ? 1 : 0);
  clusterPolicies.sort((a, b) => TIER_ORDER[a.tier] - TIER_ORDER[b.tier] || a.priority - b.priority || banpLast(a) - banpLast(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const policiesByNamespace = new Map<string, NamespacedPolicy[]>();
  for (const p of policies) {
    const list = policiesByNamespace.get(p.namespace);
    if (list) list.push(p);
    else policiesByNamespace.set(p.namespace, [p]);
  }
  return Object.freeze({
    namespaces,
    networkPolicies: Object.freeze(policies),
    policiesByNamespace,
    clusterPolicies: Object.freeze(clusterPolicies),
    pods: Object.freeze(pods),
    templates: Object.freeze(templates),
    sandboxes: Object.freeze(sandboxes),
    claims: Object.freeze(resolvedClaims),
    warmPools: Object.freeze(warmPools),
    nodes: Object.freeze(nodes),
    replaced: Object.freeze(replaced),
    controllerPolicies: Object.freeze(controllerPolicies),
    problems: Object.freeze(problems),
    ignored: Object.freeze(ignored),
  });
}

/**
 * True when `owner` (a policy's controller ownerReference) is the template: kind SandboxTemplate,
 * the template's name, and its uid when the template has one (`metav1.IsControlledBy` compares uids).
 */
function controlledBy(owner: JsonObject | null, template: SandboxTemplate): boolean {
  if (owner === null || owner.kind !== 'SandboxTemplate' || owner.name !== template.metadata.name) return false;
  const uid = template.metadata.uid;
  return typeof uid !== 'string' || uid === '' || owner.uid === uid;
}
