//! The segment page in one answer: the segment list with its comparison
//! figures, the R×F grid, the clusters, trends per segment, migration from
//! P′ to P, and the panels of the selected segment.

use serde::{Deserialize, Serialize};

use super::clusters::Cluster;
use super::panel::{segment_panel, SegmentPanel};
use super::{membership, rfm, slug, Membership, RfmSegment, SegmentModel, Segmentation};
use crate::dataset::{Dataset, DimLevel};
use crate::ingest::sheet::iso_date;
use crate::period::{month_index, month_index_start, month_label, DayRange, ResolvedPeriod};
use crate::query::{FilterChip, Query};
use crate::table::NULL_CODE;

/// What the segment page asks for.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SegmentRequest {
    /// Period and comparison (for panels, trends and migration).
    pub query: Query,
    /// Which segmentation.
    #[serde(default)]
    pub segmentation: Segmentation,
    /// The segment whose panels to show, by name.
    #[serde(default)]
    pub selected: Option<String>,
}

/// One segment in the list, with the figures compared side by side.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SegmentSummary {
    /// Name.
    pub name: String,
    /// For test hooks and URLs.
    pub slug: String,
    /// Customers in it.
    pub customers: usize,
    /// Share of scored customers (%).
    pub share: f64,
    /// Net revenue up to the analysis date.
    pub revenue: f64,
    /// Share of net revenue (%).
    pub revenue_share: f64,
    /// Mean days since the last order.
    pub recency_mean: f64,
    /// Mean orders per customer.
    pub frequency_mean: f64,
    /// Mean net revenue per customer (historical CLV at the analysis date).
    pub monetary_mean: f64,
    /// Gross sales / orders.
    pub average_order_value: Option<f64>,
    /// Filters that select it.
    pub filters: Vec<FilterChip>,
    /// Recommended action (RFM segments).
    pub action: Option<String>,
}

/// The 5×5 grid of R (rows, 5 first) by F (columns, 1 first).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RfGrid {
    /// Customers per cell: `counts[5 - r][f - 1]`.
    pub counts: Vec<Vec<u32>>,
    /// Mean monetary per cell.
    pub monetary: Vec<Vec<Option<f64>>>,
}

/// The clusters as the page shows them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClusterView {
    /// Feature names (centroid order).
    pub features: Vec<String>,
    /// k.
    pub k: usize,
    /// Whether k was chosen by silhouette.
    pub auto_k: bool,
    /// Mean silhouette per k tried.
    pub silhouettes: Vec<(usize, f64)>,
    /// The clusters.
    pub clusters: Vec<Cluster>,
    /// A fixed sample of customers: (recency days, monetary, cluster).
    pub scatter: Vec<(i32, f64, u32)>,
}

/// Size and revenue of each segment per month.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SegmentTrends {
    /// `yyyy-mm` labels, the twelve months ending with P.
    pub months: Vec<String>,
    /// Segment names, in the order of the rows below.
    pub names: Vec<String>,
    /// Net revenue per segment (list order) per month.
    pub revenue: Vec<Vec<f64>>,
    /// Members with an order per segment per month.
    pub active: Vec<Vec<u32>>,
}

/// Customers moving between segments from the end of P′ to the end of P.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Migration {
    /// The day segments are taken at "before" (end of P′).
    pub from_day: String,
    /// The day "after" (end of P).
    pub to_day: String,
    /// Names; the last one is "(not yet a customer)".
    pub names: Vec<String>,
    /// (from, to, customers), nonzero only.
    pub flows: Vec<(usize, usize, u32)>,
}

/// A categorical or banded customer column that can segment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttributeOption {
    /// Dimension key.
    pub key: String,
    /// Header.
    pub label: String,
}

/// The segment page's answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SegmentReport {
    /// Analysis date (`yyyy-mm-dd`).
    pub as_of: String,
    /// Its default, the day after the last order.
    pub default_as_of: Option<String>,
    /// The segmentation shown.
    pub segmentation: Segmentation,
    /// Customers with a segment.
    pub scored: usize,
    /// The segments, in a stable order (RFM: best first).
    pub segments: Vec<SegmentSummary>,
    /// R×F grid (always from RFM).
    pub rf_grid: RfGrid,
    /// Clusters, when the segmentation is clusters.
    pub clusters: Option<ClusterView>,
    /// Trends per segment.
    pub trends: SegmentTrends,
    /// Migration from P′ to P (RFM and clusters).
    pub migration: Option<Migration>,
    /// Columns that can segment.
    pub attributes: Vec<AttributeOption>,
    /// Numeric attributes that can join the clustering.
    pub numeric_attributes: Vec<AttributeOption>,
    /// The selected segment's panels.
    pub panel: Option<SegmentPanel>,
}

