//! Chart-ready view models for the overview: small vectors of labels and
//! numbers, computed in the engine, drawn by the page.

use serde::{Deserialize, Serialize};

use crate::dataset::{Dataset, DimLevel};
use crate::kpi::scan::{scan, PeriodStats, Scanned};
use crate::period::{month_index, month_index_start, month_label, DayRange, ResolvedPeriod};
use crate::query::Selection;
use crate::table::{NULL_CODE, NULL_DAY};

/// Months shown by the trend charts.
pub const TREND_MONTHS: i32 = 12;

/// One named line or bar series.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Series {
    /// What it shows (a key the page translates).
    pub name: String,
    /// One value per category; `None` where undefined.
    pub values: Vec<Option<f64>>,
}

/// Series over month labels.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MonthlyChart {
    /// `yyyy-mm` labels.
    pub months: Vec<String>,
    /// The series.
    pub series: Vec<Series>,
}

/// Net revenue per value of one dimension in P, largest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Breakdown {
    /// Dimension key (a click filters on it).
    pub dim: String,
    /// Column header.
    pub label: String,
    /// (value, net revenue), at most [`Breakdown::TOP`].
    pub items: Vec<(String, f64)>,
}

impl Breakdown {
    /// How many values a breakdown shows.
    pub const TOP: usize = 12;
}

/// Cohort retention: rows are first-order months, columns months since.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CohortMatrix {
    /// `yyyy-mm` of each cohort.
    pub cohorts: Vec<String>,
    /// Customers per cohort.
    pub sizes: Vec<u32>,
    /// `cells[c][k]`: % of cohort c with an order in month c + k (`None` after the data ends).
    pub cells: Vec<Vec<Option<f64>>>,
}

/// A histogram with equal-width bins; the last bin holds everything above.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Histogram {
    /// Lower edge of each bin.
    pub edges: Vec<f64>,
    /// Customers per bin.
    pub counts: Vec<u32>,
    /// Bin width.
    pub width: f64,
}

/// Everything the overview draws.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Charts {
    /// Net revenue by month, and the same months a year earlier.
    pub revenue: MonthlyChart,
    /// New and returning customers by month.
    pub new_returning: MonthlyChart,
    /// AOV and purchase frequency by month.
    pub aov_frequency: MonthlyChart,
    /// Net revenue by channel.
    pub by_channel: Option<Breakdown>,
    /// Net revenue by region (or country).
    pub by_region: Option<Breakdown>,
    /// Net revenue by category.
    pub by_category: Option<Breakdown>,
    /// Cohort retention.
    pub cohorts: CohortMatrix,
    /// Historical CLV per customer, up to the end of P.
    pub clv: Histogram,
}

/// The calendar months the trend charts show (the twelve up to the end of
/// P) and the twelve before them (the year-earlier line), oldest first.
pub fn trend_ranges(period: &ResolvedPeriod) -> Vec<DayRange> {
    let last = month_index(period.current.to);
    (last - 2 * TREND_MONTHS + 1..=last)
        .map(|m| DayRange::new(month_index_start(m), month_index_start(m + 1) - 1))
        .collect()
}

