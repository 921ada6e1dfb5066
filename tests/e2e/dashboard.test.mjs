// End-to-end: the overview and its drill-down on the hand-worked fixture of
// crates/analytics/tests/kpis.rs (expected values are worked out there),
// in headless Debian Chromium through the real worker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { sharedBrowser, DashboardPage, OVERVIEW_SERIES, DATA } from './harness.mjs';

const env = sharedBrowser({ before, after });

const FIXTURE = [join(DATA, 'kpi_orders.csv'), join(DATA, 'kpi_customers.csv')];

// March 2024 against February 2024 (see crates/analytics/tests/kpis.rs).
const MARCH = {
  net_revenue: 550, gross_sales: 650, orders: 6, average_order_value: 650 / 6, sales_growth_rate: 100,
  active_customers: 4, new_customers: 2, returning_customers: 2, repeat_customer_rate: 25, purchase_frequency: 1.5,
  product_return_rate: 12.5, loyalty_rate: 200 / 3, churn_rate: 100 / 3, customer_retention_rate: 80,
  historical_clv_mean: 1395 / 7,
};

function assertClose(actual, expected) {
  for (const [k, v] of Object.entries(expected)) {
    assert.ok(actual[k] !== undefined && actual[k] !== null, `${k} missing`);
    assert.ok(Math.abs(actual[k] - v) < 1e-9, `${k}: ${actual[k]} != ${v}`);
  }
}

async function openWithFixture(query = '', ready = ['historical_clv_mean', '199.28']) {
  const context = await env.browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const app = new DashboardPage(page);
  await app.open(env.server.url + query);
  await app.upload(...FIXTURE);
  await app.cardInfo('kpi_orders.csv');
  await app.cardInfo('kpi_customers.csv');
  // Wait for the answer that includes both files.
  await page.waitForFunction(([kpi, prefix]) => document.querySelector(`[data-testid="kpi-${kpi}"]`)
    ?.dataset.value?.startsWith(prefix), ready, { timeout: 30_000 });
  return { app, page, context };
}

/** Clicks the bar named `name` of a horizontal bar chart, where ECharts draws it. */
async function clickBar(page, chart, name) {
  await page.locator(`[data-testid="chart-${chart}"] .chart`).scrollIntoViewIfNeeded();
  const point = await page.evaluate(([testid, bar]) => {
    const el = document.querySelector(`[data-testid="${testid}"] .chart`);
    const chartInstance = echarts.getInstanceByDom(el);
    const option = chartInstance.getOption();
    const index = option.yAxis[0].data.indexOf(bar);
    const value = option.series[0].data[index];
    const [x, y] = chartInstance.convertToPixel({ seriesIndex: 0 }, [value / 2, index]);
    const box = el.getBoundingClientRect();
    return { x: box.left + x, y: box.top + y };
  }, [`chart-${chart}`, name]);
  await page.mouse.click(point.x, point.y);
}

test('KPI cards show the hand-worked values of the latest full month', async () => {
  const { app, page, context } = await openWithFixture();
  assertClose(await app.kpis(), MARCH);
  assert.equal(await page.getByTestId('period-caption').textContent(), 'March 2024 compared with February 2024');
  // Every KPI has a card, an info note with its formula and a sparkline.
  assert.equal(await page.locator('[data-testid^="kpi-"] .info [data-testid="kpi-formula"]').count(), 15);
  // The formula shows on keyboard focus, not only on hover.
  const info = page.getByTestId('kpi-net_revenue').locator('.info');
  assert.equal(await info.getByTestId('kpi-formula').isVisible(), false);
  await info.focus();
  await info.getByTestId('kpi-formula').waitFor({ state: 'visible' });
  assert.match(await info.getByTestId('kpi-formula').textContent(), /Gross sales minus/i);
  // Choosing February shows February's own figures.
  await page.getByTestId('period-value').selectOption('2024-02-01');
  await page.waitForFunction(() => document.querySelector('[data-testid="kpi-net_revenue"]')?.dataset.value === '275');
  assertClose(await app.kpis(), { net_revenue: 275, orders: 3, sales_growth_rate: -25 / 3, loyalty_rate: 50 });
  // A year the data ends inside is compared to date: 2024 up to 31 March
  // (January 300 + February 275 + March 550; orders 2 + 3 + 6) against 2023 up to 31 March,
  // which has no revenue, so growth is n/a (against the whole of 2023,
  // 290, it would read +288 %).
  await page.getByTestId('period-kind').selectOption('year');
  await page.getByTestId('compare').selectOption('yoy');
  const yearToDate = '2024 up to 2024-03-31 compared with 2023 up to 2023-03-31';
  await page.waitForFunction((text) => document.querySelector('[data-testid="period-caption"]')?.textContent === text
    && document.querySelector('[data-testid="kpi-net_revenue"]')?.dataset.value === '1125', yearToDate);
  const year = await app.kpis();
  assert.equal(year.sales_growth_rate, null);
  assertClose(year, { net_revenue: 1125, orders: 11 });
  // All the data: nothing to compare with, and no comparison to choose.
  await page.getByTestId('period-kind').selectOption('all');
  await page.waitForFunction(() => /no comparison/.test(document.querySelector('[data-testid="period-caption"]')?.textContent));
  assert.equal(await page.getByTestId('compare').count(), 0);
  assert.deepEqual(app.errors, []);
  await context.close();
});

