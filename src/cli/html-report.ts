/**
 * The self-contained HTML audit report (`audit -o html`): per target a summary line, the IPv4
 * map of what the sandbox can reach (a Hilbert curve of /16 cells), the IPv6 landmarks, the
 * findings with links to their pages under `docs/findings/`, and the policies involved. Pure: a
 * string in, a string out; inline CSS and SVG and a few lines of script for hover details, so
 * the file fetches nothing from anywhere.
 */
import {
  CidrSet,
  METADATA_ENDPOINTS,
  SandboxPolicyError,
  SENSITIVE_RANGES,
  SEVERITIES,
  hilbertMap,
  ipv6Landmarks,
  type AuditReport,
  type Coverage,
  type HilbertMap,
  type Severity,
} from '../index.js';

/** One finding as the report shows it. Fed from `auditNetworkPolicy`'s findings or a cluster audit's. */
export interface HtmlReportFinding {
  /** The finding's severity. */
  readonly severity: Severity;
  /** The finding code; its page is `docsPath`. */
  readonly code: string;
  /** The field path it points at. */
  readonly path: string;
  /** The policy that opened it (`namespace/name`), when known. */
  readonly policy?: string;
  /** The reachable sensitive ranges, canonical CIDRs. */
  readonly ranges: readonly string[];
  /** The finding's page, relative to the repository or site root (`docs/findings/<code>.md`). */
  readonly docsPath: string;
  /** What is wrong, in plain words. */
  readonly message?: string;
}

/** One audited target (a SandboxTemplate, a policy set, a namespace's sandboxes). */
export interface HtmlReportTarget {
  /** What was audited (`SandboxTemplate/sandbox`). */
  readonly title: string;
  /** One line: the counts per severity, or whatever the caller wants to say first. */
  readonly summary: string;
  /** Every address the target's pods can send to. */
  readonly reachable: CidrSet;
  /** The findings, in the order to show. */
  readonly findings: readonly HtmlReportFinding[];
  /** The policies that select the target's pods (`namespace/name`). */
  readonly policies?: readonly string[];
  /** The cluster's own ranges (pods, services, nodes): outlined and labelled on the map. */
  readonly clusterCidrs?: readonly string[];
}

/** Options of {@link renderHtmlReport}. */
export interface HtmlReportOptions {
  /** The page title (default `agent-sandbox-policy audit`). */
  readonly title?: string;
  /** Prefixed to every finding's `docsPath` in links (default: none, links relative to the file). */
  readonly docsBaseUrl?: string;
}

/**
 * The page of a finding code, as the report links it.
 *
 * @returns `docs/findings/<code>.md`.
 * @throws never.
 * @example
 * ```text
 * findingDocsPath('metadata-reachable'); // 'docs/findings/metadata-reachable.md'
 * ```
 */
export const findingDocsPath = (code: string): string => `docs/findings/${code}.md`;

/**
 * The summary line of an audit, most severe first.
 *
 * @returns `1 critical, 5 high, ...`, or `no findings`.
 * @throws never.
 * @example
 * ```text
 * auditSummary(auditNetworkPolicy(networkPolicyFor(template)!).counts); // '1 critical, 5 high, 4 medium, 2 low, 4 info'
 * ```
 */
