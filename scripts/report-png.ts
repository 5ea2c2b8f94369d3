/**
 * Writes docs/audit-report.png, the picture in docs/html-report.md: the summary of the HTML audit
 * report of the 50-target review fixture (test/fixtures/report/), as headless chromium shows it at
 * 1280 px. Run with `npm run report:png` after `npm run build` (needs Debian's `chromium`, or
 * $CHROMIUM_PATH).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ARTIFACTS, README_PNG, findChromium, launch, reviewReport, screenshotSummary } from '../test/support/report-browser.js';

const chromium = findChromium();
if (chromium === null) {
  console.error('report:png needs chromium (apt-get install -y chromium) or CHROMIUM_PATH');
  process.exit(1);
}
mkdirSync(ARTIFACTS, { recursive: true });
const file = join(ARTIFACTS, 'review-report.html');
writeFileSync(file, reviewReport().html);
const browser = await launch(chromium);
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900, deviceScaleFactor: 1 });
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  mkdirSync(dirname(README_PNG), { recursive: true });
  await screenshotSummary(page, README_PNG);
  console.log(`wrote ${README_PNG}`);
} finally {
  await browser.close();
}
