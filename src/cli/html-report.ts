/**
 * The self-contained HTML audit report (`audit -o html`), drawn from the same document `-o json`
 * prints, so everything the JSON report holds appears on the page:
 *
 * 1. a summary: totals by severity, the gate's verdict, a matrix of targets by sensitive range
 *    class (all ports / some ports / denied), worst first, each row linking to its details;
 * 2. the objects: invalid and skipped ones, and object-level findings;
 * 3. suppressed findings with their reasons;
 * 4. one collapsed section per target: findings with fix and file:line, the policies that decide
 *    each direction by tier, domain allowances, and an IPv4 map of what it reaches. Targets that
 *    reach exactly the same addresses share one map, drawn once.
 *
 * Pure: data in, a string out; inline CSS and SVG and a few lines of script, nothing fetched.
 */
import { CidrSet, FINDING_CATALOGUE, IPV6_LANDMARKS, SandboxPolicyError, SENSITIVE_RANGES, SEVERITIES, hilbertMap, type Severity } from '../index.js';
import { readAuditDocument, type DocFinding, type DocTarget, type ReportDocument } from './html-document.js';

export type { ReportDocument } from './html-document.js';

/** Options of {@link renderHtmlReport}. */
export interface HtmlReportOptions {
  /** The page title (default `agent-sandbox-policy audit`). */
  readonly title?: string;
}

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

/**
 * The summary line of an audit, most severe first.
 *
 * @returns `1 critical, 5 high, ...`, or `no findings`.
 * @throws never.
 * @example
 * ```text
 * auditSummary({ error: 0, critical: 1, high: 5, medium: 0, low: 0, info: 2 }); // '1 critical, 5 high, 2 info'
 * ```
 */
