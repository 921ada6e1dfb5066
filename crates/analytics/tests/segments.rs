//! RFM on a hand-made fixture (tests/data/rfm_orders.csv) with returns,
//! same-day orders and ids that differ in case, with the expected values
//! worked out below; clusters on the same engine; `custdash segments`.
//!
//! The last order is on 2024-03-31, so the analysis date is 2024-04-01.
//! Per customer, in order of first appearance (A's lowercase `a` is A):
//!
//! ```text
//!      orders (non-return)        last order  recency  F  M
//! A    O1 01-05, O4+O5 02-15      02-15       46       3  100+40+60−100 (R1) = 100
//! B    O2 01-10, O8 03-05, O14    03-31       1        3  50+70+25 = 145
//! C    O3 02-01 (two lines)       02-01       60       1  230
//! D    O6 03-01                   03-01       31       1  500
//! E    O7 03-03                   03-03       29       1  20
//! F    O9 03-10                   03-10       22       1  80
//! G    O10 03-10                  03-10       22       1  80
//! H    O11 03-20, R2 −10          03-20       12       1  0
//! I    O12 03-28                  03-28       4        1  300
//! J    O13 03-31                  03-31       1        1  45
//! ```
//! Ten customers: rank k (worst first, ties by first appearance) scores
//! ⌊5k/10⌋ + 1, two customers per score.
//! - R (longest recency worst): C A | D E | F G | H I | B J → C1 A1 D2 E2 F3 G3 H4 I4 B5 J5
//! - F (fewest worst): C D | E F | G H | I J | A B → C1 D1 E2 F2 G3 H3 I4 J4 A5 B5
//! - M (least worst): H E | J F | G A | B C | I D → H1 E1 J2 F2 G3 A3 B4 C4 I5 D5
//!
//! Codes and KPIS.md segments: A 153 At Risk, B 554 Champions, C 114 and
//! D 215 Can't Lose Them, E 221 About To Sleep, F 322 Hibernating, G 333,
//! H 431 and J 542 Potential Loyalist, I 445 Champions.
//!
//! As of 2024-03-01 only A (F 3, last 02-15, M 100), B (F 1, 01-10, M 50) and
//! C (F 1, 02-01, M 230) have ordered; three customers score ⌊5k/3⌋ + 1 =
//! 1, 2, 4. Recency B 51, C 29, A 15 → R B1 C2 A4; frequency B 1, C 1 (B
//! first), A 3 → F B1 C2 A4; monetary B 50, A 100, C 230 → M B1 A2 C4.
//! A 442 Potential Loyalist, B 111 Lost, C 224 At Risk.

#![allow(clippy::expect_used)]

mod common;

use analytics::engine::Engine;
use analytics::ingest::value::days_from_ymd;
use analytics::period::{Comparison, PeriodSpec};
use analytics::protocol::{WorkerRequest, WorkerResponse};
use analytics::query::{FilterChip, Query};
use analytics::segment::report::{segment_report, SegmentRequest};
use analytics::segment::{RfmSegment, SegmentSettings, Segmentation};

fn day(y: i32, m: u32, d: u32) -> i32 {
    days_from_ymd(y, m, d).expect("valid date")
}

/// (id, recency, frequency, monetary, r, f, m, segment) of a scored customer.
type Row = (String, i32, u32, f64, u8, u8, u8, RfmSegment);

fn rows(engine: &mut Engine, settings: &SegmentSettings) -> Vec<Row> {
    let (ds, model) = engine.segments(settings, false);
    model
        .rfm
        .rows
        .iter()
        .map(|r| {
            (
                ds.customers.ids[r.customer as usize].clone(),
                r.recency_days,
                r.frequency,
                r.monetary,
                r.r,
                r.f,
                r.m,
                r.segment,
            )
        })
        .collect()
}

