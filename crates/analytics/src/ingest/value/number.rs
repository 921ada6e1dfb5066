//! Numbers as written across Europe: either decimal mark, grouped thousands,
//! currency symbols and codes, percentages, accounting parentheses.

use super::{trim, DecimalMark};

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

/// The value of a number written as plain digits with at most one decimal
/// mark (`490.38`, `163,46`, `12`), the commonest cell of a number column;
/// `None` for anything else, which [`parse_number`] then reads. Where it
/// answers, it does the same arithmetic as [`parse_number`].
pub fn plain_number(v: &[u8], mark: DecimalMark) -> Option<f64> {
    plain_number_parts(v, mark).map(|(x, _)| x)
}

/// [`plain_number`], with how many digits come before the decimal mark (all
/// of them when there is none).
pub fn plain_number_parts(v: &[u8], mark: DecimalMark) -> Option<(f64, usize)> {
    let dec = match mark {
        DecimalMark::Dot => b'.',
        DecimalMark::Comma => b',',
    };
    // Each part's digits are checked and added up in one walk.
    let digits = |s: &[u8]| -> (u64, usize) {
        let mut n = 0u64;
        for (i, &c) in s.iter().enumerate() {
            let d = c.wrapping_sub(b'0');
            if d > 9 || i == 15 {
                return (n, i);
            }
            n = n * 10 + u64::from(d);
        }
        (n, s.len())
    };
    let (int_part, int_len) = digits(v);
    if int_len == 0 || (int_len == 15 && v.get(15).is_some_and(u8::is_ascii_digit)) {
        return None;
    }
    if int_len == v.len() {
        return Some((int_part as f64, int_len));
    }
    let frac = &v[int_len + 1..];
    let (frac_part, frac_len) = digits(frac);
    if v[int_len] != dec || frac_len == 0 || frac_len != frac.len() {
        return None;
    }
    let scale = POW10[frac_len];
    Some(((int_part as f64 * scale + frac_part as f64) / scale, int_len))
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