export function auditSummary(counts: Readonly<Record<Severity, number>>): string {
  return SEVERITIES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`).join(', ') || 'no findings';
}

/**
 * A report target from one `auditNetworkPolicy` result (the per-document audit of the CLI).
 *
 * @param title - what was audited.
 * @param report - the audit's result.
 * @param extra - the policy names and cluster ranges, when known.
 * @returns a target for {@link renderHtmlReport}, each finding linked to {@link findingDocsPath}.
 * @throws never (the report is read, not checked: {@link renderHtmlReport} checks it).
 * @example
 * ```text
 * const target = htmlTargetFromAudit('SandboxTemplate/sandbox', auditNetworkPolicy(policy), { policies: ['agents/sandbox-network-policy'] });
 * target.findings[0]!.docsPath; // 'docs/findings/metadata-reachable.md'
 * ```
 */
export function htmlTargetFromAudit(
  title: string,
  report: AuditReport,
  extra: { readonly policies?: readonly string[]; readonly clusterCidrs?: readonly string[] } = {},
): HtmlReportTarget {
  return {
    title,
    summary: auditSummary(report.counts),
    reachable: report.egressReachable,
    findings: report.findings.map((f) => ({ severity: f.severity, code: f.code, path: f.path, ranges: f.ranges, docsPath: findingDocsPath(f.code), message: f.message })),
    ...(extra.policies ? { policies: extra.policies } : {}),
    ...(extra.clusterCidrs ? { clusterCidrs: extra.clusterCidrs } : {}),
  };
}

/** A sensitive class outlined on the map: its label and its IPv4 ranges. */
interface OutlineClass {
  readonly key: string;
  readonly label: string;
  readonly what: string;
  readonly cidrs: readonly string[];
}

const rowOf = (code: string) => SENSITIVE_RANGES.find((r) => r.code === code)!;
const v4Only = (cidrs: readonly string[]) => cidrs.filter((c) => !c.includes(':'));

/** The sensitive classes drawn on every map, from the audit's own tables. */
const OUTLINED: readonly OutlineClass[] = Object.freeze(
  [
    { key: 'metadata', label: 'metadata', what: 'cloud metadata and platform endpoints', cidrs: v4Only(METADATA_ENDPOINTS.map((e) => e.cidr)) },
    { key: 'private', label: 'private', what: rowOf('private-v4-reachable').what, cidrs: v4Only(rowOf('private-v4-reachable').cidrs) },
    { key: 'cgnat', label: 'CGNAT', what: rowOf('cgnat-reachable').what, cidrs: v4Only(rowOf('cgnat-reachable').cidrs) },
    { key: 'link-local', label: 'link-local', what: rowOf('link-local-reachable').what, cidrs: v4Only(rowOf('link-local-reachable').cidrs) },
  ].map((c) => Object.freeze({ ...c, cidrs: Object.freeze(c.cidrs) })),
);

const COVERAGE_TEXT: Readonly<Record<Coverage, string>> = Object.freeze({ full: 'reachable', partial: 'partly reachable', none: 'denied' });

const ESCAPES: Readonly<Record<string, string>> = Object.freeze({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' });

/**
 * HTML-escapes text for element content and quoted attributes.
 *
 * @returns the text with `& < > " '` as character references.
 * @throws never.
 * @example
 * ```text
 * escapeHtml('<a href="x">'); // '&lt;a href=&quot;x&quot;&gt;'
 * ```
 */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** A finding read from the input, every field checked (absent optional texts read as empty). */
interface ReadFinding {
  readonly severity: Severity;
  readonly code: string;
  readonly path: string;
  readonly policy: string;
  readonly ranges: readonly string[];
  readonly docsPath: string;
  readonly message: string;
}

/** A target read from the input into plain data; getters are called once, the set is rebuilt. */
interface ReadTarget {
  readonly title: string;
  readonly summary: string;
  readonly reachable: CidrSet;
  readonly findings: readonly ReadFinding[];
  readonly policies: readonly string[];
  readonly cluster: CidrSet;
}

const bad = (path: string, message: string) => new SandboxPolicyError([{ path, message }]);

function str(value: unknown, path: string, optional = false): string {
  if (optional && value === undefined) return '';
  if (typeof value !== 'string') throw bad(path, `must be a string, got ${value === null ? 'null' : typeof value}`);
  return value;
}

function strings(value: unknown, path: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw bad(path, `must be a list of strings, got ${value === null ? 'null' : typeof value}`);
  return Array.from(value, (v, i) => str(v, `${path}[${i}]`));
}

function record(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad(path, `must be an object, got ${value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value}`);
  return value as Record<string, unknown>;
}

/** A genuine copy of a CidrSet (rebuilt from its CIDR list), or an error naming `path`. */
function readSet(value: unknown, path: string): CidrSet {
  const notASet = bad(path, "must be a CidrSet (an audit's egressReachable)");
  if (!(value instanceof CidrSet)) throw notASet;
  try {
    hilbertMap(value, 0); // checks the intervals are a set's
    return CidrSet.from(Array.from(value.toCidrs()));
  } catch {
    throw notASet;
  }
}

function readTarget(value: unknown, path: string): ReadTarget {
  const t = record(value, path);
  const title = str(t.title, `${path}.title`);
  const summary = str(t.summary, `${path}.summary`);
  const reachable = readSet(t.reachable, `${path}.reachable`);
  const findings = t.findings;
  if (!Array.isArray(findings)) throw bad(`${path}.findings`, 'must be a list');
  const read = Array.from(findings, (f: unknown, i): ReadFinding => {
    const p = `${path}.findings[${i}]`;
    const r = record(f, p);
    const severity = str(r.severity, `${p}.severity`);
    if (!(SEVERITIES as readonly string[]).includes(severity)) throw bad(`${p}.severity`, `must be one of ${SEVERITIES.join(', ')}, got ${JSON.stringify(severity)}`);
    return {
      severity: severity as Severity,
      code: str(r.code, `${p}.code`),
      path: str(r.path, `${p}.path`),
      policy: str(r.policy, `${p}.policy`, true),
      ranges: strings(r.ranges, `${p}.ranges`),
      docsPath: str(r.docsPath, `${p}.docsPath`),
      message: str(r.message, `${p}.message`, true),
    };
  });
  const policies = strings(t.policies, `${path}.policies`);
  const cluster = CidrSet.from(strings(t.clusterCidrs, `${path}.clusterCidrs`), { mode: 'legacy', path: `${path}.clusterCidrs` });
  return { title, summary, reachable, findings: read, policies, cluster };
}

/** True for a SandboxPolicyError; false for anything else, even a thrown proxy whose traps throw. */
function isOurError(err: unknown): boolean {
  try {
    return err instanceof SandboxPolicyError;
  } catch {
    return false;
  }
}

/** Reads all input into plain data; anything unreadable (a throwing getter, a cycle) fails closed. */
function readInput(targets: unknown, options: unknown): { targets: ReadTarget[]; title: string; docsBaseUrl: string } {
  try {
    if (!Array.isArray(targets)) throw bad('targets', 'must be a list of report targets');
    const o = options === undefined ? {} : record(options, 'options');
    return {
      targets: Array.from(targets, (t: unknown, i) => readTarget(t, `targets[${i}]`)),
      title: o.title === undefined ? 'agent-sandbox-policy audit' : str(o.title, 'options.title'),
      docsBaseUrl: str(o.docsBaseUrl, 'options.docsBaseUrl', true),
    };
  } catch (err) {
    if (isOurError(err)) throw err;
    // Not the thrown value's text: reading that could throw again.
    throw bad('targets', 'could not be read: a getter or proxy threw while reading it');
  }
}

/** An outline on the map: a rectangle of cells (in grid units) and the classes it stands for. */
interface Outline {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly keys: string[];
  readonly cidrs: string[];
}

/** The rectangle of cells an IPv4 CIDR occupies (the cell holding it, for prefixes longer than the cells'). */
function cellRect(map: HilbertMap, cidr: string): { x: number; y: number; w: number; h: number } {
  const [start, end] = CidrSet.from([cidr], { mode: 'legacy' }).v4[0]!;
  const cellSize = 2 ** (32 - map.cellPrefix);
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let d = Math.floor(Number(start) / cellSize); d <= Math.floor(Number(end) / cellSize); d++) {
    const c = map.cells[d]!;
    x0 = Math.min(x0, c.x);
    y0 = Math.min(y0, c.y);
    x1 = Math.max(x1, c.x);
    y1 = Math.max(y1, c.y);
  }
  return { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 };
}

