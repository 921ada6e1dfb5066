//! Periods and comparison periods (KPIS.md: P and P').
//!
//! Everything is in day numbers (days since 1970-01-01) with inclusive ends,
//! so "March 2024" is `DayRange { from: 1 March, to: 31 March }`.

use serde::{Deserialize, Serialize};

use crate::ingest::sheet::iso_date;
use crate::ingest::value::{days_from_ymd, ymd_from_days};

/// An inclusive range of days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayRange {
    /// First day.
    pub from: i32,
    /// Last day (inclusive).
    pub to: i32,
}

impl DayRange {
    /// A range from `from` to `to` inclusive.
    pub fn new(from: i32, to: i32) -> Self {
        DayRange { from, to }
    }

    /// Whether `day` falls in the range.
    pub fn contains(&self, day: i32) -> bool {
        day >= self.from && day <= self.to
    }

    /// Number of days.
    pub fn days(&self) -> i32 {
        self.to - self.from + 1
    }

    /// `yyyy-mm-dd – yyyy-mm-dd`, for labels and messages.
    pub fn label(&self) -> String {
        format!("{} – {}", iso_date(self.from), iso_date(self.to))
    }

    /// The number of whole calendar months this range spans when it starts
    /// on a first and ends on a last day of a month; `None` otherwise.
    pub fn whole_months(&self) -> Option<i32> {
        let (fy, fm, fd) = ymd_from_days(self.from);
        let (ty, tm, _) = ymd_from_days(self.to);
        if fd != 1 || ymd_from_days(self.to + 1).2 != 1 || self.to < self.from {
            return None;
        }
        Some((ty - fy) * 12 + tm as i32 - fm as i32 + 1)
    }

    /// The range moved back by `months` calendar months (whole-month ranges
    /// stay whole months; other days are clamped to the month's length, so
    /// 29 February a year back is 28 February).
    pub fn months_back(&self, months: i32) -> DayRange {
        if let Some(span) = self.whole_months() {
            let start = add_months(month_start(self.from), -months);
            return DayRange::new(start, add_months(start, span) - 1);
        }
        DayRange::new(shift_day(self.from, -months), shift_day(self.to, -months))
    }
}

/// How the period was chosen, which decides the comparison and the
/// sparkline steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// One calendar month.
    Month,
    /// One calendar quarter.
    Quarter,
    /// One calendar year.
    Year,
    /// Any range of days.
    Custom,
    /// Everything in the data.
    All,
}

/// What P is compared with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    /// The previous period of the same length (the previous calendar
    /// month(s) when P is whole months).
    #[default]
    Previous,
    /// The same period a year earlier.
    Yoy,
}

/// The period the user asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PeriodSpec {
    /// The latest month that is complete in the data (the default).
    LatestMonth,
    /// A calendar month containing `day`.
    Month {
        /// Any day of the month.
        day: i32,
    },
    /// A calendar quarter containing `day`.
    Quarter {
        /// Any day of the quarter.
        day: i32,
    },
    /// A calendar year containing `day`.
    Year {
        /// Any day of the year.
        day: i32,
    },
    /// Days `from` to `to`.
    Custom {
        /// First day.
        from: i32,
        /// Last day.
        to: i32,
    },
    /// All the data.
    All,
}

/// A period resolved against the data: P, P' and the steps of the
/// sparkline (the twelve periods ending with P).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResolvedPeriod {
    /// How it was chosen.
    pub kind: PeriodKind,
    /// P.
    pub current: DayRange,
    /// P' (none for "all data").
    pub previous: Option<DayRange>,
    /// The comparison used.
    pub comparison: Comparison,
    /// Twelve consecutive periods like P, the last one being P.
    pub steps: Vec<DayRange>,
    /// The period like P before the first step: the first step's own
    /// comparison, for its growth and loyalty.
    pub before_steps: DayRange,
    /// P′'s own comparison period (P″), for P′'s growth and loyalty.
    pub before_previous: Option<DayRange>,
}

