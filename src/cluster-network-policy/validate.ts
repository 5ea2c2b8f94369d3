/**
 * Validation of a ClusterNetworkPolicy as the API server does it with the v1alpha2 CRD: the
 * openAPIV3Schema (types, enums, bounds, item counts, patterns, unions, unknown fields) and the
 * CEL rules (port ranges, `isCIDR`, no named ports next to networks/nodes/domainNames), with the
 * API server's field paths. Label selectors are also checked with Kubernetes' usual rules, which
 * the CRD does not do (an implementation reads an invalid selector as "matches nothing", so a
 * Deny with one fails open).
 */
import { parseCidr } from '../cidr/prefix.js';
import { SandboxPolicyError } from '../errors.js';
import { isObject, type JsonObject } from '../json.js';
import { snapshot } from '../snapshot.js';
import { child, fieldError, index, key, show, type ValidationIssue } from '../validation/field.js';
import { validateLabelSelector, validateLabels } from '../validation/network-policy.js';
import { dns1123SubdomainErrors } from '../validation/names.js';
import { goQuote } from '../validation/go-quote.js';
import { OBJECT_META_FIELDS } from '../validation/pod-fields.generated.js';
import { didYouMean } from '../validation/strict-entry.js';
import { unknownFieldIssues } from '../validation/strict-fields.js';
import { ACTIONS, CEL_MESSAGES, CLUSTER_NETWORK_POLICY_LIMITS as LIMITS, DOMAIN_NAME_PATTERN, DOMAIN_NAME_RE, L4_PROTOCOLS, TIERS } from './limits.js';
import { CLUSTER_NETWORK_POLICY_API_VERSION, CLUSTER_NETWORK_POLICY_KIND, type CrdChannel } from './types.js';

/** Options of {@link validateClusterNetworkPolicy}. */
export interface ClusterNetworkPolicyValidationOptions {
  /**
   * The CRD channel installed in the cluster. `standard` rejects the egress peers `nodes` and
   * `domainNames` (unknown fields there); `experimental` accepts them and adds the named-port
   * rule. Default `'experimental'`.
   */
  readonly channel?: CrdChannel;
}

type Issues = ValidationIssue[];
type Ctx = { readonly channel: CrdChannel; readonly issues: Issues };

const typeNames = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v;

/** kube-openapi's wording for schema errors. */
const schemaError = {
  type: (path: string, value: unknown, type: string): ValidationIssue =>
    fieldError.typeInvalid(path, typeNames(value), `${path} in body must be of type ${type}: ${show(typeNames(value))}`),
  minimum: (path: string, value: number, min: number): ValidationIssue =>
    fieldError.invalid(path, value, `${path} in body should be greater than or equal to ${min}`),
  maximum: (path: string, value: number, max: number): ValidationIssue =>
    fieldError.invalid(path, value, `${path} in body should be less than or equal to ${max}`),
  minItems: (path: string, n: number, min: number): ValidationIssue => fieldError.invalid(path, n, `${path} in body should have at least ${min} items`),
  maxItems: (path: string, n: number, max: number): ValidationIssue => ({
    path,
    type: 'FieldValueTooMany',
    reason: 'too-many',
    message: `Too many: ${n}: must have at most ${max} items`,
    severity: 'error',
  }),
  maxLength: (path: string, max: number): ValidationIssue => ({
    path,
    type: 'FieldValueTooLong',
    reason: 'too-long',
    message: `Too long: may not be more than ${max} bytes`,
    severity: 'error',
  }),
  minProperties: (path: string, n: number, min: number): ValidationIssue =>
    fieldError.invalid(path, n, `${path} in body should have at least ${min} properties`),
  maxProperties: (path: string, n: number, max: number): ValidationIssue =>
    fieldError.invalid(path, n, `${path} in body should have at most ${max} properties`),
  pattern: (path: string, value: string, pattern: string): ValidationIssue =>
    fieldError.invalid(path, value, `${path} in body should match '${pattern}'`),
  duplicate: (path: string, value: unknown): ValidationIssue => ({
    path,
    type: 'FieldValueDuplicate',
    reason: 'duplicate',
    message: `Duplicate value: ${show(value)}`,
    severity: 'error',
  }),
  // Strict field validation's wording (kubectl's default refuses the object), with a did-you-mean.
  unknown: (parent: string, name: string, known: readonly string[], why = ''): ValidationIssue => {
    const path = child(parent, name);
    const meant = why === '' ? didYouMean(name, known) : undefined;
    return {
      path,
      type: 'FieldValueForbidden',
      message: `unknown field ${goQuote(path)}${why}${meant === undefined ? '' : `; did you mean ${goQuote(child(parent, meant))}?`}`,
      severity: 'error',
      reason: 'unknown-field',
    };
  },
  cel: (path: string, kind: 'object' | 'string', message: string): ValidationIssue => fieldError.invalid(path, kind, message),
};

