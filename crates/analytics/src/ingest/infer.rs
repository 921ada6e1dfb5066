//! Column type inference over every value of a column, not just the first rows.
//!
//! Each value is classified into the set of types it could be (a bit mask:
//! `12` is an integer and a number in both decimal conventions; `1,234` is a
//! number either way; `05/04/2024` is a date day-first and month-first). The
//! column takes the most specific type that at least [`MIN_SHARE`] of its
//! non-empty values fit; the rest are counted as bad values, never dropped
//! rows. Ambiguities are settled by the values that only fit one reading,
//! then by the file's conventions (a `;` file leans to decimal commas,
//! European users lean to day-first dates).

use super::value::{
    parse_bool_word, parse_compact_date, parse_number, split_date, ten_char_date, trim, Currency, DateOrder,
    DecimalMark,
};
use crate::table::{ColumnType, ValueFormat};

/// Share of non-empty values that must fit a type for the column to take it.
pub const MIN_SHARE: f64 = 0.8;

const INT: u16 = 1;
const DOT: u16 = 1 << 1;
const COMMA: u16 = 1 << 2;
const YMD: u16 = 1 << 3;
const DMY: u16 = 1 << 4;
const MDY: u16 = 1 << 5;
const COMPACT: u16 = 1 << 6;
const TIME: u16 = 1 << 7;
const BOOL_WORD: u16 = 1 << 8;
const ZERO_ONE: u16 = 1 << 9;
const PERCENT: u16 = 1 << 10;
const FLAGS: usize = 11;

/// What the reader knows about a column besides its values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ColumnHints {
    /// The header names an identifier (`id`, `Nr`, `Kundennummer`): keep it as
    /// text even when it looks numeric, so `00123` stays `00123`.
    pub identifier: bool,
    /// The header names a date: whole numbers may be Excel serial dates.
    pub date_header: bool,
    /// The header names a yes/no flag: 0 and 1 are booleans.
    pub flag_header: bool,
    /// The decimal mark to assume when the values do not decide it.
    pub default_decimal: DecimalMark,
    /// Values came from spreadsheet cells (numbers are never grouped there).
    pub from_spreadsheet: bool,
}

impl Default for ColumnHints {
    fn default() -> Self {
        ColumnHints {
            identifier: false,
            date_header: false,
            flag_header: false,
            default_decimal: DecimalMark::Dot,
            from_spreadsheet: false,
        }
    }
}

/// Counts of what the values of one column could be.
#[derive(Clone, Debug, Default)]
pub struct ColumnProfile {
    non_empty: usize,
    flags: [usize; FLAGS],
    currencies: [usize; 8],
    min_int: i64,
    max_int: i64,
}

impl ColumnProfile {
    /// Adds one raw cell to the profile.
    pub fn add(&mut self, raw: &[u8]) {
        let v = trim(raw);
        if !v.is_empty() {
            self.add_class(classify_value(v));
        }
    }

    /// Adds a non-empty value already classified by [`classify_value`]
    /// (the single-pass reader reuses one class for a repeated value).
    pub fn add_class(&mut self, class: ValueClass) {
        self.add_class_times(class, 1);
    }

    /// Adds `times` non-empty values of one class: the class cache of a
    /// column of text counts each remembered value as often as it occurred.
    pub fn add_class_times(&mut self, class: ValueClass, times: usize) {
        if times == 0 {
            return;
        }
        if self.non_empty == 0 {
            self.min_int = i64::MAX;
            self.max_int = i64::MIN;
        }
        self.non_empty += times;
        let mut rest = class.mask;
        while rest != 0 {
            self.flags[rest.trailing_zeros() as usize] += times;
            rest &= rest - 1;
        }
        if let Some(c) = class.currency {
            self.currencies[c as usize] += times;
        }
        if let Some(n) = class.int {
            self.min_int = self.min_int.min(n);
            self.max_int = self.max_int.max(n);
        }
    }

    fn count(&self, bit: u16) -> usize {
        self.flags[bit.trailing_zeros() as usize]
    }

    /// Non-empty values seen.
    pub fn non_empty(&self) -> usize {
        self.non_empty
    }