#[test]
fn rfm_with_returns_same_day_orders_and_ties() {
    use RfmSegment::*;
    let mut e = common::engine_with(&["rfm_orders.csv"]);
    let got = rows(&mut e, &SegmentSettings::default());
    let want = [
        ("A", 46, 3, 100.0, 1, 5, 3, AtRisk),
        ("B", 1, 3, 145.0, 5, 5, 4, Champions),
        ("C", 60, 1, 230.0, 1, 1, 4, CantLoseThem),
        ("D", 31, 1, 500.0, 2, 1, 5, CantLoseThem),
        ("E", 29, 1, 20.0, 2, 2, 1, AboutToSleep),
        ("F", 22, 1, 80.0, 3, 2, 2, Hibernating),
        ("G", 22, 1, 80.0, 3, 3, 3, PotentialLoyalist),
        ("H", 12, 1, 0.0, 4, 3, 1, PotentialLoyalist),
        ("I", 4, 1, 300.0, 4, 4, 5, Champions),
        ("J", 1, 1, 45.0, 5, 4, 2, PotentialLoyalist),
    ];
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(want) {
        assert_eq!(
            (g.0.as_str(), g.1, g.2, g.4, g.5, g.6, g.7),
            (w.0, w.1, w.2, w.4, w.5, w.6, w.7)
        );
        assert!((g.3 - w.3).abs() < 1e-9, "{} monetary {} != {}", g.0, g.3, w.3);
    }
}

#[test]
fn an_earlier_analysis_date_sees_only_earlier_orders() {
    use RfmSegment::*;
    let mut e = common::engine_with(&["rfm_orders.csv"]);
    let settings = SegmentSettings {
        as_of: Some(day(2024, 3, 1)),
        ..SegmentSettings::default()
    };
    let got: Vec<(String, i32, u32, u8, u8, u8, RfmSegment)> = rows(&mut e, &settings)
        .into_iter()
        .map(|r| (r.0, r.1, r.2, r.4, r.5, r.6, r.7))
        .collect();
    assert_eq!(
        got,
        [
            ("A".to_string(), 15, 3, 4, 4, 2, PotentialLoyalist),
            ("B".to_string(), 51, 1, 1, 1, 1, Lost),
            ("C".to_string(), 29, 1, 2, 2, 4, AtRisk),
        ]
    );
}

#[test]
fn a_segment_filters_the_overview() {
    // Champions are B and I: March net revenue 70 + 25 + 300 = 395 over 3 orders.
    let mut e = common::engine_with(&["rfm_orders.csv"]);
    let query = Query {
        period: PeriodSpec::Month { day: day(2024, 3, 1) },
        comparison: Comparison::Previous,
        filters: vec![FilterChip {
            dim: "segment.rfm".into(),
            values: vec!["Champions".into()],
        }],
    };
    let WorkerResponse::Dashboard { result, .. } =
        e.handle(WorkerRequest::Dashboard { seq: 1, query }, None, &mut |_| {})
    else {
        panic!("no dashboard");
    };
    let card = |key: &str| result.cards.iter().find(|c| c.kpi.key() == key).and_then(|c| c.value);
    assert_eq!(card("net_revenue"), Some(395.0));
    assert_eq!(card("orders"), Some(3.0));
    assert_eq!(card("active_customers"), Some(2.0));
    // The R×F cell R5 F5 holds only B: 70 + 25 in March.
    let cell = Query {
        period: PeriodSpec::Month { day: day(2024, 3, 1) },
        comparison: Comparison::Previous,
        filters: vec![
            FilterChip {
                dim: "segment.r_score".into(),
                values: vec!["5".into()],
            },
            FilterChip {
                dim: "segment.f_score".into(),
                values: vec!["5".into()],
            },
        ],
    };
    let WorkerResponse::Dashboard { result, .. } =
        e.handle(WorkerRequest::Dashboard { seq: 2, query: cell }, None, &mut |_| {})
    else {
        panic!("no dashboard");
    };
    let net = result
        .cards
        .iter()
        .find(|c| c.kpi.key() == "net_revenue")
        .and_then(|c| c.value);
    assert_eq!(net, Some(95.0));
}

