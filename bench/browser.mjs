// Browser benchmark: time from file selected to parsed and mapped, in headless
// Chromium, on the order-line files that bench/native.sh generates.
//   node bench/browser.mjs [--reps 5] [files...]
// "selected → card" is measured inside the page, from the file input's change
// event to the card showing the loaded file; "worker read" is the worker's time
// to read the File into wasm memory, "worker parse" its time for decode +
// split + types + roles. The file is chosen `--pause` ms (default 1000, as a
// user takes to pick a file; 0 to choose it the moment the engine is ready)
// after the engine reports ready (worker started and warmed up); "page →
// engine ready" is how long that took after navigation. "text encoded after
// the card" is the worker's time, once the card is on its way, to
// dictionary-encode the file's columns of text (its data can be queried
// after that; bench/dashboard.mjs times the whole way to the dashboard).
//   node bench/browser.mjs [--reps 5] [--pause 1000] [files...]
import { join } from 'node:path';
import { statSync, existsSync } from 'node:fs';
import { serve, launch, DashboardPage, ROOT } from '../tests/e2e/harness.mjs';
import { median, takeOption, QUIET_POLL } from './timing.mjs';

const args = process.argv.slice(2);
const reps = takeOption(args, '--reps', 5);
const pause = takeOption(args, '--pause', 1000);
const files = args.length ? args : ['orders_100k.csv', 'orders_1m.csv', 'orders_1m_eu.csv'].map((f) => join(ROOT, 'bench', 'data', f));

const server = await serve();
console.log(`file chosen ${pause} ms after the engine is ready`);
const browser = await launch();
console.log('| file | MB | rows | selected → card, median ms | worker read, median ms | worker parse, median ms | best ms | page → engine ready, median ms | text encoded after the card, median ms |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const file of files) {
  if (!existsSync(file)) { console.error(`missing ${file}: run bench/native.sh first`); continue; }
  const name = file.split('/').pop();
  const totals = [];
  const parses = [];
  const reads = [];
  const readies = [];
  const encodes = [];
  let rows = '';
  for (let i = 0; i < reps; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const app = new DashboardPage(page);
    await app.open(server.url);
    readies.push(await app.waitForEngine(pause));
    await page.evaluate((n) => {
      window.__t0 = 0; window.__t1 = 0;
      document.addEventListener('change', () => { window.__t0 = performance.now(); }, true);
      new MutationObserver(() => {
        const card = document.querySelector(`[data-testid=file-card][data-file="${n}"][data-state=loaded]`);
        if (card && !window.__t1) window.__t1 = performance.now();
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    }, name);
    await app.upload(file);
    await page.waitForFunction(() => window.__t1 > 0, null, { timeout: 120_000, polling: QUIET_POLL });
    const t = await page.evaluate(() => window.__t1 - window.__t0);
    const card = app.card(name);
    rows = await card.getAttribute('data-rows');
    parses.push(Number(await card.getAttribute('data-parse-ms')));
    reads.push(Number(await card.getAttribute('data-read-ms')));
    await page.waitForFunction((n) => Number(document.querySelector(`[data-testid=file-card][data-file="${n}"]`)?.dataset.encodeMs) >= 0, name, { timeout: 120_000, polling: QUIET_POLL });
    encodes.push(Number(await card.getAttribute('data-encode-ms')));
    totals.push(t);
    if (app.errors.length) console.error(app.errors);
    await context.close();
  }
  const mb = (statSync(file).size / 1e6).toFixed(1);
  console.log(`| ${name} | ${mb} | ${rows} | ${median(totals).toFixed(0)} | ${median(reads).toFixed(0)} | ${median(parses).toFixed(0)} | ${Math.min(...totals).toFixed(0)} | ${median(readies).toFixed(0)} | ${median(encodes).toFixed(0)} |`);
}
await browser.close();
await server.close();