test('a chart that empties and fills again follows the window size without an error', async () => {
  const { app, page, context } = await openWithFixture();
  // October 2023 has no orders: the channel chart says so instead of
  // drawing; March 2024 draws it again. A size watcher left connected from
  // the first drawing used to throw on every resize after that.
  const chart = page.getByTestId('chart-channel');
  await page.getByTestId('period-value').selectOption('2023-10-01');
  await chart.locator('.chart-empty').waitFor();
  await page.getByTestId('period-value').selectOption('2024-03-01');
  await chart.locator('.chart-empty').waitFor({ state: 'hidden' });
  await page.waitForFunction(() => document.querySelector('[data-testid="kpi-net_revenue"]')?.dataset.value === '550');
  const size = page.viewportSize();
  for (const width of [size.width - 300, size.width]) {
    await page.setViewportSize({ width, height: size.height });
    await page.waitForTimeout(300);
  }
  // The chart drawn again fills its box at the final size.
  const widths = await chart.evaluate((el) => {
    const box = el.querySelector('.chart');
    return [box.clientWidth, Math.round(box.querySelector('canvas').getBoundingClientRect().width)];
  });
  assert.ok(Math.abs(widths[0] - widths[1]) < 2, `${widths}`);
  assert.deepEqual(app.errors, []);
  await context.close();
});

test('charts are made at the size the page reports for their boxes, not by reading it', async () => {
  // ECharts told no size reads the box's computed style, which makes the
  // browser lay out the page at once: once per chart made on a new dashboard.
  const context = await env.browser.newContext();
  await context.addInitScript(() => {
    window.__styleReads = 0;
    const read = window.getComputedStyle;
    window.getComputedStyle = function (el, ...rest) {
      if (el instanceof Element && el.closest('[data-testid^="chart-"]')) window.__styleReads += 1;
      return read.call(this, el, ...rest);
    };
  });
  const page = await context.newPage();
  const app = new DashboardPage(page);
  await app.open(env.server.url);
  await app.upload(...FIXTURE);
  assert.deepEqual(await app.drawnSeries(OVERVIEW_SERIES), OVERVIEW_SERIES);
  // Each canvas has its box's size.
  const sizes = await page.evaluate(() => [...document.querySelectorAll('[data-testid^="chart-"] .chart')].map((box) => {
    const canvas = box.querySelector('canvas').getBoundingClientRect();
    return Math.abs(canvas.width - box.clientWidth) + Math.abs(canvas.height - box.clientHeight);
  }));
  assert.ok(sizes.every((d) => d < 2), `${sizes}`);
  assert.equal(await page.evaluate(() => window.__styleReads), 0);
  assert.deepEqual(app.errors, []);
  await context.close();
});

test('clicking a bar filters every KPI, and the filter lives in the URL', async () => {
  const { app, page, context } = await openWithFixture();
  const before = await app.seq();
  await clickBar(page, 'channel', 'Online');
  await app.waitForDashboard(before);
  // Online in March: O8 A 300, O10 E 80, O12 20 (no customer), F 60 + 40.
  assertClose(await app.kpis(), { net_revenue: 500, gross_sales: 500, orders: 4, active_customers: 3, new_customers: 2 });
  const chip = page.getByTestId('filter-chip');
  assert.equal(await chip.getAttribute('data-value'), 'Online');
  const url = new URL(await app.waitForUrl(/[?&]f=orders\.channel%3DOnline/));
  assert.deepEqual(url.searchParams.getAll('f'), ['orders.channel=Online']);
  // The copied link reopens the same view once the files are there.
  const again = await openWithFixture(url.search, ['net_revenue', '500']);
  assertClose(await again.app.kpis(), { net_revenue: 500, orders: 4 });
  await again.context.close();
  // Removing the chip restores the whole month.
  const seq = await app.seq();
  await chip.getByRole('button').click();
  await app.waitForDashboard(seq);
  assertClose(await app.kpis(), { net_revenue: 550 });
  assert.deepEqual(app.errors, []);
  assert.deepEqual(app.consoleProblems(), []);
  await context.close();
});