export function auditSummary(counts: Readonly<Record<Severity, number>>): string {
  return SEVERITIES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`).join(', ') || 'no findings';
}

/** A column of the summary matrix: a class of sensitive destinations. */
interface RangeClass {
  readonly key: string;
  readonly label: string;
  readonly what: string;
  readonly cidrs: readonly string[];
  readonly set: CidrSet;
}

const rowOf = (code: string) => SENSITIVE_RANGES.find((r) => r.code === code)!;

/** The matrix columns and map outlines, from the audit's own range table. */
const CLASSES: readonly RangeClass[] = /* @__PURE__ */ (() =>
  Object.freeze(
    [
      { key: 'metadata', label: 'metadata', code: 'metadata-reachable' },
      { key: 'link-local', label: 'link-local', code: 'link-local-reachable' },
      { key: 'private', label: 'private', code: 'private-v4-reachable' },
      { key: 'cgnat', label: 'CGNAT', code: 'cgnat-reachable' },
      { key: 'ula', label: 'IPv6 ULA', code: 'ula-reachable' },
      { key: 'nat64', label: 'NAT64', code: 'nat64-reachable' },
    ].map(({ key, label, code }) => {
      const row = rowOf(code);
      return Object.freeze({ key, label, what: row.what, cidrs: Object.freeze([...row.cidrs]), set: CidrSet.from(row.cidrs) });
    }),
  ))();

/**
 * What a target reaches of a range: some address on every port (`all`), some address only on some
 * ports (`some`), or nothing; `part` when that is true of only part of the range.
 */
interface Reach {
  readonly ports: 'all' | 'some' | 'none';
  readonly part: boolean;
}
const reachText = (r: Reach) => (r.ports === 'none' ? 'denied' : `${r.ports === 'all' ? 'all ports' : 'some ports'}${r.part ? ', part' : ''}`);

function reachOf(t: DocTarget, range: CidrSet): Reach {
  const reached = t.reachable.intersect(range);
  if (reached.isEmpty()) return { ports: 'none', part: false };
  const open = t.allPorts.intersect(range);
  if (!open.isEmpty()) return { ports: 'all', part: !open.equals(range) };
  return { ports: 'some', part: !reached.equals(range) };
}
const reachCell = (r: Reach) => `<td class="reach ${r.ports}">${reachText(r)}</td>`;

const RANK: Readonly<Record<string, number>> = Object.freeze(Object.fromEntries(SEVERITIES.map((s, i) => [s, i])));
const active = (fs: readonly DocFinding[]) => fs.filter((f) => f.suppressed === undefined);
const worstOf = (fs: readonly DocFinding[]): Severity | null => active(fs).reduce<Severity | null>((w, f) => (w === null || RANK[f.severity]! < RANK[w]! ? f.severity : w), null);
const countsOf = (fs: readonly DocFinding[]) => {
  const out = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of active(fs)) out[f.severity]++;
  return out;
};
const count = (n: number) => String(n).replace(/\B(?=(\d{3})+$)/g, ',');
const sevBadge = (s: Severity | null) => (s === null ? '<span class="sev sev-none">none</span>' : `<span class="sev sev-${s}">${s}</span>`);
const where = (f: { source: string; line: number }) => `${f.source}:${f.line}`;

/** A URL scheme at the start of a link (`javascript:`, `data:`, `https:`). */
const SCHEME = /^\s*([a-z][a-z0-9+.-]*):/i;

/** A link to a finding page: absolute http(s) only; anything else is shown as text. */
function docsLink(href: string, code: string): string {
  const scheme = SCHEME.exec(href)?.[1]?.toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return `<code>${escapeHtml(code)}</code>`;
  return `<a href="${escapeHtml(href)}"><code>${escapeHtml(code)}</code></a>`;
}

const MAX_RANGES_SHOWN = 8;
const rangesText = (ranges: readonly string[]) =>
  escapeHtml((ranges.length > MAX_RANGES_SHOWN ? [...ranges.slice(0, MAX_RANGES_SHOWN), `+${ranges.length - MAX_RANGES_SHOWN} more`] : ranges).join(' '));

/** Texts longer than this that repeat on the page are shown in full once, in the Messages section. */
const SHORT_TEXT = 100;

/**
 * The page's long texts that repeat (a finding message shared by many targets): each is written in
 * full once, under Messages, and quoted in short where it recurs, so a report on a thousand
 * near-identical templates stays small.
 */
class Texts {
  private readonly seen = new Map<string, number>();
  private readonly ids = new Map<string, number>();
  constructor(all: readonly string[]) {
    for (const t of all) if (t.length > SHORT_TEXT) this.seen.set(t, (this.seen.get(t) ?? 0) + 1);
  }
  /** The text as a cell shows it. */
  show(text: string): string {
    if ((this.seen.get(text) ?? 0) < 2) return escapeHtml(text);
    let id = this.ids.get(text);
    if (id === undefined) this.ids.set(text, (id = this.ids.size + 1));
    return `${escapeHtml(text.slice(0, 80))}&hellip; <a href="#m${id}">[M${id}]</a>`;
  }
  /** The Messages section: every text quoted in short, in full. */
  section(): string {
    if (this.ids.size === 0) return '';
    const rows = [...this.ids].map(([text, id]) => `<li id="m${id}"><span class="mid">M${id}</span> ${escapeHtml(text)}</li>`);
    return `<h2 id="messages">Messages</h2><p class="muted">Texts shared by several findings, in full.</p><ol class="messages">${rows.join('')}</ol>`;
  }
}

const codeLink = (code: string) => `<a href="#code-${escapeHtml(code)}"><code>${escapeHtml(code)}</code></a>`;

/** A findings table; `showReason` adds the suppression reason column. */
function findingsTable(findings: readonly DocFinding[], caption: string, texts: Texts, showReason = false): string {
  if (findings.length === 0) return '';
  const rows = findings.map((f) =>
    [
      `<tr class="row-${f.severity}${f.suppressed !== undefined ? ' suppressed' : ''}"><td>${sevBadge(f.severity)}</td>`,
      `<td>${codeLink(f.code)}</td>`,
      // The example and ranges only where the message does not already name them.
      `<td>${texts.show(f.message)}${f.example && !f.message.includes(f.example) ? `<div class="muted">e.g. ${texts.show(f.example)}</div>` : ''}${f.ranges.some((r) => !f.message.includes(r)) ? `<div class="cidrs">${rangesText(f.ranges)}</div>` : ''}</td>`,
      `<td>${f.suggestion ? texts.show(f.suggestion) : '<span class="muted">&ndash;</span>'}</td>`,
      `<td><span class="loc">${escapeHtml(where(f))}</span>${f.path ? `<div class="path">${escapeHtml(f.path)}</div>` : ''}${f.policy ? `<div class="muted">${escapeHtml(f.policy)}</div>` : ''}${f.variant ? `<div class="muted">pods: ${escapeHtml(f.variant)}</div>` : ''}</td>`,
      showReason ? `<td>${escapeHtml(f.suppressed ?? '')}</td>` : '',
      '</tr>',
    ].join(''),
  );
  return `<div class="scroll"><table class="findings"><caption>${escapeHtml(caption)}</caption><thead><tr><th>severity</th><th>code</th><th>what</th><th>fix</th><th>where</th>${showReason ? '<th>reason</th>' : ''}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

/** The codes on the page: severity, meaning and the absolute link to each one's page. */
function glossary(findings: readonly DocFinding[]): string {
  const docs = new Map<string, string>();
  for (const f of findings) if (!docs.has(f.code)) docs.set(f.code, f.docs);
  if (docs.size === 0) return '';
  const rows = [...docs].sort(([a], [b]) => (a < b ? -1 : 1)).map(([code, href]) => {
    const kind = FINDING_CATALOGUE.find((k) => k.code === code);
    return `<tr id="code-${escapeHtml(code)}"><td>${docsLink(href, code)}</td><td>${kind ? sevBadge(kind.severity) : ''}</td><td>${kind ? escapeHtml(kind.title) : ''}</td></tr>`;
  });
  return `<h2 id="codes">Finding codes</h2><div class="scroll"><table><thead><tr><th>code (its page)</th><th>usual severity</th><th>meaning</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

// The map: one cell per /16 on a Hilbert curve (order 8), merged into aligned squares.
const ORDER = 8;
const SIDE = 2 ** ORDER;
const CELLS = SIDE * SIDE;

/** Per /16 cell: 2 every address on every port, 1 some addresses or some ports, 0 nothing. */
function cellCodes(t: DocTarget): Uint8Array {
  const codes = new Uint8Array(CELLS);
  const sweep = (set: CidrSet, value: (full: boolean) => number) => {
    for (const [s, e] of set.family(4).v4) {
      const start = Number(s);
      const end = Number(e);
      for (let c = Math.floor(start / 65536); c <= Math.floor(end / 65536); c++) {
        const full = start <= c * 65536 && end >= c * 65536 + 65535;
        codes[c] = Math.max(codes[c]!, value(full));
      }
    }
  };
  sweep(t.reachable, () => 1);
  sweep(t.allPorts, (full) => (full ? 2 : 1));
  return codes;
}

interface Square {
  readonly first: number;
  readonly level: number;
  readonly code: number;
}

/** Maximal aligned runs of 4^k cells with one code: the squares of the curve. */
function squares(codes: Uint8Array): Square[] {
  const out: Square[] = [];
  const visit = (first: number, level: number): void => {
    const n = 4 ** level;
    const code = codes[first]!;
    let uniform = true;
    for (let i = first + 1; uniform && i < first + n; i++) uniform = codes[i] === code;
    if (uniform) out.push({ first, level, code });
    else for (let q = 0; q < 4; q++) visit(first + q * 4 ** (level - 1), level - 1);
  };
  visit(0, ORDER);
  return out;
}

const CODE_CLASS = ['none', 'some', 'all'] as const;
const v4Text = (n: number) => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

/** Cell positions along the curve, from the library's own layout. */
type Grid = ReadonlyArray<{ readonly x: number; readonly y: number }>;

/** The /8 squares (16x16 cells at order 8) and their first octet, to label the map. */
function octetLabels(grid: Grid): string {
  const out: string[] = [];
  for (let octet = 0; octet < 256; octet++) {
    const { x, y } = grid[octet * 256]!;
    const x0 = x - (x % 16);
    const y0 = y - (y % 16);
    out.push(`<text class="octet" x="${x0 + 8}" y="${y0 + 10}">${octet}</text>`);
  }
  return out.join('');
}

function outlineRects(grid: Grid): string {
  const out: string[] = [];
  for (const cls of CLASSES) {
    for (const cidr of cls.cidrs) {
      if (cidr.includes(':')) continue;
      const [s, e] = CidrSet.from([cidr]).v4[0]!;
      let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
      for (let c = Math.floor(Number(s) / 65536); c <= Math.floor(Number(e) / 65536); c++) {
        const p = grid[c]!;
        [x0, y0, x1, y1] = [Math.min(x0, p.x), Math.min(y0, p.y), Math.max(x1, p.x), Math.max(y1, p.y)];
      }
      const pad = x1 === x0 && y1 === y0 ? 1.5 : 0;
      const rect = `x="${x0 - pad}" y="${y0 - pad}" width="${x1 - x0 + 1 + 2 * pad}" height="${y1 - y0 + 1 + 2 * pad}"`;
      out.push(`<rect class="halo" ${rect}/><rect class="outline o-${cls.key}" ${rect} data-outline="${cls.key}" data-cidr="${cidr}"><title>${escapeHtml(`${cls.label}: ${cidr}`)}</title></rect>`);
    }
  }
  return out.join('');
}

function mapSvg(t: DocTarget, id: string, grid: Grid): string {
  const sq = squares(cellCodes(t));
  const counts = [0, 0, 0];
  const rects = sq.map((q) => {
    counts[q.code]! += 4 ** q.level;
    const p = grid[q.first]!;
    const side = 2 ** q.level;
    const cidr = `${v4Text(q.first * 65536)}/${16 - 2 * q.level}`;
    return `<rect class="cell ${CODE_CLASS[q.code]}" x="${p.x - (p.x % side)}" y="${p.y - (p.y % side)}" width="${side}" height="${side}" data-cidr="${cidr}" data-reach="${CODE_CLASS[q.code]}"/>`;
  });
  const caption = `IPv4 map of what ${t.title} can reach, one cell per /16: ${count(counts[2]!)} cells on all ports, ${count(counts[1]!)} on some ports or in part, ${count(counts[0]!)} denied of ${count(CELLS)}. The top-left cell holds 0.0.0.0; numbers are first octets (/8 squares).`;
  return [
    `<figure class="map-figure"><svg class="map" viewBox="-2 -2 ${SIDE + 4} ${SIDE + 4}" role="img" aria-labelledby="${id}-cap" data-output="${id}-out" xmlns="http://www.w3.org/2000/svg">`,
    `<defs><pattern id="${id}-hatch" width="2" height="2" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="2" height="2" class="hatch-bg"/><rect width="1" height="2" class="hatch-fg"/></pattern></defs>`,
    `<g class="cells" style="--hatch:url(#${id}-hatch)">${rects.join('')}</g>`,
    '<use href="#map-static"/>',
    '</svg>',
    `<figcaption id="${id}-cap">${escapeHtml(caption)} <output id="${id}-out" aria-live="polite"></output></figcaption></figure>`,
  ].join('');
}

/** Ranges drawn again at a zoom where their metadata endpoints are visible: 256 cells each. */
const ZOOMS: ReadonlyArray<{ readonly cidr: string; readonly what: string }> = Object.freeze([
  { cidr: '169.254.0.0/16', what: 'link-local: instance metadata 169.254.169.254, EKS Pod Identity, NodeLocal DNS' },
  { cidr: '100.64.0.0/10', what: 'CGNAT: Alibaba Cloud metadata 100.100.100.200' },
]);

/** The metadata endpoints (IPv4) from the audit's own table, outlined on the zooms. */
const METADATA_V4: readonly string[] = /* @__PURE__ */ (() => Object.freeze(rowOf('metadata-reachable').cidrs.filter((c) => !c.includes(':'))))();

/** One zoom: the range as a 16x16 Hilbert grid, each cell 1/256 of it, the metadata endpoints outlined. */
function zoomSvg(t: DocTarget, zoom: { cidr: string; what: string }, id: string, grid4: Grid): string {
  const [lo, hi] = CidrSet.from([zoom.cidr]).v4[0]!;
  const start = Number(lo);
  const size = (Number(hi) - start + 1) / 256;
  const codes = new Uint8Array(256);
  const mark = (set: CidrSet, value: (full: boolean) => number) => {
    for (const [s, e] of set.intersect(CidrSet.from([zoom.cidr])).v4) {
      const a = Number(s) - start;
      const b = Number(e) - start;
      for (let c = Math.floor(a / size); c <= Math.floor(b / size); c++) codes[c] = Math.max(codes[c]!, value(a <= c * size && b >= (c + 1) * size - 1));
    }
  };
  mark(t.reachable, () => 1);
  mark(t.allPorts, (full) => (full ? 2 : 1));
  const cells: string[] = [];
  for (let c = 0; c < 256; c++) {
    const p = grid4[c]!;
    cells.push(`<rect class="cell ${CODE_CLASS[codes[c]!]}" x="${p.x}" y="${p.y}" width="1" height="1" data-cidr="${v4Text(start + c * size)}/${32 - Math.log2(size)}" data-reach="${CODE_CLASS[codes[c]!]}"/>`);
  }
  const marks = METADATA_V4.filter((m) => CidrSet.from([zoom.cidr]).containsSet(CidrSet.from([m]))).map((m) => {
    const c = Math.floor((Number(CidrSet.from([m]).v4[0]![0]) - start) / size);
    const p = grid4[c]!;
    return `<rect class="halo" x="${p.x - 0.3}" y="${p.y - 0.3}" width="1.6" height="1.6"/><rect class="outline o-metadata" x="${p.x - 0.3}" y="${p.y - 0.3}" width="1.6" height="1.6"><title>metadata: ${escapeHtml(m)}</title></rect>`;
  });
  return `<figure class="zoom"><svg class="zoom-map" viewBox="-1 -1 18 18" role="img" aria-labelledby="${id}-cap" xmlns="http://www.w3.org/2000/svg"><g class="cells" style="--hatch:url(#${id.replace(/-z\d+$/, '')}-hatch)">${cells.join('')}</g>${marks.join('')}</svg><figcaption id="${id}-cap">${escapeHtml(zoom.cidr)} (${escapeHtml(zoom.what)}), one cell per /${32 - Math.log2(size)}; metadata endpoints outlined.</figcaption></figure>`;
}

const MAP_LEGEND = `<p class="key"><span class="swatch all"></span> reachable on all ports <span class="swatch some"></span> on some ports, or part of the cell <span class="swatch none"></span> denied. Outlines: ${CLASSES.filter((c) => c.cidrs.some((x) => !x.includes(':')))
  .map((c) => `<span class="line o-${c.key}"></span> ${escapeHtml(c.label)}`)
  .join(' ')}.</p>`;

function reachTable(t: DocTarget): string {
  const rows = CLASSES.map((c) => {
    return `<tr><td>${escapeHtml(c.label)}</td><td>${escapeHtml(c.what)}</td><td class="cidrs">${escapeHtml(c.cidrs.join(' '))}</td>${reachCell(reachOf(t, c.set))}</tr>`;
  });
  return `<div class="scroll"><table><caption>Sensitive ranges from this target</caption><thead><tr><th>class</th><th>what</th><th>ranges</th><th>reach</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function policiesTable(t: DocTarget): string {
  const rows = (['ingress', 'egress'] as const).flatMap((dir) => {
    const refs = t.policies[dir];
    const isolated = dir === 'egress' ? t.egressIsolated : t.ingressIsolated;
    if (refs.length === 0) return [`<tr><td>${dir}</td><td colspan="3">${isolated ? 'isolated' : 'not isolated: no policy decides'}</td></tr>`];
    return refs.map((r, i) => `<tr><td>${i === 0 ? `${dir} (${isolated ? 'isolated' : 'not isolated'})` : ''}</td><td>${escapeHtml(r.tier)}${r.priority !== undefined ? ` ${r.priority}` : ''}</td><td>${escapeHtml(r.policy)}</td><td>${r.renderedFrom ? `rendered from ${escapeHtml(r.renderedFrom)}` : ''}</td></tr>`);
  });
  return `<div class="scroll"><table><caption>Policies that decide, in evaluation order</caption><thead><tr><th>direction</th><th>tier</th><th>object</th><th>note</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function domainsTable(t: DocTarget): string {
  if (t.domainAllowances.length === 0) return '';
  const rows = t.domainAllowances.map(
    (d) => `<tr><td>${escapeHtml(d.action)}</td><td>${escapeHtml(d.domains.join(' '))}</td><td>${escapeHtml(d.ports)}</td><td>${escapeHtml(d.policy)} <span class="path">${escapeHtml(d.rule)}</span></td><td>${d.effective ? 'applies' : 'never reached'}</td></tr>`,
  );
  return `<div class="scroll"><table><caption>Domain names (ClusterNetworkPolicy)</caption><thead><tr><th>action</th><th>names</th><th>ports</th><th>rule</th><th>effect</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

/** At most this many pod names per peer; the rest are counted. */
const MAX_PODS_SHOWN = 12;

function selectorPeersTable(t: DocTarget): string {
  if (t.selectorPeers.length === 0) return '';
  const names = (xs: readonly string[]) =>
    xs.length === 0 ? '<span class="muted">none in the input</span>' : `${escapeHtml(xs.slice(0, MAX_PODS_SHOWN).join(' '))}${xs.length > MAX_PODS_SHOWN ? ` +${xs.length - MAX_PODS_SHOWN} more` : ''}`;
  const rows = t.selectorPeers.map(
    (p) => `<tr><td>${escapeHtml(p.action)}</td><td>${escapeHtml(p.policy)} <span class="path">${escapeHtml(p.rule)}</span></td><td>${escapeHtml(p.ports)}</td><td class="cidrs">${names(p.namespaces)}</td><td class="cidrs">${names(p.pods)}</td></tr>`,
  );
  return `<div class="scroll"><table><caption>Workloads reached by label (pod and namespace selectors), as the input's namespaces and pods</caption><thead><tr><th>action</th><th>rule</th><th>ports</th><th>namespaces</th><th>pods</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

const labelsList = (labels: Readonly<Record<string, string>>) =>
  Object.keys(labels).length === 0 ? '' : `<p class="labels">Labels: ${Object.entries(labels).map(([k, v]) => `<code>${escapeHtml(k)}=${escapeHtml(v)}</code>`).join(' ')}</p>`;

/** The key a target's map is shared by: its reach on some port and on all ports, IPv4. */
const mapKey = (t: DocTarget) => `${t.reachable.family(4).toCidrs().join(',')}|${t.allPorts.family(4).toCidrs().join(',')}`;

/** A template's ref hash label: it differs per name, so groups compare it as a placeholder. */
const REF_HASH = 'agents.x-k8s.io/sandbox-template-ref-hash';

/**
 * What a target's details say, with its own name (as a whole token) and its ref hash replaced by a
 * placeholder, and without line numbers: targets with equal signatures show the same details.
 */
function signature(t: DocTarget): string {
  const esc = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const token = (x: string) => new RegExp(`(?<![a-z0-9.-])${esc(x)}(?![a-z0-9.])`, 'g');
  const labels = { ...t.labels, ...(REF_HASH in t.labels ? { [REF_HASH]: '' } : {}) };
  const body = JSON.stringify([
    t.findings.map((f) => ({ ...f, line: 0 })),
    labels,
    t.policies,
    t.egressIsolated,
    t.ingressIsolated,
    t.reachable.toCidrs(),
    t.allPorts.toCidrs(),
    t.domainAllowances,
    t.selectorPeers,
  ]);
  const named = body.replace(token(t.name), '\u0000');
  return t.namespace ? named.replace(token(t.namespace), '\u0001') : named;
}

function targetSection(group: readonly DocTarget[], maps: Map<string, { anchor: string; title: string }>, grid: Grid, grid4: Grid, texts: Texts): string {
  const t = group[0]!;
  const anchor = t.anchor;
  const key = mapKey(t);
  const shared = maps.get(key);
  const map =
    shared === undefined
      ? `${mapSvg(t, `${anchor}-map`, grid)}<div class="zooms">${ZOOMS.map((z, i) => zoomSvg(t, z, `${anchor}-map-z${i}`, grid4)).join('')}</div>${MAP_LEGEND}`
      : `<p class="muted">IPv4 map: the same addresses as <a href="#${shared.anchor}">${escapeHtml(shared.title)}</a> (drawn there).</p>`;
  if (shared === undefined) maps.set(key, { anchor, title: t.title });
  const worst = worstOf(t.findings);
  const others = group.slice(1);
  const members =
    others.length === 0
      ? ''
      : `<p>${count(others.length)} more targets have exactly these findings, policies and reach, each with its own name and namespace (lines below are ${escapeHtml(t.title)}'s; theirs sit at the same paths in their own documents):</p><ul class="members">${others
          .map((o) => `<li id="${o.anchor}">${escapeHtml(o.title)} <span class="loc">${escapeHtml(where(o))}</span></li>`)
          .join('')}</ul>`;
  return [
    `<details class="target" id="${anchor}"><summary>${sevBadge(worst)} <span class="tname">${escapeHtml(t.title)}</span>${others.length ? ` <span class="muted">and ${count(others.length)} more like it</span>` : ''} <span class="muted">${escapeHtml(auditSummary(countsOf(t.findings)))} &middot; ${escapeHtml(where(t))}</span></summary>`,
    '<div class="body">',
    members,
    labelsList(t.labels),
    findingsTable(t.findings, 'Findings', texts),
    policiesTable(t),
    domainsTable(t),
    selectorPeersTable(t),
    reachTable(t),
    map,
    '</div></details>',
  ].join('\n');
}

/** Targets with equal {@link signature}s, in the page's order. */
function groupsOf(targets: readonly DocTarget[]): DocTarget[][] {
  const groups = new Map<string, DocTarget[]>();
  for (const t of targets) {
    const key = signature(t);
    const g = groups.get(key);
    if (g) g.push(t);
    else groups.set(key, [t]);
  }
  return [...groups.values()];
}

function matrix(targets: readonly DocTarget[]): string {
  const head = CLASSES.map((c) => `<th scope="col" title="${escapeHtml(c.what)}">${escapeHtml(c.label)}</th>`).join('');
  const rows = targets.map((t) => {
    const cells = CLASSES.map((c) => reachCell(reachOf(t, c.set))).join('');
    const isolated = t.egressIsolated && t.ingressIsolated ? 'both' : t.egressIsolated ? 'egress only' : t.ingressIsolated ? '<strong>ingress only</strong>' : '<strong>neither</strong>';
    return `<tr><th scope="row"><a href="#${t.anchor}">${escapeHtml(t.title)}</a></th><td>${sevBadge(worstOf(t.findings))}</td>${cells}<td>${isolated}</td></tr>`;
  });
  return `<div class="scroll"><table class="matrix"><caption>Targets, worst first: what each reaches of the sensitive ranges</caption><thead><tr><th scope="col">target</th><th scope="col">worst</th>${head}<th scope="col">isolated</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function ipv6Reference(): string {
  const rows = IPV6_LANDMARKS.map((l) => `<tr><td>${escapeHtml(l.name)}</td><td class="cidrs">${escapeHtml(l.cidr)}</td><td>${escapeHtml(l.what)}</td></tr>`);
  return `<details class="ref"><summary>IPv6 landmarks (reference)</summary><div class="scroll"><table><thead><tr><th>landmark</th><th>range</th><th>what</th></tr></thead><tbody>${rows.join('')}</tbody></table></div></details>`;
}

const CSS = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--all:#c2410c;--some:#fdba74;--none:#eef0f2;--stroke:#111;--halo:#fff;--crit:#a40e26;--high:#953800;--row:#f6f8fa}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#30363d;--all:#c2410c;--some:#7c3f1d;--none:#21262d;--stroke:#fff;--halo:#000;--crit:#ff7b72;--high:#ffa657;--row:#161b22}}
body{background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:16px auto;max-width:1280px;padding:0 16px}
h1{font-size:22px;margin:0 0 8px}h2{font-size:18px;margin:24px 0 8px;border-bottom:1px solid var(--line)}
.muted{color:var(--muted)}code,.cidrs,.path,.loc{font-family:ui-monospace,monospace;font-size:12px}
.path,.loc{white-space:nowrap}.cidrs{word-break:break-word}
.scroll{overflow-x:auto}table{border-collapse:collapse;margin:8px 0;width:100%}caption{text-align:left;font-weight:600;padding:4px 0}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
.matrix td,.matrix th{white-space:nowrap}.totals td{font-variant-numeric:tabular-nums}
.sev{font-weight:700;text-transform:uppercase;font-size:11px;letter-spacing:.03em}.sev-error,.sev-critical{color:var(--crit)}.sev-high{color:var(--high)}.sev-none{color:var(--muted)}
.reach.all{background:var(--all);color:#fff;font-weight:600}.reach.some{background:var(--some)}.reach.none{color:var(--muted)}

.verdict{font-size:16px;font-weight:600}.verdict.failed{color:var(--crit)}
details.target{border:1px solid var(--line);border-radius:6px;margin:8px 0}details.target>summary{padding:8px 12px;cursor:pointer;background:var(--row)}
details.target .body{padding:4px 12px 12px}.tname{font-weight:600}
tr.suppressed td:first-child{font-style:italic}
figure{margin:8px 0}.map{width:100%;max-width:640px;height:auto;display:block}
.cell.all{fill:var(--all)}.cell.none{fill:var(--none)}.cell.some{fill:var(--hatch)}.hatch-bg{fill:var(--some)}.hatch-fg{fill:var(--all)}
.defs{position:absolute;width:0;height:0;overflow:hidden}.grid{stroke:var(--bg);stroke-width:.4;fill:none}.mid{font-weight:600;margin-right:4px}.messages li{margin:4px 0}.octet{font-size:5px;fill:var(--fg);opacity:.75;text-anchor:middle;pointer-events:none;paint-order:stroke;stroke:var(--bg);stroke-width:.8px}.zooms{display:flex;gap:16px;flex-wrap:wrap}.zoom{max-width:300px}.zoom-map{width:280px;height:280px}.zoom-map .outline{stroke-width:.25}.zoom-map .halo{stroke-width:.5}
.halo{fill:none;stroke:var(--halo);stroke-width:2.4}.outline{fill:none;stroke:var(--stroke);stroke-width:1.2}
.o-private{stroke-dasharray:4 2}.o-cgnat{stroke-dasharray:1.2 1.2}.o-link-local{stroke-dasharray:3 1 1 1}
.swatch{display:inline-block;width:12px;height:12px;vertical-align:-2px;border:1px solid var(--line)}.swatch.all{background:var(--all)}.swatch.some{background:repeating-linear-gradient(45deg,var(--all) 0 2px,var(--some) 2px 4px)}.swatch.none{background:var(--none)}
.line{display:inline-block;width:20px;border-top:2px solid var(--stroke);vertical-align:middle}.line.o-private{border-top-style:dashed}.line.o-cgnat,.line.o-link-local{border-top-style:dotted}
figcaption{color:var(--muted)}output{color:var(--fg);font-family:ui-monospace,monospace}
a{color:inherit}a:focus,summary:focus{outline:2px solid var(--stroke);outline-offset:2px}
`;

/** Links into a collapsed target open it; pointer details on a map: the /16 under the pointer and how it is reached. */
const SCRIPT = `
(function(){
function reveal(){var el=location.hash&&document.getElementById(decodeURIComponent(location.hash.slice(1)));for(var d=el&&el.closest('details');d;d=d.parentElement&&d.parentElement.closest('details'))d.open=true;if(el)el.scrollIntoView();}
window.addEventListener('hashchange',reveal);reveal();
document.querySelectorAll('svg.map').forEach(function(svg){
var out=document.getElementById(svg.getAttribute('data-output'));
svg.addEventListener('pointermove',function(e){var el=e.target.closest?e.target.closest('rect.cell'):null;out.textContent=el?el.getAttribute('data-cidr')+': '+({all:'all ports',some:'some ports or part',none:'denied'})[el.getAttribute('data-reach')]:'';});
svg.addEventListener('pointerleave',function(){out.textContent='';});
});
})();
`;

/**
 * The whole report page for an audit document (what `audit -o json` prints), self-contained:
 * inline CSS and SVG and a short script, nothing fetched, light and dark colour schemes. Every
 * text from the input is HTML-escaped; finding links are the document's absolute `docs` URLs.
 *
 * @param document - the audit's JSON document: `targets`, `findings`, `ignored`/`skipped`, `summary`.
 * @param options - the page title.
 * @returns the HTML document.
 * @throws {@link SandboxPolicyError} naming the field (`targets[0].egressReachable`,
 *   `findings[2].severity`, ...) when the document is malformed or cannot be read.
 * @example
 * ```text
 * const doc = JSON.parse(execFileSync('agent-sandbox-policy', ['audit', 'deploy/', '-o', 'json'], { encoding: 'utf8' }));
 * writeFileSync('report.html', renderHtmlReport(doc));
 * ```
 */
export function renderHtmlReport(document: unknown, options?: HtmlReportOptions): string {
  const doc: ReportDocument = readAuditDocument(document);
  const o: unknown = options ?? {};
  if (typeof o !== 'object' || o === null) throw new SandboxPolicyError([{ path: 'options', message: 'must be an object' }]);
  const rawTitle = (o as { title?: unknown }).title;
  if (rawTitle !== undefined && typeof rawTitle !== 'string') throw new SandboxPolicyError([{ path: 'options.title', message: 'must be a string' }]);
  const title = rawTitle ?? 'agent-sandbox-policy audit';

  const targets = [...doc.targets].sort((a, b) => {
    const wa = worstOf(a.findings);
    const wb = worstOf(b.findings);
    const ra = wa === null ? SEVERITIES.length : RANK[wa]!;
    const rb = wb === null ? SEVERITIES.length : RANK[wb]!;
    return ra - rb || active(b.findings).length - active(a.findings).length || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0);
  });
  const all = [...doc.findings, ...doc.targets.flatMap((t) => t.findings)];
  const counts = countsOf(all);
  const suppressed = all.filter((f) => f.suppressed !== undefined);
  const invalid = doc.findings.filter((f) => f.severity === 'error');
  const objectFindings = doc.findings.filter((f) => f.severity !== 'error');
  const grid = hilbertMap(CidrSet.EMPTY).cells;
  const grid4 = hilbertMap(CidrSet.EMPTY, 4).cells;
  const gridLines: string[] = [];
  for (let i = 16; i < SIDE; i += 16) gridLines.push(`M${i} 0V${SIDE}M0 ${i}H${SIDE}`);
  const staticParts = `<svg class="defs" aria-hidden="true" focusable="false"><defs><g id="map-static"><path class="grid" d="${gridLines.join('')}"/>${octetLabels(grid)}${outlineRects(grid)}</g></defs></svg>`;
  const texts = new Texts(all.flatMap((f) => [f.message, f.example, f.suggestion]));
  const maps = new Map<string, { anchor: string; title: string }>();
  const totals = SEVERITIES.map((s) => `<td>${count(counts[s])}</td>`).join('');
  const s = doc.summary;

  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${CSS}</style></head><body>${staticParts}<main>`,
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="verdict${s.failed || doc.failures.length > 0 ? ' failed' : ''}">${doc.failures.length > 0 ? `Gate failed: ${count(doc.failures.length)} input${doc.failures.length === 1 ? '' : 's'} could not be read;` : s.failed ? 'Gate failed' : 'Gate passed'} (--fail-on ${escapeHtml(s.failOn)}): ${count(doc.targets.length)} targets, ${escapeHtml(auditSummary(counts))}${suppressed.length ? `, ${count(suppressed.length)} suppressed` : ''}.</p>`,
    ...s.notes.map((n) => `<p class="muted">${escapeHtml(n)}</p>`),
    '<nav aria-label="Contents"><a href="#summary">Summary</a> &middot; <a href="#objects">Objects</a> &middot; <a href="#suppressed">Suppressed</a> &middot; <a href="#targets">Targets</a> &middot; <a href="#codes">Finding codes</a></nav>',
    '<h2 id="summary">Summary</h2>',
    `<div class="scroll"><table class="totals"><caption>Findings by severity (unsuppressed)</caption><thead><tr>${SEVERITIES.map((x) => `<th scope="col">${x}</th>`).join('')}<th scope="col">suppressed</th><th scope="col">invalid objects</th><th scope="col">skipped objects</th></tr></thead><tbody><tr>${totals}<td>${count(suppressed.length)}</td><td>${count(invalid.length)}</td><td>${count(doc.skipped.length)}</td></tr></tbody></table></div>`,
    doc.targets.length > 0 ? matrix(targets) : '<p>No targets: the input has no sandbox template, sandbox, pod or policy to judge.</p>',
    '<h2 id="objects">Objects</h2>',
    doc.failures.length > 0
      ? `<div class="scroll"><table class="failures"><caption>Inputs that could not be read: none of their objects is judged (the gate exits 2)</caption><thead><tr><th>input</th><th>why</th></tr></thead><tbody>${doc.failures.map((f) => `<tr><td class="loc">${escapeHtml(f.source)}</td><td>${escapeHtml(f.message)}</td></tr>`).join('')}</tbody></table></div>`
      : '',
    invalid.length > 0 ? findingsTable(invalid, 'Invalid objects (rejected by the API server or unreadable: left out of the model)', texts) : '<p>No invalid objects.</p>',
    findingsTable(objectFindings, 'Findings about objects and the input as a whole', texts),
    doc.skipped.length > 0
      ? `<details><summary>${count(doc.skipped.length)} objects of kinds the model does not read (skipped)</summary><ul>${doc.skipped.map((x) => `<li><code>${escapeHtml(x)}</code></li>`).join('')}</ul></details>`
      : '',
    '<h2 id="suppressed">Suppressed findings</h2>',
    suppressed.length > 0 ? findingsTable(suppressed, 'Suppressed by ignore-check annotations, with their reasons', texts, true) : '<p>None.</p>',
    '<h2 id="targets">Targets</h2>',
    groupsOf(targets).map((g) => targetSection(g, maps, grid, grid4, texts)).join('\n'),
    texts.section(),
    glossary(all),
    ipv6Reference(),
    `</main><script>${SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}
