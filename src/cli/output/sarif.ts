/// <reference types="node" />
/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
 *
 * GitHub's rules this log follows ("SARIF support for code scanning" and its upload limits;
 * test/cli/sarif-github.ts checks each on every log the tests produce):
 * - `$schema`, `version` 2.1.0 and `runs` present; one run (at most 20 allowed).
 * - `tool.driver.name` and `rules`; each rule with `id`, `name` (<= 255 characters),
 *   `shortDescription.text` and `fullDescription.text` (<= 1024 each), `help.text` (and
 *   `help.markdown`, shown instead); no required property empty.
 * - `properties.security-severity` a string in 0.1-10.0 on the rule, with the `security` tag
 *   (over 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low); at most 10 tags (20 allowed).
 * - Each result: `message.text`, exactly one location (10 allowed, only the first used) with
 *   `artifactLocation.uri` relative to the repository root and a region (`startLine`,
 *   `startColumn`, `endLine`; no `endColumn`, which SARIF then reads as the end of the line, as
 *   in GitHub's own examples: a finding is about a field, whose extent the input positions do not
 *   carry); `partialFingerprints.primaryLocationLineHash`, the only fingerprint GitHub reads,
 *   stable across runs.
 * - Relative URIs carry a `uriBaseId` defined in `originalUriBaseIds`; symlinks are resolved.
 * - At most 25,000 results a run (more is rejected): the most severe are kept, the rest counted
 *   in a notification. At most 25,000 rules (one per finding code here).
 */
import { findingKind, SEVERITIES, type Severity } from '../../index.js';
import { stringFlag } from '../args.js';
import type { CommandContext, FlagSpec } from '../command.js';
import type { TargetReport } from '../report.js';
import { lineHashes } from './sarif-fingerprint.js';
import { FINDING_DOCS_URL, RULE_HELP } from './sarif-rule-help.js';
import { markdownText, plainText, sarifText } from './sarif-text.js';
import { artifactLocation, originalUriBaseIds, sarifRoot, type ArtifactLocation } from './sarif-uri.js';

type Level = 'error' | 'warning' | 'note';

