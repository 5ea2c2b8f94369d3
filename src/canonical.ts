/**
 * The canonical JSON form of NetworkPolicy objects: Go's struct field order and `omitempty`, so
 * `JSON.stringify` of what we build equals the request body the Go controller sends, byte for
 * byte, whatever key order the input came in.
 *
 * Each Go struct is described once as a field list. Rules of `encoding/json` applied here:
 * - fields come in struct order; map keys (`matchLabels`) are sorted;
 * - `omitempty` drops empty lists and maps, and nil pointers (`null`/absent);
 * - a non-nil pointer to an empty struct is kept (`podSelector: {}` in a peer selects all pods);
 * - a non-omitempty field is always written (`spec.podSelector` -> `{}`, `ipBlock.cidr`).
 */
import { isObject } from './json.js';
import { setOwn } from './snapshot.js';

/** How `encoding/json` writes one Go type: a scalar, a map, a list, or a struct (fields in order). */
export type Kind =
  | { t: 'scalar'; omitEmpty: boolean; zero?: unknown }
  | { t: 'map'; omitEmpty: true }
  | { t: 'list'; of: Kind; omitEmpty: true }
  | { t: 'struct'; fields: Fields; pointer: boolean; omitEmpty: boolean };
type Fields = ReadonlyArray<readonly [name: string, kind: Kind]>;

/* @__NO_SIDE_EFFECTS__ */ const str = (omitEmpty: boolean): Kind => ({ t: 'scalar', omitEmpty, zero: omitEmpty ? undefined : '' });
const ptrScalar: Kind = { t: 'scalar', omitEmpty: true };
const map: Kind = { t: 'map', omitEmpty: true };
/* @__NO_SIDE_EFFECTS__ */ const list = (of: Kind): Kind => ({ t: 'list', of, omitEmpty: true });
/* @__NO_SIDE_EFFECTS__ */ const ptr = (fields: Fields): Kind => ({ t: 'struct', fields, pointer: true, omitEmpty: true });
/* @__NO_SIDE_EFFECTS__ */ const struct = (fields: Fields): Kind => ({ t: 'struct', fields, pointer: false, omitEmpty: false });

const LABEL_SELECTOR: Fields = [
  ['matchLabels', map],
  ['matchExpressions', list(struct([['key', str(false)], ['operator', str(false)], ['values', list(str(false))]]))],
];
const PORT: Fields = [
  ['protocol', ptrScalar],
  ['port', ptrScalar],
  ['endPort', ptrScalar],
];
const PEER: Fields = [
  ['podSelector', ptr(LABEL_SELECTOR)],
  ['namespaceSelector', ptr(LABEL_SELECTOR)],
  ['ipBlock', ptr([['cidr', str(false)], ['except', list(str(false))]])],
];
const SPEC: Fields = [
  ['podSelector', struct(LABEL_SELECTOR)],
  ['ingress', list(struct([['ports', list(struct(PORT))], ['from', list(struct(PEER))]]))],
  ['egress', list(struct([['ports', list(struct(PORT))], ['to', list(struct(PEER))]]))],
  ['policyTypes', list(str(false))],
];
const OWNER_REFERENCE: Fields = [
  ['apiVersion', str(false)],
  ['kind', str(false)],
  ['name', str(false)],
  ['uid', str(false)],
  ['controller', ptrScalar],
  ['blockOwnerDeletion', ptrScalar],
];
const OBJECT_META: Fields = [
  ['name', str(true)],
  ['generateName', str(true)],
  ['namespace', str(true)],
  ['selfLink', str(true)],
  ['uid', str(true)],
  ['resourceVersion', str(true)],
  ['generation', ptrScalar],
  ['creationTimestamp', ptrScalar],
  ['deletionTimestamp', ptrScalar],
  ['deletionGracePeriodSeconds', ptrScalar],
  ['labels', map],
  ['annotations', map],
  ['ownerReferences', list(struct(OWNER_REFERENCE))],
  ['finalizers', list(str(false))],
  ['managedFields', { t: 'list', of: { t: 'scalar', omitEmpty: false }, omitEmpty: true }],
];
const NETWORK_POLICY: Fields = [
  ['kind', str(true)],
  ['apiVersion', str(true)],
  ['metadata', struct(OBJECT_META)],
  ['spec', struct(SPEC)],
];

/** The Go type of a whole NetworkPolicy (networking/v1), for writers that need its field order. */
export const NETWORK_POLICY_KIND: Kind = struct(NETWORK_POLICY);

/** The Go type of a NetworkPolicySpec. */
export const NETWORK_POLICY_SPEC_KIND: Kind = struct(SPEC);

/** Code-point order, which equals UTF-8 byte order: how Go sorts map keys. */
export function byteOrder(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** Deep copy with object keys sorted byte-wise: used for values of unknown shape. */
export function sortedDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedDeep);
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort(byteOrder)) if (value[k] !== undefined) setOwn(out, k, sortedDeep(value[k]));
  return out;
}

const isEmpty = (v: unknown): boolean =>
  v === undefined ||
  v === null ||
  (Array.isArray(v) && v.length === 0) ||
  (isObject(v) && Object.keys(v).length === 0);

/** Canonical form of one value of a kind; `undefined` means "omit the field". */
function canon(value: unknown, kind: Kind): unknown {
  switch (kind.t) {
    case 'scalar':
      if (value === undefined || value === null) return kind.omitEmpty ? undefined : kind.zero ?? null;
      if (!kind.omitEmpty && value === '') return '';
      return isObject(value) || Array.isArray(value) ? sortedDeep(value) : value;
    case 'map': {
      if (isEmpty(value) || !isObject(value)) return isObject(value) || value == null ? undefined : value;
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(value).sort(byteOrder)) setOwn(out, k, value[k]);
      return out;
    }
    case 'list':
      if (!Array.isArray(value)) return value === undefined || value === null ? undefined : value;
      if (value.length === 0) return undefined;
      return value.map((item) => canon(item, kind.of) ?? (kind.of.t === 'struct' ? {} : null));
    case 'struct': {
      if (value === undefined || value === null) return kind.pointer ? undefined : {};
      if (!isObject(value)) return value;
      return canonStruct(value, kind.fields);
    }
  }
}

function canonStruct(value: Record<string, unknown>, fields: Fields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const known = new Set<string>();
  for (const [name, kind] of fields) {
    known.add(name);
    const v = canon(value[name], kind);
    if (v !== undefined) setOwn(out, name, v);
  }
  // Fields this library does not model (a newer API) are kept, sorted, after the known ones.
  for (const k of Object.keys(value).sort(byteOrder)) {
    if (!known.has(k) && value[k] !== undefined) setOwn(out, k, sortedDeep(value[k]));
  }
  return out;
}

/**
 * Returns a fresh NetworkPolicySpec in canonical form (Go field order, `omitempty` applied).
 * Accepts any object; unknown fields are kept, sorted, after the known ones.
 */
export function canonicalSpec(spec: unknown): Record<string, unknown> {
  return canon(spec, struct(SPEC)) as Record<string, unknown>;
}

/** Returns a fresh NetworkPolicy object in canonical form. */
export function canonicalNetworkPolicy(policy: unknown): Record<string, unknown> {
  return canon(policy, struct(NETWORK_POLICY)) as Record<string, unknown>;
}

/** Returns a fresh label selector in canonical form (`matchLabels` sorted, Go field order). */
export function canonicalLabelSelector(selector: unknown): Record<string, unknown> {
  return canon(selector, struct(LABEL_SELECTOR)) as Record<string, unknown>;
}
