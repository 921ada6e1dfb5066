//! The validated stage: each raw column is profiled, given a type, and
//! converted into a typed vector. Values that do not fit the type become
//! "missing" and are recorded, with their row numbers, as column issues.

use std::hash::BuildHasher as _;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

use super::infer::{classify_plain, classify_value, ColumnHints, ColumnProfile, ValueClass};
use super::raw::RawTable;
use super::split::CellRef;
use super::value::{
    excel_serial_to_days, less_same_length, parse_bool_word, parse_compact_date, parse_int, parse_number, plain_number,
    plain_number_parts, same_bytes, split_date, ten_char_date, trim, DateOrder, DecimalMark,
};
use crate::roles::header_hints;
use crate::table::{
    Column, ColumnData, ColumnIssues, ColumnType, Table, TextColumn, TextValues, ValueFormat, NULL_BOOL, NULL_CODE,
    NULL_DAY, NULL_I64,
};

/// Whether a column's values need profiling: an identifier column is text
/// whatever its values look like (unless the header also names a date).
pub fn wants_profile(name: &str) -> bool {
    let header = header_hints(name);
    !header.identifier || header.date
}

/// Converts every column of a raw table.
pub fn to_table(raw: &RawTable<'_>, progress: &mut dyn FnMut(f32)) -> Table {
    let ncols = raw.columns().max(1);
    let columns = raw
        .header
        .iter()
        .zip(&raw.cells)
        .enumerate()
        .map(|(i, (name, cells))| {
            let column = convert_column(raw, name, cells, raw.profiles.as_ref().and_then(|p| p.get(i)));
            progress((i + 1) as f32 / ncols as f32);
            column
        })
        .collect();
    Table {
        columns,
        rows: raw.rows(),
        ragged: raw.ragged.clone(),
    }
}

/// The hints a column's header and source give its type decision.
pub fn column_hints(name: &str, from_spreadsheet: bool, default_decimal: DecimalMark) -> ColumnHints {
    let header = header_hints(name);
    ColumnHints {
        identifier: header.identifier,
        date_header: header.date,
        flag_header: header.flag,
        default_decimal: if from_spreadsheet {
            DecimalMark::Dot
        } else {
            default_decimal
        },
        from_spreadsheet,
    }
}

fn convert_column(raw: &RawTable<'_>, name: &str, cells: &[CellRef], profile: Option<&ColumnProfile>) -> Column {
    let text: &[u8] = &raw.text;
    let hints = column_hints(name, raw.from_spreadsheet, raw.default_decimal);
    // Delimited text was profiled while it was split; other sources here.
    let computed;
    let profile = match profile {
        Some(p) => p,
        None => {
            let mut p = ColumnProfile::default();
            if wants_profile(name) {
                let mut scratch = Vec::new();
                for cell in cells {
                    p.add(cell.value(text, &mut scratch));
                }
            }
            computed = p;
            &computed
        }
    };
    let (ty, format) = profile.decide(&hints);
    convert_cells(text, name, cells, &raw.row_numbers, ty, format)
}

/// Dictionary-encodes one column's cells as text, making room for
/// `distinct_estimate` values at once.
pub fn text_column(text: &[u8], name: &str, cells: &[CellRef]) -> Column {
    let mut dict = Dictionary::with_capacity(cells.len());
    dict.expect_distinct(distinct_estimate(text, cells));
    dict.push_cells(text, cells);
    Column {
        name: name.to_string(),
        data: ColumnData::Text(dict.finish()),
        format: ValueFormat::default(),
        issues: ColumnIssues::default(),
    }
}

/// Converts one column's cells to `ty` (text: [`text_column`]).
pub fn convert_cells(
    text: &[u8],
    name: &str,
    cells: &[CellRef],
    rows: &[u32],
    ty: ColumnType,
    format: ValueFormat,
) -> Column {
    if ty == ColumnType::Text {
        return text_column(text, name, cells);
    }
    let mut values = TypedValues::new(ty, format, cells.len());
    let mut issues = ColumnIssues::default();
    let mut scratch = Vec::new();
    // The value just above, when it was a non-empty slice of the text, and
    // whether it was bad: an order's lines repeat its id, date and customer.
    let mut last: Option<(&[u8], bool)> = None;
    for (cell, &row) in cells.iter().zip(rows) {
        if cell.is_escaped() {
            values.push(trim(cell.value(text, &mut scratch)), row, &mut issues);
            last = None;
            continue;
        }
        let v = trim(cell.raw(text));
        match last {
            Some((above, bad)) if same_bytes(above, v) => values.push_repeat(v, row, bad, &mut issues),
            _ => {
                let bad = values.push(v, row, &mut issues);
                last = (!v.is_empty()).then_some((v, bad));
            }
        }
    }
    Column {
        name: name.to_string(),
        data: values.finish(),
        format,
        issues,
    }
}

