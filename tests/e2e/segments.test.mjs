// End-to-end: the segment page in headless Debian Chromium through the real
// worker. On the hand-worked RFM fixture (expected values derived in
// crates/analytics/tests/segments.rs) and on the demo data, whose segment
// counts must equal those of `custdash segments`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { sharedBrowser, DashboardPage, OVERVIEW_SERIES, DATA, ROOT } from './harness.mjs';

const env = sharedBrowser({ before, after });

/** Customers per segment slug, from the page's segment list. */
async function segmentCounts(page) {
  return page.evaluate(() => Object.fromEntries([...document.querySelectorAll('[data-testid^="segment-"][data-customers]')]
    .map((el) => [el.dataset.testid.slice('segment-'.length), Number(el.dataset.customers)])));
}

/** Waits for a segment page answer newer than `after`. */
async function waitForSegments(page, after = 0) {
  const seq = await page.waitForFunction((prev) => {
    const n = Number(document.querySelector('[data-testid="segments-page"]')?.dataset.seq ?? 0);
    return n > prev ? n : false;
  }, after, { timeout: 60_000 });
  return seq.jsonValue();
}

async function openFixture() {
  const context = await env.browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const app = new DashboardPage(page);
  await app.open(env.server.url);
  await app.upload(join(DATA, 'rfm_orders.csv'));
  await app.cardInfo('rfm_orders.csv');
  await app.waitForDashboard();
  await page.getByTestId('tab-segments').click();
  await waitForSegments(page);
  return { app, page, context };
}