/// How many customers the scatter plot shows at most.
const SCATTER: usize = 2_000;

/// Computes the segment page. `model` must be attached to `ds` (and hold
/// clusters when they are asked for).
pub fn segment_report(ds: &Dataset, model: &SegmentModel, request: &SegmentRequest) -> SegmentReport {
    let m = membership(ds, &request.segmentation);
    let period = ds
        .day_span()
        .map(|s| request.query.period.resolve(request.query.comparison, s));
    let segments = summaries(model, &m, &request.segmentation);
    let selected = request
        .selected
        .as_ref()
        .and_then(|name| m.names.iter().position(|n| n == name));
    let panel = match (selected, &period) {
        (Some(at), Some(p)) => Some(segment_panel(
            ds,
            model,
            &m,
            at,
            p,
            matches!(request.segmentation, Segmentation::Rfm),
        )),
        _ => None,
    };
    SegmentReport {
        as_of: iso_date(model.rfm.as_of),
        default_as_of: super::default_as_of(ds).map(iso_date),
        segmentation: request.segmentation.clone(),
        scored: model.rfm.rows.len(),
        rf_grid: rf_grid(model),
        clusters: matches!(request.segmentation, Segmentation::Clusters)
            .then(|| cluster_view(model))
            .flatten(),
        trends: period.as_ref().map(|p| trends(ds, &m, p)).unwrap_or_default(),
        migration: period
            .as_ref()
            .and_then(|p| migration(ds, model, &request.segmentation, p)),
        attributes: ds
            .dims
            .iter()
            .filter(|d| d.level == DimLevel::Customer && !d.key.starts_with("segment."))
            .map(|d| AttributeOption {
                key: d.key.clone(),
                label: d.label.clone(),
            })
            .collect(),
        numeric_attributes: ds
            .customers
            .numeric
            .iter()
            .map(|a| AttributeOption {
                key: a.key.clone(),
                label: a.label.clone(),
            })
            .collect(),
        segments,
        panel,
    }
}

fn summaries(model: &SegmentModel, m: &Membership, seg: &Segmentation) -> Vec<SegmentSummary> {
    let k = m.names.len();
    let mut count = vec![0usize; k];
    let mut recency = vec![0.0f64; k];
    let mut frequency = vec![0.0f64; k];
    let mut monetary = vec![0.0f64; k];
    let mut gross = vec![0.0f64; k];
    for row in &model.rfm.rows {
        let label = m.of.get(row.customer as usize).copied().unwrap_or(NULL_CODE);
        if label == NULL_CODE {
            continue;
        }
        let s = label as usize;
        count[s] += 1;
        recency[s] += f64::from(row.recency_days);
        frequency[s] += f64::from(row.frequency);
        monetary[s] += row.monetary;
        gross[s] += row.gross;
    }
    let scored: usize = count.iter().sum();
    let revenue: f64 = monetary.iter().sum();
    let pct = |a: f64, b: f64| if b != 0.0 { a / b * 100.0 } else { 0.0 };
    (0..k)
        .filter(|&s| count[s] > 0 || matches!(seg, Segmentation::Rfm))
        .map(|s| {
            let n = count[s].max(1) as f64;
            SegmentSummary {
                name: m.names[s].clone(),
                slug: slug(&m.names[s]),
                customers: count[s],
                share: pct(count[s] as f64, scored as f64),
                revenue: monetary[s],
                revenue_share: pct(monetary[s], revenue),
                recency_mean: recency[s] / n,
                frequency_mean: frequency[s] / n,
                monetary_mean: monetary[s] / n,
                average_order_value: (frequency[s] > 0.0).then(|| gross[s] / frequency[s]),
                filters: m.filters[s].clone(),
                action: matches!(seg, Segmentation::Rfm).then(|| RfmSegment::ALL[s].default_action().to_string()),
            }
        })
        .collect()
}

fn rf_grid(model: &SegmentModel) -> RfGrid {
    let mut counts = vec![vec![0u32; 5]; 5];
    let mut sums = vec![vec![0.0f64; 5]; 5];
    for row in &model.rfm.rows {
        let (r, f) = (5 - row.r as usize, row.f as usize - 1);
        counts[r][f] += 1;
        sums[r][f] += row.monetary;
    }
    let monetary = counts
        .iter()
        .zip(&sums)
        .map(|(c, s)| {
            c.iter()
                .zip(s)
                .map(|(&c, &s)| (c > 0).then(|| s / f64::from(c)))
                .collect()
        })
        .collect();
    RfGrid { counts, monetary }
}

