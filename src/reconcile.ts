/**
 * The agent-sandbox controller's reconcile decision for one SandboxTemplate's NetworkPolicy, as
 * a pure function: given the template and the policy of that name as read from the cluster
 * (or nothing), what to write. The caller does the reading and the writing.
 */
import { NETWORK_POLICY_NAME_SUFFIX, TEMPLATE_REF_HASH_LABEL } from './constants.js';
import { specsDiffer } from './drift.js';
import { SandboxPolicyError } from './errors.js';
import { isObject, type JsonObject } from './json.js';
import { templateRefHash } from './labels.js';
import { networkPolicyFor } from './network-policy.js';
import { resolveOptions, type PolicyOptions } from './options.js';
import { snapshot } from './snapshot.js';
import { ensureParsed, isManaged, type SandboxTemplate, type TemplateInput } from './template.js';
import { describeValue } from './snapshot.js';
import { wireCopy } from './wire-form.js';
import type { NetworkPolicy } from './wire-types.js';

/** What {@link planNetworkPolicy} decides. */
export type PlanAction = 'create' | 'update' | 'delete' | 'none' | 'conflict';

/**
 * A JSON merge patch (`application/merge-patch+json`) for the SandboxTemplate itself that sets
 * its `agents.x-k8s.io/sandbox-template-ref-hash` label, as the controller does.
 */
export interface TemplateLabelPatch {
  /** Only the label is patched. */
  readonly metadata: {
    /** `{ 'agents.x-k8s.io/sandbox-template-ref-hash': <hash of the template name> }`. */
    readonly labels: Readonly<Record<string, string>>;
  };
}

/**
 * A plan that writes: `create` (the policy to create), `update` (the existing policy, its metadata
 * as read, `resourceVersion` included, with only `spec` replaced: send it as a replace), or
 * `delete` (the existing policy). `policy` is in the wire format; convert it for
 * `@kubernetes/client-node` with `toClientNodeObject` from `agent-sandbox-policy/client-node`.
 */
export interface WritePlan {
  /** What to do. */
  readonly action: 'create' | 'update' | 'delete';
  /** The object to create, replace or delete. */
  readonly policy: NetworkPolicy;
  /** Why, in one sentence (for logs and events). */
  readonly reason: string;
  /** Present when the template lacks its own ref-hash label: patch the template with it. */
  readonly templateLabelPatch?: TemplateLabelPatch;
}

/**
 * A plan that writes no policy: `none` (up to date, nothing to delete, not ours to delete, or the
 * template is being deleted) or `conflict` (a policy of that name exists that this template does
 * not control: the controller refuses to touch it and reports `reason` as an error).
 */
export interface NoWritePlan {
  /** What to do. */
  readonly action: 'none' | 'conflict';
  /** Nothing to write. */
  readonly policy?: undefined;
  /** Why, in one sentence (for logs and events). */
  readonly reason: string;
  /** Present when the template lacks its own ref-hash label: patch the template with it. */
  readonly templateLabelPatch?: TemplateLabelPatch;
}

/** The reconcile decision of {@link planNetworkPolicy}. */
export type NetworkPolicyPlan = WritePlan | NoWritePlan;

/** The uid of the first owner reference marked `controller: true` (apimachinery's GetControllerOf). */
function controllerUid(policy: JsonObject): string | undefined {
  const meta = policy.metadata;
  if (!isObject(meta) || !Array.isArray(meta.ownerReferences)) return undefined;
  for (const ref of meta.ownerReferences) {
    if (isObject(ref) && ref.controller === true) return typeof ref.uid === 'string' ? ref.uid : '';
  }
  return undefined;
}

const isSet = (value: unknown): boolean => value !== undefined && value !== null && value !== '';

/** The existing policy as plain wire-format data, checked to be the one this template names. */
function readExisting(existing: unknown, template: SandboxTemplate, name: string): JsonObject {
  let policy: JsonObject;
  try {
    policy = wireCopy(existing);
  } catch (err) {
    if (!(err instanceof SandboxPolicyError)) throw err;
    throw new SandboxPolicyError(err.issues.map((i) => ({ ...i, path: i.path ? `existing.${i.path}` : 'existing' })));
  }
  const meta = policy.metadata;
  const issues = [];
  if (!isObject(meta)) {
    issues.push({ path: 'existing.metadata', message: 'is required: pass the NetworkPolicy object as read from the cluster' });
  } else {
    if (meta.name !== name) issues.push({ path: 'existing.metadata.name', message: `must be "${name}", the policy this template owns` });
    const ns = template.metadata.namespace;
    if (isSet(ns) && isSet(meta.namespace) && meta.namespace !== ns) {
      issues.push({ path: 'existing.metadata.namespace', message: `must be "${ns}", the template's namespace` });
    }
  }
  if (policy.kind !== undefined && policy.kind !== 'NetworkPolicy') issues.push({ path: 'existing.kind', message: 'must be "NetworkPolicy"' });
  if (policy.apiVersion !== undefined && policy.apiVersion !== 'networking.k8s.io/v1') {
    issues.push({ path: 'existing.apiVersion', message: 'must be "networking.k8s.io/v1"' });
  }
  if (issues.length > 0) throw new SandboxPolicyError(issues);
  return policy;
}

