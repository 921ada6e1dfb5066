//! What the page asks of the engine: a period, a comparison and filters. It
//! is small, serialisable and lives in the URL.

use serde::{Deserialize, Serialize};

use crate::dataset::{Dataset, DimLevel};
use crate::period::{Comparison, PeriodSpec};
use crate::table::NULL_CODE;

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

impl Default for Query {
    fn default() -> Self {
        Query {
            period: PeriodSpec::LatestMonth,
            comparison: Comparison::Previous,
            filters: Vec::new(),
        }
    }
}

/// Which lines pass the filters, as one flag per line; `None` when there
/// are no filters (every line passes). A filter naming a dimension the data
/// lacks keeps nothing, so a stale link shows an empty view, not wrong numbers.
pub fn line_mask(ds: &Dataset, filters: &[FilterChip]) -> Option<Vec<bool>> {
    if filters.is_empty() {
        return None;
    }
    let mut mask = vec![true; ds.lines.len()];
    for chip in filters {
        let Some(dim) = ds.dim(&chip.dim) else {
            mask.iter_mut().for_each(|m| *m = false);
            continue;
        };
        let accepted: Vec<bool> = dim.values.iter().map(|v| chip.values.iter().any(|a| a == v)).collect();
        let passes = |code: u32| code != NULL_CODE && accepted.get(code as usize).copied().unwrap_or(false);
        match dim.level {
            DimLevel::Line => {
                for (m, &code) in mask.iter_mut().zip(&dim.codes) {
                    *m = *m && passes(code);
                }
            }
            DimLevel::Customer => {
                let by_customer: Vec<bool> = dim.codes.iter().map(|&c| passes(c)).collect();
                for (m, &c) in mask.iter_mut().zip(&ds.lines.customer) {
                    *m = *m && c != NULL_CODE && by_customer.get(c as usize).copied().unwrap_or(false);
                }
            }
        }
    }
    Some(mask)
}

/// Whether line `i` passes an optional mask.
#[inline]
pub fn passes(mask: Option<&[bool]>, i: usize) -> bool {
    mask.is_none_or(|m| m.get(i).copied().unwrap_or(false))
}
