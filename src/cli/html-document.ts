/**
 * The audit's JSON document (what `audit -o json` prints) read back into plain, checked data for
 * the HTML page. Every field is checked; anything malformed or unreadable (a throwing getter, a
 * proxy) fails closed with the field's path.
 */
import { CidrSet, SandboxPolicyError, SEVERITIES, type Severity } from '../index.js';

/** A finding as the page shows it. */
export interface DocFinding {
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly path: string;
  readonly policy: string;
  readonly source: string;
  readonly line: number;
  readonly ranges: readonly string[];
  readonly example: string;
  readonly suggestion: string;
  /** Absolute URL of the code's page. */
  readonly docs: string;
  /** The suppression's reason, when suppressed. */
  readonly suppressed?: string;
  /** For a target standing for several pods: the label variant of the first pod that gives it ('' otherwise). */
  readonly variant: string;
}

/** One object deciding a direction. */
export interface DocPolicyRef {
  readonly policy: string;
  readonly tier: string;
  readonly priority?: number;
  readonly renderedFrom?: string;
}

/** A ClusterNetworkPolicy rule naming domains. */
export interface DocDomain {
  readonly policy: string;
  readonly rule: string;
  readonly action: string;
  readonly domains: readonly string[];
  /** The ports in words (`all ports`, `TCP 443`). */
  readonly ports: string;
  readonly effective: boolean;
}

/** An egress peer that names destinations by label, with what of the input it selects. */
export interface DocSelectorPeer {
  readonly policy: string;
  readonly rule: string;
  readonly action: string;
  readonly ports: string;
  readonly namespaces: readonly string[];
  readonly pods: readonly string[];
}

/** One target as the page shows it. */
export interface DocTarget {
  /** `kind namespace/name`. */
  readonly title: string;
  readonly name: string;
  readonly namespace: string;
  /** The element id of its details. */
  readonly anchor: string;
  readonly source: string;
  readonly line: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly policies: { readonly ingress: readonly DocPolicyRef[]; readonly egress: readonly DocPolicyRef[] };
  readonly egressIsolated: boolean;
  readonly ingressIsolated: boolean;
  /** Addresses reached on some port. */
  readonly reachable: CidrSet;
  /** Addresses reached on every port and protocol (the same as `reachable` when the document does not say). */
  readonly allPorts: CidrSet;
  readonly domainAllowances: readonly DocDomain[];
  readonly selectorPeers: readonly DocSelectorPeer[];
  readonly findings: readonly DocFinding[];
}

/** The whole document, checked. */
export interface ReportDocument {
  readonly targets: readonly DocTarget[];
  /** Findings about objects and the input as a whole. */
  readonly findings: readonly DocFinding[];
  /** Objects of kinds the model does not read. */
  readonly skipped: readonly string[];
  /** Inputs that could not be read (files, standard input), each with why: none of their objects is in the report. */
  readonly failures: ReadonlyArray<{ readonly source: string; readonly message: string }>;
  readonly summary: { readonly failOn: string; readonly failed: boolean; readonly notes: readonly string[] };
}

const bad = (path: string, message: string) => new SandboxPolicyError([{ path, message }]);
const kindOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v);

function record(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad(path, `must be an object, got ${kindOf(value)}`);
  return value as Record<string, unknown>;
}
function str(value: unknown, path: string): string {
  if (typeof value !== 'string') throw bad(path, `must be a string, got ${kindOf(value)}`);
  return value;
}
const optStr = (value: unknown, path: string): string => (value === undefined || value === null ? '' : str(value, path));
function num(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw bad(path, `must be a number, got ${kindOf(value)}`);
  return value;
}
function bool(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') throw bad(path, `must be a boolean, got ${kindOf(value)}`);
  return value;
}
function list(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw bad(path, `must be a list, got ${kindOf(value)}`);
  return Array.from(value);
}
const strings = (value: unknown, path: string): string[] => list(value, path).map((v, i) => str(v, `${path}[${i}]`));

