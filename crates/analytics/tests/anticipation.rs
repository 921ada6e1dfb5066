//! Overviews worked out ahead (`analytics::anticipation`) through the engine
//! the worker drives: the answers equal the ones computed when asked, and
//! any change of files, mappings or segments forgets them.
//!
//! Fixture: tests/data/kpi_orders.csv and kpi_customers.csv. The default
//! period is March 2024; there, Online sold O8 A 300, O10 E 80, O12 (no
//! customer) 20 and F 60 + 40 = 500, Store O9 100, O11 50 and the return
//! R2 −100 = 50 (the same figures as tests/kpis.rs).

#![allow(clippy::expect_used)]

mod common;

use analytics::anticipation::likely_next;
use analytics::dashboard::DashboardResult;
use analytics::engine::Engine;
use analytics::protocol::{MappingChoice, WorkerRequest, WorkerResponse};
use analytics::query::Query;
use analytics::roles::Role;
use analytics::segment::report::SegmentRequest;
use analytics::segment::{SegmentSettings, Segmentation};

const FILES: [&str; 2] = ["kpi_orders.csv", "kpi_customers.csv"];

fn engine() -> Engine {
    common::engine_with(&FILES)
}

/// The overview for `query` and whether it had been worked out ahead.
fn ask(engine: &mut Engine, query: &Query) -> (Box<DashboardResult>, bool) {
    let request = WorkerRequest::Dashboard {
        seq: 1,
        query: query.clone(),
    };
    match engine.handle(request, None, &mut |_| {}) {
        WorkerResponse::Dashboard {
            result, anticipated, ..
        } => (result, anticipated),
        other => panic!("no dashboard: {other:?}"),
    }
}

fn net_revenue(result: &DashboardResult) -> Option<f64> {
    result
        .cards
        .iter()
        .find(|c| c.kpi.key() == "net_revenue")
        .and_then(|c| c.value)
}

fn with(dim: &str, value: &str) -> Query {
    let mut q = Query::default();
    q.add_value(dim, value);
    q
}

/// Works out everything planned; returns how many overviews that was.
fn think_ahead(engine: &mut Engine) -> usize {
    std::iter::from_fn(|| engine.anticipate_one().then_some(())).count()
}

#[test]
fn overviews_worked_out_ahead_equal_the_ones_computed_when_asked() {
    let mut e = engine();
    let (base, anticipated) = ask(&mut e, &Query::default());
    assert!(!anticipated);
    let planned = likely_next(&Query::default(), &base.dims);
    // Channels Online, Store; categories; regions; industries; RFM
    // segments and attribute bands: one query per value.
    assert!(planned.len() > 8, "{}", planned.len());
    assert_eq!(think_ahead(&mut e), planned.len());
    assert!(!e.anticipate_one(), "nothing is left to do");
    for query in &planned {
        let (kept, anticipated) = ask(&mut e, query);
        let (computed, fresh) = ask(&mut engine(), query);
        assert!(anticipated && !fresh, "{query:?}");
        assert_eq!(kept, computed, "{query:?}");
    }
    let (online, anticipated) = ask(&mut e, &with("orders.channel", "Online"));
    assert!(anticipated);
    assert_eq!(net_revenue(&online), Some(500.0));
    let (store, _) = ask(&mut e, &with("orders.channel", "Store"));
    assert_eq!(net_revenue(&store), Some(50.0));
    // The unfiltered overview, asked again (a chip removed), is kept too.
    assert!(ask(&mut e, &Query::default()).1);
}

#[test]
fn an_answer_plans_the_next_filters_on_top_of_its_own() {
    let mut e = engine();
    let online = with("orders.channel", "Online");
    let (result, _) = ask(&mut e, &online);
    assert_eq!(think_ahead(&mut e), likely_next(&online, &result.dims).len());
    let mut online_north = online.clone();
    online_north.add_value("customers.region", "North");
    // Online and North in March: A 300 (O8), E 80 (O10).
    let (both, anticipated) = ask(&mut e, &online_north);
    assert!(anticipated);
    assert_eq!(net_revenue(&both), Some(380.0));
}

#[test]
fn a_change_of_files_mappings_or_segments_forgets_the_answers() {
    let store = with("orders.channel", "Store");
    let mut e = engine();
    ask(&mut e, &Query::default());
    think_ahead(&mut e);
    assert!(ask(&mut e, &store).1);

    // Segment settings change the segments, which are dimensions.
    let segments = WorkerRequest::Segments {
        seq: 1,
        settings: SegmentSettings {
            k: Some(2),
            ..SegmentSettings::default()
        },
        request: SegmentRequest {
            segmentation: Segmentation::Rfm,
            query: Query::default(),
            selected: None,
        },
    };
    assert!(matches!(
        e.handle(segments, None, &mut |_| {}),
        WorkerResponse::Segments { .. }
    ));
    assert!(!ask(&mut e, &store).1, "asked after the segments changed");

    // The customers file re-mapped as something else: no regions any more.
    ask(&mut e, &Query::default());
    think_ahead(&mut e);
    let north = with("customers.region", "North");
    let (before, anticipated) = ask(&mut e, &north);
    assert!(anticipated);
    assert_eq!(net_revenue(&before), Some(380.0));
    let choice = MappingChoice {
        role: Role::Surveys,
        fields: Vec::new(),
    };
    let remapped = e.handle(WorkerRequest::SetMapping { id: 1, choice }, None, &mut |_| {});
    assert!(matches!(remapped, WorkerResponse::Loaded { .. }), "{remapped:?}");
    let (after, anticipated) = ask(&mut e, &north);
    assert!(!anticipated);
    // A filter on a dimension the data lacks keeps nothing.
    assert_eq!(net_revenue(&after), Some(0.0));

    // A file removed.
    ask(&mut e, &Query::default());
    think_ahead(&mut e);
    assert!(ask(&mut e, &store).1);
    e.handle(WorkerRequest::Remove { id: 0 }, None, &mut |_| {});
    let (gone, anticipated) = ask(&mut e, &store);
    assert!(!anticipated);
    assert_eq!(net_revenue(&gone), None, "no order lines left");
}

#[test]
fn switched_off_every_overview_is_computed_when_asked() {
    let mut e = engine();
    e.set_anticipation(false);
    ask(&mut e, &Query::default());
    assert!(!e.anticipate_one());
    let (online, anticipated) = ask(&mut e, &with("orders.channel", "Online"));
    assert!(!anticipated);
    assert_eq!(net_revenue(&online), Some(500.0));
    assert!(!ask(&mut e, &with("orders.channel", "Online")).1, "not kept either");
}