const slug = (name) => name.toLowerCase().replace(/'/g, '').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '');

test('RFM segments of the worked fixture, and a click filters the overview', async () => {
  const { app, page, context } = await openFixture();
  const counts = await segmentCounts(page);
  // A 153 At Risk, B 554 + I 445 Champions, C 114 + D 215 Can't Lose Them,
  // E 221 About To Sleep, F 322 Hibernating, G 333 + H 431 + J 542 Potential Loyalist.
  assert.deepEqual(counts, {
    'champions': 2, 'loyal': 0, 'potential-loyalist': 3, 'new-customers': 0, 'promising': 0,
    'need-attention': 0, 'about-to-sleep': 1, 'at-risk': 1, 'cant-lose-them': 2, 'hibernating': 1, 'lost': 0,
  });
  assert.equal(await page.getByTestId('chart-rf-grid').count(), 1);
  assert.equal(await page.getByTestId('chart-segments-customers').count(), 1);
  const seq = await app.seq();
  await page.getByTestId('segment-champions').getByTestId('filter-segment').click();
  await app.waitForDashboard(seq);
  // March 2024: B 70 + 25 and I 300 → 395 over 3 orders, 2 active customers.
  await page.waitForFunction(() => document.querySelector('[data-testid="kpi-net_revenue"]')?.dataset.value === '395');
  const kpis = await app.kpis();
  assert.equal(kpis.net_revenue, 395);
  assert.equal(kpis.orders, 3);
  assert.equal(kpis.active_customers, 2);
  const chip = page.locator('[data-testid="filter-chip"][data-dim="segment.rfm"]');
  assert.equal(await chip.getAttribute('data-value'), 'Champions');
  // Fails (times out) unless the URL comes to hold the filter.
  await app.waitForUrl(/[?&]f=segment\.rfm%3DChampions/);
  assert.deepEqual(app.errors, []);
  await context.close();
});

test('a segment opens its panels, then its customers, a customer and an order', async () => {
  const { app, page, context } = await openFixture();
  await page.getByTestId('segment-potential-loyalist').getByTestId('open-segment').click();
  await page.getByTestId('segment-panel').waitFor();
  assert.equal(await page.getByTestId('segment-panel').getAttribute('data-segment'), 'Potential Loyalist');
  // The panel opens below the table: focus (and the view) moves to its heading.
  await page.waitForFunction(() => document.activeElement?.matches('[data-testid="segment-panel"] h2')
    && document.activeElement.textContent === 'Potential Loyalist');
  assert.equal(await page.getByTestId('segment-size').textContent(), '3');
  // G 80, H 10 − 10, J 45 in March.
  assert.equal(await page.getByTestId('segment-kpi-net_revenue').getAttribute('data-value'), '125');
  assert.ok((await page.getByTestId('segment-action').inputValue()).length > 10);
  const url = await app.waitForUrl(/[?&]segment=Potential\+Loyalist/);
  assert.match(url, /view=segments/);
  assert.match(url, /segment=Potential\+Loyalist/);
  // Its customers: G, H, J.
  await page.getByTestId('segment-potential-loyalist').getByTestId('segment-customers').click();
  await page.getByTestId('customer-row').first().waitFor();
  const ids = await page.getByTestId('customer-row').evaluateAll((rows) => rows.map((r) => r.dataset.id).sort());
  assert.deepEqual(ids, ['G', 'H', 'J']);
  await page.locator('[data-testid="customer-row"][data-id="J"] button').first().click();
  await page.getByTestId('order-row').first().waitFor();
  await page.getByTestId('order-row').first().locator('button').click();
  await page.getByTestId('order-line').first().waitFor();
  assert.equal(await page.getByTestId('order-line').count(), 1);
  // Back, back, back: to the segment page with the panel open.
  await page.goBack();
  await page.goBack();
  await page.goBack();
  await page.getByTestId('segment-panel').waitFor();
  assert.deepEqual(app.errors, []);
  await context.close();
});

test('clusters, and the membership export', async () => {
  const { app, page, context } = await openFixture();
  const seq = await page.evaluate(() => Number(document.querySelector('[data-testid="segments-page"]').dataset.seq));
  await page.getByTestId('segmentation').selectOption('clusters');
  await waitForSegments(page, seq);
  await page.getByTestId('chart-silhouette').waitFor();
  await page.locator('[data-testid="chart-clusters"] canvas').first().waitFor();
  const drawn = await app.chartSeries();
  assert.equal(drawn['chart-silhouette'], 'line');
  assert.match(drawn['chart-clusters'], /^scatter(,scatter)+$/);
  const counts = await segmentCounts(page);
  assert.equal(Object.values(counts).reduce((a, b) => a + b, 0), 10);
  assert.ok(Object.keys(counts).every((k) => /^c\d-/.test(k)), JSON.stringify(counts));
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-segments').click()]);
  const lines = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
  assert.equal(lines[0], 'customer_id,recency_days,frequency,monetary,r,f,m,rfm_code,segment,cluster');
  assert.equal(lines.length, 11);
  assert.equal(lines[1].split(',').slice(0, 9).join(','), 'A,46,3,100,1,5,3,153,At Risk');
  assert.deepEqual(app.errors, []);
  await context.close();
});

test('demo data: segment counts match custdash segments', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const app = new DashboardPage(page);
  await app.open(env.server.url);
  await app.loadDemo(8);
  await app.waitForDashboard();
  // Each chart is drawn with its series: the page's ECharts holds only the
  // types the app uses (scripts/echarts-bundle.mjs), and one left out would
  // be a blank chart without any error.
  assert.deepEqual(await app.drawnSeries(OVERVIEW_SERIES), OVERVIEW_SERIES);
  await page.getByTestId('tab-segments').click();
  await waitForSegments(page);
  const lines = Array(11).fill('line').join(',');
  const segments = {
    'chart-segments-customers': 'treemap', 'chart-segments-revenue': 'treemap', 'chart-rf-grid': 'heatmap',
    'chart-segment-revenue': lines, 'chart-segment-active': lines, 'chart-migration': 'sankey',
  };
  assert.deepEqual(await app.drawnSeries(segments), segments);
  const onPage = await segmentCounts(page);
  const csv = execFileSync('cargo', ['run', '--locked', '-q', '-p', 'analytics', '--bin', 'custdash', '--', 'segments',
    join(ROOT, 'public/demo/orders.csv'), join(ROOT, 'public/demo/customers.csv')],
  { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
  const fromCli = {};
  for (const line of csv.trim().split('\n').slice(1)) {
    const segment = line.slice(line.lastIndexOf(',') + 1);
    fromCli[slug(segment)] = (fromCli[slug(segment)] ?? 0) + 1;
  }
  for (const [s, n] of Object.entries(onPage)) {
    assert.equal(n, fromCli[s] ?? 0, `segment ${s}`);
  }
  assert.equal(Object.values(onPage).reduce((a, b) => a + b, 0), csv.trim().split('\n').length - 1);
  assert.deepEqual(app.errors, []);
  assert.deepEqual(app.consoleProblems(), []);
  await context.close();
});

test('an attribute segmentation shows HTML-like values as text and filters by them', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const app = new DashboardPage(page);
  await app.open(env.server.url);
  await app.upload(join(DATA, 'rfm_orders.csv'), join(DATA, 'rfm_customers.csv'));
  await app.cardInfo('rfm_orders.csv');
  await app.cardInfo('rfm_customers.csv');
  await app.waitForDashboard();
  await page.getByTestId('tab-segments').click();
  const seq = await waitForSegments(page);
  await page.getByTestId('segmentation').selectOption('attr:customers.region');
  await waitForSegments(page, seq);
  assert.deepEqual(await segmentCounts(page), { 'north': 5, 'south': 4, 'b-west-b': 1 });
  const west = page.getByTestId('segment-b-west-b');
  assert.equal(await west.getByTestId('open-segment').textContent(), '<b>West</b>');
  assert.equal(await page.locator('[data-testid="segment-list"] b').count(), 0);
  await west.getByTestId('filter-segment').click();
  // J's only order: O13, 45 on 2024-03-31.
  await page.waitForFunction(() => document.querySelector('[data-testid="kpi-net_revenue"]')?.dataset.value === '45', null, { timeout: 30_000 });
  const chip = page.locator('[data-testid="filter-chip"][data-dim="customers.region"]');
  assert.equal(await chip.getAttribute('data-value'), '<b>West</b>');
  // Screens without the chips say which filters are in force, as text.
  await page.getByTestId('kpi-active_customers').locator('button.kpi-value').click();
  await page.getByTestId('customer-row').first().waitFor();
  assert.equal(await page.getByTestId('list-filters').textContent(), 'Filtered by region (customers): <b>West</b>');
  await page.getByTestId('back').click();
  await page.getByTestId('tab-segments').click();
  assert.match(await page.getByTestId('segments-filters-note').textContent(), /do not apply here: region \(customers\): <b>West<\/b>$/);
  assert.equal(await page.locator('[data-testid="segments-page"] b').count(), 0);
  assert.deepEqual(app.errors, []);
  await context.close();
});

test('a click on an R×F cell filters the overview by its scores', async () => {
  const { app, page, context } = await openFixture();
  await page.locator('[data-testid="chart-rf-grid"] .chart').scrollIntoViewIfNeeded();
  // Cell F5 (x index 4), R5 (y index 4), where ECharts draws it.
  const point = await page.evaluate(() => {
    const el = document.querySelector('[data-testid="chart-rf-grid"] .chart');
    const chart = echarts.getInstanceByDom(el);
    const [x, y] = chart.convertToPixel({ seriesIndex: 0 }, [4, 4]);
    const box = el.getBoundingClientRect();
    return { x: box.left + x, y: box.top + y };
  });
  await page.mouse.click(point.x, point.y);
  // Only B scores R5 F5: 70 + 25 in March 2024.
  await page.waitForFunction(() => document.querySelector('[data-testid="kpi-net_revenue"]')?.dataset.value === '95', null, { timeout: 30_000 });
  assert.equal(await page.locator('[data-testid="filter-chip"][data-dim="segment.r_score"]').getAttribute('data-value'), '5');
  assert.equal(await page.locator('[data-testid="filter-chip"][data-dim="segment.f_score"]').getAttribute('data-value'), '5');
  assert.deepEqual(app.errors, []);
  await context.close();
});
