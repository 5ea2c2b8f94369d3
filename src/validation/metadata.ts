/**
 * `metadata` of any object as the API server validates it on create (`ValidateObjectMetaAccessor`
 * in `k8s.io/apimachinery/pkg/api/validation/objectmeta.go`): name (or generateName), namespace,
 * labels, annotations and owner references, in the API server's words. Internal.
 */
import { isObject } from '../json.js';
import { child, fieldError, index, type ValidationIssue } from './field.js';
import { dns1123LabelErrors, dns1123SubdomainErrors, qualifiedNameErrors } from './names.js';
import { validateLabels } from './network-policy.js';

/** How a kind's objects are named and scoped. */
export interface MetaRules {
  /** True for namespaced kinds: `metadata.namespace` must then be a DNS-1123 label when set. */
  readonly namespaced: boolean;
  /** `subdomain` (`NameIsDNSSubdomain`: most kinds and every custom resource) or `label` (`ValidateNamespaceName`). */
  readonly name: 'subdomain' | 'label';
}

const present = (v: unknown): boolean => v !== undefined && v !== null;

const utf8Length = (s: string): number => {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
};

/** `ValidateAnnotations`: keys are qualified names (case ignored), the total size at most 256 KiB. */
export function validateAnnotations(annotations: unknown, path: string, issues: ValidationIssue[]): void {
  if (!present(annotations)) return;
  if (!isObject(annotations)) {
    issues.push(fieldError.typeInvalid(path, annotations, 'must be a map of string keys to string values'));
    return;
  }
  // `TotalAnnotationSizeLimitB`: the bytes of every key and value together, at most 256 KiB.
  const limit = 262_144;
  let total = 0;
  for (const k of Object.keys(annotations).sort()) {
    const v = annotations[k];
    for (const msg of qualifiedNameErrors(k.toLowerCase())) issues.push(fieldError.invalid(path, k, msg));
    if (typeof v !== 'string') {
      issues.push(fieldError.typeInvalid(`${path}[${k}]`, v, 'must be a string'));
      continue;
    }
    total += utf8Length(k) + utf8Length(v);
  }
  if (total > limit) {
    issues.push({ path, type: 'FieldValueTooLong', message: `Too long: may not be more than ${limit} bytes`, severity: 'error', reason: 'too-long' });
  }
}

function nameErrors(rules: MetaRules, value: string, prefix: boolean): string[] {
  // `generateName` is checked as a prefix (`maskTrailingDash`): a trailing '-' and the character
  // before it are replaced by 'a', exactly as the API server does.
  const v = prefix && value.length > 1 && value.endsWith('-') ? `${value.slice(0, -2)}a` : value;
  return rules.name === 'label' ? dns1123LabelErrors(v) : dns1123SubdomainErrors(v);
}

/**
 * Validates `metadata` as the API server does on create. A namespaced object without a namespace
 * is not an error (kubectl and clients fill it in from the request); a cluster-scoped object's
 * namespace is cleared by the server, so it is not checked either.
 *
 * @returns every issue found, paths under `metadata`; empty when the server accepts it.
 */
export function validateObjectMeta(meta: unknown, rules: MetaRules): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!present(meta)) return [fieldError.required('metadata.name', 'name or generateName is required')];
  if (!isObject(meta)) return [fieldError.typeInvalid('metadata', meta, 'must be an object')];
  const name = meta.name;
  const generateName = meta.generateName;
  if (present(generateName)) {
    if (typeof generateName !== 'string') issues.push(fieldError.typeInvalid('metadata.generateName', generateName, 'must be a string'));
    else if (generateName !== '') for (const msg of nameErrors(rules, generateName, true)) issues.push(fieldError.invalid('metadata.generateName', generateName, msg));
  }
  if (present(name) && typeof name !== 'string') issues.push(fieldError.typeInvalid('metadata.name', name, 'must be a string'));
  else if (typeof name !== 'string' || name === '') {
    if (typeof generateName !== 'string' || generateName === '') issues.push(fieldError.required('metadata.name', 'name or generateName is required'));
  } else for (const msg of nameErrors(rules, name, false)) issues.push(fieldError.invalid('metadata.name', name, msg));
  if (rules.namespaced && present(meta.namespace)) {
    if (typeof meta.namespace !== 'string') issues.push(fieldError.typeInvalid('metadata.namespace', meta.namespace, 'must be a string'));
    else if (meta.namespace !== '') for (const msg of dns1123LabelErrors(meta.namespace)) issues.push(fieldError.invalid('metadata.namespace', meta.namespace, msg));
  }
  validateLabels(meta.labels, 'metadata.labels', issues);
  validateAnnotations(meta.annotations, 'metadata.annotations', issues);
  const refsPath = 'metadata.ownerReferences';
  if (present(meta.ownerReferences) && !Array.isArray(meta.ownerReferences)) issues.push(fieldError.typeInvalid(refsPath, meta.ownerReferences, 'must be a list'));
  let controllers = 0;
  (Array.isArray(meta.ownerReferences) ? meta.ownerReferences : []).forEach((ref, i) => {
    const p = index(refsPath, i);
    if (!isObject(ref)) {
      issues.push(fieldError.typeInvalid(p, ref, 'must be an owner reference'));
      return;
    }
    const apiVersion = typeof ref.apiVersion === 'string' ? ref.apiVersion : '';
    const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.lastIndexOf('/') + 1) : apiVersion;
    if (!version) issues.push(fieldError.invalid(child(p, 'apiVersion'), ref.apiVersion ?? '', 'version must not be empty'));
    if (!ref.kind) issues.push(fieldError.invalid(child(p, 'kind'), ref.kind ?? '', 'kind must not be empty'));
    if (!ref.name) issues.push(fieldError.invalid(child(p, 'name'), ref.name ?? '', 'name must not be empty'));
    if (!ref.uid) issues.push(fieldError.invalid(child(p, 'uid'), ref.uid ?? '', 'uid must not be empty'));
    if (ref.controller === true) controllers++;
  });
  if (controllers > 1) issues.push(fieldError.invalid(refsPath, meta.ownerReferences, 'Only one reference can have Controller set to true'));
  return issues;
}
