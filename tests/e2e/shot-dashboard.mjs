// Screenshots of the dashboard screens for a human to look at:
//   node tests/e2e/shot-dashboard.mjs OUT_DIR
import { serve, launch, DashboardPage } from './harness.mjs';
import { mkdirSync } from 'node:fs';

const [out = 'tests/e2e/out'] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const server = await serve();
const browser = await launch();
for (const [w, h, tag] of [[1280, 860, 'laptop'], [820, 1100, 'tablet']]) {
  const page = await browser.newPage({ viewport: { width: w, height: h } });
  const app = new DashboardPage(page);
  await app.open(server.url);
  await app.loadDemo();
  await app.waitForDashboard();
  await page.waitForTimeout(800);
  await page.screenshot({ path: `${out}/overview-${tag}.png`, fullPage: true });
  await page.getByTestId('kpi-active_customers').locator('button').click();
  await page.getByTestId('customer-row').first().waitFor();
  await page.screenshot({ path: `${out}/customers-${tag}.png`, fullPage: true });
  await page.getByTestId('customer-row').first().locator('button').click();
  await page.getByTestId('order-row').first().waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${out}/customer-${tag}.png`, fullPage: true });
  await page.getByTestId('order-row').first().locator('button').click();
  await page.getByTestId('order-line').first().waitFor();
  await page.screenshot({ path: `${out}/order-${tag}.png`, fullPage: true });
  if (app.errors.length) console.log('page errors:', app.errors);
  await page.close();
}
await browser.close();
await server.close();
console.log(`screenshots in ${out}`);
