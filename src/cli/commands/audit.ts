/** `audit`: each sandbox's effective policy under every object that selects it (or each document alone with --per-document); a CI gate. */
import { auditCluster, sandboxTemplateFindings, SEVERITIES, type ClusterAuditReport, type ClusterFinding, type PolicyRef, type TargetReport as ClusterTarget } from '../../index.js';
import { isObject } from '../../json.js';
import { booleanFlag, stringFlag, UsageError } from '../args.js';
import { counts, failOnOf, gateFails, jsonFinding, settle, summary, textReport } from '../audit-output.js';
import { perDocumentReports } from '../audit-per-document.js';
import type { Command, CommandContext } from '../command.js';
import { SUPPRESSION_PREFIX } from '../codes.js';
import { findingDocsPath, renderHtmlReport } from '../html-report.js';
import type { InputDocument } from '../input/documents.js';
import { json } from '../output/serialize.js';
import { SARIF_ROOT_FLAG, sarifLog, sarifOptions } from '../output/sarif.js';
import { NAMESPACE_FLAG, POLICY_FLAGS, policyOptions } from '../policy-flags.js';
import { identify, locatedFinding, type LocatedFinding, type TargetReport } from '../report.js';
import { merged, suppressionsOf } from '../suppressions.js';
import { errorFinding, parseTemplate } from '../targets.js';

const NAMESPACED = new Set(['NetworkPolicy', 'Pod', 'SandboxTemplate']);

