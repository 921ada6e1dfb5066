//! Delimited text to typed columns in one pass over the text.
//!
//! The two-pass reader ([`super::raw`] then [`super::convert`]) keeps every
//! cell as a span, profiles it, and parses it again once the column's type is
//! known. Here each column guesses its type from the sampled first records
//! and converts values as they are split, while it also profiles them for
//! the real decision over the whole column. When the decision agrees with
//! the guess (the usual case) the converted values are the column; when it
//! does not, that column alone is split again and converted the two-pass
//! way. Both readers push values through the same [`TypedValues`], and a
//! test holds them equal on every fixture and on random text.
//!
//! A value equal to the one just above it in its column (an order's lines
//! repeat its id, date, customer and channel) reuses that value's class and
//! result instead of being classified, parsed or hashed again.

use std::borrow::Cow;

use super::convert::{column_hints, convert_cells, wants_profile, TypedValues};
use super::infer::{classify_value, ColumnHints, ColumnProfile, ValueClass};
use super::raw::{Layout, Records};
use super::split::CellRef;
use super::value::{same_bytes, trim};
use super::{IngestErrorKind, IngestOptions, SourceInfo};
use crate::table::{Column, ColumnIssues, ColumnType, RaggedRows, Table};

/// Share of the progress bar for the pass over the text; the rest is the
/// text columns encoded after it.
const SPLIT_SHARE: f32 = 0.8;

/// Reads delimited text into a table.
pub fn read(
    text: Cow<'_, [u8]>,
    options: &IngestOptions,
    progress: &mut dyn FnMut(f32),
) -> Result<(Table, SourceInfo), IngestErrorKind> {
    let t: &[u8] = &text;
    let layout = Layout::detect(t, options)?;
    let part = read_part(t, t, &layout, PartOf::Whole, progress);
    Ok((part.into_table(), layout.info()))
}

/// Which part of a text a pass reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartOf {
    /// All of it.
    Whole,
    /// Its beginning (the header among it, when there is one).
    First,
    /// A later part, starting at a record boundary; its row numbers count
    /// from the part's start.
    Rest,
}

/// What one pass over a text, or a part of one, gives: the columns read with
/// the part's own type decisions, and what is needed to merge parts.
#[derive(Clone, Debug, PartialEq)]
pub struct Part {
    /// The layout and the guesses the pass worked from.
    pub plan: Plan,
    /// Columns of the part, typed as its own values decide.
    pub columns: Vec<Column>,
    /// What each column's values could be, for a decision over all parts.
    pub profiles: Vec<ColumnProfile>,
    /// Data rows kept.
    pub rows: usize,
    /// Records read, the header and blank lines included (the row number of
    /// the part's last record).
    pub records: u32,
    /// Rows with a wrong number of fields.
    pub ragged: RaggedRows,
    /// The part's text ended inside a quoted field: its end was no record
    /// boundary.
    pub ends_inside_quote: bool,
}

impl Part {
    /// The part as a table of its own.
    pub fn into_table(self) -> Table {
        Table {
            columns: self.columns,
            rows: self.rows,
            ragged: self.ragged,
        }
    }
}

/// What a pass decided before reading: two parts read with the same plan
/// can be merged.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Plan {
    /// Field separator.
    pub sep: super::split::Separator,
    /// Whether the text starts with a header.
    pub has_header: bool,
    /// Column names.
    pub header: Vec<String>,
    /// Decimal mark assumed where values do not decide it.
    pub default_decimal: super::value::DecimalMark,
    /// Each column's type guessed from the sample, `None` where the cells
    /// are kept and typed after the pass.
    pub guesses: Vec<Option<(ColumnType, crate::table::ValueFormat)>>,
}

