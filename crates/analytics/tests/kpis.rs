//! Every KPI of the overview on a hand-made fixture (tests/data/kpi_orders.csv
//! and kpi_customers.csv), with the expected values worked out below.
//!
//! The fixture (returns are negative lines; customer ids vary in case and
//! spaces; two lines have no order id; one has no customer):
//!
//! ```text
//! G  2023-09-15  O0   +90
//! A  2023-12-10  O1  +100          B 2023-12-20 O2 +100
//! A  2024-01-05  O3  +200          c 2024-01-15 O4 +30 +70 (one order, two lines)
//! A  2024-02-01  O5  +120 (q2)     B 2024-02-29 O6 +80 (q1)   D 2024-02-10 O7 +100 (q4)
//! D  2024-02-12  R1   -25 (q-1, return)
//! A  2024-03-01  O8  +300          " a " 2024-03-20 O9 +100   E 2024-03-10 O10 +80 (q2)
//! B  2024-03-31  O11  +50          A 2024-03-25 R2 -100 (q-1, return)
//! -  2024-03-15  O12  +20 (no customer)
//! F  2024-03-05  (no id) +60, +40  → one order (customer-day)
//! ```
//! First orders: G 2023-09-15, A 2023-12-10, B 2023-12-20, C 2024-01-15,
//! D 2024-02-10, F 2024-03-05, E 2024-03-10.
//!
//! March 2024 (P) against February 2024 (P′):
//! - gross = 300+100+80+50+20+60+40 = 650; returns = 100; net = 550
//! - orders = O8 O9 O10 O11 O12 F·03-05 = 6; AOV = 650 / 6 = 108.33…
//! - active = A B E F = 4; new = E F = 2; returning = 2
//! - repeat: only A has two orders → 1 / 4 = 25 %; frequency = 6 / 4 = 1.5
//! - units sold 1+1+2+1+1+1+1 = 8, returned 1 → return rate 12.5 %
//! - February: gross 300, returns 25, net 275, orders 3, active A B D
//!   → growth (550 − 275) / 275 = 100 %; loyalty |{A,B}| / |{A,B,D}| = 66.67 %,
//!   churn 33.33 %
//! - retention: S = ordered in the 180 days to 2024-02-29 (since 2023-09-02):
//!   G A B C D = 5; E = ordered since 2023-10-03 by 2024-03-31: A B C D E F = 6;
//!   (6 − 2) / 5 = 80 %
//! - historical CLV to 2024-03-31: G 90, A 720, B 230, C 100, D 75, E 80, F 100
//!   = 1395 / 7 = 199.2857…; to 2024-02-29: (90+420+180+100+75) / 5 = 173
//!
//! February's own comparison (January: net 300, active A C): growth
//! (275 − 300) / 300 = −8.33 %, loyalty 1 / 2 = 50 %, retention (5 − 1) / 4 = 100 %.
//! The whole file was checked once against a separate Python computation.

// Test helpers may stop the test on a broken fixture.
#![allow(clippy::expect_used)]

mod common;

use analytics::dataset::{BuildOptions, Dataset, SourceTable};
use analytics::ingest::value::days_from_ymd;
use analytics::kpi::{kpi_cards, Kpi, KpiCard};
use analytics::period::{Comparison, PeriodSpec};
use analytics::query::{FilterChip, Selection};
use analytics::roles::detect;

fn dataset(files: &[&str]) -> Dataset {
    let loaded: Vec<_> = files
        .iter()
        .map(|f| {
            let ingested = common::load(f);
            let mapping = detect(&ingested.table);
            (f.to_string(), ingested, mapping)
        })
        .collect();
    let sources: Vec<SourceTable<'_>> = loaded
        .iter()
        .map(|(name, ing, map)| SourceTable {
            name,
            table: &ing.table,
            mapping: map,
        })
        .collect();
    Dataset::build(&sources, &BuildOptions::default())
}

fn day(y: i32, m: u32, d: u32) -> i32 {
    days_from_ymd(y, m, d).expect("valid date")
}

fn cards(ds: &Dataset, spec: PeriodSpec, comparison: Comparison, filters: &[FilterChip]) -> Vec<KpiCard> {
    let span = ds.day_span().expect("lines");
    let period = spec.resolve(comparison, span);
    kpi_cards(ds, &Selection::of(ds, filters), &period)
}

fn get(cards: &[KpiCard], kpi: Kpi) -> (Option<f64>, Option<f64>) {
    let c = cards.iter().find(|c| c.kpi == kpi).expect("card");
    (c.value, c.previous)
}

fn close(actual: Option<f64>, expected: Option<f64>, what: &str) {
    match (actual, expected) {
        (Some(a), Some(e)) => assert!((a - e).abs() < 1e-9, "{what}: {a} != {e}"),
        _ => assert_eq!(actual, expected, "{what}"),
    }
}

