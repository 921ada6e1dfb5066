// End-to-end: the built app (dist/) in headless Debian Chromium, real files
// from tests/data through the real worker. Expected numbers are worked out
// in tests/data/make_fixtures.py (rows, bad values and their row numbers).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { sharedBrowser, DashboardPage, DATA, DIST } from './harness.mjs';

const env = sharedBrowser({ before, after });

async function openApp() {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const app = new DashboardPage(page);
  await app.open(env.server.url);
  return { app, page, context };
}

test('a Windows-1250 Polish CSV and an XLSX customer list get the right roles, rows and issues', async () => {
  const { app, page, context } = await openApp();
  await app.upload(join(DATA, 'orders_pl_cp1250.csv'), join(DATA, 'kunden.xlsx'));
  const pl = await app.cardInfo('orders_pl_cp1250.csv');
  assert.deepEqual(pl, { state: 'loaded', role: 'orders', rows: '10', issues: '2', error: null });
  const xlsx = await app.cardInfo('kunden.xlsx');
  assert.deepEqual(xlsx, { state: 'loaded', role: 'customers', rows: '5', issues: '1', error: null });

  // The bad values are listed per column with their row numbers and raw text.
  const card = app.card('orders_pl_cp1250.csv');
  await card.getByText('Show bad values').click();
  const issues = await card.getByTestId('column-issue').evaluateAll((els) =>
    els.map((el) => [el.dataset.column, el.dataset.bad, el.querySelector('.samples').textContent]));
  assert.deepEqual(issues, [
    ['Data zamówienia', '1', 'row 5: 31.02.2024'],
    ['Wartość', '1', 'row 8: brak'],
  ]);
  // The card shows the detected encoding and separator.
  assert.match(await card.textContent(), /Encoding:\u00a0windows-1250 · Separator:\u00a0;/);
  assert.deepEqual(app.errors, []);
  await context.close();
});

test('a file chosen while the engine warms up waits for it, then loads; the page says when the engine is ready', async () => {
  const { app, page, context } = await openApp();
  const engine = () => page.locator('main').getAttribute('data-engine');
  // Chosen at once: the worker is still starting (compiling, warming up)
  // on a fresh page, so the request is queued in the page until Ready.
  const atChoice = await engine();
  await app.upload(join(DATA, 'orders_pl_cp1250.csv'));
  assert.deepEqual(await app.cardInfo('orders_pl_cp1250.csv'),
    { state: 'loaded', role: 'orders', rows: '10', issues: '2', error: null });
  assert.equal(await engine(), 'ready', `was ${atChoice} when the file was chosen`);
  assert.ok(await app.waitForEngine() > 0);
  assert.deepEqual(app.errors, []);
  // Nothing for a developer or an IT team to wonder about in the console
  // (the worker's start used to warn of a deprecated call).
  assert.deepEqual(app.consoleProblems(), []);
  await context.close();
});

test('while the user picks a file, the page draws each kind of overview chart once off screen and leaves nothing behind', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  // Counts the ECharts instances made, from the moment the script loads.
  await page.addInitScript(() => {
    window.__charts = 0;
    const hook = setInterval(() => {
      if (!window.echarts) return;
      const init = window.echarts.init;
      window.echarts.init = function (...args) { window.__charts += 1; return init.apply(this, args); };
      clearInterval(hook);
    }, 1);
  });
  const app = new DashboardPage(page);
  await app.open(env.server.url);
  await app.waitForEngine();
  // Revenue, new vs returning, AOV and frequency, a breakdown, CLV, cohorts.
  await page.waitForFunction(() => window.__charts >= 6, null, { timeout: 30_000 });
  // The last chart is drawn sixteen times, a timer tick each, before its
  // off-screen host goes: wait for that rather than a fixed time (200 ms
  // was too short on a slow machine).
  await page.waitForFunction(() => !document.querySelector('body > div[aria-hidden=true]'), null, { timeout: 10_000 });
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.__charts), 6);
  assert.equal(await page.locator('canvas').count(), 0);
  assert.deepEqual(app.errors, []);
  await context.close();
});

test('the number formatter is built while the user picks a file, not between the file and its card', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  // Counts the Intl.NumberFormat objects the page makes: the first one
  // loads the browser's locale data (tens of milliseconds).
  await page.addInitScript(() => {
    window.__formats = 0;
    const Made = Intl.NumberFormat;
    Intl.NumberFormat = function (...args) { window.__formats += 1; return new Made(...args); };
  });
  const app = new DashboardPage(page);
  await app.open(env.server.url);
  await app.waitForEngine();
  const before = await page.evaluate(() => window.__formats);
  assert.ok(before >= 1, 'no formatter was built before a file was chosen');
  await app.upload(join(DATA, 'orders_pl_cp1250.csv'));
  assert.equal((await app.cardInfo('orders_pl_cp1250.csv')).rows, '10');
  assert.equal(await page.evaluate(() => window.__formats), before);
  assert.deepEqual(app.errors, []);
  await context.close();
});