/// Computes the overview charts for a period over the `selected` lines;
/// `clv` is each customer's historical CLV at the end of P (from
/// [`crate::kpi::kpi_cards_and_clv`]); `trend`, when it holds the months of
/// [`trend_ranges`] scanned with the same selection, saves reading the
/// lines again.
pub fn charts(
    ds: &Dataset,
    selected: &Selection,
    period: &ResolvedPeriod,
    clv: &[f64],
    trend: Option<&Scanned>,
) -> Charts {
    if ds.lines.is_empty() {
        return Charts::default();
    }
    let last = month_index(period.current.to);
    let months: Vec<i32> = (last - 2 * TREND_MONTHS + 1..=last).collect();
    let ranges = trend_ranges(period);
    let known = trend.and_then(|t| ranges.iter().map(|r| t.stats(*r)).collect::<Option<Vec<PeriodStats>>>());
    let s = known.unwrap_or_else(|| scan(ds, selected, &ranges).stats);
    let (earlier, recent) = s.split_at(TREND_MONTHS as usize);
    let labels: Vec<String> = months[TREND_MONTHS as usize..]
        .iter()
        .map(|&m| month_label(m))
        .collect();
    let series = |name: &str, values: Vec<Option<f64>>| Series {
        name: name.to_string(),
        values,
    };
    let ratio = |a: f64, b: f64| (b != 0.0).then(|| a / b);
    let revenue = MonthlyChart {
        months: labels.clone(),
        series: vec![
            series("net_revenue", recent.iter().map(|p| Some(p.net())).collect()),
            series("previous_year", earlier.iter().map(|p| Some(p.net())).collect()),
        ],
    };
    let new_returning = MonthlyChart {
        months: labels.clone(),
        series: vec![
            series("new_customers", recent.iter().map(|p| Some(f64::from(p.new))).collect()),
            series(
                "returning_customers",
                recent.iter().map(|p| Some(f64::from(p.active - p.new))).collect(),
            ),
        ],
    };
    let aov_frequency = MonthlyChart {
        months: labels,
        series: vec![
            series(
                "average_order_value",
                recent.iter().map(|p| ratio(p.gross, f64::from(p.orders))).collect(),
            ),
            series(
                "purchase_frequency",
                recent
                    .iter()
                    .map(|p| ratio(f64::from(p.orders), f64::from(p.active)))
                    .collect(),
            ),
        ],
    };
    let first_of = |keys: &[&str]| keys.iter().find(|k| ds.dim(k).is_some()).map(|k| k.to_string());
    let breakdown_of = |keys: &[&str]| first_of(keys).and_then(|k| breakdown(ds, selected, period.current, &k));
    Charts {
        revenue,
        new_returning,
        aov_frequency,
        by_channel: breakdown_of(&["orders.channel", "customers.acquisition_channel"]),
        by_region: breakdown_of(&[
            "orders.region",
            "customers.region",
            "orders.country",
            "customers.country",
        ]),
        by_category: breakdown_of(&["orders.category"]),
        cohorts: cohorts(ds, selected, last),
        clv: histogram(clv),
    }
}

/// Net revenue per value of dimension `key` in `range`.
pub fn breakdown(ds: &Dataset, selected: &Selection, range: DayRange, key: &str) -> Option<Breakdown> {
    let dim = ds.dim(key)?;
    let mut sums = vec![0.0f64; dim.values.len()];
    let l = &ds.lines;
    for i in selected.lines_in(l.within(range)) {
        let code = match dim.level {
            DimLevel::Line => dim.codes[i],
            DimLevel::Customer => match l.customer[i] {
                NULL_CODE => NULL_CODE,
                c => dim.codes.get(c as usize).copied().unwrap_or(NULL_CODE),
            },
        };
        if let Some(sum) = sums.get_mut(code as usize) {
            *sum += l.net(i);
        }
    }
    let mut items: Vec<(String, f64)> = dim
        .values
        .iter()
        .cloned()
        .zip(sums)
        .filter(|(_, v)| *v != 0.0)
        .collect();
    items.sort_by(|a, b| b.1.total_cmp(&a.1));
    items.truncate(Breakdown::TOP);
    Some(Breakdown {
        dim: dim.key.clone(),
        label: dim.label.clone(),
        items,
    })
}