/// How many periods a sparkline shows.
pub const SPARK_STEPS: usize = 12;

impl PeriodSpec {
    /// Resolves the spec against the data's first and last order days.
    pub fn resolve(self, comparison: Comparison, data: DayRange) -> ResolvedPeriod {
        let (kind, current) = match self {
            PeriodSpec::LatestMonth => (PeriodKind::Month, latest_full_month(data)),
            PeriodSpec::Month { day } => (PeriodKind::Month, month_of(day)),
            PeriodSpec::Quarter { day } => {
                let (y, m, _) = ymd_from_days(day);
                let first = ((m - 1) / 3) * 3 + 1;
                let from = days_from_ymd(y, first, 1).unwrap_or(day);
                (PeriodKind::Quarter, DayRange::new(from, add_months(from, 3) - 1))
            }
            PeriodSpec::Year { day } => {
                let (y, _, _) = ymd_from_days(day);
                let from = days_from_ymd(y, 1, 1).unwrap_or(day);
                (PeriodKind::Year, DayRange::new(from, add_months(from, 12) - 1))
            }
            PeriodSpec::Custom { from, to } => (PeriodKind::Custom, DayRange::new(from.min(to), from.max(to))),
            PeriodSpec::All => (PeriodKind::All, data),
        };
        let compare = |r: DayRange| match comparison {
            Comparison::Yoy => r.months_back(12),
            Comparison::Previous => step_back(r, 1),
        };
        let previous = (kind != PeriodKind::All).then(|| compare(current));
        let before_previous = previous.map(compare);
        // "All data" has no like-sized predecessors: its sparkline shows
        // the last twelve months instead.
        let spark_base = if kind == PeriodKind::All {
            month_of(data.to)
        } else {
            current
        };
        let steps = (0..SPARK_STEPS).rev().map(|k| step_back(spark_base, k as i32));
        let before_steps = step_back(spark_base, SPARK_STEPS as i32);
        // A calendar month, quarter or year that the data ends inside is
        // compared to date: P stops at the data's last day, and every period
        // it is compared with (P′, P″, the sparkline's steps) at the same
        // day of its own period. Nine months of a year against the whole
        // year before would show every sum down by a quarter, and customers
        // would be judged at the end of months without data.
        let calendar = matches!(kind, PeriodKind::Month | PeriodKind::Quarter | PeriodKind::Year);
        let cut_at = (calendar && current.from <= data.to && data.to < current.to).then_some(data.to);
        let like_p = |r: DayRange| match cut_at {
            Some(end) => {
                let months_back = month_index(current.from) - month_index(r.from);
                DayRange::new(r.from, shift_day(end, -months_back).min(r.to))
            }
            None => r,
        };
        ResolvedPeriod {
            kind,
            current: like_p(current),
            previous: previous.map(like_p),
            comparison,
            steps: steps.into_iter().map(like_p).collect(),
            before_steps: like_p(before_steps),
            before_previous: before_previous.map(like_p),
        }
    }
}

/// The period `k` steps before `p`: whole calendar months when `p` is whole
/// months, otherwise `k` times its length in days.
pub fn step_back(p: DayRange, k: i32) -> DayRange {
    match p.whole_months() {
        Some(span) => p.months_back(span * k),
        None => DayRange::new(p.from - p.days() * k, p.to - p.days() * k),
    }
}

/// The latest calendar month that the data covers to its last day; the
/// month of the last day when that day ends a month.
pub fn latest_full_month(data: DayRange) -> DayRange {
    let last = month_of(data.to);
    if last.to == data.to {
        last
    } else {
        month_of(last.from - 1)
    }
}

/// The calendar month containing `day`.
pub fn month_of(day: i32) -> DayRange {
    let from = month_start(day);
    DayRange::new(from, add_months(from, 1) - 1)
}

/// The first day of the month containing `day`.
pub fn month_start(day: i32) -> i32 {
    let (y, m, _) = ymd_from_days(day);
    days_from_ymd(y, m, 1).unwrap_or(day)
}