#[test]
fn march_against_february() {
    let ds = dataset(&["kpi_orders.csv", "kpi_customers.csv"]);
    assert_eq!(ds.lines.len(), 18);
    // The default period is the latest full month: the data ends on 31 March.
    let c = cards(&ds, PeriodSpec::LatestMonth, Comparison::Previous, &[]);
    let expected: [(Kpi, Option<f64>, Option<f64>); 15] = [
        (Kpi::NetRevenue, Some(550.0), Some(275.0)),
        (Kpi::GrossSales, Some(650.0), Some(300.0)),
        (Kpi::Orders, Some(6.0), Some(3.0)),
        (Kpi::AverageOrderValue, Some(650.0 / 6.0), Some(100.0)),
        (Kpi::SalesGrowthRate, Some(100.0), Some(-25.0 / 300.0 * 100.0)),
        (Kpi::ActiveCustomers, Some(4.0), Some(3.0)),
        (Kpi::NewCustomers, Some(2.0), Some(1.0)),
        (Kpi::ReturningCustomers, Some(2.0), Some(2.0)),
        (Kpi::RepeatCustomerRate, Some(25.0), Some(0.0)),
        (Kpi::PurchaseFrequency, Some(1.5), Some(1.0)),
        (Kpi::ProductReturnRate, Some(12.5), Some(100.0 / 7.0)),
        (Kpi::LoyaltyRate, Some(200.0 / 3.0), Some(50.0)),
        (Kpi::ChurnRate, Some(100.0 / 3.0), Some(50.0)),
        (Kpi::CustomerRetentionRate, Some(80.0), Some(100.0)),
        (Kpi::HistoricalClvMean, Some(1395.0 / 7.0), Some(173.0)),
    ];
    for (kpi, value, previous) in expected {
        let (v, p) = get(&c, kpi);
        close(v, value, kpi.key());
        close(p, previous, &format!("{} (previous)", kpi.key()));
    }
    // The sparkline's last point is P, the one before it P′.
    let net = c.iter().find(|c| c.kpi == Kpi::NetRevenue).expect("card");
    assert_eq!(net.spark.len(), 12);
    assert_eq!(&net.spark[8..], &[Some(200.0), Some(300.0), Some(275.0), Some(550.0)]);
}

#[test]
fn an_empty_period_and_a_year_without_data() {
    let ds = dataset(&["kpi_orders.csv"]);
    let april = cards(
        &ds,
        PeriodSpec::Month { day: day(2024, 4, 10) },
        Comparison::Previous,
        &[],
    );
    close(get(&april, Kpi::NetRevenue).0, Some(0.0), "net");
    close(
        get(&april, Kpi::AverageOrderValue).0,
        None,
        "aov of no orders is undefined",
    );
    close(get(&april, Kpi::SalesGrowthRate).0, Some(-100.0), "growth");
    close(get(&april, Kpi::LoyaltyRate).0, Some(0.0), "loyalty");
    close(get(&april, Kpi::ChurnRate).0, Some(100.0), "churn");
    close(get(&april, Kpi::RepeatCustomerRate).0, None, "repeat of nobody");
    // Same month a year earlier had no revenue: growth is n/a, not infinite.
    let yoy = cards(&ds, PeriodSpec::LatestMonth, Comparison::Yoy, &[]);
    close(get(&yoy, Kpi::NetRevenue).1, Some(0.0), "March 2023");
    close(get(&yoy, Kpi::SalesGrowthRate).0, None, "growth against nothing");
}

#[test]
fn custom_range_on_period_edges() {
    let ds = dataset(&["kpi_orders.csv"]);
    // 29 Feb – 1 Mar: O6 (B, 80) and O8 (A, 300); the two days before
    // (27–28 Feb) have nothing.
    let c = cards(
        &ds,
        PeriodSpec::Custom {
            from: day(2024, 2, 29),
            to: day(2024, 3, 1),
        },
        Comparison::Previous,
        &[],
    );
    close(get(&c, Kpi::NetRevenue).0, Some(380.0), "net");
    close(get(&c, Kpi::NetRevenue).1, Some(0.0), "net before");
    close(get(&c, Kpi::Orders).0, Some(2.0), "orders");
    close(get(&c, Kpi::NewCustomers).0, Some(0.0), "new");
}

