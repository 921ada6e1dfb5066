//! Overviews worked out before they are asked for.
//!
//! After an overview is shown, a user's next step is most often one more
//! filter value: a bar or a slice clicked, or a value chosen in the filter
//! menu. While the worker has nothing to do, the engine computes those
//! overviews one at a time, the most frequent values of every dimension
//! first, so that the one the user picks is answered at once instead of
//! after a pass over the order lines. The answers the user asked for are
//! kept too, so removing a chip again is immediate.
//!
//! Every answer belongs to one state of the data: the engine forgets them
//! all whenever its dataset or its segment dimensions change.

use std::collections::VecDeque;

use crate::dashboard::{DashboardResult, DimInfo};
use crate::query::Query;

/// How many of a dimension's values (most frequent first) are worked out.
pub const VALUES_PER_DIM: usize = 12;
/// How many overviews are worked out after one answer, at most.
pub const MAX_PLANNED: usize = 48;
/// How many answers are kept (the least recently used dropped first).
pub const MAX_KEPT: usize = 160;

/// The overviews a user may ask for next, and the answers computed so far.
#[derive(Debug, Default)]
pub struct Anticipation {
    /// Queries to compute, most likely first.
    planned: VecDeque<Query>,
    /// Answers, asked for or anticipated, least recently used first.
    kept: VecDeque<(Query, Box<DashboardResult>)>,
}

impl Anticipation {
    /// The kept answer to `query`, if any; it becomes the last to be
    /// dropped.
    pub fn answer(&mut self, query: &Query) -> Option<Box<DashboardResult>> {
        let at = self.kept.iter().position(|(q, _)| q == query)?;
        let hit = self.kept.remove(at)?;
        let result = hit.1.clone();
        self.kept.push_back(hit);
        Some(result)
    }

    /// Keeps an answer, dropping the least recently used beyond
    /// [`MAX_KEPT`].
    pub fn keep(&mut self, query: Query, result: Box<DashboardResult>) {
        if self.kept.iter().any(|(q, _)| *q == query) {
            return;
        }
        if self.kept.len() == MAX_KEPT {
            self.kept.pop_front();
        }
        self.kept.push_back((query, result));
    }

    /// After `query` was answered with `dims`: the overviews to work out
    /// next replace the ones still planned (which followed an older view).
    pub fn plan_after(&mut self, query: &Query, dims: &[DimInfo]) {
        self.planned = likely_next(query, dims).into();
    }

    /// The next planned query without a kept answer.
    pub fn next_planned(&mut self) -> Option<Query> {
        while let Some(query) = self.planned.pop_front() {
            if !self.kept.iter().any(|(q, _)| *q == query) {
                return Some(query);
            }
        }
        None
    }

    /// Whether nothing is left to work out.
    pub fn is_idle(&self) -> bool {
        self.planned.is_empty()
    }

    /// Drops every answer and plan (the data changed).
    pub fn forget(&mut self) {
        self.planned.clear();
        self.kept.clear();
    }
}

