// Generates the field trees of strict field validation (src/validation/strict-fields.ts) from
// authoritative schemas, into two modules:
//
// - src/validation/template-fields.generated.ts: ObjectMeta and the SandboxTemplate's own fields
//   (what parseSandboxTemplate checks; small, it is on the controller path);
// - src/validation/pod-fields.generated.ts: PodSpec, Pod, the pod templates, Namespace, Node and
//   NetworkPolicy (the separate, larger entry of validate, audit and render).
//
// Sources:
// - the SandboxTemplate CRD, copied verbatim to test/fixtures/crds/extensions.agents.x-k8s.io_sandboxtemplates.yaml
//   (kubernetes-sigs/agent-sandbox commit 2fd412d55ecae90861a101a5424a75473de97c36, built against
//   k8s.io/api v0.36.3): the template's fields per version and its embedded PodSpec, which is the
//   schema the API server holds a template's pod spec to;
// - the network-policy-api CRDs in test/fixtures/crds/ (ClusterNetworkPolicy v1alpha2 at v0.2.0,
//   AdminNetworkPolicy and BaselineAdminNetworkPolicy v1alpha1 at v0.1.7, experimental channel);
// - @kubernetes/client-node's model attribute maps (its OpenAPI spec v1.33.0): ObjectMeta,
//   Namespace, Node and NetworkPolicy.
//
// `npx tsx scripts/generate-field-trees.ts` rewrites both modules; test/validation/strict-field-trees.test.ts
// checks that the committed modules are what this script generates.
import * as k8s from '@kubernetes/client-node';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

type Tree = { [field: string]: Tree | 0 };

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CRD_FILE = 'test/fixtures/crds/extensions.agents.x-k8s.io_sandboxtemplates.yaml';
export const TEMPLATE_MODULE = 'src/validation/template-fields.generated.ts';
export const POD_MODULE = 'src/validation/pod-fields.generated.ts';

interface Attribute {
  readonly baseName: string;
  readonly type: string;
}

/** A client-node model's tree (`V1ObjectMeta`); fields of a type seen on the way in are left unchecked (0). */
function fromModel(name: string, seen: readonly string[] = []): Tree {
  const model = (k8s as unknown as Record<string, { getAttributeTypeMap?: () => Attribute[] } | undefined>)[name];
  if (model?.getAttributeTypeMap === undefined) throw new Error(`no client-node model ${name}`);
  const out: Tree = {};
  for (const { baseName, type } of [...model.getAttributeTypeMap()].sort((a, b) => (a.baseName < b.baseName ? -1 : 1))) {
    const item = /^Array<(.+)>$/.exec(type)?.[1] ?? type;
    const inner = (k8s as unknown as Record<string, { getAttributeTypeMap?: unknown } | undefined>)[item];
    out[baseName] = inner?.getAttributeTypeMap !== undefined && !seen.includes(item) ? fromModel(item, [...seen, name]) : 0;
  }
  return out;
}

interface Schema {
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly items?: Schema;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
}

/** An openAPIV3Schema's tree: its properties, a list's items, 0 for scalars, maps and free-form objects. */
function fromSchema(schema: Schema): Tree | 0 {
  if (schema.items !== undefined) return fromSchema(schema.items);
  if (schema.properties === undefined || schema['x-kubernetes-preserve-unknown-fields'] === true) return 0;
  const out: Tree = {};
  for (const k of Object.keys(schema.properties).sort()) out[k] = fromSchema(schema.properties[k]!);
  return out;
}


/**
 * The tree of a CRD's (first) version, metadata as ObjectMeta, status unchecked (the cluster
 * writes it). The experimental channel's CRDs: a superset of the standard channel's fields.
 */
function crdTree(file: string, objectMeta: Tree): Tree {
  const crd = parse(readFileSync(`${ROOT}${file}`, 'utf8')) as { spec: { versions: Array<{ schema: { openAPIV3Schema: Schema } }> } };
  const tree = fromSchema(crd.spec.versions[0]!.schema.openAPIV3Schema) as Tree;
  return { ...tree, metadata: objectMeta, status: 0 };
}

