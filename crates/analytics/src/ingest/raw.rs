//! The raw stage: cells as text spans, before any type is decided ("raw
//! first, then validated"). Delimited text borrows the decoded file;
//! spreadsheets and JSON write their cells into one owned buffer.

use std::borrow::Cow;

use super::convert::wants_profile;
use super::infer::{is_typed_value, ColumnProfile};
use super::split::{is_blank, read_record, read_record_with, sniff_separator, CellRef, FieldEnds, Separator};
use super::value::DecimalMark;
use super::{IngestErrorKind, IngestOptions, SourceInfo};
use crate::table::RaggedRows;

/// Records looked at to decide the header and the column count.
const SAMPLE_RECORDS: usize = 50;

/// A table of text cells, column by column.
#[derive(Debug)]
pub struct RawTable<'a> {
    /// UTF-8 text the cells point into.
    pub text: Cow<'a, [u8]>,
    /// Column names, unique and non-empty.
    pub header: Vec<String>,
    /// `cells[column][row]`.
    pub cells: Vec<Vec<CellRef>>,
    /// Spreadsheet row number of each data row.
    pub row_numbers: Vec<u32>,
    /// Rows with a wrong field count.
    pub ragged: RaggedRows,
    /// Cells came from a workbook.
    pub from_spreadsheet: bool,
    /// Decimal mark to assume when a column's values do not decide it.
    pub default_decimal: DecimalMark,
    /// Column profiles gathered while splitting (delimited text only).
    pub profiles: Option<Vec<ColumnProfile>>,
}

impl RawTable<'_> {
    /// Number of columns.
    pub fn columns(&self) -> usize {
        self.header.len()
    }
    /// Number of data rows.
    pub fn rows(&self) -> usize {
        self.row_numbers.len()
    }
}

/// Builds a [`RawTable`] from cells given as strings (spreadsheets, JSON).
#[derive(Debug, Default)]
pub struct RawBuilder {
    text: Vec<u8>,
    header: Vec<String>,
    cells: Vec<Vec<CellRef>>,
    row_numbers: Vec<u32>,
}

impl RawBuilder {
    /// A builder with these column names.
    pub fn new(header: Vec<String>) -> Self {
        let cells = vec![Vec::new(); header.len()];
        RawBuilder {
            header,
            cells,
            ..Self::default()
        }
    }
    /// Adds a column (all earlier rows get an empty cell); returns its index.
    pub fn add_column(&mut self, name: String) -> usize {
        self.header.push(name);
        self.cells.push(vec![CellRef::EMPTY; self.row_numbers.len()]);
        self.header.len() - 1
    }
    /// Starts a row with this spreadsheet row number; every cell starts empty.
    pub fn start_row(&mut self, row_number: u32) {
        self.row_numbers.push(row_number);
        for col in &mut self.cells {
            col.push(CellRef::EMPTY);
        }
    }
    /// Sets a cell of the current row.
    pub fn set(&mut self, column: usize, value: &str) {
        let start = self.text.len();
        self.text.extend_from_slice(value.as_bytes());
        if let Some(cell) = self.cells.get_mut(column).and_then(|c| c.last_mut()) {
            *cell = CellRef::span(start, self.text.len());
        }
    }
    /// The finished table.
    pub fn finish(self, from_spreadsheet: bool) -> RawTable<'static> {
        RawTable {
            text: Cow::Owned(self.text),
            header: unique_names(self.header),
            cells: self.cells,
            row_numbers: self.row_numbers,
            ragged: RaggedRows::default(),
            from_spreadsheet,
            default_decimal: DecimalMark::Dot,
            profiles: None,
        }
    }
}

/// How a delimited text is laid out, found from its first records.
#[derive(Debug, PartialEq)]
pub struct Layout {
    /// The field separator.
    pub sep: Separator,
    /// Whether the first record is a header.
    pub has_header: bool,
    /// Column names, unique and non-empty.
    pub header: Vec<String>,
    /// The first records (the header among them when there is one).
    pub sample: Vec<Vec<CellRef>>,
    /// Decimal mark to assume when a column's values do not decide it.
    pub default_decimal: DecimalMark,
    /// A guess at the number of data rows, for sizing vectors.
    pub rows_estimate: usize,
}

impl Layout {
    /// Finds the separator, the header and the column count.
    pub fn detect(t: &[u8], options: &IngestOptions) -> Result<Layout, IngestErrorKind> {
        Layout::detect_head(t, t.len(), options)
    }

