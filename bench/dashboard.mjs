// Browser benchmark of the overview, in headless Chromium:
//   node bench/dashboard.mjs [--reps 5] [file]
// - "selected → dashboard": from the file input's change event to the KPI
//   cards and charts drawn (the overview's first answer applied, then the
//   next animation frame);
// - "filter → updated": from choosing a filter value (orders.channel =
//   Online) to the cards and charts showing the filtered answer, next frame.
// Both are measured inside the page with performance.now().
import { join } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { serve, launch, DashboardPage, ROOT } from '../tests/e2e/harness.mjs';

const args = process.argv.slice(2);
const repsAt = args.indexOf('--reps');
const reps = repsAt >= 0 ? Number(args.splice(repsAt, 2)[1]) : 5;
const file = args[0] ?? join(ROOT, 'bench', 'data', 'orders_1m.csv');
if (!existsSync(file)) { console.error(`missing ${file}: run bench/native.sh first`); process.exit(1); }
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await serve();
const browser = await launch();
const loads = []; const filters = []; const engine = []; const clears = [];
for (let i = 0; i < reps; i++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const app = new DashboardPage(page);
  await app.open(server.url);
  // t0: a change event (file chosen, filter chosen); t1: the overview's
  // answer number changed and a frame was drawn after it.
  await page.evaluate(() => {
    window.__t0 = 0; window.__t1 = 0; window.__seq = 0;
    document.addEventListener('change', () => { window.__t0 = performance.now(); window.__t1 = 0; }, true);
    new MutationObserver(() => {
      const el = document.querySelector('[data-testid=overview]');
      const seq = Number(el?.dataset.seq ?? 0);
      if (seq > window.__seq && document.querySelector('[data-testid="chart-revenue"] canvas')) {
        window.__seq = seq;
        requestAnimationFrame(() => requestAnimationFrame(() => { window.__t1 = performance.now(); }));
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  await app.upload(file);
  await page.waitForFunction(() => window.__t1 > 0, null, { timeout: 180_000 });
  loads.push(await page.evaluate(() => window.__t1 - window.__t0));
  await page.getByTestId('add-filter-dim').selectOption('orders.channel');
  await page.getByTestId('add-filter-value').selectOption('Online');
  await page.waitForFunction(() => window.__t1 > 0 && document.querySelector('[data-testid=filter-chip]'), null, { timeout: 60_000 });
  filters.push(await page.evaluate(() => window.__t1 - window.__t0));
  engine.push(Number(await page.getByTestId('overview').getAttribute('data-compute-ms')));
  if (app.errors.length) console.error(app.errors);
  await context.close();
}
console.log(`file: ${file.split('/').pop()} (${(statSync(file).size / 1e6).toFixed(1)} MB), ${reps} runs`);
console.log('| measure | median ms | best ms |');
console.log('|---|---:|---:|');
console.log(`| file selected → dashboard drawn | ${median(loads).toFixed(0)} | ${Math.min(...loads).toFixed(0)} |`);
console.log(`| filter change → cards and charts updated | ${median(filters).toFixed(0)} | ${Math.min(...filters).toFixed(0)} |`);
console.log(`| of which engine (worker) | ${median(engine).toFixed(0)} | ${Math.min(...engine).toFixed(0)} |`);
await browser.close();
await server.close();
