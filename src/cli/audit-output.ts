/** What audit prints, whichever view it reports: counts, the text table, JSON findings, the gate. */
import { SEVERITIES, type Severity } from '../index.js';
import { UsageError } from './args.js';
import { docsUrl } from './codes.js';
import { escapeTerminal } from './output/escape.js';
import { paint, table } from './output/text.js';
import type { LocatedFinding, TargetReport } from './report.js';

/** Unsuppressed findings per severity. */
export function counts(findings: readonly LocatedFinding[]): Record<Severity, number> {
  const out = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) if (f.suppressed === undefined) out[f.severity]++;
  return out;
}

/** `1 critical, 2 high, 1 suppressed`, or `no findings`. */
export function summary(findings: readonly LocatedFinding[]): string {
  const c = counts(findings);
  const parts = SEVERITIES.filter((s) => c[s] > 0).map((s) => `${c[s]} ${s}`);
  const suppressed = findings.filter((f) => f.suppressed !== undefined).length;
  if (suppressed > 0) parts.push(`${suppressed} suppressed`);
  return parts.join(', ') || 'no findings';
}

const rank = (s: Severity) => SEVERITIES.indexOf(s);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Marks findings suppressed by `reasons` (never `error` ones) and sorts them: most severe, then code, then path. */
export function settle(findings: readonly LocatedFinding[], reasons: (f: LocatedFinding) => ReadonlyMap<string, string>): LocatedFinding[] {
  return findings
    .map((f) => {
      const r = f.severity === 'error' ? undefined : reasons(f).get(f.code);
      return r !== undefined ? { ...f, suppressed: r } : f;
    })
    .sort((a, b) => rank(a.severity) - rank(b.severity) || cmp(a.code, b.code) || cmp(a.policy ?? '', b.policy ?? '') || cmp(a.path, b.path));
}

/**
 * The findings the gate judges.
 * @returns the unsuppressed findings not on a context target and at least as severe as `failOn`.
 */
export function gatingFindings(reports: readonly TargetReport[], failOn: Severity): LocatedFinding[] {
  return reports.flatMap((r) => r.findings.filter((f) => f.suppressed === undefined && f.context !== true && rank(f.severity) <= rank(failOn)));
}

/** True when an unsuppressed finding the gate judges (not context) is at least as severe as `failOn`. */
export function gateFails(reports: readonly TargetReport[], failOn: Severity): boolean {
  return gatingFindings(reports, failOn).length > 0;
}

/** The gate's default: a finding rated high or worse (metadata, private ranges, ...) fails it. */
export const DEFAULT_FAIL_ON: Severity = 'high';

/** --fail-on's value, checked. */
export function failOnOf(value: string | undefined): Severity {
  const failOn = value ?? DEFAULT_FAIL_ON;
  if (!SEVERITIES.includes(failOn as Severity)) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}, got ${JSON.stringify(failOn)}`);
  return failOn as Severity;
}

const shortRanges = (ranges: readonly string[]) => ranges.slice(0, 3).join(' ') + (ranges.length > 3 ? ` +${ranges.length - 3}` : '');

/**
 * The text report: a summary line per target, a table of its unsuppressed findings, each distinct
 * fix once (or a SUGGESTION column with `wide`), the message of each error, then `footer`. Every
 * string from the input goes through {@link escapeTerminal}, so a crafted name prints as itself.
 */
export function textReport(reports: readonly TargetReport[], wide: boolean, colour: boolean, footer: readonly string[] = []): string {
  let out = '';
  const e = escapeTerminal;
  const withPolicy = reports.some((r) => r.findings.some((f) => f.policy !== undefined));
  for (const r of reports) {
    out += `== ${e(r.source)}:${r.start.line} ${e(r.target)}: ${summary(r.findings)}${r.context ? ' (context: not a sandbox, not gated)' : ''}\n`;
    if (r.note !== undefined) out += `   ${e(r.note)}\n`;
    const shown = r.findings.filter((f) => f.suppressed === undefined);
    if (shown.length === 0) continue;
    const header = ['SEVERITY', 'CODE', ...(withPolicy ? ['POLICY'] : []), 'LINE', 'PATH', 'RANGES', ...(wide ? ['SUGGESTION'] : [])];
    const line = (f: LocatedFinding) => (f.source !== undefined && f.source !== r.source ? `${e(f.source)}:${f.location.line}` : String(f.location.line));
    const rows = shown.map((f) => [f.severity, f.code, ...(withPolicy ? [e(f.policy ?? '-')] : []), line(f), e(f.path || '-'), e(shortRanges(f.ranges)), ...(wide ? [e(f.suggestion ?? f.message)] : [])]);
    const lines = table([header, ...rows]).split('\n');
    out += lines.map((l, i) => (i > 0 && i <= shown.length ? paint(l.slice(0, 8), shown[i - 1]!.severity, colour) + l.slice(8) : l)).join('\n');
    // For a target standing for several pods: the first pod variant that gives each finding.
    const variants = new Map<string, string[]>();
    for (const f of shown) if (f.variant !== undefined) variants.set(f.variant, [...new Set([...(variants.get(f.variant) ?? []), f.code])]);
    for (const [variant, codes] of variants) out += `pods (${codes.join(', ')}): ${e(variant)}\n`;
    // An error says why the object could not be judged: its message is shown whatever the width.
    if (!wide) for (const f of shown) if (f.severity === 'error') out += `error (${f.code}${f.path ? ` at ${e(f.path)}` : ''}): ${e(f.message)}\n`;
    if (!wide) {
      const fixes = new Map<string, string[]>();
      for (const f of shown) if (f.suggestion !== undefined) fixes.set(f.suggestion, [...new Set([...(fixes.get(f.suggestion) ?? []), f.code])]);
      for (const [fix, codes] of fixes) out += `fix (${codes.join(', ')}): ${e(fix)}\n`;
    }
  }
  for (const l of footer) out += `-- ${l}\n`;
  return out;
}

/** One finding as the JSON output writes it. */
export function jsonFinding(f: LocatedFinding, source: string) {
  return {
    severity: f.severity,
    code: f.code,
    ...(f.policy !== undefined ? { policy: f.policy } : {}),
    message: f.message,
    path: f.path,
    source: f.source ?? source,
    line: f.location.line,
    column: f.location.column,
    ranges: f.ranges,
    ...(f.example !== undefined ? { example: f.example } : {}),
    ...(f.suggestion !== undefined ? { suggestion: f.suggestion } : {}),
    docs: docsUrl(f.code),
    ...(f.variant !== undefined ? { variant: f.variant } : {}),
    ...(f.suppressed !== undefined ? { suppressed: { reason: f.suppressed } } : {}),
  };
}