/// A column's values on their way to a typed vector: empty cells and values
/// that do not parse become `null`; the failures are recorded with their
/// row numbers. Both readers (the two-pass one and the single pass over
/// delimited text) push through this, so they agree value for value.
#[derive(Debug)]
pub enum TypedValues {
    /// Whole numbers.
    Integer(Vec<i64>),
    /// Numbers written with this decimal mark.
    Decimal(DecimalMark, Vec<f64>),
    /// Day numbers, read as the format says.
    Date(ValueFormat, Vec<i32>),
    /// Seconds since 1970, read as the format says.
    Datetime(ValueFormat, Vec<i64>),
    /// 1, 0 or null.
    Boolean(Vec<u8>),
    /// Dictionary-encoded text.
    Text(Dictionary),
}

impl TypedValues {
    /// An empty column of `ty`, room made for `capacity` values.
    pub fn new(ty: ColumnType, format: ValueFormat, capacity: usize) -> Self {
        match ty {
            ColumnType::Integer => TypedValues::Integer(Vec::with_capacity(capacity)),
            ColumnType::Decimal => TypedValues::Decimal(
                format.decimal_mark.unwrap_or(DecimalMark::Dot),
                Vec::with_capacity(capacity),
            ),
            ColumnType::Date => TypedValues::Date(format, Vec::with_capacity(capacity)),
            ColumnType::Datetime => TypedValues::Datetime(format, Vec::with_capacity(capacity)),
            ColumnType::Boolean => TypedValues::Boolean(Vec::with_capacity(capacity)),
            ColumnType::Text => TypedValues::Text(Dictionary::with_capacity(capacity)),
        }
    }

    /// Whether values pushed here are read exactly as a column of `ty` with
    /// `format` would read them (currency and percent do not change a value).
    pub fn reads_as(&self, ty: ColumnType, format: &ValueFormat) -> bool {
        match self {
            TypedValues::Integer(_) => ty == ColumnType::Integer,
            TypedValues::Decimal(mark, _) => {
                ty == ColumnType::Decimal && format.decimal_mark.unwrap_or(DecimalMark::Dot) == *mark
            }
            TypedValues::Date(f, _) => ty == ColumnType::Date && same_dates(f, format),
            TypedValues::Datetime(f, _) => ty == ColumnType::Datetime && same_dates(f, format),
            TypedValues::Boolean(_) => ty == ColumnType::Boolean,
            TypedValues::Text(_) => ty == ColumnType::Text,
        }
    }

    /// Adds one trimmed value of data row `row`. Returns whether it was bad.
    pub fn push(&mut self, v: &[u8], row: u32, issues: &mut ColumnIssues) -> bool {
        fn put<T>(out: &mut Vec<T>, null: T, parsed: Option<T>) -> bool {
            match parsed {
                Some(x) => {
                    out.push(x);
                    false
                }
                None => {
                    out.push(null);
                    true
                }
            }
        }
        if v.is_empty() {
            self.push_null();
            return false;
        }
        let bad = match self {
            TypedValues::Integer(out) => put(out, NULL_I64, integer(v)),
            TypedValues::Decimal(mark, out) => put(
                out,
                f64::NAN,
                plain_number(v, *mark).or_else(|| parse_number(v, *mark).map(|p| p.value)),
            ),
            TypedValues::Date(f, out) => put(out, NULL_DAY, date(v, f).map(|(d, _)| d)),
            TypedValues::Datetime(f, out) => put(
                out,
                NULL_I64,
                date(v, f).map(|(d, s)| i64::from(d) * 86_400 + i64::from(s)),
            ),
            TypedValues::Boolean(out) => put(out, NULL_BOOL, boolean(v).map(u8::from)),
            TypedValues::Text(dict) => {
                dict.push(v);
                false
            }
        };
        if bad {
            issues.record(row, v);
        }
        bad
    }

