import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CidrSet, hilbertMap, isSandboxPolicyError } from '../../src/index.js';
import { auditSummary, escapeHtml, renderHtmlReport } from '../../src/cli/html-report.js';
import { deepFreeze } from '../helpers.js';
import { CLI, ROOT } from '../support/cli.js';

const REVIEW = 'test/fixtures/report/review.yaml';

/** `audit FILES -o json` from the built CLI: the document the page is drawn from. */
function auditJson(...args: string[]): Record<string, unknown> {
  const r = spawnSync(process.execPath, [CLI, 'audit', ...args, '-o', 'json'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

interface Finding {
  severity: string;
  code: string;
  message: string;
  path: string;
  source: string;
  line: number;
  ranges: string[];
  docs: string;
  suggestion?: string;
  suppressed?: { reason: string };
}
const finding = (over: Partial<Finding> = {}): Finding => ({
  severity: 'high',
  code: 'private-v4-reachable',
  message: 'egress reaches private space',
  path: 'spec.egress[0]',
  source: 'a.yaml',
  line: 3,
  ranges: ['10.0.0.0/8'],
  docs: 'https://example.test/docs/findings/private-v4-reachable.md',
  ...over,
});
const target = (name: string, egressReachable: string[], findings: Finding[] = [], over: Record<string, unknown> = {}) => ({
  target: { kind: 'SandboxTemplate', namespace: 'ns', name },
  source: 'a.yaml',
  line: 1,
  column: 1,
  labels: { app: 'agent' },
  policies: { ingress: [], egress: [{ policy: `NetworkPolicy ns/${name}-network-policy`, tier: 'NetworkPolicy', renderedFrom: `SandboxTemplate ns/${name}` }] },
  egressIsolated: true,
  ingressIsolated: false,
  egressReachable,
  domainAllowances: [],
  findings,
  ...over,
});
const documentOf = (targets: object[], findings: Finding[] = [], ignored: string[] = []) => ({ targets, findings, ignored, summary: { targets: targets.length, failOn: 'high', failed: false } });

const textOf = (html: string) =>
  html
    .replace(/<script>[\s\S]*?<\/script>|<style>[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&hellip;/g, '…')
    .replace(/&amp;/g, '&');

/** The drawn cells of the n-th map: [cidr, reach]. */
const drawnCells = (html: string, n = 0): Array<[string, string]> => {
  const svg = html.split('<svg class="map"')[n + 1]!.split('</svg>')[0]!;
  return [...svg.matchAll(/<rect class="cell [a-z]+"[^>]* data-cidr="([^"]+)" data-reach="([a-z]+)"/g)].map((m) => [m[1]!, m[2]!]);
};

describe('renderHtmlReport: the page of an audit document', () => {
  const doc = auditJson(REVIEW);
  const html = renderHtmlReport(doc);
  const text = textOf(html);

  it('is one self-contained document: inline style, SVG and script, nothing to fetch', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<link|<img|<iframe|@import|@font-face|\bsrc=/i);
    expect(html).not.toMatch(/url\((?!#)/);
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html).toContain('<meta name="color-scheme" content="light dark">');
  });

  it('shows every target, object and finding of the JSON report, with file:line, fix and suppression reason', () => {
    const targets = doc.targets as Array<{ target: { kind: string; namespace: string; name: string }; findings: Finding[]; domainAllowances: Array<{ domains: string[] }>; selectorPeers: Array<{ policy: string; rule: string }> }>;
    const all = [...targets.flatMap((t) => t.findings), ...(doc.findings as Finding[])];
    expect(targets.length).toBeGreaterThan(2);
    expect(all.length).toBeGreaterThan(20);
    expect(targets.some((t) => t.selectorPeers.length > 0)).toBe(true);
    for (const t of targets) {
      expect(text).toContain(`${t.target.kind} ${t.target.namespace}/${t.target.name}`);
      for (const d of t.domainAllowances) for (const name of d.domains) expect(text).toContain(name);
      for (const p of t.selectorPeers) expect(text).toContain(`${p.policy} ${p.rule}`);
    }
    for (const f of all) {
      expect(text, f.code).toContain(f.code);
      expect(text, f.message).toContain(f.message);
      expect(text).toContain(`${f.source}:${f.line}`);
      if (f.suggestion) expect(text).toContain(f.suggestion);
      if (f.suppressed) expect(text).toContain(f.suppressed.reason);
    }
    for (const o of doc.ignored as string[]) expect(text).toContain(o);
    // The invalid template appears under Objects.
    expect(text).toContain('Invalid_Name');
  });

  it('puts the summary first: totals, then the matrix, worst target first, each row linking to its details', () => {
    expect(html.indexOf('id="summary"')).toBeLessThan(html.indexOf('id="targets"'));
    const rows = [...html.matchAll(/<tr><th scope="row"><a href="#([^"]+)">([^<]+)<\/a><\/th><td><span class="sev sev-([a-z]+)"/g)].map((m) => ({ anchor: m[1]!, name: m[2]!, worst: m[3]! }));
    expect(rows.map((r) => r.name)).toContain('SandboxTemplate agents/airgapped');
    expect(rows[rows.length - 1]!.name).toBe('SandboxTemplate agents/airgapped');
    expect(rows[0]!.worst).toBe('critical');
    for (const r of rows) expect(html).toContain(`<details class="target" id="${r.anchor}">`);
    // Every in-page link has its target.
    for (const [, id] of html.matchAll(/href="#([^"]+)"/g)) expect(html, id).toMatch(new RegExp(`id="${id!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`));
  });

  it('links finding pages with absolute URLs only', () => {
    const external = [...html.matchAll(/href="([^"#][^"]*)"/g)].map((m) => m[1]!);
    expect(external.length).toBeGreaterThan(0);
    for (const href of external) expect(href).toMatch(/^https:\/\//);
  });

  it('collapses each target into details, and draws a map once per distinct reach', () => {
    expect(html).not.toMatch(/<details class="target"[^>]* open/);
    const maps = html.match(/<svg class="map"/g)?.length ?? 0;
    const distinct = new Set((doc.targets as Array<{ egressReachable: string[] }>).map((t) => t.egressReachable.filter((c) => !c.includes(':')).join())).size;
    expect(maps).toBe(distinct);
  });
});

describe('renderHtmlReport: unreadable inputs', () => {
  it('names every input that could not be read, and says the gate failed for it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'html-report-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'a: [unclosed\n');
    const doc = auditJson(REVIEW, bad) as { summary: { failures: Array<{ source: string; message: string }> } };
    expect(doc.summary.failures).toHaveLength(1);
    const text = textOf(renderHtmlReport(doc));
    for (const f of doc.summary.failures) {
      expect(text).toContain(f.source);
      expect(text).toContain(f.message);
    }
    expect(text).toMatch(/Gate failed: 1 input could not be read/);
  });
});

describe('renderHtmlReport: the map', () => {
  it('draws cells that agree with the reachable set and its all-ports part, tiling the IPv4 space (property)', () => {
    const cidr = fc.tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 32 })).map(([a, p]) => {
      const s = p === 0 ? 0 : (a >>> (32 - p)) * 2 ** (32 - p);
      return `${s >>> 24}.${(s >>> 16) & 255}.${(s >>> 8) & 255}.${s & 255}/${p}`;
    });
    fc.assert(
      fc.property(fc.array(cidr, { maxLength: 6 }), fc.array(cidr, { maxLength: 6 }), fc.array(cidr, { maxLength: 4 }), (plus, minus, closed) => {
        const reachable = CidrSet.from(plus).subtract(CidrSet.from(minus));
        const allPorts = reachable.subtract(CidrSet.from(closed));
        const html = renderHtmlReport(documentOf([target('t', [...reachable.toCidrs()], [], { egressReachableAllPorts: [...allPorts.toCidrs()] })]));
        const cells = drawnCells(html);
        expect(CidrSet.from(cells.map(([c]) => c)).equals(CidrSet.all(4))).toBe(true);
        for (const [c, reach] of cells) {
          const range = CidrSet.from([c]);
          if (reach === 'all') expect(allPorts.containsSet(range)).toBe(true);
          if (reach === 'none') expect(reachable.overlaps(range)).toBe(false);
          if (reach === 'some') expect(reachable.overlaps(range) && !allPorts.containsSet(range)).toBe(true);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('says in the matrix whether a range is open on all ports, on some ports, or denied', () => {
    const html = renderHtmlReport(
      documentOf([target('ports', ['0.0.0.0/0'], [], { egressReachableAllPorts: ['8.0.0.0/8'] }), target('open', ['0.0.0.0/0']), target('closed', [])]),
    );
    const row = (name: string) => html.split(`>SandboxTemplate ns/${name}</a>`)[1]!.split('</tr>')[0]!;
    expect(row('ports')).toContain('<td class="reach some">some ports</td>');
    expect(row('open')).toContain('<td class="reach all">all ports</td>');
    expect(row('closed')).toContain('<td class="reach none">denied</td>');
    expect(html).toContain('/8 squares');
    expect(html.match(/class="octet"/g)).toHaveLength(256);
  });

  it('draws the shared parts (grid, /8 labels, outlines) once, whatever the number of maps', () => {
    const targets = Array.from({ length: 5 }, (_, i) => target(`t${i}`, [`${i + 1}.0.0.0/8`]));
    const html = renderHtmlReport(documentOf(targets));
    expect(html.match(/<svg class="map"/g)).toHaveLength(5);
    expect(html.match(/class="octet"/g)).toHaveLength(256);
    expect(html.match(/<use href="#map-static"\/>/g)).toHaveLength(5);
  });
});

describe('renderHtmlReport: text and links', () => {
  it('escapes every text from the input: markup in it never adds a tag, attribute or entity (property)', () => {
    const render = (text: string) =>
      renderHtmlReport(
        documentOf(
          [target(text, [], [finding({ code: text, message: text, path: text, source: text, suggestion: text, suppressed: { reason: text }, ranges: [] })], { labels: { [text]: text } })],
          [finding({ message: text })],
          [text],
        ),
        { title: text },
      );
    const count = (html: string, c: string) => html.split(c).length - 1;
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('<', '>', '&', '"', "'", 'a', ' ', '/', '=', 's', 'é') }), (text) => {
        const hostile = render(text);
        const neutral = render('x'.repeat(text.length));
        for (const c of ['<', '>', '"', "'"]) expect(count(hostile, c), c).toBe(count(neutral, c));
      }),
      { numRuns: 25 },
    );
  });

  it('links only http(s) pages: a javascript: page is shown as text', () => {
    const links = (html: string) => [...html.matchAll(/<a href="([^"#][^"]*)">/g)].map((m) => m[1]);
    const html = renderHtmlReport(
      documentOf([target('t', [], [finding({ code: 'a', docs: 'javascript:alert(1)' }), finding({ code: 'b', docs: ' JavaScript:x' }), finding({ code: 'c', docs: 'data:text/html,x' }), finding({ code: 'd', docs: 'HTTPS://example.test/d' })])]),
    );
    expect(links(html)).toEqual(['HTTPS://example.test/d']);
  });

  it('writes a long text shared by many findings once in full, and quotes it short elsewhere', () => {
    const long = `egress reaches ${'a very long explanation '.repeat(10)}`;
    const targets = Array.from({ length: 50 }, (_, i) => target(`t${i}`, [`${i + 1}.0.0.0/8`], [finding({ message: long })]));
    const html = renderHtmlReport(documentOf(targets));
    expect(html.split(escapeHtml(long)).length - 1).toBe(1);
    expect(html.match(/<a href="#m1">\[M1\]<\/a>/g)).toHaveLength(50);
  });

  it('shows targets that say the same, each with its own name, once, and lists every one of them', () => {
    const same = (name: string) => target(name, ['8.0.0.0/8'], [finding({ message: `NetworkPolicy ns/${name}-network-policy opens 8.0.0.0/8 for ${name}` })]);
    const html = renderHtmlReport(documentOf([same('alpha'), same('beta'), same('gamma'), target('other', ['9.0.0.0/8'])]));
    expect(html.match(/<details class="target"/g)).toHaveLength(2);
    for (const i of [0, 1, 2, 3]) expect(html).toContain(`id="target-${i}"`);
    expect(textOf(html)).toContain('2 more targets have exactly these findings');
    // A name that only looks like part of another word does not make two different targets one.
    const a = target('a', ['8.0.0.0/8'], [finding({ message: 'reaches agent' })]);
    const b = target('b', ['8.0.0.0/8'], [finding({ message: 'reaches bgent' })]);
    expect(renderHtmlReport(documentOf([a, b])).match(/<details class="target"/g)).toHaveLength(2);
  });

  it('is deterministic and leaves its input alone', () => {
    const doc = deepFreeze(documentOf([target('t', ['8.8.8.0/24'], [finding()])]));
    expect(renderHtmlReport(doc)).toBe(renderHtmlReport(documentOf([target('t', ['8.8.8.0/24'], [finding()])])));
    expect(auditSummary({ error: 0, critical: 0, high: 0, medium: 0, low: 0, info: 0 })).toBe('no findings');
  });

  it('takes a document with no targets', () => {
    const html = renderHtmlReport(documentOf([]));
    expect(textOf(html)).toContain('No targets');
    expect(html).not.toContain('<svg class="map"');
  });
});

describe('renderHtmlReport: the input', () => {
  const good = () => documentOf([target('t', [])]);
  const throwing = new Proxy(good(), {
    get() {
      throw new TypeError('trap');
    },
  });
  const errorOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      return e;
    }
    throw new Error('did not throw');
  };
  it.each<[string, unknown, unknown, string]>([
    ['a non-object', [], undefined, 'document'],
    ['no summary', { targets: [] }, undefined, 'summary'],
    ['a null target', { ...good(), targets: [null] }, undefined, 'targets[0]'],
    ['a bad CIDR', { ...good(), targets: [target('t', ['10.0.0.0/33'])] }, undefined, 'targets[0].egressReachable'],
    ['an unknown severity', { ...good(), targets: [target('t', [], [finding({ severity: 'urgent' })])] }, undefined, 'targets[0].findings[0].severity'],
    ['a finding without docs', { ...good(), findings: [{ ...finding(), docs: undefined }] }, undefined, 'findings[0].docs'],
    ['a throwing proxy', throwing, undefined, 'document'],
    ['a non-object options', good(), 'x', 'options'],
    ['a numeric title option', good(), { title: 5 }, 'options.title'],
  ])('rejects %s with a SandboxPolicyError naming the field', (_, doc, options, path) => {
    const err = errorOf(() => renderHtmlReport(doc, options as undefined));
    expect(isSandboxPolicyError(err)).toBe(true);
    expect((err as { issues: Array<{ path: string }> }).issues[0]!.path).toBe(path);
  });
});

describe('renderHtmlReport at scale', () => {
  it('stays under 3 MB for 1,000 templates and 300 NetworkPolicies', () => {
    const docs: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const ns = `team-${i % 50}`;
      const egress = i % 3 === 0 ? '' : `\n  networkPolicy:\n    egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}], ports: [{port: ${443 + (i % 7)}}]}]`;
      docs.push(`apiVersion: extensions.agents.x-k8s.io/v1beta1\nkind: SandboxTemplate\nmetadata: {name: t-${i}, namespace: ${ns}}\nspec:\n  podTemplate:\n    spec:\n      containers: [{name: a, image: python}]${egress}\n`);
    }
    for (let i = 0; i < 300; i++) {
      docs.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np-${i}, namespace: team-${i % 50}}\nspec:\n  podSelector: {matchLabels: {app: a${i % 5}}}\n  policyTypes: [Egress]\n  egress: [{to: [{ipBlock: {cidr: 10.${i % 256}.0.0/16}}]}]\n`);
    }
    const r = spawnSync(process.execPath, [CLI, 'audit', '-', '-o', 'json'], { cwd: ROOT, input: docs.join('---\n'), encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
    const doc = JSON.parse(r.stdout) as { targets: unknown[] };
    expect(doc.targets.length).toBeGreaterThanOrEqual(1000);
    const html = renderHtmlReport(doc);
    expect(Buffer.byteLength(html)).toBeLessThan(3 * 1024 * 1024);
  }, 120_000);
});

it('the map layout is the library curve: cell 0 holds 0.0.0.0 at the top left', () => {
  expect(hilbertMap(CidrSet.EMPTY).cells[0]).toMatchObject({ x: 0, y: 0, cidr: '0.0.0.0/16' });
});
