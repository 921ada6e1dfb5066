//! Native ingest throughput: bytes → typed, mapped table (decode, split,
//! infer, convert, detect roles), and the same the worker's way: the bytes
//! fed in 2 MB parts as they arrive, the file reported (its card) before its
//! columns of text are encoded. Not a timed test: it prints figures. Files come from `bench/native.sh` (or CUSTDASH_BENCH_FILES,
//! comma-separated paths).
//!
//!     cargo bench -p analytics --bench ingest_throughput

use std::time::Instant;

use std::borrow::Cow;

use analytics::engine::Engine;
use analytics::ingest::streamed::Streamed;
use analytics::ingest::{convert, encoding, ingest, raw, IngestOptions};
use analytics::protocol::WorkerResponse;
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
        "| file | MB | rows | bad values | ragged rows | median ms | MB/s | best ms | two-pass reader, median ms | worker's way: to the card, median ms | then text encoded, median ms |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
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
        let (card, encode) = worker_way_medians(name, &bytes);
        println!("| {name} | {mb:.1} | {rows} | {bad} | {ragged} | {median:.0} | {throughput:.0} | {best:.0} | {two_pass:.0} | {card:.0} | {encode:.0} |");
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

/// The file read as the worker reads it (parts of 2 MB fed as they come,
/// then [`Engine::add_read_file`], which reports the file), and its columns
/// of text encoded after that ([`Engine::finish_reading`]): median
/// milliseconds of each step.
fn worker_way_medians(name: &str, bytes: &[u8]) -> (f64, f64) {
    const PART: usize = 2 << 20;
    let (mut cards, mut encodes) = (Vec::with_capacity(REPS), Vec::with_capacity(REPS));
    for _ in 0..REPS {
        let mut engine = Engine::new();
        // The worker's buffer, into which the parts are copied as they come.
        let arrived = bytes.to_vec();
        let start = Instant::now();
        let mut streamed = Streamed::new(name, &IngestOptions::new(), arrived.len());
        for end in (PART..arrived.len()).step_by(PART) {
            streamed.feed(&arrived[..end], &mut |_| {});
        }
        let read = streamed.finish_but_text(arrived, &mut |_| {});
        let reported = engine.add_read_file(1, name.to_string(), &[], read);
        cards.push(start.elapsed().as_secs_f64() * 1000.0);
        if !matches!(reported, WorkerResponse::Loaded { .. }) {
            eprintln!("{name}: {reported:?}");
        }
        let start = Instant::now();
        engine.finish_reading();
        encodes.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    cards.sort_by(f64::total_cmp);
    encodes.sort_by(f64::total_cmp);
    (cards[REPS / 2], encodes[REPS / 2])
}