/// One pass over `t`, with the layout found in `head` (the text's or the
/// file's beginning, where the sampled records are).
pub fn read_part(head: &[u8], t: &[u8], layout: &Layout, part: PartOf, progress: &mut dyn FnMut(f32)) -> Part {
    let ncols = layout.header.len();
    let rows_estimate = layout.rows_estimate_for(t.len());
    let mut columns: Vec<ColumnReader<'_>> = (0..ncols)
        .map(|i| ColumnReader::new(head, layout, i, rows_estimate))
        .collect();
    let plan = Plan {
        sep: layout.sep,
        has_header: layout.has_header,
        header: layout.header.clone(),
        default_decimal: layout.default_decimal,
        guesses: columns.iter().map(|c| c.guess).collect(),
    };
    let mut row_numbers = Vec::with_capacity(rows_estimate);
    let mut ragged = RaggedRows::default();
    let mut scratch = Vec::new();
    let mut records = match part {
        PartOf::Whole | PartOf::First => Records::new(t, layout),
        PartOf::Rest => Records::continuing(t, layout),
    };
    while let Some((row, record)) = records.next_record() {
        if record.len() != ncols {
            ragged.record(row, record.len());
        }
        for (i, column) in columns.iter_mut().enumerate() {
            let cell = record.get(i).copied().unwrap_or(CellRef::EMPTY);
            column.add(t, cell, row, &mut scratch);
        }
        row_numbers.push(row);
        if row.is_multiple_of(65_536) {
            progress(SPLIT_SHARE * records.position() as f32 / t.len() as f32);
        }
    }
    let records_read = records.rows_read();
    let ends_inside_quote = records.ends_inside_quote();

    let profiles: Vec<ColumnProfile> = columns.iter().map(|c| c.profile.clone()).collect();
    let decided: Vec<Decided> = columns.into_iter().map(ColumnReader::decide).collect();
    let wants_cells: Vec<bool> = decided.iter().map(|d| matches!(d, Decided::Redo(..))).collect();
    let mut redone = if wants_cells.contains(&true) {
        cells_of(t, layout, part, &wants_cells).0
    } else {
        Vec::new()
    };
    let columns = decided
        .into_iter()
        .zip(&layout.header)
        .enumerate()
        .map(|(i, (d, name))| {
            progress(SPLIT_SHARE + (1.0 - SPLIT_SHARE) * i as f32 / ncols as f32);
            let estimate = distinct_estimate(head, layout, i, rows_estimate);
            match d {
                Decided::Done(data, format, issues) => Column {
                    name: name.clone(),
                    data,
                    format,
                    issues,
                },
                Decided::Kept(cells, ty, format) => convert_cells(t, name, &cells, &row_numbers, ty, format, estimate),
                Decided::Redo(ty, format) => {
                    let cells = std::mem::take(&mut redone[i]);
                    convert_cells(t, name, &cells, &row_numbers, ty, format, estimate)
                }
            }
        })
        .collect();
    Part {
        plan,
        columns,
        profiles,
        rows: row_numbers.len(),
        records: records_read,
        ragged,
        ends_inside_quote,
    }
}

/// Column `i` of a part read again as `ty` with `format` (when parts
/// decided a column differently, the part that differs is read again).
pub fn reread_column(
    head: &[u8],
    t: &[u8],
    layout: &Layout,
    part: PartOf,
    i: usize,
    ty: ColumnType,
    format: crate::table::ValueFormat,
) -> Column {
    let wanted: Vec<bool> = (0..layout.header.len()).map(|j| j == i).collect();
    let (mut cells, rows) = cells_of(t, layout, part, &wanted);
    let estimate = distinct_estimate(head, layout, i, layout.rows_estimate_for(t.len()));
    convert_cells(
        t,
        &layout.header[i],
        &std::mem::take(&mut cells[i]),
        &rows,
        ty,
        format,
        estimate,
    )
}

