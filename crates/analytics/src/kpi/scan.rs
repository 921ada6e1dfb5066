//! One pass over the order lines that sums the Sales section of KPIS.md for
//! several disjoint periods at once: a day → period lookup table, bitsets
//! for distinct orders and customers per period, and per-customer order
//! counts for the repeat rate.

use crate::dataset::Dataset;
use crate::period::DayRange;
use crate::query::Selection;
use crate::table::{NULL_CODE, NULL_DAY};

/// The sums and distinct counts of one period.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PeriodStats {
    /// Sum of positive line amounts.
    pub gross: f64,
    /// Sum of the absolute amounts of return lines.
    pub returns: f64,
    /// Units on non-return lines.
    pub units_sold: f64,
    /// Units on return lines (absolute).
    pub units_returned: f64,
    /// Distinct orders with a non-return line.
    pub orders: u32,
    /// Distinct customers with a non-return line.
    pub active: u32,
    /// Active customers whose first order in the whole data falls in the period.
    pub new: u32,
    /// Active customers with two or more orders in the period.
    pub repeat: u32,
}

impl PeriodStats {
    /// Gross sales minus returns.
    pub fn net(&self) -> f64 {
        self.gross - self.returns
    }
}

/// A set of small integers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bitset(Vec<u64>);

impl Bitset {
    /// An empty set for values below `n`.
    pub fn new(n: usize) -> Self {
        Bitset(vec![0; n.div_ceil(64)])
    }

    /// Adds `i`; true when it was not there yet.
    #[inline]
    pub fn insert(&mut self, i: u32) -> bool {
        let (w, b) = ((i / 64) as usize, i % 64);
        match self.0.get_mut(w) {
            Some(word) => {
                let fresh = *word & (1 << b) == 0;
                *word |= 1 << b;
                fresh
            }
            None => false,
        }
    }

    /// Whether `i` is in the set.
    #[inline]
    pub fn contains(&self, i: u32) -> bool {
        self.0.get((i / 64) as usize).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    /// Number of members.
    pub fn len(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|&w| w == 0)
    }

    /// Members of both sets.
    pub fn intersection_len(&self, other: &Bitset) -> usize {
        self.0
            .iter()
            .zip(&other.0)
            .map(|(a, b)| (a & b).count_ones() as usize)
            .sum()
    }

    /// The members in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.0.iter().enumerate().flat_map(|(w, &word)| {
            (0..64u32)
                .filter(move |b| word & (1u64 << b) != 0)
                .map(move |b| w as u32 * 64 + b)
        })
    }
}

/// What one scan returns: stats and active-customer sets per period.
#[derive(Clone, Debug, Default)]
pub struct Scan {
    /// Per period, in the order given.
    pub stats: Vec<PeriodStats>,
    /// Active customers per period.
    pub active: Vec<Bitset>,
}

/// Periods summed by one scan, kept so that other parts of the same query
/// (the KPI sparklines and the monthly charts share their months) reuse
/// them instead of reading the lines again.
#[derive(Clone, Debug, Default)]
pub struct Scanned {
    /// The periods, in the order scanned.
    pub ranges: Vec<DayRange>,
    /// Their sums.
    pub scan: Scan,
}

impl Scanned {
    /// Scans `ranges` (which must not overlap) over the `selected` lines.
    pub fn new(ds: &Dataset, selected: &Selection, ranges: Vec<DayRange>) -> Self {
        let scan = scan(ds, selected, &ranges);
        Scanned { ranges, scan }
    }

    /// Where period `r` is in the scan.
    pub fn find(&self, r: DayRange) -> Option<usize> {
        self.ranges.iter().position(|x| *x == r)
    }

    /// The sums of period `r`, when it was scanned.
    pub fn stats(&self, r: DayRange) -> Option<PeriodStats> {
        self.find(r).and_then(|i| self.scan.stats.get(i).copied())
    }

    /// Whether every one of `ranges` was scanned.
    pub fn covers(&self, ranges: &[DayRange]) -> bool {
        ranges.iter().all(|r| self.find(*r).is_some())
    }
}

