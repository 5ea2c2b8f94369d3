/// <reference types="node" />
import {
  SEVERITIES,
  auditNetworkPolicy,
  explainNetworkPolicy,
  networkPolicyFor,
  parseSandboxTemplate,
  templateRefHash,
  validateNetworkPolicy,
  type Finding,
  type PolicyOptions,
  type Severity,
} from '../index.js';
import { CliInputError, type InputDocument } from './io.js';
import { withContext } from './render.js';
import type { CliIo } from './main.js';
import { isObject } from '../json.js';

/** A document turned into the NetworkPolicy to look at (SandboxTemplates are rendered first). */
interface Subject {
  readonly label: string;
  readonly policy: unknown;
  readonly templatePrefix: string | null;
}

function subjects(docs: readonly InputDocument[], options: PolicyOptions): Subject[] {
  const out: Subject[] = [];
  for (const doc of docs) {
    const v = doc.value;
    const kind = isObject(v) ? v.kind : undefined;
    const name = isObject(v) && isObject(v.metadata) && typeof v.metadata.name === 'string' ? v.metadata.name : '?';
    const label = `${doc.source}#${doc.index} ${String(kind)}/${name}`;
    if (kind === 'SandboxTemplate') {
      const policy = withContext(doc, () => networkPolicyFor(parseSandboxTemplate(v), options));
      if (policy !== null) out.push({ label, policy, templatePrefix: 'spec.networkPolicy' });
    } else if (kind === 'NetworkPolicy') {
      out.push({ label, policy: v, templatePrefix: null });
    } else {
      throw new CliInputError(`${doc.source}: document ${doc.index}: expected a NetworkPolicy or SandboxTemplate, got kind ${JSON.stringify(kind ?? null)}`);
    }
  }
  return out;
}

/** SandboxTemplates in one namespace whose names share a template hash (their policies select each other's pods). */
export function hashCollisions(docs: readonly InputDocument[]): string[] {
  const seen = new Map<string, string>();
  const out: string[] = [];
  for (const doc of docs) {
    const v = doc.value;
    if (!isObject(v) || v.kind !== 'SandboxTemplate' || !isObject(v.metadata) || typeof v.metadata.name !== 'string') continue;
    const ns = typeof v.metadata.namespace === 'string' ? v.metadata.namespace : '';
    const hash = templateRefHash(v.metadata.name);
    const key = `${ns}/${hash}`;
    const other = seen.get(key);
    if (other !== undefined && other !== v.metadata.name) {
      out.push(`templates ${JSON.stringify(other)} and ${JSON.stringify(v.metadata.name)}${ns ? ` in namespace ${ns}` : ''} share template hash ${hash}: each policy selects the other's pods`);
    } else seen.set(key, v.metadata.name);
  }
  return out;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.min(60, Math.max(...rows.map((r) => r[c]!.length))));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ').trimEnd()).join('\n') + '\n';
}

/** `audit`: prints findings; exit 1 when one reaches --fail-on. */
export function auditCommand(docs: readonly InputDocument[], options: PolicyOptions, flags: { format: 'text' | 'json'; failOn: string | undefined }, io: CliIo): number {
  if (flags.failOn !== undefined && !SEVERITIES.includes(flags.failOn as Severity)) {
    throw new CliInputError(`--fail-on must be one of ${SEVERITIES.join(', ')}, got ${JSON.stringify(flags.failOn)}`);
  }
  const collisions = hashCollisions(docs);
  const reports = subjects(docs, options).map((s) => ({
    subject: s.label,
    report: auditNetworkPolicy(s.policy, { ...(options.clusterCidrs ? { clusterCidrs: options.clusterCidrs } : {}) }),
  }));
  const all: Finding[] = reports.flatMap((r) => r.report.findings);
  const gate = flags.failOn === undefined ? -1 : SEVERITIES.indexOf(flags.failOn as Severity);
  const tripped = gate >= 0 && (all.some((f) => SEVERITIES.indexOf(f.severity) <= gate) || (collisions.length > 0 && SEVERITIES.indexOf('high') <= gate));
  if (flags.format === 'json') {
    io.stdout(`${JSON.stringify({ reports: reports.map((r) => ({ subject: r.subject, ...r.report })), hashCollisions: collisions }, null, 2)}\n`);
  } else {
    for (const { subject, report } of reports) {
      io.stdout(`== ${subject}: ${SEVERITIES.filter((s) => report.counts[s] > 0).map((s) => `${report.counts[s]} ${s}`).join(', ') || 'no findings'}\n`);
      const rows = report.findings.map((f) => [f.severity, f.code, f.path, f.ranges.slice(0, 3).join(' ') + (f.ranges.length > 3 ? ` +${f.ranges.length - 3}` : ''), f.suggestion ?? f.message]);
      if (rows.length > 0) io.stdout(table([['SEVERITY', 'CODE', 'PATH', 'RANGES', 'SUGGESTION'], ...rows]));
    }
    for (const c of collisions) io.stdout(`high  hash-collision  ${c}\n`);
  }
  return tripped ? 1 : 0;
}

/** `validate`: the API server's verdict per document; exit 1 when one is invalid. */
export function validateCommand(docs: readonly InputDocument[], flags: { format: 'text' | 'json'; strictCidr: boolean }, io: CliIo): number {
  const results: Array<{ subject: string; issues: ReturnType<typeof validateNetworkPolicy> }> = [];
  for (const doc of docs) {
    const v = doc.value;
    const kind = isObject(v) ? v.kind : undefined;
    const name = isObject(v) && isObject(v.metadata) ? String(v.metadata.name) : '?';
    const subject = `${doc.source}#${doc.index} ${String(kind)}/${name}`;
    if (kind === 'SandboxTemplate') {
      try {
        parseSandboxTemplate(v, { strictCidr: flags.strictCidr });
        results.push({ subject, issues: [] });
      } catch (err) {
        const issues = (err as { issues?: Array<{ path: string; message: string; type?: string }> }).issues;
        if (!issues) throw err;
        results.push({ subject, issues: issues.map((i) => ({ path: i.path, message: i.message, type: (i.type ?? 'FieldValueInvalid') as never, severity: 'error' as const })) });
      }
    } else if (kind === 'NetworkPolicy') {
      results.push({ subject, issues: validateNetworkPolicy(v, { strictCidr: flags.strictCidr }) });
    } else {
      throw new CliInputError(`${doc.source}: document ${doc.index}: expected a NetworkPolicy or SandboxTemplate, got kind ${JSON.stringify(kind ?? null)}`);
    }
  }
  const invalid = results.some((r) => r.issues.some((i) => i.severity === 'error'));
  if (flags.format === 'json') io.stdout(`${JSON.stringify(results, null, 2)}\n`);
  else {
    for (const r of results) {
      const errors = r.issues.filter((i) => i.severity === 'error').length;
      io.stdout(`${r.subject}: ${errors === 0 ? 'valid' : `${errors} error${errors > 1 ? 's' : ''}`}\n`);
      for (const i of r.issues) io.stdout(`  ${i.severity === 'error' ? 'error' : 'warning'}: ${i.path}: ${i.message}\n`);
    }
  }
  return invalid ? 1 : 0;
}

/** `explain`: the plain-English account of each policy. */
export function explainCommand(docs: readonly InputDocument[], options: PolicyOptions, io: CliIo): number {
  const parts = subjects(docs, options).map((s) => `# ${s.label}\n${explainNetworkPolicy(s.policy)}\n`);
  io.stdout(parts.join('\n'));
  return 0;
}
