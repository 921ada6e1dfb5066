//! The panels of one segment (KPIS.md, "Per-segment panels"): size and
//! growth, characteristics, performance and retention (the overview's KPIs
//! over the segment's customers), purchase behaviour, profitability,
//! satisfaction, engagement, opportunities and the recommended action.

use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

use super::{Membership, RfmSegment, SegmentModel, RFM_DIM};
use crate::charts::{breakdown, Breakdown};
use crate::dataset::{Dataset, DimLevel};
use crate::drill::Status;
use crate::kpi::{kpi_cards, KpiCard, INACTIVITY_WINDOW};
use crate::period::{month_index, month_label, DayRange, ResolvedPeriod};
use crate::query::Selection;
use crate::table::NULL_CODE;

/// Shares of one attribute's values, in the segment and overall.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Characteristic {
    /// Dimension key.
    pub key: String,
    /// Header.
    pub label: String,
    /// (value, % of the segment, % of all scored customers), top six by segment share.
    pub values: Vec<(String, f64, f64)>,
}

/// A category the segment's customers buy, for cross-selling.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CrossSell {
    /// Category.
    pub category: String,
    /// % of the segment's customers who bought it.
    pub buyers_pct: f64,
    /// Members who have not: the campaign's audience.
    pub non_buyers: usize,
}

/// Survey figures of the segment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Satisfaction {
    /// NPS (−100…100), when NPS answers exist.
    pub nps: Option<f64>,
    /// CSAT top-2-box %, when CSAT answers exist.
    pub csat: Option<f64>,
    /// Answers counted.
    pub responses: usize,
}

/// Email engagement of the segment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Engagement {
    /// Emails sent to members.
    pub sent: usize,
    /// Opened / sent × 100.
    pub open_rate: f64,
    /// Clicked / sent × 100.
    pub click_rate: f64,
}

/// A panel's figure, or what the data lacks for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Needs<T> {
    /// The figure.
    Value(T),
    /// `table.column` it needs.
    Needs(String),
}

/// Everything shown for one segment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SegmentPanel {
    /// Name.
    pub name: String,
    /// Customers in it.
    pub customers: usize,
    /// Share of scored customers (%).
    pub share: f64,
    /// Growth: members by month of first order, cumulative (24 months to the analysis date).
    pub growth: (Vec<String>, Vec<u32>),
    /// Attribute distributions against all customers.
    pub characteristics: Vec<Characteristic>,
    /// The overview's KPIs over the segment's customers in P and P′.
    pub kpis: Vec<KpiCard>,
    /// Net revenue by category in P.
    pub categories: Option<Breakdown>,
    /// Net revenue by channel in P.
    pub channels: Option<Breakdown>,
    /// Median days between consecutive orders (up to the analysis date).
    pub days_between_orders: Option<f64>,
    /// Members active / at risk / churned at the analysis date.
    pub status: [usize; 3],
    /// Margin in P and margin % of net revenue.
    pub margin: Needs<(f64, Option<f64>)>,
    /// NPS and CSAT of the members' answers.
    pub satisfaction: Needs<Satisfaction>,
    /// Email engagement of the members.
    pub engagement: Needs<Engagement>,
    /// Open pipeline: the value of the members' opportunities not yet won or lost.
    pub pipeline: Needs<f64>,
    /// Categories most bought by the members, with who has not bought them.
    pub cross_sell: Vec<CrossSell>,
    /// The default recommended action (RFM segments).
    pub action: Option<String>,
}