    /// [`TypedValues::push`] of a non-empty value, with its class as
    /// [`classify_value`] gives it: plain numbers, the commonest cells of
    /// number columns, are read once for both.
    pub fn push_classified(&mut self, v: &[u8], row: u32, issues: &mut ColumnIssues) -> (ValueClass, bool) {
        match self {
            TypedValues::Decimal(mark, out) => {
                if let Some((x, int_len)) = plain_number_parts(v, *mark) {
                    out.push(x);
                    // At most 15 digits: the value is exact.
                    let int = (int_len == v.len()).then_some(x as i64);
                    return (classify_plain(v, int_len, int), false);
                }
            }
            TypedValues::Integer(out) if v.len() <= 18 && v.iter().all(u8::is_ascii_digit) => {
                let n = v.iter().fold(0i64, |acc, &c| acc * 10 + i64::from(c - b'0'));
                out.push(n);
                return (classify_plain(v, v.len(), Some(n)), false);
            }
            _ => {}
        }
        (classify_value(v), self.push(v, row, issues))
    }

    /// Adds a non-empty value equal to the one added last: the same result
    /// again without parsing or hashing it again.
    #[inline]
    pub fn push_repeat(&mut self, v: &[u8], row: u32, last_was_bad: bool, issues: &mut ColumnIssues) {
        fn again<T: Copy>(out: &mut Vec<T>) {
            if let Some(&x) = out.last() {
                out.push(x);
            }
        }
        match self {
            TypedValues::Integer(out) | TypedValues::Datetime(_, out) => again(out),
            TypedValues::Decimal(_, out) => again(out),
            TypedValues::Date(_, out) => again(out),
            TypedValues::Boolean(out) => again(out),
            TypedValues::Text(dict) => again(&mut dict.codes),
        }
        if last_was_bad {
            issues.record(row, v);
        }
    }

    /// Makes room for about `n` distinct values (text only).
    pub fn expect_distinct(&mut self, n: usize) {
        if let TypedValues::Text(dict) = self {
            dict.expect_distinct(n);
        }
    }

    fn push_null(&mut self) {
        match self {
            TypedValues::Integer(out) | TypedValues::Datetime(_, out) => out.push(NULL_I64),
            TypedValues::Decimal(_, out) => out.push(f64::NAN),
            TypedValues::Date(_, out) => out.push(NULL_DAY),
            TypedValues::Boolean(out) => out.push(NULL_BOOL),
            TypedValues::Text(dict) => dict.codes.push(NULL_CODE),
        }
    }

    /// The finished column data.
    pub fn finish(self) -> ColumnData {
        match self {
            TypedValues::Integer(v) => ColumnData::Integer(v),
            TypedValues::Decimal(_, v) => ColumnData::Decimal(v),
            TypedValues::Date(_, v) => ColumnData::Date(v),
            TypedValues::Datetime(_, v) => ColumnData::Datetime(v),
            TypedValues::Boolean(v) => ColumnData::Boolean(v),
            TypedValues::Text(d) => ColumnData::Text(d.finish()),
        }
    }
}

fn same_dates(a: &ValueFormat, b: &ValueFormat) -> bool {
    a.date_order == b.date_order && a.excel_serial == b.excel_serial
}

fn integer(v: &[u8]) -> Option<i64> {
    parse_int(v).or_else(|| {
        // "1,000" or "1 000" in a column of whole numbers.
        let n = parse_number(v, DecimalMark::Dot).or_else(|| parse_number(v, DecimalMark::Comma))?;
        (n.value.fract() == 0.0 && n.value.abs() < 9.0e15).then_some(n.value as i64)
    })
}

fn date(v: &[u8], format: &ValueFormat) -> Option<(i32, u32)> {
    if format.excel_serial {
        return excel_serial_to_days(parse_number(v, DecimalMark::Dot)?.value);
    }
    match format.date_order? {
        DateOrder::Compact => parse_compact_date(v).map(|d| (d, 0)),
        order => {
            if let Some(days) = ten_char_date(v, order) {
                return days.map(|d| (d, 0));
            }
            let parts = split_date(v)?;
            Some((parts.days(order)?, parts.seconds.unwrap_or(0)))
        }
    }
}

fn boolean(v: &[u8]) -> Option<bool> {
    match v {
        b"1" => Some(true),
        b"0" => Some(false),
        _ => parse_bool_word(v),
    }
}

