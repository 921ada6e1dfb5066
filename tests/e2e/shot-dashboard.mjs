// Screenshots of the overview, its drill-down and the segment page:
//   node tests/e2e/shot-dashboard.mjs OUT_DIR
import { screenshots } from './harness.mjs';

const [out = 'tests/e2e/out'] = process.argv.slice(2);
// The segment page has settled when its answer is shown and nothing is computing.
const segmentsSettled = (page) => page.waitForFunction(() => {
  const el = document.querySelector('[data-testid="segments-page"]');
  return el && Number(el.dataset.seq) > 0 && !document.querySelector('.toolbar-status')?.textContent;
}, null, { timeout: 60_000 });

await screenshots(out, async (page, app, shot) => {
  await app.loadDemo();
  await app.waitForDashboard();
  await page.waitForTimeout(800);
  await shot('overview');
  await page.getByTestId('kpi-active_customers').locator('button').click();
  await page.getByTestId('customer-row').first().waitFor();
  await shot('customers');
  await page.getByTestId('customer-row').first().locator('button').click();
  await page.getByTestId('order-row').first().waitFor();
  await page.waitForTimeout(500);
  await shot('customer');
  await page.getByTestId('order-row').first().locator('button').click();
  await page.getByTestId('order-line').first().waitFor();
  await shot('order');
  // Back from the order to the overview, where the tabs are.
  for (let i = 0; i < 3; i++) await page.goBack();
  await page.getByTestId('tab-segments').click();
  await segmentsSettled(page);
  await page.waitForTimeout(800);
  await shot('segments');
  await page.getByTestId('segment-cant-lose-them').getByTestId('open-segment').click();
  await page.getByTestId('segment-panel').waitFor();
  await page.waitForTimeout(800);
  await shot('segment-panel');
  await page.getByTestId('segmentation').selectOption('clusters');
  await page.getByTestId('chart-silhouette').waitFor();
  await segmentsSettled(page);
  await page.waitForTimeout(800);
  await shot('clusters');
});
