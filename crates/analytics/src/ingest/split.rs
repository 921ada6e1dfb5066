//! Splitting delimited text into records and fields without copying it.
//!
//! Fields are kept as byte ranges into the decoded text ([`CellRef`]), so a
//! 80 MB file is not turned into millions of `String`s: the inference pass
//! reads the ranges and the conversion pass writes typed columns from them.

use memchr::memchr;

/// How fields are separated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Separator {
    /// One byte: `,` `;` tab `|`.
    Byte(u8),
    /// Runs of spaces (and tabs), as in fixed-width or whitespace-aligned exports.
    Whitespace,
}

impl Separator {
    /// The separator for reports: the character itself (`,` `;` tab `|`),
    /// or `whitespace` for runs of spaces.
    pub fn label(self) -> String {
        match self {
            Separator::Byte(b) => char::from(b).to_string(),
            Separator::Whitespace => "whitespace".to_string(),
        }
    }
}

/// One field: where it is in the text and whether it needs `""` unescaping.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CellRef {
    start: u32,
    /// Length in the low 31 bits; the top bit marks escaped quotes inside.
    len: u32,
}

const ESCAPED: u32 = 1 << 31;

impl CellRef {
    /// An empty field.
    pub const EMPTY: CellRef = CellRef { start: 0, len: 0 };

    fn new(start: usize, end: usize, escaped: bool) -> CellRef {
        let len = (end - start) as u32;
        CellRef {
            start: start as u32,
            len: if escaped { len | ESCAPED } else { len },
        }
    }

    /// A plain span of text (no escaped quotes), for cells built from strings.
    pub fn span(start: usize, end: usize) -> CellRef {
        CellRef::new(start, end, false)
    }

    /// Whether the field holds doubled quotes, so that its value is not a
    /// slice of the text.
    pub fn is_escaped(&self) -> bool {
        self.len & ESCAPED != 0
    }

    /// The raw bytes of the field (inner quotes still doubled when escaped).
    pub fn raw<'t>(&self, text: &'t [u8]) -> &'t [u8] {
        let start = self.start as usize;
        let end = start + (self.len & !ESCAPED) as usize;
        text.get(start..end).unwrap_or(&[])
    }

    /// The field's value, with `""` turned into `"` when needed.
    pub fn value<'t>(&self, text: &'t [u8], scratch: &'t mut Vec<u8>) -> &'t [u8] {
        let raw = self.raw(text);
        if self.len & ESCAPED == 0 {
            return raw;
        }
        scratch.clear();
        let mut i = 0;
        while i < raw.len() {
            scratch.push(raw[i]);
            i += if raw[i] == b'"' && raw.get(i + 1) == Some(&b'"') {
                2
            } else {
                1
            };
        }
        scratch
    }
}

/// Reads one record starting at `pos`, pushing its fields into `out`.
/// Returns the position after the record's line end. Quoted fields may hold
/// separators and line breaks; a quote left open runs to the end of the text.
pub fn read_record(text: &[u8], pos: usize, sep: Separator, out: &mut Vec<CellRef>) -> usize {
    read_record_with(text, pos, sep, out, &mut FieldEnds::default())
}

