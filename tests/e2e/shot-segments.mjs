// Screenshots of the segment page for a human to look at:
//   node tests/e2e/shot-segments.mjs OUT_DIR
import { serve, launch, DashboardPage } from './harness.mjs';
import { mkdirSync } from 'node:fs';

const [out = 'tests/e2e/out'] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const server = await serve();
const browser = await launch();
const settled = (page) => page.waitForFunction(() => {
  const el = document.querySelector('[data-testid="segments-page"]');
  return el && Number(el.dataset.seq) > 0 && !document.querySelector('.toolbar-status')?.textContent;
}, null, { timeout: 60_000 });
for (const [w, h, tag] of [[1280, 860, 'laptop'], [820, 1100, 'tablet']]) {
  const page = await browser.newPage({ viewport: { width: w, height: h } });
  const app = new DashboardPage(page);
  await app.open(server.url);
  await app.loadDemo();
  await app.waitForDashboard();
  await page.getByTestId('tab-segments').click();
  await settled(page);
  await page.waitForTimeout(800);
  await page.screenshot({ path: `${out}/segments-${tag}.png`, fullPage: true });
  await page.getByTestId('segment-cant-lose-them').getByTestId('open-segment').click();
  await page.getByTestId('segment-panel').waitFor();
  await page.waitForTimeout(800);
  await page.screenshot({ path: `${out}/segment-panel-${tag}.png`, fullPage: true });
  await page.getByTestId('segment-panel').screenshot({ path: `${out}/panel-only-${tag}.png` });
  await page.getByTestId('segmentation').selectOption('clusters');
  await page.getByTestId('chart-silhouette').waitFor();
  await settled(page);
  await page.waitForTimeout(800);
  await page.screenshot({ path: `${out}/clusters-${tag}.png`, fullPage: true });
  if (app.errors.length) console.log('page errors:', app.errors);
  await page.close();
}
await browser.close();
await server.close();
console.log(`screenshots in ${out}`);