/// Dictionary-encoded text on its way in. Distinct values are copied once,
/// end to end into one buffer, and the index holds where each one is: a
/// lookup reads the index and then the bytes, not a `String` header first
/// (with 300,000 order ids each step is a cache miss).
///
/// Exports list ids in the order they were issued (`SO-100001`,
/// `SO-100002`, …, with returns as `R-SO-100022` in between). A value
/// greater than every value of its length so far cannot have been seen: it
/// is added without looking it up first. Nor is it put in the index then:
/// the index lags behind and takes the values added since it was last used
/// when a lookup needs it, so a column whose values all arrive in order
/// (order ids, invoice numbers) never builds one. The 333,107 order ids of
/// a million order lines took ~110 ms natively with a lookup each, ~57 ms
/// added to the index without one, and fewer still without the index (its
/// entries are scattered over megabytes of memory).
#[derive(Debug, Default)]
pub struct Dictionary {
    /// The values of codes below `indexed`, by hash.
    index: HashTable<Entry>,
    indexed: u32,
    /// By length (below [`Dictionary::TRACKED_LEN`]): where the greatest
    /// value of that length is in `bytes`, or `u32::MAX` when there is none.
    greatest: Vec<u32>,
    /// The distinct values, one after another.
    bytes: Vec<u8>,
    /// Where each distinct value starts in `bytes`, by code. The index
    /// holds the same, but finishing in code order from here measured
    /// faster than from the index's scattered entries (1M rows: best 376–414
    /// against 505–539 ms).
    starts: Vec<u32>,
    codes: Vec<u32>,
    /// Codes of values pushed lately, by [`recent_slot`] (`u32::MAX`: none),
    /// while the column has at most [`Dictionary::FEW`] distinct values. A
    /// column of eight categories in random order repeats few values from
    /// the line above, so nearly every cell was looked up: hashing it and
    /// probing the index took 23 ms of a million lines natively, finding it
    /// here 15 (the whole 1M parse in wasm under Node: 360 → 341 ms median
    /// of 24, alternated). Columns with more values miss here too often to
    /// gain from it (SKUs and customers were 2–3 ms slower).
    recent: Vec<u32>,
}

/// Slots in [`Dictionary::recent`].
pub(super) const RECENT_BITS: u32 = 8;

/// Where a value's code is remembered in [`Dictionary::recent`]: from its
/// length and its first and last two bytes, which tell apart the few
/// values of a column of categories or channels without hashing them.
#[inline]
pub(super) fn recent_slot(v: &[u8]) -> usize {
    let n = v.len();
    let at = |i: usize| u32::from(v.get(i).copied().unwrap_or(0));
    let key = (n as u32) ^ at(0) << 8 ^ at(n.wrapping_sub(1)) << 16 ^ at(n.wrapping_sub(2)) << 24;
    (key.wrapping_mul(0x9E37_79B1) >> (32 - RECENT_BITS)) as usize
}

/// One distinct value in the index: its code and where its bytes are.
#[derive(Clone, Copy, Debug)]
struct Entry {
    code: u32,
    start: u32,
    len: u32,
}

impl Entry {
    fn bytes<'b>(&self, all: &'b [u8]) -> &'b [u8] {
        let start = self.start as usize;
        &all[start..start + self.len as usize]
    }
}

impl Dictionary {
    /// Values this long or longer are always looked up.
    const TRACKED_LEN: usize = 64;
    /// Up to this many distinct values, values are first looked for in
    /// [`Dictionary::recent`].
    const FEW: usize = 64;

    fn with_capacity(rows: usize) -> Self {
        Dictionary {
            codes: Vec::with_capacity(rows),
            greatest: vec![u32::MAX; Self::TRACKED_LEN],
            recent: vec![u32::MAX; 1 << RECENT_BITS],
            ..Dictionary::default()
        }
    }

    /// Adds a column's cells: what [`TypedValues::push`] and
    /// [`TypedValues::push_repeat`] do for text, without asking each time
    /// which type the values are (text has no bad values).
    fn push_cells(&mut self, text: &[u8], cells: &[CellRef]) {
        let mut scratch = Vec::new();
        // The value just above, when it was a non-empty slice of the text.
        let mut last: Option<&[u8]> = None;
        for cell in cells {
            if cell.is_escaped() {
                self.push_or_null(trim(cell.value(text, &mut scratch)));
                last = None;
                continue;
            }
            let v = trim(cell.raw(text));
            match (last, self.codes.last()) {
                (Some(above), Some(&code)) if same_bytes(above, v) => self.codes.push(code),
                _ => {
                    self.push_or_null(v);
                    last = (!v.is_empty()).then_some(v);
                }
            }
        }
    }

