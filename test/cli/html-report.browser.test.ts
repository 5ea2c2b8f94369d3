/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The HTML report in a real browser: Debian's chromium, driven by puppeteer-core. Skipped (with a
 * notice) only when no chromium is installed; `.ci/run` installs it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CidrSet, hilbertMap } from '../../src/index.js';
import { renderHtmlReport } from '../../src/cli/html-report.js';
import { ARTIFACTS, findChromium, launch, profilesReport, screenshotMaps } from '../support/report-browser.js';

const chromium = findChromium();
const NOTICE = 'NOTICE: no chromium found (apt-get install -y chromium, or set CHROMIUM_PATH): the HTML report browser checks were skipped';

describe.runIf(chromium === null)('HTML report in chromium', () => {
  it('is skipped without chromium', () => {
    console.warn(NOTICE);
    expect(findChromium()).toBeNull();
  });
});

/** What the page did while loading: requests beyond the report file, console errors, uncaught errors. */
interface PageLog {
  requests: string[];
  errors: string[];
}

async function open(browser: Browser, html: string, name: string, scheme: 'light' | 'dark' = 'light'): Promise<{ page: Page; log: PageLog }> {
  const file = join(ARTIFACTS, `${name}.html`);
  writeFileSync(file, html);
  const url = pathToFileURL(file).href;
  const page = await browser.newPage();
  const log: PageLog = { requests: [], errors: [] };
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    if (req.url() === url) void req.continue();
    else {
      log.requests.push(req.url());
      void req.abort();
    }
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warn') log.errors.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => log.errors.push(`pageerror: ${String(e)}`));
  await page.setViewport({ width: 1240, height: 900 });
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
  await page.goto(url, { waitUntil: 'load' });
  return { page, log };
}

/** The page position of a map cell's centre: the map's viewBox runs from -1 to side + 1. */
async function cellCentre(page: Page, target: number, x: number, y: number): Promise<{ px: number; py: number }> {
  return page.evaluate(
    (t, cx, cy) => {
      const svg = document.querySelectorAll('svg.map')[t]!;
      const r = svg.getBoundingClientRect();
      const vb = (svg as SVGSVGElement).viewBox.baseVal;
      const unit = r.width / vb.width;
      return { px: r.left + (cx + 0.5 - vb.x) * unit, py: r.top + (cy + 0.5 - vb.y) * unit };
    },
    target,
    x,
    y,
  );
}

/** What is drawn at a cell: the cell shape under it, its fill, and the outlines whose box holds the point. */
async function drawnAt(page: Page, target: number, cidr: string) {
  const map = hilbertMap(CidrSet.EMPTY);
  const cell = map.cells.find((c) => c.cidr === cidr)!;
  const { px, py } = await cellCentre(page, target, cell.x, cell.y);
  return page.evaluate(
    (t, x, y) => {
      const el = document.elementFromPoint(x, y);
      const rect = el?.closest('rect.cell') ?? null;
      const svg = document.querySelectorAll('svg.map')[t]!;
      const outlines = [...svg.querySelectorAll('rect.outline')]
        .filter((o) => {
          const b = o.getBoundingClientRect();
          return x >= b.left && x <= b.right && y >= b.top && y <= b.bottom;
        })
        .map((o) => ({ classes: o.getAttribute('data-outline'), cidrs: o.getAttribute('data-cidrs'), stroke: getComputedStyle(o).stroke }));
      const key = (cov: string) => getComputedStyle(svg.closest('section')!.querySelector(`p.key rect.cell.${cov}`)!).fill;
      return {
        inMap: rect !== null && svg.contains(rect),
        coverage: rect?.getAttribute('data-coverage') ?? null,
        title: rect?.querySelector('title')?.textContent ?? null,
        fill: rect ? getComputedStyle(rect).fill : null,
        keyFull: key('full'),
        keyNone: key('none'),
        outlines,
      };
    },
    target,
    px,
    py,
  );
}

