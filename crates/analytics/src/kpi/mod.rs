//! KPI values for a query: P, P′ and the twelve-period sparkline of every
//! KPI in [`Kpi::ALL`], from a handful of passes over the lines (see
//! [`scan`] and [`sweep`]).

mod defs;
pub mod scan;
pub mod sweep;

use serde::{Deserialize, Serialize};

pub use defs::{Kpi, Unit};
use scan::{PeriodStats, Scan, Scanned};
use sweep::{sweep, AsOf};

use crate::dataset::Dataset;
use crate::period::{DayRange, ResolvedPeriod};
use crate::query::Selection;

/// Days without an order after which a customer counts as churned (KPIS.md).
pub const INACTIVITY_WINDOW: i32 = 180;

/// One KPI's numbers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KpiCard {
    /// Which KPI.
    pub kpi: Kpi,
    /// Value in P (`None`: undefined or missing inputs).
    pub value: Option<f64>,
    /// Value in P′.
    pub previous: Option<f64>,
    /// Values of the twelve periods ending with P, oldest first.
    pub spark: Vec<Option<f64>>,
    /// `table.column` the KPI needs when the data lacks it.
    pub needs: Option<String>,
}

/// Everything a KPI value is computed from, for one period.
#[derive(Clone, Debug, Default)]
struct Facts {
    stats: PeriodStats,
    prev_net: Option<f64>,
    loyalty: Option<f64>,
    retention: Option<f64>,
    clv: Option<f64>,
}

fn ratio(a: f64, b: f64) -> Option<f64> {
    (b != 0.0).then(|| a / b)
}

impl Facts {
    fn value(&self, kpi: Kpi, by_quantity: bool) -> Option<f64> {
        let s = &self.stats;
        let (orders, active) = (f64::from(s.orders), f64::from(s.active));
        match kpi {
            Kpi::NetRevenue => Some(s.net()),
            Kpi::GrossSales => Some(s.gross),
            Kpi::Orders => Some(orders),
            Kpi::AverageOrderValue => ratio(s.gross, orders),
            Kpi::SalesGrowthRate => self.prev_net.and_then(|p| ratio(s.net() - p, p)).map(|r| r * 100.0),
            Kpi::ActiveCustomers => Some(active),
            Kpi::NewCustomers => Some(f64::from(s.new)),
            Kpi::ReturningCustomers => Some(f64::from(s.active - s.new)),
            Kpi::RepeatCustomerRate => ratio(f64::from(s.repeat), active).map(|r| r * 100.0),
            Kpi::PurchaseFrequency => ratio(orders, active),
            Kpi::ProductReturnRate => if by_quantity {
                ratio(s.units_returned, s.units_sold)
            } else {
                ratio(s.returns, s.gross)
            }
            .map(|r| r * 100.0),
            Kpi::LoyaltyRate => self.loyalty,
            Kpi::ChurnRate => self.loyalty.map(|l| 100.0 - l),
            Kpi::CustomerRetentionRate => self.retention,
            Kpi::HistoricalClvMean => self.clv,
        }
    }
}

/// Loyalty of `cur` against `prev`: the share of `prev`'s active customers
/// still active in `cur`.
fn loyalty(scan_prev: &Scan, i_prev: usize, scan_cur: &Scan, i_cur: usize) -> Option<f64> {
    let prev = scan_prev.active.get(i_prev)?;
    let cur = scan_cur.active.get(i_cur)?;
    let base = prev.len();
    (base > 0).then(|| prev.intersection_len(cur) as f64 / base as f64 * 100.0)
}

/// The KPIs of a resolved period over the `selected` lines.
pub fn kpi_cards(ds: &Dataset, selected: &Selection, period: &ResolvedPeriod) -> Vec<KpiCard> {
    kpi_cards_and_clv(ds, selected, period, None).0
}