    /// Chooses the column's type and value format.
    pub fn decide(&self, hints: &ColumnHints) -> (ColumnType, ValueFormat) {
        let n = self.non_empty;
        let text = (ColumnType::Text, ValueFormat::default());
        if n == 0 {
            return text;
        }
        let fits = |count: usize| count as f64 >= MIN_SHARE * n as f64;
        if hints.identifier && !hints.date_header {
            return text;
        }
        // Booleans: words, or 0/1 under a flag-like header.
        let bools = self.count(BOOL_WORD) + self.count(ZERO_ONE);
        if self.count(BOOL_WORD) > 0 && fits(bools) || hints.flag_header && fits(self.count(ZERO_ONE)) {
            return (ColumnType::Boolean, ValueFormat::default());
        }
        // Dates: the order that fits most values; day-first wins ties.
        let orders = [
            (DateOrder::Ymd, self.count(YMD)),
            (DateOrder::Dmy, self.count(DMY)),
            (DateOrder::Mdy, self.count(MDY)),
            (DateOrder::Compact, self.count(COMPACT)),
        ];
        let (order, dated) = orders
            .iter()
            .copied()
            .fold((DateOrder::Ymd, 0), |best, o| if o.1 > best.1 { o } else { best });
        let compact_only = order == DateOrder::Compact;
        if fits(dated) && (!compact_only || self.min_int >= 19_000_101) {
            let ty = if self.count(TIME) > 0 {
                ColumnType::Datetime
            } else {
                ColumnType::Date
            };
            return (
                ty,
                ValueFormat {
                    date_order: Some(order),
                    ..ValueFormat::default()
                },
            );
        }
        // Excel serial dates in spreadsheets, under a date header.
        if hints.from_spreadsheet
            && hints.date_header
            && fits(self.count(DOT))
            && self.min_int >= 1
            && self.max_int <= 2_958_465
        {
            return (
                ColumnType::Date,
                ValueFormat {
                    excel_serial: true,
                    ..ValueFormat::default()
                },
            );
        }
        let currency = self.main_currency();
        let percent = self.count(PERCENT) * 2 > n;
        if currency.is_none() && !percent && only_ints(self) {
            return (ColumnType::Integer, ValueFormat::default());
        }
        let (dot, comma) = (self.count(DOT), self.count(COMMA));
        let mark = if dot > comma {
            DecimalMark::Dot
        } else if comma > dot {
            DecimalMark::Comma
        } else {
            hints.default_decimal
        };
        if fits(dot.max(comma)) {
            let format = ValueFormat {
                decimal_mark: Some(mark),
                currency,
                percent,
                ..ValueFormat::default()
            };
            return (ColumnType::Decimal, format);
        }
        text
    }

    fn main_currency(&self) -> Option<Currency> {
        const ALL: [Currency; 8] = [
            Currency::Pln,
            Currency::Eur,
            Currency::Ron,
            Currency::Usd,
            Currency::Amd,
            Currency::Gbp,
            Currency::Chf,
            Currency::Czk,
        ];
        let (i, &count) = self.currencies.iter().enumerate().max_by_key(|(_, c)| **c)?;
        (count > 0).then(|| ALL[i])
    }
}

/// An integer column: (nearly) every value is a plain whole number.
fn only_ints(p: &ColumnProfile) -> bool {
    let n = p.non_empty;
    let ints = p.count(INT);
    // Values that are numbers but not integers (decimals) push it to Decimal.
    let numbers = p.count(DOT).max(p.count(COMMA));
    ints as f64 >= MIN_SHARE * n as f64 && numbers <= ints
}

/// Whether a trimmed cell reads as a number, date or boolean (used to tell a
/// header row from data).
pub fn is_typed_value(v: &[u8]) -> bool {
    !v.is_empty() && classify(v).0 != 0
}

/// What one trimmed, non-empty value could be, as the profile counts it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ValueClass {
    mask: u16,
    currency: Option<Currency>,
    /// The value as a plain integer, when it is one.
    int: Option<i64>,
}

/// Classifies a trimmed, non-empty value.
pub fn classify_value(v: &[u8]) -> ValueClass {
    if let Some(mask) = plain_decimal(v) {
        return ValueClass {
            mask,
            currency: None,
            int: None,
        };
    }
    let (mask, currency) = classify(v);
    let int = if mask & INT != 0 {
        super::value::parse_int(v)
    } else {
        None
    };
    ValueClass { mask, currency, int }
}

