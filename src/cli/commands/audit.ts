/** `audit`: each sandbox's effective policy under every object that selects it (or each document alone with --per-document); a CI gate. */
import { auditCluster, sandboxTemplateFindings, SEVERITIES, type ClusterAuditReport, type ClusterFinding, type PolicyOptions, type PolicyRef, type TargetReport as ClusterTarget } from '../../index.js';
import { isObject } from '../../json.js';
import { booleanFlag, stringFlag, UsageError } from '../args.js';
import { counts, failOnOf, gateFails, gatingFindings, jsonFinding, settle, textReport } from '../audit-output.js';
import { perDocumentReports, suppressionFindings } from '../audit-per-document.js';
import type { Command, CommandContext } from '../command.js';
import { SUPPRESSION_PREFIX } from '../codes.js';
import { renderHtmlReport } from '../html-report.js';
import type { InputDocument } from '../input/documents.js';
import { json } from '../output/serialize.js';
import { SARIF_ROOT_FLAG, sarifLog, sarifOptions } from '../output/sarif.js';
import { CONTROLLER_FLAG, controllerDescription, controllerModel, NAMESPACE_FLAG, POLICY_FLAGS, policyOptions } from '../policy-flags.js';
import { escapeTerminal } from '../output/escape.js';
import { identify, locatedFinding, type LocatedFinding, type TargetReport } from '../report.js';
import { isNamespaceName, merged, suppressionsOf, UNSUPPRESSIBLE } from '../suppressions.js';
import { errorFinding, kindIsSkipped, parseTemplate } from '../targets.js';