/** One outline per distinct rectangle, carrying every class drawn there (metadata and link-local share 169.254.0.0/16). */
function outlines(map: HilbertMap, classes: readonly OutlineClass[]): Outline[] {
  const byRect = new Map<string, Outline>();
  for (const cls of classes) {
    for (const cidr of cls.cidrs) {
      const r = cellRect(map, cidr);
      const key = `${r.x},${r.y},${r.w},${r.h}`;
      const o = byRect.get(key) ?? { ...r, keys: [], cidrs: [] };
      if (!o.keys.includes(cls.key)) o.keys.push(cls.key);
      o.cidrs.push(cidr);
      byRect.set(key, o);
    }
  }
  return [...byRect.values()];
}

/** Label metrics in grid units (the labels' font size is 6 units). */
const LABEL_HEIGHT = 6;
const LABEL_CHAR_WIDTH = 4;

/**
 * Places one text label beside each outline, trying right, left, below and above in turn and
 * taking the first spot inside the map that covers no outline and no label placed before (else
 * the first spot inside the map).
 */
function placeLabels(outs: readonly Outline[], classes: readonly OutlineClass[], side: number): Array<{ x: number; y: number; text: string }> {
  type Box = { x: number; y: number; w: number; h: number };
  const hits = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  const obstacles: Box[] = outs.map((o) => ({ x: o.x - 2, y: o.y - 2, w: o.w + 4, h: o.h + 4 }));
  const placed: Array<{ x: number; y: number; text: string }> = [];
  for (const o of outs) {
    const text = o.keys.map((k) => classes.find((c) => c.key === k)!.label).join(' + ');
    const w = text.length * LABEL_CHAR_WIDTH;
    const h = LABEL_HEIGHT;
    const midY = o.y + o.h / 2 - h / 2;
    const candidates: Box[] = [
      { x: o.x + o.w + 2, y: midY, w, h },
      { x: o.x - 2 - w, y: midY, w, h },
      { x: o.x + o.w / 2 - w / 2, y: o.y + o.h + 2, w, h },
      { x: o.x + o.w / 2 - w / 2, y: o.y - 2 - h, w, h },
      { x: o.x + o.w + 2, y: midY + h, w, h },
      { x: o.x - 2 - w, y: midY + h, w, h },
      { x: o.x + o.w + 2, y: midY - h, w, h },
      { x: o.x - 2 - w, y: midY - h, w, h },
    ].filter((c) => c.x >= 0 && c.y >= 0 && c.x + c.w <= side && c.y + c.h <= side);
    const spot = candidates.find((c) => !obstacles.some((b) => hits(c, b))) ?? candidates[0] ?? { x: Math.max(0, Math.min(side - w, o.x)), y: o.y, w, h };
    obstacles.push(spot);
    placed.push({ x: spot.x, y: spot.y, text });
  }
  return placed;
}

