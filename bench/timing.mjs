// What the browser benchmarks share: timing a change inside the page, and
// printing medians.

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Takes `--name value` out of `args` (process.argv.slice(2)) and returns the
 * value as a number, or `fallback` when the option is absent.
 */
export function takeOption(args, name, fallback) {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args.splice(at, 2)[1]) : fallback;
}

/** A Markdown table row: label, median and best of `xs`. */
export const row = (label, xs) => `| ${label} | ${median(xs).toFixed(0)} | ${Math.min(...xs).toFixed(0)} |`;

/**
 * Times, inside the page, from the next `change` event (a file or a value
 * chosen) to the second animation frame after the element with data-testid
 * `testid` shows a higher `data-seq` (while `ready`, a selector, if given,
 * matches something). Read each measurement with `changeToDrawn`.
 */
export async function timeChanges(page, testid, ready = null) {
  await page.evaluate(([id, readySelector]) => {
    const seqOf = () => Number(document.querySelector(`[data-testid="${id}"]`)?.dataset.seq ?? 0);
    window.__t0 = 0; window.__t1 = 0; window.__seq = seqOf();
    document.addEventListener('change', () => { window.__t0 = performance.now(); window.__t1 = 0; }, true);
    new MutationObserver(() => {
      const seq = seqOf();
      if (seq > window.__seq && (!readySelector || document.querySelector(readySelector))) {
        window.__seq = seq;
        requestAnimationFrame(() => requestAnimationFrame(() => { window.__t1 = performance.now(); }));
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  }, [testid, ready]);
}

/**
 * How the benchmarks wait for what the page times itself: a check every
 * 50 ms on a timer. Playwright's default checks on every animation frame,
 * which keeps the page drawing frames for the whole wait; on two cores that
 * took CPU from the worker being timed (file -> card, 14 alternating pages
 * each: paired median 26 ms slower than waiting on a promise the page
 * resolves). The times are taken inside the page, so the check's period
 * does not enter them.
 */
export const QUIET_POLL = 50;

/** Waits for the timed change to be drawn (and `also`, a selector, to match) and returns its milliseconds. */
export async function changeToDrawn(page, also = null, timeout = 120_000) {
  await page.waitForFunction((sel) => window.__t1 > 0 && (!sel || document.querySelector(sel)), also, { timeout, polling: QUIET_POLL });
  return page.evaluate(() => window.__t1 - window.__t0);
}
