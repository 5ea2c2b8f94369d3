import { parseAddress } from './cidr/address.js';
import { CidrSet } from './cidr/cidr-set.js';
import { DEFAULT_NAMESERVERS, DEFAULT_ROUTER, MAX_NAMESERVERS } from './constants.js';
import { SandboxPolicyError, type PolicyIssue } from './errors.js';
import { EGRESS_PROFILES, type EgressProfile } from './range-cidrs.js';
import { dns1123LabelErrors, labelValueErrors, qualifiedNameErrors } from './validation/names.js';
import { isObject } from './json.js';
import { describeValue, snapshotOptions } from './snapshot.js';

/** What a floor under custom egress rules protects: nothing, metadata endpoints, or all private space. */
export type EgressFloor = 'none' | 'metadata' | 'private';

/** The floors, for validation messages. */
const EGRESS_FLOORS: readonly EgressFloor[] = ['none', 'metadata', 'private'];

/**
 * Options of the policy and pod-defaults functions. All optional: with none, every output equals
 * the agent-sandbox controller's. Every option can only keep or tighten the policy.
 */
export interface PolicyOptions {
  /**
   * The sandbox router the default ingress rule admits. Default: pods labelled
   * `app=sandbox-router` in namespace `agent-sandbox-system`. Set it when the router is installed
   * elsewhere (the upstream default then blocks it). `podLabels` must hold at least one label.
   */
  readonly router?: {
    /** The router's namespace (a DNS-1123 label). */
    readonly namespace?: string;
    /** Labels of the router pods; at least one. */
    readonly podLabels?: Readonly<Record<string, string>>;
  };
  /** 1 to 3 resolver IPs for the DNS override. Default `['8.8.8.8', '1.1.1.1']`. */
  readonly nameservers?: readonly string[];
  /** Excepted ranges of the default egress rule. Default `'upstream'`. See {@link excludedRanges}. */
  readonly profile?: EgressProfile;
  /**
   * Pod, service, node and VPC ranges of the cluster (either family). Those not already excepted
   * are added to the default rule's excepts, and to the floor under custom rules.
   */
  readonly clusterCidrs?: readonly string[];
  /**
   * Ranges removed from every ipBlock of a template's own egress rules. Default `'none'` (rules
   * copied as they are, like upstream). `'metadata'` removes cloud metadata endpoints; `'private'`
   * removes everything the hardened profile excepts, plus `clusterCidrs`. Selector peers
   * (`podSelector`, `namespaceSelector`) are kept as written: they name pods, not addresses, so
   * the floor cannot narrow them (the auditor reports broad ones as `broad-peer-selector`).
   */
  readonly egressFloor?: EgressFloor;
}

/** Options after validation. Internal. */
export interface ResolvedOptions {
  readonly routerNamespace: string;
  readonly routerLabels: Readonly<Record<string, string>>;
  readonly nameservers: readonly string[];
  readonly profile: EgressProfile;
  readonly clusterCidrs: CidrSet;
  readonly egressFloor: EgressFloor;
}

const DEFAULTS: ResolvedOptions = /* @__PURE__ */ (() =>
  Object.freeze({
    routerNamespace: DEFAULT_ROUTER.namespace,
    routerLabels: DEFAULT_ROUTER.podLabels,
    nameservers: DEFAULT_NAMESERVERS,
    profile: 'upstream',
    clusterCidrs: CidrSet.EMPTY,
    egressFloor: 'none',
  }))();

const KNOWN_KEYS: readonly string[] = ['router', 'nameservers', 'profile', 'clusterCidrs', 'egressFloor'];

/** The options that take one of a few names, with the names; their messages list every one. */
const CHOICES = { profile: EGRESS_PROFILES, egressFloor: EGRESS_FLOORS } as const;

/** `one of "a", "b"`: every allowed name, quoted. */
function oneOf(allowed: readonly string[]): string {
  return `one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`;
}

/**
 * Validates options. Internal; every public function that takes options calls it.
 *
 * @throws {@link SandboxPolicyError} with paths under `options.`.
 */
