/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The HTML report in a real browser: Debian's chromium, driven by puppeteer-core, with axe-core
 * for accessibility. Skipped (with a notice) only when no chromium is installed; `.ci/run`
 * installs it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CidrSet, hilbertMap } from '../../src/index.js';
import { renderHtmlReport } from '../../src/cli/html-report.js';
import { ARTIFACTS, findChromium, launch, reviewReport, screenshotSummary, seriousAxeViolations } from '../support/report-browser.js';

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
  await page.setViewport({ width: 1280, height: 900 });
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
  await page.goto(url, { waitUntil: 'load' });
  return { page, log };
}

/** Opens every target's details, so their maps and tables are laid out. */
const openAll = (page: Page) => page.$$eval('details', (ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));

/** The reach drawn at a /16 cell of the n-th map, and its fill, read from the element the browser finds there. */
async function drawnAt(page: Page, map: number, cidr: string) {
  const cell = hilbertMap(CidrSet.EMPTY).cells.find((c) => c.cidr === cidr)!;
  return page.evaluate(
    (n, cx, cy) => {
      const svg = document.querySelectorAll('svg.map')[n] as SVGSVGElement;
      svg.scrollIntoView();
      const r = svg.getBoundingClientRect();
      const vb = svg.viewBox.baseVal;
      const unit = r.width / vb.width;
      const el = document.elementsFromPoint(r.left + (cx + 0.5 - vb.x) * unit, r.top + (cy + 0.5 - vb.y) * unit).find((e) => e.matches('rect.cell'));
      return { reach: el?.getAttribute('data-reach') ?? null, fill: el ? getComputedStyle(el).fill : null };
    },
    map,
    cell.x,
    cell.y,
  );
}

/** WCAG contrast ratio of two `rgb(...)` colours. */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = c.match(/\d+(\.\d+)?/g)!.slice(0, 3).map(Number).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
}