const fmt = (n: number) => String(Math.round(n * 100) / 100);

/** A count with thousands separators (`65,536`), the same whatever the locale. */
const count = (n: number) => String(n).replace(/\B(?=(\d{3})+$)/g, ',');

/** The map in words: how many cells the target reaches entirely and partly. */
function mapCaption(map: HilbertMap, title: string): string {
  let full = 0;
  let partial = 0;
  for (const c of map.cells) {
    if (c.coverage === 'full') full++;
    else if (c.coverage === 'partial') partial++;
  }
  return `IPv4 addresses ${title} can reach: ${count(full)} of ${count(map.cells.length)} /${map.cellPrefix} cells entirely, ${count(partial)} in part.`;
}

function mapSvg(map: HilbertMap, classes: readonly OutlineClass[], id: string, caption: string): string {
  const side = map.side;
  const parts: string[] = [];
  parts.push(
    `<svg class="map" viewBox="-1 -1 ${side + 2} ${side + 2}" role="img" aria-labelledby="${id}-cap" data-order="${map.order}" data-output="${id}-out" xmlns="http://www.w3.org/2000/svg">`,
    `<defs><pattern id="${id}-hatch" width="2" height="2" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="2" height="2" class="hatch-bg"/><rect width="1" height="2" class="hatch-fg"/></pattern></defs>`,
  );
  for (const b of map.blocks) {
    const label = `${b.cidr}: ${COVERAGE_TEXT[b.coverage]}`;
    const fill = b.coverage === 'partial' ? ` fill="url(#${id}-hatch)"` : '';
    parts.push(`<rect class="cell ${b.coverage}" x="${b.x}" y="${b.y}" width="${b.side}" height="${b.side}"${fill} data-cidr="${b.cidr}" data-coverage="${b.coverage}" data-label="${escapeHtml(label)}"><title>${escapeHtml(label)}</title></rect>`);
  }
  // Faint /8 grid: at order 8 every /8 is a 16x16 square.
  const grid = side / 16;
  if (grid >= 1 && map.order === 8) {
    const lines: string[] = [];
    for (let i = 16; i < side; i += 16) lines.push(`M${i} 0V${side}M0 ${i}H${side}`);
    parts.push(`<path class="grid" d="${lines.join('')}"/>`);
  }
  const outs = outlines(map, classes);
  for (const o of outs) {
    // Single cells are tiny: draw their outline around them with a margin so it stays visible.
    const pad = o.w === 1 && o.h === 1 ? 1.5 : 0;
    const names = o.keys.map((k) => classes.find((c) => c.key === k)!.label).join(' + ');
    parts.push(
      `<rect class="outline ${o.keys.map((k) => `o-${k}`).join(' ')}" x="${fmt(o.x - pad)}" y="${fmt(o.y - pad)}" width="${fmt(o.w + 2 * pad)}" height="${fmt(o.h + 2 * pad)}" data-outline="${o.keys.join(' ')}" data-cidrs="${escapeHtml(o.cidrs.join(' '))}"><title>${escapeHtml(`${names}: ${o.cidrs.join(', ')}`)}</title></rect>`,
    );
  }
  for (const label of placeLabels(outs, classes, side)) {
    parts.push(`<text class="label" x="${fmt(label.x)}" y="${fmt(label.y + LABEL_HEIGHT - 1)}">${escapeHtml(label.text)}</text>`);
  }
  parts.push('</svg>');
  return `<figure class="map-figure">${parts.join('')}<figcaption id="${id}-cap">${escapeHtml(caption)} <output id="${id}-out" aria-live="polite"></output></figcaption></figure>`;
}