function finding(value: unknown, path: string): DocFinding {
  const f = record(value, path);
  const severity = str(f.severity, `${path}.severity`);
  if (!(SEVERITIES as readonly string[]).includes(severity)) throw bad(`${path}.severity`, `must be one of ${SEVERITIES.join(', ')}, got ${JSON.stringify(severity)}`);
  const suppressed = f.suppressed === undefined ? undefined : str(record(f.suppressed, `${path}.suppressed`).reason, `${path}.suppressed.reason`);
  return {
    severity: severity as Severity,
    code: str(f.code, `${path}.code`),
    message: str(f.message, `${path}.message`),
    path: optStr(f.path, `${path}.path`),
    policy: optStr(f.policy, `${path}.policy`),
    source: str(f.source, `${path}.source`),
    line: num(f.line, `${path}.line`),
    ranges: f.ranges === undefined ? [] : strings(f.ranges, `${path}.ranges`),
    example: optStr(f.example, `${path}.example`),
    suggestion: optStr(f.suggestion, `${path}.suggestion`),
    docs: str(f.docs, `${path}.docs`),
    variant: optStr(f.variant, `${path}.variant`),
    ...(suppressed !== undefined ? { suppressed } : {}),
  };
}

function policyRef(value: unknown, path: string): DocPolicyRef {
  const r = record(value, path);
  return {
    policy: str(r.policy, `${path}.policy`),
    tier: str(r.tier, `${path}.tier`),
    ...(r.priority !== undefined ? { priority: num(r.priority, `${path}.priority`) } : {}),
    ...(r.renderedFrom !== undefined ? { renderedFrom: str(r.renderedFrom, `${path}.renderedFrom`) } : {}),
  };
}

function portsText(value: unknown, path: string): string {
  if (value === null || value === undefined) return 'all ports';
  return list(value, path)
    .map((p, i) => {
      const r = record(p, `${path}[${i}]`);
      const protocol = optStr(r.protocol, `${path}[${i}].protocol`) || 'TCP';
      const port = r.port === undefined ? 'all' : typeof r.port === 'number' ? String(r.port) : str(r.port, `${path}[${i}].port`);
      return `${protocol} ${port}${r.endPort !== undefined ? `-${num(r.endPort, `${path}[${i}].endPort`)}` : ''}`;
    })
    .join(', ');
}

function domain(value: unknown, path: string): DocDomain {
  const d = record(value, path);
  return {
    policy: str(d.policy, `${path}.policy`),
    rule: str(d.rule, `${path}.rule`),
    action: str(d.action, `${path}.action`),
    domains: strings(d.domains, `${path}.domains`),
    ports: portsText(d.ports, `${path}.ports`),
    effective: bool(d.effective, `${path}.effective`),
  };
}

function selectorPeer(value: unknown, path: string): DocSelectorPeer {
  const d = record(value, path);
  return {
    policy: str(d.policy, `${path}.policy`),
    rule: str(d.rule, `${path}.rule`),
    action: str(d.action, `${path}.action`),
    ports: portsText(d.ports, `${path}.ports`),
    namespaces: strings(d.namespaces, `${path}.namespaces`),
    pods: strings(d.pods, `${path}.pods`),
  };
}

function cidrSet(value: unknown, path: string): CidrSet {
  const cidrs = strings(value, path);
  try {
    return CidrSet.from(cidrs);
  } catch {
    throw bad(path, 'must be a list of canonical CIDRs');
  }
}

function labelsOf(value: unknown, path: string): Record<string, string> {
  if (value === undefined) return {};
  const r = record(value, path);
  const out: Record<string, string> = {};
  for (const k of Object.keys(r)) Object.defineProperty(out, k, { value: str(r[k], `${path}[${JSON.stringify(k)}]`), enumerable: true });
  return out;
}

