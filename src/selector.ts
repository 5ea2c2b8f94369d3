/** Label selector matching (metav1.LabelSelector semantics). */
import { NAMESPACE_NAME_LABEL } from './constants.js';
import { isObject } from './json.js';

/**
 * True when `labels` satisfy the selector: every `matchLabels` pair equal, and every expression
 * true (`In`: present with a listed value; `NotIn`: absent or not listed; `Exists`; `DoesNotExist`).
 * An empty selector matches everything; an unknown operator matches nothing (fail closed).
 */
export function selectorMatches(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  if (!isObject(selector)) return false;
  if (isObject(selector.matchLabels)) {
    for (const [k, v] of Object.entries(selector.matchLabels)) if (labels[k] !== v) return false;
  }
  const exprs = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  for (const e of exprs) {
    if (!isObject(e) || typeof e.key !== 'string') return false;
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const values = Array.isArray(e.values) ? e.values : [];
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(labels[e.key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[e.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/**
 * True when the selector matches every object of its kind whatever the labels: no `matchLabels`,
 * and every expression is `Exists` on a label every such object carries. Every namespace carries
 * `kubernetes.io/metadata.name` (the API server sets it), so for namespaces `Exists` on that key
 * counts as `{}`; pods carry no guaranteed label. An absent selector is not "everything" here
 * (callers decide what absence means).
 */
export function selectsEverything(selector: unknown, of: 'namespaces' | 'pods'): boolean {
  if (!isObject(selector)) return false;
  if (isObject(selector.matchLabels) && Object.keys(selector.matchLabels).length > 0) return false;
  const exprs = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  return exprs.every((e) => of === 'namespaces' && isObject(e) && e.operator === 'Exists' && e.key === NAMESPACE_NAME_LABEL);
}
