/**
 * Writes docs/audit-map.png, the README's picture: the HTML audit report of
 * examples/sandbox-template.yaml under the upstream default and the hardened profile, rendered by
 * headless chromium. Run with `npm run report:png` (needs Debian's `chromium`, or $CHROMIUM_PATH).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ARTIFACTS, README_PNG, findChromium, launch, profilesReport, screenshotMaps } from '../test/support/report-browser.js';

const chromium = findChromium();
if (chromium === null) {
  console.error('report:png needs chromium (apt-get install -y chromium) or CHROMIUM_PATH');
  process.exit(1);
}
mkdirSync(ARTIFACTS, { recursive: true });
const file = join(ARTIFACTS, 'profiles-report.html');
writeFileSync(file, profilesReport().html);
const browser = await launch(chromium);
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1240, height: 900, deviceScaleFactor: 1 });
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  mkdirSync(dirname(README_PNG), { recursive: true });
  await screenshotMaps(page, README_PNG);
  console.log(`wrote ${README_PNG}`);
} finally {
  await browser.close();
}
