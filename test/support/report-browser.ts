/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Shared by the HTML report's browser test and `npm run report:png`: the report of the example
 * template under the upstream default and the hardened profile, and a headless Debian chromium
 * (driven by puppeteer-core) to look at it.
 */
import { accessSync, constants, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { parse } from 'yaml';
import { auditNetworkPolicy, networkPolicyFor, parseSandboxTemplate, type EgressProfile } from '../../src/index.js';
import { htmlTargetFromAudit, renderHtmlReport, type HtmlReportTarget } from '../../src/cli/html-report.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** Where screenshots and rendered reports go (gitignored). */
export const ARTIFACTS = join(ROOT, 'test-artifacts');

/** The README's picture. */
export const README_PNG = join(ROOT, 'docs', 'audit-map.png');

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

/** The example template's policy under a profile, as a report target. */
export function exampleTarget(profile: EgressProfile): HtmlReportTarget {
  const template = parseSandboxTemplate(parse(readFileSync(join(ROOT, 'examples', 'sandbox-template.yaml'), 'utf8')));
  const policy = networkPolicyFor(template, { profile })!;
  const title = profile === 'upstream' ? 'upstream default' : 'hardened profile';
  return htmlTargetFromAudit(`SandboxTemplate/${template.metadata.name}: ${title}`, auditNetworkPolicy(policy), {
    policies: [`${policy.metadata?.namespace ?? ''}/${policy.metadata?.name ?? ''}`],
  });
}

/** The report shown in the README: the upstream default next to the hardened profile. */
export function profilesReport(): { html: string; targets: HtmlReportTarget[] } {
  const targets = [exampleTarget('upstream'), exampleTarget('hardened')];
  return { html: renderHtmlReport(targets, { title: 'What a sandbox can reach: upstream default and hardened profile' }), targets };
}

/** Starts headless chromium (no sandbox: CI containers run as root). */
export async function launch(executablePath: string): Promise<Browser> {
  const { default: puppeteer } = await import('puppeteer-core');
  return puppeteer.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
}

/** Screenshot of the maps side by side (headings, figures and the colour key). */
export async function screenshotMaps(page: Page, path: string): Promise<void> {
  const box = await page.evaluate(() => {
    const rects = [...document.querySelectorAll('section.target')].flatMap((s) =>
      [s.querySelector('h2'), s.querySelector('figure'), s.querySelector('p.key')].filter((e): e is Element => e !== null).map((e) => e.getBoundingClientRect()),
    );
    const x = Math.min(...rects.map((r) => r.left));
    const y = Math.min(...rects.map((r) => r.top));
    return { x: x - 8, y: y - 8, width: Math.max(...rects.map((r) => r.right)) - x + 16, height: Math.max(...rects.map((r) => r.bottom)) - y + 16 };
  });
  await page.screenshot({ path: path as `${string}.png`, clip: box });
}