/// `query` with one more filter value, for the [`VALUES_PER_DIM`] most
/// frequent values of each dimension not already chosen: every
/// dimension's most frequent value first, then every dimension's second,
/// and so on, at most [`MAX_PLANNED`].
pub fn likely_next(query: &Query, dims: &[DimInfo]) -> Vec<Query> {
    let chosen = |dim: &DimInfo, value: &String| {
        query
            .filters
            .iter()
            .any(|c| c.dim == dim.key && c.values.contains(value))
    };
    let candidates: Vec<Vec<&String>> = dims
        .iter()
        .map(|d| d.values.iter().filter(|v| !chosen(d, v)).take(VALUES_PER_DIM).collect())
        .collect();
    let mut next = Vec::new();
    for rank in 0..VALUES_PER_DIM {
        for (dim, values) in dims.iter().zip(&candidates) {
            if let Some(value) = values.get(rank) {
                if next.len() == MAX_PLANNED {
                    return next;
                }
                let mut q = query.clone();
                q.add_value(&dim.key, value);
                next.push(q);
            }
        }
    }
    next
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::FilterChip;

    fn dim(key: &str, values: &[&str]) -> DimInfo {
        DimInfo {
            key: key.into(),
            label: key.into(),
            values: values.iter().map(|v| v.to_string()).collect(),
        }
    }

    /// The last filter value of each planned query, as `dim=value`.
    fn added(queries: &[Query]) -> Vec<String> {
        queries
            .iter()
            .map(|q| {
                let chip = q.filters.last().expect("a filter");
                format!("{}={}", chip.dim, chip.values.last().expect("a value"))
            })
            .collect()
    }

    #[test]
    fn dimensions_take_turns_most_frequent_values_first() {
        let dims = [dim("channel", &["Web", "Shop", "Mail"]), dim("region", &["North"])];
        let next = likely_next(&Query::default(), &dims);
        assert_eq!(
            added(&next),
            ["channel=Web", "region=North", "channel=Shop", "channel=Mail"]
        );
        assert!(next
            .iter()
            .all(|q| q.filters.len() == 1 && q.period == Query::default().period));
    }

    #[test]
    fn values_already_chosen_are_skipped_and_others_join_their_chip() {
        let mut base = Query::default();
        base.add_value("channel", "Web");
        let dims = [dim("channel", &["Web", "Shop"]), dim("region", &["North", "South"])];
        let next = likely_next(&base, &dims);
        let chip = |dim: &str, values: &[&str]| FilterChip {
            dim: dim.into(),
            values: values.iter().map(|v| v.to_string()).collect(),
        };
        assert_eq!(
            next.iter().map(|q| q.filters.clone()).collect::<Vec<_>>(),
            [
                vec![chip("channel", &["Web", "Shop"])],
                vec![chip("channel", &["Web"]), chip("region", &["North"])],
                vec![chip("channel", &["Web"]), chip("region", &["South"])],
            ]
        );
    }

    #[test]
    fn the_plan_is_bounded_per_dimension_and_in_all() {
        let many: Vec<String> = (0..40).map(|i| format!("v{i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        let one = likely_next(&Query::default(), &[dim("sku", &many)]);
        assert_eq!(one.len(), VALUES_PER_DIM);
        let dims: Vec<DimInfo> = (0..10).map(|i| dim(&format!("d{i}"), &many)).collect();
        let all = likely_next(&Query::default(), &dims);
        assert_eq!(all.len(), MAX_PLANNED);
        // Four full rounds of ten dimensions, then eight of the fifth.
        assert_eq!(added(&all)[39..41], ["d9=v3", "d0=v4"]);
        assert_eq!(added(&all)[47], "d7=v4");
    }

    #[test]
    fn answers_are_kept_up_to_the_bound_and_planned_ones_not_redone() {
        let mut a = Anticipation::default();
        let result = Box::new(crate::dashboard::dashboard(
            &crate::dataset::Dataset::default(),
            &Query::default(),
        ));
        let dims = [dim("channel", &["Web", "Shop"])];
        a.plan_after(&Query::default(), &dims);
        let first = a.next_planned().expect("planned");
        a.keep(first.clone(), result.clone());
        assert_eq!(a.answer(&first), Some(result.clone()));
        // Planned again after another answer: the kept one is skipped.
        a.plan_after(&Query::default(), &dims);
        assert_eq!(added(&[a.next_planned().expect("planned")]), ["channel=Shop"]);
        assert!(a.next_planned().is_none() && a.is_idle());
        let numbered = |i: usize| {
            let mut q = Query::default();
            q.add_value("n", &i.to_string());
            q
        };
        for i in 0..MAX_KEPT - 1 {
            a.keep(numbered(i), result.clone());
        }
        // Full: `first` is the least recently used; asked for, it is not.
        assert!(a.answer(&first).is_some());
        a.keep(numbered(MAX_KEPT), result.clone());
        assert_eq!(a.answer(&numbered(0)), None, "the least recently used makes room");
        assert!(a.answer(&first).is_some());
        a.keep(numbered(MAX_KEPT + 1), result.clone());
        assert_eq!(a.answer(&numbered(1)), None);
        assert!(a.answer(&first).is_some());
        a.forget();
        assert_eq!(a.answer(&first), None);
        assert_eq!(a.answer(&numbered(MAX_KEPT + 1)), None);
    }
}