const NAMESPACED = new Set(['NetworkPolicy', 'Pod', 'SandboxTemplate', 'Sandbox', 'SandboxClaim', 'SandboxWarmPool']);
const CLUSTER_SCOPED = new Set(['ClusterNetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'Namespace', 'Node']);

/** Where auditCluster puts a document: its label (`NetworkPolicy ns/name`, `ClusterNetworkPolicy name`, `objects[3]` when nameless) and its namespace (null when cluster-scoped). */
function placeOf(doc: InputDocument, index: number, defaultNamespace: string): { label: string; namespace: string | null } {
  const { kind, namespace, name } = identify(doc);
  const meta = isObject(doc.value) && isObject(doc.value.metadata) ? doc.value.metadata : {};
  if (typeof meta.name !== 'string' || meta.name === '') return { label: `objects[${index}]`, namespace: null };
  const namespaced = NAMESPACED.has(kind) || (!CLUSTER_SCOPED.has(kind) && typeof meta.namespace === 'string');
  const ns = namespaced ? namespace || defaultNamespace : null;
  return { label: `${kind} ${ns !== null ? `${ns}/` : ''}${name}`, namespace: ns };
}

/** True when the policy document names `template` as its controller owner (what the agent-sandbox controller sets on the policy it creates). */
function ownedByTemplate(policy: unknown, template: string): boolean {
  const meta = isObject(policy) && isObject(policy.metadata) ? policy.metadata : {};
  const refs = Array.isArray(meta.ownerReferences) ? meta.ownerReferences : [];
  return refs.some((r) => isObject(r) && r.controller === true && r.kind === 'SandboxTemplate' && r.name === template);
}

/** The template field a path of its rendered policy comes from (its own rules, else spec.networkPolicy, else spec). */
function templateField(template: unknown, policyPath: string): string {
  const spec = isObject(template) && isObject(template.spec) ? template.spec : {};
  const own = spec.networkPolicy !== undefined && spec.networkPolicy !== null;
  if (own && /^spec\.(egress|ingress)\b/.test(policyPath)) return policyPath.replace(/^spec\./, 'spec.networkPolicy.');
  return own ? 'spec.networkPolicy' : 'spec';
}

const refText = (r: PolicyRef) => `${r.policy}${r.renderedFrom ? ` (from ${r.renderedFrom})` : ''}`;

function note(t: ClusterTarget): string {
  const dir = (refs: readonly PolicyRef[], isolated: boolean) => `${isolated ? 'isolated' : 'not isolated'}${refs.length ? `, decided by ${refs.map(refText).join(', ')}` : ''}`;
  const egress = dir(t.policies.egress, t.egressIsolated);
  const ingress = dir(t.policies.ingress, t.ingressIsolated);
  return egress === ingress ? `egress and ingress ${egress}` : `egress ${egress}; ingress ${ingress}`;
}

interface Assembled {
  readonly report: ClusterAuditReport;
  readonly reports: TargetReport[];
  /** Cluster targets by report index (the rest are object reports). */
  readonly targets: ReadonlyMap<number, ClusterTarget>;
  /** Documents of kinds audit does not model, skipped (without --strict-kinds). */
  readonly skipped: readonly InputDocument[];
}

interface ClusterView {
  readonly strictCidr: boolean;
  readonly useSuppressions: boolean;
  readonly allTargets: boolean;
  readonly strictKinds: boolean;
  readonly policy: PolicyOptions;
}

const NO_REASONS: ReadonlyMap<string, string> = new Map();

function clusterReports(ctx: CommandContext, view: ClusterView): Assembled {
  const docs = ctx.input.documents;
  if (docs.length === 0) return { report: auditCluster([]), reports: [], targets: new Map(), skipped: [] };
  const { strictCidr, useSuppressions, policy } = view;
  const { clusterCidrs } = policy;
  const namespace = stringFlag(ctx.flags, 'namespace') ?? 'default';
  const report = auditCluster(
    docs.map((d) => d.value),
    { strictCidr, policy, namespace, ...(clusterCidrs ? { clusterCidrs } : {}) },
  );
  // The last document of a kind/namespace/name counts, as kubectl apply has it.
  const byLabel = new Map<string, InputDocument>();
  const places = new Map<InputDocument, { label: string; namespace: string | null }>();
  docs.forEach((d, i) => {
    const place = placeOf(d, i, namespace);
    places.set(d, place);
    byLabel.set(place.label, d);
  });
  const kept = (d: InputDocument) => byLabel.get(places.get(d)!.label) === d;

  // Ownership comes only from the library's renderedFrom; a policy document in the input must also name the template as its controller.
  const renderedFrom = new Map<string, string>();
  for (const t of report.targets) {
    for (const r of [...t.policies.egress, ...t.policies.ingress]) {
      if (!r.renderedFrom) continue;
      const live = byLabel.get(r.policy);
      const templateName = r.renderedFrom.slice(r.renderedFrom.indexOf('/') + 1);
      if (live === undefined || ownedByTemplate(live.value, templateName)) renderedFrom.set(r.policy, r.renderedFrom);
    }
  }

  // A Namespace lends its suppressions only to objects in it, and only under a name the API server accepts.
  const namespaceSuppressions = (ns: string | null) => {
    if (ns === null || !isNamespaceName(ns)) return undefined;
    const d = byLabel.get(`Namespace ${ns}`);
    return d !== undefined && identify(d).kind === 'Namespace' ? suppressionsOf(d.value) : undefined;
  };
  const ownReasons = (doc: InputDocument | undefined): ReadonlyMap<string, string> => {
    if (!useSuppressions || doc === undefined) return NO_REASONS;
    const place = places.get(doc)!;
    return merged(suppressionsOf(doc.value), identify(doc).kind === 'Namespace' ? undefined : namespaceSuppressions(place.namespace));
  };
  const targetLabel = (t: ClusterTarget) => `${t.target.kind} ${t.target.namespace}/${t.target.name}`;
  /** The template a target's pods are of by name: the template itself, or the one a claim or warm pool references. */
  const templateOfTarget = (t: ClusterTarget, doc: InputDocument | undefined): string | undefined => {
    if (t.target.kind === 'SandboxTemplate') return targetLabel(t);
    if ((t.target.kind === 'SandboxClaim' || t.target.kind === 'SandboxWarmPool') && doc !== undefined && isObject(doc.value) && isObject(doc.value.spec)) {
      const ref = doc.value.spec.sandboxTemplateRef;
      if (isObject(ref) && typeof ref.name === 'string') return `SandboxTemplate ${t.target.namespace}/${ref.name}`;
    }
    return undefined;
  };
  /**
   * The annotations that may suppress a finding the policy `label` opened on target `t`: the
   * policy's own (and its Namespace's); for a policy the controller renders from a template, the
   * template's, and only on that template's own pods (never on a hash-collision victim's).
   */
  const policyReasons = (label: string, t: ClusterTarget | undefined, tdoc: InputDocument | undefined): ReadonlyMap<string, string> => {
    const template = renderedFrom.get(label);
    if (template === undefined) return ownReasons(byLabel.get(label));
    if (t !== undefined && templateOfTarget(t, tdoc) !== template) return NO_REASONS;
    return ownReasons(byLabel.get(template));
  };

  const located = (f: ClusterFinding, home: InputDocument | undefined): LocatedFinding => {
    const from = f.policy !== null ? renderedFrom.get(f.policy) : undefined;
    const live = f.policy !== null ? byLabel.get(f.policy) : undefined;
    const doc = (from !== undefined ? (live ?? byLabel.get(from)) : live) ?? home ?? docs[0]!;
    const path = from !== undefined && live === undefined ? templateField(doc.value, f.path) : f.path;
    return { ...locatedFinding(f, doc.position(path)), source: doc.source, policy: f.policy, ...(f.variant !== undefined ? { variant: f.variant } : {}) };
  };

  const reports: TargetReport[] = [];
  const targets = new Map<number, ClusterTarget>();
  const objectReports = new Map<string, { doc: InputDocument; findings: LocatedFinding[] }>();
  const objectReport = (label: string, doc: InputDocument) => {
    let r = objectReports.get(label);
    if (r === undefined) objectReports.set(label, (r = { doc, findings: [] }));
    return r;
  };

  for (const t of report.targets) {
    // A representative pod stands for a podSelector, not an object: no annotation is its own.
    const representative = t.target.kind === 'PodSelector';
    const tdoc = representative ? undefined : byLabel.get(targetLabel(t));
    const doc = tdoc ?? byLabel.get(`NetworkPolicy ${t.target.namespace}/${t.target.name}`) ?? docs[0]!;
    const own = ownReasons(tdoc);
    const context = !t.sandbox && !view.allTargets;
    const findings = t.findings.map((f) => ({ ...located(f, doc), ...(context ? { context: true } : {}) }));
    const reasonsOf = (f: LocatedFinding): ReadonlyMap<string, string> => {
      if (UNSUPPRESSIBLE.has(f.code)) return NO_REASONS;
      return merged(own, f.policy ? policyReasons(f.policy, t, tdoc) : undefined);
    };
    targets.set(reports.length, t);
    reports.push({
      target: representative ? `PodSelector ${t.target.namespace}/${t.target.name}` : targetLabel(t),
      kind: t.target.kind,
      namespace: t.target.namespace,
      name: t.target.name,
      source: doc.source,
      start: doc.start,
      findings: settle(findings, reasonsOf),
      note: note(t),
      ...(context ? { context: true } : {}),
    });
  }

  // Object-level findings, and the CLI's own about documents.
  const noPolicy: LocatedFinding[] = [];
  for (const f of report.findings) {
    const owner = f.policy !== null ? (renderedFrom.get(f.policy) ?? f.policy) : undefined;
    const doc = owner !== undefined ? byLabel.get(owner) : undefined;
    if (doc === undefined || owner === undefined) noPolicy.push(located(f, undefined));
    else objectReport(owner, doc).findings.push(located(f, doc));
  }
  const skipped: InputDocument[] = [];
  const ignored = new Set(report.ignored);
  // The library labels an object it ignores as namespaced whenever it carries metadata.namespace.
  const isIgnored = (doc: InputDocument, label: string) => ignored.has(label) || (identify(doc).namespace !== '' && ignored.has(`${identify(doc).kind} ${identify(doc).namespace}/${identify(doc).name}`));
  docs.forEach((doc) => {
    const { label } = places.get(doc)!;
    if (!kept(doc)) return;
    const unmodelled = isIgnored(doc, label);
    if (unmodelled && identify(doc).kind !== 'Namespace' && !view.strictKinds && kindIsSkipped(isObject(doc.value) ? doc.value.kind : undefined)) {
      skipped.push(doc);
      return;
    }
    const add = (f: LocatedFinding) => objectReport(label, doc).findings.push({ ...f, source: doc.source, policy: label });
    suppressionFindings(doc).forEach(add);
    if (unmodelled && identify(doc).kind !== 'Namespace') {
      add(errorFinding(doc, 'unsupported-kind', 'kind', `expected a SandboxTemplate, Sandbox, SandboxClaim, SandboxWarmPool, NetworkPolicy, ClusterNetworkPolicy, AdminNetworkPolicy, BaselineAdminNetworkPolicy, Pod, Node, Namespace or List, got kind ${JSON.stringify(identify(doc).kind)}`));
      return;
    }
    if (identify(doc).kind !== 'SandboxTemplate') return;
    const strict = parseTemplate(doc, strictCidr);
    if ('errors' in strict) {
      // Errors the cluster audit does not see (it reads CIDRs as a cluster may already hold them).
      if (!report.findings.some((f) => f.policy === label && f.severity === 'error')) strict.errors.forEach(add);
      return;
    }
    for (const f of sandboxTemplateFindings(strict.template)) add({ severity: f.severity, code: f.code, message: f.message, path: f.path, ranges: [], ...(f.suggestion ? { suggestion: f.suggestion } : {}), location: doc.position(f.path) });
  });
  const merge = (label: string, r: { doc: InputDocument; findings: LocatedFinding[] }) => {
    const target = reports.findIndex((x) => x.target === label);
    const settled = settle(r.findings, (f) => (UNSUPPRESSIBLE.has(f.code) ? NO_REASONS : f.policy === label ? ownReasons(r.doc) : f.policy ? policyReasons(f.policy, undefined, undefined) : NO_REASONS));
    if (target >= 0) reports[target] = { ...reports[target]!, findings: settle([...reports[target]!.findings, ...settled], () => NO_REASONS) };
    else reports.push({ ...identify(r.doc), target: label, source: r.doc.source, start: r.doc.start, findings: settled });
  };
  for (const [label, r] of objectReports) merge(label, r);
  if (noPolicy.length > 0) reports.push({ kind: 'Input', namespace: '', name: '', target: 'the input as a whole', source: docs[0]!.source, start: docs[0]!.start, findings: settle(noPolicy, () => NO_REASONS) });
  return { report, reports, targets, skipped };
}

/** The cluster view's report document: what `-o json` prints and `-o html` draws. */
function clusterDocument(assembled: Assembled, reports: readonly TargetReport[], totals: object, controller: object) {
  const { targets, report } = assembled;
  return {
    controller,
    targets: reports.flatMap((r, i) => {
      const t = targets.get(i);
      if (t === undefined) return [];
      return [
        {
          target: t.target,
          sandbox: t.sandbox,
          gated: r.context !== true,
          source: r.source,
          line: r.start.line,
          column: r.start.column,
          labels: t.labels,
          policies: t.policies,
          egressIsolated: t.egressIsolated,
          ingressIsolated: t.ingressIsolated,
          egressReachable: t.egressReachable.toCidrs(),
          egressReachableAllPorts: t.egressReachableAllPorts.toCidrs(),
          domainAllowances: t.domainAllowances,
          selectorPeers: t.selectorPeers,
          counts: counts(r.findings),
          findings: r.findings.map((f) => jsonFinding(f, r.source)),
        },
      ];
    }),
    findings: reports.flatMap((r, i) => (targets.has(i) ? [] : r.findings.map((f) => jsonFinding(f, r.source)))),
    ignored: report.ignored,
    summary: { targets: targets.size, ...totals },
  };
}
/** `Kind ns/name` of skipped documents, for the summary. */
const skippedLabel = (doc: InputDocument) => identify(doc).target;

export const auditCommand: Command = {
  name: 'audit',
  summary: 'objects -> what each sandbox can reach under every policy that selects it (a CI gate with --fail-on)',
  description: `Audits the effective policy of every target in the input: each SandboxTemplate's sandbox pods
(with the NetworkPolicy the controller renders for a Managed template), each Sandbox, SandboxClaim,
SandboxWarmPool and Pod, and in a namespace with none of them, one pod per distinct podSelector.
Every NetworkPolicy of the namespace that selects the target counts (policies only add), and so do
ClusterNetworkPolicies (Admin tier before NetworkPolicies, Baseline after) and v1alpha1
AdminNetworkPolicy/BaselineAdminNetworkPolicy. Input: any mix of those kinds, Namespace, Node and
List (kubectl get ... -o yaml). Each finding names the POLICY whose rule opened it; object findings
(invalid objects, hash collisions, priority ties) are reported under the object.
--per-document judges each NetworkPolicy and each template's policy alone instead.
Each finding code has a page under docs/findings/.

The gate: exit 1 when an unsuppressed finding at or above --fail-on (default high) is on a sandbox
target (a template, Sandbox, claim, warm pool, or a pod an agent-sandbox controller made) or about
an object (invalid objects, hash collisions, suppressions). Other pods and representative
podSelector pods are reported as context and gated only with --all-targets. Kinds audit does not
model (Service, ConfigMap, Deployment, ...) are skipped and listed in the summary (--strict-kinds
makes them errors). An unreadable file exits 2, after the report of the rest.

Which controller: a Managed template whose NetworkPolicy is not in the input is judged with the
policy the stock agent-sandbox controller creates (--controller stock, the default). --profile,
--egress-floor, --cluster-cidr and --router-* model a controller that embeds this library instead
and need --controller embedded. The report says which controller it modelled.

Suppress a finding with the annotation
  ${SUPPRESSION_PREFIX}<code>: "<reason>"
on the target (SandboxTemplate, Sandbox, claim, warm pool or Pod), on the policy whose rule opened
it, or on their Namespace (include the Namespace in the input). An annotation counts only for its
own object's rules and for its own object as a target: a representative podSelector pod takes
none, a template's annotations do not reach another template's pods, hash-collision cannot be
suppressed. The reason needs visible text; a code that does not exist is an unknown-suppression
error. Suppressed findings are still reported (text: counted; json and sarif: marked with the
reason) and never trip --fail-on. error findings cannot be suppressed.

-o html writes one self-contained page (no network access): per target a map of the IPv4 space
(one cell per /16) coloured by what it can reach, IPv6 landmarks, the findings and policies.`,
  flags: [
    CONTROLLER_FLAG,
    ...POLICY_FLAGS,
    { name: 'fail-on', type: 'string', value: 'SEVERITY', choices: SEVERITIES, help: 'exit 1 when an unsuppressed finding the gate judges is at least this severe\n(error, critical, high, medium, low, info; default high)' },
    { name: 'all-targets', type: 'boolean', help: 'gate every target, not only sandboxes (other pods and podSelector pods too)' },
    { name: 'strict-kinds', type: 'boolean', help: 'a document of a kind audit does not model is an error instead of skipped' },
    NAMESPACE_FLAG,
    { name: 'per-document', type: 'boolean', help: 'judge each document alone (the policy as if nothing else selected its pods)' },
    { name: 'no-suppressions', type: 'boolean', help: 'ignore ignore-check annotations' },
    { name: 'legacy-cidr', type: 'boolean', help: 'judge CIDRs as Kubernetes before 1.36 (non-canonical forms are low findings)' },
    { name: 'wide', type: 'boolean', help: 'text: a SUGGESTION column on every row instead of each distinct fix once' },
    SARIF_ROOT_FLAG,
  ],
  outputs: ['text', 'json', 'sarif', 'html'],
  reportsInputFailures: true,
  run(ctx: CommandContext): number {
    const model = controllerModel(ctx.flags);
    const policy = policyOptions(ctx.flags);
    const failOn = failOnOf(stringFlag(ctx.flags, 'fail-on'));
    const strictCidr = !booleanFlag(ctx.flags, 'legacy-cidr');
    const useSuppressions = !booleanFlag(ctx.flags, 'no-suppressions');
    const allTargets = booleanFlag(ctx.flags, 'all-targets');
    const strictKinds = booleanFlag(ctx.flags, 'strict-kinds');
    const perDocument = booleanFlag(ctx.flags, 'per-document');
    if (perDocument && stringFlag(ctx.flags, 'namespace') !== undefined) throw new UsageError('--namespace is for the effective view; --per-document judges each document alone');
    if (perDocument && ctx.output === 'html') throw new UsageError('-o html draws the effective (cluster) view; it does not combine with --per-document');
    const assembled = perDocument ? undefined : clusterReports(ctx, { strictCidr, useSuppressions, allTargets, strictKinds, policy });
    const perDoc = perDocument ? perDocumentReports(ctx.input, policy, strictCidr, useSuppressions, strictKinds) : undefined;
    const reports = assembled?.reports ?? perDoc!.reports;
    const skipped = (assembled?.skipped ?? perDoc!.skipped).map(skippedLabel);
    const failures = (ctx.input.failures ?? []).map((f) => ({ source: f.source, message: f.message }));
    const failed = gateFails(reports, failOn);
    const all = reports.flatMap((r) => r.findings);
    const controller = { model, description: controllerDescription(model, policy) };
    const gatedTargets = reports.filter((r) => r.context !== true).length;
    const contextTargets = reports.length - gatedTargets;
    const totals = {
      counts: counts(all),
      gatedCounts: counts(all.filter((f) => f.context !== true)),
      suppressed: all.filter((f) => f.suppressed !== undefined).length,
      failOn,
      failed,
      allTargets,
      contextTargets,
      controller,
      skipped,
      failures,
    };

    if (ctx.output === 'sarif') {
      // The run says which controller was modelled and what the gate judged, next to its results.
      const log = sarifLog(reports, ctx.io.version, sarifOptions(ctx)) as { runs?: Array<{ properties?: Record<string, unknown> }> };
      for (const r of log.runs ?? []) r.properties = { ...r.properties, controller: model, controllerDescription: controller.description, failOn, failed, allTargets, skipped };
      ctx.io.stdout(json(log));
    } else if (ctx.output === 'html') ctx.io.stdout(renderHtmlReport(clusterDocument(assembled!, reports, totals, controller)));
    else if (ctx.output === 'json' && assembled === undefined) {
      ctx.io.stdout(
        json({
          controller,
          reports: reports.map((r) => ({ target: r.target, kind: r.kind, namespace: r.namespace, name: r.name, source: r.source, line: r.start.line, column: r.start.column, counts: counts(r.findings), findings: r.findings.map((f) => jsonFinding(f, r.source)) })),
          summary: { targets: reports.length, ...totals },
        }),
      );
    } else if (ctx.output === 'json') ctx.io.stdout(json(clusterDocument(assembled!, reports, totals, controller)));
    else {
      const e = escapeTerminal;
      const gating = gatingFindings(reports, failOn).length;
      const sandboxTargets = [...(assembled?.targets.values() ?? [])].filter((t) => t.sandbox).length;
      const footer = [
        `controller modelled: ${e(controller.description)}`,
        `gate: --fail-on ${failOn} over ${perDocument ? 'every document' : allTargets ? 'every target and object' : `${sandboxTargets} sandbox target${sandboxTargets === 1 ? '' : 's'} and the objects`}: ${failed ? `FAILED (${gating} finding${gating === 1 ? '' : 's'} at or above ${failOn})` : 'passed'}`,
        ...(contextTargets > 0 ? [`context: ${contextTargets} target${contextTargets === 1 ? '' : 's'} not a sandbox, reported but not gated (--all-targets gates them)`] : []),
        ...(skipped.length > 0 ? [`skipped ${skipped.length} object${skipped.length === 1 ? '' : 's'} of kinds audit does not model: ${skipped.map(e).join(', ')}`] : []),
        ...failures.map((f) => `unreadable: ${e(f.source)}: ${e(f.message)}`),
      ];
      ctx.io.stdout(textReport(reports, booleanFlag(ctx.flags, 'wide'), ctx.io.colour, footer));
    }
    if (failures.length > 0) {
      for (const f of failures) ctx.io.stderr(`agent-sandbox-policy audit: ${escapeTerminal(f.source)}: ${escapeTerminal(f.message)}\n`);
      return 2;
    }
    return failed ? 1 : 0;
  },
};
