//! Shared by the query benchmarks: timing and reading a benchmark file.

use std::time::Instant;

use analytics::ingest::{ingest, IngestOptions, Ingested};
use analytics::roles::{detect, Mapping};

/// Runs per measurement.
pub const REPS: usize = 5;

/// Median and best milliseconds of [`REPS`] runs.
pub fn median_ms(mut run: impl FnMut()) -> (f64, f64) {
    let mut times: Vec<f64> = (0..REPS)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    (times[REPS / 2], times[0])
}

/// The file named by `env` (or `bench/data/<default>`), parsed and mapped;
/// `None` (with a note) when it is missing or unreadable.
pub fn load(env: &str, default: &str) -> Option<(Ingested, Mapping)> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let path = std::env::var(env).unwrap_or_else(|_| format!("{root}/bench/data/{default}"));
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("skipping {path}: not found (run bench/native.sh to generate it)");
        return None;
    };
    let Ok(ingested) = ingest("orders.csv", &bytes, &IngestOptions::new(), &mut |_| {}) else {
        eprintln!("{path}: could not be read");
        return None;
    };
    let mapping = detect(&ingested.table);
    Some((ingested, mapping))
}
