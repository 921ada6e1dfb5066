//! A walk through the lines in day order that answers "as of day d"
//! questions for several days at once: how many customers were on the books
//! (ordered within the inactivity window), and the historical CLV (net
//! revenue per customer so far).

use crate::dataset::Dataset;
use crate::query::Selection;
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

/// Evaluates each of `days` (any order) over the `selected` lines; `keep`
/// names the days whose per-customer values are returned too.
pub fn sweep(ds: &Dataset, selected: &Selection, days: &[i32], window: i32, keep: &[i32]) -> Vec<AsOf> {
    let n = ds.customers.len();
    let mut order: Vec<usize> = (0..days.len()).collect();
    order.sort_by_key(|&i| days[i]);
    let mut out = vec![AsOf::default(); days.len()];
    let l = &ds.lines;
    let (Some(&lo), Some(&hi)) = (l.day.first(), l.day.last()) else {
        for (k, &d) in days.iter().enumerate() {
            out[k].day = d;
            out[k].per_customer = keep.contains(&d).then(Vec::new);
        }
        return out;
    };
    let mut last = vec![NULL_DAY; n];
    let mut net = vec![0.0f64; n];
    // Running totals over the customers with an order so far, and how many
    // of them last ordered on each day, so that each day's answer costs a
    // window of days rather than a pass over all customers.
    let (mut customers, mut total_net) = (0u32, 0.0f64);
    let mut last_on = vec![0u32; (hi - lo + 1) as usize];
    let mut done = 0usize;
    for &k in &order {
        let d = days[k];
        // Lines are in day order: take the next ones up to day `d`.
        let end = done + l.day[done..].partition_point(|&day| day <= d);
        for i in selected.lines_in(done..end) {
            let c = l.customer[i];
            if c == NULL_CODE {
                continue;
            }
            let a = l.amount[i];
            let ci = c as usize;
            let delta = if l.is_return[i] {
                a.max(0.0) - a.abs()
            } else {
                a.max(0.0)
            };
            net[ci] += delta;
            if l.is_return[i] {
                if last[ci] != NULL_DAY {
                    total_net += delta;
                }
                continue;
            }
            if last[ci] == NULL_DAY {
                customers += 1;
                total_net += net[ci];
            } else {
                total_net += delta;
                last_on[(last[ci] - lo) as usize] -= 1;
            }
            last[ci] = l.day[i];
            last_on[(l.day[i] - lo) as usize] += 1;
        }
        done = end;
        // Customers whose last order is at most `window` days before `d`.
        let (from, to) = (d.saturating_sub(window).max(lo), d.min(hi));
        let on_books = if from <= to {
            last_on[(from - lo) as usize..=(to - lo) as usize].iter().sum()
        } else {
            0
        };
        out[k] = AsOf {
            day: d,
            on_books,
            customers,
            net: total_net,
            per_customer: keep
                .contains(&d)
                .then(|| (0..n).filter(|&c| last[c] != NULL_DAY).map(|c| net[c]).collect()),
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::tests::build_files;
    use crate::dataset::BuildOptions;

    /// The same answers counted the plain way: every customer, every line.
    fn by_hand(ds: &Dataset, d: i32, window: i32) -> (u32, u32, f64, Vec<f64>) {
        let l = &ds.lines;
        let (mut on_books, mut customers, mut total, mut per) = (0, 0, 0.0, Vec::new());
        for c in 0..ds.customers.len() as u32 {
            let mine: Vec<usize> = (0..l.len()).filter(|&i| l.customer[i] == c && l.day[i] <= d).collect();
            let Some(last) = mine.iter().filter(|&&i| !l.is_return[i]).map(|&i| l.day[i]).max() else {
                continue;
            };
            let net: f64 = mine.iter().map(|&i| l.net(i)).sum();
            customers += 1;
            total += net;
            per.push(net);
            if d - last <= window {
                on_books += 1;
            }
        }
        (on_books, customers, total, per)
    }

    #[test]
    fn running_totals_match_a_count_over_all_customers() {
        // 400 pseudo-random lines over 84 days, 30 customers, some returns
        // (negative amounts), a few customers whose first line is a return.
        let mut csv = String::from("customer_id,order_date,amount\n");
        let mut x: u64 = 7;
        let mut next = |m: u64| {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (x >> 33) % m
        };
        for _ in 0..400 {
            let (c, day) = (next(30), 1 + next(84));
            let amount = next(20_000) as f64 / 100.0 - if next(10) == 0 { 250.0 } else { 0.0 };
            let (m, dd) = (1 + (day - 1) / 28, 1 + (day - 1) % 28);
            csv.push_str(&format!("K{c},2024-{m:02}-{dd:02},{amount:.2}\n"));
        }
        let ds = build_files(&[("s.csv", &csv)], &BuildOptions::default());
        assert_eq!(ds.lines.len(), 400);
        let first = ds.lines.day[0];
        // Before the first line, inside, on the last day and after it.
        let days: Vec<i32> = [-5, 0, 3, 17, 40, 41, 62, 89, 120].iter().map(|k| first + k).collect();
        for window in [0, 10, 30] {
            let got = sweep(&ds, &Selection::All, &days, window, &days);
            for (a, &d) in got.iter().zip(&days) {
                let (on_books, customers, total, per) = by_hand(&ds, d, window);
                assert_eq!(
                    (a.day, a.on_books, a.customers),
                    (d, on_books, customers),
                    "day {d}, window {window}"
                );
                assert!((a.net - total).abs() < 1e-6, "day {d}: {} != {total}", a.net);
                let got_per = a.per_customer.as_ref().unwrap();
                assert_eq!(got_per.len(), per.len());
                assert!(got_per.iter().zip(&per).all(|(g, e)| (g - e).abs() < 1e-9));
            }
        }
    }
}
