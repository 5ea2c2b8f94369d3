/** `audit`: security findings for NetworkPolicies and the policies SandboxTemplates produce; a CI gate. */
import { auditNetworkPolicy, isSandboxPolicyError, SEVERITIES, templateRefHash, type Finding, type PolicyOptions, type Severity } from '../../index.js';
import { booleanFlag, stringFlag, UsageError } from '../args.js';
import type { Command, CommandContext } from '../command.js';
import { docsUrl, SUPPRESSION_PREFIX } from '../codes.js';
import type { InputDocument } from '../input/documents.js';
import { json } from '../output/serialize.js';
import { sarifLog } from '../output/sarif.js';
import { paint, table } from '../output/text.js';
import { POLICY_FLAGS, policyOptions } from '../policy-flags.js';
import { identify, type LocatedFinding, type TargetReport } from '../report.js';
import { merged, suppressionsOf, type Suppressions } from '../suppressions.js';
import { classify, errorFinding, issuesToFindings, parseTemplate, templatePath, templatePolicy, unsupportedKind } from '../targets.js';

const ACCEPTED = 'a NetworkPolicy, a SandboxTemplate or a Namespace';

interface Work {
  readonly doc: InputDocument;
  readonly findings: LocatedFinding[];
  /** Set for a template that parsed: its name and namespace for the hash-collision check. */
  template?: { name: string; namespace: string };
}

function auditFindings(doc: InputDocument, policy: unknown, options: PolicyOptions, strictCidr: boolean, place: (path: string) => string): LocatedFinding[] {
  let findings: readonly Finding[];
  try {
    findings = auditNetworkPolicy(policy, { ...(options.clusterCidrs ? { clusterCidrs: options.clusterCidrs } : {}), strictCidr }).findings;
  } catch (err) {
    if (!isSandboxPolicyError(err)) throw err;
    return issuesToFindings(doc, err.issues);
  }
  return findings.map((f) => ({
    severity: f.severity,
    code: f.code,
    message: f.message,
    path: f.path,
    ranges: f.ranges,
    example: f.example,
    ...(f.suggestion !== undefined ? { suggestion: f.suggestion } : {}),
    location: doc.position(place(f.path)),
  }));
}

/** Templates in one namespace whose names share a hash: each gets a `template-hash-collision` finding naming the other. */
function hashCollisions(work: readonly Work[]): void {
  const groups = new Map<string, Work[]>();
  for (const w of work) {
    if (!w.template) continue;
    const key = `${w.template.namespace}\u0000${templateRefHash(w.template.name)}`;
    groups.set(key, [...(groups.get(key) ?? []), w]);
  }
  for (const group of groups.values()) {
    const names = [...new Set(group.map((w) => w.template!.name))];
    if (names.length < 2) continue;
    for (const w of group) {
      const others = names.filter((n) => n !== w.template!.name).map((n) => JSON.stringify(n));
      const hash = templateRefHash(w.template!.name);
      const ns = w.template!.namespace ? ` in namespace ${w.template!.namespace}` : '';
      w.findings.push(errorFinding(w.doc, 'template-hash-collision', 'metadata.name', `template ${JSON.stringify(w.template!.name)} shares template hash ${hash} with ${others.join(', ')}${ns}: each policy selects the other's pods`));
    }
  }
}

function counts(findings: readonly LocatedFinding[]): Record<Severity, number> {
  const out = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) if (f.suppressed === undefined) out[f.severity]++;
  return out;
}

function summary(findings: readonly LocatedFinding[]): string {
  const c = counts(findings);
  const parts = SEVERITIES.filter((s) => c[s] > 0).map((s) => `${c[s]} ${s}`);
  const suppressed = findings.filter((f) => f.suppressed !== undefined).length;
  if (suppressed > 0) parts.push(`${suppressed} suppressed`);
  return parts.join(', ') || 'no findings';
}

const shortRanges = (ranges: readonly string[]) => ranges.slice(0, 3).join(' ') + (ranges.length > 3 ? ` +${ranges.length - 3}` : '');

function textReport(reports: readonly TargetReport[], wide: boolean, colour: boolean): string {
  let out = '';
  for (const r of reports) {
    out += `== ${r.source}:${r.start.line} ${r.target}: ${summary(r.findings)}\n`;
    const shown = r.findings.filter((f) => f.suppressed === undefined);
    if (shown.length === 0) continue;
    const header = ['SEVERITY', 'CODE', 'LINE', 'PATH', 'RANGES', ...(wide ? ['SUGGESTION'] : [])];
    const rows = shown.map((f) => [f.severity, f.code, String(f.location.line), f.path, shortRanges(f.ranges), ...(wide ? [f.suggestion ?? f.message] : [])]);
    const lines = table([header, ...rows]).split('\n');
    out += lines.map((line, i) => (i > 0 && i <= shown.length ? paint(line.slice(0, 8), shown[i - 1]!.severity, colour) + line.slice(8) : line)).join('\n');
    if (!wide) {
      const fixes = new Map<string, string[]>();
      for (const f of shown) if (f.suggestion !== undefined) fixes.set(f.suggestion, [...new Set([...(fixes.get(f.suggestion) ?? []), f.code])]);
      for (const [fix, codes] of fixes) out += `fix (${codes.join(', ')}): ${fix}\n`;
    }
  }
  return out;
}