    fn push_or_null(&mut self, v: &[u8]) {
        if v.is_empty() {
            self.codes.push(NULL_CODE);
        } else {
            self.push(v);
        }
    }

    /// Adds one trimmed, non-empty value.
    fn push(&mut self, v: &[u8]) {
        if self.starts.len() > Self::FEW {
            self.push_looked_up(v);
            return;
        }
        let slot = recent_slot(v);
        if let Some(&code) = self.recent.get(slot) {
            if let Some(seen) = self.value_of(code) {
                if same_bytes(seen, v) {
                    self.codes.push(code);
                    return;
                }
            }
        }
        let code = self.push_looked_up(v);
        if let Some(r) = self.recent.get_mut(slot) {
            *r = code;
        }
    }

    /// The bytes of the value coded `code`.
    #[inline]
    fn value_of(&self, code: u32) -> Option<&[u8]> {
        let code = code as usize;
        let start = *self.starts.get(code)? as usize;
        let end = self.starts.get(code + 1).map_or(self.bytes.len(), |&e| e as usize);
        self.bytes.get(start..end)
    }

    /// Adds one value not found among the recent ones; returns its code.
    fn push_looked_up(&mut self, v: &[u8]) -> u32 {
        let greatest = self.greatest.get(v.len()).copied();
        let unseen = match greatest {
            None => false,
            Some(u32::MAX) => true,
            Some(start) => {
                let start = start as usize;
                self.bytes
                    .get(start..start + v.len())
                    .is_some_and(|g| less_same_length(g, v))
            }
        };
        if unseen {
            self.greatest[v.len()] = self.bytes.len() as u32;
            return self.add(v).code;
        }
        self.catch_up();
        let hasher = FxBuildHasher;
        let hash = hasher.hash_one(v);
        let bytes = &self.bytes;
        if let Some(e) = self.index.find(hash, |e| same_bytes(e.bytes(bytes), v)) {
            self.codes.push(e.code);
            return e.code;
        }
        let entry = self.add(v);
        let bytes = &self.bytes;
        self.index
            .insert_unique(hash, entry, |e| hasher.hash_one(e.bytes(bytes)));
        self.indexed += 1;
        entry.code
    }

    /// Appends a value not seen before, without indexing it.
    fn add(&mut self, v: &[u8]) -> Entry {
        let entry = Entry {
            code: self.starts.len() as u32,
            start: self.bytes.len() as u32,
            len: v.len() as u32,
        };
        self.starts.push(entry.start);
        self.bytes.extend_from_slice(v);
        self.codes.push(entry.code);
        entry
    }

    /// Indexes the values added since the index was last used.
    fn catch_up(&mut self) {
        let hasher = FxBuildHasher;
        let bytes = &self.bytes;
        while (self.indexed as usize) < self.starts.len() {
            let code = self.indexed as usize;
            let start = self.starts[code];
            let end = self.starts.get(code + 1).map_or(bytes.len() as u32, |&next| next);
            let entry = Entry {
                code: code as u32,
                start,
                len: end - start,
            };
            let hash = hasher.hash_one(entry.bytes(bytes));
            self.index
                .insert_unique(hash, entry, |e| hasher.hash_one(e.bytes(bytes)));
            self.indexed += 1;
        }
    }

    /// Makes room for `n` distinct values, so that a column of ids does not
    /// rehash its index a dozen times on the way to a million.
    fn expect_distinct(&mut self, n: usize) {
        let hasher = FxBuildHasher;
        let bytes = &self.bytes;
        self.index.reserve(n, |e| hasher.hash_one(e.bytes(bytes)));
        self.starts.reserve(n);
    }

    fn finish(self) -> TextColumn {
        let Dictionary {
            bytes, starts, codes, ..
        } = self;
        let ends = |starts: &[u32], total: usize| -> Vec<u32> {
            let last = (!starts.is_empty()).then_some(total as u32);
            starts.iter().skip(1).copied().chain(last).collect()
        };
        let total = bytes.len();
        // The values are cells of UTF-8 text cut at ASCII separators, so
        // this holds; were it not to, each value is mended on its own.
        let values = match String::from_utf8(bytes) {
            Ok(text) => TextValues::from_parts(text, ends(&starts, total)).map_err(String::into_bytes),
            Err(e) => Err(e.into_bytes()),
        }
        .unwrap_or_else(|bytes| {
            let value = |(s, e): (&u32, u32)| bytes.get(*s as usize..e as usize).unwrap_or(&[]);
            starts
                .iter()
                .zip(ends(&starts, total))
                .map(|range| String::from_utf8_lossy(value(range)).into_owned())
                .collect()
        });
        TextColumn { codes, values }
    }
}