const coverageOfSet = (reachable: CidrSet, cidrs: readonly string[]): Coverage => {
  const range = CidrSet.from(cidrs);
  if (!reachable.overlaps(range)) return 'none';
  return reachable.containsSet(range) ? 'full' : 'partial';
};

const swatch = (coverage: Coverage, id: string) =>
  `<svg class="swatch" viewBox="0 0 2 2" aria-hidden="true"><rect class="cell ${coverage}" width="2" height="2"${coverage === 'partial' ? ` fill="url(#${id}-hatch)"` : ''}/></svg>`;

function legend(reachable: CidrSet, classes: readonly OutlineClass[], id: string): string {
  const rows = classes.map((c) => {
    const cov = coverageOfSet(reachable, c.cidrs);
    return `<tr data-outline="${c.key}"><td><span class="line o-${c.key}" aria-hidden="true"></span> ${escapeHtml(c.label)}</td><td>${escapeHtml(c.what)}</td><td class="cidrs">${escapeHtml(c.cidrs.join(' '))}</td><td class="cov ${cov}">${swatch(cov, id)} ${COVERAGE_TEXT[cov]}</td></tr>`;
  });
  return [
    `<p class="key">${swatch('full', id)} reachable ${swatch('partial', id)} partly reachable ${swatch('none', id)} denied &mdash; one cell per /16, neighbouring addresses stay neighbours (Hilbert curve).</p>`,
    '<table class="legend"><caption>Sensitive IPv4 ranges outlined on the map</caption><thead><tr><th>label</th><th>what</th><th>ranges</th><th>from this target</th></tr></thead>',
    `<tbody>${rows.join('')}</tbody></table>`,
  ].join('');
}

