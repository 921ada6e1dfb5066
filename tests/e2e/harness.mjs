// Shared e2e plumbing: a static server for dist/ on 127.0.0.1 and Debian
// Chromium driven by playwright-core, plus a small page object that finds
// things by data-testid.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { chromium } from 'playwright-core';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// CUSTDASH_DIST serves another build, to compare two builds with the benchmarks.
export const DIST = process.env.CUSTDASH_DIST ?? join(ROOT, 'dist');
export const DATA = join(ROOT, 'tests', 'data');
/** The series types of the overview's eight charts (`chartSeries`), when each has data. */
export const OVERVIEW_SERIES = {
  'chart-revenue': 'line,line', 'chart-new-returning': 'bar,bar', 'chart-aov-frequency': 'line,line',
  'chart-channel': 'bar', 'chart-region': 'bar', 'chart-category': 'bar', 'chart-clv': 'bar', 'chart-cohorts': 'heatmap',
};

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json',
  '.csv': 'text/csv', '.txt': 'text/plain', '.png': 'image/png',
};

/** Serves `dir` on 127.0.0.1 at a free port; resolves to { url, close }. */
export async function serve(dir = DIST) {
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      let file = normalize(join(dir, path));
      if (!file.startsWith(dir)) { res.writeHead(403).end(); return; }
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((ok) => server.close(ok)) };
}

/** Launches headless Debian Chromium with the flags this machine needs. */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',],
  });
}

/**
 * Registers hooks that start the static server and Chromium once for a test
 * file and stop them after it; the returned object holds both once started.
 */
