//! Dates: day numbers since 1970, the three field orders, `yyyymmdd`,
//! times of day, and Excel serial numbers.

use super::{trim, DateOrder};

/// Days since 1970-01-01 of a proleptic Gregorian date, or `None` when the
/// date does not exist (31 April, 29 February of a common year, month 13).
///
/// ```
/// use analytics::ingest::value::days_from_ymd;
/// assert_eq!(days_from_ymd(1970, 1, 1), Some(0));
/// assert_eq!(days_from_ymd(2024, 2, 29), Some(19782));
/// assert_eq!(days_from_ymd(2023, 2, 29), None);
/// ```
pub fn days_from_ymd(y: i32, m: u32, d: u32) -> Option<i32> {
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) || !(1000..=9999).contains(&y) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m as i32 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The calendar date of a day number (inverse of [`days_from_ymd`]).
pub fn ymd_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// The separated parts of a date-looking cell, before an order is chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateParts {
    a: u32,
    a_len: usize,
    b: u32,
    c: u32,
    c_len: usize,
    sep: u8,
    /// Seconds after midnight, when a time followed the date.
    pub seconds: Option<u32>,
}

/// Splits `15.03.2024`, `2024-03-15T10:00:00`, `3/15/2024 9:05` into parts.
/// Returns `None` for anything that is not three numbers joined by one of
/// `.`, `/`, `-` (with an optional time).
pub fn split_date(raw: &[u8]) -> Option<DateParts> {
    let s = trim(raw);
    let (date, time) = match s.iter().position(|&c| c == b' ' || c == b'T') {
        Some(p) => (&s[..p], Some(trim(&s[p + 1..]))),
        None => (s, None),
    };
    let sep = *date.iter().find(|c| matches!(c, b'.' | b'/' | b'-'))?;
    let mut parts = date.split(|&c| c == sep);
    let (pa, pb, pc) = (parts.next()?, parts.next()?, parts.next()?);
    // A trailing dot is common in Polish and German dates: "15.03.2024." is fine.
    if let Some(extra) = parts.next() {
        if !extra.is_empty() || parts.next().is_some() {
            return None;
        }
    }
    let num = |p: &[u8]| -> Option<u32> {
        if p.is_empty() || p.len() > 4 || !p.iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some(p.iter().fold(0u32, |a, &c| a * 10 + u32::from(c - b'0')))
    };
    if pb.len() > 2 {
        return None;
    }
    let seconds = match time {
        Some(t) if !t.is_empty() => Some(parse_time(t)?),
        _ => None,
    };
    Some(DateParts {
        a: num(pa)?,
        a_len: pa.len(),
        b: num(pb)?,
        c: num(pc)?,
        c_len: pc.len(),
        sep,
        seconds,
    })
}

/// `HH:MM`, `HH:MM:SS`, `HH:MM:SS.fff`, optionally followed by `Z`.
fn parse_time(t: &[u8]) -> Option<u32> {
    let t = t.strip_suffix(b"Z").unwrap_or(t);
    let t = match t.iter().position(|&c| c == b'.') {
        Some(p) if t[p + 1..].iter().all(u8::is_ascii_digit) => &t[..p],
        _ => t,
    };
    let mut it = t.split(|&c| c == b':');
    let field = |p: Option<&[u8]>, max: u32| -> Option<u32> {
        let p = p?;
        if p.is_empty() || p.len() > 2 || !p.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let v = p.iter().fold(0u32, |a, &c| a * 10 + u32::from(c - b'0'));
        (v <= max).then_some(v)
    };
    let h = field(it.next(), 23)?;
    let m = field(it.next(), 59)?;
    let s = match it.next() {
        Some(p) => field(Some(p), 60)?,
        None => 0,
    };
    if it.next().is_some() {
        return None;
    }
    Some(h * 3600 + m * 60 + s)
}

impl DateParts {
    /// The day number when the parts are read in `order`.
    pub fn days(&self, order: DateOrder) -> Option<i32> {
        let two_digit_year = |y: u32, len: usize| -> i32 {
            // "15.03.24": years 00-69 are 20xx, 70-99 are 19xx (the POSIX rule).
            if len <= 2 {
                if y < 70 {
                    2000 + y as i32
                } else {
                    1900 + y as i32
                }
            } else {
                y as i32
            }
        };
        let year_last = self.a_len <= 2 && (self.c_len == 4 || self.c_len == 2);
        match order {
            DateOrder::Ymd if self.a_len == 4 && self.c_len <= 2 => days_from_ymd(self.a as i32, self.b, self.c),
            DateOrder::Dmy if year_last => days_from_ymd(two_digit_year(self.c, self.c_len), self.b, self.a),
            // Month-first is an American habit written with slashes only.
            DateOrder::Mdy if year_last && self.sep == b'/' => {
                days_from_ymd(two_digit_year(self.c, self.c_len), self.a, self.b)
            }
            _ => None,
        }
    }
}

/// A date of exactly ten characters, `yyyy-mm-dd` or `dd.mm.yyyy` (any one
/// of `.` `/` `-` used twice), read in `order` without splitting it: the
/// commonest forms, in every row of a large file. The outer `None` means the
/// value has another shape and [`split_date`] decides; otherwise the answer
/// is the one [`split_date`] and [`DateParts::days`] would give.
///
/// ```
/// use analytics::ingest::value::{ten_char_date, days_from_ymd, DateOrder};
/// assert_eq!(ten_char_date(b"15.03.2024", DateOrder::Dmy), Some(days_from_ymd(2024, 3, 15)));
/// assert_eq!(ten_char_date(b"15.03.2024", DateOrder::Mdy), Some(None));
/// assert_eq!(ten_char_date(b"15.03.24", DateOrder::Dmy), None);
/// ```
pub fn ten_char_date(v: &[u8], order: DateOrder) -> Option<Option<i32>> {
    if v.len() != 10 {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        v[r].iter()
            .try_fold(0u32, |a, &c| c.is_ascii_digit().then(|| a * 10 + u32::from(c - b'0')))
    };
    let is_sep = |c: u8| matches!(c, b'.' | b'/' | b'-');
    if is_sep(v[4]) && v[7] == v[4] {
        let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
        return Some(match order {
            DateOrder::Ymd => days_from_ymd(y as i32, m, d),
            _ => None,
        });
    }
    if is_sep(v[2]) && v[5] == v[2] {
        let (a, b, y) = (digits(0..2)?, digits(3..5)?, digits(6..10)?);
        return Some(match order {
            DateOrder::Dmy => days_from_ymd(y as i32, b, a),
            DateOrder::Mdy if v[2] == b'/' => days_from_ymd(y as i32, a, b),
            _ => None,
        });
    }
    None
}

/// `20240315` as a date: exactly eight digits and a real date between 1900 and 2100.
pub fn parse_compact_date(raw: &[u8]) -> Option<i32> {
    let s = trim(raw);
    if s.len() != 8 || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| s[r].iter().fold(0u32, |a, &c| a * 10 + u32::from(c - b'0'));
    let y = n(0..4) as i32;
    if !(1900..=2100).contains(&y) {
        return None;
    }
    days_from_ymd(y, n(4..6), n(6..8))
}
/// An Excel serial date (days since 1899-12-30, as Excel counts after 1 March
/// 1900) as a day number since 1970-01-01, with the time of day in seconds.
pub fn excel_serial_to_days(serial: f64) -> Option<(i32, u32)> {
    if !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let days = serial.floor();
    let secs = ((serial - days) * 86_400.0).round() as u32;
    Some((days as i32 - 25_569, secs.min(86_399)))
}