/// How many distinct values column `i` may hold, scaled up from the share
/// of distinct values in the sample when that share is large (ids, names);
/// a column of a few categories grows its dictionary cheaply by itself.
fn distinct_estimate(t: &[u8], layout: &Layout, i: usize, rows_estimate: usize) -> usize {
    let mut scratch = Vec::new();
    let mut seen: Vec<Vec<u8>> = layout
        .sample_data()
        .iter()
        .filter_map(|r| r.get(i))
        .map(|c| trim(c.value(t, &mut scratch)).to_vec())
        .collect();
    let n = seen.len();
    seen.sort_unstable();
    seen.dedup();
    if n == 0 || seen.len() * 5 <= n {
        return 0;
    }
    rows_estimate / n * seen.len()
}

/// Splits the text again, keeping the cells of the wanted columns only, and
/// the row numbers.
fn cells_of(t: &[u8], layout: &Layout, part: PartOf, wanted: &[bool]) -> (Vec<Vec<CellRef>>, Vec<u32>) {
    let mut out: Vec<Vec<CellRef>> = wanted.iter().map(|_| Vec::new()).collect();
    let mut rows = Vec::new();
    let mut records = match part {
        PartOf::Whole | PartOf::First => Records::new(t, layout),
        PartOf::Rest => Records::continuing(t, layout),
    };
    while let Some((row, record)) = records.next_record() {
        rows.push(row);
        for (i, cells) in out.iter_mut().enumerate() {
            if wanted[i] {
                cells.push(record.get(i).copied().unwrap_or(CellRef::EMPTY));
            }
        }
    }
    (out, rows)
}

/// One column while the text is read.
struct ColumnReader<'t> {
    hints: ColumnHints,
    /// The type the sample suggested, when values are converted as read.
    guess: Option<(ColumnType, crate::table::ValueFormat)>,
    profiled: bool,
    profile: ColumnProfile,
    /// Values converted as the guessed type; `None` when the sample had no
    /// value to guess from, and the cells are kept instead.
    values: Option<TypedValues>,
    cells: Vec<CellRef>,
    issues: ColumnIssues,
    last: LastValue<'t>,
}

/// The value just above in a column, when it was not empty, and what became
/// of it.
struct LastValue<'t> {
    bytes: Option<&'t [u8]>,
    class: Option<ValueClass>,
    bad: bool,
}

enum Decided {
    /// Converted during the pass.
    Done(crate::table::ColumnData, crate::table::ValueFormat, ColumnIssues),
    /// Cells kept during the pass, to convert now.
    Kept(Vec<CellRef>, crate::table::ColumnType, crate::table::ValueFormat),
    /// The guess was wrong: split again and convert.
    Redo(crate::table::ColumnType, crate::table::ValueFormat),
}

impl<'t> ColumnReader<'t> {
    fn new(t: &[u8], layout: &Layout, i: usize, rows_estimate: usize) -> Self {
        let name = &layout.header[i];
        let hints = column_hints(name, false, layout.default_decimal);
        let profiled = wants_profile(name);
        let mut sample = ColumnProfile::default();
        if profiled {
            let mut scratch = Vec::new();
            for record in layout.sample_data() {
                if let Some(cell) = record.get(i) {
                    sample.add(cell.value(t, &mut scratch));
                }
            }
        }
        let (ty, format) = sample.decide(&hints);
        // Text is dictionary-encoded after the pass, one column at a time:
        // six dictionaries filled row by row fight over the cache.
        let values = if (profiled && sample.non_empty() == 0) || ty == ColumnType::Text {
            None
        } else {
            Some(TypedValues::new(ty, format, rows_estimate))
        };
        ColumnReader {
            hints,
            guess: values.is_some().then_some((ty, format)),
            profiled,
            profile: ColumnProfile::default(),
            cells: if values.is_none() {
                Vec::with_capacity(rows_estimate)
            } else {
                Vec::new()
            },
            values,
            issues: ColumnIssues::default(),
            last: LastValue {
                bytes: None,
                class: None,
                bad: false,
            },
        }
    }