/// [`read_record`] for a reader that goes on through the same text: `ends`
/// keeps what it found beyond this record for the next one.
pub fn read_record_with(
    text: &[u8],
    mut pos: usize,
    sep: Separator,
    out: &mut Vec<CellRef>,
    ends: &mut FieldEnds,
) -> usize {
    out.clear();
    let n = text.len();
    if sep == Separator::Whitespace {
        while pos < n && (text[pos] == b' ' || text[pos] == b'\t') {
            pos += 1;
        }
    }
    loop {
        if pos < n && text[pos] == b'"' {
            let (cell, after) = read_quoted(text, pos + 1);
            out.push(cell);
            pos = after;
            // Anything between the closing quote and the separator is dropped.
            while pos < n && !is_sep(text[pos], sep) && text[pos] != b'\n' {
                pos += 1;
            }
        } else {
            let end = match sep {
                Separator::Byte(d) => ends.find(text, pos, d),
                Separator::Whitespace => text[pos.min(n)..]
                    .iter()
                    .position(|&c| c == b' ' || c == b'\t' || c == b'\n')
                    .map_or(n, |i| pos + i),
            };
            // A `\r` before the line end is not part of the field (checked
            // only at line ends: most fields end at a separator).
            let field_end = if (end == n || text[end] == b'\n') && end > pos && text[end - 1] == b'\r' {
                end - 1
            } else {
                end
            };
            out.push(CellRef::new(pos, field_end, false));
            pos = end;
        }
        if pos >= n {
            return n;
        }
        if text[pos] == b'\n' {
            return pos + 1;
        }
        // At a separator.
        pos += 1;
        if sep == Separator::Whitespace {
            while pos < n && (text[pos] == b' ' || text[pos] == b'\t') {
                pos += 1;
            }
            if pos >= n {
                return n;
            }
            if text[pos] == b'\n' || (text[pos] == b'\r' && text.get(pos + 1) == Some(&b'\n')) {
                return pos + if text[pos] == b'\n' { 1 } else { 2 };
            }
        }
    }
}

/// Where the fields of a text end: the next separator or line feed at or
/// after a position. It marks both in a window of 64 bytes at a time and
/// answers from the marks until the window is used up: most fields are
/// shorter than 10 bytes, and one `memchr2` call per field cost more than
/// the field. Splitting alone, orders_1m.csv's 10 M fields: 55 → 31 ms in
/// wasm, 69 → 36 natively; the whole native read takes 6 % fewer
/// instructions. In the whole wasm parse the gain does not show (it waits
/// on memory more than on these instructions); see docs/performance.md.
#[derive(Clone, Copy, Debug, Default)]
pub struct FieldEnds {
    /// The window is `base..end` of the text.
    base: usize,
    end: usize,
    /// Bit `i` set: the byte at `base + i` is the separator or `\n`.
    marks: u64,
}

/// Bytes in a window: one bit each in [`FieldEnds::marks`].
const WINDOW: usize = 64;

impl FieldEnds {
    /// The first position at or after `pos` holding `sep` or `\n`, or the
    /// text's length when there is none. `text` must be the text of the
    /// earlier calls (it is the text of one reader).
    #[inline]
    pub fn find(&mut self, text: &[u8], mut pos: usize, sep: u8) -> usize {
        loop {
            if pos >= self.base && pos < self.end {
                let ahead = self.marks >> (pos - self.base);
                if ahead != 0 {
                    return pos + ahead.trailing_zeros() as usize;
                }
                pos = self.end;
            }
            if pos >= text.len() {
                return text.len();
            }
            let window = text
                .get(pos..pos + WINDOW)
                .and_then(|w| <&[u8; WINDOW]>::try_from(w).ok());
            self.base = pos;
            match window {
                Some(w) => {
                    self.end = pos + WINDOW;
                    self.marks = window_marks(w, sep);
                }
                None => {
                    self.end = text.len();
                    self.marks = text[pos..]
                        .iter()
                        .enumerate()
                        .fold(0, |m, (i, &c)| m | u64::from((c == sep) | (c == b'\n')) << i);
                }
            }
        }
    }
}

/// The separators and line feeds of a window, as bits (byte `i`, bit `i`).
/// In the browser, wasm SIMD compares 16 bytes at a time.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline]
fn window_marks(w: &[u8; WINDOW], sep: u8) -> u64 {
    use core::arch::wasm32::{u8x16, u8x16_bitmask, u8x16_eq, u8x16_splat, v128_or};
    let (sep, lf) = (u8x16_splat(sep), u8x16_splat(b'\n'));
    let mut marks = 0u64;
    for (i, c) in w.chunks_exact(16).enumerate() {
        let v = u8x16(
            c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11], c[12], c[13], c[14], c[15],
        );
        let hits = v128_or(u8x16_eq(v, sep), u8x16_eq(v, lf));
        marks |= u64::from(u8x16_bitmask(hits)) << (16 * i);
    }
    marks
}

