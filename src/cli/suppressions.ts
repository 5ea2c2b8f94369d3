/** Suppressions as kube-linter has them: an annotation `ignore-check.agent-sandbox-policy/<code>: "<reason>"` on the object or its Namespace. */
import { isObject } from '../json.js';
import { SUPPRESSION_PREFIX } from './codes.js';

/** Suppressed codes with their reasons, and annotations that name no reason. */
export interface Suppressions {
  readonly reasons: ReadonlyMap<string, string>;
  /** Annotation keys with an empty (or non-string) reason: reported as `invalid-suppression`. */
  readonly invalid: readonly string[];
}

/** The suppressions an object's `metadata.annotations` declare. */
export function suppressionsOf(object: unknown): Suppressions {
  const reasons = new Map<string, string>();
  const invalid: string[] = [];
  const annotations = isObject(object) && isObject(object.metadata) ? object.metadata.annotations : undefined;
  if (isObject(annotations)) {
    for (const key of Object.keys(annotations)) {
      if (!key.startsWith(SUPPRESSION_PREFIX)) continue;
      const reason = annotations[key];
      if (typeof reason === 'string' && reason.trim() !== '') reasons.set(key.slice(SUPPRESSION_PREFIX.length), reason.trim());
      else invalid.push(key);
    }
  }
  return { reasons, invalid };
}

/** The object's own suppressions, then its namespace's for codes it does not name. */
export function merged(own: Suppressions, namespace: Suppressions | undefined): ReadonlyMap<string, string> {
  const out = new Map(namespace?.reasons ?? []);
  for (const [code, reason] of own.reasons) out.set(code, reason);
  return out;
}
