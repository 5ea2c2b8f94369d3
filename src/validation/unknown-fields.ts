/**
 * Unknown fields in NetworkPolicy rules, as the API server's strict field validation reports them
 * (`unknown field "spec.networkPolicy.egress[0].portz"`). An unknown key in a security policy is
 * far more likely a typo (`ipblock`, `egres`) than a field, and must not silently change it.
 * Internal: the SandboxTemplate parser reports them; the NetworkPolicy validators, which follow
 * `ValidateNetworkPolicySpec` (decoding drops unknown fields before it runs), do not.
 */
import { isObject } from '../json.js';
import { child, index, type ValidationIssue } from './field.js';

/** Each object's known fields; a value is the shape of the field's value (a list of it when in an array). */
interface Shape {
  readonly [field: string]: Shape | readonly [Shape] | null;
}

const REQUIREMENT: Shape = { key: null, operator: null, values: null };
const SELECTOR: Shape = { matchLabels: null, matchExpressions: [REQUIREMENT] };
const PORT: Shape = { protocol: null, port: null, endPort: null };
const PEER: Shape = { podSelector: SELECTOR, namespaceSelector: SELECTOR, ipBlock: { cidr: null, except: null } };
const INGRESS: Shape = { ports: [PORT], from: [PEER] };
const EGRESS: Shape = { ports: [PORT], to: [PEER] };
const RULES: Shape = { ingress: [INGRESS], egress: [EGRESS] };

function walk(value: unknown, shape: Shape, path: string, issues: ValidationIssue[]): void {
  if (!isObject(value)) return; // a wrong type is the rule validators' to report
  for (const k of Object.keys(value)) {
    if (!Object.prototype.hasOwnProperty.call(shape, k)) {
      const p = child(path, k);
      issues.push({ path: p, type: 'FieldValueForbidden', message: `unknown field ${JSON.stringify(p)}`, severity: 'error', reason: 'unknown-field' });
      continue;
    }
    const inner = shape[k];
    if (inner === null || inner === undefined) continue;
    if (Array.isArray(inner)) {
      const list = value[k];
      if (Array.isArray(list)) list.forEach((item, i) => walk(item, inner[0] as Shape, index(child(path, k), i), issues));
    } else walk(value[k], inner as Shape, child(path, k), issues);
  }
}

/**
 * Unknown fields of `spec.networkPolicy` (ingress and egress rules, their ports, peers, ipBlocks
 * and selectors), under `root`, in field order. Internal.
 *
 * @param rules - the plain-data `networkPolicy` object (controller-owned `podSelector` and
 *   `policyTypes` are reported by the caller, not here).
 */
export function unknownRuleFields(rules: unknown, root: string, ignore: readonly string[] = []): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const shape: Shape = Object.fromEntries([...Object.entries(RULES), ...ignore.map((k) => [k, null] as const)]);
  walk(rules, shape, root, issues);
  return issues;
}