#[test]
fn segment_report_counts_and_panels() {
    let mut e = common::engine_with(&["rfm_orders.csv"]);
    let request = SegmentRequest {
        query: Query {
            period: PeriodSpec::Month { day: day(2024, 3, 1) },
            ..Query::default()
        },
        segmentation: Segmentation::Rfm,
        selected: Some("Potential Loyalist".into()),
    };
    let (ds, model) = e.segments(&SegmentSettings::default(), false);
    let report = segment_report(ds, model, &request);
    let count = |slug: &str| report.segments.iter().find(|s| s.slug == slug).map(|s| s.customers);
    assert_eq!(count("champions"), Some(2));
    assert_eq!(count("potential-loyalist"), Some(3));
    assert_eq!(count("cant-lose-them"), Some(2));
    assert_eq!(count("loyal"), Some(0));
    assert_eq!(report.segments.iter().map(|s| s.customers).sum::<usize>(), 10);
    // R×F grid: row R5 (index 0) holds B (F5) and J (F4).
    assert_eq!(report.rf_grid.counts[0], [0, 0, 0, 1, 1]);
    let panel = report.panel.expect("panel");
    // G, H, J: in March G 80, H 10 − 10, J 45 → net 125.
    let net = panel
        .kpis
        .iter()
        .find(|c| c.kpi.key() == "net_revenue")
        .and_then(|c| c.value);
    assert_eq!(net, Some(125.0));
    assert_eq!(panel.customers, 3);
    assert!((panel.share - 30.0).abs() < 1e-9);
    // Scores are listed best first, whatever the segment's shares: R5 (B
    // and J) leads, and the values run down from there.
    let r = panel
        .characteristics
        .iter()
        .find(|c| c.label == "R score")
        .expect("R score");
    let scores: Vec<u8> = r.values.iter().map(|v| v.0.parse().expect("a score")).collect();
    assert_eq!(scores.first(), Some(&5));
    assert!(scores.windows(2).all(|w| w[0] > w[1]), "{scores:?}");
    // Migration: as of 2024-03-01 A, B, C were scored; by 2024-04-01 all ten.
    let m = report.migration.expect("migration");
    let total: u32 = m.flows.iter().map(|f| f.2).sum();
    assert_eq!(total, 10);
    let newcomers: u32 = m.flows.iter().filter(|f| f.0 == m.names.len() - 1).map(|f| f.2).sum();
    assert_eq!(newcomers, 7);
}

#[test]
fn clusters_repeat_and_cover_every_scored_customer() {
    let mut a = common::engine_with(&["rfm_orders.csv"]);
    let mut b = common::engine_with(&["rfm_orders.csv"]);
    let settings = SegmentSettings {
        k: Some(3),
        ..SegmentSettings::default()
    };
    let la = a.segments(&settings, true).1.clustering.clone().expect("clusters");
    let lb = b.segments(&settings, true).1.clustering.clone().expect("clusters");
    assert_eq!(la.labels, lb.labels);
    assert_eq!(la.k, 3);
    assert_eq!(la.clusters.iter().map(|c| c.customers).sum::<usize>(), 10);
    // Auto k tries 2..8 on ten customers and keeps the best silhouette.
    let auto = a
        .segments(&SegmentSettings::default(), true)
        .1
        .clustering
        .clone()
        .expect("clusters");
    assert!(auto.auto_k);
    let best = auto.silhouettes.iter().map(|s| s.1).fold(f64::MIN, f64::max);
    assert_eq!(auto.silhouettes.iter().find(|s| s.1 == best).map(|s| s.0), Some(auto.k));
}

