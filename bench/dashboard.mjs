// Browser benchmark of the overview, in headless Chromium:
//   node bench/dashboard.mjs [--reps 5] [--pause 1000] [file]
// - "selected → dashboard": from the file input's change event to the KPI
//   cards and charts drawn (the overview's first answer applied, then the
//   next animation frame);
// - "filter → updated": from choosing a filter value (orders.channel =
//   Online) to the cards and charts showing the filtered answer, next frame;
//   the first filter on a fresh page, half a second after the dashboard is
//   drawn (a user looks at it before choosing), then the next ones (the chip
//   removed and, 300 ms later, another channel chosen), where the browser
//   has compiled the charts' update code.
// Both are measured inside the page with performance.now(), the file chosen
// `--pause` ms (default 1000) after the engine reports ready (started and
// warmed up; see bench/browser.mjs).
// Twice: as users get the page (the engine works out likely next filters
// while idle, crates/analytics/src/anticipation.rs, and counts how many
// filters it had ready), and with `?ahead=off` (every overview computed
// when asked: the engine's own time).
import { join } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { serve, launch, DashboardPage, ROOT } from '../tests/e2e/harness.mjs';
import { row, timeChanges, changeToDrawn, takeOption, QUIET_POLL } from './timing.mjs';

const args = process.argv.slice(2);
const reps = takeOption(args, '--reps', 5);
const pause = takeOption(args, '--pause', 1000);
const file = args[0] ?? join(ROOT, 'bench', 'data', 'orders_1m.csv');
if (!existsSync(file)) { console.error(`missing ${file}: run bench/native.sh first`); process.exit(1); }

const server = await serve();
const browser = await launch();

/** `reps` fresh pages at `search`; the times and how many answers were ready. */
async function measure(search) {
  const m = { loads: [], filters: [], engine: [], later: [], laterEngine: [], ready: 0, asked: 0 };
  const anticipated = async (page) => {
    m.asked++;
    if (await page.getByTestId('overview').getAttribute('data-anticipated') === 'true') m.ready++;
    return Number(await page.getByTestId('overview').getAttribute('data-compute-ms'));
  };
  for (let i = 0; i < reps; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const app = new DashboardPage(page);
    await app.open(server.url + search);
    await app.waitForEngine(pause);
    await timeChanges(page, 'overview', '[data-testid="chart-revenue"] canvas');
    await app.upload(file);
    m.loads.push(await changeToDrawn(page, null, 180_000));
    // A user looks at the dashboard before choosing a filter.
    await page.waitForTimeout(500);
    await page.getByTestId('add-filter-dim').selectOption('orders.channel');
    await page.getByTestId('add-filter-value').selectOption('Online');
    m.filters.push(await changeToDrawn(page, '[data-testid=filter-chip]', 60_000));
    m.engine.push(await anticipated(page));
    // Channels not chosen on this page before: a channel chosen again would
    // be answered from the engine's kept answers in either mode.
    for (const channel of ['Store', 'Marketplace']) {
      await page.locator('[data-testid=filter-chip] button').first().click();
      await page.waitForFunction(() => !document.querySelector('[data-testid=filter-chip]'), null, { polling: QUIET_POLL });
      await page.waitForTimeout(300);
      await page.getByTestId('add-filter-dim').selectOption('orders.channel');
      await page.getByTestId('add-filter-value').selectOption(channel);
      m.later.push(await changeToDrawn(page, `[data-testid=filter-chip][data-value=${channel}]`, 60_000));
      m.laterEngine.push(await anticipated(page));
    }
    if (app.errors.length) console.error(app.errors);
    await context.close();
  }
  return m;
}

const usual = await measure('');
const computed = await measure('?ahead=off');
console.log(`file: ${file.split('/').pop()} (${(statSync(file).size / 1e6).toFixed(1)} MB), ${reps} runs each`);
console.log('| measure | median ms | best ms |');
console.log('|---|---:|---:|');
console.log(row('file selected → dashboard drawn', usual.loads));
console.log(row('filter change → cards and charts updated', usual.filters));
console.log(row('of which engine (worker)', usual.engine));
console.log(row('next filter changes → updated', usual.later));
console.log(row('of which engine (worker)', usual.laterEngine));
console.log(row('`?ahead=off`: filter change → updated', computed.filters));
console.log(row('of which engine (worker)', computed.engine));
console.log(row('`?ahead=off`: next filter changes → updated', computed.later));
console.log(row('of which engine (worker)', computed.laterEngine));
console.log(`answers the engine had worked out ahead: ${usual.ready} of ${usual.asked} (with ?ahead=off: ${computed.ready} of ${computed.asked})`);
await browser.close();
await server.close();