/** Reports fields outside `known`; returns false when `value` is not an object. */
function objectWith(value: unknown, path: string, known: readonly string[], ctx: Ctx, why: Readonly<Record<string, string>> = {}): value is JsonObject {
  if (!isObject(value)) {
    ctx.issues.push(schemaError.type(path, value, 'object'));
    return false;
  }
  for (const k of Object.keys(value)) if (!known.includes(k)) ctx.issues.push(schemaError.unknown(path, k, known, Object.hasOwn(why, k) ? why[k] : ''));
  return true;
}

/** A list with minItems/maxItems; returns its items, or [] when it is not a list. */
function listOf(value: unknown, path: string, min: number, ctx: Ctx): unknown[] {
  if (!Array.isArray(value)) {
    ctx.issues.push(schemaError.type(path, value, 'array'));
    return [];
  }
  if (value.length < min) ctx.issues.push(schemaError.minItems(path, value.length, min));
  if (value.length > LIMITS.maxItems) ctx.issues.push(schemaError.maxItems(path, value.length, LIMITS.maxItems));
  return value;
}

/**
 * Exactly one of the union's fields set (min/maxProperties 1), counting only declared fields: the
 * API server prunes unknown ones (already reported by {@link objectWith}) before counting.
 */
function oneOf(obj: JsonObject, path: string, known: readonly string[], ctx: Ctx): boolean {
  const n = Object.keys(obj).filter((k) => known.includes(k)).length;
  if (n < 1) ctx.issues.push(schemaError.minProperties(path, n, 1));
  if (n > 1) ctx.issues.push(schemaError.maxProperties(path, n, 1));
  return n === 1;
}

function integerIn(value: unknown, path: string, min: number, max: number, ctx: Ctx): value is number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    ctx.issues.push(schemaError.type(path, value, 'integer'));
    return false;
  }
  if (value < min) ctx.issues.push(schemaError.minimum(path, value, min));
  if (value > max) ctx.issues.push(schemaError.maximum(path, value, max));
  return value >= min && value <= max;
}

function string(value: unknown, path: string, ctx: Ctx): value is string {
  if (typeof value === 'string') return true;
  ctx.issues.push(schemaError.type(path, value, 'string'));
  return false;
}

/** A `list-type: set` of strings: each a string, no duplicates. */
function stringSet(items: readonly unknown[], path: string, ctx: Ctx, each: (s: string, p: string) => void): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const p = index(path, i);
    if (!string(item, p, ctx)) return;
    if (seen.has(item)) ctx.issues.push(schemaError.duplicate(p, item));
    seen.add(item);
    each(item, p);
  });
}

function labelSelector(value: unknown, path: string, ctx: Ctx): void {
  if (!objectWith(value, path, ['matchLabels', 'matchExpressions'], ctx)) return;
  const before = ctx.issues.length;
  if (value.matchLabels !== undefined) {
    const labels = value.matchLabels;
    const p = child(path, 'matchLabels');
    if (!isObject(labels)) ctx.issues.push(schemaError.type(p, labels, 'object'));
    else for (const [k, v] of Object.entries(labels)) string(v, key(p, k), ctx);
  }
  if (value.matchExpressions !== undefined) {
    const exprPath = child(path, 'matchExpressions');
    if (!Array.isArray(value.matchExpressions)) ctx.issues.push(schemaError.type(exprPath, value.matchExpressions, 'array'));
    else {
      value.matchExpressions.forEach((expr, i) => {
        const p = index(exprPath, i);
        if (!objectWith(expr, p, ['key', 'operator', 'values'], ctx)) return;
        for (const f of ['key', 'operator'] as const) {
          if (expr[f] === undefined) ctx.issues.push(fieldError.required(child(p, f)));
          else string(expr[f], child(p, f), ctx);
        }
        if (expr.values !== undefined) {
          if (!Array.isArray(expr.values)) ctx.issues.push(schemaError.type(child(p, 'values'), expr.values, 'array'));
          else expr.values.forEach((v, j) => string(v, index(child(p, 'values'), j), ctx));
        }
      });
    }
  }
  // Structurally sound: apply Kubernetes' selector rules (stricter than the CRD, see above).
  if (ctx.issues.length === before) validateLabelSelector(value, path, ctx.issues);
}