function ipv6Table(reachable: CidrSet, clusterV6: readonly string[], id: string): string {
  const rows = ipv6Landmarks(reachable).map(
    (r) => `<tr><td>${escapeHtml(r.name)}</td><td class="cidrs">${escapeHtml(r.cidr)}</td><td>${escapeHtml(r.what)}</td><td class="cov ${r.coverage}">${swatch(r.coverage, id)} ${COVERAGE_TEXT[r.coverage]}</td></tr>`,
  );
  for (const cidr of clusterV6) {
    const cov = coverageOfSet(reachable, [cidr]);
    rows.push(`<tr><td>cluster</td><td class="cidrs">${escapeHtml(cidr)}</td><td>your cluster's own range</td><td class="cov ${cov}">${swatch(cov, id)} ${COVERAGE_TEXT[cov]}</td></tr>`);
  }
  return `<table class="ipv6"><caption>IPv6 landmarks</caption><thead><tr><th>landmark</th><th>range</th><th>what</th><th>from this target</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

const MAX_RANGES_SHOWN = 8;

/** A URL scheme at the start of a link (`javascript:`, `data:`, `https:`). */
const SCHEME = /^\s*([a-z][a-z0-9+.-]*):/i;

/** A link to a finding page: relative paths and http(s) only; anything else (`javascript:`) is shown as text. */
function docsLink(href: string, code: string): string {
  const scheme = SCHEME.exec(href)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') return escapeHtml(code);
  return `<a href="${escapeHtml(href)}">${escapeHtml(code)}</a>`;
}

function findingsTable(t: ReadTarget, docsBaseUrl: string): string {
  if (t.findings.length === 0) return '<p>No findings.</p>';
  const showPolicy = t.findings.some((f) => f.policy !== '');
  const rows = t.findings.map((f) => {
    const ranges = f.ranges.length > MAX_RANGES_SHOWN ? [...f.ranges.slice(0, MAX_RANGES_SHOWN), `+${f.ranges.length - MAX_RANGES_SHOWN} more`] : f.ranges;
    return [
      `<tr class="sev-${f.severity}"><td><span class="sev">${f.severity}</span></td>`,
      `<td>${docsLink(docsBaseUrl + f.docsPath, f.code)}</td>`,
      `<td class="path">${escapeHtml(f.path)}</td>`,
      showPolicy ? `<td>${escapeHtml(f.policy)}</td>` : '',
      `<td class="cidrs">${escapeHtml(ranges.join(' '))}</td>`,
      `<td>${escapeHtml(f.message)}</td></tr>`,
    ].join('');
  });
  return `<table class="findings"><caption>Findings</caption><thead><tr><th>severity</th><th>code</th><th>path</th>${showPolicy ? '<th>policy</th>' : ''}<th>ranges</th><th>what</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function targetSection(t: ReadTarget, index: number, docsBaseUrl: string): string {
  const id = `t${index}`;
  const map = hilbertMap(t.reachable);
  const clusterV4 = t.cluster.family(4).toCidrs();
  const classes = clusterV4.length > 0 ? [...OUTLINED, { key: 'cluster', label: 'cluster', what: "your cluster's own ranges", cidrs: clusterV4 }] : OUTLINED;
  const policies = t.policies.length > 0 ? `<h3>Policies</h3><ul class="policies">${t.policies.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul>` : '';
  return [
    `<section class="target" aria-labelledby="${id}-h">`,
    `<h2 id="${id}-h">${escapeHtml(t.title)}</h2>`,
    `<p class="summary">${escapeHtml(t.summary)}</p>`,
    mapSvg(map, classes, id, mapCaption(map, t.title)),
    legend(t.reachable, classes, id),
    ipv6Table(t.reachable, t.cluster.family(6).toCidrs(), id),
    findingsTable(t, docsBaseUrl),
    policies,
    '</section>',
  ].join('\n');
}

const CSS = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--reach:#d9480f;--deny:#e9ecef;--part:#f7b58f;
--o-metadata:#7b2cbf;--o-private:#0b5cad;--o-cgnat:#1f7a3a;--o-link-local:#b5179e;--o-cluster:#111;--label-halo:#fff}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#30363d;--reach:#ff8a4c;--deny:#21262d;--part:#8a4b2a;
--o-metadata:#d0a2ff;--o-private:#79c0ff;--o-cgnat:#7ee787;--o-link-local:#ff9bd2;--o-cluster:#fff;--label-halo:#0d1117}}
body{background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:16px}
h1{font-size:20px;margin:0 0 12px}h2{font-size:17px;margin:0 0 4px}h3{font-size:14px;margin:12px 0 4px}
.targets{display:grid;grid-template-columns:repeat(auto-fill,minmax(560px,1fr));gap:32px;align-items:start}
.summary{margin:0 0 8px;color:var(--muted)}
figure{margin:0}.map{width:520px;height:520px;display:block;max-width:100%;height:auto}
.cell.full{fill:var(--reach)}.cell.none{fill:var(--deny)}.hatch-bg{fill:var(--part)}.hatch-fg{fill:var(--reach)}
.grid{stroke:var(--bg);stroke-width:.25;fill:none;pointer-events:none}
.outline{fill:none;stroke-width:.9;pointer-events:none}
.o-metadata{stroke:var(--o-metadata);border-color:var(--o-metadata)}.o-private{stroke:var(--o-private);border-color:var(--o-private);stroke-dasharray:3 1.5}
.o-cgnat{stroke:var(--o-cgnat);border-color:var(--o-cgnat);stroke-dasharray:1 1}.o-link-local{stroke:var(--o-link-local);border-color:var(--o-link-local);stroke-dasharray:2 1 .5 1}
.o-cluster{stroke:var(--o-cluster);border-color:var(--o-cluster);stroke-dasharray:4 1}
.label{font-size:6px;font-weight:600;fill:var(--fg);paint-order:stroke;stroke:var(--label-halo);stroke-width:1.6px;pointer-events:none}
figcaption{color:var(--muted);margin:4px 0}output{color:var(--fg);font-family:ui-monospace,monospace}
.swatch{width:12px;height:12px;vertical-align:-2px;border:1px solid var(--line)}
.line{display:inline-block;width:18px;height:0;border-top:2px solid;vertical-align:middle}
.line.o-private{border-top-style:dashed}.line.o-cgnat{border-top-style:dotted}.line.o-link-local{border-top-style:dashed}
table{border-collapse:collapse;margin:8px 0;width:100%}caption{text-align:left;font-weight:600;padding:4px 0}
th,td{border-bottom:1px solid var(--line);padding:3px 6px;text-align:left;vertical-align:top}
.cidrs,.path{font-family:ui-monospace,monospace;font-size:12px;word-break:break-all}
.sev{font-weight:600}.sev-critical .sev,.sev-error .sev{color:#cf222e}.sev-high .sev{color:#bc4c00}
@media (prefers-color-scheme:dark){.sev-critical .sev,.sev-error .sev{color:#ff7b72}.sev-high .sev{color:#ffa657}}
a{color:inherit}
`;

/** Hover details: the /16 under the pointer (inverse Hilbert, xy2d) and the coverage of the square it is in. */
const SCRIPT = `
(function(){
function xy2d(n,x,y){var d=0;for(var s=n/2;s>=1;s/=2){var rx=(x&s)>0?1:0,ry=(y&s)>0?1:0;d+=s*s*((3*rx)^ry);if(ry===0){if(rx===1){x=s-1-x;y=s-1-y;}var t=x;x=y;y=t;}}return d;}
document.querySelectorAll('svg.map').forEach(function(svg){
var out=document.getElementById(svg.getAttribute('data-output'));var order=Number(svg.getAttribute('data-order'));var n=Math.pow(2,order);
svg.addEventListener('pointermove',function(e){
var r=svg.getBoundingClientRect();var u=(n+2)/r.width;
var x=Math.floor((e.clientX-r.left)*u-1),y=Math.floor((e.clientY-r.top)*u-1);
if(x<0||y<0||x>=n||y>=n){out.textContent='';return;}
var d=xy2d(n,x,y)*Math.pow(2,32-2*order);var cell=[d>>>24,(d>>>16)&255,(d>>>8)&255,d&255].join('.')+'/'+(2*order);
var el=e.target.closest?e.target.closest('rect.cell'):null;
out.textContent=cell+(el?' (in '+el.getAttribute('data-label')+')':'');
});
svg.addEventListener('pointerleave',function(){out.textContent='';});
});
})();
`;

/**
 * The whole report: one self-contained HTML document (inline CSS, SVG and a short hover script;
 * nothing fetched), readable in light and dark colour schemes. Every text from the input is
 * HTML-escaped.
 *
 * @param targets - the audited targets, in the order to show.
 * @param options - the page title and a base URL for the finding pages.
 * @returns the HTML document.
 * @throws {@link SandboxPolicyError} naming the field (`targets[0].reachable`,
 *   `targets[1].findings[2].severity`, ...) when the input is malformed or cannot be read.
 * @example
 * ```text
 * const report = auditNetworkPolicy(networkPolicyFor(template)!);
 * writeFileSync('report.html', renderHtmlReport([htmlTargetFromAudit('SandboxTemplate/sandbox', report)]));
 * ```
 */
export function renderHtmlReport(targets: readonly HtmlReportTarget[], options?: HtmlReportOptions): string {
  const input = readInput(targets, options);
  const sections = input.targets.map((t, i) => targetSection(t, i, input.docsBaseUrl));
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<title>${escapeHtml(input.title)}</title>`,
    `<style>${CSS}</style></head><body>`,
    `<h1>${escapeHtml(input.title)}</h1>`,
    `<main class="targets">\n${sections.join('\n')}\n</main>`,
    `<script>${SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}
