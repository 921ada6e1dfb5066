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

mod date;
mod number;

pub use date::{
    days_from_ymd, excel_serial_to_days, parse_compact_date, split_date, ten_char_date, ymd_from_days, DateParts,
};
pub use number::{
    parse_int, parse_number, plain_number, plain_number_parts, starts_with_currency, Currency, ParsedNumber,
};

/// Trims ASCII spaces, tabs and the UTF-8 no-break spaces (U+00A0, U+202F)
/// that spreadsheets put around numbers.
///
/// Called for every cell: the check that there is nothing to trim is
/// inlined, the trimming is not (the wasm build called the whole function
/// for each cell, ~6 % of parsing a million order lines).
#[inline]
pub fn trim(s: &[u8]) -> &[u8] {
    match (s.first(), s.last()) {
        (None, _) => s,
        (Some(b' ' | b'\t' | b'\r' | b'\n' | 0xC2 | 0xE2), _)
        | (_, Some(b' ' | b'\t' | b'\r' | b'\n' | 0xA0 | 0xAF)) => trim_ends(s),
        _ => s,
    }
}

#[inline(never)]
fn trim_ends(mut s: &[u8]) -> &[u8] {
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
/// Byte equality without a call into `memcmp` for the short values most
/// cells hold.
#[inline]
pub fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let n = a.len();
    if (8..=16).contains(&n) {
        let word = |s: &[u8], at: usize| {
            s.get(at..at + 8)
                .and_then(|w| w.try_into().ok())
                .map(u64::from_ne_bytes)
        };
        return word(a, 0) == word(b, 0) && word(a, n - 8) == word(b, n - 8);
    }
    if (4..8).contains(&n) {
        let word = |s: &[u8], at: usize| {
            s.get(at..at + 4)
                .and_then(|w| w.try_into().ok())
                .map(u32::from_ne_bytes)
        };
        return word(a, 0) == word(b, 0) && word(a, n - 4) == word(b, n - 4);
    }
    if n < 4 {
        // First, second and last byte cover up to three (in wasm, `==`
        // called a byte-by-byte memcmp for quantities like "3").
        return n == 0 || (a[0] == b[0] && a[n - 1] == b[n - 1] && a.get(1) == b.get(1));
    }
    a == b
}

/// Whether `a` sorts before `b` (`a < b`), without a call into `memcmp`
/// when both are short and of the same length: in wasm `<` on slices is
/// one, and it ran for most new text values (checking whether an id is the
/// greatest of its length so far).
#[inline]
pub fn less_same_length(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    let width = match n {
        _ if n != b.len() => return a < b,
        8..=16 => 8,
        4..=7 => 4,
        _ => return a < b,
    };
    // Big-endian words compare as their bytes do. The second word overlaps
    // the first, whose bytes are then equal in both.
    let (x, y) = (be_word(a, 0, width), be_word(b, 0, width));
    if x == y {
        be_word(a, n - width, width) < be_word(b, n - width, width)
    } else {
        x < y
    }
}