function namespacedPod(value: unknown, path: string, ctx: Ctx): void {
  if (!objectWith(value, path, ['namespaceSelector', 'podSelector'], ctx)) return;
  if (value.namespaceSelector !== undefined) labelSelector(value.namespaceSelector, child(path, 'namespaceSelector'), ctx);
  if (value.podSelector === undefined) ctx.issues.push(fieldError.required(child(path, 'podSelector')));
  else labelSelector(value.podSelector, child(path, 'podSelector'), ctx);
}

function port(value: unknown, path: string, ctx: Ctx): void {
  const fields = ['number', 'range'];
  if (!objectWith(value, path, fields, ctx) || !oneOf(value, path, fields, ctx)) return;
  if (value.number !== undefined) integerIn(value.number, child(path, 'number'), 1, 65535, ctx);
  if (value.range !== undefined) {
    const p = child(path, 'range');
    if (!objectWith(value.range, p, ['start', 'end'], ctx)) return;
    let ok = true;
    for (const f of ['start', 'end'] as const) {
      if (value.range[f] === undefined) {
        ctx.issues.push(fieldError.required(child(p, f)));
        ok = false;
      } else ok = integerIn(value.range[f], child(p, f), 1, 65535, ctx) && ok;
    }
    if (ok && !((value.range.start as number) < (value.range.end as number))) ctx.issues.push(schemaError.cel(p, 'object', CEL_MESSAGES.portRange));
  }
}

function protocols(value: unknown, path: string, ctx: Ctx): JsonObject[] {
  const out: JsonObject[] = [];
  listOf(value, path, 1, ctx).forEach((entry, i) => {
    const p = index(path, i);
    const fields = [...L4_PROTOCOLS, 'destinationNamedPort'];
    if (!objectWith(entry, p, fields, ctx)) return;
    out.push(entry);
    if (!oneOf(entry, p, fields, ctx)) return;
    for (const proto of L4_PROTOCOLS) {
      if (entry[proto] === undefined) continue;
      const pp = child(p, proto);
      if (!objectWith(entry[proto], pp, ['destinationPort'], ctx)) continue;
      if (entry[proto].destinationPort === undefined) ctx.issues.push(schemaError.minProperties(pp, 0, 1));
      else port(entry[proto].destinationPort, child(pp, 'destinationPort'), ctx);
    }
    if (entry.destinationNamedPort !== undefined) string(entry.destinationNamedPort, child(p, 'destinationNamedPort'), ctx);
  });
  return out;
}

const EXPERIMENTAL_PEERS = ['nodes', 'domainNames'] as const;
/** The fields of a subject and of an ingress peer. */
const POD_PEERS = ['namespaces', 'pods'];
const EXPERIMENTAL_ONLY = ' (only in the experimental-channel CRD)';

function egressPeer(value: unknown, path: string, action: unknown, tier: unknown, ctx: Ctx): void {
  const experimental = ctx.channel === 'experimental';
  const known = ['namespaces', 'pods', 'networks', ...(experimental ? EXPERIMENTAL_PEERS : [])];
  const why: Readonly<Record<string, string>> = experimental ? {} : { nodes: EXPERIMENTAL_ONLY, domainNames: EXPERIMENTAL_ONLY };
  if (!objectWith(value, path, known, ctx, why)) return;
  if (!oneOf(value, path, known, ctx)) return;
  if (value.namespaces !== undefined) labelSelector(value.namespaces, child(path, 'namespaces'), ctx);
  if (value.pods !== undefined) namespacedPod(value.pods, child(path, 'pods'), ctx);
  if (experimental && value.nodes !== undefined) labelSelector(value.nodes, child(path, 'nodes'), ctx);
  if (value.networks !== undefined) {
    const p = child(path, 'networks');
    stringSet(listOf(value.networks, p, 1, ctx), p, ctx, (cidr, cp) => {
      if (cidr.length > LIMITS.maxCidrLength) ctx.issues.push(schemaError.maxLength(cp, LIMITS.maxCidrLength));
      const parsed = parseCidr(cidr);
      // isCIDR parses like Go's netip.ParsePrefix: no leading zeros, zones or IPv4-mapped IPv6.
      if (parsed === null || parsed.strictProblem === 'leading-zeros' || parsed.strictProblem === 'ipv4-mapped') {
        ctx.issues.push(schemaError.cel(cp, 'string', CEL_MESSAGES.cidr));
      } else if (parsed.strictProblem === 'host-bits') {
        ctx.issues.push(fieldError.warning(cp, `${JSON.stringify(cidr)} has bits set beyond the prefix length; it is read as ${JSON.stringify(parsed.canonical)}`, 'host-bits'));
      }
    });
  }
  if (experimental && value.domainNames !== undefined) {
    const p = child(path, 'domainNames');
    stringSet(listOf(value.domainNames, p, 1, ctx), p, ctx, (name, np) => {
      if (!DOMAIN_NAME_RE.test(name)) ctx.issues.push(schemaError.pattern(np, name, DOMAIN_NAME_PATTERN));
    });
    if (action !== undefined && action !== 'Accept') {
      ctx.issues.push(fieldError.warning(p, `domainNames are only supported in Accept rules: a ${String(action)} by name fails open while the name-to-address data is incomplete`));
    }
    if (tier === 'Baseline') ctx.issues.push(fieldError.warning(p, 'domainNames are meant for the Admin tier; upstream is moving to reject them in Baseline'));
  }
}