export function sharedBrowser({ before, after }) {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await serve();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/**
 * Screenshots for a human to look at: opens the app at laptop and tablet
 * widths and lets `visit(page, app, shot)` walk it, where `shot(name)` saves
 * `OUT/name-<width tag>.png`.
 */
export async function screenshots(out, visit) {
  const { mkdirSync } = await import('node:fs');
  mkdirSync(out, { recursive: true });
  const server = await serve();
  const browser = await launch();
  for (const [w, h, tag] of [[1280, 860, 'laptop'], [820, 1100, 'tablet']]) {
    const page = await browser.newPage({ viewport: { width: w, height: h } });
    const app = new DashboardPage(page);
    await app.open(server.url);
    await visit(page, app, (name) => page.screenshot({ path: `${out}/${name}-${tag}.png`, fullPage: true }));
    if (app.errors.length) console.log('page errors:', app.errors);
    await page.close();
  }
  await browser.close();
  await server.close();
  console.log(`screenshots in ${out}`);
}

/** The app as a test sees it. */
export class DashboardPage {
  constructor(page) {
    this.page = page;
    this.errors = [];
    this.consoleMessages = [];
    page.on('pageerror', (e) => this.errors.push(String(e)));
    // The page's and its workers' warnings and errors in the console.
    page.on('console', (m) => {
      if (m.type() === 'warning' || m.type() === 'error') this.consoleMessages.push(m.text());
    });
    page.on('dialog', (d) => { this.errors.push(`dialog: ${d.message()}`); d.dismiss(); });
  }
  /**
   * Console warnings and errors but Chromium's notice that it ignores the
   * `integrity` of preloaded files (Trunk's preload links carry one; the
   * files are checked where they are used).
   */
  consoleProblems() {
    return this.consoleMessages.filter((m) => !/integrity. attribute is currently ignored for preload/.test(m));
  }
  async open(url) {
    await this.page.goto(url);
    await this.page.getByTestId('load-demo').first().waitFor();
  }
  /**
   * Waits until the engine has started and warmed up (the worker's `Ready`),
   * then `pauseMs` more; returns the page's clock at `Ready` (ms since
   * navigation, to the nearest poll). Requests sent earlier are queued, not
   * lost. The browser goes on compiling the warmed-up code to its fast tier
   * in the background for about half a second after `Ready`, so benchmarks
   * pause as a user choosing a file would, and say for how long.
   */
  async waitForEngine(pauseMs = 0) {
    await this.page.locator('main[data-engine=ready]').waitFor({ timeout: 60_000 });
    const ready = await this.page.evaluate(() => performance.now());
    if (pauseMs > 0) await this.page.waitForTimeout(pauseMs);
    return ready;
  }
  /** Presses "Load demo data" and waits until at least `cards` files are in and none is loading. */
  async loadDemo(cards = 1) {
    await this.page.getByTestId('load-demo').first().click();
    await this.page.waitForFunction((n) => document.querySelectorAll('[data-testid=file-card]').length >= n
      && document.querySelectorAll('[data-testid=file-card][data-state=loading]').length === 0, cards, { timeout: 120_000 });
  }
  async upload(...paths) {
    await this.page.getByTestId('file-input').setInputFiles(paths);
  }
  card(name) {
    return this.page.locator(`[data-testid="file-card"][data-file="${name}"]`);
  }
  /** Waits until the card has left the loading state and returns its hooks. */
  async cardInfo(name) {
    const card = this.card(name);
    await card.and(this.page.locator('[data-state="loaded"], [data-state="failed"]')).waitFor({ timeout: 60_000 });
    return card.evaluate((el) => ({
      state: el.dataset.state, role: el.dataset.role, rows: el.dataset.rows, issues: el.dataset.issues,
      error: el.querySelector('[data-testid="file-error"]')?.textContent ?? null,
    }));
  }
  /** Waits until the browser keeps the file for the next visit (IndexedDB). */
  async waitForKept(name) {
    await this.card(name).and(this.page.locator('[data-kept="true"]')).waitFor({ timeout: 30_000 });
  }
  async cardCount() {
    return this.page.getByTestId('file-card').count();
  }
  /** Waits for the overview to show an answer newer than `after` and returns its number. */
  async waitForDashboard(after = 0) {
    const seq = await this.page.waitForFunction((prev) => {
      const el = document.querySelector('[data-testid="overview"]');
      const n = Number(el?.dataset.seq ?? 0);
      return n > prev && document.querySelector('[data-testid^="kpi-"]') ? n : false;
    }, after, { timeout: 60_000 });
    return seq.jsonValue();
  }
  /**
   * Waits for the page's URL to match `pattern` and returns it: a changed
   * query replaces the URL a moment after the view changes.
   */
  async waitForUrl(pattern) {
    await this.page.waitForFunction((source) => new RegExp(source).test(location.href), pattern.source, { timeout: 10_000 });
    return this.page.url();
  }
  async seq() {
    return this.page.evaluate(() => Number(document.querySelector('[data-testid="overview"]')?.dataset.seq ?? 0));
  }
  /**
   * The series types ECharts drew in each chart on the page, by the chart's
   * data-testid, e.g. `{ 'chart-revenue': 'line,line' }`. A series whose
   * type the page's ECharts lacks (scripts/echarts-bundle.mjs registers only
   * what the app draws) is dropped without an error, leaving '' here.
   */
  async chartSeries() {
    return this.page.evaluate(() => Object.fromEntries([...document.querySelectorAll('[data-testid^="chart-"] .chart')]
      .map((el) => [el.closest('[data-testid^="chart-"]').dataset.testid, echarts.getInstanceByDom(el)])
      .filter(([, chart]) => chart)
      .map(([id, chart]) => [id, (chart.getOption().series ?? []).map((s) => s.type).join(',')])));
  }
  /**
   * `chartSeries()` once it equals `expected` (charts are drawn a moment
   * after their answer), or as it is after 10 s, for the test to compare.
   */
  async drawnSeries(expected) {
    for (let waited = 0; waited < 10_000; waited += 200) {
      const drawn = await this.chartSeries();
      if (isDeepStrictEqual(drawn, expected)) return drawn;
      await this.page.waitForTimeout(200);
    }
    return this.chartSeries();
  }
  /** The data-value of every KPI card, by snake_case name (null when empty). */
  async kpis() {
    return this.page.evaluate(() => Object.fromEntries([...document.querySelectorAll('[data-testid^="kpi-"][data-value]')]
      .map((el) => [el.dataset.testid.slice(4), el.dataset.value === '' ? null : Number(el.dataset.value)])));
  }
}