/**
 * The agent-sandbox controller's reconcile decision for a template's NetworkPolicy, as a pure
 * function. The controller's steps, in its order:
 *
 * 1. a template without its own `agents.x-k8s.io/sandbox-template-ref-hash` label (or with a wrong
 *    value) gets it: `templateLabelPatch`, whatever the action;
 * 2. a template being deleted (`metadata.deletionTimestamp`): `none`, and no label patch (the
 *    policy goes with it through its owner reference);
 * 3. `Unmanaged`: `delete` a policy this template controls (its controller owner reference has
 *    the template's uid); leave any other alone (`none`);
 * 4. `Managed`: `create` the policy when there is none; `conflict` when one exists that this
 *    template does not control; `none` when its spec already matches ({@link networkPolicyNeedsUpdate}:
 *    server-filled defaults are not drift); else `update`, keeping the existing metadata
 *    (`resourceVersion`, labels, owner references) and replacing only `spec`.
 *
 * Pass the template as read from the cluster: its `metadata.uid` decides ownership, and without
 * one the created policy has no owner reference, so the next plan reports `conflict`.
 *
 * @param template - the SandboxTemplate (parsed, or raw JSON which is parsed and checked first).
 * @param existing - the NetworkPolicy `<template>-network-policy` in the template's namespace as
 *   read from the cluster, in the wire format or `@kubernetes/client-node`'s shape; `null` or
 *   `undefined` when it does not exist. Never modified.
 * @param options - the {@link PolicyOptions} the desired policy is built with.
 * @returns a fresh plan; `policy` (for create, update and delete) is plain wire-format data.
 * @throws {@link SandboxPolicyError} for an invalid template or options, or an `existing` value
 *   that is not that policy (another name or namespace, another kind, no metadata, not plain
 *   data, a rule with both `from` and `_from`).
 * @example
 * ```ts
 * const live = { ...doc, metadata: { ...doc.metadata, namespace: 'agents', uid: '6b1f2c3d' } };
 * const first = planNetworkPolicy(live, null);
 * first.action;             // 'create'
 * first.templateLabelPatch; // { metadata: { labels: { 'agents.x-k8s.io/sandbox-template-ref-hash': 'da1fd924' } } }
 * planNetworkPolicy(live, first.policy).action; // 'none'
 * ```
 */
export function planNetworkPolicy(template: TemplateInput, existing: unknown, options?: PolicyOptions): NetworkPolicyPlan {
  // Options are read once (a getter must not show the check one value and the builder another).
  if (options !== undefined && options !== null) options = snapshot(options, 'options') as PolicyOptions;
  resolveOptions(options); // bad options fail every time, not only when a policy is built
  const t = ensureParsed(template);
  const templateName = t.metadata.name;
  const name = `${templateName}${NETWORK_POLICY_NAME_SUFFIX}`;
  const current = existing === null || existing === undefined ? null : readExisting(existing, t, name);

  if (isSet(t.metadata.deletionTimestamp)) {
    return { action: 'none', reason: `SandboxTemplate "${templateName}" is being deleted; its NetworkPolicy is garbage-collected with it` };
  }
  const hash = templateRefHash(templateName);
  const labelPatch: Pick<WritePlan, 'templateLabelPatch'> =
    t.metadata.labels?.[TEMPLATE_REF_HASH_LABEL] === hash ? {} : { templateLabelPatch: { metadata: { labels: { [TEMPLATE_REF_HASH_LABEL]: hash } } } };
  const controlled = current !== null && controllerUid(current) === (t.metadata.uid ?? '');

  if (!isManaged(t)) {
    if (current === null) return { action: 'none', reason: `SandboxTemplate "${templateName}" is Unmanaged and NetworkPolicy "${name}" does not exist`, ...labelPatch };
    if (!controlled) {
      return { action: 'none', reason: `NetworkPolicy "${name}" is not controlled by SandboxTemplate "${templateName}": left alone`, ...labelPatch };
    }
    return { action: 'delete', policy: current as unknown as NetworkPolicy, reason: `SandboxTemplate "${templateName}" is Unmanaged`, ...labelPatch };
  }

  const desired = networkPolicyFor(t, options)!;
  if (current === null) return { action: 'create', policy: desired, reason: `NetworkPolicy "${name}" does not exist`, ...labelPatch };
  if (!controlled) {
    return {
      action: 'conflict',
      reason: `refusing to update NetworkPolicy "${name}" as it is not controlled by SandboxTemplate "${templateName}"`,
      ...labelPatch,
    };
  }
  // networkPolicyNeedsUpdate's comparison, on the copy readExisting already took.
  const spec = current.spec ?? {};
  if (!isObject(spec)) throw new SandboxPolicyError([{ path: 'existing.spec', message: `must be an object, got ${describeValue(spec)}` }]);
  if (!specsDiffer(spec, desired.spec)) return { action: 'none', reason: `NetworkPolicy "${name}" is up to date`, ...labelPatch };
  const policy = { kind: 'NetworkPolicy', apiVersion: 'networking.k8s.io/v1', ...current, spec: desired.spec } as unknown as NetworkPolicy;
  return { action: 'update', policy, reason: `NetworkPolicy "${name}" has drifted from the template`, ...labelPatch };
}