function target(value: unknown, path: string, index: number): DocTarget {
  const t = record(value, path);
  const ref = record(t.target, `${path}.target`);
  const kind = str(ref.kind, `${path}.target.kind`);
  const namespace = optStr(ref.namespace, `${path}.target.namespace`);
  const name = str(ref.name, `${path}.target.name`);
  const policies = record(t.policies, `${path}.policies`);
  const reachable = cidrSet(t.egressReachable, `${path}.egressReachable`);
  return {
    title: `${kind} ${namespace ? `${namespace}/` : ''}${name}`,
    name,
    namespace,
    anchor: `target-${index}`,
    source: str(t.source, `${path}.source`),
    line: num(t.line, `${path}.line`),
    labels: labelsOf(t.labels, `${path}.labels`),
    policies: {
      ingress: list(policies.ingress, `${path}.policies.ingress`).map((r, i) => policyRef(r, `${path}.policies.ingress[${i}]`)),
      egress: list(policies.egress, `${path}.policies.egress`).map((r, i) => policyRef(r, `${path}.policies.egress[${i}]`)),
    },
    egressIsolated: bool(t.egressIsolated, `${path}.egressIsolated`),
    ingressIsolated: bool(t.ingressIsolated, `${path}.ingressIsolated`),
    reachable,
    allPorts: t.egressReachableAllPorts === undefined ? reachable : cidrSet(t.egressReachableAllPorts, `${path}.egressReachableAllPorts`).intersect(reachable),
    domainAllowances: t.domainAllowances === undefined ? [] : list(t.domainAllowances, `${path}.domainAllowances`).map((d, i) => domain(d, `${path}.domainAllowances[${i}]`)),
    selectorPeers: t.selectorPeers === undefined ? [] : list(t.selectorPeers, `${path}.selectorPeers`).map((d, i) => selectorPeer(d, `${path}.selectorPeers[${i}]`)),
    findings: list(t.findings, `${path}.findings`).map((f, i) => finding(f, `${path}.findings[${i}]`)),
  };
}

/** A skipped object in words: a string as it is, an object by its kind, namespace, name and place. */
function skippedText(value: unknown, path: string): string {
  if (typeof value === 'string') return value;
  const r = record(value, path);
  const head = [optStr(r.kind, `${path}.kind`), [optStr(r.namespace, `${path}.namespace`), optStr(r.name, `${path}.name`)].filter(Boolean).join('/')].filter(Boolean).join(' ');
  const at = r.source !== undefined ? ` (${str(r.source, `${path}.source`)}${r.line !== undefined ? `:${num(r.line, `${path}.line`)}` : ''})` : '';
  return `${head || optStr(r.object, `${path}.object`)}${at}`;
}

/** Notes the summary carries for the reader (the controller modelled, and the like), as sentences. */
function notesOf(summary: Record<string, unknown>, path: string): string[] {
  const notes: string[] = [];
  for (const key of ['controller', 'note', 'notes']) {
    const v = summary[key];
    if (v === undefined) continue;
    if (typeof v === 'string') notes.push(v);
    else if (Array.isArray(v)) notes.push(...strings(v, `${path}.${key}`));
    else {
      const r = record(v, `${path}.${key}`);
      notes.push(`${key}: ${Object.keys(r).map((k) => `${k} ${JSON.stringify(r[k])}`).join(', ')}`);
    }
  }
  return notes;
}

function isOurError(err: unknown): boolean {
  try {
    return err instanceof SandboxPolicyError;
  } catch {
    return false;
  }
}

/** Reads the audit document (cluster view) into checked data; see {@link ReportDocument}. */
export function readAuditDocument(value: unknown): ReportDocument {
  try {
    const doc = record(value, 'document');
    const summary = record(doc.summary, 'summary');
    const skipped = [
      ...(doc.ignored === undefined ? [] : list(doc.ignored, 'ignored').map((x, i) => skippedText(x, `ignored[${i}]`))),
      ...(doc.skipped === undefined ? [] : list(doc.skipped, 'skipped').map((x, i) => skippedText(x, `skipped[${i}]`))),
      ...(summary.skipped === undefined ? [] : list(summary.skipped, 'summary.skipped').map((x, i) => skippedText(x, `summary.skipped[${i}]`))),
    ];
    const failures = summary.failures === undefined ? [] : list(summary.failures, 'summary.failures').map((x, i) => {
      const f = record(x, `summary.failures[${i}]`);
      return { source: str(f.source, `summary.failures[${i}].source`), message: str(f.message, `summary.failures[${i}].message`) };
    });
    return {
      targets: list(doc.targets, 'targets').map((t, i) => target(t, `targets[${i}]`, i)),
      findings: doc.findings === undefined ? [] : list(doc.findings, 'findings').map((f, i) => finding(f, `findings[${i}]`)),
      skipped: [...new Set(skipped)],
      failures,
      summary: { failOn: str(summary.failOn, 'summary.failOn'), failed: bool(summary.failed, 'summary.failed'), notes: notesOf(summary, 'summary') },
    };
  } catch (err) {
    if (isOurError(err)) throw err;
    throw bad('document', 'could not be read: a getter or proxy threw while reading it');
  }
}