test('a filter the engine worked out ahead shows what one computed when asked shows', async () => {
  const kpisAfterNorth = async (query) => {
    const { app, page, context } = await openWithFixture(query);
    // The engine works out likely filters a quarter second after its last
    // answer; on this fixture that takes milliseconds.
    await page.waitForTimeout(1500);
    const seq = await app.seq();
    await page.getByTestId('add-filter-dim').selectOption('customers.region');
    await page.getByTestId('add-filter-value').selectOption('North');
    await app.waitForDashboard(seq);
    const anticipated = await page.getByTestId('overview').getAttribute('data-anticipated');
    const kpis = await app.kpis();
    assert.deepEqual(app.errors, []);
    await context.close();
    return { anticipated, kpis };
  };
  const ahead = await kpisAfterNorth('');
  const asked = await kpisAfterNorth('?ahead=off');
  assert.equal(ahead.anticipated, 'true');
  assert.equal(asked.anticipated, 'false');
  // Region North (A, C, E, G) in March: A 300 + 100 − 100, E 80.
  assertClose(ahead.kpis, { net_revenue: 380, active_customers: 2, new_customers: 1 });
  assert.deepEqual(ahead.kpis, asked.kpis);
});

test('from a KPI to its customers, to a customer, to an order, and back', async () => {
  const { app, page, context } = await openWithFixture();
  await page.getByTestId('kpi-active_customers').locator('button.kpi-value').click();
  const rows = page.getByTestId('customer-row');
  await rows.first().waitFor();
  assert.deepEqual(await rows.evaluateAll((r) => r.map((e) => e.dataset.id)), ['A', 'F', 'E', 'B']);
  // User text is text: the customer named <img src=x onerror=alert(1)> shows those characters.
  const e = page.locator('[data-testid="customer-row"][data-id="E"]');
  assert.equal(await e.locator('td').nth(1).textContent(), '<img src=x onerror=alert(1)>');
  assert.equal(await page.getByTestId('customer-list').locator('img').count(), 0);
  // Search narrows the list.
  await page.getByTestId('customer-search').fill('nowak');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="customer-row"]').length === 1);

  await page.locator('[data-testid="customer-row"][data-id="A"] button').click();
  await page.getByTestId('order-row').first().waitFor();
  assert.match(await page.getByTestId('customer-title').textContent(), /Anna Nowak/);
  // Keyboard focus moved with the click: the next Tab goes on from the new screen's heading.
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'customer-title');
  // The customer's chart fills its card: created while its box was still
  // hidden, it used to stay 100 px wide.
  await page.waitForFunction(() => {
    const box = document.querySelector('[data-testid="chart-customer-orders"] .chart');
    const canvas = box?.querySelector('canvas');
    return canvas && box.clientWidth > 300 && Math.abs(canvas.getBoundingClientRect().width - box.clientWidth) < 2;
  }, null, { timeout: 10_000 });
  assert.equal(await page.getByTestId('order-row').count(), 6);
  await page.locator('[data-testid="order-row"][data-order="O9"] button').click();
  await page.getByTestId('order-line').first().waitFor();
  assert.equal(await page.getByTestId('order-line').count(), 1);
  assert.equal((await page.getByTestId('order-net').textContent()).replace(/\D/g, ''), '100');

  // Back, back, back: order → customer → list → overview.
  await page.goBack();
  await page.getByTestId('customer-page').waitFor();
  await page.getByTestId('back').click();
  await page.getByTestId('customer-list-screen').waitFor();
  await page.goBack();
  await page.getByTestId('overview').waitFor();
  assertClose(await app.kpis(), { net_revenue: 550 });
  assert.deepEqual(app.errors, []);
  assert.deepEqual(app.consoleProblems(), []);
  await context.close();
});