fn cluster_view(model: &SegmentModel) -> Option<ClusterView> {
    let c = model.clustering.as_ref()?;
    let idx = super::kmeans::sample_indices(model.rfm.rows.len(), SCATTER, super::clusters::SEED);
    Some(ClusterView {
        features: c.features.clone(),
        k: c.k,
        auto_k: c.auto_k,
        silhouettes: c.silhouettes.clone(),
        clusters: c.clusters.clone(),
        scatter: idx
            .iter()
            .map(|&i| {
                let r = &model.rfm.rows[i];
                (r.recency_days, r.monetary, c.labels[i])
            })
            .collect(),
    })
}

/// Revenue and active members per segment over the twelve months ending
/// with P (one chronological pass; a member counts once a month).
fn trends(ds: &Dataset, m: &Membership, period: &ResolvedPeriod) -> SegmentTrends {
    let last = month_index(period.current.to);
    let first = last - 11;
    let k = m.names.len();
    let mut revenue = vec![vec![0.0f64; 12]; k];
    let mut active = vec![vec![0u32; 12]; k];
    let mut counted_month = vec![i32::MIN; ds.customers.len()];
    let l = &ds.lines;
    let months = DayRange::new(month_index_start(first), month_index_start(last + 1) - 1);
    for i in l.within(months) {
        let (c, mi) = (l.customer[i], month_index(l.day[i]));
        if c == NULL_CODE || mi < first || mi > last {
            continue;
        }
        let Some(&s) = m.of.get(c as usize).filter(|&&s| s != NULL_CODE) else {
            continue;
        };
        let col = (mi - first) as usize;
        revenue[s as usize][col] += l.net(i);
        if !l.is_return[i] && counted_month[c as usize] != mi {
            counted_month[c as usize] = mi;
            active[s as usize][col] += 1;
        }
    }
    SegmentTrends {
        months: (first..=last).map(month_label).collect(),
        names: m.names.clone(),
        revenue,
        active,
    }
}

/// Segments at the end of P′ against the end of P, for RFM and clusters.
fn migration(ds: &Dataset, model: &SegmentModel, seg: &Segmentation, period: &ResolvedPeriod) -> Option<Migration> {
    let prev = period.previous?;
    let span = ds.day_span()?;
    let to_day = period.current.to.min(span.to);
    let before = rfm(ds, prev.to + 1);
    let after = rfm(ds, to_day + 1);
    let (names, labels_before, labels_after): (Vec<String>, Vec<u32>, Vec<u32>) = match seg {
        Segmentation::Rfm => (
            RfmSegment::ALL.iter().map(|s| s.name().to_string()).collect(),
            before.rows.iter().map(|r| r.segment as u32).collect(),
            after.rows.iter().map(|r| r.segment as u32).collect(),
        ),
        Segmentation::Clusters => {
            let c = model.clustering.as_ref()?;
            let attrs = &model.settings.attributes;
            (
                c.clusters.iter().map(|c| c.name.clone()).collect(),
                c.place(ds, &before, attrs),
                c.place(ds, &after, attrs),
            )
        }
        Segmentation::Attribute { .. } => return None,
    };
    let none = names.len();
    if none == 0 {
        return None;
    }
    let mut from_of = vec![none as u32; ds.customers.len()];
    for (row, &label) in before.rows.iter().zip(&labels_before) {
        from_of[row.customer as usize] = label.min(none as u32);
    }
    let mut matrix = vec![vec![0u32; none]; none + 1];
    for (row, &label) in after.rows.iter().zip(&labels_after) {
        if let Some(cell) = matrix[from_of[row.customer as usize] as usize].get_mut(label as usize) {
            *cell += 1;
        }
    }
    let flows = matrix
        .iter()
        .enumerate()
        .flat_map(|(f, row)| {
            row.iter()
                .enumerate()
                .filter(|(_, &n)| n > 0)
                .map(move |(t, &n)| (f, t, n))
        })
        .collect();
    let mut names = names;
    names.push("(not yet a customer)".into());
    Some(Migration {
        from_day: iso_date(prev.to),
        to_day: iso_date(to_day),
        names,
        flows,
    })
}
