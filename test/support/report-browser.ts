/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Shared by the HTML report's browser test and `npm run report:png`: a 50-target cluster to
 * report on (self-generated), the page the CLI draws for it, and a headless Debian chromium
 * (driven by puppeteer-core) to look at it.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { renderHtmlReport } from '../../src/cli/html-report.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');

/** Where screenshots and rendered reports go (gitignored). */
export const ARTIFACTS = join(ROOT, 'test-artifacts');

/** The README's picture: the summary of the 50-target report. */
export const README_PNG = join(ROOT, 'docs', 'audit-report.png');

/** The command that makes the README's picture's report, as the docs show it. */
export const REPORT_COMMAND = 'agent-sandbox-policy audit test/fixtures/report/review.yaml test/fixtures/report/fifty.yaml -o html > report.html';

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

/** The chromium to drive: `$CHROMIUM_PATH`, else the first of chromium, chromium-browser, google-chrome on PATH; null when none. */
export function findChromium(): string | null {
  const fromEnv = process.env.CHROMIUM_PATH;
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  const paths = fromEnv ? [fromEnv] : CANDIDATES.flatMap((name) => dirs.map((d) => join(d, name)));
  for (const path of paths) {
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not here
    }
  }
  return null;
}

/** `audit FILES -o json` from the built CLI. */
export function auditDocument(files: readonly string[]): Record<string, unknown> {
  const r = spawnSync(process.execPath, [CLI, 'audit', ...files, '-o', 'json'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

/** The 50-target review report: its JSON document and its page. */
export function reviewReport(): { document: Record<string, unknown>; html: string } {
  const document = auditDocument(['test/fixtures/report/review.yaml', 'test/fixtures/report/fifty.yaml']);
  return { document, html: renderHtmlReport(document, { title: 'Sandbox egress review' }) };
}

/** Starts headless chromium (no sandbox: CI containers run as root). */
export async function launch(executablePath: string): Promise<Browser> {
  const { default: puppeteer } = await import('puppeteer-core');
  return puppeteer.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Runs axe-core (from node_modules, injected inline) on the page; returns the violations at `serious` or `critical` impact. */
export async function seriousAxeViolations(page: Page): Promise<Array<{ id: string; impact: string; nodes: string[] }>> {
  const source = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  await page.evaluate(source);
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact ?? 'unknown', nodes: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)) }));
  });
  return results.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Screenshot of the page's summary (heading, verdict, totals and the matrix) at the page's width. */
export async function screenshotSummary(page: Page, path: string): Promise<void> {
  const box = await page.evaluate(() => {
    const end = document.getElementById('objects')!.getBoundingClientRect();
    return { x: 0, y: 0, width: document.documentElement.clientWidth, height: Math.ceil(end.top + window.scrollY) };
  });
  await page.screenshot({ path: path as `${string}.png`, clip: box });
}
