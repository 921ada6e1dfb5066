//! The overview in one answer: KPI cards, charts and the filterable
//! dimensions for a query. The worker sends it to the page; `custdash kpis`
//! prints its cards.

use serde::{Deserialize, Serialize};

use crate::charts::{charts, trend_ranges, Charts};
use crate::dataset::{Coverage, Dataset};
use crate::kpi::scan::Scanned;
use crate::kpi::{kpi_cards, kpi_cards_and_clv, KpiCard};
use crate::period::{DayRange, PeriodSpec, ResolvedPeriod};
use crate::query::{Query, Selection};

/// A dimension the filter bar offers, with its values by frequency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DimInfo {
    /// Filter key (`orders.channel`).
    pub key: String,
    /// Column header.
    pub label: String,
    /// Values, most frequent first (at most [`DimInfo::MAX_VALUES`]).
    pub values: Vec<String>,
}

impl DimInfo {
    /// How many values the filter menu lists.
    pub const MAX_VALUES: usize = 200;
}

/// Everything the overview shows for a query.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DashboardResult {
    /// P, P′ and the sparkline steps (`None` without dated order lines).
    pub period: Option<ResolvedPeriod>,
    /// First and last order day in the data.
    pub data_span: Option<DayRange>,
    /// One card per KPI.
    pub cards: Vec<KpiCard>,
    /// The charts.
    pub charts: Charts,
    /// Filterable dimensions.
    pub dims: Vec<DimInfo>,
    /// Currency of the amounts.
    pub currency: Option<String>,
    /// What the data allows.
    pub coverage: Coverage,
    /// Order lines left out for lack of a date.
    pub undated_lines: usize,
    /// Order lines in the data.
    pub lines: usize,
}

/// Computes the overview for `query`.
pub fn dashboard(ds: &Dataset, query: &Query) -> DashboardResult {
    let span = ds.day_span();
    let period = span.map(|s| query.period.resolve(query.comparison, s));
    let selected = Selection::of(ds, &query.filters);
    // The trend charts' months, scanned once: a month period's sparkline
    // steps are among them, so the KPI cards reuse them.
    let trend = period
        .as_ref()
        .filter(|_| !ds.lines.is_empty())
        .map(|p| Scanned::new(ds, &selected, trend_ranges(p)));
    let (cards, clv) = match &period {
        Some(p) => kpi_cards_and_clv(ds, &selected, p, trend.as_ref()),
        None => {
            let empty = PeriodSpec::All.resolve(query.comparison, DayRange::new(0, 0));
            (kpi_cards(ds, &Selection::All, &empty), Vec::new())
        }
    };
    DashboardResult {
        charts: period
            .as_ref()
            .map(|p| charts(ds, &selected, p, &clv, trend.as_ref()))
            .unwrap_or_default(),
        period,
        data_span: span,
        cards,
        dims: dim_infos(ds),
        currency: ds.currency.clone(),
        coverage: ds.coverage.clone(),
        undated_lines: ds.undated_lines,
        lines: ds.lines.len(),
    }
}

fn dim_infos(ds: &Dataset) -> Vec<DimInfo> {
    ds.dims
        .iter()
        .map(|d| {
            let counts = &d.counts;
            let mut order: Vec<usize> = (0..d.values.len()).filter(|&i| counts[i] > 0).collect();
            order.sort_by(|&a, &b| counts[b].cmp(&counts[a]).then(d.values[a].cmp(&d.values[b])));
            order.truncate(DimInfo::MAX_VALUES);
            DimInfo {
                key: d.key.clone(),
                label: d.label.clone(),
                values: order.into_iter().map(|i| d.values[i].clone()).collect(),
            }
        })
        .collect()
}
