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
    selected.for_each_in(l.within(DayRange::new(lo, hi)), |i| {
        let b = lookup[(l.day[i] - lo) as usize];
        if b == u8::MAX {
            return;
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
            return;
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
    });
    Scan { stats, active }
}
