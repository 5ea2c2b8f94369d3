import { INVALID_CIDR_MESSAGE, STRICT_CIDR_MESSAGES, isStrictSubset, parseCidr, v4CidrKey, type ParsedCidr } from '../cidr/prefix.js';
import { looksLikePolicy, readPolicy } from '../policy-input.js';
import { SandboxPolicyError } from '../errors.js';
import { describeValue, snapshotOptions } from '../snapshot.js';
import { cidrWarnings } from './cidr-warnings.js';
import { child, fieldError, index, key, type ValidationIssue } from './field.js';
import {
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  labelValueErrors,
  portNameErrors,
  portNumberErrors,
  qualifiedNameErrors,
} from './names.js';
import { isObject, type JsonObject } from '../json.js';
import { NETWORK_POLICY_FIELDS } from './pod-fields.generated.js';
import { didYouMean } from './strict-entry.js';
import { unknownFieldIssues } from './strict-fields.js';

/**
 * Options of {@link validateNetworkPolicySpec}.
 */
export interface ValidationOptions {
  /**
   * Validate CIDRs as Kubernetes >= 1.36 does (`StrictIPCIDRValidation`, on by default there):
   * leading zeros, host bits and IPv4-mapped IPv6 are errors. With `false` (clusters before
   * 1.36, or the gate disabled) they are accepted and reported as warnings. Default `true`.
   */
  readonly strictCidr?: boolean;
}

/**
 * Reads {@link ValidationOptions} (`undefined`, `null` or an object with `strictCidr`). Internal.
 *
 * @throws {@link SandboxPolicyError} for anything else.
 */
export function readValidationOptions(options: unknown): ValidationOptions {
  const data = snapshotOptions(options, ['strictCidr']);
  const strict = data.strictCidr;
  if (strict !== undefined && strict !== null && typeof strict !== 'boolean') {
    throw new SandboxPolicyError([{ path: 'options.strictCidr', message: `must be a boolean, got ${describeValue(strict)}` }]);
  }
  return strict === false ? { strictCidr: false } : {};
}

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
const POLICY_TYPES = ['Ingress', 'Egress'] as const;

const present = (v: unknown): boolean => v !== undefined && v !== null;

/** Reads a list field; reports a type error and returns [] when it is not a list. */
function list(value: unknown, path: string, issues: ValidationIssue[]): unknown[] {
  if (!present(value)) return [];
  if (Array.isArray(value)) return value;
  issues.push(fieldError.typeInvalid(path, value, 'must be a list'));
  return [];
}

function sortedEntries(obj: JsonObject): Array<[string, unknown]> {
  return Object.keys(obj)
    .sort()
    .map((k) => [k, obj[k]]);
}

/** `ValidateLabels`: keys are qualified names, values label values; errors at the map's path. */
export function validateLabels(labels: unknown, path: string, issues: ValidationIssue[]): void {
  if (!present(labels)) return;
  if (!isObject(labels)) {
    issues.push(fieldError.typeInvalid(path, labels, 'must be a map of string keys to string values'));
    return;
  }
  for (const [k, v] of sortedEntries(labels)) {
    for (const msg of qualifiedNameErrors(k)) issues.push(fieldError.invalid(path, k, msg));
    if (typeof v !== 'string') {
      issues.push(fieldError.typeInvalid(key(path, k), v, 'must be a string'));
      continue;
    }
    for (const msg of labelValueErrors(v)) issues.push(fieldError.invalid(path, v, msg));
  }
}