#[test]
fn filters_by_order_and_customer_columns() {
    let ds = dataset(&["kpi_orders.csv", "kpi_customers.csv"]);
    // Online in March: O8 A 300, O10 E 80, O12 (no customer) 20, F 60+40.
    let online = [FilterChip {
        dim: "orders.channel".into(),
        values: vec!["Online".into()],
    }];
    let c = cards(&ds, PeriodSpec::LatestMonth, Comparison::Previous, &online);
    close(get(&c, Kpi::NetRevenue).0, Some(500.0), "online net");
    close(get(&c, Kpi::Orders).0, Some(4.0), "online orders");
    close(get(&c, Kpi::ActiveCustomers).0, Some(3.0), "online customers");
    // Region North (customers file): A, C, E, G. March: A 300+100−100, E 80.
    let north = [FilterChip {
        dim: "customers.region".into(),
        values: vec!["North".into()],
    }];
    let c = cards(&ds, PeriodSpec::LatestMonth, Comparison::Previous, &north);
    close(get(&c, Kpi::NetRevenue).0, Some(380.0), "north net");
    close(get(&c, Kpi::ActiveCustomers).0, Some(2.0), "north customers");
    close(get(&c, Kpi::NewCustomers).0, Some(1.0), "north new");
}

#[test]
fn kpis_needing_missing_columns_say_so() {
    let ds = dataset(&["kpi_customers.csv"]);
    assert!(ds.day_span().is_none());
    let ds2 = Dataset::default();
    let period = PeriodSpec::All.resolve(Comparison::Previous, analytics::period::DayRange::new(0, 0));
    let cards = kpi_cards(&ds2, &Selection::All, &period);
    assert!(cards.iter().all(|c| c.value.is_none()));
    assert_eq!(cards[0].needs.as_deref(), Some("orders.order_date"));
    drop(ds);
}

fn cli_kpis(args: &[&str]) -> serde_json::Value {
    let data = format!("{}/../../tests/data", env!("CARGO_MANIFEST_DIR"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_custdash"))
        .arg("kpis")
        .arg(format!("{data}/kpi_orders.csv"))
        .arg(format!("{data}/kpi_customers.csv"))
        .args(args)
        .output()
        .expect("custdash runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
fn cli_kpis_prints_every_kpi_with_its_previous_value() {
    let default = cli_kpis(&[]);
    let explicit = cli_kpis(&["--from", "2024-03-01", "--to", "2024-03-31", "--compare", "previous"]);
    assert_eq!(default, explicit);
    let keys: Vec<&str> = default
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, Kpi::ALL.map(|k| k.key()));
    assert_eq!(default["net_revenue"]["value"], 550.0);
    assert_eq!(default["net_revenue"]["previous"], 275.0);
    assert_eq!(default["customer_retention_rate"]["value"], 80.0);
    // Year on year: March 2023 had no orders, so growth is null.
    let yoy = cli_kpis(&["--compare", "yoy"]);
    assert_eq!(yoy["net_revenue"]["previous"], 0.0);
    assert!(yoy["sales_growth_rate"]["value"].is_null());
    // A custom range: 1–10 March (O8 300, F 100, E 80), against 20–29 February (O6 80).
    let custom = cli_kpis(&["--from", "2024-03-01", "--to", "2024-03-10"]);
    assert_eq!(custom["net_revenue"]["value"], 480.0);
    assert_eq!(custom["net_revenue"]["previous"], 80.0);
}

/// The overview scans the trend charts' months once and lets the KPI cards
/// reuse the ones they need; the cards must equal those of a separate
/// computation for every kind of period, comparison and filter.
#[test]
fn the_overview_reuses_its_month_scan_without_changing_a_card() {
    use analytics::dashboard::dashboard;
    use analytics::query::Query;
    let ds = dataset(&["kpi_orders.csv", "kpi_customers.csv"]);
    let specs = [
        PeriodSpec::LatestMonth,
        PeriodSpec::Month { day: day(2024, 2, 10) },
        PeriodSpec::Quarter { day: day(2024, 1, 1) },
        PeriodSpec::Year { day: day(2024, 3, 1) },
        PeriodSpec::Custom {
            from: day(2024, 1, 10),
            to: day(2024, 3, 15),
        },
        PeriodSpec::All,
    ];
    let web = [FilterChip {
        dim: "orders.channel".into(),
        values: vec!["Online".into()],
    }];
    let mut compared = 0;
    for spec in specs {
        for comparison in [Comparison::Previous, Comparison::Yoy] {
            for filters in [&[][..], &web[..]] {
                let query = Query {
                    period: spec,
                    comparison,
                    filters: filters.to_vec(),
                };
                let overview = dashboard(&ds, &query).cards;
                assert_eq!(overview, cards(&ds, spec, comparison, filters), "{query:?}");
                compared += overview.iter().filter(|c| c.value.is_some()).count();
            }
        }
    }
    // Most cards have values (not a comparison of empty cards).
    assert!(compared > 6 * 2 * 2 * 10, "{compared}");
}