/// The separators and line feeds of a window, as bits (byte `i`, bit `i`),
/// eight bytes at a time in a machine word.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline]
fn window_marks(w: &[u8; WINDOW], sep: u8) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    // 0x80 in each byte of `w` that equals `c`, nothing elsewhere (exact:
    // no carry runs from one byte into the next).
    let equal = |w: u64, c: u8| {
        let x = w ^ (0x0101_0101_0101_0101 * u64::from(c));
        !(((x & LOW7) + LOW7) | x | LOW7)
    };
    let mut marks = 0u64;
    for (i, c) in w.chunks_exact(8).enumerate() {
        let word = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        let high = equal(word, sep) | equal(word, b'\n');
        // Gathers the eight high bits into the top byte, byte i to bit i.
        let bits = (high >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56;
        marks |= bits << (8 * i);
    }
    marks
}

fn is_sep(c: u8, sep: Separator) -> bool {
    match sep {
        Separator::Byte(d) => c == d,
        Separator::Whitespace => c == b' ' || c == b'\t',
    }
}

/// A quoted field whose opening quote is just before `start`.
fn read_quoted(text: &[u8], start: usize) -> (CellRef, usize) {
    let mut pos = start;
    let mut escaped = false;
    loop {
        match memchr(b'"', &text[pos.min(text.len())..]) {
            None => return (CellRef::new(start, text.len(), escaped), text.len()),
            Some(i) => {
                let q = pos + i;
                if text.get(q + 1) == Some(&b'"') {
                    escaped = true;
                    pos = q + 2;
                } else {
                    return (CellRef::new(start, q, escaped), q + 1);
                }
            }
        }
    }
}

/// Whether a line holds nothing but whitespace (such lines are skipped).
pub fn is_blank(text: &[u8], cells: &[CellRef]) -> bool {
    cells.len() <= 1
        && cells
            .first()
            .is_none_or(|c| c.raw(text).iter().all(|b| b.is_ascii_whitespace()))
}

/// Chooses the separator from the first records: the candidate that splits
/// them into the same number (> 1) of fields most consistently. Ties go to
/// tab, then `;`, then `|`, then `,`, because a `;` or a tab that appears on
/// every line is almost never data, while a `,` may be a decimal mark.
///
/// ```
/// use analytics::ingest::split::{sniff_separator, Separator};
/// assert_eq!(sniff_separator(b"a;b;c\n1,5;2;3\n4;5,25;6\n"), Separator::Byte(b';'));
/// assert_eq!(sniff_separator(b"id  name   total\n1   Ann    10\n2   Bob    20\n"), Separator::Whitespace);
/// ```
pub fn sniff_separator(text: &[u8]) -> Separator {
    const CANDIDATES: [Separator; 5] = [
        Separator::Byte(b'\t'),
        Separator::Byte(b';'),
        Separator::Byte(b'|'),
        Separator::Byte(b','),
        Separator::Whitespace,
    ];
    let mut best = (0.0f64, Separator::Byte(b','));
    for sep in CANDIDATES {
        let score = consistency(text, sep);
        // Whitespace splitting must clearly win: text columns contain spaces.
        let score = if sep == Separator::Whitespace {
            score * 0.9
        } else {
            score
        };
        if score > best.0 + 1e-9 {
            best = (score, sep);
        }
    }
    best.1
}