const LEVEL: Readonly<Record<Severity, Level>> = Object.freeze({ error: 'error', critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' });

/**
 * GitHub's `security-severity` per severity: critical and error (an object the gate cannot judge)
 * over 9.0, high 7.0-8.9, medium 4.0-6.9, low 0.1-3.9; info findings are not security results.
 */
const SECURITY_SEVERITY: Readonly<Record<Severity, string | undefined>> = Object.freeze({ error: '9.1', critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: undefined });

/** GitHub's `problem.severity` for rules without a security severity. */
const PROBLEM_SEVERITY: Readonly<Record<Severity, string>> = Object.freeze({ error: 'error', critical: 'error', high: 'error', medium: 'warning', low: 'recommendation', info: 'recommendation' });

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** GitHub rejects a run with more results. */
export const MAX_RESULTS = 25_000;

const rank = (s: Severity): number => SEVERITIES.indexOf(s);

/** A file the CLI could not read (the input set's `failures`). */
export interface InputFailure {
  readonly source: string;
  readonly message: string;
}

/** How {@link sarifLog} places files. */
export interface SarifOptions {
  /** The repository root, absolute with symlinks resolved ({@link sarifRoot}); default `cwd`. */
  readonly root?: string;
  /** The working directory relative file names are read from; default `process.cwd()`. */
  readonly cwd?: string;
  /** Files that could not be read: tool execution notifications, and the run not successful. */
  readonly failures?: readonly InputFailure[];
}

/** `--sarif-root DIR`, for commands with `-o sarif`. */
export const SARIF_ROOT_FLAG: FlagSpec = Object.freeze({
  name: 'sarif-root',
  type: 'string',
  value: 'DIR',
  help: 'sarif: file URIs relative to this directory, the repository root\n(default the current directory)',
});

/**
 * The SARIF options of a command run: `--sarif-root` and the input's unreadable files.
 *
 * @returns the options for {@link sarifLog}.
 * @throws UsageError when `--sarif-root` is not a directory.
 * @example
 * ```text
 * ctx.io.stdout(json(sarifLog(reports, ctx.io.version, sarifOptions(ctx))));
 * ```
 */
export function sarifOptions(ctx: CommandContext): SarifOptions {
  const cwd = process.cwd();
  const failures = (ctx.input as { readonly failures?: readonly InputFailure[] }).failures;
  return { cwd, root: sarifRoot(stringFlag(ctx.flags, 'sarif-root'), cwd), ...(failures && failures.length > 0 ? { failures } : {}) };
}

/** The rule of a code: its catalogue row, else (a code the catalogue lacks) its most severe finding. */
function ruleOf(id: string, severities: readonly Severity[]) {
  const kind = findingKind(id);
  const severity = kind?.severity ?? [...severities].sort((a, b) => rank(a) - rank(b))[0]!;
  const help = Object.hasOwn(RULE_HELP, id) ? RULE_HELP[id] : undefined;
  const helpUri = `${FINDING_DOCS_URL}${encodeURIComponent(id)}.md`;
  const title = kind?.title ?? id;
  const security = SECURITY_SEVERITY[severity];
  return {
    id,
    name: id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase()).slice(0, 255),
    shortDescription: { text: title },
    fullDescription: { text: help?.fullDescription ?? kind?.reason ?? title },
    helpUri,
    help: help ? { text: plainText(help.markdown), markdown: help.markdown } : { text: `${title}. See ${helpUri}`, markdown: `${markdownText(title)}\\. See <${helpUri}>` },
    defaultConfiguration: { level: LEVEL[severity] },
    properties: {
      tags: security ? ['security', 'kubernetes', 'networkpolicy'] : ['kubernetes', 'networkpolicy'],
      precision: 'high',
      ...(security ? { 'security-severity': security } : { 'problem.severity': PROBLEM_SEVERITY[severity] }),
    },
  };
}

interface Entry {
  readonly report: TargetReport;
  readonly finding: TargetReport['findings'][number];
}

/** A finding about the input as a whole (no object, no field): the cluster view's `Input` report. */
const wholeInput = (e: Entry): boolean => e.report.kind === 'Input' || (e.finding.policy === null && e.finding.path === '');

function messages(e: Entry): { text: string; markdown: string } {
  const { report: r, finding: f } = e;
  const fix = f.suggestion ? ` Fix: ${f.suggestion}` : '';
  const pods = f.variant ? ` (pods: ${f.variant})` : '';
  return {
    text: sarifText(`${r.target}: ${f.path ? `${f.path}: ` : ''}${f.message}${pods}${fix}`),
    markdown: `**${markdownText(r.target)}**: ${f.path ? `${markdownText(f.path)}: ` : ''}${markdownText(f.message)}${f.variant ? ` (pods: ${markdownText(f.variant)})` : ''}${f.suggestion ? ` Fix: ${markdownText(f.suggestion)}` : ''}`,
  };
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Everything a result shows, as one string: equal keys make equal results. */
function canonicalKey({ report: r, finding: f }: Entry): string {
  return JSON.stringify([r.target, f.code, f.path, [...f.ranges].sort(), f.policy ?? null, f.severity, f.message, f.variant ?? null, f.suggestion ?? null, f.source ?? r.source, f.location.line, f.location.column, f.suppressed ?? null, f.ranges]);
}

/**
 * One SARIF log with one run: a rule per finding code present (severity, descriptions and help
 * from the finding catalogue and docs/findings/), a result per finding located in a file, and
 * the findings about the input as a whole and the unreadable files as tool execution
 * notifications. Results are ordered by file, line, column, rule and fingerprint, so the log
 * does not depend on the order of the input files.
 *
 * @param reports - what the command found, per target.
 * @param version - the package version (`tool.driver.version`).
 * @param options - the repository root, working directory and unreadable files.
 * @returns the SARIF log, ready for `JSON.stringify`.
 * @throws UsageError when no root is given and the working directory is not a directory.
 * @example
 * ```sh
 * agent-sandbox-policy audit deploy/ -o sarif > results.sarif
 * ```
 */
export function sarifLog(reports: readonly TargetReport[], version: string, options: SarifOptions = {}): unknown {
  const cwd = options.cwd ?? process.cwd();
  const root = options.root ?? sarifRoot(undefined, cwd);
  const failures = options.failures ?? [];
  const entries = reports.flatMap((report) => report.findings.map((finding) => ({ report, finding })));
  // In one canonical order, so that the occurrence count of equal identities in the fingerprints,
  // and so the whole log, does not depend on the order of the input.
  const canonical = entries.map((e) => ({ e, key: canonicalKey(e) })).sort((a, b) => compare(a.key, b.key)).map((x) => x.e);
  const located = canonical.filter((e) => !wholeInput(e));
  const whole = canonical.filter(wholeInput);

  const severities = new Map<string, Severity[]>();
  for (const { finding: f } of entries) {
    const list = severities.get(f.code);
    if (list) list.push(f.severity);
    else severities.set(f.code, [f.severity]);
  }
  const ruleIds = [...severities.keys()].sort(compare);
  const rules = ruleIds.map((id) => ruleOf(id, severities.get(id)!));
  const ruleIndex = (id: string) => ruleIds.indexOf(id);

  const uris = new Map<string, ArtifactLocation>();
  const uriOf = (source: string) => {
    let u = uris.get(source);
    if (u === undefined) uris.set(source, (u = artifactLocation(source, root, cwd)));
    return u;
  };

  const hashes = lineHashes(located.map(({ report: r, finding: f }) => ({ code: f.code, target: r.target, path: f.path, ranges: f.ranges, policy: f.policy ?? null })));
  let results = located.map((e, i) => {
    const { report: r, finding: f } = e;
    const line = Math.max(1, f.location.line);
    return {
      severity: f.severity,
      result: {
        ruleId: f.code,
        ruleIndex: ruleIndex(f.code),
        level: LEVEL[f.severity],
        message: messages(e),
        locations: [
          {
            physicalLocation: { artifactLocation: uriOf(f.source ?? r.source), region: { startLine: line, startColumn: Math.max(1, f.location.column), endLine: line } },
            logicalLocations: [{ fullyQualifiedName: `${r.target}.${f.path}`.replace(/\.$/, ''), kind: 'member' }],
          },
        ],
        partialFingerprints: { primaryLocationLineHash: hashes[i]! },
        ...(f.suppressed !== undefined ? { suppressions: [{ kind: 'inSource', justification: f.suppressed }] } : {}),
        properties: { severity: f.severity, target: r.target, path: f.path, ...(f.policy ? { policy: f.policy } : {}), ...(f.ranges.length > 0 ? { ranges: f.ranges } : {}) },
      },
    };
  });
  const dropped = Math.max(0, results.length - MAX_RESULTS);
  if (dropped > 0) results = [...results].sort((a, b) => rank(a.severity) - rank(b.severity)).slice(0, MAX_RESULTS);
  const ordered = results
    .map((x) => x.result)
    .sort((a, b) => {
      const pa = a.locations[0]!.physicalLocation;
      const pb = b.locations[0]!.physicalLocation;
      return (
        compare(pa.artifactLocation.uri, pb.artifactLocation.uri) ||
        pa.region.startLine - pb.region.startLine ||
        pa.region.startColumn - pb.region.startColumn ||
        compare(a.ruleId, b.ruleId) ||
        compare(a.partialFingerprints.primaryLocationLineHash, b.partialFingerprints.primaryLocationLineHash)
      );
    });

  // Run-level, as toolExecutionNotifications ("runtime conditions detected by the tool during the
  // analysis", in the SARIF schema's words): a file it could not read, a caveat about every
  // target (the CNI must enforce policies), results it left out. None is about the tool's
  // configuration (toolConfigurationNotifications: a disabled rule, a bad option). GitHub makes
  // no alert of either, so nothing is pinned to whichever file happens to come first.
  const notifications = [
    ...[...failures]
      .sort((a, b) => compare(a.source, b.source))
      .map((f) => ({
        level: 'error' as const,
        message: { text: sarifText(`${f.source}: ${f.message}`), markdown: `**${markdownText(f.source)}**: ${markdownText(f.message)}` },
        descriptor: { id: 'input-unreadable' },
        locations: [{ physicalLocation: { artifactLocation: uriOf(f.source) } }],
      })),
    ...whole
      .map((e) => ({
        level: LEVEL[e.finding.severity],
        message: messages(e),
        associatedRule: { id: e.finding.code, index: ruleIndex(e.finding.code) },
        properties: { severity: e.finding.severity, ...(e.finding.suppressed !== undefined ? { suppressed: e.finding.suppressed } : {}) },
      }))
      .sort((a, b) => compare(a.associatedRule.id, b.associatedRule.id)),
    ...(dropped > 0
      ? [
          {
            level: 'warning' as const,
            message: { text: `${dropped} less severe results left out: GitHub code scanning rejects a run with more than ${MAX_RESULTS} results` },
            descriptor: { id: 'results-truncated' },
          },
        ]
      : []),
  ];

  return {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'agent-sandbox-policy',
            version,
            semanticVersion: version,
            informationUri: FINDING_DOCS_URL.replace(/\/blob\/main\/docs\/findings\/$/, ''),
            rules,
            notifications: [
              { id: 'input-unreadable', shortDescription: { text: 'an input file could not be read: its objects were not judged' } },
              { id: 'results-truncated', shortDescription: { text: 'results left out to stay within GitHub code scanning limits' } },
            ],
          },
        },
        invocations: [{ executionSuccessful: failures.length === 0, ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}) }],
        originalUriBaseIds: originalUriBaseIds(root),
        columnKind: 'utf16CodeUnits',
        results: ordered,
      },
    ],
  };
}