/// About how many distinct values a text column holds, from the cells at
/// 16,384 evenly spaced rows, so that its dictionary's index is sized once:
/// a column of a million ids otherwise grows and rehashes it a dozen times
/// (1M unique ids: ~330 against ~420 ms natively), while sizing a column of
/// 5,000 customer ids for a million wastes 25 MB of index and its cache
/// (45–85 against 12–34 ms). `0` for columns small enough to grow cheaply.
///
/// A sampled cell equal to the one above it only repeats it (an order's
/// lines), so the sample gives the number of runs of equal cells; the runs'
/// first cells are a sample of `k` of them. A uniform sample of `k` from
/// `n` equally common values holds about `n·(1 − e^(−k/n))` distinct ones;
/// the estimate is the `n` for which that equals the distinct count seen,
/// at most the number of runs.
fn distinct_estimate(text: &[u8], cells: &[CellRef]) -> usize {
    const SAMPLE: usize = 16_384;
    if cells.len() <= SAMPLE * 2 {
        return 0;
    }
    let step = cells.len() / SAMPLE;
    let mut seen: std::collections::HashSet<&[u8], FxBuildHasher> =
        std::collections::HashSet::with_capacity_and_hasher(SAMPLE, FxBuildHasher);
    let (mut sampled, mut run_starts) = (0usize, 0usize);
    for j in (1..cells.len()).step_by(step) {
        let v = trim(cells[j].raw(text));
        if v.is_empty() {
            continue;
        }
        sampled += 1;
        if v != trim(cells[j - 1].raw(text)) {
            run_starts += 1;
            seen.insert(v);
        }
    }
    if run_starts == 0 {
        return 0;
    }
    let runs = (cells.len() as f64 * run_starts as f64 / sampled as f64).ceil();
    let (k, d) = (run_starts as f64, seen.len() as f64);
    let expected_distinct = |n: f64| n * (1.0 - (-k / n).exp());
    let (mut low, mut high) = (d, runs.max(d));
    if expected_distinct(high) <= d {
        return high as usize;
    }
    // expected_distinct grows with n: halve the interval until it is tight.
    while high - low > low * 0.01 + 1.0 {
        let mid = (low + high) / 2.0;
        if expected_distinct(mid) < d {
            low = mid;
        } else {
            high = mid;
        }
    }
    high as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A value through `push_classified` and through `classify_value` then
    /// `push`, in a column of each number type: the same class, the same
    /// stored value (compared through its debug form: NaN equals itself)
    /// and the same issue.
    fn classified_as_separately(v: &[u8]) {
        let columns = [
            (ColumnType::Integer, None),
            (ColumnType::Decimal, Some(DecimalMark::Dot)),
            (ColumnType::Decimal, Some(DecimalMark::Comma)),
            (ColumnType::Date, None),
        ];
        for (ty, mark) in columns {
            let format = ValueFormat {
                decimal_mark: mark,
                date_order: Some(DateOrder::Ymd),
                ..ValueFormat::default()
            };
            let (mut once, mut twice) = (TypedValues::new(ty, format, 1), TypedValues::new(ty, format, 1));
            let (mut issues_once, mut issues_twice) = (ColumnIssues::default(), ColumnIssues::default());
            let (class, bad) = once.push_classified(v, 2, &mut issues_once);
            let expected = (classify_value(v), twice.push(v, 2, &mut issues_twice));
            let shown = String::from_utf8_lossy(v);
            assert_eq!((class, bad), expected, "{shown:?} in {ty:?} {mark:?}");
            assert_eq!(
                format!("{:?}", once.finish()),
                format!("{:?}", twice.finish()),
                "{shown:?}"
            );
            assert_eq!(issues_once, issues_twice, "{shown:?}");
        }
    }

    #[test]
    fn plain_numbers_are_classified_as_the_general_classifier_does() {
        let values = [
            "0",
            "1",
            "7",
            "007",
            "10",
            "-3",
            "+4",
            "20240315",
            "20241345",
            "12345678",
            "490.38",
            "163,46",
            "1.234",
            "1,234",
            "1234.567",
            "12.",
            ".5",
            "1.2.3",
            "123456789012345",
            "1234567890123456",
            "999999999999999999",
            "1234567890123456789",
            "0.1234567890123456",
            "1 234",
            "12,50 zł",
            "5%",
            "2024-03-15",
            "x1",
            "1e5",
        ];
        for v in values {
            classified_as_separately(v.as_bytes());
        }
    }

    proptest::proptest! {
        #[test]
        fn any_short_value_is_classified_as_separately(v in "[0-9.,+-]{1,20}") {
            classified_as_separately(v.as_bytes());
        }
    }

    #[test]
    fn distinct_counts_are_estimated_from_a_spread_sample() {
        let rows = 1_000_000usize;
        let estimate = |value: &dyn Fn(usize) -> String| {
            let mut text = Vec::new();
            let cells: Vec<CellRef> = (0..rows)
                .map(|i| {
                    let start = text.len();
                    text.extend_from_slice(value(i).as_bytes());
                    CellRef::span(start, text.len())
                })
                .collect();
            distinct_estimate(&text, &cells)
        };
        // Small columns are left to grow by themselves.
        let mut text = Vec::new();
        let few: Vec<CellRef> = (0..1_000).map(|_| CellRef::EMPTY).collect();
        text.push(b'x');
        assert_eq!(distinct_estimate(&text, &few), 0);
        // The true counts: 2,000 SKUs, 50,000 customers, 333,334 orders of
        // three consecutive lines each, a million unique ids.
        let within = |got: usize, truth: usize| {
            assert!(got.abs_diff(truth) * 10 <= truth, "estimated {got} for {truth}");
        };
        within(estimate(&|i| format!("SKU-{}", i * 7_919 % 2_000)), 2_000);
        // Customers in a scrambled order (a stride through them would show
        // the sample a new one every time).
        let scrambled = |i: usize| {
            // splitmix64's finaliser
            let mut x = (i as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
            x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            (x ^ (x >> 31)) % 50_000
        };
        within(estimate(&|i| format!("C{}", scrambled(i))), 50_000);
        within(estimate(&|i| format!("SO-{}", i / 3)), 333_334);
        assert_eq!(estimate(&|i| format!("INV-{i}")), rows);
        // Empty cells do not count; nor do repeats of one value.
        assert_eq!(estimate(&|_| String::new()), 0);
        assert_eq!(estimate(&|_| "Online".to_string()), 0);
    }

    #[test]
    fn values_greater_than_all_of_their_length_are_new_and_the_rest_are_looked_up() {
        let mut dict = Dictionary::with_capacity(0);
        // Each the greatest of its length so far: added without a lookup.
        let ascending = ["SO-99998", "SO-99999", "SO-100000", "R-SO-99999", "SO-100001"];
        // Seen (the last two equal the greatest of their length).
        let seen = ["SO-99999", "SO-100000", "SO-100001", "R-SO-99999"];
        // New but not the greatest: looked up, then added.
        let below = ["SO-99997", "SO-10000", "R-SO-99998"];
        // The greatest again, then one added out of order, seen again.
        let last = ["SO-100002", "SO-99997"];
        for v in ascending.iter().chain(&seen).chain(&below).chain(&last) {
            dict.push(v.as_bytes());
        }
        let column = dict.finish();
        let expected: Vec<&str> = vec![
            "SO-99998",
            "SO-99999",
            "SO-100000",
            "R-SO-99999",
            "SO-100001",
            "SO-99997",
            "SO-10000",
            "R-SO-99998",
            "SO-100002",
        ];
        assert_eq!(column.values, expected);
        assert_eq!(column.codes, [0, 1, 2, 3, 4, 1, 2, 4, 3, 5, 6, 7, 8, 5]);
    }

    #[test]
    fn values_added_without_the_index_are_found_once_it_catches_up() {
        // 3,000 ids in order (never indexed while they come), then runs that
        // go back to earlier ids, ids below the greatest, values longer than
        // the tracked lengths (always looked up), and in-order ids again.
        let id = |i: usize| format!("SO-{:06}", i);
        let long = |i: usize| format!("{}{i}", "x".repeat(70));
        let mut values: Vec<String> = (0..3_000).map(id).collect();
        values.extend((0..3_000).step_by(7).map(id));
        values.extend([long(1), long(2), long(1), id(5), "SO-0".into(), id(2_999)]);
        values.extend((3_000..3_500).map(id));
        values.extend([id(3_100), long(2), "SO-0".into(), id(0)]);
        let mut dict = Dictionary::with_capacity(0);
        for v in &values {
            dict.push(v.as_bytes());
        }
        let column = dict.finish();
        let (distinct, codes) = first_appearance(&values);
        assert_eq!(column.values, distinct);
        assert_eq!(column.codes, codes);
        assert_eq!(column.values.len(), 3_000 + 2 + 1 + 500);
    }

    /// Values coded the plain way: each value's code is its rank of first
    /// appearance.
    fn first_appearance(values: &[String]) -> (Vec<&str>, Vec<u32>) {
        let mut first: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
        let mut distinct: Vec<&str> = Vec::new();
        let codes = values
            .iter()
            .map(|v| {
                *first.entry(v.as_str()).or_insert_with(|| {
                    distinct.push(v);
                    distinct.len() as u32 - 1
                })
            })
            .collect();
        (distinct, codes)
    }

    #[test]
    fn a_few_values_are_found_among_the_recent_ones_even_when_they_share_a_slot() {
        // Same length, first and last two bytes: the same slot in `recent`,
        // so each one pushes the other out. One-byte values have no second
        // last byte. Then more than `FEW` distinct values, where `recent`
        // is no longer used, and the first ones again.
        let mut values: Vec<String> = Vec::new();
        for i in 0..400 {
            let v = match i * 7 % 5 {
                0 => "Axxxb1",
                1 => "Ayyyb1",
                2 => "Home & Garden",
                3 => "x",
                _ => "Toys",
            };
            values.push(v.to_string());
        }
        values.extend((0..2 * Dictionary::FEW).map(|i| format!("SKU-{}", i * 31 % 97)));
        values.extend(["Ayyyb1", "x", "Axxxb1", "SKU-5"].map(String::from));
        let mut dict = Dictionary::with_capacity(0);
        for v in &values {
            dict.push(v.as_bytes());
        }
        let column = dict.finish();
        let (distinct, codes) = first_appearance(&values);
        assert_eq!(recent_slot(b"Axxxb1"), recent_slot(b"Ayyyb1"));
        assert_eq!(column.values, distinct);
        assert_eq!(column.codes, codes);
        assert_eq!(column.values.len(), 5 + 97);
    }

    #[test]
    fn bytes_that_are_not_utf8_are_mended_value_by_value() {
        // Not UTF-8 at all; then "Ł" cut in two, whose halves make valid
        // UTF-8 end to end but are not characters each.
        for (pushed, expected) in [
            (
                vec![&b"ok"[..], b"\xffx", "Łódź".as_bytes()],
                ["ok", "\u{FFFD}x", "Łódź"],
            ),
            (vec![&b"ok"[..], b"\xc5", b"\x81"], ["ok", "\u{FFFD}", "\u{FFFD}"]),
        ] {
            let mut dict = Dictionary::with_capacity(0);
            for v in &pushed {
                dict.push(v);
            }
            let column = dict.finish();
            assert_eq!(column.values, expected);
            assert_eq!(column.codes, [0, 1, 2]);
        }
    }

    #[test]
    fn the_dictionary_codes_values_in_order_of_first_appearance() {
        let mut dict = Dictionary::with_capacity(0);
        // Sized for two distinct values, given 5,000: the index grows and
        // rehashes from the stored bytes many times on the way.
        dict.expect_distinct(2);
        let values: Vec<String> = (0..5_000).map(|i| format!("C{}", i * 7 % 5_000)).collect();
        for v in values.iter().chain(values.iter().rev()) {
            dict.push(v.as_bytes());
        }
        dict.push("Łódź".as_bytes());
        dict.push(b"C0");
        let column = dict.finish();
        assert_eq!(column.values.len(), 5_001);
        assert_eq!(column.values.get(0), Some("C0"));
        assert_eq!(column.values.get(1), Some("C7"));
        assert_eq!(column.values.get(5_000), Some("Łódź"));
        assert_eq!(column.codes.len(), 10_002);
        assert_eq!(&column.codes[..3], &[0, 1, 2]);
        // The second half is the first read backwards: the same codes.
        assert_eq!(column.codes[5_000], 4_999);
        assert_eq!(column.codes[9_999], 0);
        assert_eq!(&column.codes[10_000..], &[5_000, 0]);
        for (i, v) in values.iter().enumerate() {
            assert_eq!(column.values.get(column.codes[i] as usize), Some(v.as_str()));
        }
    }
}
