// Takes screenshots of the app for a human to look at:
//   node tests/e2e/shot.mjs OUT_DIR [files...]
import { serve, launch, DashboardPage } from './harness.mjs';
import { mkdirSync } from 'node:fs';

const [out = 'tests/e2e/out', ...files] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const server = await serve();
const browser = await launch();
for (const [w, h, tag] of [[1280, 860, 'laptop'], [820, 1100, 'tablet']]) {
  const page = await browser.newPage({ viewport: { width: w, height: h } });
  const app = new DashboardPage(page);
  await app.open(server.url);
  await page.screenshot({ path: `${out}/empty-${tag}.png`, fullPage: true });
  if (files.length) await app.upload(...files); else await page.getByTestId('load-demo').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=file-card][data-state=loading]').length === 0
    && document.querySelectorAll('[data-testid=file-card]').length > 0, null, { timeout: 60_000 });
  await page.screenshot({ path: `${out}/files-${tag}.png`, fullPage: true });
  await page.getByRole('button', { name: 'Review columns' }).first().click();
  await page.screenshot({ path: `${out}/mapping-${tag}.png`, fullPage: true });
  if (app.errors.length) console.log('page errors:', app.errors);
  await page.close();
}
await browser.close();
await server.close();
console.log(`screenshots in ${out}`);