/** The label auditCluster gives the object of a document (`NetworkPolicy ns/name`, `ClusterNetworkPolicy name`, `objects[3]` when nameless). */
function labelOf(doc: InputDocument, index: number, defaultNamespace: string): string {
  const { kind, namespace, name } = identify(doc);
  const meta = isObject(doc.value) && isObject(doc.value.metadata) ? doc.value.metadata : {};
  if (typeof meta.name !== 'string' || meta.name === '') return `objects[${index}]`;
  const namespaced = NAMESPACED.has(kind) || (!['ClusterNetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'Namespace'].includes(kind) && typeof meta.namespace === 'string');
  return `${kind} ${namespaced ? `${namespace || defaultNamespace}/` : ''}${name}`;
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
}

function clusterReports(ctx: CommandContext, strictCidr: boolean, useSuppressions: boolean): Assembled {
  const docs = ctx.input.documents;
  if (docs.length === 0) return { report: auditCluster([]), reports: [], targets: new Map() };
  const policy = policyOptions(ctx.flags);
  const { clusterCidrs } = policy;
  const namespace = stringFlag(ctx.flags, 'namespace') ?? 'default';
  const report = auditCluster(
    docs.map((d) => d.value),
    { strictCidr, policy, namespace, ...(clusterCidrs ? { clusterCidrs } : {}) },
  );
  const byLabel = new Map<string, InputDocument>();
  docs.forEach((d, i) => {
    const label = labelOf(d, i, namespace);
    if (!byLabel.has(label)) byLabel.set(label, d);
  });
  // Policies the controller renders from Managed templates live in the template's document.
  const renderedFrom = new Map<string, string>();
  for (const t of report.targets) for (const r of [...t.policies.egress, ...t.policies.ingress]) if (r.renderedFrom) renderedFrom.set(r.policy, r.renderedFrom);

  const namespaceReasons = (ns: string) => {
    const d = byLabel.get(`Namespace ${ns}`);
    return d ? suppressionsOf(d.value) : undefined;
  };
  const reasonsOf = (label: string | null): ReadonlyMap<string, string> => {
    if (!useSuppressions || label === null) return new Map();
    const doc = byLabel.get(renderedFrom.get(label) ?? label);
    if (doc === undefined) return new Map();
    return merged(suppressionsOf(doc.value), namespaceReasons(identify(doc).namespace));
  };

  const located = (f: ClusterFinding, home: InputDocument | undefined): LocatedFinding => {
    const from = f.policy !== null ? renderedFrom.get(f.policy) : undefined;
    const doc = (f.policy !== null ? byLabel.get(from ?? f.policy) : undefined) ?? home ?? docs[0]!;
    const path = from !== undefined ? templateField(doc.value, f.path) : f.path;
    return { ...locatedFinding(f, doc.position(path)), source: doc.source, policy: f.policy };
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
    const label = t.target.kind === 'PodSelector' ? `NetworkPolicy ${t.target.namespace}/${t.target.name}` : `${t.target.kind} ${t.target.namespace}/${t.target.name}`;
    const doc = byLabel.get(label) ?? docs[0]!;
    const own = reasonsOf(label);
    const findings = t.findings.map((f) => located(f, doc));
    targets.set(reports.length, t);
    reports.push({
      target: t.target.kind === 'PodSelector' ? `PodSelector ${t.target.namespace}/${t.target.name}` : label,
      kind: t.target.kind,
      namespace: t.target.namespace,
      name: t.target.name,
      source: doc.source,
      start: doc.start,
      findings: settle(findings, (f) => new Map([...reasonsOf(f.policy ?? null), ...own])),
      note: note(t),
    });
  }

  // Object-level findings, and the CLI's own about documents.
  const noPolicy: LocatedFinding[] = [];
  for (const f of report.findings) {
    const doc = f.policy !== null ? byLabel.get(renderedFrom.get(f.policy) ?? f.policy) : undefined;
    if (doc === undefined || f.policy === null) noPolicy.push(located(f, undefined));
    else objectReport(renderedFrom.get(f.policy) ?? f.policy, doc).findings.push(located(f, doc));
  }
  docs.forEach((doc, i) => {
    const label = labelOf(doc, i, namespace);
    const add = (f: LocatedFinding) => objectReport(label, doc).findings.push({ ...f, source: doc.source, policy: label });
    for (const key of suppressionsOf(doc.value).invalid) add(errorFinding(doc, 'invalid-suppression', `metadata.annotations[${key}]`, `annotation ${key} needs a non-empty reason`));
    if (identify(doc).kind !== 'SandboxTemplate') return;
    const strict = parseTemplate(doc, strictCidr);
    if ('errors' in strict) {
      // Errors the cluster audit does not see (it reads CIDRs as a cluster may already hold them).
      if (!report.findings.some((f) => f.policy === label && f.severity === 'error')) strict.errors.forEach(add);
      return;
    }
    for (const f of sandboxTemplateFindings(strict.template)) add({ severity: f.severity, code: f.code, message: f.message, path: f.path, ranges: [], ...(f.suggestion ? { suggestion: f.suggestion } : {}), location: doc.position(f.path) });
  });
  for (const ignored of report.ignored) {
    const i = docs.findIndex((d, j) => labelOf(d, j, namespace) === ignored);
    const doc = docs[i] ?? docs[0]!;
    if (identify(doc).kind === 'Namespace') continue;
    objectReport(ignored, doc).findings.push({
      ...errorFinding(doc, 'unsupported-kind', 'kind', `expected a SandboxTemplate, NetworkPolicy, ClusterNetworkPolicy, AdminNetworkPolicy, BaselineAdminNetworkPolicy, Pod, Namespace or List, got kind ${JSON.stringify(identify(doc).kind)}`),
      source: doc.source,
      policy: ignored,
    });
  }
  const merge = (label: string, r: { doc: InputDocument; findings: LocatedFinding[] }) => {
    const target = reports.findIndex((x) => x.target === label);
    const settled = settle(r.findings, (f) => reasonsOf(f.policy ?? label));
    if (target >= 0) reports[target] = { ...reports[target]!, findings: settle([...reports[target]!.findings, ...settled], () => new Map()) };
    else reports.push({ ...identify(r.doc), target: label, source: r.doc.source, start: r.doc.start, findings: settled });
  };
  for (const [label, r] of objectReports) merge(label, r);
  if (noPolicy.length > 0) reports.push({ kind: 'Input', namespace: '', name: '', target: 'the input as a whole', source: docs[0]!.source, start: docs[0]!.start, findings: settle(noPolicy, () => new Map()) });
  return { report, reports, targets };
}

export const auditCommand: Command = {
  name: 'audit',
  summary: 'objects -> what each sandbox can reach under every policy that selects it (a CI gate with --fail-on)',
  description: `Audits the effective policy of every target in the input: each SandboxTemplate's sandbox pods
(with the NetworkPolicy the controller renders for a Managed template), each Pod, and in a
namespace with neither, one pod per distinct podSelector. Every NetworkPolicy of the namespace
that selects the target counts (policies only add), and so do ClusterNetworkPolicies (Admin tier
before NetworkPolicies, Baseline after) and v1alpha1 AdminNetworkPolicy/BaselineAdminNetworkPolicy.
Input: any mix of SandboxTemplate, NetworkPolicy, ClusterNetworkPolicy, Pod, Namespace and List
(kubectl get ... -o yaml). Each finding names the POLICY whose rule opened it; object findings
(invalid objects, hash collisions, priority ties) are reported under the object.
--per-document judges each NetworkPolicy and each template's policy alone instead.
Each finding code has a page under docs/findings/.

Suppress a finding with the annotation
  ${SUPPRESSION_PREFIX}<code>: "<reason>"
on the SandboxTemplate or Pod, on the policy that opened it, or on their Namespace (include the
Namespace in the input). Suppressed findings are still reported (text: counted; json and sarif:
marked with the reason) and never trip --fail-on. error findings cannot be suppressed.

-o html writes one self-contained page (no network access): per target a map of the IPv4 space
(one cell per /16) coloured by what it can reach, IPv6 landmarks, the findings and policies.`,
  flags: [
    ...POLICY_FLAGS,
    { name: 'fail-on', type: 'string', value: 'SEVERITY', choices: SEVERITIES, help: 'exit 1 when an unsuppressed finding is at least this severe\n(error, critical, high, medium, low, info; default error)' },
    NAMESPACE_FLAG,
    { name: 'per-document', type: 'boolean', help: 'judge each document alone (the policy as if nothing else selected its pods)' },
    { name: 'no-suppressions', type: 'boolean', help: 'ignore ignore-check annotations' },
    { name: 'legacy-cidr', type: 'boolean', help: 'judge CIDRs as Kubernetes before 1.36 (non-canonical forms are low findings)' },
    { name: 'wide', type: 'boolean', help: 'text: a SUGGESTION column on every row instead of each distinct fix once' },
    SARIF_ROOT_FLAG,
  ],
  outputs: ['text', 'json', 'sarif', 'html'],
  run(ctx: CommandContext): number {
    const failOn = failOnOf(stringFlag(ctx.flags, 'fail-on'));
    const strictCidr = !booleanFlag(ctx.flags, 'legacy-cidr');
    const useSuppressions = !booleanFlag(ctx.flags, 'no-suppressions');
    const perDocument = booleanFlag(ctx.flags, 'per-document');
    if (perDocument && stringFlag(ctx.flags, 'namespace') !== undefined) throw new UsageError('--namespace is for the effective view; --per-document judges each document alone');
    if (perDocument && ctx.output === 'html') throw new UsageError('-o html draws the effective (cluster) view; it does not combine with --per-document');
    const assembled = perDocument ? undefined : clusterReports(ctx, strictCidr, useSuppressions);
    const reports = assembled?.reports ?? perDocumentReports(ctx.input, policyOptions(ctx.flags), strictCidr, useSuppressions);
    const failed = gateFails(reports, failOn);
    const all = reports.flatMap((r) => r.findings);
    const totals = { counts: counts(all), suppressed: all.filter((f) => f.suppressed !== undefined).length, failOn, failed };

    if (ctx.output === 'sarif') ctx.io.stdout(json(sarifLog(reports, ctx.io.version, sarifOptions(ctx))));
    else if (ctx.output === 'html') {
      const { targets } = assembled!;
      const clusterCidrs = policyOptions(ctx.flags).clusterCidrs;
      const pages = reports.flatMap((r, i) => {
        const t = targets.get(i);
        if (t === undefined) return [];
        return [
          {
            title: r.target,
            summary: `${summary(r.findings)}; ${r.note}`,
            reachable: t.egressReachable,
            findings: r.findings.filter((f) => f.suppressed === undefined).map((f) => ({ severity: f.severity, code: f.code, path: f.path, ranges: f.ranges, docsPath: findingDocsPath(f.code), message: f.message, ...(f.policy ? { policy: f.policy } : {}) })),
            policies: [...new Set([...t.policies.egress, ...t.policies.ingress].map(refText))],
            ...(clusterCidrs ? { clusterCidrs } : {}),
          },
        ];
      });
      ctx.io.stdout(renderHtmlReport(pages));
    } else if (ctx.output === 'json' && assembled === undefined) {
      ctx.io.stdout(
        json({
          reports: reports.map((r) => ({ target: r.target, kind: r.kind, namespace: r.namespace, name: r.name, source: r.source, line: r.start.line, column: r.start.column, counts: counts(r.findings), findings: r.findings.map((f) => jsonFinding(f, r.source)) })),
          summary: { targets: reports.length, ...totals },
        }),
      );
    } else if (ctx.output === 'json') {
      const { targets, report } = assembled!;
      ctx.io.stdout(
        json({
          targets: reports.flatMap((r, i) => {
            const t = targets.get(i);
            if (t === undefined) return [];
            return [
              {
                target: t.target,
                source: r.source,
                line: r.start.line,
                column: r.start.column,
                labels: t.labels,
                policies: t.policies,
                egressIsolated: t.egressIsolated,
                ingressIsolated: t.ingressIsolated,
                egressReachable: t.egressReachable.toCidrs(),
                domainAllowances: t.domainAllowances,
                counts: counts(r.findings),
                findings: r.findings.map((f) => jsonFinding(f, r.source)),
              },
            ];
          }),
          findings: reports.flatMap((r, i) => (targets.has(i) ? [] : r.findings.map((f) => jsonFinding(f, r.source)))),
          ignored: report.ignored,
          summary: { targets: targets.size, ...totals },
        }),
      );
    } else ctx.io.stdout(textReport(reports, booleanFlag(ctx.flags, 'wide'), ctx.io.colour));
    return failed ? 1 : 0;
  },
};
