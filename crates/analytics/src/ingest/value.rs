//! Parsing of single cell values: numbers in the forms people type them
//! across Europe, dates in the usual orders, and booleans in several languages.
//!
//! Each parser works on the trimmed bytes of one cell and never allocates, so
//! the same function serves both the inference pass (which asks "could this
//! be a …?") and the conversion pass (which asks "what is it as a …?").

/// Which character a number uses as its decimal mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum DecimalMark {
    /// `1,234.56`
    Dot,
    /// `1.234,56`
    Comma,
}

/// The order of day, month and year in a date written with separators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum DateOrder {
    /// `2024-03-15`, `2024/03/15`
    Ymd,
    /// `15.03.2024`, `15/03/2024`
    Dmy,
    /// `03/15/2024`
    Mdy,
    /// `20240315`
    Compact,
}

/// A number cell with what was written around it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ParsedNumber {
    /// The value as written (a percentage keeps its scale: `12,5 %` is 12.5).
    pub value: f64,
    /// The currency the cell named, if any.
    pub currency: Option<Currency>,
    /// Whether the cell ended with `%`.
    pub percent: bool,
}

/// Currencies recognised by symbol or ISO code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[allow(missing_docs)]
pub enum Currency {
    Pln,
    Eur,
    Ron,
    Usd,
    Amd,
    Gbp,
    Chf,
    Czk,
}

impl Currency {
    /// The ISO 4217 code.
    pub fn code(self) -> &'static str {
        match self {
            Currency::Pln => "PLN",
            Currency::Eur => "EUR",
            Currency::Ron => "RON",
            Currency::Usd => "USD",
            Currency::Amd => "AMD",
            Currency::Gbp => "GBP",
            Currency::Chf => "CHF",
            Currency::Czk => "CZK",
        }
    }
}

/// Symbols and codes, longest first so that `zł` wins over a bare `z`.
const CURRENCY_MARKS: &[(&str, Currency)] = &[
    ("PLN", Currency::Pln),
    ("EUR", Currency::Eur),
    ("RON", Currency::Ron),
    ("USD", Currency::Usd),
    ("AMD", Currency::Amd),
    ("GBP", Currency::Gbp),
    ("CHF", Currency::Chf),
    ("CZK", Currency::Czk),
    ("lei", Currency::Ron),
    ("Lei", Currency::Ron),
    ("LEI", Currency::Ron),
    ("zł", Currency::Pln),
    ("zl", Currency::Pln),
    ("Kč", Currency::Czk),
    ("€", Currency::Eur),
    ("$", Currency::Usd),
    ("֏", Currency::Amd),
    ("£", Currency::Gbp),
];

/// Whether a cell starts with a currency symbol or code (`PLN 12`, `€5`).
pub fn starts_with_currency(s: &[u8]) -> bool {
    CURRENCY_MARKS.iter().any(|(m, _)| s.starts_with(m.as_bytes()))
}

/// Trims ASCII spaces, tabs and the UTF-8 no-break spaces (U+00A0, U+202F)
/// that spreadsheets put around numbers.
pub fn trim(mut s: &[u8]) -> &[u8] {
    loop {
        match s {
            [b' ' | b'\t' | b'\r' | b'\n', rest @ ..] => s = rest,
            [0xC2, 0xA0, rest @ ..] => s = rest,
            [0xE2, 0x80, 0xAF, rest @ ..] => s = rest,
            _ => break,
        }
    }
    loop {
        match s {
            [rest @ .., b' ' | b'\t' | b'\r' | b'\n'] => s = rest,
            [rest @ .., 0xC2, 0xA0] => s = rest,
            [rest @ .., 0xE2, 0x80, 0xAF] => s = rest,
            _ => break,
        }
    }
    s
}

fn strip_currency(s: &[u8]) -> (&[u8], Option<Currency>) {
    // Most numbers start and end with a digit: nothing to strip.
    if let (Some(a), Some(z)) = (s.first(), s.last()) {
        if (a.is_ascii_digit() || matches!(a, b'-' | b'+' | b'.' | b',')) && z.is_ascii_digit() {
            return (s, None);
        }
    }
    for (mark, cur) in CURRENCY_MARKS {
        let m = mark.as_bytes();
        if s.len() > m.len() {
            if let Some(rest) = s.strip_suffix(m) {
                return (trim(rest), Some(*cur));
            }
            if let Some(rest) = s.strip_prefix(m) {
                return (trim(rest), Some(*cur));
            }
        }
    }
    (s, None)
}