/// Share of the sampled records with the most common field count, or 0 when
/// that count is 1 (the candidate does not split anything).
fn consistency(text: &[u8], sep: Separator) -> f64 {
    const SAMPLE_RECORDS: usize = 64;
    const SAMPLE_BYTES: usize = 64 * 1024;
    let mut counts: Vec<(usize, usize)> = Vec::new();
    let mut cells = Vec::new();
    let mut pos = 0;
    let mut records = 0;
    while pos < text.len() && records < SAMPLE_RECORDS && pos < SAMPLE_BYTES {
        pos = read_record(text, pos, sep, &mut cells);
        if is_blank(text, &cells) {
            continue;
        }
        records += 1;
        match counts.iter_mut().find(|(n, _)| *n == cells.len()) {
            Some((_, c)) => *c += 1,
            None => counts.push((cells.len(), 1)),
        }
    }
    let Some(&(fields, mode)) = counts.iter().max_by_key(|(n, c)| (*c, *n)) else {
        return 0.0;
    };
    if fields <= 1 || records == 0 {
        return 0.0;
    }
    mode as f64 / records as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_all(text: &str, sep: Separator) -> Vec<Vec<String>> {
        let t = text.as_bytes();
        let mut pos = 0;
        let mut rows = Vec::new();
        let mut cells = Vec::new();
        let mut scratch = Vec::new();
        while pos < t.len() {
            pos = read_record(t, pos, sep, &mut cells);
            rows.push(
                cells
                    .iter()
                    .map(|c| String::from_utf8_lossy(c.value(t, &mut scratch)).into_owned())
                    .collect(),
            );
        }
        rows
    }

    #[test]
    fn quoted_fields_hold_separators_quotes_and_newlines() {
        let rows = split_all(
            "a,\"b,1\",\"say \"\"hi\"\"\"\r\n\"multi\nline\",x,\n",
            Separator::Byte(b','),
        );
        assert_eq!(rows, vec![vec!["a", "b,1", "say \"hi\""], vec!["multi\nline", "x", ""]]);
    }

    #[test]
    fn crlf_and_missing_final_newline() {
        let rows = split_all("a;b\r\n1;2", Separator::Byte(b';'));
        assert_eq!(rows, vec![vec!["a", "b"], vec!["1", "2"]]);
    }

    #[test]
    fn whitespace_runs_collapse() {
        let rows = split_all("  id   name  \n 1\tAnn\n", Separator::Whitespace);
        assert_eq!(rows, vec![vec!["id", "name"], vec!["1", "Ann"]]);
    }

    #[test]
    fn unterminated_quote_runs_to_end() {
        let rows = split_all("a,\"open\nstill", Separator::Byte(b','));
        assert_eq!(rows, vec![vec!["a", "open\nstill"]]);
    }

    #[test]
    fn field_ends_are_the_next_separator_or_line_feed() {
        // Texts of every length around the 64-byte window, from a small
        // alphabet (so marks are dense, sparse, or absent), asked from every
        // position, forward as a reader goes and also out of order.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for len in (0..200).chain([255, 256, 257, 1000]) {
            for density in [2u64, 5, 40, 1000] {
                let text: Vec<u8> = (0..len)
                    .map(|_| match next() % density {
                        0 => b';',
                        1 => b'\n',
                        _ => b"ab\r\"x,"[(next() % 5) as usize],
                    })
                    .collect();
                let naive = |pos: usize| {
                    (pos..text.len())
                        .find(|&i| text[i] == b';' || text[i] == b'\n')
                        .unwrap_or(text.len())
                };
                let mut ends = FieldEnds::default();
                for pos in 0..=text.len() {
                    assert_eq!(ends.find(&text, pos, b';'), naive(pos), "len {len} pos {pos}");
                }
                let mut ends = FieldEnds::default();
                for _ in 0..50 {
                    let pos = (next() % (len as u64 + 1)) as usize;
                    assert_eq!(ends.find(&text, pos, b';'), naive(pos), "len {len} pos {pos}");
                }
            }
        }
    }

    #[test]
    fn separators_are_sniffed() {
        assert_eq!(sniff_separator(b"a,b,c\n1,2,3\n"), Separator::Byte(b','));
        assert_eq!(sniff_separator(b"a\tb\tc\n1,5\t2\t3\n"), Separator::Byte(b'\t'));
        assert_eq!(sniff_separator(b"a|b|c\n1|2|3\n"), Separator::Byte(b'|'));
        assert_eq!(sniff_separator(b"a;b\n\"x;y\";2\n3;4\n"), Separator::Byte(b';'));
    }
}