export function resolveOptions(input: PolicyOptions | undefined): ResolvedOptions {
  if (input === undefined || input === null) return DEFAULTS;
  // One plain-data read of the options; only the snapshot is used below.
  const options = snapshotOptions(input, KNOWN_KEYS) as { -readonly [K in keyof PolicyOptions]: unknown };
  const issues: PolicyIssue[] = [];

  let routerNamespace = DEFAULTS.routerNamespace;
  let routerLabels = DEFAULTS.routerLabels;
  if (options.router !== undefined) {
    const router = options.router as unknown;
    if (!isObject(router)) issues.push({ path: 'options.router', message: 'must be an object with namespace and/or podLabels' });
    else {
      for (const k of Object.keys(router)) {
        if (k !== 'namespace' && k !== 'podLabels') issues.push({ path: `options.router.${k}`, message: 'is not a known option (typo?)' });
      }
      if (router.namespace !== undefined) {
        if (typeof router.namespace !== 'string') issues.push({ path: 'options.router.namespace', message: 'must be a string' });
        else {
          for (const msg of dns1123LabelErrors(router.namespace)) issues.push({ path: 'options.router.namespace', message: msg });
          routerNamespace = router.namespace;
        }
      }
      if (router.podLabels !== undefined) {
        const labels = router.podLabels;
        if (!isObject(labels) || Object.keys(labels).length === 0) {
          issues.push({ path: 'options.router.podLabels', message: 'must be a map with at least one label (an empty selector admits every pod of the namespace)' });
        } else {
          for (const [k, v] of Object.entries(labels)) {
            for (const msg of qualifiedNameErrors(k)) issues.push({ path: `options.router.podLabels[${k}]`, message: `key ${msg}` });
            if (typeof v !== 'string') issues.push({ path: `options.router.podLabels[${k}]`, message: 'must be a string' });
            else for (const msg of labelValueErrors(v)) issues.push({ path: `options.router.podLabels[${k}]`, message: msg });
          }
          routerLabels = { ...(labels as Record<string, string>) };
        }
      }
    }
  }

  let nameservers = DEFAULTS.nameservers;
  if (options.nameservers !== undefined) {
    const list = options.nameservers as unknown;
    if (!Array.isArray(list) || list.length < 1 || list.length > MAX_NAMESERVERS) {
      issues.push({ path: 'options.nameservers', message: `must be a list of 1 to ${MAX_NAMESERVERS} IP addresses` });
    } else {
      list.forEach((ip, i) => {
        const a = typeof ip === 'string' ? parseAddress(ip) : null;
        if (a === null) issues.push({ path: `options.nameservers[${i}]`, message: `${JSON.stringify(ip)} is not an IP address` });
        else if (a.leadingZeros) issues.push({ path: `options.nameservers[${i}]`, message: `${JSON.stringify(ip)} must not have leading 0s` });
      });
      nameservers = [...(list as string[])];
    }
  }

  for (const [name, allowed] of Object.entries(CHOICES)) {
    const value = options[name as keyof typeof CHOICES];
    if (value !== undefined && value !== null && !(allowed as readonly unknown[]).includes(value)) {
      issues.push({ path: `options.${name}`, message: `must be ${oneOf(allowed)}, got ${describeValue(value)}` });
    }
  }
  const profile = (options.profile ?? 'upstream') as EgressProfile;
  const egressFloor = (options.egressFloor ?? 'none') as EgressFloor;

  let clusterCidrs = CidrSet.EMPTY;
  if (options.clusterCidrs !== undefined) {
    if (!Array.isArray(options.clusterCidrs)) issues.push({ path: 'options.clusterCidrs', message: 'must be a list of CIDRs' });
    else {
      try {
        clusterCidrs = CidrSet.from(options.clusterCidrs, { path: 'options.clusterCidrs' });
      } catch (err) {
        if (err instanceof SandboxPolicyError) issues.push(...err.issues);
        else throw err;
      }
    }
  }
  if (issues.length > 0) throw new SandboxPolicyError(issues);
  return { routerNamespace, routerLabels, nameservers, profile, clusterCidrs, egressFloor };
}
