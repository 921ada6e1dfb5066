//! Recency, frequency and monetary value per customer, and their quintile
//! scores (KPIS.md, Segmentation → RFM).

use serde::{Deserialize, Serialize};

use super::names::RfmSegment;
use crate::dataset::Dataset;
use crate::table::NULL_CODE;

/// One customer's RFM figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RfmRow {
    /// Customer index.
    pub customer: u32,
    /// Days from the last order to the analysis date.
    pub recency_days: i32,
    /// Distinct orders with a non-return line.
    pub frequency: u32,
    /// Net revenue (gross sales minus returns).
    pub monetary: f64,
    /// Gross sales (positive line amounts), for the AOV.
    pub gross: f64,
    /// Recency score 1–5 (5 = most recent).
    pub r: u8,
    /// Frequency score 1–5.
    pub f: u8,
    /// Monetary score 1–5.
    pub m: u8,
    /// The named segment of the R-F-M code.
    pub segment: RfmSegment,
}

impl RfmRow {
    /// The three-digit code, e.g. `555`.
    pub fn code(&self) -> u16 {
        u16::from(self.r) * 100 + u16::from(self.f) * 10 + u16::from(self.m)
    }
}

/// RFM of every customer with an order before the analysis date.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rfm {
    /// The analysis date (day number); recency counts up to it.
    pub as_of: i32,
    /// One row per customer with an order, in order of first appearance.
    pub rows: Vec<RfmRow>,
    /// Row of each customer index in `rows` (`u32::MAX` when it has none).
    pub row_of: Vec<u32>,
}

impl Rfm {
    /// The RFM row of a customer index.
    pub fn of(&self, customer: u32) -> Option<&RfmRow> {
        let at = *self.row_of.get(customer as usize)?;
        self.rows.get(at as usize)
    }
}

/// The default analysis date: the day after the last order.
pub fn default_as_of(ds: &Dataset) -> Option<i32> {
    ds.day_span().map(|s| s.to + 1)
}

/// Computes RFM as of `as_of` (lines on or after it are ignored; KPIS.md's
/// window is the whole data before it). A customer needs one non-return
/// order to be scored. Order of first appearance is the order of the
/// customer's first line in the loaded files.
pub fn rfm(ds: &Dataset, as_of: i32) -> Rfm {
    let l = &ds.lines;
    let n = ds.customers.len();
    let mut first_seen = vec![u32::MAX; n];
    let mut last_day = vec![i32::MIN; n];
    let mut frequency = vec![0u32; n];
    let mut monetary = vec![0.0f64; n];
    let mut gross = vec![0.0f64; n];
    let mut counted = crate::kpi::scan::Bitset::new(ds.order_ids.len());
    for i in 0..l.len() {
        let c = l.customer[i];
        if c == NULL_CODE || l.day[i] >= as_of {
            continue;
        }
        let ci = c as usize;
        if first_seen[ci] == u32::MAX {
            first_seen[ci] = i as u32;
        }
        monetary[ci] += l.net(i);
        gross[ci] += l.amount[i].max(0.0);
        if l.is_return[i] {
            continue;
        }
        last_day[ci] = last_day[ci].max(l.day[i]);
        if counted.insert(l.order[i]) {
            frequency[ci] += 1;
        }
    }
    let mut scored: Vec<u32> = (0..n as u32).filter(|&c| frequency[c as usize] > 0).collect();
    scored.sort_unstable_by_key(|&c| first_seen[c as usize]);
    // Ranks run from worst to best; equal values keep the order of first
    // appearance (the sort is stable and `scored` is in that order).
    let recency: Vec<i32> = scored.iter().map(|&c| as_of - last_day[c as usize]).collect();
    let n_scored = scored.len();
    let r = quintiles(n_scored, |a, b| recency[b].cmp(&recency[a]));
    let f = quintiles(n_scored, |a, b| {
        frequency[scored[a] as usize].cmp(&frequency[scored[b] as usize])
    });
    // Money is compared to the cent, so sums that differ only by binary
    // rounding (0.1 + 0.2 against 0.3) tie as they should.
    let cents: Vec<f64> = scored.iter().map(|&c| (monetary[c as usize] * 100.0).round()).collect();
    let m = quintiles(n_scored, |a, b| cents[a].total_cmp(&cents[b]));
    let mut row_of = vec![u32::MAX; n];
    let rows = scored
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            row_of[c as usize] = i as u32;
            RfmRow {
                customer: c,
                recency_days: recency[i],
                frequency: frequency[c as usize],
                monetary: monetary[c as usize],
                gross: gross[c as usize],
                r: r[i],
                f: f[i],
                m: m[i],
                segment: RfmSegment::from_scores(r[i], f[i], m[i]),
            }
        })
        .collect();
    Rfm { as_of, rows, row_of }
}

/// Quintile scores 1–5 of `n` items (indexed in order of first appearance)
/// ranked worst to best by `worse_first`: the item at rank k of n scores
/// ⌊5k/n⌋ + 1, so the five groups differ in size by at most one.
fn quintiles(n: usize, worse_first: impl Fn(usize, usize) -> std::cmp::Ordering) -> Vec<u8> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| worse_first(a, b));
    let mut score = vec![0u8; n];
    for (rank, &i) in order.iter().enumerate() {
        score[i] = (rank * 5 / n) as u8 + 1;
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quintiles_split_evenly_and_break_ties_by_appearance() {
        // Seven items, all equal: ranks follow appearance, 0..6 → ⌊5k/7⌋+1.
        assert_eq!(quintiles(7, |_, _| std::cmp::Ordering::Equal), [1, 1, 2, 3, 3, 4, 5]);
        // Ten items with values 3,1,2,… : ranks by value, two per quintile.
        let v = [3, 1, 2, 9, 7, 5, 4, 8, 6, 0];
        assert_eq!(
            quintiles(v.len(), |a, b| v[a].cmp(&v[b])),
            [2, 1, 2, 5, 4, 3, 3, 5, 4, 1]
        );
        // A tie between the first and the last item: the first ranks lower.
        let t = [5, 1, 5, 2, 3];
        assert_eq!(quintiles(t.len(), |a, b| t[a].cmp(&t[b])), [4, 1, 5, 2, 3]);
    }
}