/// Parses a number written with `mark` as decimal mark. Thousands may be
/// grouped by the other mark, a space, a no-break space or an apostrophe,
/// always in groups of three. A currency symbol or code before or after, a
/// trailing `%`, a sign, and accounting parentheses `(12.50)` are accepted.
///
/// ```
/// use analytics::ingest::value::{parse_number, DecimalMark};
/// assert_eq!(parse_number(b"1.234,56 z\xc5\x82", DecimalMark::Comma).map(|n| n.value), Some(1234.56));
/// assert_eq!(parse_number(b"1'234.56", DecimalMark::Dot).map(|n| n.value), Some(1234.56));
/// assert_eq!(parse_number(b"1,5", DecimalMark::Dot), None);
/// ```
pub fn parse_number(raw: &[u8], mark: DecimalMark) -> Option<ParsedNumber> {
    let mut s = trim(raw);
    let mut negative = false;
    if let [b'(', inner @ .., b')'] = s {
        negative = true;
        s = trim(inner);
    }
    let mut percent = false;
    if let Some(rest) = s.strip_suffix(b"%") {
        percent = true;
        s = trim(rest);
    }
    let (mut s, mut currency) = strip_currency(s);
    if let [sign @ (b'-' | b'+'), rest @ ..] = s {
        negative ^= *sign == b'-';
        s = trim(rest);
        if currency.is_none() {
            let (rest, cur) = strip_currency(s);
            s = rest;
            currency = cur;
        }
    }
    let value = parse_grouped(s, mark)?;
    Some(ParsedNumber {
        value: if negative { -value } else { value },
        currency,
        percent,
    })
}

/// Digits with optional grouping and one decimal mark; no sign, no symbols.
fn parse_grouped(s: &[u8], mark: DecimalMark) -> Option<f64> {
    let (dec, group_mark) = match mark {
        DecimalMark::Dot => (b'.', b','),
        DecimalMark::Comma => (b',', b'.'),
    };
    let mut int_part: u64 = 0;
    let mut int_digits = 0usize;
    let mut group_len = 0usize;
    let mut grouped = false;
    let mut i = 0;
    let mut overflow_text = false;
    while i < s.len() {
        let c = s[i];
        if c.is_ascii_digit() {
            if int_digits >= 18 {
                overflow_text = true;
            }
            int_part = int_part.wrapping_mul(10).wrapping_add(u64::from(c - b'0'));
            int_digits += 1;
            group_len += 1;
            i += 1;
        } else if c == group_mark || c == b' ' || c == b'\'' || c == 0xC2 || c == 0xE2 {
            // Grouping separator: the group before it must be 1-3 digits (first) or 3.
            let width = match c {
                0xC2 if s.get(i + 1) == Some(&0xA0) => 2,
                0xE2 if s.get(i + 1) == Some(&0x80) && s.get(i + 2) == Some(&0xAF) => 3,
                0xC2 | 0xE2 => return None,
                _ => 1,
            };
            if group_len == 0 || group_len > 3 || (grouped && group_len != 3) {
                return None;
            }
            grouped = true;
            group_len = 0;
            i += width;
        } else if c == dec {
            break;
        } else {
            return None;
        }
    }
    if int_digits == 0 && i >= s.len() {
        return None;
    }
    if grouped && group_len != 3 {
        return None;
    }
    let mut value = if overflow_text {
        // Too long for exact integer arithmetic: fall back to the float parser.
        let digits: String = s[..i]
            .iter()
            .filter(|c| c.is_ascii_digit())
            .map(|&c| char::from(c))
            .collect();
        digits.parse::<f64>().ok()?
    } else {
        int_part as f64
    };
    if i < s.len() {
        // Fraction after the decimal mark: digits only.
        let frac = &s[i + 1..];
        if frac.is_empty() && int_digits == 0 {
            return None;
        }
        if !frac.iter().all(u8::is_ascii_digit) {
            return None;
        }
        if !frac.is_empty() {
            value = if frac.len() <= 15 && !overflow_text && int_digits <= 15 {
                let mut f: u64 = 0;
                for &c in frac {
                    f = f * 10 + u64::from(c - b'0');
                }
                // Exact for up to 15 significant digits on each side, then
                // one correctly rounded division (what `str::parse` gives).
                let scale = POW10[frac.len()];
                (int_part as f64 * scale + f as f64) / scale
            } else {
                let mut text = String::with_capacity(s.len());
                text.extend(s[..i].iter().filter(|c| c.is_ascii_digit()).map(|&c| char::from(c)));
                text.push('.');
                text.extend(frac.iter().map(|&c| char::from(c)));
                text.parse::<f64>().ok()?
            };
        }
    }
    Some(value)
}

