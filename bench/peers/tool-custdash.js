// Our engine as a tool of the peers harness: copied into its src/ by
// bench/peers/run.sh, which also builds the wasm into its dist/custdash/.
// init(): the app worker's warm-up (untimed, as the app does it while the
// user picks a file). run(): the file's bytes go into wasm memory and are
// read the worker's way up to its card ("card"), then its text columns are
// encoded: that is "parse" (bytes in memory → a typed table with roles and
// fields, as DuckDB's read_csv_auto makes its table). "compute" is the
// harness's job over the typed columns (bench/peers/src/job.rs).
export { checksum } from './common.js';

let wasm;

export async function init() {
  wasm = await import('/dist/custdash/peers_job.js');
  await wasm.default({ module_or_path: '/dist/custdash/peers_job_bg.wasm' });
  const t0 = performance.now();
  wasm.warm_up();
  return { warmUpMs: performance.now() - t0 };
}

export async function run(buf, opts) {
  const t0 = performance.now();
  const carded = wasm.read_to_card('retail.csv', new Uint8Array(buf));
  const tCard = performance.now();
  const report = carded.report();
  const parsed = carded.encode();
  const t1 = performance.now();
  opts.mark && opts.mark('parsed');
  const outcome = parsed.job();
  const t2 = performance.now();
  opts.mark && opts.mark('computed');
  const months = outcome.months();
  const revenues = outcome.month_revenue();
  const result = {
    summary: { rows: outcome.rows(), revenue: outcome.revenue(), orders: outcome.orders(),
      aov: outcome.revenue() / outcome.orders(), customers: outcome.customers(), maxDate: outcome.max_date() },
    monthly: months.map((m, i) => [m, revenues[i]]),
    rfm: { n: outcome.customers(), id: outcome.customer(), recency: outcome.recency(),
      frequency: outcome.frequency(), cents: outcome.cents(), r: outcome.r(), f: outcome.f(), m: outcome.m() },
  };
  const types = parsed.types();
  outcome.free();
  parsed.free();
  const card = JSON.parse(report);
  return { parseMs: t1 - t0, computeMs: t2 - t1, totalMs: t2 - t0, result,
    extra: { cardMs: tCard - t0, encodeMs: t1 - tCard, role: card.role, rowsOnCard: card.rows, types } };
}
