/**
 * The separate entry of strict field validation: the whole field trees (a template's pod spec,
 * volume claim templates and ObjectMeta lists; Pods, Namespaces, Nodes, NetworkPolicies) and the
 * edit-distance did-you-mean. Kept out of parseSandboxTemplate so that a controller's bundle does
 * not carry the Pod schema; validate, audit and render apply it. Internal.
 */
import { SANDBOX_TEMPLATE_API_VERSIONS } from '../constants.js';
import { isObject } from '../json.js';
import { snapshot } from '../snapshot.js';
import type { ValidationIssue } from './field.js';
import { STRICT_SANDBOX_TEMPLATE_V1ALPHA1_FIELDS, STRICT_SANDBOX_TEMPLATE_V1BETA1_FIELDS } from './pod-fields.generated.js';
import { sameIgnoringCase, unknownFieldIssues, type FieldTree } from './strict-fields.js';

/** Levenshtein distance of `a` and `b`, giving up (returning `max + 1`) once every path exceeds `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      row.push(d);
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * The known field `name` was probably meant as: the one equal to it ignoring case, else the
 * nearest by edit distance (at most 2, and at most a third of the name's length, so that short
 * unrelated names are not suggested), the first in sorted order on a tie. Undefined when none is
 * close. Internal.
 *
 * For example:
 *   didYouMean('networkPolicyManagment', ['networkPolicy', 'networkPolicyManagement']); // 'networkPolicyManagement'
 */
export function didYouMean(name: string, known: readonly string[]): string | undefined {
  const same = sameIgnoringCase(name, known);
  if (same !== undefined) return same;
  const max = Math.min(2, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestD = max + 1;
  for (const k of [...known].sort()) {
    const d = distance(name.toLowerCase(), k.toLowerCase(), max);
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return best;
}

/**
 * Every unknown field of `value` against `tree`, with the edit-distance did-you-mean: the
 * function the readers of other kinds (Sandbox, SandboxClaim, SandboxWarmPool, Node, Pod,
 * Namespace) call with their tree. `value` is read through a snapshot first, so getters and
 * proxies are read once and never trusted. Internal.
 *
 * @returns one `FieldValueForbidden` issue (reason `unknown-field`) per unknown field, in document order.
 * @throws {@link SandboxPolicyError} when `value` is not plain data.
 * For example:
 *   strictFieldIssues({ spec: { networkPolicyManagment: 'Unmanaged' } }, { spec: { networkPolicyManagement: 0 } }, '');
 * // [{ path: 'spec.networkPolicyManagment', message: 'unknown field "spec.networkPolicyManagment"; did you mean "spec.networkPolicyManagement"?', ... }]
 */
export function strictFieldIssues(value: unknown, tree: FieldTree, path: string): ValidationIssue[] {
  return unknownFieldIssues(snapshot(value, path), tree, path, didYouMean);
}

/**
 * Every unknown field of a SandboxTemplate (v1beta1 or v1alpha1, by its `apiVersion`; others
 * are read as v1beta1) in its whole tree, the pod spec included, with the edit-distance
 * did-you-mean. parseSandboxTemplate checks the template's own fields with the cheaper
 * suggestion; this adds the pod spec (`spec.podTemplate.spec` as the CRD's PodSpec), the
 * volume claim templates and ObjectMeta's lists. Internal (the CLI's validate, audit and render, and
 * the snapshot reader of auditCluster).
 *
 * @returns the issues, in document order; empty when every field is known.
 * @throws {@link SandboxPolicyError} when `value` is not plain data.
 * @example
 * ```ts
 * templateUnknownFields({ apiVersion: 'extensions.agents.x-k8s.io/v1beta1', kind: 'SandboxTemplate',
 *   metadata: { name: 't' }, spec: { podTemplate: { spec: { containers: [{ name: 'c', imagePullPolcy: 'Always' }] } } } });
 * // [{ path: 'spec.podTemplate.spec.containers[0].imagePullPolcy', message: 'unknown field "...imagePullPolcy"; did you mean "...imagePullPolicy"?', ... }]
 * ```
 */
export function templateUnknownFields(value: unknown): ValidationIssue[] {
  const data = snapshot(value, '');
  const alpha = isObject(data) && data.apiVersion === SANDBOX_TEMPLATE_API_VERSIONS[1];
  return unknownFieldIssues(data, alpha ? STRICT_SANDBOX_TEMPLATE_V1ALPHA1_FIELDS : STRICT_SANDBOX_TEMPLATE_V1BETA1_FIELDS, '', didYouMean);
}
