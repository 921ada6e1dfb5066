// Browser benchmark of segmentation, in headless Chromium, on a million
// order lines from about 100,000 customers:
//   node bench/segments.mjs [--reps 5] [--pause 1000] [file]
// (the file is chosen --pause ms after the engine is ready; see bench/browser.mjs)
// - "analysis date changed → RFM page drawn": RFM recomputed for every
//   customer as of the new date, the segment page computed and drawn;
// - "clusters chosen → page drawn": k-means with k chosen by silhouette
//   (2..8 on a 5,000-customer sample), the page computed and drawn.
// Each row also gives the worker's own time for the request. Measured inside
// the page with performance.now(), from the change event to the frame after
// the answer was shown.
import { join } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { serve, launch, DashboardPage, ROOT } from '../tests/e2e/harness.mjs';
import { row, timeChanges, changeToDrawn, takeOption } from './timing.mjs';

const args = process.argv.slice(2);
const reps = takeOption(args, '--reps', 5);
const pause = takeOption(args, '--pause', 1000);
const file = args[0] ?? join(ROOT, 'bench', 'data', 'orders_1m_100k_customers.csv');
if (!existsSync(file)) { console.error(`missing ${file}: run bench/native.sh first`); process.exit(1); }

const server = await serve();
const browser = await launch();
const rfm = []; const rfmWorker = []; const km = []; const kmWorker = [];
let customers = 0;
for (let i = 0; i < reps; i++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const app = new DashboardPage(page);
  await app.open(server.url);
  await app.waitForEngine(pause);
  await app.upload(file);
  await app.cardInfo(file.split('/').pop());
  await app.waitForDashboard();
  await page.getByTestId('tab-segments').click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=segments-page]')?.dataset.seq ?? 0) > 0,
    null, { timeout: 120_000 });
  await timeChanges(page, 'segments-page');
  const asOf = await page.getByTestId('as-of').inputValue();
  const earlier = new Date(Date.parse(`${asOf}T00:00:00Z`) - 86400000).toISOString().slice(0, 10);
  await page.getByTestId('as-of').fill(earlier);
  await page.getByTestId('as-of').dispatchEvent('change');
  rfm.push(await changeToDrawn(page));
  rfmWorker.push(Number(await page.getByTestId('segments-page').getAttribute('data-compute-ms')));
  customers = await page.evaluate(() => [...document.querySelectorAll('[data-testid^="segment-"][data-customers]')]
    .reduce((n, el) => n + Number(el.dataset.customers), 0));
  await page.getByTestId('segmentation').selectOption('clusters');
  km.push(await changeToDrawn(page, '[data-testid="chart-silhouette"]'));
  kmWorker.push(Number(await page.getByTestId('segments-page').getAttribute('data-compute-ms')));
  if (app.errors.length) console.error(app.errors);
  await context.close();
}
console.log(`file: ${file.split('/').pop()} (${(statSync(file).size / 1e6).toFixed(1)} MB), ${customers} customers scored, ${reps} runs`);
console.log('| measure | median ms | best ms |');
console.log('|---|---:|---:|');
console.log(row('analysis date changed → RFM page drawn', rfm));
console.log(row('of which engine (worker): RFM + segment page', rfmWorker));
console.log(row('clusters chosen → page drawn (k-means, auto k)', km));
console.log(row('of which engine (worker): k-means + segment page', kmWorker));
await browser.close();
await server.close();