describe.runIf(chromium !== null)('HTML report in chromium', () => {
  let browser: Browser;
  const { document: reportDoc, html } = reviewReport();

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launch(chromium!);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('loads from a file with no console errors and no network requests, summary first', async () => {
    const { page, log } = await open(browser, html, 'review-report');
    expect(log.errors).toEqual([]);
    expect(log.requests).toEqual([]);
    const order = await page.$$eval('h2', (hs) => hs.map((h) => h.id));
    expect(order.slice(0, 4)).toEqual(['summary', 'objects', 'suppressed', 'targets']);
    const rows = await page.$$eval('table.matrix tbody tr', (rs) => rs.length);
    expect(rows).toBe((reportDoc.targets as unknown[]).length);
    await page.screenshot({ path: join(ARTIFACTS, 'review-report-light.png'), fullPage: true });
    await page.close();
  });

  it('has no serious or critical axe-core violations, closed and with every section open, light and dark', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const { page } = await open(browser, html, `review-report-${scheme}`, scheme);
      expect(await seriousAxeViolations(page), `${scheme}, closed`).toEqual([]);
      await openAll(page);
      expect(await seriousAxeViolations(page), `${scheme}, open`).toEqual([]);
      await page.close();
    }
  }, 120_000);

  it('draws what the text says: the default policy reaches 8.8.0.0/16 on all ports and not 10.0.0.0/16; port-limited egress is drawn as some ports', async () => {
    const ports = renderHtmlReport({
      targets: [
        { target: { kind: 'SandboxTemplate', namespace: 'a', name: 'default' }, source: 'a.yaml', line: 1, column: 1, labels: {}, policies: { ingress: [], egress: [] }, egressIsolated: true, ingressIsolated: true, egressReachable: ['8.0.0.0/7'], egressReachableAllPorts: ['8.0.0.0/7'], domainAllowances: [], findings: [] },
        { target: { kind: 'SandboxTemplate', namespace: 'a', name: 'https' }, source: 'a.yaml', line: 9, column: 1, labels: {}, policies: { ingress: [], egress: [] }, egressIsolated: true, ingressIsolated: true, egressReachable: ['8.0.0.0/7'], egressReachableAllPorts: [], domainAllowances: [], findings: [] },
      ],
      findings: [],
      summary: { failOn: 'high', failed: false },
    });
    const { page } = await open(browser, ports, 'ports-report');
    await openAll(page);
    const all = await drawnAt(page, 0, '8.8.0.0/16');
    const some = await drawnAt(page, 1, '8.8.0.0/16');
    const none = await drawnAt(page, 0, '10.0.0.0/16');
    expect([all.reach, some.reach, none.reach]).toEqual(['all', 'some', 'none']);
    expect(new Set([all.fill, some.fill, none.fill]).size).toBe(3);
    await page.close();
  });

  it('outlines sensitive ranges at 3:1 contrast or more against both the reachable and the denied fill', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const { page } = await open(browser, html, `review-contrast-${scheme}`, scheme);
      await openAll(page);
      const colours = await page.evaluate(() => {
        const fill = (cls: string) => getComputedStyle(document.querySelector(`svg.map rect.cell.${cls}`)!).fill;
        const outline = getComputedStyle(document.querySelector('#map-static rect.outline')!).stroke;
        return { outline, all: fill('all'), none: fill('none') };
      });
      expect(contrast(colours.outline, colours.all), `${scheme}: outline on reachable`).toBeGreaterThanOrEqual(3);
      expect(contrast(colours.outline, colours.none), `${scheme}: outline on denied`).toBeGreaterThanOrEqual(3);
      await page.close();
    }
  });

  it('every summary row leads to its details by keyboard: Tab reaches the link, Enter opens the target', async () => {
    const { page } = await open(browser, html, 'review-keyboard');
    const first = await page.$eval('table.matrix tbody tr th a', (a) => a.getAttribute('href')!);
    await page.focus('table.matrix tbody tr th a');
    await page.keyboard.press('Enter');
    // The page opens the target's details on the hash change that follows the link.
    const opened = await page
      .waitForFunction((sel: string) => document.querySelector(sel)?.closest('details')?.open === true, { timeout: 5_000 }, first)
      .then(() => true, () => false);
    expect(opened).toBe(true);
    await page.close();
  });

  it('shows hostile input as text: no element, no script, no request', async () => {
    const hostile = '<img src="http://attacker.invalid/x.png" onerror="console.error(1)"><script>console.error(2)</script>';
    const page0 = renderHtmlReport({
      targets: [
        {
          target: { kind: 'SandboxTemplate', namespace: 'a', name: hostile },
          source: hostile,
          line: 1,
          column: 1,
          labels: { [hostile]: hostile },
          policies: { ingress: [{ policy: hostile, tier: 'NetworkPolicy' }], egress: [] },
          egressIsolated: true,
          ingressIsolated: false,
          egressReachable: ['8.8.8.0/24'],
          domainAllowances: [],
          findings: [{ severity: 'high', code: hostile, message: hostile, path: hostile, source: hostile, line: 2, column: 1, ranges: [], docs: `javascript:alert(1)//${hostile}` }],
        },
      ],
      findings: [],
      summary: { failOn: 'high', failed: true },
    });
    const { page, log } = await open(browser, page0, 'hostile-report');
    await openAll(page);
    expect(log.requests).toEqual([]);
    expect(log.errors).toEqual([]);
    expect(await page.$$eval('img', (imgs) => imgs.length)).toBe(0);
    expect(await page.$$eval('script', (s) => s.length)).toBe(1);
    expect(await page.$$eval('a[href^="javascript"]', (a) => a.length)).toBe(0);
    expect(await page.$eval('.tname', (h) => h.textContent)).toBe(`SandboxTemplate a/${hostile}`);
    await page.close();
  });

  it('writes the summary screenshot at 1280 px (the docs picture, regenerated by npm run report:png)', async () => {
    const { page } = await open(browser, html, 'review-summary');
    await screenshotSummary(page, join(ARTIFACTS, 'review-summary.png'));
    await page.close();
  });
});