function rule(value: unknown, path: string, direction: 'ingress' | 'egress', tier: unknown, ctx: Ctx): void {
  const peersField = direction === 'ingress' ? 'from' : 'to';
  if (!objectWith(value, path, ['name', 'action', peersField, 'protocols'], ctx)) return;
  if (value.name !== undefined && string(value.name, child(path, 'name'), ctx) && value.name.length > LIMITS.maxRuleNameLength) {
    ctx.issues.push(schemaError.maxLength(child(path, 'name'), LIMITS.maxRuleNameLength));
  }
  if (value.action === undefined) ctx.issues.push(fieldError.required(child(path, 'action')));
  else if (string(value.action, child(path, 'action'), ctx) && !(ACTIONS as readonly string[]).includes(value.action)) {
    ctx.issues.push(fieldError.notSupported(child(path, 'action'), value.action, ACTIONS));
  }
  const peersPath = child(path, peersField);
  const peers = value[peersField] === undefined ? (ctx.issues.push(fieldError.required(peersPath)), []) : listOf(value[peersField], peersPath, 1, ctx);
  peers.forEach((peer, j) => {
    const p = index(peersPath, j);
    if (direction === 'egress') egressPeer(peer, p, value.action, tier, ctx);
    else if (objectWith(peer, p, POD_PEERS, ctx) && oneOf(peer, p, POD_PEERS, ctx)) {
      if (peer.namespaces !== undefined) labelSelector(peer.namespaces, child(p, 'namespaces'), ctx);
      if (peer.pods !== undefined) namespacedPod(peer.pods, child(p, 'pods'), ctx);
    }
  });
  const entries = value.protocols === undefined ? [] : protocols(value.protocols, child(path, 'protocols'), ctx);
  // E1 (experimental channel only): named ports resolve against pods, never against addresses.
  if (direction === 'egress' && ctx.channel === 'experimental') {
    const addressPeer = peers.some((peer) => isObject(peer) && (peer.networks !== undefined || peer.nodes !== undefined || peer.domainNames !== undefined));
    if (addressPeer && entries.some((e) => e.destinationNamedPort !== undefined)) ctx.issues.push(schemaError.cel(path, 'object', CEL_MESSAGES.namedPort));
  }
}

function spec(value: unknown, ctx: Ctx): void {
  const path = 'spec';
  if (!objectWith(value, path, ['tier', 'priority', 'subject', 'ingress', 'egress'], ctx)) return;
  if (value.tier === undefined) ctx.issues.push(fieldError.required('spec.tier'));
  else if (string(value.tier, 'spec.tier', ctx) && !(TIERS as readonly string[]).includes(value.tier)) {
    ctx.issues.push(fieldError.notSupported('spec.tier', value.tier, TIERS));
  }
  if (value.priority === undefined) ctx.issues.push(fieldError.required('spec.priority'));
  else integerIn(value.priority, 'spec.priority', LIMITS.minPriority, LIMITS.maxPriority, ctx);
  if (value.subject === undefined) ctx.issues.push(fieldError.required('spec.subject'));
  else if (objectWith(value.subject, 'spec.subject', POD_PEERS, ctx) && oneOf(value.subject, 'spec.subject', POD_PEERS, ctx)) {
    if (value.subject.namespaces !== undefined) labelSelector(value.subject.namespaces, 'spec.subject.namespaces', ctx);
    if (value.subject.pods !== undefined) namespacedPod(value.subject.pods, 'spec.subject.pods', ctx);
  }
  for (const direction of ['ingress', 'egress'] as const) {
    if (value[direction] === undefined) continue;
    const p = child(path, direction);
    listOf(value[direction], p, 0, ctx).forEach((r, i) => rule(r, index(p, i), direction, value.tier, ctx));
  }
}

