/**
 * ClusterNetworkPolicy (`policy.networking.k8s.io/v1alpha2`) read into a validated view, and the
 * superseded v1alpha1 AdminNetworkPolicy / BaselineAdminNetworkPolicy mapped onto it (ANP: Admin
 * tier, same priority; BANP: Baseline tier; `Allow` becomes `Accept`; `ports` become `protocols`).
 * Validation follows the CRD schemas and CEL rules with their messages. Internal.
 */
import { CidrSet } from '../cidr/cidr-set.js';
import { parseCidr } from '../cidr/prefix.js';
import { isObject, type JsonObject } from '../json.js';
import type { PolicyIssue } from '../errors.js';
import { validateLabelSelector } from '../validation/network-policy.js';
import type { ValidationIssue } from '../validation/field.js';
import { ADMIN_NETWORK_POLICY_FIELDS, BASELINE_ADMIN_NETWORK_POLICY_FIELDS, CLUSTER_NETWORK_POLICY_FIELDS } from '../validation/pod-fields.generated.js';
import { strictFieldIssues } from '../validation/strict-entry.js';

/** The two ClusterNetworkPolicy tiers, in evaluation order around the NetworkPolicy tier. */
export type Tier = 'Admin' | 'Baseline';
/** What a matching rule does. */
export type RuleAction = 'Accept' | 'Deny' | 'Pass';

/** One `protocols` entry: a port range of one protocol, or a named port of the destination pod. */
export type ProtocolMatch =
  | { readonly protocol: 'TCP' | 'UDP' | 'SCTP'; readonly start: number; readonly end: number }
  | { readonly namedPort: string };

/** One peer; exactly one kind. Ingress rules only have `namespaces` and `pods`. */
export type ClusterPeer =
  | { readonly namespaces: JsonObject }
  | { readonly pods: { readonly namespaceSelector: JsonObject; readonly podSelector: JsonObject } }
  | { readonly networks: CidrSet; readonly cidrs: readonly string[]; readonly sets: readonly CidrSet[] }
  | { readonly nodes: JsonObject }
  | { readonly domainNames: readonly string[] };

/** One rule of a ClusterNetworkPolicy, in list order. */
export interface ClusterRule {
  /** Its `name` (observability only), if any. */
  readonly name?: string;
  /** Field path in the source object, e.g. `spec.egress[2]`. */
  readonly path: string;
  readonly action: RuleAction;
  readonly peers: readonly ClusterPeer[];
  /** Null when `protocols` is absent: every protocol and port (ICMP included). */
  readonly protocols: readonly ProtocolMatch[] | null;
}

/** A validated ClusterNetworkPolicy (or mapped ANP/BANP). */
export interface ClusterPolicyView {
  /** The kind it was read from. */
  readonly kind: 'ClusterNetworkPolicy' | 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy';
  readonly name: string;
  readonly tier: Tier;
  /** 0 (first) to 1000 (last); a BaselineAdminNetworkPolicy, which has none, gets {@link BANP_PRIORITY}. */
  readonly priority: number;
  readonly subject: { readonly namespaces: JsonObject } | { readonly pods: { readonly namespaceSelector: JsonObject; readonly podSelector: JsonObject } };
  readonly ingress: readonly ClusterRule[];
  readonly egress: readonly ClusterRule[];
  /** Selectors the API server stored but that cannot be parsed: each is replaced by {@link UNMATCHABLE_SELECTOR} and matches nothing. */
  readonly unmatchable?: readonly UnmatchableSelector[];
}

/** The priority given to a v1alpha1 BaselineAdminNetworkPolicy (it had none): after every v1alpha2 Baseline policy. */
export const BANP_PRIORITY = 1000;

export const CNP_API_VERSION = 'policy.networking.k8s.io/v1alpha2';
export const ANP_API_VERSION = 'policy.networking.k8s.io/v1alpha1';