describe.runIf(chromium !== null)('HTML report in chromium', () => {
  let browser: Browser;
  const { html, targets } = profilesReport();

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launch(chromium!);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('loads from a file with no console errors and no network requests', async () => {
    const { page, log } = await open(browser, html, 'profiles-report');
    expect(log.errors).toEqual([]);
    expect(log.requests).toEqual([]);
    expect(await page.$$eval('svg.map', (maps) => maps.length)).toBe(2);
    await page.screenshot({ path: join(ARTIFACTS, 'profiles-report-light.png'), fullPage: true });
    await screenshotMaps(page, join(ARTIFACTS, 'profiles-maps-light.png'));
    await page.close();
  });

  it('draws the upstream default: 10.0.0.0/16 denied, 8.8.0.0/16 reachable, 100.100.0.0/16 reachable and outlined as metadata', async () => {
    const { page } = await open(browser, html, 'profiles-report');
    const private10 = await drawnAt(page, 0, '10.0.0.0/16');
    expect(private10).toMatchObject({ inMap: true, coverage: 'none' });
    expect(private10.fill).toBe(private10.keyNone);
    expect(private10.outlines.map((o) => o.classes)).toContain('private');

    const google = await drawnAt(page, 0, '8.8.0.0/16');
    expect(google).toMatchObject({ inMap: true, coverage: 'full' });
    expect(google.fill).toBe(google.keyFull);
    expect(google.fill).not.toBe(google.keyNone);
    expect(google.outlines).toEqual([]);

    const alibaba = await drawnAt(page, 0, '100.100.0.0/16');
    expect(alibaba).toMatchObject({ inMap: true, coverage: 'full' });
    expect(alibaba.fill).toBe(alibaba.keyFull);
    const metadata = alibaba.outlines.find((o) => o.classes === 'metadata');
    expect(metadata?.cidrs).toBe('100.100.100.200/32');
    expect(alibaba.outlines.map((o) => o.classes)).toContain('cgnat');
    // Colour is not the only signal: the outline carries a text label in the map.
    const labels = await page.$$eval('svg.map:first-of-type text.label', (ts) => ts.map((t) => t.textContent));
    expect(labels).toEqual(expect.arrayContaining(['metadata', 'CGNAT', 'private', 'metadata + link-local']));
    await page.close();
  });

  it('draws the hardened profile: CGNAT and the metadata cell denied', async () => {
    const { page } = await open(browser, html, 'profiles-report');
    const alibaba = await drawnAt(page, 1, '100.100.0.0/16');
    expect(alibaba).toMatchObject({ inMap: true, coverage: 'none' });
    expect(alibaba.fill).toBe(alibaba.keyNone);
    expect((await drawnAt(page, 1, '240.0.0.0/16')).coverage).toBe('none');
    expect((await drawnAt(page, 1, '8.8.0.0/16')).coverage).toBe('full');
    await page.close();
  });

  it('agrees with the reachable set at every 7th cell of both maps', async () => {
    const { page } = await open(browser, html, 'profiles-report');
    for (const [t, target] of targets.entries()) {
      const cells = hilbertMap(target.reachable).cells.filter((c) => c.index % 7 === 0);
      const drawn = await page.evaluate(
        (index, points) => {
          const svg = document.querySelectorAll('svg.map')[index] as SVGSVGElement;
          const r = svg.getBoundingClientRect();
          const vb = svg.viewBox.baseVal;
          const unit = r.width / vb.width;
          return points.map(([x, y]) => {
            const el = document.elementFromPoint(r.left + (x! + 0.5 - vb.x) * unit, r.top + (y! + 0.5 - vb.y) * unit);
            return el?.closest('rect.cell')?.getAttribute('data-coverage') ?? null;
          });
        },
        t,
        cells.map((c) => [c.x, c.y]),
      );
      const wrong = cells.map((c, i) => (drawn[i] === c.coverage ? null : `${c.cidr}: drawn ${drawn[i]}, set says ${c.coverage}`)).filter((w) => w !== null);
      expect(wrong, target.title).toEqual([]);
      expect(new Set(drawn)).toEqual(new Set(t === 0 ? ['full', 'none'] : ['full', 'none', 'partial']));
    }
    await page.close();
  });

  it('hover details name the /16 under the pointer', async () => {
    const { page } = await open(browser, html, 'profiles-report');
    const cell = hilbertMap(CidrSet.EMPTY).cells[0x0808]!;
    const { px, py } = await cellCentre(page, 0, cell.x, cell.y);
    await page.mouse.move(px, py);
    expect(await page.$eval('#t0-out', (o) => o.textContent)).toBe('8.8.0.0/16 (in 8.0.0.0/8: reachable)');
    await page.close();
  });

  it('is readable in the dark colour scheme: other colours, reachable still distinct from denied', async () => {
    const { page: light } = await open(browser, html, 'profiles-report');
    const lightCell = await drawnAt(light, 0, '8.8.0.0/16');
    await light.close();
    const { page, log } = await open(browser, html, 'profiles-report', 'dark');
    const dark = await drawnAt(page, 0, '8.8.0.0/16');
    expect(log.errors).toEqual([]);
    expect(dark.fill).not.toBe(lightCell.fill);
    expect(dark.keyFull).not.toBe(dark.keyNone);
    const [bg, fg] = await page.evaluate(() => [getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]);
    expect(bg).not.toBe('rgb(255, 255, 255)');
    expect(fg).not.toBe(bg);
    await page.screenshot({ path: join(ARTIFACTS, 'profiles-report-dark.png'), fullPage: true });
    await page.close();
  });

  it('shows hostile input as text: no element, no script, no request', async () => {
    const hostile = '<img src="http://attacker.invalid/x.png" onerror="console.error(1)"><script>console.error(2)</script>';
    const report = renderHtmlReport([
      {
        title: hostile,
        summary: hostile,
        reachable: CidrSet.from(['8.8.8.0/24']),
        findings: [{ severity: 'high', code: hostile, path: hostile, policy: hostile, ranges: [hostile], docsPath: `javascript:alert(1)//${hostile}`, message: hostile }],
        policies: [hostile],
      },
    ]);
    const { page, log } = await open(browser, report, 'hostile-report');
    expect(log.requests).toEqual([]);
    expect(log.errors).toEqual([]);
    expect(await page.$$eval('img', (imgs) => imgs.length)).toBe(0);
    expect(await page.$$eval('script', (s) => s.length)).toBe(1);
    expect(await page.$eval('h2', (h) => h.textContent)).toBe(hostile);
    expect(await page.$$eval('a', (links) => links.map((a) => a.getAttribute('href')))).toEqual([]); // the javascript: page is not linked
    await page.close();
  });
});