/// Cohort retention for the twelve cohorts ending with month index `last`.
/// Without filters this is KPIS.md's definition; with filters a cohort keeps
/// the customers who have any line that passes them.
pub fn cohorts(ds: &Dataset, selected: &Selection, last: i32) -> CohortMatrix {
    let n = TREND_MONTHS;
    let first = last - n + 1;
    let cohort_of: Vec<i32> = ds
        .customers
        .first_day
        .iter()
        .map(|&d| {
            if d == NULL_DAY {
                i32::MIN
            } else {
                month_index(d) - first
            }
        })
        .collect();
    // Bit k of seen[c]: customer c ordered in month cohort + k.
    let mut seen = vec![0u16; ds.customers.len()];
    let l = &ds.lines;
    // Only lines in the window's months can mark a cell.
    let window = DayRange::new(month_index_start(first), month_index_start(last + 1) - 1);
    for i in selected.lines_in(l.within(window)) {
        let c = l.customer[i];
        if c == NULL_CODE || l.is_return[i] {
            continue;
        }
        let cohort = cohort_of[c as usize];
        if !(0..n).contains(&cohort) {
            continue;
        }
        let k = month_index(l.day[i]) - first - cohort;
        if (0..n).contains(&k) {
            seen[c as usize] |= 1 << k;
        }
    }
    let mut sizes = vec![0u32; n as usize];
    let mut hits = vec![vec![0u32; n as usize]; n as usize];
    for (c, &bits) in seen.iter().enumerate() {
        if bits == 0 {
            continue;
        }
        let cohort = cohort_of[c] as usize;
        sizes[cohort] += 1;
        for (k, hit) in hits[cohort].iter_mut().enumerate() {
            if bits & (1 << k) != 0 {
                *hit += 1;
            }
        }
    }
    let cells = (0..n as usize)
        .map(|c| {
            (0..n as usize)
                .map(|k| {
                    (c + k < n as usize && sizes[c] > 0).then(|| f64::from(hits[c][k]) / f64::from(sizes[c]) * 100.0)
                })
                .collect()
        })
        .collect();
    CohortMatrix {
        cohorts: (first..=last).map(month_label).collect(),
        sizes,
        cells,
    }
}

/// At most this many bins.
const BINS: usize = 20;

/// A histogram of values from 0 to about the 99th percentile in round steps;
/// negatives fall in the first bin and the largest values in the last.
pub fn histogram(values: &[f64]) -> Histogram {
    if values.is_empty() {
        return Histogram::default();
    }
    // The 99th percentile: selecting it is linear, sorting all values is not.
    let mut scratch = values.to_vec();
    let at = ((scratch.len() - 1) as f64 * 0.99) as usize;
    let (_, &mut p99, _) = scratch.select_nth_unstable_by(at, f64::total_cmp);
    let top = p99.max(1.0);
    let width = nice_step(top / BINS as f64);
    let bins = ((top / width).ceil() as usize).clamp(1, BINS);
    let mut counts = vec![0u32; bins];
    for v in values {
        let b = ((v.max(0.0) / width) as usize).min(bins - 1);
        counts[b] += 1;
    }
    Histogram {
        edges: (0..bins).map(|b| b as f64 * width).collect(),
        counts,
        width,
    }
}

/// The smallest of 1, 2, 2.5, 5 × 10^k that is at least `raw`.
fn nice_step(raw: f64) -> f64 {
    let exp = raw.log10().floor();
    let base = 10f64.powf(exp);
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * base)
        .find(|s| *s >= raw)
        .unwrap_or(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_uses_round_bins() {
        // 99th percentile by rank: the 4th of 5 sorted values, 35; 35 / 20
        // bins = 1.75 → step 2, 18 bins; −3 goes to the first, 99 to the last.
        let h = histogram(&[5.0, 15.0, 35.0, 99.0, -3.0]);
        assert_eq!((h.width, h.counts.len()), (2.0, 18));
        let mut expected = vec![0u32; 18];
        expected[0] = 1;
        expected[2] = 1;
        expected[7] = 1;
        expected[17] = 2;
        assert_eq!(h.counts, expected);
    }

    #[test]
    fn the_top_bin_edge_follows_the_99th_percentile_of_the_sorted_values() {
        let mut x: u64 = 11;
        for n in [1usize, 2, 7, 100, 101, 1_000, 4_999] {
            let values: Vec<f64> = (0..n)
                .map(|_| {
                    x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    ((x >> 40) % 100_000) as f64 / 7.0 - 500.0
                })
                .collect();
            let mut sorted = values.clone();
            sorted.sort_by(f64::total_cmp);
            let top = sorted[((n - 1) as f64 * 0.99) as usize].max(1.0);
            let h = histogram(&values);
            assert_eq!(h.width, nice_step(top / BINS as f64), "n = {n}");
            assert_eq!(h.counts.iter().sum::<u32>() as usize, n);
        }
    }
}