function metadata(value: unknown, ctx: Ctx): void {
  if (value === undefined) {
    ctx.issues.push(fieldError.required('metadata'));
    return;
  }
  if (!isObject(value)) {
    ctx.issues.push(schemaError.type('metadata', value, 'object'));
    return;
  }
  if (value.name === undefined || value.name === '') {
    if (value.generateName === undefined) ctx.issues.push(fieldError.required('metadata.name', 'name or generateName is required'));
  } else if (string(value.name, 'metadata.name', ctx)) {
    for (const msg of dns1123SubdomainErrors(value.name)) ctx.issues.push(fieldError.invalid('metadata.name', value.name, msg));
  }
  if (value.namespace !== undefined && value.namespace !== '') ctx.issues.push(fieldError.forbidden('metadata.namespace', 'not allowed on this type'));
  ctx.issues.push(...unknownFieldIssues(value, OBJECT_META_FIELDS, 'metadata', didYouMean));
  validateLabels(value.labels, 'metadata.labels', ctx.issues);
}

/**
 * Validates a ClusterNetworkPolicy (`policy.networking.k8s.io/v1alpha2`) as the API server does
 * with the network-policy-api v0.2.0 CRD of the given channel: its openAPIV3Schema (types, the
 * `tier` and `action` enums, `priority` 0-1000, ports 1-65535, at most 25 items in every list,
 * rule names of at most 100 characters, exactly one field in every union, no duplicate CIDRs or
 * domains, the domain-name pattern, no unknown fields) and TypeScript equivalents of its CEL
 * rules (range `start < end`, `isCIDR`, and on the experimental channel no
 * `destinationNamedPort` in a rule with networks/nodes/domainNames peers). It is stricter than the
 * CRD in one place: label selectors must be valid Kubernetes selectors. Warnings (severity
 * `'warning'`, accepted by the API server) flag host bits in a CIDR and `domainNames` outside
 * Admin-tier Accept rules.
 *
 * @param policy - any value, e.g. a parsed YAML document. It is never modified.
 * @param options - `channel`: `'experimental'` (default) or `'standard'`.
 * @returns every issue, with the API server's field paths; empty when the object is valid.
 * @throws {@link SandboxPolicyError} only when `policy` is not JSON data (a cycle, a BigInt, a
 *   getter that throws, nesting deeper than {@link MAX_NESTING_DEPTH}) or `options.channel` is unknown.
 * @example
 * ```ts
 * validateClusterNetworkPolicy({
 *   apiVersion: 'policy.networking.k8s.io/v1alpha2', kind: 'ClusterNetworkPolicy',
 *   metadata: { name: 'github' },
 *   spec: { tier: 'Admin', priority: 20, subject: { namespaces: {} },
 *     egress: [{ action: 'Accept', to: [{ domainNames: ['*github.com'] }] }] },
 * });
 * // [{ path: 'spec.egress[0].to[0].domainNames[0]', type: 'FieldValueInvalid', severity: 'error',
 * //    message: 'Invalid value: "*github.com": spec.egress[0].to[0].domainNames[0] in body should match \'^(\\*\\.)?...\'', reason: 'invalid' }]
 * ```
 */
export function validateClusterNetworkPolicy(policy: unknown, options: ClusterNetworkPolicyValidationOptions = {}): ValidationIssue[] {
  const opts = snapshot(options ?? {}, 'options');
  const channel = isObject(opts) && opts.channel !== undefined ? opts.channel : 'experimental';
  if (channel !== 'standard' && channel !== 'experimental') {
    throw new SandboxPolicyError([{ path: 'options.channel', message: `must be "standard" or "experimental", got ${show(channel)}` }]);
  }
  const value = snapshot(policy);
  const ctx: Ctx = { channel, issues: [] };
  if (!objectWith(value, '', ['apiVersion', 'kind', 'metadata', 'spec', 'status'], ctx)) return ctx.issues;
  if (value.apiVersion !== CLUSTER_NETWORK_POLICY_API_VERSION) {
    ctx.issues.push(fieldError.invalid('apiVersion', value.apiVersion ?? '', `must be ${CLUSTER_NETWORK_POLICY_API_VERSION}`));
  }
  if (value.kind !== CLUSTER_NETWORK_POLICY_KIND) ctx.issues.push(fieldError.invalid('kind', value.kind ?? '', `must be ${CLUSTER_NETWORK_POLICY_KIND}`));
  metadata(value.metadata, ctx);
  if (value.spec === undefined) ctx.issues.push(fieldError.required('spec'));
  else spec(value.spec, ctx);
  return ctx.issues;
}