/** CEL messages and the DomainName pattern, verbatim from the CRDs. */
const RANGE_MESSAGE = 'Start port must be less than End port';
const CIDR_MESSAGE = 'Invalid CIDR format provided';
const NAMED_PORT_MESSAGE = 'networks/nodes/domainNames peer cannot be set with namedPorts since there are no namedPorts for networks/nodes/domainNames';
// eslint-disable-next-line no-useless-escape
const DOMAIN_NAME = /^(\*\.)?([a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.)+[a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.?$/;
const MAX_V1ALPHA2 = 25;
const MAX_V1ALPHA1 = 100;

type Issues = PolicyIssue[];

/** A selector the API server stores but no implementation can parse: where, and why. */
export interface UnmatchableSelector {
  /** Field path of the selector, e.g. `spec.subject.namespaces`. */
  readonly path: string;
  /** The first parse problem, in the API server's words. */
  readonly message: string;
}

/**
 * The selector put in place of one that cannot be parsed: its operator is none of the four, so
 * it matches no labels (`selectorMatches` fails closed on unknown operators) and never counts as
 * selecting everything.
 */
export const UNMATCHABLE_SELECTOR: JsonObject = /* @__PURE__ */ (() =>
  Object.freeze({ matchExpressions: Object.freeze([Object.freeze({ key: 'agent-sandbox-policy.invalid/unmatchable', operator: 'Unmatchable' })]) }))() as JsonObject;

/** Problems the CRD schema accepts and the selector parser refuses go here, per policy. */
type Unmatchable = UnmatchableSelector[];

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/**
 * A LabelSelector as the CRD schema types it (`matchLabels` a string map, `matchExpressions`
 * objects with a string `key` and `operator` required and string `values`). Those are rejected;
 * label syntax, operator names and the values rules are not checked by the schema: the object is
 * stored, implementations fail to parse the selector and treat it as matching nothing.
 */
function selector(value: unknown, path: string, issues: Issues, unmatchable: Unmatchable): JsonObject {
  if (!isObject(value)) {
    issues.push({ path, message: 'Required value: must be a label selector object' });
    return {};
  }
  const found: ValidationIssue[] = [];
  validateLabelSelector(value, path, found);
  const before = issues.length;
  for (const i of found) if (i.severity === 'error' && i.reason === 'wrong-type') issues.push({ path: i.path, message: i.message, type: i.type });
  if (Array.isArray(value.matchExpressions)) {
    value.matchExpressions.forEach((e, k) => {
      if (!isObject(e)) return;
      for (const f of ['key', 'operator'] as const) {
        if (e[f] === undefined || e[f] === null) issues.push({ path: `${path}.matchExpressions[${k}].${f}`, message: 'Required value', type: 'FieldValueRequired' });
        else if (typeof e[f] !== 'string' && f === 'operator') issues.push({ path: `${path}.matchExpressions[${k}].${f}`, message: 'Invalid value: must be a string', type: 'FieldValueTypeInvalid' });
      }
    });
  }
  if (issues.length > before) return value;
  const parse = found.find((i) => i.severity === 'error' && i.reason !== 'wrong-type');
  if (parse === undefined) return value;
  unmatchable.push({ path, message: `${parse.path}: ${parse.message}` });
  return UNMATCHABLE_SELECTOR;
}

/** Exactly one of `allowed` set: the CRD's minProperties/maxProperties 1. */
function oneOf(obj: unknown, allowed: readonly string[], path: string, issues: Issues): string | null {
  if (!isObject(obj)) {
    issues.push({ path, message: 'Invalid value: must be an object' });
    return null;
  }
  const keys = Object.keys(obj);
  const unknown = keys.filter((k) => !allowed.includes(k));
  for (const k of unknown) issues.push({ path: `${path}.${k}`, message: `Unsupported field: supported fields: ${allowed.join(', ')}` });
  const set = keys.filter((k) => allowed.includes(k) && obj[k] !== null);
  if (set.length !== 1) {
    issues.push({ path, message: `Invalid value: exactly one of ${allowed.join(', ')} must be set (got ${set.length})` });
    return null;
  }
  return set[0]!;
}

function list(value: unknown, path: string, min: number, max: number, issues: Issues, required = false): unknown[] {
  if (value === undefined || value === null) {
    if (required) issues.push({ path, message: 'Required value' });
    return [];
  }
  if (!Array.isArray(value)) {
    issues.push({ path, message: 'Invalid value: must be a list' });
    return [];
  }
  if (value.length < min) issues.push({ path, message: `Invalid value: should have at least ${min} items` });
  if (value.length > max) issues.push({ path, message: `Too many: ${value.length}: must have at most ${max} items` });
  return value;
}

function namespacedPod(value: unknown, path: string, issues: Issues, unmatchable: Unmatchable): { namespaceSelector: JsonObject; podSelector: JsonObject } {
  if (!isObject(value)) {
    issues.push({ path, message: 'Invalid value: must be an object' });
    return { namespaceSelector: {}, podSelector: {} };
  }
  // An absent namespaceSelector is the same as {}: every namespace.
  const namespaceSelector = value.namespaceSelector === undefined || value.namespaceSelector === null ? {} : selector(value.namespaceSelector, `${path}.namespaceSelector`, issues, unmatchable);
  return { namespaceSelector, podSelector: selector(value.podSelector, `${path}.podSelector`, issues, unmatchable) };
}

function portNumber(v: unknown, path: string, issues: Issues): number {
  if (!isInt(v) || v < 1 || v > 65535) issues.push({ path, message: `Invalid value: ${JSON.stringify(v) ?? 'null'}: must be an integer from 1 to 65535` });
  return isInt(v) ? v : 0;
}

const PROTOCOL_KEYS = { tcp: 'TCP', udp: 'UDP', sctp: 'SCTP' } as const;

function v1alpha2Protocols(value: unknown, path: string, issues: Issues): ProtocolMatch[] | null {
  if (value === undefined || value === null) return null;
  return list(value, path, 1, MAX_V1ALPHA2, issues).map((entry, k) => {
    const p = `${path}[${k}]`;
    const which = oneOf(entry, ['tcp', 'udp', 'sctp', 'destinationNamedPort'], p, issues);
    if (which === null) return { namedPort: '' };
    const e = entry as JsonObject;
    if (which === 'destinationNamedPort') {
      if (typeof e.destinationNamedPort !== 'string') issues.push({ path: `${p}.destinationNamedPort`, message: 'Invalid value: must be a string' });
      return { namedPort: String(e.destinationNamedPort) };
    }
    const protocol = PROTOCOL_KEYS[which as keyof typeof PROTOCOL_KEYS];
    const dp = `${p}.${which}.destinationPort`;
    const body = e[which];
    if (!isObject(body) || body.destinationPort === undefined || body.destinationPort === null) {
      issues.push({ path: dp, message: 'Required value' });
      return { protocol, start: 1, end: 65535 };
    }
    const kind = oneOf(body.destinationPort, ['number', 'range'], dp, issues);
    const port = body.destinationPort as JsonObject;
    if (kind === 'number') {
      const n = portNumber(port.number, `${dp}.number`, issues);
      return { protocol, start: n, end: n };
    }
    if (kind === 'range') {
      const r = port.range;
      if (!isObject(r)) {
        issues.push({ path: `${dp}.range`, message: 'Invalid value: must be an object' });
        return { protocol, start: 1, end: 65535 };
      }
      const start = portNumber(r.start, `${dp}.range.start`, issues);
      const end = portNumber(r.end, `${dp}.range.end`, issues);
      if (isInt(r.start) && isInt(r.end) && !(r.start < r.end)) issues.push({ path: `${dp}.range`, message: `Invalid value: "object": ${RANGE_MESSAGE}` });
      return { protocol, start, end };
    }
    return { protocol, start: 1, end: 65535 };
  });
}

/** v1alpha1 `ports`: portNumber / portRange (protocol defaults to TCP) / namedPort. */
function v1alpha1Ports(value: unknown, path: string, issues: Issues): ProtocolMatch[] | null {
  if (value === undefined || value === null) return null;
  return list(value, path, 1, MAX_V1ALPHA1, issues).map((entry, k) => {
    const p = `${path}[${k}]`;
    const which = oneOf(entry, ['portNumber', 'portRange', 'namedPort'], p, issues);
    const e = (isObject(entry) ? entry : {}) as JsonObject;
    if (which === 'namedPort') return { namedPort: String(e.namedPort) };
    const body = isObject(e[which ?? '']) ? (e[which!] as JsonObject) : {};
    const proto = body.protocol ?? 'TCP';
    if (proto !== 'TCP' && proto !== 'UDP' && proto !== 'SCTP') issues.push({ path: `${p}.${which}.protocol`, message: `Unsupported value: ${JSON.stringify(proto)}: supported values: "TCP", "UDP", "SCTP"` });
    const protocol = proto as 'TCP' | 'UDP' | 'SCTP';
    if (which === 'portNumber') {
      const n = portNumber(body.port, `${p}.portNumber.port`, issues);
      return { protocol, start: n, end: n };
    }
    const start = portNumber(body.start, `${p}.portRange.start`, issues);
    const end = portNumber(body.end, `${p}.portRange.end`, issues);
    if (start > end) issues.push({ path: `${p}.portRange`, message: `Invalid value: end must not be below start` });
    return { protocol, start, end };
  });
}

function peers(value: unknown, path: string, direction: 'ingress' | 'egress', legacy: boolean, issues: Issues, unmatchable: Unmatchable): ClusterPeer[] {
  const allowed = direction === 'ingress' ? ['namespaces', 'pods'] : ['namespaces', 'pods', 'networks', 'nodes', 'domainNames'];
  return list(value, path, 1, legacy ? MAX_V1ALPHA1 : MAX_V1ALPHA2, issues, true).flatMap((peer, j): ClusterPeer[] => {
    const p = `${path}[${j}]`;
    const which = oneOf(peer, allowed, p, issues);
    if (which === null) return [];
    const v = (peer as JsonObject)[which];
    switch (which) {
      case 'namespaces':
        return [{ namespaces: selector(v, `${p}.namespaces`, issues, unmatchable) }];
      case 'pods':
        return [{ pods: namespacedPod(v, `${p}.pods`, issues, unmatchable) }];
      case 'nodes':
        return [{ nodes: selector(v, `${p}.nodes`, issues, unmatchable) }];
      case 'networks': {
        const items = list(v, `${p}.networks`, 1, MAX_V1ALPHA2, issues, true);
        const parsed = items.map((c, k) => {
          const cidr = typeof c === 'string' && c.length <= 43 ? parseCidr(c) : null;
          // isCIDR: Go netip.ParsePrefix, so no leading zeros and no IPv4-mapped IPv6; host bits are allowed.
          if (cidr === null || cidr.strictProblem === 'leading-zeros' || cidr.strictProblem === 'ipv4-mapped') {
            issues.push({ path: `${p}.networks[${k}]`, message: `Invalid value: ${JSON.stringify(c) ?? 'null'}: ${CIDR_MESSAGE}` });
            return null;
          }
          return cidr;
        });
        if (new Set(items.map(String)).size !== items.length) issues.push({ path: `${p}.networks`, message: 'Duplicate value: list items must be unique' });
        const ok = parsed.filter((c) => c !== null);
        return [{ networks: CidrSet.fromParsed(ok), cidrs: ok.map((c) => c.canonical), sets: ok.map((c) => CidrSet.fromParsed([c])) }];
      }
      default: {
        const items = list(v, `${p}.domainNames`, 1, MAX_V1ALPHA2, issues, true);
        items.forEach((d, k) => {
          if (typeof d !== 'string' || !DOMAIN_NAME.test(d)) {
            issues.push({ path: `${p}.domainNames[${k}]`, message: `Invalid value: ${JSON.stringify(d) ?? 'null'}: should match '${DOMAIN_NAME.source}'` });
          }
        });
        if (new Set(items.map(String)).size !== items.length) issues.push({ path: `${p}.domainNames`, message: 'Duplicate value: list items must be unique' });
        return [{ domainNames: items.map(String) }];
      }
    }
  });
}

const ACTIONS_V1ALPHA2: readonly string[] = ['Accept', 'Deny', 'Pass'];

function rules(spec: JsonObject, direction: 'ingress' | 'egress', kind: ClusterPolicyView['kind'], issues: Issues, unmatchable: Unmatchable): ClusterRule[] {
  const legacy = kind !== 'ClusterNetworkPolicy';
  const actions = kind === 'ClusterNetworkPolicy' ? ACTIONS_V1ALPHA2 : kind === 'AdminNetworkPolicy' ? ['Allow', 'Deny', 'Pass'] : ['Allow', 'Deny'];
  const path = `spec.${direction}`;
  return list(spec[direction], path, 0, legacy ? MAX_V1ALPHA1 : MAX_V1ALPHA2, issues).map((rule, i) => {
    const p = `${path}[${i}]`;
    if (!isObject(rule)) {
      issues.push({ path: p, message: 'Invalid value: must be a rule object' });
      return { path: p, action: 'Deny', peers: [], protocols: null };
    }
    if (rule.name !== undefined && (typeof rule.name !== 'string' || rule.name.length > 100)) {
      issues.push({ path: `${p}.name`, message: 'Invalid value: must be a string of at most 100 characters' });
    }
    if (!actions.includes(rule.action as string)) {
      issues.push({ path: `${p}.action`, message: `Unsupported value: ${JSON.stringify(rule.action) ?? 'null'}: supported values: ${actions.map((a) => `"${a}"`).join(', ')}` });
    }
    const peersKey = direction === 'ingress' ? 'from' : 'to';
    const ps = peers(rule[peersKey], `${p}.${peersKey}`, direction, legacy, issues, unmatchable);
    const protocols = legacy ? v1alpha1Ports(rule.ports, `${p}.ports`, issues) : v1alpha2Protocols(rule.protocols, `${p}.protocols`, issues);
    if (direction === 'egress' && protocols?.some((x) => 'namedPort' in x) && ps.some((x) => 'networks' in x || 'nodes' in x || 'domainNames' in x)) {
      issues.push({ path: p, message: `Invalid value: "object": ${NAMED_PORT_MESSAGE}` });
    }
    const action = (rule.action === 'Allow' ? 'Accept' : rule.action) as RuleAction;
    return { ...(typeof rule.name === 'string' ? { name: rule.name } : {}), path: p, action, peers: ps, protocols };
  });
}

/**
 * Reads a ClusterNetworkPolicy, AdminNetworkPolicy or BaselineAdminNetworkPolicy (plain data,
 * kind and apiVersion already checked by the caller) into a view, or the problems that make the
 * API server reject it.
 */
export function readClusterPolicy(obj: JsonObject, kind: ClusterPolicyView['kind']): { view: ClusterPolicyView } | { issues: PolicyIssue[] } {
  // Strict field validation (kubectl's default): an unknown field anywhere refuses the object.
  const tree = kind === 'ClusterNetworkPolicy' ? CLUSTER_NETWORK_POLICY_FIELDS : kind === 'AdminNetworkPolicy' ? ADMIN_NETWORK_POLICY_FIELDS : BASELINE_ADMIN_NETWORK_POLICY_FIELDS;
  const issues: Issues = strictFieldIssues(obj, tree, '').map(({ path, message }) => ({ path, message }));
  const unmatchable: Unmatchable = [];
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : '';
  if (name === '') issues.push({ path: 'metadata.name', message: 'Required value: name or generateName is required' });
  if (kind === 'BaselineAdminNetworkPolicy' && name !== '' && name !== 'default') {
    issues.push({ path: 'metadata.name', message: 'Invalid value: Only one baseline admin network policy with metadata.name="default" can be created in the cluster' });
  }
  const spec = isObject(obj.spec) ? obj.spec : null;
  if (spec === null) return { issues: [...issues, { path: 'spec', message: 'Required value' }] };
  let tier: Tier = kind === 'BaselineAdminNetworkPolicy' ? 'Baseline' : 'Admin';
  if (kind === 'ClusterNetworkPolicy') {
    if (spec.tier !== 'Admin' && spec.tier !== 'Baseline') issues.push({ path: 'spec.tier', message: `Unsupported value: ${JSON.stringify(spec.tier) ?? 'null'}: supported values: "Admin", "Baseline"` });
    else tier = spec.tier;
  }
  let priority = BANP_PRIORITY;
  if (kind !== 'BaselineAdminNetworkPolicy') {
    if (!isInt(spec.priority) || spec.priority < 0 || spec.priority > 1000) {
      issues.push({ path: 'spec.priority', message: `Invalid value: ${JSON.stringify(spec.priority) ?? 'null'}: must be an integer from 0 to 1000` });
    } else priority = spec.priority;
  }
  const which = oneOf(spec.subject, ['namespaces', 'pods'], 'spec.subject', issues);
  const subjectValue = which === null ? null : (spec.subject as JsonObject)[which];
  const subject: ClusterPolicyView['subject'] =
    which === 'pods' ? { pods: namespacedPod(subjectValue, 'spec.subject.pods', issues, unmatchable) } : { namespaces: selector(subjectValue ?? {}, 'spec.subject.namespaces', issues, unmatchable) };
  const ingress = rules(spec, 'ingress', kind, issues, unmatchable);
  const egress = rules(spec, 'egress', kind, issues, unmatchable);
  if (issues.length > 0) return { issues };
  return {
    view: Object.freeze({
      kind,
      name,
      tier,
      priority,
      subject,
      ingress: Object.freeze(ingress),
      egress: Object.freeze(egress),
      ...(unmatchable.length > 0 ? { unmatchable: Object.freeze(unmatchable.map((u) => Object.freeze(u))) } : {}),
    }),
  };
}

/** Every name the pattern matches: `a.b` only itself; `*.a.b` any name with one or more labels before `a.b`. Case-insensitive; one trailing dot ignored. */
export function domainMatches(pattern: string, name: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/\.$/, '');
  const p = norm(pattern);
  const n = norm(name);
  if (!p.startsWith('*.')) return p === n;
  const suffix = p.slice(1); // ".a.b"
  return n.length > suffix.length && n.endsWith(suffix) && !n.slice(0, n.length - suffix.length).endsWith('.');
}