/** `ValidateLabelSelector` with invalid label values rejected (as on Create). */
export function validateLabelSelector(selector: unknown, path: string, issues: ValidationIssue[]): void {
  if (!present(selector)) return;
  if (!isObject(selector)) {
    issues.push(fieldError.typeInvalid(path, selector, 'must be a label selector object'));
    return;
  }
  validateLabels(selector.matchLabels, child(path, 'matchLabels'), issues);
  const exprPath = child(path, 'matchExpressions');
  list(selector.matchExpressions, exprPath, issues).forEach((expr, i) => {
    const p = index(exprPath, i);
    if (!isObject(expr)) {
      issues.push(fieldError.typeInvalid(p, expr, 'must be a label selector requirement'));
      return;
    }
    const values = list(expr.values, child(p, 'values'), issues);
    const operator = expr.operator;
    if (operator === 'In' || operator === 'NotIn') {
      if (values.length === 0) {
        issues.push(fieldError.required(child(p, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
      }
    } else if (operator === 'Exists' || operator === 'DoesNotExist') {
      if (values.length > 0) {
        issues.push(fieldError.forbidden(child(p, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      }
    } else {
      issues.push(fieldError.invalid(child(p, 'operator'), operator ?? '', 'not a valid selector operator'));
    }
    const k = typeof expr.key === 'string' ? expr.key : '';
    if (typeof expr.key !== 'string' && present(expr.key)) issues.push(fieldError.typeInvalid(child(p, 'key'), expr.key, 'must be a string'));
    for (const msg of qualifiedNameErrors(k)) issues.push(fieldError.invalid(child(p, 'key'), k, msg));
    values.forEach((v, j) => {
      const vp = index(child(p, 'values'), j);
      if (typeof v !== 'string') issues.push(fieldError.typeInvalid(vp, v, 'must be a string'));
      else for (const msg of labelValueErrors(v)) issues.push(fieldError.invalid(vp, v, msg));
    });
  });
}

/** `ValidateNetworkPolicyPort`. */
function validatePort(port: unknown, path: string, issues: ValidationIssue[]): void {
  if (!isObject(port)) {
    issues.push(fieldError.typeInvalid(path, port, 'must be a port object'));
    return;
  }
  const { protocol, port: value, endPort } = port;
  if (present(protocol) && !(PROTOCOLS as readonly unknown[]).includes(protocol)) {
    issues.push(fieldError.notSupported(child(path, 'protocol'), protocol, PROTOCOLS));
  }
  if (present(endPort) && (typeof endPort !== 'number' || !Number.isInteger(endPort))) {
    issues.push(fieldError.typeInvalid(child(path, 'endPort'), endPort, 'must be an integer'));
    return;
  }
  const end = endPort as number | null | undefined;
  if (present(value)) {
    if (typeof value === 'number') {
      if (!Number.isInteger(value)) {
        issues.push(fieldError.typeInvalid(child(path, 'port'), value, 'must be an integer or a port name'));
        return;
      }
      for (const msg of portNumberErrors(value)) issues.push(fieldError.invalid(child(path, 'port'), value, msg));
      if (present(end)) {
        if (end! < value) issues.push(fieldError.invalid(child(path, 'endPort'), end, 'must be greater than or equal to `port`'));
        for (const msg of portNumberErrors(end!)) issues.push(fieldError.invalid(child(path, 'endPort'), end, msg));
      }
    } else if (typeof value === 'string') {
      if (present(end)) issues.push(fieldError.invalid(child(path, 'endPort'), end, 'may not be specified when `port` is non-numeric'));
      for (const msg of portNameErrors(value)) issues.push(fieldError.invalid(child(path, 'port'), value, msg));
    } else {
      issues.push(fieldError.typeInvalid(child(path, 'port'), value, 'must be an integer or a port name'));
    }
  } else if (present(end)) {
    issues.push(fieldError.invalid(child(path, 'endPort'), end, 'may not be specified when `port` is not specified'));
  }
}

/**
 * Where validation records what it read of peers' cidrs, for a caller that reads the same blocks
 * next (the audit), so that each cidr text is read once per call: by peer list (the `to` array
 * object), one {@link PeerReads} made by that caller beforehand for each list it will read.
 * Validation only fills the entries it finds (a Map entry per ipBlock would cost about as much
 * as the parse). Internal.
 */
export type ParsedBlocks = ReadonlyMap<object, PeerReads>;

/** What validation read of the cidr of each peer of one list (index = peer index). Internal. */
export interface PeerReads {
  /**
   * The strict `v4CidrKey` of the cidr of a block without excepts whose cidr is a strict canonical
   * dotted quad (read by its key alone, not parsed); -1 as made, where validation read none.
   */
  readonly keys: Float64Array;
  /** The parse of any other cidr that parses (undefined where none was made). */
  readonly cidrs: Array<ParsedCidr | undefined>;
}

/**
 * The path of the ipBlock of peer `peer` of the list at `peersPath`, plus `tail`. Paths under a
 * peer list are only built when an issue is reported: a long allow-list is mostly clean.
 */
function blockPath(peersPath: string, peer: number, tail = ''): string {
  return `${peersPath}[${peer}].ipBlock${tail}`;
}

/**
 * `IsValidCIDRForLegacyField` plus the warnings of `GetWarningsForCIDR`, for a cidr text in the
 * ipBlock of peer `peer` of the list at `peersPath`: its `cidr` (`except` -1) or `except[except]`.
 * Returns the parse, or null.
 */
function validateCidrText(value: unknown, strict: boolean, issues: ValidationIssue[], peersPath: string, peer: number, except: number): ParsedCidr | null {
  const parsed = typeof value === 'string' ? parseCidr(value) : null;
  if (parsed !== null && parsed.strictProblem === null && !parsed.nonCanonicalText) return parsed; // nothing to say
  const path = blockPath(peersPath, peer, except < 0 ? '.cidr' : `.except[${except}]`);
  if (typeof value !== 'string') issues.push(fieldError.typeInvalid(path, value, 'must be a CIDR string'));
  else if (parsed === null) issues.push(fieldError.invalid(path, value, INVALID_CIDR_MESSAGE, 'invalid-cidr'));
  else if (strict && parsed.strictProblem !== null) issues.push(fieldError.invalid(path, value, STRICT_CIDR_MESSAGES[parsed.strictProblem], parsed.strictProblem));
  else for (const warning of cidrWarnings(parsed)) issues.push(fieldError.warning(path, warning.message, warning.reason));
  return parsed;
}

/**
 * `ValidateIPBlock` for the ipBlock of peer `peer` of the list at `peersPath`. Records in `reads`
 * (when the caller asked for this list) the strict key of a canonical dotted-quad cidr without excepts, or else the
 * parse of a cidr that parses.
 */
function validateIpBlock(
  block: unknown,
  strict: boolean,
  issues: ValidationIssue[],
  peersPath: string,
  peer: number,
  reads: PeerReads | undefined,
): void {
  if (!isObject(block)) {
    issues.push(fieldError.typeInvalid(blockPath(peersPath, peer), block, 'must be an ipBlock object'));
    return;
  }
  if (!present(block.cidr) || block.cidr === '') {
    issues.push(fieldError.required(blockPath(peersPath, peer, '.cidr')));
    return;
  }
  // Most blocks of a long allow-list: a strict, canonical dotted-quad cidr and no excepts. Its
  // key parses it without allocating; such text is exactly what parseCidr finds valid with no
  // strict problem and no warning, so there is nothing to report.
  if (!present(block.except) && typeof block.cidr === 'string') {
    const key = v4CidrKey(block.cidr, true);
    if (key >= 0) {
      if (reads !== undefined) reads.keys[peer] = key;
      return;
    }
  }
  const cidr = validateCidrText(block.cidr, strict, issues, peersPath, peer, -1);
  if (cidr === null) return;
  if (reads !== undefined) reads.cidrs[peer] = cidr;
  if (!present(block.except)) return;
  list(block.except, blockPath(peersPath, peer, '.except'), issues).forEach((text, i) => {
    const except = validateCidrText(text, strict, issues, peersPath, peer, i);
    if (except !== null && !isStrictSubset(cidr, except)) {
      issues.push(fieldError.invalid(blockPath(peersPath, peer, `.except[${i}]`), text, 'must be a strict subset of `cidr`', 'except-not-subset'));
    }
  });
}

/** `ValidateNetworkPolicyPeer` for peer `peer` of the list at `peersPath`. */
function validatePeer(
  value: unknown,
  strict: boolean,
  issues: ValidationIssue[],
  peersPath: string,
  peer: number,
  reads: PeerReads | undefined,
): void {
  if (!isObject(value)) {
    issues.push(fieldError.typeInvalid(index(peersPath, peer), value, 'must be a peer object'));
    return;
  }
  let count = 0;
  if (present(value.podSelector)) {
    count++;
    validateLabelSelector(value.podSelector, child(index(peersPath, peer), 'podSelector'), issues);
  }
  if (present(value.namespaceSelector)) {
    count++;
    validateLabelSelector(value.namespaceSelector, child(index(peersPath, peer), 'namespaceSelector'), issues);
  }
  const ipBlock = value.ipBlock;
  if (present(ipBlock)) {
    count++;
    validateIpBlock(ipBlock, strict, issues, peersPath, peer, reads);
  }
  if (count === 0) issues.push(fieldError.required(index(peersPath, peer), 'must specify a peer'));
  else if (count > 1 && present(ipBlock)) issues.push(fieldError.forbidden(index(peersPath, peer), 'may not specify both ipBlock and another peer'));
}

/**
 * Validates ingress and egress rules as `ValidateNetworkPolicySpec` does, under `root`
 * (`spec` for a NetworkPolicy, `spec.networkPolicy` for a SandboxTemplate). Internal.
 */
export function validateRules(rules: JsonObject, root: string, options: ValidationOptions, issues: ValidationIssue[], parsed?: ParsedBlocks): void {
  const strict = options.strictCidr !== false;
  for (const [direction, peersField] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const) {
    const rulesPath = child(root, direction);
    list(rules[direction], rulesPath, issues).forEach((rule, i) => {
      const rulePath = index(rulesPath, i);
      if (!isObject(rule)) {
        issues.push(fieldError.typeInvalid(rulePath, rule, `must be an ${direction} rule object`));
        return;
      }
      const portsPath = child(rulePath, 'ports');
      list(rule.ports, portsPath, issues).forEach((port, j) => validatePort(port, index(portsPath, j), issues));
      const peersPath = child(rulePath, peersField);
      const peers = list(rule[peersField], peersPath, issues);
      const reads = parsed?.get(peers);
      peers.forEach((peer, j) => validatePeer(peer, strict, issues, peersPath, j, reads));
    });
  }
}

/**
 * Validates a NetworkPolicy spec exactly as the API server's `ValidateNetworkPolicySpec` does on
 * Create (label selectors, ports, peers, ipBlocks, policyTypes), with its field paths and error
 * types. A value of the wrong JSON type is reported as `FieldValueTypeInvalid`. Accepts the wire
 * format or `@kubernetes/client-node`'s in-memory shape (ingress `_from`); a rule giving both
 * `from` and `_from` is a `FieldValueForbidden` error at `spec.ingress[i]`.
 *
 * @param spec - the `spec` of a NetworkPolicy (any parsed JSON/YAML value).
 * @param options - `strictCidr` (default `true`, as Kubernetes >= 1.36).
 * @returns every issue found, errors and warnings, in the API server's order; empty when valid.
 * @throws {@link SandboxPolicyError} only when `spec` is not plain data (a getter that throws, a cycle, a
 *   BigInt, nesting deeper than {@link MAX_NESTING_DEPTH}, ...) or `options` is invalid.
 * @example
 * ```ts
 * validateNetworkPolicySpec({ podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['192.168.0.0/16'] } }] }] });
 * // [{ path: 'spec.egress[0].to[0].ipBlock.except[0]', type: 'FieldValueInvalid',
 * //    message: 'Invalid value: "192.168.0.0/16": must be a strict subset of `cidr`', severity: 'error',
 * //    reason: 'except-not-subset' }]
 * ```
 */
export function validateNetworkPolicySpec(spec: unknown, options?: ValidationOptions): ValidationIssue[] {
  const opts = readValidationOptions(options);
  const input = readPolicy(spec, 'spec', 'spec');
  return [...input.issues, ...validateSpecAt(input.data, 'spec', opts)];
}

/**
 * Throws a SandboxPolicyError listing the errors (not warnings) among `issues`, their paths under
 * `prefix` (`policies[0]` gives `policies[0].spec.egress[0]`). Internal.
 */
export function throwIfInvalid(issues: readonly ValidationIssue[], prefix: string): void {
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length === 0) return;
  throw new SandboxPolicyError(
    errors.map(({ path, message, type }) => ({ path: prefix && path ? `${prefix}.${path}` : prefix || path, message, type })),
  );
}

/**
 * Validates one already-read item given to audit, explain or evaluate: a NetworkPolicy (its
 * `kind` and `apiVersion` when present, and its spec) or a bare spec. Paths are rooted at the
 * item (`spec.egress[0]...`). Internal.
 */
export function validatePolicyItem(data: unknown, options: ValidationOptions, parsed?: ParsedBlocks): ValidationIssue[] {
  if (!isObject(data)) return [fieldError.typeInvalid('', data, 'must be a NetworkPolicy or a NetworkPolicySpec object')];
  if (!looksLikePolicy(data)) return validateSpecAt(data, 'spec', options, parsed);
  const issues: ValidationIssue[] = [];
  if (present(data.kind) && data.kind !== 'NetworkPolicy') issues.push(fieldError.invalid('kind', data.kind, 'must be NetworkPolicy'));
  if (present(data.apiVersion) && data.apiVersion !== 'networking.k8s.io/v1') {
    issues.push(fieldError.invalid('apiVersion', data.apiVersion, 'must be networking.k8s.io/v1'));
  }
  issues.push(...validateSpecAt(data.spec ?? {}, 'spec', options, parsed));
  return issues;
}

function validateSpecAt(spec: unknown, root: string, options: ValidationOptions, parsed?: ParsedBlocks): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!isObject(spec)) {
    issues.push(fieldError.typeInvalid(root, spec, 'must be a NetworkPolicySpec object'));
    return issues;
  }
  validateLabelSelector(spec.podSelector, child(root, 'podSelector'), issues);
  validateRules(spec, root, options, issues, parsed);
  const typesPath = child(root, 'policyTypes');
  const types = list(spec.policyTypes, typesPath, issues);
  if (types.length > POLICY_TYPES.length) {
    issues.push(fieldError.invalid(typesPath, types, 'may not specify more than two policyTypes'));
    return issues;
  }
  types.forEach((t, i) => {
    if (!(POLICY_TYPES as readonly unknown[]).includes(t)) issues.push(fieldError.notSupported(index(typesPath, i), t, POLICY_TYPES));
  });
  return issues;
}

/**
 * Validates a whole NetworkPolicy object: unknown fields anywhere (metadata included), as strict
 * field validation refuses them (`unknown field "spec.egress[0].to[0].ipblock"; did you mean
 * "spec.egress[0].to[0].ipBlock"?`), `metadata` as `ValidateObjectMeta` does for a namespaced
 * object (name a DNS-1123 subdomain, namespace a DNS-1123 label when present, labels, owner
 * references), then the spec as {@link validateNetworkPolicySpec}. A missing namespace is not an
 * error here: kubectl and API clients fill it in from the request.
 *
 * @returns every issue found; empty when valid.
 * @throws {@link SandboxPolicyError} only when `raw` is not plain data or `options` is invalid.
 * @example
 * ```ts
 * validateNetworkPolicy(networkPolicyFor(template)!); // []
 * ```
 */
export function validateNetworkPolicy(raw: unknown, options?: ValidationOptions): ValidationIssue[] {
  const opts = readValidationOptions(options);
  const input = readPolicy(raw, '', 'policy');
  const policy = input.data;
  const issues: ValidationIssue[] = [...input.issues];
  if (!isObject(policy)) return [fieldError.typeInvalid('', policy, 'must be a NetworkPolicy object')];
  if (present(policy.kind) && policy.kind !== 'NetworkPolicy') issues.push(fieldError.invalid('kind', policy.kind, 'must be NetworkPolicy'));
  if (present(policy.apiVersion) && policy.apiVersion !== 'networking.k8s.io/v1') {
    issues.push(fieldError.invalid('apiVersion', policy.apiVersion, 'must be networking.k8s.io/v1'));
  }
  // Strict field validation (kubectl's default): an unknown field anywhere, metadata included.
  issues.push(...unknownFieldIssues(policy, NETWORK_POLICY_FIELDS, '', didYouMean));
  validateObjectMeta(policy.metadata, issues);
  issues.push(...validateSpecAt(policy.spec ?? {}, 'spec', opts));
  return issues;
}

function validateObjectMeta(meta: unknown, issues: ValidationIssue[]): void {
  if (!isObject(meta)) {
    issues.push(fieldError.required('metadata.name', 'name or generateName is required'));
    return;
  }
  if (typeof meta.name !== 'string' || meta.name === '') {
    if (!present(meta.generateName)) issues.push(fieldError.required('metadata.name', 'name or generateName is required'));
  } else {
    for (const msg of dns1123SubdomainErrors(meta.name)) issues.push(fieldError.invalid('metadata.name', meta.name, msg));
  }
  if (present(meta.namespace)) {
    const ns = String(meta.namespace);
    for (const msg of dns1123LabelErrors(ns)) issues.push(fieldError.invalid('metadata.namespace', ns, msg));
  }
  validateLabels(meta.labels, 'metadata.labels', issues);
  const refsPath = 'metadata.ownerReferences';
  let controllers = 0;
  list(meta.ownerReferences, refsPath, issues).forEach((ref, i) => {
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
}
