//! Native benchmark of the overview's queries on a million order lines:
//! building the dataset from a parsed file, the default overview (KPI cards
//! and charts), the same with a filter, and a page of the customer list.
//! Not a timed test: it prints figures. The file comes from
//! `bench/native.sh` (or CUSTDASH_BENCH_FILE).
//!
//!     cargo bench -p analytics --bench kpi_query

use analytics::dashboard::dashboard;
use analytics::dataset::{BuildOptions, Dataset, SourceTable};
use analytics::drill::{customer_list, ListRequest, Scope, SortKey};
use analytics::kpi::Kpi;
use analytics::query::{FilterChip, Query};

mod common;

use common::{load, median_ms};

fn main() {
    let Some((ingested, mapping)) = load("CUSTDASH_BENCH_FILE", "orders_1m.csv") else {
        return;
    };
    let sources = [SourceTable {
        name: "orders.csv",
        table: &ingested.table,
        mapping: &mapping,
    }];
    let mut ds = Dataset::default();
    let build = median_ms(|| ds = Dataset::build(&sources, &BuildOptions::default()));
    let plain = Query::default();
    let filtered = Query {
        filters: vec![FilterChip {
            dim: "orders.channel".into(),
            values: vec!["Online".into()],
        }],
        ..Query::default()
    };
    let mut net = (None, None);
    let overview = median_ms(|| {
        let r = dashboard(&ds, &plain);
        net.0 = r.cards.iter().find(|c| c.kpi == Kpi::NetRevenue).and_then(|c| c.value);
    });
    let with_filter = median_ms(|| {
        let r = dashboard(&ds, &filtered);
        net.1 = r.cards.iter().find(|c| c.kpi == Kpi::NetRevenue).and_then(|c| c.value);
    });
    let list = ListRequest {
        query: plain.clone(),
        scope: Scope::Active,
        search: String::new(),
        sort: SortKey::NetRevenue,
        descending: true,
        offset: 0,
        limit: 50,
    };
    let mut total = 0;
    let page = median_ms(|| total = customer_list(&ds, &list).total);
    // The figures printed beside the times show the work was real.
    println!(
        "{} order lines, {} customers, {} orders; net revenue {:?} (Online {:?}); {total} active customers",
        ds.lines.len(),
        ds.customers.len(),
        ds.order_ids.len(),
        net.0,
        net.1
    );
    println!("| step | median ms | best ms |");
    println!("|---|---:|---:|");
    for (name, (median, best)) in [
        ("build dataset from the parsed table", build),
        ("overview: 15 KPI cards + charts", overview),
        ("overview with a filter (channel)", with_filter),
        ("customer list page (active, by revenue)", page),
    ] {
        println!("| {name} | {median:.1} | {best:.1} |");
    }
}