/// A month index (year × 12 + month − 1) for bucketing by month.
pub fn month_index(day: i32) -> i32 {
    let (y, m, _) = ymd_from_days(day);
    y * 12 + m as i32 - 1
}

/// The first day of a month index.
pub fn month_index_start(index: i32) -> i32 {
    days_from_ymd(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1).unwrap_or(0)
}

/// `yyyy-mm` of a month index.
pub fn month_label(index: i32) -> String {
    format!("{:04}-{:02}", index.div_euclid(12), index.rem_euclid(12) + 1)
}

/// `day` moved by `months` calendar months, clamped to the month's length.
fn shift_day(day: i32, months: i32) -> i32 {
    let (y, m, d) = ymd_from_days(day);
    let index = y * 12 + m as i32 - 1 + months;
    let (ny, nm) = (index.div_euclid(12), index.rem_euclid(12) as u32 + 1);
    (1..=d).rev().find_map(|dd| days_from_ymd(ny, nm, dd)).unwrap_or(day)
}

/// The first day of the month `months` after the month starting at `first`.
fn add_months(first: i32, months: i32) -> i32 {
    month_index_start(month_index(first) + months)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> i32 {
        days_from_ymd(y, m, day).unwrap()
    }

    #[test]
    fn latest_full_month_skips_a_partial_last_month() {
        let data = DayRange::new(d(2023, 1, 5), d(2024, 3, 14));
        assert_eq!(latest_full_month(data), DayRange::new(d(2024, 2, 1), d(2024, 2, 29)));
        let ends_on_month_end = DayRange::new(d(2023, 1, 5), d(2024, 3, 31));
        assert_eq!(
            latest_full_month(ends_on_month_end),
            DayRange::new(d(2024, 3, 1), d(2024, 3, 31))
        );
    }

    #[test]
    fn previous_of_a_month_is_the_previous_calendar_month() {
        let data = DayRange::new(d(2023, 1, 1), d(2024, 3, 31));
        let p = PeriodSpec::Month { day: d(2024, 3, 10) }.resolve(Comparison::Previous, data);
        assert_eq!(p.current, DayRange::new(d(2024, 3, 1), d(2024, 3, 31)));
        assert_eq!(p.previous, Some(DayRange::new(d(2024, 2, 1), d(2024, 2, 29))));
        assert_eq!(p.steps.len(), 12);
        assert_eq!(p.steps[0], DayRange::new(d(2023, 4, 1), d(2023, 4, 30)));
        assert_eq!(p.steps[11], p.current);
    }

    #[test]
    fn a_period_the_data_ends_inside_is_compared_to_date() {
        // The data ends on 30 September 2025.
        let data = DayRange::new(d(2023, 1, 1), d(2025, 9, 30));
        let y = PeriodSpec::Year { day: d(2025, 5, 1) }.resolve(Comparison::Yoy, data);
        assert_eq!(y.current, DayRange::new(d(2025, 1, 1), d(2025, 9, 30)));
        assert_eq!(y.previous, Some(DayRange::new(d(2024, 1, 1), d(2024, 9, 30))));
        // Every period P is compared with is cut alike: P″, the sparkline's
        // steps (ending with P) and the one before them.
        assert_eq!(y.before_previous, Some(DayRange::new(d(2023, 1, 1), d(2023, 9, 30))));
        assert_eq!(y.steps[10], DayRange::new(d(2024, 1, 1), d(2024, 9, 30)));
        assert_eq!(y.steps[11], y.current);
        assert_eq!(y.before_steps, DayRange::new(d(2013, 1, 1), d(2013, 9, 30)));
        let y = PeriodSpec::Year { day: d(2025, 5, 1) }.resolve(Comparison::Previous, data);
        assert_eq!(y.previous, Some(DayRange::new(d(2024, 1, 1), d(2024, 9, 30))));
        assert_eq!(y.before_previous, Some(DayRange::new(d(2023, 1, 1), d(2023, 9, 30))));
        // A quarter the data ends inside (31 August): April–May before it,
        // January–February before that (28 February: 2025 is no leap year).
        let data_aug = DayRange::new(d(2023, 1, 1), d(2025, 8, 31));
        let q = PeriodSpec::Quarter { day: d(2025, 7, 9) }.resolve(Comparison::Previous, data_aug);
        assert_eq!(q.current, DayRange::new(d(2025, 7, 1), d(2025, 8, 31)));
        assert_eq!(q.previous, Some(DayRange::new(d(2025, 4, 1), d(2025, 5, 31))));
        assert_eq!(q.before_previous, Some(DayRange::new(d(2025, 1, 1), d(2025, 2, 28))));
        // A quarter: 1 July – 30 September is whole, nothing is cut.
        let q = PeriodSpec::Quarter { day: d(2025, 8, 1) }.resolve(Comparison::Previous, data);
        assert_eq!(q.current, DayRange::new(d(2025, 7, 1), d(2025, 9, 30)));
        assert_eq!(q.previous, Some(DayRange::new(d(2025, 4, 1), d(2025, 6, 30))));
        // A month the data ends inside (31 March 2024, a leap year's
        // February before it): 1–31 March against 1–29 February.
        let data = DayRange::new(d(2023, 1, 1), d(2024, 3, 30));
        let m = PeriodSpec::Month { day: d(2024, 3, 2) }.resolve(Comparison::Previous, data);
        assert_eq!(m.current, DayRange::new(d(2024, 3, 1), d(2024, 3, 30)));
        assert_eq!(m.previous, Some(DayRange::new(d(2024, 2, 1), d(2024, 2, 29))));
        let m = PeriodSpec::Month { day: d(2024, 3, 2) }.resolve(Comparison::Yoy, data);
        assert_eq!(m.previous, Some(DayRange::new(d(2023, 3, 1), d(2023, 3, 30))));
        // Half a month: 1–15 March against 1–15 February, then 1–15 January.
        let data_mid = DayRange::new(d(2023, 1, 1), d(2024, 3, 15));
        let m = PeriodSpec::Month { day: d(2024, 3, 2) }.resolve(Comparison::Previous, data_mid);
        assert_eq!(m.previous, Some(DayRange::new(d(2024, 2, 1), d(2024, 2, 15))));
        assert_eq!(m.before_previous, Some(DayRange::new(d(2024, 1, 1), d(2024, 1, 15))));
        assert_eq!(m.steps[10], DayRange::new(d(2024, 2, 1), d(2024, 2, 15)));
        // Custom ranges are taken as chosen.
        let c = PeriodSpec::Custom {
            from: d(2024, 3, 1),
            to: d(2024, 4, 30),
        }
        .resolve(Comparison::Previous, data);
        assert_eq!(c.current, DayRange::new(d(2024, 3, 1), d(2024, 4, 30)));
    }

    #[test]
    fn yoy_and_custom_ranges() {
        let data = DayRange::new(d(2023, 1, 1), d(2024, 3, 31));
        let q = PeriodSpec::Quarter { day: d(2024, 2, 2) }.resolve(Comparison::Yoy, data);
        assert_eq!(q.current, DayRange::new(d(2024, 1, 1), d(2024, 3, 31)));
        assert_eq!(q.previous, Some(DayRange::new(d(2023, 1, 1), d(2023, 3, 31))));
        let c = PeriodSpec::Custom {
            from: d(2024, 3, 5),
            to: d(2024, 3, 14),
        }
        .resolve(Comparison::Previous, data);
        assert_eq!(c.previous, Some(DayRange::new(d(2024, 2, 24), d(2024, 3, 4))));
        let leap = DayRange::new(d(2024, 2, 29), d(2024, 2, 29)).months_back(12);
        assert_eq!(leap, DayRange::new(d(2023, 2, 28), d(2023, 2, 28)));
        let all = PeriodSpec::All.resolve(Comparison::Previous, data);
        assert_eq!((all.current, all.previous), (data, None));
    }
}