test('unreadable files show why, and the other cards stay', async () => {
  const { app, context } = await openApp();
  await app.upload(join(DATA, 'kunden.xlsx'));
  await app.cardInfo('kunden.xlsx');
  await app.upload(join(DATA, 'truncated.xlsx'), join(DATA, 'junk.csv'), join(DATA, 'empty.csv'));
  const truncated = await app.cardInfo('truncated.xlsx');
  assert.equal(truncated.state, 'failed');
  assert.match(truncated.error, /truncated\.xlsx: the workbook could not be opened/);
  assert.match((await app.cardInfo('junk.csv')).error, /junk\.csv: the file is not text, CSV, JSON or a spreadsheet/);
  assert.match((await app.cardInfo('empty.csv')).error, /empty\.csv: the file is empty/);
  assert.deepEqual(await app.cardInfo('kunden.xlsx'), { state: 'loaded', role: 'customers', rows: '5', issues: '1', error: null });
  assert.equal(await app.cardCount(), 4);

  // Removing a card leaves the others.
  await app.card('junk.csv').getByRole('button', { name: /Remove/ }).click();
  assert.equal(await app.cardCount(), 3);

  // Only the file that was read is kept for the next visit.
  await app.waitForKept('kunden.xlsx');
  assert.equal(await app.card('truncated.xlsx').getAttribute('data-kept'), 'false');
  await app.page.reload();
  assert.deepEqual(await app.cardInfo('kunden.xlsx'), { state: 'loaded', role: 'customers', rows: '5', issues: '1', error: null });
  assert.equal(await app.cardCount(), 1);
  // Brought back from storage, it is not stored again.
  assert.equal(await app.card('kunden.xlsx').getAttribute('data-kept'), 'true');
  assert.deepEqual(app.errors, []);
  await context.close();
});

test('the demo data loads in one click with every role recognised', async () => {
  const { app, page, context } = await openApp();
  await page.getByTestId('load-demo').click();
  const expected = {
    'customers.csv': 'customers', 'orders.csv': 'orders', 'surveys.csv': 'surveys', 'tickets.csv': 'tickets',
    'marketing_spend.csv': 'spend', 'invoices.csv': 'invoices', 'web_sessions.csv': 'sessions', 'reviews.csv': 'mentions',
  };
  for (const [file, role] of Object.entries(expected)) {
    const info = await app.cardInfo(file);
    // Independent count: data lines of the served file (the demo has no multi-line fields).
    const lines = readFileSync(join(DIST, 'demo', file), 'utf8').split('\n').filter((l) => l.length > 0).length - 1;
    assert.deepEqual(info, { state: 'loaded', role, rows: String(lines), issues: '0', error: null }, file);
  }
  // orders.csv (17.7 MB) is read as it arrives and its card is sent before
  // its columns of text are encoded; every file then reports that encoding
  // (the worker's `Encoded`), which the card records.
  for (const file of Object.keys(expected)) {
    const ms = await app.card(file).and(page.locator('[data-encode-ms]')).getAttribute('data-encode-ms');
    assert.ok(Number(ms) >= 0, `${file}: ${ms}`);
  }
  assert.equal(await app.cardCount(), 8);
  assert.deepEqual(app.errors, []);
  await context.close();
});

test('a corrected mapping is remembered for files with the same header', async () => {
  const { app, page, context } = await openApp();
  await app.upload(join(DATA, 'orders_pl_cp1250.csv'));
  await app.cardInfo('orders_pl_cp1250.csv');
  await app.card('orders_pl_cp1250.csv').getByRole('button', { name: 'Review columns' }).click();
  const panel = page.getByTestId('mapping-panel');
  const city = panel.locator('[data-testid="mapping-row"][data-column="Miasto"] select');
  await city.selectOption('store');
  await panel.locator('[data-testid="mapping-row"][data-column="Miasto"][data-field="store"]').waitFor();
  await page.getByTestId('role-select').selectOption('invoices');
  await page.locator('[data-testid="file-card"][data-role="invoices"]').waitFor();

  // A new page in the same browser profile: the file comes back from the
  // last session with the choice; removed and given again, it keeps it too.
  await app.waitForKept('orders_pl_cp1250.csv');
  await page.reload();
  await page.getByTestId('load-demo').first().waitFor();
  assert.equal((await app.cardInfo('orders_pl_cp1250.csv')).role, 'invoices');
  await app.card('orders_pl_cp1250.csv').getByRole('button', { name: 'Remove' }).click();
  await page.getByTestId('file-card').waitFor({ state: 'detached' });
  await app.upload(join(DATA, 'orders_pl_cp1250.csv'));
  assert.equal((await app.cardInfo('orders_pl_cp1250.csv')).role, 'invoices');
  await app.card('orders_pl_cp1250.csv').getByRole('button', { name: 'Review columns' }).click();
  assert.equal(await panel.locator('[data-testid="mapping-row"][data-column="Miasto"]').getAttribute('data-field'), 'store');
  assert.deepEqual(app.errors, []);
  await context.close();
});

