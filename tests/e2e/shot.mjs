// Screenshots of the empty page, the file cards and the mapping panel:
//   node tests/e2e/shot.mjs OUT_DIR [files...]
import { screenshots } from './harness.mjs';

const [out = 'tests/e2e/out', ...files] = process.argv.slice(2);
await screenshots(out, async (page, app, shot) => {
  await shot('empty');
  if (files.length) {
    await app.upload(...files);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=file-card][data-state=loading]').length === 0
      && document.querySelectorAll('[data-testid=file-card]').length > 0, null, { timeout: 60_000 });
  } else {
    await app.loadDemo();
  }
  await shot('files');
  await page.getByRole('button', { name: 'Review columns' }).first().click();
  await shot('mapping');
});