/// The KPI cards, and the historical CLV of each customer at the end of P
/// (from the same walk through time, so the CLV chart costs no extra pass).
/// Periods found in `known` (scanned with the same selection) are not
/// scanned again.
pub fn kpi_cards_and_clv(
    ds: &Dataset,
    selected: &Selection,
    period: &ResolvedPeriod,
    known: Option<&Scanned>,
) -> (Vec<KpiCard>, Vec<f64>) {
    // Steps: the twelve sparkline periods with one more before them, so the
    // first step has a predecessor for growth and loyalty.
    let mut steps = vec![period.before_steps];
    steps.extend(period.steps.iter().copied());
    let steps_scan = match known {
        Some(k) if k.covers(&steps) => None,
        _ => Some(Scanned::new(ds, selected, steps.clone())),
    };
    let scanned: Vec<&Scanned> = steps_scan.iter().chain(known).collect();
    // P and P′ with their own comparison periods, unless they are steps.
    let cur = period.current;
    let prev = period.previous;
    let prev_of_prev = period.before_previous;
    let wanted: Vec<DayRange> = [Some(cur), prev, prev_of_prev].into_iter().flatten().collect();
    let extra: Vec<DayRange> = wanted
        .iter()
        .copied()
        .filter(|r| scanned.iter().all(|s| s.find(*r).is_none()))
        .collect();
    // The extras may overlap each other (a custom P next to its P′ is fine,
    // "all data" is not): scan them one at a time.
    let extra_scans: Vec<Scanned> = extra.iter().map(|r| Scanned::new(ds, selected, vec![*r])).collect();
    let find = |r: DayRange| -> Option<(&Scan, usize)> {
        scanned
            .iter()
            .copied()
            .chain(&extra_scans)
            .find_map(|s| s.find(r).map(|i| (&s.scan, i)))
    };

    // "As of" days: the day before each period and its last day.
    let mut days: Vec<i32> = Vec::new();
    for r in steps.iter().chain(&wanted) {
        days.push(r.from - 1);
        days.push(r.to);
    }
    days.sort_unstable();
    days.dedup();
    let as_of = sweep(ds, selected, &days, INACTIVITY_WINDOW, &[cur.to]);
    let at = |d: i32| -> Option<&AsOf> { days.iter().position(|&x| x == d).and_then(|i| as_of.get(i)) };

    let facts = |r: DayRange, before: Option<DayRange>| -> Facts {
        let found = find(r);
        let stats = found.and_then(|(sc, i)| sc.stats.get(i).copied()).unwrap_or_default();
        let (prev_net, loyalty) = match (before.and_then(find), found) {
            (Some((bs, bi)), Some((sc, i))) => (bs.stats.get(bi).map(PeriodStats::net), self::loyalty(bs, bi, sc, i)),
            _ => (None, None),
        };
        let retention = match (at(r.from - 1), at(r.to)) {
            (Some(s), Some(e)) if s.on_books > 0 => {
                Some((f64::from(e.on_books) - f64::from(stats.new)) / f64::from(s.on_books) * 100.0)
            }
            _ => None,
        };
        Facts {
            stats,
            prev_net,
            loyalty,
            retention,
            clv: at(r.to).and_then(AsOf::clv_mean),
        }
    };
    let current = facts(cur, prev);
    let previous = prev.map(|p| facts(p, prev_of_prev));
    let spark: Vec<Facts> = (1..steps.len()).map(|k| facts(steps[k], Some(steps[k - 1]))).collect();
    let by_quantity = ds.coverage.quantity;
    let clv = at(cur.to).and_then(|a| a.per_customer.clone()).unwrap_or_default();
    let cards = Kpi::ALL
        .into_iter()
        .map(|kpi| match kpi.needs(&ds.coverage) {
            Some(needs) => KpiCard {
                kpi,
                value: None,
                previous: None,
                spark: Vec::new(),
                needs: Some(needs.to_string()),
            },
            None => KpiCard {
                kpi,
                value: current.value(kpi, by_quantity),
                previous: previous.as_ref().and_then(|p| p.value(kpi, by_quantity)),
                spark: spark.iter().map(|f| f.value(kpi, by_quantity)).collect(),
                needs: None,
            },
        })
        .collect();
    (cards, clv)
}