test('the customer list exports as CSV with its rows', async () => {
  const { app, page, context } = await openWithFixture();
  await page.getByTestId('kpi-new_customers').locator('button.kpi-value').click();
  await page.getByTestId('customer-row').first().waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const text = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
  assert.deepEqual(text.trim().split('\n'), [
    'customer_id,name,first_order,last_order,orders,net_revenue,average_order_value,status',
    'F,Filip Zieliński,2024-03-05,2024-03-05,1,100,100,active',
    'E,<img src=x onerror=alert(1)>,2024-03-10,2024-03-10,1,80,80,active',
  ]);
  // Charts export as PNG.
  await page.goBack();
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('png-revenue').click()]);
  assert.equal(png.suggestedFilename(), 'revenue.png');
  const bytes = readFileSync(await png.path());
  assert.deepEqual([...bytes.subarray(1, 4)], [0x50, 0x4e, 0x47]);
  assert.deepEqual(app.errors, []);
  await context.close();
});

test('a category named like HTML is drawn as text and runs nothing', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const app = new DashboardPage(page);
  await app.open(env.server.url + '?period=all');
  await app.upload(join(DATA, 'xss_orders.csv'));
  await app.cardInfo('xss_orders.csv');
  await app.waitForDashboard();
  await page.locator('[data-testid="chart-category"] canvas').first().waitFor();
  // Hover the bar so its tooltip is drawn, then look for any injected element.
  const box = await page.locator('[data-testid="chart-category"] .chart').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.3);
  await page.waitForTimeout(300);
  const names = await page.evaluate(() => echarts.getInstanceByDom(
    document.querySelector('[data-testid="chart-category"] .chart')).getOption().yAxis[0].data);
  assert.ok(names.includes('<img src=x onerror=alert(1)>'));
  assert.equal(await page.locator('img[src="x"]').count(), 0);
  assertClose(await app.kpis(), { net_revenue: 260, orders: 3, active_customers: 2 });
  await page.getByTestId('kpi-active_customers').locator('button.kpi-value').click();
  await page.getByTestId('customer-row').first().waitFor();
  assert.equal(await page.locator('[data-testid="customer-row"][data-id="K1"] td').nth(1).textContent(),
    '<script>alert(2)</script>');
  assert.deepEqual(app.errors, []);
  await context.close();
});

test('reloading the page brings back the files and the view', async () => {
  const { app, page, context } = await openWithFixture();
  await page.getByTestId('add-filter-dim').selectOption('customers.region');
  await page.getByTestId('add-filter-value').selectOption('North');
  // North in March: A 300 + 100 − 100, E 80.
  await page.waitForFunction(() => document.querySelector('[data-testid="kpi-net_revenue"]')?.dataset.value === '380');
  // The URL follows the frame that shows the answer: a reload before it
  // would reopen the view before the filter (a user cannot be that quick).
  await app.waitForUrl(/North/);
  // The files are kept for the next visit once nothing is being read.
  await app.waitForKept('kpi_orders.csv');
  await app.waitForKept('kpi_customers.csv');
  await page.reload();
  await app.cardInfo('kpi_orders.csv');
  await app.cardInfo('kpi_customers.csv');
  await page.waitForFunction(() => document.querySelector('[data-testid="kpi-net_revenue"]')?.dataset.value === '380'
    && document.querySelector('[data-testid="kpi-historical_clv_mean"]')?.dataset.value !== '', null, { timeout: 30_000 });
  assertClose(await app.kpis(), { net_revenue: 380, active_customers: 2, new_customers: 1 });
  assert.equal(await page.getByTestId('filter-chip').getAttribute('data-value'), 'North');
  // Removing the files empties the session for the next reload.
  assert.deepEqual(app.errors, []);
  await context.close();
});

test('numbers follow the browser locale: a decimal comma in Polish', async () => {
  const context = await env.browser.newContext({ locale: 'pl-PL' });
  const page = await context.newPage();
  const app = new DashboardPage(page);
  await app.open(env.server.url);
  await app.upload(...FIXTURE);
  await page.waitForFunction(() => document.querySelector('[data-testid="kpi-purchase_frequency"]')?.dataset.value === '1.5');
  // Purchase frequency 6 / 4 = 1.5, shown with two decimals; the return rate 12.5 %.
  assert.equal(await page.locator('[data-testid="kpi-purchase_frequency"] .kpi-value').textContent(), '1,50');
  assert.equal(await page.locator('[data-testid="kpi-product_return_rate"] .kpi-value').textContent(), '12,5 %');
  // Month names too are the browser's language's.
  assert.equal(await page.getByTestId('period-caption').textContent(), 'marzec 2024 compared with luty 2024');
  assert.deepEqual(app.errors, []);
  await context.close();
});