function jsonFinding(f: LocatedFinding) {
  return {
    severity: f.severity,
    code: f.code,
    message: f.message,
    path: f.path,
    line: f.location.line,
    column: f.location.column,
    ranges: f.ranges,
    ...(f.example !== undefined ? { example: f.example } : {}),
    ...(f.suggestion !== undefined ? { suggestion: f.suggestion } : {}),
    docs: docsUrl(f.code),
    ...(f.suppressed !== undefined ? { suppressed: { reason: f.suppressed } } : {}),
  };
}

export const auditCommand: Command = {
  name: 'audit',
  summary: 'NetworkPolicies or SandboxTemplates -> security findings (a CI gate with --fail-on)',
  description: `Audits NetworkPolicies (and the policies SandboxTemplates produce) for reachable metadata,
private and special ranges, open ingress and invalid fields; reports SandboxTemplates in one
namespace whose names share a template hash. Each finding code has a page under docs/findings/.

Suppress a finding for one object with the annotation
  ${SUPPRESSION_PREFIX}<code>: "<reason>"
on the SandboxTemplate, the NetworkPolicy or its Namespace (include the Namespace in the input).
Suppressed findings are still reported (text: counted; json and sarif: marked with the reason)
and never trip --fail-on. error findings cannot be suppressed.`,
  flags: [
    ...POLICY_FLAGS,
    { name: 'fail-on', type: 'string', value: 'SEVERITY', help: 'exit 1 when an unsuppressed finding is at least this severe\n(error, critical, high, medium, low, info; default error)' },
    { name: 'no-suppressions', type: 'boolean', help: 'ignore ignore-check annotations' },
    { name: 'legacy-cidr', type: 'boolean', help: 'judge CIDRs as Kubernetes before 1.36 (non-canonical forms are low findings)' },
    { name: 'wide', type: 'boolean', help: 'text: a SUGGESTION column on every row instead of each distinct fix once' },
  ],
  outputs: ['text', 'json', 'sarif'],
  run(ctx: CommandContext): number {
    const options = policyOptions(ctx.flags);
    const failOn = stringFlag(ctx.flags, 'fail-on') ?? 'error';
    if (!SEVERITIES.includes(failOn as Severity)) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}, got ${JSON.stringify(failOn)}`);
    const gate = SEVERITIES.indexOf(failOn as Severity);
    const strictCidr = !booleanFlag(ctx.flags, 'legacy-cidr');
    const useSuppressions = !booleanFlag(ctx.flags, 'no-suppressions');

    const namespaces = new Map<string, Suppressions>();
    for (const doc of ctx.input.documents) {
      const c = classify(doc);
      if (c.type === 'namespace') namespaces.set(identify(doc).name, suppressionsOf(doc.value));
    }

    const work: Work[] = [];
    for (const doc of ctx.input.documents) {
      const c = classify(doc);
      const w: Work = { doc, findings: [] };
      const own = suppressionsOf(doc.value);
      for (const key of own.invalid) w.findings.push(errorFinding(doc, 'invalid-suppression', `metadata.annotations[${key}]`, `annotation ${key} needs a non-empty reason`));
      if (c.type === 'namespace') {
        if (w.findings.length > 0) work.push(w);
        continue;
      }
      work.push(w);
      if (c.type === 'other') w.findings.push(unsupportedKind(doc, c.kind, ACCEPTED));
      else if (c.type === 'policy') w.findings.push(...auditFindings(doc, doc.value, options, strictCidr, (p) => p));
      else {
        const parsed = parseTemplate(doc, strictCidr);
        if ('errors' in parsed) {
          w.findings.push(...parsed.errors);
          continue;
        }
        const { template } = parsed;
        w.template = { name: template.metadata.name, namespace: template.metadata.namespace ?? '' };
        const rendered = templatePolicy(doc, template, options);
        if ('errors' in rendered) w.findings.push(...rendered.errors);
        else if (rendered.policy !== null) w.findings.push(...auditFindings(doc, rendered.policy, options, strictCidr, (p) => templatePath(template, p)));
      }
    }
    hashCollisions(work);

    const rank = (s: Severity) => SEVERITIES.indexOf(s);
    const reports: TargetReport[] = work.map((w) => {
      const id = identify(w.doc);
      const reasons = useSuppressions ? merged(suppressionsOf(w.doc.value), namespaces.get(id.namespace)) : new Map<string, string>();
      const findings = w.findings
        .map((f) => (f.severity !== 'error' && reasons.has(f.code) ? { ...f, suppressed: reasons.get(f.code)! } : f))
        .sort((a, b) => rank(a.severity) - rank(b.severity) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      return { ...id, source: w.doc.source, start: w.doc.start, findings };
    });
    const failed = reports.some((r) => r.findings.some((f) => f.suppressed === undefined && rank(f.severity) <= gate));

    if (ctx.output === 'sarif') ctx.io.stdout(json(sarifLog(reports, ctx.io.version)));
    else if (ctx.output === 'json') {
      const total = counts(reports.flatMap((r) => r.findings));
      ctx.io.stdout(
        json({
          reports: reports.map((r) => ({
            target: r.target,
            kind: r.kind,
            namespace: r.namespace,
            name: r.name,
            source: r.source,
            line: r.start.line,
            column: r.start.column,
            counts: counts(r.findings),
            findings: r.findings.map(jsonFinding),
          })),
          summary: { targets: reports.length, counts: total, suppressed: reports.flatMap((r) => r.findings).filter((f) => f.suppressed !== undefined).length, failOn, failed },
        }),
      );
    } else ctx.io.stdout(textReport(reports, booleanFlag(ctx.flags, 'wide'), ctx.io.colour));
    return failed ? 1 : 0;
  },
};
