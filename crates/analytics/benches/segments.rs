//! Native benchmark of segmentation on a million order lines from about
//! 100,000 customers: RFM (scores and segments), k-means with k chosen by
//! silhouette, and the whole segment page. Not a timed test: it prints
//! figures. The file comes from `bench/native.sh` (or CUSTDASH_SEGMENT_FILE).
//!
//!     cargo bench -p analytics --bench segments

use std::time::Instant;

use analytics::dataset::{BuildOptions, Dataset, SourceTable};
use analytics::ingest::{ingest, IngestOptions};
use analytics::roles::detect;
use analytics::segment::report::{segment_report, SegmentRequest};
use analytics::segment::{clusters, default_as_of, rfm, SegmentModel, SegmentSettings, Segmentation};

const REPS: usize = 5;

fn median_ms(mut run: impl FnMut()) -> (f64, f64) {
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

fn main() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let path = std::env::var("CUSTDASH_SEGMENT_FILE")
        .unwrap_or_else(|_| format!("{root}/bench/data/orders_1m_100k_customers.csv"));
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("skipping {path}: not found (run bench/native.sh to generate it)");
        return;
    };
    let Ok(ingested) = ingest("orders.csv", &bytes, &IngestOptions::new(), &mut |_| {}) else {
        eprintln!("{path}: could not be read");
        return;
    };
    let mapping = detect(&ingested.table);
    let sources = [SourceTable {
        name: "orders.csv",
        table: &ingested.table,
        mapping: &mapping,
    }];
    let ds = Dataset::build(&sources, &BuildOptions::default());
    let as_of = default_as_of(&ds).unwrap_or(0);
    let mut scored = 0;
    let rfm_time = median_ms(|| scored = rfm(&ds, as_of).rows.len());
    let model = rfm(&ds, as_of);
    let mut k = 0;
    let kmeans_time = median_ms(|| k = clusters(&ds, &model, &[], None).k);
    let mut with_dims = ds.clone();
    let mut seg = SegmentModel::new(&with_dims, SegmentSettings::default());
    seg.attach(&mut with_dims);
    let request = SegmentRequest {
        segmentation: Segmentation::Rfm,
        selected: Some("Champions".into()),
        ..SegmentRequest::default()
    };
    let mut segments = 0;
    let page_time = median_ms(|| segments = segment_report(&with_dims, &seg, &request).segments.len());
    seg.ensure_clusters(&with_dims);
    println!(
        "segmentation: {} lines, {scored} customers scored (median of {REPS}; best)",
        ds.lines.len()
    );
    println!("| step | median ms | best ms |");
    println!("|---|---:|---:|");
    println!("| RFM scores and segments | {:.0} | {:.0} |", rfm_time.0, rfm_time.1);
    println!(
        "| k-means, k by silhouette over 2..8 (k = {k}) | {:.0} | {:.0} |",
        kmeans_time.0, kmeans_time.1
    );
    println!(
        "| segment page (RFM, {segments} segments, one panel) | {:.0} | {:.0} |",
        page_time.0, page_time.1
    );
}
