//! What the page asks of the engine: a period, a comparison and filters. It
//! is small, serialisable and lives in the URL.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::dataset::{Dataset, DimLevel};
use crate::period::{Comparison, PeriodSpec};

/// A filter on one dimension: keep rows whose value is one of `values`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterChip {
    /// Dimension key, e.g. `orders.channel` or `customers.industry`.
    pub dim: String,
    /// Accepted values (any of them).
    pub values: Vec<String>,
}

/// A dashboard query.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Query {
    /// The period P.
    pub period: PeriodSpec,
    /// What P is compared with.
    #[serde(default)]
    pub comparison: Comparison,
    /// Filters, all of which must hold.
    #[serde(default)]
    pub filters: Vec<FilterChip>,
}

impl Query {
    /// Adds `value` to the filter on `dim`: one more value on its chip, or
    /// a new chip at the end. What a chart click or the filter menu does;
    /// the engine lists the same queries when it works out likely next
    /// ones (`crate::anticipation`), so both must build them alike.
    pub fn add_value(&mut self, dim: &str, value: &str) {
        match self.filters.iter_mut().find(|c| c.dim == dim) {
            Some(chip) if !chip.values.iter().any(|v| v == value) => chip.values.push(value.to_string()),
            Some(_) => {}
            None => self.filters.push(FilterChip {
                dim: dim.to_string(),
                values: vec![value.to_string()],
            }),
        }
    }
}

impl Default for Query {
    fn default() -> Self {
        Query {
            period: PeriodSpec::LatestMonth,
            comparison: Comparison::Previous,
            filters: Vec::new(),
        }
    }
}

/// The order lines that pass a query's filters.
///
/// Filtered, they are listed (in line order) rather than flagged: a query's
/// passes then read only the lines kept, a quarter of them for one channel
/// of four, instead of testing every line of the period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    /// No filters: every line.
    All,
    /// The indices of the lines kept, increasing.
    Lines(Vec<u32>),
}

impl Selection {
    /// The lines of `ds` that pass every one of `filters`. A filter naming a
    /// dimension the data lacks keeps nothing, so a stale link shows an
    /// empty view, not wrong numbers.
    pub fn of(ds: &Dataset, filters: &[FilterChip]) -> Selection {
        let mut kept: Option<Vec<u32>> = None;
        for chip in filters {
            let Some(dim) = ds.dim(&chip.dim) else {
                return Selection::Lines(Vec::new());
            };
            let accepted: Vec<bool> = dim.values.iter().map(|v| chip.values.iter().any(|a| a == v)).collect();
            let passes = |code: u32| accepted.get(code as usize).copied().unwrap_or(false);
            kept = Some(match dim.level {
                DimLevel::Line => keep_lines(ds.lines.len(), kept, |i| passes(dim.codes[i])),
                DimLevel::Customer => {
                    let by_customer: Vec<bool> = dim.codes.iter().map(|&c| passes(c)).collect();
                    let customer = &ds.lines.customer;
                    keep_lines(ds.lines.len(), kept, |i| {
                        by_customer.get(customer[i] as usize).copied().unwrap_or(false)
                    })
                }
            });
        }
        kept.map_or(Selection::All, Selection::Lines)
    }

    /// The selected lines among the lines `range` (indices), in increasing
    /// order.
    ///
    /// An iterator rather than a callback: a loop body written once in the
    /// caller is compiled once and inlined, where a closure called from two
    /// arms (every line, or the listed ones) made the unfiltered overview's
    /// passes a third slower natively.
    #[inline]
    pub fn lines_in(&self, range: Range<usize>) -> LinesIn<'_> {
        match self {
            Selection::All => LinesIn::All(range),
            Selection::Lines(lines) => {
                let from = lines.partition_point(|&i| (i as usize) < range.start);
                let to = from + lines[from..].partition_point(|&i| (i as usize) < range.end);
                LinesIn::Listed(lines[from..to].iter())
            }
        }
    }
}

/// The lines of [`Selection::lines_in`].
pub enum LinesIn<'a> {
    /// Every line of a range.
    All(Range<usize>),
    /// The listed lines that fall in a range.
    Listed(std::slice::Iter<'a, u32>),
}

impl Iterator for LinesIn<'_> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        match self {
            LinesIn::All(range) => range.next(),
            LinesIn::Listed(lines) => lines.next().map(|&i| i as usize),
        }
    }
}