/** The trees, read from the sources. */
export function fieldTrees(): { template: Record<string, Tree>; pod: Record<string, Tree> } {
  const crd = parse(readFileSync(`${ROOT}${CRD_FILE}`, 'utf8')) as { spec: { versions: Array<{ name: string; schema: { openAPIV3Schema: Schema } }> } };
  const objectMeta = fromModel('V1ObjectMeta');
  const template: Record<string, Tree> = {};
  let podSpec: Tree | undefined;
  const full: Record<string, Tree> = {};
  for (const version of crd.spec.versions) {
    const tree = fromSchema(version.schema.openAPIV3Schema) as Tree;
    const spec = tree.spec as Tree;
    const podTemplate = spec.podTemplate as Tree;
    if (version.name === 'v1beta1') podSpec = podTemplate.spec as Tree;
    const name = `SANDBOX_TEMPLATE_${version.name.toUpperCase()}_FIELDS`;
    // On the controller path: the template's own fields down to the rules. Its metadata, pod
    // spec and volume claim templates are the separate entry's (the whole tree below), to keep
    // the controller's bundle small.
    // One tree for both versions (their union: v1alpha1 lacks volumeClaimTemplatesPolicy), to keep
    // it small; the strict entry holds each version to its own fields.
    if (version.name === 'v1beta1') {
      template.SANDBOX_TEMPLATE_FIELDS = {
        ...tree,
        metadata: 0,
        spec: { ...spec, podTemplate: { ...podTemplate, spec: 0 }, volumeClaimTemplates: 0 },
      };
    }
    full[`STRICT_${name}`] = { ...tree, metadata: objectMeta };
  }
  if (podSpec === undefined) throw new Error('no v1beta1 in the SandboxTemplate CRD');
  // Status is written by the cluster (kubelet, controllers), not by whoever writes the object; a
  // snapshot of a newer cluster carries status fields newer than any table here.
  const pod: Record<string, Tree> = {
    OBJECT_META_FIELDS: objectMeta,
    ...full,
    POD_SPEC_FIELDS: podSpec,
    POD_FIELDS: { apiVersion: 0, kind: 0, metadata: objectMeta, spec: podSpec, status: 0 },
    POD_TEMPLATE_SPEC_FIELDS: { metadata: objectMeta, spec: podSpec },
    SANDBOX_POD_TEMPLATE_FIELDS: { metadata: { annotations: 0, labels: 0 }, spec: podSpec },
    NAMESPACE_FIELDS: { ...fromModel('V1Namespace'), status: 0 },
    NODE_FIELDS: { ...fromModel('V1Node'), status: 0 },
    NETWORK_POLICY_FIELDS: fromModel('V1NetworkPolicy'),
    CLUSTER_NETWORK_POLICY_FIELDS: crdTree('test/fixtures/crds/clusternetworkpolicies-experimental.yaml', objectMeta),
    ADMIN_NETWORK_POLICY_FIELDS: crdTree('test/fixtures/crds/adminnetworkpolicies-v0.1.7-experimental.yaml', objectMeta),
    BASELINE_ADMIN_NETWORK_POLICY_FIELDS: crdTree('test/fixtures/crds/baselineadminnetworkpolicies-v0.1.7-experimental.yaml', objectMeta),
  };
  return { template, pod };
}

