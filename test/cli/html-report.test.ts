import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CidrSet, auditNetworkPolicy, isSandboxPolicyError, networkPolicyFor } from '../../src/index.js';
import { auditSummary, escapeHtml, findingDocsPath, htmlTargetFromAudit, renderHtmlReport, type HtmlReportTarget } from '../../src/cli/html-report.js';
import { baseTemplate, deepFreeze } from '../helpers.js';

const upstream = () => htmlTargetFromAudit('SandboxTemplate/sandbox', auditNetworkPolicy(networkPolicyFor(baseTemplate())), { policies: ['default/sandbox-network-policy'] });

/** The cell shapes of the n-th map: [cidr, coverage]. */
const drawnCells = (html: string, n = 0): Array<[string, string]> => {
  const svg = html.split('<svg class="map"')[n + 1]!.split('</svg>')[0]!;
  return [...svg.matchAll(/<rect class="cell [a-z]+"[^>]* data-cidr="([^"]+)" data-coverage="([a-z]+)"/g)].map((m) => [m[1]!, m[2]!]);
};

const errorOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('did not throw');
};

describe('renderHtmlReport', () => {
  it('is one self-contained document: inline style, SVG and script, nothing to fetch', () => {
    const html = renderHtmlReport([upstream()]);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<link|<img|<iframe|@import|@font-face|\bsrc=/i);
    expect(html).not.toMatch(/url\((?!#)/); // only references to the document's own patterns
    expect([...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]).every((h) => h!.startsWith('docs/findings/'))).toBe(true);
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html).toContain('prefers-color-scheme:dark');
    expect(html).toContain('<meta name="color-scheme" content="light dark">');
  });

  it('draws cells that agree with the reachable set, tiling the whole IPv4 space (property)', () => {
    const cidr = fc.tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 32 })).map(([a, p]) => {
      const s = p === 0 ? 0 : (a >>> (32 - p)) * 2 ** (32 - p);
      return `${s >>> 24}.${(s >>> 16) & 255}.${(s >>> 8) & 255}.${s & 255}/${p}`;
    });
    fc.assert(
      fc.property(fc.array(cidr, { maxLength: 6 }), fc.array(cidr, { maxLength: 6 }), (plus, minus) => {
        const reachable = CidrSet.from(plus).subtract(CidrSet.from(minus));
        const cells = drawnCells(renderHtmlReport([{ title: 't', summary: 's', reachable, findings: [] }]));
        const union = CidrSet.from(cells.map(([c]) => c));
        expect(union.equals(CidrSet.all(4))).toBe(true);
        for (const [c, coverage] of cells) {
          const range = CidrSet.from([c]);
          expect(coverage === 'full').toBe(reachable.containsSet(range));
          expect(coverage === 'none').toBe(!reachable.overlaps(range));
        }
      }),
      { numRuns: 25 },
    );
  });

  it('outlines and labels the sensitive ranges, the metadata endpoint on its own cell', () => {
    const html = renderHtmlReport([upstream()]);
    const outlines = [...html.matchAll(/<rect class="outline[^"]*"[^>]* data-outline="([^"]+)" data-cidrs="([^"]+)"/g)].map((m) => [m[1], m[2]]);
    expect(outlines).toContainEqual(['metadata', '100.100.100.200/32']);
    expect(outlines).toContainEqual(['cgnat', '100.64.0.0/10']);
    expect(outlines).toContainEqual(['private', '10.0.0.0/8']);
    expect(outlines).toContainEqual(['metadata link-local', expect.stringContaining('169.254.169.254/32')]);
    for (const label of ['metadata', 'private', 'CGNAT', 'metadata + link-local']) expect(html).toContain(`>${label}</text>`);
    expect(html).toContain('<title>8.0.0.0/8: reachable</title>');
    expect(html).toContain('<title>10.0.0.0/8: denied</title>');
  });

  it('outlines the cluster ranges and lists IPv6 ones with the landmarks', () => {
    const target = { ...upstream(), clusterCidrs: ['34.118.224.0/20', 'fd12:3456::/48'] };
    const html = renderHtmlReport([target]);
    expect(html).toMatch(/data-outline="cluster" data-cidrs="34\.118\.224\.0\/20"/);
    expect(html).toContain('>cluster</text>');
    expect(html).toMatch(/<td>cluster<\/td><td class="cidrs">fd12:3456::\/48<\/td>.*denied<\/td>/);
    expect(html).toMatch(/<td>unique local \(ULA\)<\/td><td class="cidrs">fc00::\/7<\/td>.*denied<\/td>/);
    expect(html).toMatch(/<td>NAT64 \(well-known\)<\/td><td class="cidrs">64:ff9b::\/96<\/td>.*>[^<]*reachable<\/td>/);
  });

  it('lists the findings with links to their pages, and the policies', () => {
    const html = renderHtmlReport([upstream()], { docsBaseUrl: 'https://example.test/repo/blob/main/' });
    expect(html).toContain('<a href="https://example.test/repo/blob/main/docs/findings/metadata-reachable.md">metadata-reachable</a>');
    expect(html).toContain('<p class="summary">1 critical, 5 high, 4 medium, 2 low, 4 info</p>');
    expect(html).toContain('<li>default/sandbox-network-policy</li>');
    expect(findingDocsPath('cgnat-reachable')).toBe('docs/findings/cgnat-reachable.md');
    expect(auditSummary({ error: 0, critical: 0, high: 0, medium: 0, low: 0, info: 0 })).toBe('no findings');
  });

  it('escapes every text from the input: markup in it never adds a tag, attribute or entity (property)', () => {
    const render = (text: string) =>
      renderHtmlReport(
        [{ title: text, summary: text, reachable: CidrSet.EMPTY, findings: [{ severity: 'low', code: text, path: text, policy: text, ranges: [text], docsPath: text, message: text }], policies: [text] }],
        { title: text, docsBaseUrl: text },
      );
    const count = (html: string, c: string) => html.split(c).length - 1;
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('<', '>', '&', '"', "'", 'a', ' ', '/', '=', 's', 'é') }), (text) => {
        const hostile = render(text);
        const neutral = render('x'.repeat(text.length));
        for (const c of ['<', '>', '"', "'"]) expect(count(hostile, c), c).toBe(count(neutral, c));
        expect(hostile).toContain(escapeHtml(text));
      }),
      { numRuns: 25 },
    );
    const html = renderHtmlReport([{ title: '<script>x</script>', summary: '"><b>', reachable: CidrSet.EMPTY, findings: [] }]);
    expect(html).toContain('<h2 id="t0-h">&lt;script&gt;x&lt;/script&gt;</h2>');
    expect(html).toContain('<p class="summary">&quot;&gt;&lt;b&gt;</p>');
  });

  it('links only relative paths and http(s) URLs: a javascript: page is shown as text', () => {
    const finding = (docsPath: string) => ({ severity: 'low' as const, code: 'c', path: 'p', ranges: [], docsPath });
    const links = (html: string) => [...html.matchAll(/<a href="([^"]*)">/g)].map((m) => m[1]);
    const html = renderHtmlReport([
      { ...upstream(), findings: [finding('javascript:alert(1)'), finding(' JavaScript:x'), finding('data:text/html,x'), finding('docs/findings/c.md'), finding('HTTPS://example.test/c')] },
    ]);
    expect(links(html)).toEqual(['docs/findings/c.md', 'HTTPS://example.test/c']);
    expect(links(renderHtmlReport([{ ...upstream(), findings: [finding('c.md')] }], { docsBaseUrl: 'javascript:' }))).toEqual([]);
  });

  it('says in words how much of the map is reachable', () => {
    // Everything but 10.0.0.0/8 (256 cells), 172.16.0.0/12 (16), 192.168.0.0/16 and 169.254.0.0/16.
    expect(renderHtmlReport([upstream()])).toContain(`can reach: 65,262 of 65,536 /16 cells entirely, 0 in part.`);
    const partly = renderHtmlReport([{ title: 't', summary: 's', reachable: CidrSet.from(['10.0.0.0/24', '11.0.0.0/15']), findings: [] }]);
    expect(partly).toContain('t can reach: 2 of 65,536 /16 cells entirely, 1 in part.');
  });

  it('is deterministic and leaves its input alone', () => {
    const target = deepFreeze(upstream());
    expect(renderHtmlReport([target])).toBe(renderHtmlReport([upstream()]));
  });

  it('takes a target with no findings and no policies', () => {
    const html = renderHtmlReport([{ title: 'none', summary: 'no findings', reachable: CidrSet.EMPTY, findings: [] }]);
    expect(html).toContain('<p>No findings.</p>');
    expect(drawnCells(html)).toEqual([['0.0.0.0/0', 'none']]);
  });
});

