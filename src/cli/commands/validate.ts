/**
 * `validate`: the Kubernetes API server's verdict on each NetworkPolicy, SandboxTemplate and
 * ClusterNetworkPolicy, located in the input.
 */
import { CLUSTER_NETWORK_POLICY_KIND, validateClusterNetworkPolicy, validateNetworkPolicy, type CrdChannel, type ValidationIssue } from '../../index.js';
import { isObject } from '../../json.js';
import { booleanFlag, stringFlag, UsageError } from '../args.js';
import type { InputDocument } from '../input/documents.js';
import type { Command, CommandContext } from '../command.js';
import { json } from '../output/serialize.js';
import { sarifLog } from '../output/sarif.js';
import { identify, type LocatedFinding, type TargetReport } from '../report.js';
import { classify, parseTemplate, unsupportedKind } from '../targets.js';

/** API server issues (errors and warnings) located in the document. */
const located = (doc: InputDocument, issues: readonly ValidationIssue[]): LocatedFinding[] =>
  issues.map((i) => ({
    severity: i.severity === 'error' ? 'error' : 'low',
    code: i.severity === 'error' ? 'api-invalid' : 'api-warning',
    message: i.message,
    path: i.path,
    ranges: [],
    location: doc.position(i.path),
  }));

const CHANNELS: readonly CrdChannel[] = ['standard', 'experimental'];

function check(ctx: CommandContext, strictCidr: boolean, channel: CrdChannel): TargetReport[] {
  return ctx.input.documents.flatMap((doc): TargetReport[] => {
    const c = classify(doc);
    if (c.type === 'namespace') return [];
    let findings: LocatedFinding[];
    if (c.type === 'other' && isObject(doc.value) && doc.value.kind === CLUSTER_NETWORK_POLICY_KIND) {
      findings = located(doc, validateClusterNetworkPolicy(doc.value, { channel }));
    } else if (c.type === 'other') findings = [unsupportedKind(doc, c.kind, 'a NetworkPolicy, a SandboxTemplate or a ClusterNetworkPolicy')];
    else if (c.type === 'template') {
      const parsed = parseTemplate(doc, strictCidr);
      findings = 'errors' in parsed ? parsed.errors.map((f) => ({ ...f, code: 'api-invalid' })) : [];
    } else {
      findings = located(doc, validateNetworkPolicy(doc.value, { strictCidr }));
    }
    return [{ ...identify(doc), source: doc.source, start: doc.start, findings }];
  });
}

export const validateCommand: Command = {
  name: 'validate',
  summary: 'NetworkPolicies, SandboxTemplates or ClusterNetworkPolicies -> Kubernetes API validation errors',
  description: `Validates NetworkPolicies (and SandboxTemplates, spec.networkPolicy included) as the Kubernetes
API server does, with its field paths and messages, and ClusterNetworkPolicies
(policy.networking.k8s.io/v1alpha2) against their CRD's schema and CEL rules. Exit 1 when any
object is invalid.`,
  flags: [
    { name: 'legacy-cidr', type: 'boolean', help: 'validate CIDRs as Kubernetes before 1.36 (non-canonical forms are warnings)' },
    { name: 'crd-channel', type: 'string', value: 'CHANNEL', choices: CHANNELS, help: 'the ClusterNetworkPolicy CRD installed: experimental (default) or standard' },
  ],
  outputs: ['text', 'json', 'sarif'],
  run(ctx: CommandContext): number {
    const channel = stringFlag(ctx.flags, 'crd-channel') ?? 'experimental';
    if (!CHANNELS.includes(channel as CrdChannel)) throw new UsageError(`--crd-channel must be standard or experimental, got ${JSON.stringify(channel)}`);
    const reports = check(ctx, !booleanFlag(ctx.flags, 'legacy-cidr'), channel as CrdChannel);
    const invalid = reports.some((r) => r.findings.some((f) => f.severity === 'error'));
    if (ctx.output === 'sarif') ctx.io.stdout(json(sarifLog(reports, ctx.io.version)));
    else if (ctx.output === 'json') {
      ctx.io.stdout(
        json({
          reports: reports.map((r) => ({
            target: r.target,
            source: r.source,
            line: r.start.line,
            column: r.start.column,
            valid: !r.findings.some((f) => f.severity === 'error'),
            issues: r.findings.map((f) => ({ severity: f.severity === 'error' ? 'error' : 'warning', code: f.code, path: f.path, message: f.message, line: f.location.line, column: f.location.column })),
          })),
          summary: { targets: reports.length, invalid: reports.filter((r) => r.findings.some((f) => f.severity === 'error')).length },
        }),
      );
    } else {
      for (const r of reports) {
        const errors = r.findings.filter((f) => f.severity === 'error').length;
        ctx.io.stdout(`${r.source}:${r.start.line} ${r.target}: ${errors === 0 ? 'valid' : `${errors} error${errors > 1 ? 's' : ''}`}\n`);
        for (const f of r.findings) ctx.io.stdout(`  ${r.source}:${f.location.line}:${f.location.column}: ${f.severity === 'error' ? 'error' : 'warning'}: ${f.path ? `${f.path}: ` : ''}${f.message}\n`);
      }
    }
    return invalid ? 1 : 0;
  },
};