test('file names and headers are shown as text, never run as HTML', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'custdash-xss-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, '<img src=x onerror=alert(1)>.csv');
  writeFileSync(file, 'customer,<img src=y onerror=alert(2)>,amount\nC1,x,1.5\nC2,y,2\n');
  const { app, page, context } = await openApp();
  await app.upload(file);
  const info = await app.cardInfo('<img src=x onerror=alert(1)>.csv');
  assert.equal(info.rows, '2');
  await app.card('<img src=x onerror=alert(1)>.csv').getByRole('button', { name: 'Review columns' }).click();
  await page.getByText('<img src=y onerror=alert(2)>', { exact: true }).waitFor();
  assert.equal(await page.locator('img').count(), 0);
  // The panel took the focus; Escape closes it.
  await page.waitForFunction(() => document.activeElement?.id === 'mapping-title');
  await page.keyboard.press('Escape');
  await page.getByTestId('mapping-panel').waitFor({ state: 'detached' });
  assert.deepEqual(app.errors, []); // no alert dialog, no page error
  await context.close();
});

test('another sheet of a workbook can be chosen on its card', async () => {
  const { app, page, context } = await openApp();
  await app.upload(join(DATA, 'kunden.xlsx'));
  assert.equal((await app.cardInfo('kunden.xlsx')).rows, '5');
  // A customer list alone: the overview says to load orders, and shows no
  // period or filter controls that would have nothing to act on.
  await page.getByTestId('no-orders').waitFor();
  assert.equal(await page.getByTestId('period-kind').count(), 0);
  const select = app.card('kunden.xlsx').getByTestId('sheet-select');
  assert.deepEqual(await select.locator('option').allTextContents(), ['Kunden', 'Serials']);
  await select.selectOption('Serials');
  // The Serials sheet has 2 rows of Excel serial dates (45366, 45292) and no bad values.
  await page.locator('[data-testid="file-card"][data-file="kunden.xlsx"][data-rows="2"]').waitFor();
  assert.deepEqual(await app.cardInfo('kunden.xlsx'), { state: 'loaded', role: 'customers', rows: '2', issues: '0', error: null });
  assert.deepEqual(app.errors, []);
  await context.close();
});

test('a large file shows a progress bar, then its card', async (t) => {
  // ~25 MB of order lines, written here so no large fixture is committed.
  // The worker parses it part by part as it arrives: a quoted name holding
  // the separator and a line break, CRLF line ends and multi-byte letters
  // cross the parts, and one date is bad.
  const dir = mkdtempSync(join(tmpdir(), 'custdash-big-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'big_orders.csv');
  const lines = ['order_id;order_date;customer_id;amount'];
  for (let i = 0; i < 600_000; i++) {
    const date = i === 400_000 ? '31.02.2025' : `${String(1 + (i % 28)).padStart(2, '0')}.0${1 + (i % 9)}.2025`;
    const customer = i % 7_919 === 0 ? '"Łódź; ""Ost""\r\nPółnoc"' : `C${i % 5000}ż`;
    lines.push(`SO-${100000 + i};${date};${customer};${i % 1000},${String(i % 100).padStart(2, '0')}`);
  }
  writeFileSync(file, lines.join('\r\n') + '\r\n');
  const { app, page, context } = await openApp();
  await page.evaluate(() => {
    window.__sawProgress = false;
    window.__sawPending = false;
    window.__noOrdersWhileReading = false;
    const seen = (id) => document.querySelector(`[data-testid=${id}]`) !== null;
    new MutationObserver(() => {
      if (!seen('file-progress')) return;
      window.__sawProgress = true;
      // While the file is read the overview says the dashboard is coming,
      // not "load an orders file".
      if (seen('dashboard-pending')) window.__sawPending = true;
      if (seen('no-orders')) window.__noOrdersWhileReading = true;
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  await app.upload(file);
  const info = await app.cardInfo('big_orders.csv');
  assert.deepEqual(info, { state: 'loaded', role: 'orders', rows: '600000', issues: '1', error: null });
  // Line i is row i + 2 (the header is row 1).
  const issue = app.card('big_orders.csv').getByTestId('column-issue');
  assert.equal(await issue.getAttribute('data-column'), 'order_date');
  assert.match(await issue.textContent(), /400[\s,.\u00a0\u202f]?002: 31\.02\.2025/);
  assert.equal(await page.evaluate(() => window.__sawProgress), true);
  assert.equal(await page.evaluate(() => window.__sawPending), true);
  assert.equal(await page.evaluate(() => window.__noOrdersWhileReading), false);
  // Once read, the dashboard replaces the pending state.
  await page.getByTestId('kpi-net_revenue').waitFor();
  assert.equal(await page.getByTestId('dashboard-pending').count(), 0);
  assert.deepEqual(app.errors, []);
  await context.close();
});