describe('renderHtmlReport input', () => {
  const good = (): HtmlReportTarget => ({ title: 't', summary: 's', reachable: CidrSet.EMPTY, findings: [] });
  const throwing = new Proxy(good(), {
    get() {
      throw new TypeError('trap');
    },
  });
  const cyclic: Record<string, unknown> = { ...good() };
  cyclic.findings = [cyclic];
  it.each<[string, unknown, unknown, string]>([
    ['a non-list', good(), undefined, 'targets'],
    ['a null target', [null], undefined, 'targets[0]'],
    ['a missing title', [{ ...good(), title: undefined }], undefined, 'targets[0].title'],
    ['a BigInt summary', [{ ...good(), summary: 1n }], undefined, 'targets[0].summary'],
    ['a CIDR list for reachable', [{ ...good(), reachable: ['0.0.0.0/0'] }], undefined, 'targets[0].reachable'],
    ['a look-alike set', [{ ...good(), reachable: Object.create(CidrSet.prototype) as object }], undefined, 'targets[0].reachable'],
    ['an unknown severity', [{ ...good(), findings: [{ severity: 'urgent', code: 'c', path: 'p', ranges: [], docsPath: 'd' }] }], undefined, 'targets[0].findings[0].severity'],
    ['a finding without docsPath', [{ ...good(), findings: [{ severity: 'low', code: 'c', path: 'p', ranges: [] }] }], undefined, 'targets[0].findings[0].docsPath'],
    ['a cyclic finding', [cyclic], undefined, 'targets[0].findings[0].severity'],
    ['a bad cluster CIDR', [{ ...good(), clusterCidrs: ['10.0.0.0/33'] }], undefined, 'targets[0].clusterCidrs[0]'],
    ['a throwing proxy', [throwing], undefined, 'targets'],
    ['a getter that throws a throwing proxy', [Object.defineProperty({ ...good() }, 'title', { get: () => { throw new Proxy({}, { getPrototypeOf: () => { throw new Error('no'); } }); } })], undefined, 'targets'],
    ['a non-object options', [good()], 'x', 'options'],
    ['a numeric title option', [good()], { title: 5 }, 'options.title'],
    ['an own __proto__ target', [JSON.parse('{"__proto__": {"title": "t"}}')], undefined, 'targets[0].title'],
  ])('rejects %s with a SandboxPolicyError naming the field', (_, targets, options, path) => {
    const err = errorOf(() => renderHtmlReport(targets as HtmlReportTarget[], options as undefined));
    expect(isSandboxPolicyError(err)).toBe(true);
    expect((err as { issues: Array<{ path: string }> }).issues[0]!.path).toBe(path);
  });
});
