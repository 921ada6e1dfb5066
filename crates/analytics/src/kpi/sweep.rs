//! A walk through the lines in day order that answers "as of day d"
//! questions for several days at once: how many customers were on the books
//! (ordered within the inactivity window), and the historical CLV (net
//! revenue per customer so far).

use crate::dataset::Dataset;
use crate::query::passes;
use crate::table::{NULL_CODE, NULL_DAY};

/// The state of the customer base at the end of one day.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AsOf {
    /// The day.
    pub day: i32,
    /// Customers whose last order is at most `window` days before `day`.
    pub on_books: u32,
    /// Customers with an order on or before `day`.
    pub customers: u32,
    /// Net revenue of those customers up to `day`.
    pub net: f64,
    /// Net revenue per customer, when asked for (customers with an order only).
    pub per_customer: Option<Vec<f64>>,
}

impl AsOf {
    /// Mean historical CLV, `None` without customers.
    pub fn clv_mean(&self) -> Option<f64> {
        (self.customers > 0).then(|| self.net / f64::from(self.customers))
    }
}

/// Evaluates each of `days` (any order) over the lines that pass `mask`;
/// `keep` names the days whose per-customer values are returned too.
pub fn sweep(ds: &Dataset, mask: Option<&[bool]>, days: &[i32], window: i32, keep: &[i32]) -> Vec<AsOf> {
    let n = ds.customers.len();
    let mut order: Vec<usize> = (0..days.len()).collect();
    order.sort_by_key(|&i| days[i]);
    let mut out = vec![AsOf::default(); days.len()];
    let mut last = vec![NULL_DAY; n];
    let mut net = vec![0.0f64; n];
    let l = &ds.lines;
    let mut pos = 0usize;
    for &k in &order {
        let d = days[k];
        while let Some(&i) = l.by_day.get(pos) {
            let i = i as usize;
            if l.day[i] > d {
                break;
            }
            pos += 1;
            let c = l.customer[i];
            if c == NULL_CODE || !passes(mask, i) {
                continue;
            }
            let a = l.amount[i];
            let ci = c as usize;
            if l.is_return[i] {
                net[ci] -= a.abs();
                if a > 0.0 {
                    net[ci] += a;
                }
            } else {
                net[ci] += a.max(0.0);
                last[ci] = l.day[i];
            }
        }
        let mut result = AsOf {
            day: d,
            ..AsOf::default()
        };
        for ci in 0..n {
            if last[ci] == NULL_DAY {
                continue;
            }
            result.customers += 1;
            result.net += net[ci];
            if d - last[ci] <= window {
                result.on_books += 1;
            }
        }
        if keep.contains(&d) {
            result.per_customer = Some((0..n).filter(|&c| last[c] != NULL_DAY).map(|c| net[c]).collect());
        }
        out[k] = result;
    }
    out
}
