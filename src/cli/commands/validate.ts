/** `validate`: the Kubernetes API server's verdict on each NetworkPolicy and SandboxTemplate, located in the input. */
import { validateNetworkPolicy } from '../../index.js';
import { booleanFlag } from '../args.js';
import type { Command, CommandContext } from '../command.js';
import { json } from '../output/serialize.js';
import { sarifLog } from '../output/sarif.js';
import { identify, type LocatedFinding, type TargetReport } from '../report.js';
import { classify, parseTemplate, unsupportedKind } from '../targets.js';

function check(ctx: CommandContext, strictCidr: boolean): TargetReport[] {
  return ctx.input.documents.flatMap((doc): TargetReport[] => {
    const c = classify(doc);
    if (c.type === 'namespace') return [];
    let findings: LocatedFinding[];
    if (c.type === 'other') findings = [unsupportedKind(doc, c.kind, 'a NetworkPolicy or a SandboxTemplate')];
    else if (c.type === 'template') {
      const parsed = parseTemplate(doc, strictCidr);
      findings = 'errors' in parsed ? parsed.errors.map((f) => ({ ...f, code: 'api-invalid' })) : [];
    } else {
      findings = validateNetworkPolicy(doc.value, { strictCidr }).map((i) => ({
        severity: i.severity === 'error' ? 'error' : 'low',
        code: i.severity === 'error' ? 'api-invalid' : 'api-warning',
        message: i.message,
        path: i.path,
        ranges: [],
        location: doc.position(i.path),
      }));
    }
    return [{ ...identify(doc), source: doc.source, start: doc.start, findings }];
  });
}

export const validateCommand: Command = {
  name: 'validate',
  summary: 'NetworkPolicies or SandboxTemplates -> Kubernetes API validation errors',
  description: `Validates NetworkPolicies (and SandboxTemplates, spec.networkPolicy included) as the Kubernetes
API server does, with its field paths and messages. Exit 1 when any object is invalid.`,
  flags: [{ name: 'legacy-cidr', type: 'boolean', help: 'validate CIDRs as Kubernetes before 1.36 (non-canonical forms are warnings)' }],
  outputs: ['text', 'json', 'sarif'],
  run(ctx: CommandContext): number {
    const reports = check(ctx, !booleanFlag(ctx.flags, 'legacy-cidr'));
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