/// Sums the periods `ranges` (which must not overlap) over the `selected`
/// lines.
pub fn scan(ds: &Dataset, selected: &Selection, ranges: &[DayRange]) -> Scan {
    let n_customers = ds.customers.len();
    let n_orders = ds.order_ids.len();
    let mut stats = vec![PeriodStats::default(); ranges.len()];
    let mut active: Vec<Bitset> = ranges.iter().map(|_| Bitset::new(n_customers)).collect();
    let (Some(lo), Some(hi)) = (ranges.iter().map(|r| r.from).min(), ranges.iter().map(|r| r.to).max()) else {
        return Scan { stats, active };
    };
    // Day → period, so a line finds its period with one load.
    let mut lookup = vec![u8::MAX; (hi - lo + 1).max(0) as usize];
    for (b, r) in ranges.iter().enumerate() {
        for day in r.from.max(lo)..=r.to.min(hi) {
            lookup[(day - lo) as usize] = b as u8;
        }
    }
    let mut orders: Vec<Bitset> = ranges.iter().map(|_| Bitset::new(n_orders)).collect();
    let mut per_customer: Vec<Vec<u8>> = ranges.iter().map(|_| vec![0u8; n_customers]).collect();
    let l = &ds.lines;
    for i in selected.lines_in(l.within(DayRange::new(lo, hi))) {
        let b = lookup[(l.day[i] - lo) as usize];
        if b == u8::MAX {
            continue;
        }
        let b = b as usize;
        let s = &mut stats[b];
        let amount = l.amount[i];
        if amount > 0.0 {
            s.gross += amount;
        }
        let q = l.quantity[i];
        if l.is_return[i] {
            s.returns += amount.abs();
            if !q.is_nan() {
                s.units_returned += q.abs();
            }
            continue;
        }
        if q > 0.0 {
            s.units_sold += q;
        }
        let c = l.customer[i];
        if orders[b].insert(l.order[i]) {
            s.orders += 1;
            if c != NULL_CODE {
                let n = &mut per_customer[b][c as usize];
                *n = n.saturating_add(1);
                if *n == 2 {
                    s.repeat += 1;
                }
            }
        }
        if c != NULL_CODE && active[b].insert(c) {
            s.active += 1;
            let first = ds.customers.first_day[c as usize];
            if first != NULL_DAY && ranges[b].contains(first) {
                s.new += 1;
            }
        }
    }
    Scan { stats, active }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::tests::build_files;
    use crate::dataset::BuildOptions;
    use crate::query::{FilterChip, Selection};

    /// The stats of period `r` counted the plain way: every line, sets of
    /// orders and customers.
    fn by_hand(ds: &Dataset, kept: &dyn Fn(usize) -> bool, r: DayRange) -> PeriodStats {
        use std::collections::{BTreeMap, BTreeSet};
        let l = &ds.lines;
        let mut s = PeriodStats::default();
        let mut orders = BTreeSet::new();
        let mut per_customer: BTreeMap<u32, BTreeSet<u32>> = BTreeMap::new();
        for i in (0..l.len()).filter(|&i| kept(i) && r.contains(l.day[i])) {
            let (a, q) = (l.amount[i], l.quantity[i]);
            s.gross += a.max(0.0);
            if l.is_return[i] {
                s.returns += a.abs();
                s.units_returned += if q.is_nan() { 0.0 } else { q.abs() };
                continue;
            }
            s.units_sold += q.max(0.0);
            orders.insert(l.order[i]);
            if l.customer[i] != NULL_CODE {
                per_customer.entry(l.customer[i]).or_default().insert(l.order[i]);
            }
        }
        s.orders = orders.len() as u32;
        s.active = per_customer.len() as u32;
        s.new = per_customer
            .keys()
            .filter(|&&c| r.contains(ds.customers.first_day[c as usize]))
            .count() as u32;
        s.repeat = per_customer.values().filter(|o| o.len() >= 2).count() as u32;
        s
    }

    #[test]
    fn several_periods_in_one_pass_match_a_count_per_period() {
        // 600 pseudo-random lines over 120 days: 40 customers (some lines
        // without one), orders of one to three lines that may span two days
        // (so a period edge can cut an order), returns as negative amounts.
        let mut csv = String::from("order_id,customer_id,order_date,quantity,amount,channel\n");
        let mut x: u64 = 11;
        let mut next = |m: u64| {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (x >> 33) % m
        };
        let mut lines = 0;
        let mut order = 0;
        while lines < 600 {
            order += 1;
            let customer = match next(12) {
                0 => String::new(),
                _ => format!("K{}", next(40)),
            };
            let day = next(118);
            for k in 0..1 + next(3) {
                let day = day + u64::from(k > 0 && next(2) == 0);
                let (m, d) = (1 + day / 28, 1 + day % 28);
                let q = 1 + next(4);
                let sign = if next(9) == 0 { "-" } else { "" };
                let channel = ["Web", "Shop"][next(2) as usize];
                csv.push_str(&format!(
                    "O{order},{customer},2024-{m:02}-{d:02},{sign}{q},{sign}{}.{:02},{channel}\n",
                    next(300),
                    next(100)
                ));
                lines += 1;
            }
        }
        let ds = build_files(&[("o.csv", &csv)], &BuildOptions::default());
        assert_eq!(ds.lines.len(), lines);
        let start = ds.lines.day[0];
        // Disjoint, given out of day order, with gaps; orders that run over
        // two days are cut where two periods meet.
        let ranges: Vec<DayRange> = [(40, 59), (0, 9), (10, 29), (30, 39), (61, 61), (90, 200)]
            .iter()
            .map(|&(a, b)| DayRange::new(start + a, start + b))
            .collect();
        let web = Selection::of(
            &ds,
            &[FilterChip {
                dim: "orders.channel".into(),
                values: vec!["Web".into()],
            }],
        );
        let Selection::Lines(web_lines) = &web else {
            panic!("a filter lists lines")
        };
        let all = |_: usize| true;
        let in_web = |i: usize| web_lines.binary_search(&(i as u32)).is_ok();
        for (selected, kept) in [(&Selection::All, &all as &dyn Fn(usize) -> bool), (&web, &in_web)] {
            let got = scan(&ds, selected, &ranges);
            for (b, r) in ranges.iter().enumerate() {
                let want = by_hand(&ds, kept, *r);
                let s = got.stats[b];
                assert_eq!(
                    (s.orders, s.active, s.new, s.repeat),
                    (want.orders, want.active, want.new, want.repeat),
                    "period {b}"
                );
                for (g, w) in [
                    (s.gross, want.gross),
                    (s.returns, want.returns),
                    (s.units_sold, want.units_sold),
                    (s.units_returned, want.units_returned),
                ] {
                    assert!((g - w).abs() < 1e-6, "period {b}: {g} != {w}");
                }
                assert_eq!(got.active[b].len(), want.active as usize, "period {b}");
            }
        }
    }
}