/// The panels of segment `at` of `m`.
pub fn segment_panel(
    ds: &Dataset,
    model: &SegmentModel,
    m: &Membership,
    at: usize,
    period: &ResolvedPeriod,
    rfm_actions: bool,
) -> SegmentPanel {
    let member: Vec<bool> = m.of.iter().map(|&s| s == at as u32).collect();
    let is_member = |c: u32| c != NULL_CODE && member.get(c as usize).copied().unwrap_or(false);
    let customers = member.iter().filter(|&&x| x).count();
    let scored = model.rfm.rows.len();
    let lines = Selection::Lines(
        (0..ds.lines.len() as u32)
            .filter(|&i| is_member(ds.lines.customer[i as usize]))
            .collect(),
    );
    let window = DayRange::new(i32::MIN / 2, model.rfm.as_of - 1);
    let mut status = [0usize; 3];
    for row in model.rfm.rows.iter().filter(|r| is_member(r.customer)) {
        status[Status::from_days(row.recency_days, INACTIVITY_WINDOW) as usize] += 1;
    }
    SegmentPanel {
        name: m.names[at].clone(),
        customers,
        share: if scored > 0 {
            customers as f64 / scored as f64 * 100.0
        } else {
            0.0
        },
        growth: growth(ds, model, &is_member),
        characteristics: characteristics(ds, model, &is_member),
        kpis: kpi_cards(ds, &lines, period),
        categories: breakdown(ds, &lines, period.current, "orders.category"),
        channels: breakdown(ds, &lines, period.current, "orders.channel"),
        days_between_orders: days_between_orders(ds, &lines, window),
        status,
        margin: margin(ds, &lines, period.current),
        satisfaction: satisfaction(ds, &is_member),
        engagement: engagement(ds, &is_member),
        pipeline: pipeline(ds, &is_member),
        cross_sell: cross_sell(ds, &lines, customers, window),
        action: rfm_actions
            .then(|| RfmSegment::ALL.get(at).map(|s| s.default_action().to_string()))
            .flatten(),
    }
}

fn growth(ds: &Dataset, model: &SegmentModel, is_member: &dyn Fn(u32) -> bool) -> (Vec<String>, Vec<u32>) {
    let last = month_index(model.rfm.as_of - 1);
    let first = last - 23;
    let mut per_month = [0u32; 24];
    let mut before = 0u32;
    for row in model.rfm.rows.iter().filter(|r| is_member(r.customer)) {
        let f = ds.customers.first_day[row.customer as usize];
        let mi = month_index(f);
        if mi < first {
            before += 1;
        } else if mi <= last {
            per_month[(mi - first) as usize] += 1;
        }
    }
    let mut total = before;
    let cumulative = per_month
        .iter()
        .map(|n| {
            total += n;
            total
        })
        .collect();
    ((first..=last).map(month_label).collect(), cumulative)
}

fn characteristics(ds: &Dataset, model: &SegmentModel, is_member: &dyn Fn(u32) -> bool) -> Vec<Characteristic> {
    ds.dims
        .iter()
        .filter(|d| d.level == DimLevel::Customer && d.key != RFM_DIM && d.key != super::CLUSTER_DIM)
        .map(|d| {
            let mut seg = vec![0usize; d.values.len()];
            let mut all = vec![0usize; d.values.len()];
            let (mut n_seg, mut n_all) = (0usize, 0usize);
            for row in &model.rfm.rows {
                let code = d.codes.get(row.customer as usize).copied().unwrap_or(NULL_CODE);
                if code == NULL_CODE {
                    continue;
                }
                all[code as usize] += 1;
                n_all += 1;
                if is_member(row.customer) {
                    seg[code as usize] += 1;
                    n_seg += 1;
                }
            }
            let pct = |a: usize, b: usize| if b > 0 { a as f64 / b as f64 * 100.0 } else { 0.0 };
            let mut values: Vec<(String, f64, f64)> = d
                .values
                .iter()
                .enumerate()
                .filter(|(i, _)| all[*i] > 0)
                .map(|(i, v)| (v.clone(), pct(seg[i], n_seg), pct(all[i], n_all)))
                .collect();
            // Scores read best first (5 down to 1); other attributes by
            // how much of the segment holds them.
            if d.key == super::R_SCORE_DIM || d.key == super::F_SCORE_DIM {
                values.reverse();
            } else {
                values.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.2.total_cmp(&a.2)));
            }
            values.truncate(6);
            Characteristic {
                key: d.key.clone(),
                label: d.label.clone(),
                values,
            }
        })
        .filter(|c| !c.values.is_empty())
        .collect()
}

/// Median gap in days between a member's consecutive orders (an order's
/// day is its first non-return line's day), over all members.
fn days_between_orders(ds: &Dataset, members: &Selection, window: DayRange) -> Option<f64> {
    let l = &ds.lines;
    let mut last = vec![i32::MIN; ds.customers.len()];
    let mut seen = crate::kpi::scan::Bitset::new(ds.order_ids.len());
    let mut gaps: Vec<i32> = Vec::new();
    for i in members.lines_in(l.within(window)) {
        if l.is_return[i] || !seen.insert(l.order[i]) {
            continue;
        }
        let c = l.customer[i] as usize;
        if last[c] != i32::MIN {
            gaps.push(l.day[i] - last[c]);
        }
        last[c] = l.day[i];
    }
    if gaps.is_empty() {
        return None;
    }
    gaps.sort_unstable();
    let n = gaps.len();
    Some(if n % 2 == 1 {
        f64::from(gaps[n / 2])
    } else {
        f64::from(gaps[n / 2 - 1] + gaps[n / 2]) / 2.0
    })
}