const DOCS: Readonly<Record<string, string>> = {
  OBJECT_META_FIELDS: '`metadata` of every object (`ObjectMeta`).',
  STRICT_SANDBOX_TEMPLATE_V1BETA1_FIELDS: 'A v1beta1 SandboxTemplate\'s whole tree: its pod spec included.',
  STRICT_SANDBOX_TEMPLATE_V1ALPHA1_FIELDS: 'A v1alpha1 SandboxTemplate\'s whole tree: its pod spec included.',
  SANDBOX_TEMPLATE_FIELDS: 'A SandboxTemplate\'s own fields (v1beta1, a superset of v1alpha1\'s), its rules included; not its metadata, pod spec or volume claim templates.',
  POD_SPEC_FIELDS: 'A `PodSpec`, as the SandboxTemplate CRD embeds it (k8s.io/api v0.36.3).',
  POD_FIELDS: 'A `v1` Pod (`status` is not checked: the cluster writes it).',
  POD_TEMPLATE_SPEC_FIELDS: 'A Kubernetes `PodTemplateSpec` (ObjectMeta and a PodSpec).',
  SANDBOX_POD_TEMPLATE_FIELDS: 'agent-sandbox\'s `podTemplate` (labels and annotations, and a PodSpec).',
  NAMESPACE_FIELDS: 'A `v1` Namespace (`status` is not checked: the cluster writes it).',
  NODE_FIELDS: 'A `v1` Node (`status` is not checked: the cluster writes it).',
  NETWORK_POLICY_FIELDS: 'A `networking.k8s.io/v1` NetworkPolicy.',
  CLUSTER_NETWORK_POLICY_FIELDS: 'A v1alpha2 ClusterNetworkPolicy (the experimental-channel CRD, network-policy-api v0.2.0).',
  ADMIN_NETWORK_POLICY_FIELDS: 'A v1alpha1 AdminNetworkPolicy (the experimental-channel CRD, network-policy-api v0.1.7).',
  BASELINE_ADMIN_NETWORK_POLICY_FIELDS: 'A v1alpha1 BaselineAdminNetworkPolicy (the experimental-channel CRD, network-policy-api v0.1.7).',
};

/** TypeScript text of the trees: each subtree used more than once is a shared constant. */
function emit(trees: Record<string, Tree>, header: string, imports: Record<string, Tree> = {}): string {
  const text = (t: Tree | 0): string => (t === 0 ? '0' : JSON.stringify(t));
  const uses = new Map<string, number>();
  const count = (t: Tree | 0) => {
    if (t === 0) return;
    const key = text(t);
    uses.set(key, (uses.get(key) ?? 0) + 1);
    if (uses.get(key)! > 1) return;
    for (const v of Object.values(t)) count(v);
  };
  for (const t of Object.values(trees)) count(t);
  const names = new Map<string, string>();
  for (const [name, t] of Object.entries(imports)) names.set(text(t), name);
  const consts: string[] = [];
  const ident = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k));
  const render = (t: Tree | 0, top: boolean): string => {
    if (t === 0) return '0';
    const key = text(t);
    if (!top && names.has(key)) return names.get(key)!;
    const body = `/* @__PURE__ */ Object.freeze({ ${Object.entries(t).map(([k, v]) => `${ident(k)}: ${render(v, false)}`).join(', ')} })`;
    if (top || (uses.get(key) ?? 0) < 2 || key.length < 40) return body;
    const name = `t${names.size}`;
    names.set(key, name);
    consts.push(`const ${name}: FieldTree = ${body};`);
    return name;
  };
  const exported: string[] = [];
  for (const [name, t] of Object.entries(trees)) {
    const body = render(t, true);
    names.set(text(t), name);
    exported.push(`/** ${DOCS[name] ?? name} */\nexport const ${name}: FieldTree = ${body};`);
  }
  const importLine = Object.keys(imports).length > 0 ? `import { ${Object.keys(imports).join(', ')} } from './template-fields.generated.js';\n` : '';
  return `${header}\nimport type { FieldTree } from './strict-fields.js';\n${importLine}\n${[...consts, ...exported].join('\n\n')}\n`;
}

const HEADER = (what: string) =>
  `// Generated by scripts/generate-field-trees.ts: do not edit. ${what}\n// Sources: ${CRD_FILE} (agent-sandbox 2fd412d5, k8s.io/api v0.36.3) and\n// @kubernetes/client-node's model attribute maps (OpenAPI spec v1.33.0). Deep-frozen.`;

/** The text of both generated modules. */
export function generatedModules(): { [TEMPLATE_MODULE]: string; [POD_MODULE]: string } {
  const { template, pod } = fieldTrees();
  return {
    [TEMPLATE_MODULE]: emit(template, HEADER('The trees parseSandboxTemplate checks.')),
    [POD_MODULE]: emit(pod, HEADER('The pod and object trees of the separate strict entry.')),
  };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const [file, text] of Object.entries(generatedModules())) writeFileSync(`${ROOT}${file}`, text);
}
