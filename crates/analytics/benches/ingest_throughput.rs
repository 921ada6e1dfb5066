//! Native ingest throughput: bytes → typed, mapped table, as the worker does
//! it (decode, split, infer, convert, detect roles). Not a timed test: it
//! prints figures. Files come from `bench/native.sh` (or CUSTDASH_BENCH_FILES,
//! comma-separated paths).
//!
//!     cargo bench -p analytics --bench ingest_throughput

use std::time::Instant;

use std::borrow::Cow;

use analytics::ingest::{convert, encoding, ingest, raw, IngestOptions};
use analytics::roles::detect;

const REPS: usize = 5;

fn main() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let files = std::env::var("CUSTDASH_BENCH_FILES").unwrap_or_else(|_| {
        ["orders_100k.csv", "orders_1m.csv", "orders_1m_eu.csv"]
            .map(|f| format!("{root}/bench/data/{f}"))
            .join(",")
    });
    // Bad values and ragged rows are printed so that a broken input file
    // cannot pass for a fast one.
    println!(
        "| file | MB | rows | bad values | ragged rows | median ms | MB/s | best ms | two-pass reader, median ms |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for path in files.split(',') {
        let Ok(bytes) = std::fs::read(path) else {
            eprintln!("skipping {path}: not found (run bench/native.sh to generate it)");
            continue;
        };
        let name = path.rsplit('/').next().unwrap_or(path);
        let mut times = Vec::with_capacity(REPS);
        let (mut rows, mut bad, mut ragged) = (0, 0, 0);
        for _ in 0..REPS {
            let start = Instant::now();
            match ingest(name, &bytes, &IngestOptions::new(), &mut |_| {}) {
                Ok(out) => {
                    let mapping = detect(&out.table);
                    rows = out.table.rows;
                    bad = out.table.bad_values();
                    ragged = out.table.ragged.count;
                    std::hint::black_box(mapping);
                }
                Err(e) => {
                    eprintln!("{e}");
                    return;
                }
            }
            times.push(start.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        let mb = bytes.len() as f64 / 1e6;
        let median = times[REPS / 2];
        let throughput = mb / (median / 1000.0);
        let best = times[0];
        let two_pass = two_pass_median(&bytes);
        println!("| {name} | {mb:.1} | {rows} | {bad} | {ragged} | {median:.0} | {throughput:.0} | {best:.0} | {two_pass:.0} |");
    }
}

/// The same text through the two-pass reader (split and profile, then
/// convert, then roles detected), which workbooks and JSON still use: what
/// the single pass saves.
fn two_pass_median(bytes: &[u8]) -> f64 {
    let mut times = Vec::with_capacity(REPS);
    for _ in 0..REPS {
        let start = Instant::now();
        let text = encoding::decode(bytes);
        if let Ok((r, _)) = raw::from_delimited(Cow::Borrowed(&text.bytes[..]), &IngestOptions::new(), &mut |_| {}) {
            let table = convert::to_table(&r, &mut |_| {});
            std::hint::black_box(detect(&table));
        }
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    times[REPS / 2]
}