fn margin(ds: &Dataset, members: &Selection, range: DayRange) -> Needs<(f64, Option<f64>)> {
    if !ds.coverage.margin {
        return Needs::Needs("orders.cost".into());
    }
    let l = &ds.lines;
    let (mut margin, mut net) = (0.0, 0.0);
    for i in members.lines_in(l.within(range)) {
        net += l.net(i);
        if !l.margin[i].is_nan() {
            margin += l.margin[i];
        }
    }
    Needs::Value((margin, (net != 0.0).then(|| margin / net * 100.0)))
}

fn satisfaction(ds: &Dataset, is_member: &dyn Fn(u32) -> bool) -> Needs<Satisfaction> {
    if !ds.coverage.surveys {
        return Needs::Needs("surveys.nps".into());
    }
    let (mut nps_n, mut promoters, mut detractors) = (0usize, 0usize, 0usize);
    let (mut csat_n, mut top2, mut responses) = (0usize, 0usize, 0usize);
    for a in ds.surveys.iter().filter(|a| is_member(a.customer)) {
        responses += 1;
        if (0.0..=10.0).contains(&a.nps) {
            nps_n += 1;
            promoters += usize::from(a.nps >= 9.0);
            detractors += usize::from(a.nps <= 6.0);
        }
        if (1.0..=5.0).contains(&a.csat) {
            csat_n += 1;
            top2 += usize::from(a.csat >= 4.0);
        }
    }
    let pct = |a: usize, b: usize| a as f64 / b as f64 * 100.0;
    Needs::Value(Satisfaction {
        nps: (nps_n > 0).then(|| pct(promoters, nps_n) - pct(detractors, nps_n)),
        csat: (csat_n > 0).then(|| pct(top2, csat_n)),
        responses,
    })
}

fn engagement(ds: &Dataset, is_member: &dyn Fn(u32) -> bool) -> Needs<Engagement> {
    if !ds.coverage.engagement {
        return Needs::Needs("engagement.opened".into());
    }
    let (mut sent, mut opened, mut clicked) = (0usize, 0usize, 0usize);
    for e in ds.engagement.iter().filter(|e| is_member(e.customer)) {
        sent += 1;
        opened += usize::from(e.opened);
        clicked += usize::from(e.clicked);
    }
    let pct = |a: usize| if sent > 0 { a as f64 / sent as f64 * 100.0 } else { 0.0 };
    Needs::Value(Engagement {
        sent,
        open_rate: pct(opened),
        click_rate: pct(clicked),
    })
}

fn pipeline(ds: &Dataset, is_member: &dyn Fn(u32) -> bool) -> Needs<f64> {
    if !ds.coverage.opportunities {
        return Needs::Needs("opportunities.amount".into());
    }
    Needs::Value(
        ds.opportunities
            .iter()
            .filter(|o| o.open && is_member(o.customer))
            .map(|o| o.amount)
            .sum(),
    )
}

/// The six categories bought by most members, with how many members have
/// not bought each.
fn cross_sell(ds: &Dataset, lines: &Selection, members: usize, window: DayRange) -> Vec<CrossSell> {
    let Some(dim) = ds.dim("orders.category") else {
        return Vec::new();
    };
    let l = &ds.lines;
    let mut bought: FxHashSet<(u32, u32)> = FxHashSet::default();
    let mut buyers = vec![0usize; dim.values.len()];
    for i in lines.lines_in(l.within(window)) {
        let code = dim.codes[i];
        if l.is_return[i] || code == NULL_CODE {
            continue;
        }
        if bought.insert((l.customer[i], code)) {
            buyers[code as usize] += 1;
        }
    }
    let mut items: Vec<CrossSell> = dim
        .values
        .iter()
        .zip(&buyers)
        .filter(|(_, &b)| b > 0)
        .map(|(v, &b)| CrossSell {
            category: v.clone(),
            buyers_pct: b as f64 / members.max(1) as f64 * 100.0,
            non_buyers: members - b.min(members),
        })
        .collect();
    items.sort_by(|a, b| b.buyers_pct.total_cmp(&a.buyers_pct));
    items.truncate(6);
    items
}