#[test]
fn cli_prints_the_worked_example() {
    let data = format!("{}/../../tests/data", env!("CARGO_MANIFEST_DIR"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_custdash"))
        .args(["segments", &format!("{data}/rfm_orders.csv")])
        .output()
        .expect("custdash runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "customer_id,recency_days,frequency,monetary,r,f,m,rfm_code,segment\n\
         A,46,3,100,1,5,3,153,At Risk\n\
         B,1,3,145,5,5,4,554,Champions\n\
         C,60,1,230,1,1,4,114,Can't Lose Them\n\
         D,31,1,500,2,1,5,215,Can't Lose Them\n\
         E,29,1,20,2,2,1,221,About To Sleep\n\
         F,22,1,80,3,2,2,322,Hibernating\n\
         G,22,1,80,3,3,3,333,Potential Loyalist\n\
         H,12,1,0,4,3,1,431,Potential Loyalist\n\
         I,4,1,300,4,4,5,445,Champions\n\
         J,1,1,45,5,4,2,542,Potential Loyalist\n"
    );
    let kmeans = std::process::Command::new(env!("CARGO_BIN_EXE_custdash"))
        .args([
            "segments",
            &format!("{data}/rfm_orders.csv"),
            "--method",
            "kmeans",
            "--k",
            "2",
        ])
        .output()
        .expect("custdash runs");
    let text = String::from_utf8_lossy(&kmeans.stdout);
    assert!(text.starts_with("customer_id,recency_days,frequency,monetary,r,f,m,rfm_code,segment,cluster\n"));
    assert_eq!(text.lines().count(), 11);
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_custdash"))
        .args(["segments", &format!("{data}/rfm_orders.csv"), "--k", "zero"])
        .output()
        .expect("custdash runs");
    assert_eq!(bad.status.code(), Some(2));
}

/// Customers per segment name of a report.
fn counts(report: &analytics::segment::report::SegmentReport) -> Vec<(String, usize)> {
    report.segments.iter().map(|s| (s.name.clone(), s.customers)).collect()
}

#[test]
fn attribute_segments_alone_banded_and_crossed_with_rfm() {
    // rfm_customers.csv: regions North A C E G I, South B D F H, "<b>West</b>" J;
    // ages A 22, B 30, C 41, D 50, E 67, F 35, G 25, H unknown, I 24, J 64.
    let mut e = common::engine_with(&["rfm_orders.csv", "rfm_customers.csv"]);
    let (ds, model) = e.segments(&SegmentSettings::default(), false);
    let report = |segmentation: Segmentation| {
        segment_report(
            ds,
            model,
            &SegmentRequest {
                segmentation,
                ..SegmentRequest::default()
            },
        )
    };
    let by_region = report(Segmentation::Attribute {
        key: "customers.region".into(),
        cross_rfm: false,
    });
    assert_eq!(
        counts(&by_region),
        [("North".into(), 5), ("South".into(), 4), ("<b>West</b>".into(), 1)]
    );
    assert_eq!(by_region.segments[2].slug, "b-west-b");
    let by_age = report(Segmentation::Attribute {
        key: "customers.age_band".into(),
        cross_rfm: false,
    });
    assert_eq!(
        counts(&by_age),
        [
            ("under 25".into(), 2),
            ("25–34".into(), 2),
            ("35–44".into(), 2),
            ("45–54".into(), 1),
            ("55–64".into(), 1),
            ("65+".into(), 1)
        ]
    );
    let crossed = report(Segmentation::Attribute {
        key: "customers.region".into(),
        cross_rfm: true,
    });
    let mut got = counts(&crossed);
    got.sort();
    let mut want: Vec<(String, usize)> = [
        "North · At Risk",
        "North · Can't Lose Them",
        "North · About To Sleep",
        "North · Potential Loyalist",
        "North · Champions",
        "South · Champions",
        "South · Can't Lose Them",
        "South · Hibernating",
        "South · Potential Loyalist",
        "<b>West</b> · Potential Loyalist",
    ]
    .iter()
    .map(|n| (n.to_string(), 1))
    .collect();
    want.sort();
    assert_eq!(got, want);
    // A crossed segment filters on both columns.
    let north_champions = crossed
        .segments
        .iter()
        .find(|s| s.name == "North · Champions")
        .expect("segment");
    assert_eq!(
        north_champions.filters,
        [
            FilterChip {
                dim: "customers.region".into(),
                values: vec!["North".into()]
            },
            FilterChip {
                dim: "segment.rfm".into(),
                values: vec!["Champions".into()]
            },
        ]
    );
}

#[test]
fn membership_export_has_clusters_and_attributes() {
    let mut e = common::engine_with(&["rfm_orders.csv", "rfm_customers.csv"]);
    let settings = SegmentSettings {
        k: Some(2),
        attributes: vec!["customers.age".into()],
        ..SegmentSettings::default()
    };
    let (ds, model) = e.segments(&settings, true);
    let csv = analytics::segment::export::segments_csv(
        ds,
        model,
        analytics::segment::export::ExportColumns {
            cluster: true,
            attributes: true,
        },
    );
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "customer_id,recency_days,frequency,monetary,r,f,m,rfm_code,segment,cluster,region,age_band"
    );
    assert_eq!(lines.len(), 11);
    // J: the region cell is text, the cluster one of the two.
    let j = lines.iter().find(|l| l.starts_with("J,")).expect("J");
    assert!(j.starts_with("J,1,1,45,5,4,2,542,Potential Loyalist,"), "{j}");
    assert!(j.ends_with(",<b>West</b>,55–64"), "{j}");
    assert_eq!(model.clustering.as_ref().map(|c| c.features.len()), Some(4));
}

#[test]
fn any_analysis_date_and_segmentation_gives_a_page() {
    // Before all orders (nobody scored), inside the data, and long after;
    // with clusters fitted on nobody, migration and panels must still answer.
    let mut e = common::engine_with(&["rfm_orders.csv", "rfm_customers.csv"]);
    let periods = [PeriodSpec::All, PeriodSpec::Month { day: day(2024, 3, 1) }];
    for (as_of, period) in [day(2000, 1, 1), day(2024, 2, 16), day(2030, 1, 1)]
        .into_iter()
        .flat_map(|d| periods.iter().map(move |p| (d, *p)))
    {
        for k in [None, Some(2), Some(8)] {
            let settings = SegmentSettings {
                as_of: Some(as_of),
                k,
                attributes: vec!["customers.age".into()],
            };
            for segmentation in [
                Segmentation::Rfm,
                Segmentation::Clusters,
                Segmentation::Attribute {
                    key: "customers.age_band".into(),
                    cross_rfm: true,
                },
                Segmentation::Attribute {
                    key: "customers.no_such_column".into(),
                    cross_rfm: false,
                },
            ] {
                let (ds, model) = e.segments(&settings, true);
                let selected = Some(match segmentation {
                    Segmentation::Rfm => "Champions".to_string(),
                    _ => "C1 · average".to_string(),
                });
                let report = segment_report(
                    ds,
                    model,
                    &SegmentRequest {
                        query: Query {
                            period,
                            ..Query::default()
                        },
                        segmentation,
                        selected,
                    },
                );
                let total: usize = report.segments.iter().map(|s| s.customers).sum();
                assert!(total <= report.scored);
                if as_of == day(2000, 1, 1) {
                    assert_eq!(report.scored, 0);
                }
            }
        }
    }
}

#[test]
fn engagement_and_pipeline_panels_when_their_tables_are_loaded() {
    use analytics::segment::panel::Needs;
    let request = SegmentRequest {
        selected: Some("Potential Loyalist".into()),
        ..SegmentRequest::default()
    };
    // Without the tables the panels say what they need.
    let mut bare = common::engine_with(&["rfm_orders.csv"]);
    let (ds, model) = bare.segments(&SegmentSettings::default(), false);
    let panel = segment_report(ds, model, &request).panel.expect("panel");
    assert_eq!(panel.engagement, Needs::Needs("engagement.opened".into()));
    assert_eq!(panel.pipeline, Needs::Needs("opportunities.amount".into()));
    // Potential Loyalist is G, H, J. Emails: G opened, H not, J one opened
    // and clicked, one not → 4 sent, 2 opened (50 %), 1 clicked (25 %).
    // Opportunities: G 1000 Proposal, H 300 Negotiation open; J 500 Closed Won
    // is not pipeline → 1300.
    let mut e = common::engine_with(&["rfm_orders.csv", "rfm_engagement.csv", "rfm_opportunities.csv"]);
    let (ds, model) = e.segments(&SegmentSettings::default(), false);
    let panel = segment_report(ds, model, &request).panel.expect("panel");
    let Needs::Value(eng) = panel.engagement else {
        panic!("no engagement");
    };
    assert_eq!((eng.sent, eng.open_rate, eng.click_rate), (4, 50.0, 25.0));
    assert_eq!(panel.pipeline, Needs::Value(1300.0));
}
