//! Native benchmark of segmentation on a million order lines from about
//! 100,000 customers: RFM (scores and segments), k-means with k chosen by
//! silhouette, and the whole segment page. Not a timed test: it prints
//! figures. The file comes from `bench/native.sh` (or CUSTDASH_SEGMENT_FILE).
//!
//!     cargo bench -p analytics --bench segments

use analytics::dataset::{BuildOptions, Dataset, SourceTable};
use analytics::segment::report::{segment_report, SegmentRequest};
use analytics::segment::{clusters, default_as_of, rfm, SegmentModel, SegmentSettings, Segmentation};

mod common;

use common::{load, median_ms, REPS};

fn main() {
    let Some((ingested, mapping)) = load("CUSTDASH_SEGMENT_FILE", "orders_1m_100k_customers.csv") else {
        return;
    };
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