    /// The same from the head of a text of `total` bytes (the head decides
    /// everything but the size guess).
    pub fn detect_head(t: &[u8], total: usize, options: &IngestOptions) -> Result<Layout, IngestErrorKind> {
        if total >= u32::MAX as usize / 2 {
            return Err(IngestErrorKind::TooLarge);
        }
        let sep = options.delimiter.map_or_else(|| sniff_separator(t), Separator::Byte);
        let sample = sample_records(t, sep);
        if sample.is_empty() {
            return Err(IngestErrorKind::NoColumns);
        }
        let has_header = options.has_headers.unwrap_or_else(|| detect_header(t, &sample));
        let ncols = if has_header {
            sample[0].len()
        } else {
            most_common_len(&sample)
        };
        let mut scratch = Vec::new();
        let header: Vec<String> = if has_header {
            sample[0]
                .iter()
                .map(|c| String::from_utf8_lossy(super::value::trim(c.value(t, &mut scratch))).into_owned())
                .collect()
        } else {
            Vec::new()
        };
        let header = unique_names((0..ncols).map(|i| header.get(i).cloned().unwrap_or_default()).collect());
        let rows_estimate = total / sample.iter().map(|r| r.len() * 8).max().unwrap_or(64).max(16);
        let default_decimal = if sep == Separator::Byte(b',') {
            DecimalMark::Dot
        } else {
            decimal_habit(t)
        };
        Ok(Layout {
            sep,
            has_header,
            header,
            sample,
            default_decimal,
            rows_estimate,
        })
    }

    /// The sampled data records (the header left out).
    pub fn sample_data(&self) -> &[Vec<CellRef>] {
        &self.sample[usize::from(self.has_header)..]
    }

    /// What a reader reports about the text.
    pub fn info(&self) -> SourceInfo {
        SourceInfo {
            delimiter: Some(self.sep.label()),
            has_header: self.has_header,
            ..SourceInfo::default()
        }
    }
}

/// The data records of a delimited text, in order, each with its row number
/// as a spreadsheet would count it (the header is row 1; blank lines are
/// counted but skipped).
#[derive(Debug)]
pub struct Records<'t> {
    text: &'t [u8],
    sep: Separator,
    skip_header: bool,
    pos: usize,
    row: u32,
    record: Vec<CellRef>,
    ends: FieldEnds,
    /// The text may be cut at its end (more is arriving).
    cut: bool,
}

/// Where [`Records`] stands: the byte it reads next and the last row number.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RecordsState {
    pos: usize,
    row: u32,
}

impl<'t> Records<'t> {
    /// The data records of `text` as `layout` describes it.
    pub fn new(text: &'t [u8], layout: &Layout) -> Self {
        Records::resume(text, layout, RecordsState::default(), false)
    }

    /// The records of `text` from where an earlier reader stood (`text` may
    /// have grown since). When `cut`, more text is still to come, so a
    /// record that runs into the end of `text` may be incomplete (a half
    /// field, a `\r` without its `\n`, an open quote): it is not returned,
    /// and the state stays before it for the next reader.
    pub fn resume(text: &'t [u8], layout: &Layout, state: RecordsState, cut: bool) -> Self {
        Records {
            text,
            sep: layout.sep,
            skip_header: layout.has_header,
            pos: state.pos,
            row: state.row,
            record: Vec::with_capacity(layout.header.len() + 4),
            ends: FieldEnds::default(),
            cut,
        }
    }

    /// Where the reader stands, to resume from later.
    pub fn state(&self) -> RecordsState {
        RecordsState {
            pos: self.pos,
            row: self.row,
        }
    }

    /// The next data record and its row number.
    pub fn next_record(&mut self) -> Option<(u32, &[CellRef])> {
        while self.pos < self.text.len() {
            let at = self.pos;
            self.pos = read_record_with(self.text, self.pos, self.sep, &mut self.record, &mut self.ends);
            if self.cut && self.pos >= self.text.len() {
                self.pos = at;
                return None;
            }
            self.row += 1;
            if (self.row == 1 && self.skip_header) || is_blank(self.text, &self.record) {
                continue;
            }
            return Some((self.row, &self.record));
        }
        None
    }

    /// Bytes read so far.
    pub fn position(&self) -> usize {
        self.pos
    }
}