/// The `width` (4 or 8) bytes of `s` at `at` as a big-endian number.
#[inline]
fn be_word(s: &[u8], at: usize, width: usize) -> Option<u64> {
    let bytes = s.get(at..at + width)?;
    match width {
        8 => bytes.try_into().ok().map(u64::from_be_bytes),
        _ => bytes.try_into().ok().map(u32::from_be_bytes).map(u64::from),
    }
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
/// Every string of 1 to `max_len` bytes from `alphabet`, for tests that
/// hold a fast path equal to the general one wherever it answers.
#[cfg(test)]
pub(crate) fn every_string(alphabet: &[u8], max_len: u32) -> impl Iterator<Item = Vec<u8>> + '_ {
    (1..=max_len).flat_map(move |len| {
        (0..alphabet.len().pow(len)).map(move |n| {
            let mut k = n;
            (0..len)
                .map(|_| {
                    let c = alphabet[k % alphabet.len()];
                    k /= alphabet.len();
                    c
                })
                .collect()
        })
    })
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
    fn plain_numbers_read_as_parse_number_reads_them() {
        let mut answered = 0;
        for v in every_string(b"0179.,", 7) {
            for mark in [DecimalMark::Dot, DecimalMark::Comma] {
                if let Some(fast) = plain_number(&v, mark) {
                    answered += 1;
                    let slow = parse_number(&v, mark).map(|p| p.value);
                    assert_eq!(Some(fast), slow, "{} {mark:?}", String::from_utf8_lossy(&v));
                }
            }
        }
        assert!(answered > 10_000, "answered {answered}");
        // Up to 15 digits on each side of the mark; longer forms go to the
        // general parser.
        for (v, plain) in [
            ("123456789012345", true),
            ("123456789012345.5", true),
            ("1.123456789012345", true),
            ("999999999999999.999999999999999", true),
            ("1234567890123456", false),
            ("1234567890123456.5", false),
            ("1.1234567890123456", false),
        ] {
            let fast = plain_number(v.as_bytes(), DecimalMark::Dot);
            assert_eq!(fast.is_some(), plain, "{v}");
            if plain {
                assert_eq!(
                    fast,
                    parse_number(v.as_bytes(), DecimalMark::Dot).map(|p| p.value),
                    "{v}"
                );
            }
        }
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
    fn ten_character_dates_read_as_the_general_reader_reads_them() {
        // Every string over a small alphabet in the two ten-character shapes.
        let alphabet = [b'0', b'1', b'2', b'3', b'9', b'.', b'/', b'-', b'x'];
        let shapes: [&[u8]; 2] = [b"2024-03-15", b"15.03.2024"];
        let mut answered = 0;
        for shape in shapes {
            for pos in 0..10 {
                for &c in &alphabet {
                    for &c2 in &alphabet {
                        let mut v = shape.to_vec();
                        v[pos] = c;
                        v[(pos + 3) % 10] = c2;
                        for order in [DateOrder::Ymd, DateOrder::Dmy, DateOrder::Mdy] {
                            if let Some(fast) = ten_char_date(&v, order) {
                                answered += 1;
                                let slow = split_date(&v).and_then(|p| p.days(order));
                                assert_eq!(fast, slow, "{} {order:?}", String::from_utf8_lossy(&v));
                            }
                        }
                    }
                }
            }
        }
        assert!(answered > 1000, "answered {answered}");
    }

    #[test]
    fn same_bytes_is_byte_equality() {
        let words: Vec<Vec<u8>> = (0..40)
            .map(|n| (0..n % 20).map(|i| b'a' + ((i * 7 + n / 20) % 3) as u8).collect())
            .collect();
        for a in &words {
            for b in &words {
                assert_eq!(same_bytes(a, b), a == b, "{a:?} {b:?}");
                let mut c = b.clone();
                if let Some(last) = c.last_mut() {
                    *last ^= 1;
                    assert_eq!(same_bytes(a, &c), a == &c);
                }
            }
        }
    }

    #[test]
    fn less_same_length_is_byte_order() {
        // Every pair of 400 words of up to 19 letters from three (many of
        // the same length, the rest compared as `<` compares them).
        let words: Vec<Vec<u8>> = (0..400)
            .map(|n| {
                (0..n % 20)
                    .map(|i| b'a' + ((i * 7 + n / 20 + i * i * (n % 5)) % 3) as u8)
                    .collect()
            })
            .collect();
        let mut compared = 0;
        for a in &words {
            for b in &words {
                assert_eq!(less_same_length(a, b), a < b, "{a:?} {b:?}");
                compared += usize::from(a.len() == b.len() && a != b);
            }
        }
        assert!(compared > 5_000, "{compared}");
        // Bytes above 127 sort after ASCII, as in `<` on slices.
        let (ascii, polish) = ("SO-10000z".as_bytes(), "SO-1000ł".as_bytes());
        assert!(less_same_length(ascii, polish) && !less_same_length(polish, ascii));
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