/// [`classify_value`] of a value known to be `int_len` ASCII digits, then
/// either nothing or a `.` or `,` and digits (what
/// [`super::value::plain_number_parts`] reads), with `int` its value when
/// it is all digits: the same class without looking at the value again,
/// but for the rare digit strings that may be booleans or dates.
pub fn classify_plain(v: &[u8], int_len: usize, int: Option<i64>) -> ValueClass {
    let Some(&mark) = v.get(int_len) else {
        let mut mask = INT | DOT | COMMA;
        if v == b"0" || v == b"1" {
            mask |= ZERO_ONE;
        }
        if v.len() == 8 && parse_compact_date(v).is_some() {
            mask |= COMPACT;
        }
        return ValueClass {
            mask,
            currency: None,
            int,
        };
    };
    let frac_len = v.len() - int_len - 1;
    let grouping = (1..=3).contains(&int_len) && frac_len == 3;
    let (decimal, group) = if mark == b'.' { (DOT, COMMA) } else { (COMMA, DOT) };
    ValueClass {
        mask: if grouping { decimal | group } else { decimal },
        currency: None,
        int: None,
    }
}

/// Digits, one `.` or `,`, digits: the commonest number cell, classified
/// without the general parsers (which `classify` would run once per decimal
/// mark, after trying it as a date). The mark is a decimal mark either way;
/// it is also a thousands separator when one to three digits precede it and
/// exactly three follow (`1.234`, `1,234`). A date needs two separators.
fn plain_decimal(v: &[u8]) -> Option<u16> {
    let mark_at = v.iter().position(|c| !c.is_ascii_digit())?;
    let mark = v[mark_at];
    let (int_len, frac_len) = (mark_at, v.len() - mark_at - 1);
    if int_len == 0 || frac_len == 0 || !matches!(mark, b'.' | b',') || !v[mark_at + 1..].iter().all(u8::is_ascii_digit)
    {
        return None;
    }
    let grouping = (1..=3).contains(&int_len) && frac_len == 3;
    let (decimal, group) = if mark == b'.' { (DOT, COMMA) } else { (COMMA, DOT) };
    Some(if grouping { decimal | group } else { decimal })
}

/// The set of types a trimmed, non-empty cell could be, and its currency.
fn classify(v: &[u8]) -> (u16, Option<Currency>) {
    let digits_only = {
        let body = match v {
            [b'-' | b'+', rest @ ..] => rest,
            _ => v,
        };
        !body.is_empty() && body.iter().all(u8::is_ascii_digit)
    };
    if digits_only {
        let mut mask = INT | DOT | COMMA;
        if v == b"0" || v == b"1" {
            mask |= ZERO_ONE;
        }
        if v.len() == 8 && parse_compact_date(v).is_some() {
            mask |= COMPACT;
        }
        return (mask, None);
    }
    let first = v[0];
    if first.is_ascii_alphabetic() {
        if v.len() <= 8 && parse_bool_word(v).is_some() {
            return (BOOL_WORD, None);
        }
        // A word can still be a number after a currency code ("PLN 12,50",
        // "lei 5"), but only when it holds a digit.
        if !super::value::starts_with_currency(v) || !v.iter().any(u8::is_ascii_digit) {
            return (0, None);
        }
    }
    if let Some(mask) = ten_char_date_mask(v) {
        return (mask, None);
    }
    let mut mask = 0;
    if first.is_ascii_digit() && v.len() >= 6 {
        if let Some(parts) = split_date(v) {
            for (bit, order) in [(YMD, DateOrder::Ymd), (DMY, DateOrder::Dmy), (MDY, DateOrder::Mdy)] {
                if parts.days(order).is_some() {
                    mask |= bit;
                }
            }
            if mask != 0 {
                if parts.seconds.is_some() {
                    mask |= TIME;
                }
                return (mask, None);
            }
        }
    }
    let mut currency = None;
    for (bit, mark) in [(DOT, DecimalMark::Dot), (COMMA, DecimalMark::Comma)] {
        if let Some(n) = parse_number(v, mark) {
            mask |= bit;
            if n.percent {
                mask |= PERCENT;
            }
            if n.currency.is_some() {
                currency = n.currency;
            }
        }
    }
    (mask, currency)
}