    fn add(&mut self, t: &'t [u8], cell: CellRef, row: u32, scratch: &mut Vec<u8>) {
        if cell.is_escaped() {
            // Its value lives in `scratch`, not in the text: not kept as the last.
            let v = trim(cell.value(t, scratch));
            self.add_new(v, cell, row);
            self.last.bytes = None;
            return;
        }
        let v = trim(cell.raw(t));
        if v.is_empty() {
            self.last.bytes = None;
            match &mut self.values {
                Some(values) => {
                    values.push(v, row, &mut self.issues);
                }
                None => self.cells.push(cell),
            }
            return;
        }
        if self.last.bytes.is_some_and(|last| same_bytes(last, v)) {
            if let Some(class) = self.last.class {
                self.profile.add_class(class);
            }
            match &mut self.values {
                Some(values) => values.push_repeat(v, row, self.last.bad, &mut self.issues),
                None => self.cells.push(cell),
            }
            return;
        }
        self.add_new(v, cell, row);
        self.last.bytes = Some(v);
    }

    /// Adds a value not seen just above (empty or not); updates what the
    /// last value became but not its bytes.
    fn add_new(&mut self, v: &[u8], cell: CellRef, row: u32) {
        let class = (self.profiled && !v.is_empty()).then(|| classify_value(v));
        if let Some(class) = class {
            self.profile.add_class(class);
        }
        let bad = match &mut self.values {
            Some(values) => values.push(v, row, &mut self.issues),
            None => {
                self.cells.push(cell);
                false
            }
        };
        self.last.class = class;
        self.last.bad = bad;
    }

    fn decide(self) -> Decided {
        let (ty, format) = self.profile.decide(&self.hints);
        match self.values {
            Some(values) if values.reads_as(ty, &format) => Decided::Done(values.finish(), format, self.issues),
            Some(_) => Decided::Redo(ty, format),
            None => Decided::Kept(self.cells, ty, format),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{convert, raw};

    /// Both readers on the same text; the tables are compared through their
    /// debug form, where a missing decimal (NaN) equals itself.
    fn both(text: &str) -> (String, String) {
        let opts = IngestOptions::new();
        let (one, _) = read(Cow::Borrowed(text.as_bytes()), &opts, &mut |_| {}).expect("one pass");
        let (r, _) = raw::from_delimited(Cow::Borrowed(text.as_bytes()), &opts, &mut |_| {}).expect("two passes");
        let two = convert::to_table(&r, &mut |_| {});
        (format!("{one:?}"), format!("{two:?}"))
    }

    #[test]
    fn a_wrong_guess_is_read_again_the_two_pass_way() {
        // The first 50 rows say integer, the rest say decimal.
        let mut text = String::from("qty;price\n");
        for i in 0..60 {
            text.push_str(&format!("{i};{i}\n"));
        }
        for i in 0..300 {
            text.push_str(&format!("{i};{i},5\n"));
        }
        let (one, two) = both(&text);
        assert_eq!(one, two);
        assert!(one.contains("Decimal([0.0, 1.0"), "{one:.200}");
    }

    #[test]
    fn a_column_empty_in_the_sample_is_typed_by_the_rest() {
        let mut text = String::from("id,returned\n");
        for i in 0..60 {
            text.push_str(&format!("{i},\n"));
        }
        text.push_str("61,2024-03-01\n62,2024-03-02\n63,oops\n64,2024-03-02\n65,2024-03-02\n");
        let (one, two) = both(&text);
        assert_eq!(one, two);
        assert!(one.contains("Date("), "{one}");
        assert!(one.contains("bad_values: 1"), "{one}");
    }

    #[test]
    fn repeated_values_repeat_their_result_and_their_issue() {
        let mut text = String::from("qty,shipped\n1,x\n1,x\n,x\n");
        for i in 0..15 {
            text.push_str(&format!("{},2024-01-01\n", 1 + i / 4));
        }
        let text = text.as_str();
        let (one, two) = both(text);
        assert_eq!(one, two);
        // Three "x" under a date column: three bad values, rows 2, 3 and 4.
        assert!(one.contains("bad_values: 3"), "{one}");
    }
}