const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// Parses a plain integer (optional sign, ASCII digits only, at most 18 digits).
pub fn parse_int(raw: &[u8]) -> Option<i64> {
    let s = trim(raw);
    let (neg, digits) = match s {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        _ => (false, s),
    };
    if digits.is_empty() || digits.len() > 18 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let v = digits.iter().fold(0i64, |acc, &c| acc * 10 + i64::from(c - b'0'));
    Some(if neg { -v } else { v })
}

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

/// Words read as booleans, lower-case: English, Polish, German, Romanian.
const TRUE_WORDS: &[&str] = &["true", "yes", "y", "tak", "ja", "da", "prawda", "wahr", "t"];
const FALSE_WORDS: &[&str] = &["false", "no", "n", "nie", "nein", "nu", "fałsz", "falsch", "f"];

/// A boolean word (`yes`/`no`, `tak`/`nie`, `ja`/`nein`, `da`/`nu`,
/// `true`/`false`), any case. Digits are handled by the column, not here,
/// because a column of 0 and 1 may as well be a count.
pub fn parse_bool_word(raw: &[u8]) -> Option<bool> {
    let s = trim(raw);
    // Every word starts with one of these letters: most text is out at once.
    if s.is_empty() || s.len() > 6 || !b"tyfnjdpwTYFNJDPW".contains(&s[0]) {
        return None;
    }
    let matches = |words: &[&str]| {
        words.iter().any(|w| {
            w.len() == s.len()
                && w.bytes()
                    .zip(s)
                    .all(|(a, &b)| a == b.to_ascii_lowercase() || (!a.is_ascii() && a == b))
        }) || (!s.is_ascii() && std::str::from_utf8(s).is_ok_and(|t| words.contains(&t.to_lowercase().as_str())))
    };
    if matches(TRUE_WORDS) {
        Some(true)
    } else if matches(FALSE_WORDS) {
        Some(false)
    } else {
        None
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn num(s: &str, m: DecimalMark) -> Option<f64> {
        parse_number(s.as_bytes(), m).map(|n| n.value)
    }

    #[test]
    fn numbers_in_european_and_english_forms() {
        assert_eq!(num("1.234,56", DecimalMark::Comma), Some(1234.56));
        assert_eq!(num("1 234,56", DecimalMark::Comma), Some(1234.56));
        assert_eq!(num("1\u{a0}234,56", DecimalMark::Comma), Some(1234.56));
        assert_eq!(num("1\u{202f}234,56", DecimalMark::Comma), Some(1234.56));
        assert_eq!(num("1,234.56", DecimalMark::Dot), Some(1234.56));
        assert_eq!(num("1'234.56", DecimalMark::Dot), Some(1234.56));
        assert_eq!(num("-12,5", DecimalMark::Comma), Some(-12.5));
        assert_eq!(num("(12.50)", DecimalMark::Dot), Some(-12.5));
        assert_eq!(num("0.1", DecimalMark::Dot), Some(0.1));
        assert_eq!(num(",5", DecimalMark::Comma), Some(0.5));
        assert_eq!(num("12.", DecimalMark::Dot), Some(12.0));
        assert_eq!(num("1,234", DecimalMark::Dot), Some(1234.0));
        assert_eq!(num("1,234", DecimalMark::Comma), Some(1.234));
    }

    #[test]
    fn malformed_numbers_are_rejected() {
        for bad in ["", "-", "1,5", "12,34,5", "1.2.3", "abc", "1 23", "1e5", "12a", "."] {
            assert_eq!(num(bad, DecimalMark::Dot), None, "{bad:?} as dot");
        }
        for bad in ["1.5", "1,2,3", "12.34.5"] {
            assert_eq!(num(bad, DecimalMark::Comma), None, "{bad:?} as comma");
        }
    }

    #[test]
    fn currencies_and_percentages() {
        let n = parse_number("1 299,00 zł".as_bytes(), DecimalMark::Comma);
        assert_eq!(
            n,
            Some(ParsedNumber {
                value: 1299.0,
                currency: Some(Currency::Pln),
                percent: false
            })
        );
        let n = parse_number("€ 12.50".as_bytes(), DecimalMark::Dot);
        assert_eq!(n.and_then(|n| n.currency), Some(Currency::Eur));
        assert_eq!(num("-€12.50", DecimalMark::Dot), Some(-12.5));
        assert_eq!(num("45,10 lei", DecimalMark::Comma), Some(45.1));
        assert_eq!(num("$1,000.25", DecimalMark::Dot), Some(1000.25));
        assert_eq!(num("12 500 AMD", DecimalMark::Dot), Some(12500.0));
        assert_eq!(num("99,99 EUR", DecimalMark::Comma), Some(99.99));
        assert_eq!(num("250 RON", DecimalMark::Comma), Some(250.0));
        let p = parse_number("12,5 %".as_bytes(), DecimalMark::Comma);
        assert_eq!(p.map(|p| (p.value, p.percent)), Some((12.5, true)));
    }

    #[test]
    fn dates_in_every_order() {
        let d = |s: &str, o| split_date(s.as_bytes()).and_then(|p| p.days(o));
        let mar15 = days_from_ymd(2024, 3, 15);
        assert_eq!(d("2024-03-15", DateOrder::Ymd), mar15);
        assert_eq!(d("15.03.2024", DateOrder::Dmy), mar15);
        assert_eq!(d("15.03.2024.", DateOrder::Dmy), mar15);
        assert_eq!(d("15/03/2024", DateOrder::Dmy), mar15);
        assert_eq!(d("03/15/2024", DateOrder::Mdy), mar15);
        assert_eq!(d("3/15/24", DateOrder::Mdy), mar15);
        assert_eq!(d("15.03.24", DateOrder::Dmy), mar15);
        assert_eq!(d("15/03/2024", DateOrder::Mdy), None);
        assert_eq!(d("2024-03-15", DateOrder::Dmy), None);
        assert_eq!(d("31.04.2024", DateOrder::Dmy), None);
        assert_eq!(parse_compact_date(b"20240315"), mar15);
        assert_eq!(parse_compact_date(b"20241315"), None);
        assert_eq!(parse_compact_date(b"12345678"), None);
    }

    #[test]
    fn dates_with_times() {
        let p = split_date(b"2024-03-15 14:30:05").and_then(|p| p.seconds);
        assert_eq!(p, Some(14 * 3600 + 30 * 60 + 5));
        let p = split_date(b"2024-03-15T09:05:00Z").and_then(|p| p.seconds);
        assert_eq!(p, Some(9 * 3600 + 5 * 60));
        let p = split_date(b"15.03.2024 9:05").and_then(|p| p.seconds);
        assert_eq!(p, Some(9 * 3600 + 5 * 60));
        assert_eq!(split_date(b"15.03.2024 25:00"), None);
    }

    #[test]
    fn day_numbers_round_trip() {
        for z in [-1000, 0, 1, 19_782, 20_000, 50_000] {
            let (y, m, d) = ymd_from_days(z);
            assert_eq!(days_from_ymd(y, m, d), Some(z));
        }
    }

    #[test]
    fn booleans_in_four_languages() {
        for t in ["yes", "TAK", "Ja", "da", "true"] {
            assert_eq!(parse_bool_word(t.as_bytes()), Some(true), "{t}");
        }
        for f in ["no", "nie", "NEIN", "nu", "false"] {
            assert_eq!(parse_bool_word(f.as_bytes()), Some(false), "{f}");
        }
        assert_eq!(parse_bool_word(b"maybe"), None);
    }

    #[test]
    fn excel_serials() {
        // 45366 is 2024-03-15 in Excel's 1900 date system.
        assert_eq!(
            excel_serial_to_days(45366.5),
            Some((days_from_ymd(2024, 3, 15).unwrap_or(0), 43_200))
        );
    }
}