/// Splits delimited text into a [`RawTable`].
pub fn from_delimited<'a>(
    text: Cow<'a, [u8]>,
    options: &IngestOptions,
    progress: &mut dyn FnMut(f32),
) -> Result<(RawTable<'a>, SourceInfo), IngestErrorKind> {
    let t: &[u8] = &text;
    let layout = Layout::detect(t, options)?;
    let ncols = layout.header.len();
    let estimate = layout.rows_estimate;
    let mut cells: Vec<Vec<CellRef>> = (0..ncols).map(|_| Vec::with_capacity(estimate)).collect();
    let mut row_numbers = Vec::with_capacity(estimate);
    let mut ragged = RaggedRows::default();
    let mut scratch = Vec::new();
    // Each value is profiled as it is split, while its bytes are in cache,
    // rather than in a second pass over the whole text per column.
    let wanted: Vec<bool> = layout.header.iter().map(|n| wants_profile(n)).collect();
    let mut profiles: Vec<ColumnProfile> = vec![ColumnProfile::default(); ncols];
    let mut records = Records::new(t, &layout);
    while let Some((row, record)) = records.next_record() {
        if record.len() != ncols {
            ragged.record(row, record.len());
        }
        for (i, col) in cells.iter_mut().enumerate() {
            let cell = record.get(i).copied().unwrap_or(CellRef::EMPTY);
            col.push(cell);
            if wanted[i] {
                profiles[i].add(cell.value(t, &mut scratch));
            }
        }
        row_numbers.push(row);
        if row.is_multiple_of(65_536) {
            progress(0.7 * records.position() as f32 / t.len() as f32);
        }
    }
    let info = layout.info();
    let raw = RawTable {
        text,
        header: layout.header,
        cells,
        row_numbers,
        ragged,
        from_spreadsheet: false,
        default_decimal: layout.default_decimal,
        profiles: Some(profiles),
    };
    Ok((raw, info))
}

fn sample_records(t: &[u8], sep: Separator) -> Vec<Vec<CellRef>> {
    let mut out = Vec::new();
    let mut pos = 0;
    let mut rec = Vec::new();
    while pos < t.len() && out.len() < SAMPLE_RECORDS {
        pos = read_record(t, pos, sep, &mut rec);
        if !is_blank(t, &rec) {
            out.push(rec.clone());
        }
    }
    out
}

fn most_common_len(sample: &[Vec<CellRef>]) -> usize {
    let mut counts: Vec<(usize, usize)> = Vec::new();
    for r in sample {
        match counts.iter_mut().find(|(n, _)| *n == r.len()) {
            Some((_, c)) => *c += 1,
            None => counts.push((r.len(), 1)),
        }
    }
    counts.iter().max_by_key(|(n, c)| (*c, *n)).map_or(1, |(n, _)| *n)
}

/// The first record is a header when all its cells are non-empty text that
/// does not read as a number, date or boolean, and either some column below
/// it is typed or none of its names reappears in its column below.
fn detect_header(t: &[u8], sample: &[Vec<CellRef>]) -> bool {
    let mut scratch = Vec::new();
    let first: Vec<Vec<u8>> = sample[0]
        .iter()
        .map(|c| super::value::trim(c.value(t, &mut scratch)).to_vec())
        .collect();
    if first.iter().any(|v| v.is_empty() || is_typed_value(v)) {
        return false;
    }
    let rest = &sample[1..];
    if rest.is_empty() {
        return true;
    }
    let typed_below = (0..first.len()).any(|col| {
        let values: Vec<Vec<u8>> = rest
            .iter()
            .filter_map(|r| r.get(col))
            .map(|c| super::value::trim(c.value(t, &mut scratch)).to_vec())
            .filter(|v| !v.is_empty())
            .collect();
        !values.is_empty() && values.iter().filter(|v| is_typed_value(v)).count() * 2 > values.len()
    });
    let repeated_below = (0..first.len()).any(|col| {
        rest.iter()
            .filter_map(|r| r.get(col))
            .any(|c| super::value::trim(c.value(t, &mut scratch)) == first[col].as_slice())
    });
    typed_below || !repeated_below
}

/// In a file not separated by commas, the decimal mark people used is the
/// one that appears more often between two digits.
fn decimal_habit(t: &[u8]) -> DecimalMark {
    let head = &t[..t.len().min(64 * 1024)];
    let between_digits = |mark: u8| {
        head.windows(3)
            .filter(|w| w[1] == mark && w[0].is_ascii_digit() && w[2].is_ascii_digit())
            .count()
    };
    if between_digits(b',') > between_digits(b'.') {
        DecimalMark::Comma
    } else {
        DecimalMark::Dot
    }
}

/// Empty names become `column_N`; repeated names get `_2`, `_3`.
pub fn unique_names(names: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(names.len());
    for (i, name) in names.into_iter().enumerate() {
        let base = if name.trim().is_empty() {
            format!("column_{}", i + 1)
        } else {
            name.trim().to_string()
        };
        let mut candidate = base.clone();
        let mut k = 2;
        while out.contains(&candidate) {
            candidate = format!("{base}_{k}");
            k += 1;
        }
        out.push(candidate);
    }
    out
}