/// `yyyy-mm-dd` or `dd.mm.yyyy` exactly: the commonest dates, checked
/// without splitting; `None` leaves the value to the general path.
fn ten_char_date_mask(v: &[u8]) -> Option<u16> {
    let mut mask = 0;
    for (bit, order) in [(YMD, DateOrder::Ymd), (DMY, DateOrder::Dmy), (MDY, DateOrder::Mdy)] {
        if ten_char_date(v, order)?.is_some() {
            mask |= bit;
        }
    }
    (mask != 0).then_some(mask)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decide(values: &[&str], hints: ColumnHints) -> (ColumnType, ValueFormat) {
        let mut p = ColumnProfile::default();
        for v in values {
            p.add(v.as_bytes());
        }
        p.decide(&hints)
    }

    fn ty(values: &[&str]) -> ColumnType {
        decide(values, ColumnHints::default()).0
    }

    #[test]
    fn integers_decimals_and_text() {
        assert_eq!(ty(&["1", "22", "-3", ""]), ColumnType::Integer);
        assert_eq!(ty(&["1", "2.5", "3"]), ColumnType::Decimal);
        assert_eq!(ty(&["apple", "pear", "12"]), ColumnType::Text);
    }

    #[test]
    fn decimal_mark_is_decided_by_unambiguous_values() {
        let (t, f) = decide(&["1,234", "2,5", "10"], ColumnHints::default());
        assert_eq!((t, f.decimal_mark), (ColumnType::Decimal, Some(DecimalMark::Comma)));
        let (t, f) = decide(&["1,234", "1,234.5"], ColumnHints::default());
        assert_eq!((t, f.decimal_mark), (ColumnType::Decimal, Some(DecimalMark::Dot)));
        let hints = ColumnHints {
            default_decimal: DecimalMark::Comma,
            ..ColumnHints::default()
        };
        let (_, f) = decide(&["1,234", "5,678"], hints);
        assert_eq!(f.decimal_mark, Some(DecimalMark::Comma));
    }

    #[test]
    fn date_order_comes_from_the_whole_column() {
        // Only the last value shows the day comes first.
        let (t, f) = decide(&["01/02/2024", "03/04/2024", "25/04/2024"], ColumnHints::default());
        assert_eq!((t, f.date_order), (ColumnType::Date, Some(DateOrder::Dmy)));
        let (_, f) = decide(&["01/02/2024", "03/04/2024", "04/25/2024"], ColumnHints::default());
        assert_eq!(f.date_order, Some(DateOrder::Mdy));
        // All ambiguous: day-first.
        let (_, f) = decide(&["01/02/2024", "03/04/2024"], ColumnHints::default());
        assert_eq!(f.date_order, Some(DateOrder::Dmy));
        let (t, f) = decide(&["20240131", "20240201"], ColumnHints::default());
        assert_eq!((t, f.date_order), (ColumnType::Date, Some(DateOrder::Compact)));
        assert_eq!(ty(&["2024-01-31 10:00", "2024-02-01 11:30:00"]), ColumnType::Datetime);
    }

    #[test]
    fn booleans_need_words_or_a_flag_header() {
        assert_eq!(ty(&["tak", "nie", "tak"]), ColumnType::Boolean);
        assert_eq!(ty(&["0", "1", "1"]), ColumnType::Integer);
        let flag = ColumnHints {
            flag_header: true,
            ..ColumnHints::default()
        };
        assert_eq!(decide(&["0", "1", "1"], flag).0, ColumnType::Boolean);
    }

    #[test]
    fn identifiers_stay_text() {
        let id = ColumnHints {
            identifier: true,
            ..ColumnHints::default()
        };
        assert_eq!(decide(&["00123", "00124"], id).0, ColumnType::Text);
    }

    #[test]
    fn a_few_bad_values_do_not_change_the_type() {
        let values = ["1,5", "2,5", "3,5", "4,5", "n/a"];
        let (t, f) = decide(&values, ColumnHints::default());
        assert_eq!((t, f.decimal_mark), (ColumnType::Decimal, Some(DecimalMark::Comma)));
    }

    #[test]
    fn plain_decimals_are_classified_as_the_general_path_does() {
        // Every digit/mark string up to six characters: the fast path must
        // agree with `classify` wherever it answers.
        let mut answered = 0;
        for v in crate::ingest::value::every_string(b"0159.,", 6) {
            if let Some(mask) = plain_decimal(&v) {
                answered += 1;
                assert_eq!((mask, None), classify(&v), "{}", String::from_utf8_lossy(&v));
            }
        }
        assert!(answered > 1000, "the fast path answered only {answered} times");
    }

    #[test]
    fn currency_and_percent_columns() {
        let (t, f) = decide(&["12,50 zł", "1 299,00 zł", "7 zł"], ColumnHints::default());
        assert_eq!((t, f.currency), (ColumnType::Decimal, Some(Currency::Pln)));
        let (t, f) = decide(&["12%", "7,5%"], ColumnHints::default());
        assert_eq!((t, f.percent), (ColumnType::Decimal, true));
    }
}