/// The lines below `n` (or, after an earlier filter, of `kept`) for which
/// `keeps` holds.
fn keep_lines(n: usize, kept: Option<Vec<u32>>, keeps: impl Fn(usize) -> bool) -> Vec<u32> {
    if let Some(mut lines) = kept {
        lines.retain(|&i| keeps(i as usize));
        return lines;
    }
    // Counted first, then written without a branch: every line is written
    // and only a kept one moves the end, since whether a line is kept (one
    // channel of four) is a coin toss for the processor's branch predictor.
    let count = (0..n).filter(|&i| keeps(i)).count();
    let mut lines = vec![0u32; count + 1];
    let mut end = 0;
    for i in 0..n {
        lines[end] = i as u32;
        end += usize::from(keeps(i));
    }
    lines.truncate(count);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::tests::build_files;
    use crate::dataset::BuildOptions;

    // Lines in day order 0–5; channels Web Shop Web Mail Web Shop; customers
    // K1 K2 K3 K1 K2 (none); K1 and K3 are in the North.
    const ORDERS: &str = "order_id,customer_id,order_date,amount,channel\n\
        O1,K1,2024-01-01,1,Web\n\
        O2,K2,2024-01-02,2,Shop\n\
        O3,K3,2024-01-03,3,Web\n\
        O4,K1,2024-01-04,4,Mail\n\
        O5,K2,2024-01-05,5,Web\n\
        O6,,2024-01-06,6,Shop\n";
    const CUSTOMERS: &str = "customer_id,name,region\nK1,Ala,North\nK2,Bob,South\nK3,Cyd,North\n";

    fn chip(dim: &str, values: &[&str]) -> FilterChip {
        FilterChip {
            dim: dim.into(),
            values: values.iter().map(|v| v.to_string()).collect(),
        }
    }

    fn selected(sel: &Selection, range: Range<usize>) -> Vec<usize> {
        sel.lines_in(range).collect()
    }

    #[test]
    fn a_value_joins_its_dimensions_chip_or_starts_one() {
        let mut q = Query::default();
        q.add_value("orders.channel", "Web");
        q.add_value("customers.region", "North");
        q.add_value("orders.channel", "Mail");
        q.add_value("orders.channel", "Web");
        assert_eq!(
            q.filters,
            [
                chip("orders.channel", &["Web", "Mail"]),
                chip("customers.region", &["North"])
            ]
        );
    }

    #[test]
    fn filters_list_the_lines_they_keep() {
        let ds = build_files(
            &[("orders.csv", ORDERS), ("customers.csv", CUSTOMERS)],
            &BuildOptions::default(),
        );
        assert_eq!(ds.lines.amount, [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        assert_eq!(Selection::of(&ds, &[]), Selection::All);
        let web = Selection::of(&ds, &[chip("orders.channel", &["Web"])]);
        assert_eq!(web, Selection::Lines(vec![0, 2, 4]));
        let web_or_mail = Selection::of(&ds, &[chip("orders.channel", &["Web", "Mail"])]);
        assert_eq!(web_or_mail, Selection::Lines(vec![0, 2, 3, 4]));
        // A customer's attribute reaches their lines; the line without a
        // customer has no region.
        let north = Selection::of(&ds, &[chip("customers.region", &["North"])]);
        assert_eq!(north, Selection::Lines(vec![0, 2, 3]));
        // Every filter must hold.
        let both = [chip("customers.region", &["North"]), chip("orders.channel", &["Web"])];
        assert_eq!(Selection::of(&ds, &both), Selection::Lines(vec![0, 2]));
        // A dimension the data lacks, or a value it lacks, keeps nothing.
        assert_eq!(
            Selection::of(&ds, &[chip("orders.store", &["X"])]),
            Selection::Lines(vec![])
        );
        assert_eq!(
            Selection::of(&ds, &[chip("orders.channel", &["Fax"])]),
            Selection::Lines(vec![])
        );

        // Lines 2..5 (indices), as kept by each selection.
        assert_eq!(selected(&Selection::All, 2..5), [2, 3, 4]);
        assert_eq!(selected(&web_or_mail, 2..5), [2, 3, 4]);
        assert_eq!(selected(&web, 1..4), [2]);
        assert_eq!(selected(&web, 5..6), Vec::<usize>::new());
    }
}
