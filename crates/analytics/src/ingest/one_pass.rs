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

use super::class_cache::ClassCache;
use super::convert::{column_hints, convert_cells, wants_profile, TypedValues};
use super::infer::{ColumnHints, ColumnProfile, ValueClass};
use super::raw::{Layout, Records, RecordsState};
use super::split::CellRef;
use super::unencoded::{Slot, TextCells, UnencodedTable};
use super::value::{same_bytes, trim};
use super::{IngestErrorKind, IngestOptions, SourceInfo};
use crate::table::{Column, ColumnData, ColumnIssues, ColumnType, RaggedRows, Table, ValueFormat};

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
    let mut reader = Reader::start(t, t.len(), options)?;
    reader.read(t, true, progress);
    Ok(reader.finish(t, progress))
}

/// The one-pass reader between calls, so that a text can be read while it
/// is still arriving: [`Reader::read`] takes the records that lie wholly in
/// the text so far and leaves the rest for the next call. Nothing in it
/// borrows the text, which grows between calls; positions are offsets into
/// it.
#[derive(Debug)]
pub struct Reader {
    layout: Layout,
    columns: Vec<ColumnReader>,
    row_numbers: Vec<u32>,
    ragged: RaggedRows,
    scratch: Vec<u8>,
    next: RecordsState,
    total: usize,
}

impl Reader {
    /// Finds the layout from the head of a text of `total` bytes.
    pub fn start(head: &[u8], total: usize, options: &IngestOptions) -> Result<Reader, IngestErrorKind> {
        let layout = Layout::detect_head(head, total, options)?;
        let columns = (0..layout.header.len())
            .map(|i| ColumnReader::new(head, &layout, i))
            .collect();
        Ok(Reader {
            row_numbers: Vec::with_capacity(layout.rows_estimate),
            next: RecordsState::default(),
            layout,
            columns,
            ragged: RaggedRows::default(),
            scratch: Vec::new(),
            total,
        })
    }

    /// How the text is laid out, as found from its head.
    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// Reads the records of `t` (the text so far, a prefix of the whole)
    /// from where the last call stopped. Unless `complete`, a record that
    /// runs into the end of `t` is left for the next call (see
    /// [`Records::resume`]).
    pub fn read(&mut self, t: &[u8], complete: bool, progress: &mut dyn FnMut(f32)) {
        let ncols = self.layout.header.len();
        let mut records = Records::resume(t, &self.layout, self.next, !complete);
        while let Some((row, record)) = records.next_record() {
            if record.len() != ncols {
                self.ragged.record(row, record.len());
            }
            for (i, column) in self.columns.iter_mut().enumerate() {
                let cell = record.get(i).copied().unwrap_or(CellRef::EMPTY);
                column.add(t, cell, row, &mut self.scratch);
            }
            self.row_numbers.push(row);
            if row.is_multiple_of(65_536) {
                progress(SPLIT_SHARE * records.position() as f32 / self.total.max(1) as f32);
            }
        }
        self.next = records.state();
    }

    /// The table, once [`Reader::read`] has seen the whole text `t`.
    pub fn finish(self, t: &[u8], progress: &mut dyn FnMut(f32)) -> (Table, SourceInfo) {
        let (table, info) = self.finish_but_text(t, progress);
        (table.encode(t), info)
    }

    /// The same but for encoding the columns of text, which
    /// [`UnencodedTable::encode`] does (see [`super::unencoded`]).
    pub fn finish_but_text(self, t: &[u8], progress: &mut dyn FnMut(f32)) -> (UnencodedTable, SourceInfo) {
        let Reader {
            layout,
            columns,
            row_numbers,
            ragged,
            ..
        } = self;
        let ncols = layout.header.len();
        let decided: Vec<Decided> = columns.into_iter().map(ColumnReader::decide).collect();
        let wants_cells: Vec<bool> = decided.iter().map(|d| matches!(d, Decided::Redo(..))).collect();
        let mut redone = if wants_cells.contains(&true) {
            cells_of(t, &layout, &wants_cells)
        } else {
            Vec::new()
        };
        let columns = decided
            .into_iter()
            .zip(&layout.header)
            .enumerate()
            .map(|(i, (d, name))| {
                progress(SPLIT_SHARE + (1.0 - SPLIT_SHARE) * i as f32 / ncols as f32);
                let (cells, ty, format) = match d {
                    Decided::Done(data, format, issues) => {
                        return Slot::Ready(Column {
                            name: name.clone(),
                            data,
                            format,
                            issues,
                        })
                    }
                    Decided::Kept { cells, filled, profile } => match profile {
                        KeptProfile::None => return Slot::Text(TextCells::new(name.clone(), cells, filled)),
                        KeptProfile::Done(ColumnType::Text, _) => {
                            return Slot::Text(TextCells::new(name.clone(), cells, filled))
                        }
                        KeptProfile::Done(ty, format) => (cells, ty, format),
                    },
                    Decided::Redo(ty, format) => (std::mem::take(&mut redone[i]), ty, format),
                };
                Slot::Ready(convert_cells(t, name, &cells, &row_numbers, ty, format))
            })
            .collect();
        let table = UnencodedTable::new(columns, row_numbers.len(), ragged);
        (table, layout.info())
    }
}

/// Adds a value not seen just above (empty or not) to a converted column,
/// profiling it when the column is profiled; returns its class and whether
/// it was bad, for the same value repeated below.
fn push_new(
    values: &mut TypedValues,
    profile: &mut ColumnProfile,
    issues: &mut ColumnIssues,
    profiled: bool,
    v: &[u8],
    row: u32,
) -> (Option<ValueClass>, bool) {
    if !profiled || v.is_empty() {
        return (None, values.push(v, row, issues));
    }
    let (class, bad) = values.push_classified(v, row, issues);
    profile.add_class(class);
    (Some(class), bad)
}

/// Splits the text again, keeping the cells of the wanted columns only.
fn cells_of(t: &[u8], layout: &Layout, wanted: &[bool]) -> Vec<Vec<CellRef>> {
    let mut out: Vec<Vec<CellRef>> = wanted.iter().map(|_| Vec::new()).collect();
    let mut records = Records::new(t, layout);
    while let Some((_, record)) = records.next_record() {
        for (i, cells) in out.iter_mut().enumerate() {
            if wanted[i] {
                cells.push(record.get(i).copied().unwrap_or(CellRef::EMPTY));
            }
        }
    }
    out
}

/// One column while the text is read.
#[derive(Debug)]
struct ColumnReader {
    hints: ColumnHints,
    profiled: bool,
    profile: ColumnProfile,
    /// Values converted as the guessed type; `None` when the sample had no
    /// value to guess from, or guessed text, and the cells are kept instead.
    values: Option<TypedValues>,
    cells: Vec<CellRef>,
    /// Kept cells that hold a value.
    filled: usize,
    /// The profile of the kept cells (profiled columns only).
    classes: Option<ClassCache>,
    issues: ColumnIssues,
    last: LastValue,
}

/// The value just above in a column, when it was not empty, and what became
/// of it. Its bytes are a range of the text, which may grow between reads.
#[derive(Debug)]
struct LastValue {
    bytes: Option<(usize, usize)>,
    class: Option<ValueClass>,
    bad: bool,
}

enum Decided {
    /// Converted during the pass.
    Done(ColumnData, ValueFormat, ColumnIssues),
    /// Cells kept during the pass (text, or no value in the sample to guess
    /// from), how many hold a value, and what their profile says.
    Kept {
        cells: Vec<CellRef>,
        filled: usize,
        profile: KeptProfile,
    },
    /// The guess was wrong: split again and convert.
    Redo(ColumnType, ValueFormat),
}

/// The type of a column whose cells were kept.
enum KeptProfile {
    /// Not profiled (a column of identifiers): text.
    None,
    /// Decided from the profile made during the pass.
    Done(ColumnType, ValueFormat),
}

impl ColumnReader {
    fn new(t: &[u8], layout: &Layout, i: usize) -> Self {
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
            Some(TypedValues::new(ty, format, layout.rows_estimate))
        };
        ColumnReader {
            hints,
            profiled,
            profile: ColumnProfile::default(),
            cells: if values.is_none() {
                Vec::with_capacity(layout.rows_estimate)
            } else {
                Vec::new()
            },
            filled: 0,
            classes: (values.is_none() && profiled).then(ClassCache::new),
            values,
            issues: ColumnIssues::default(),
            last: LastValue {
                bytes: None,
                class: None,
                bad: false,
            },
        }
    }

    fn add(&mut self, t: &[u8], cell: CellRef, row: u32, scratch: &mut Vec<u8>) {
        let Some(values) = &mut self.values else {
            self.keep(t, cell, scratch);
            return;
        };
        if cell.is_escaped() {
            // Its value lives in `scratch`, not in the text: not kept as the last.
            let v = trim(cell.value(t, scratch));
            let (class, bad) = push_new(values, &mut self.profile, &mut self.issues, self.profiled, v, row);
            self.last = LastValue {
                bytes: None,
                class,
                bad,
            };
            return;
        }
        let v = trim(cell.raw(t));
        if v.is_empty() {
            self.last.bytes = None;
            values.push(v, row, &mut self.issues);
            return;
        }
        let repeated = self
            .last
            .bytes
            .and_then(|(start, end)| t.get(start..end))
            .is_some_and(|last| same_bytes(last, v));
        if repeated {
            if let Some(class) = self.last.class {
                self.profile.add_class(class);
            }
            values.push_repeat(v, row, self.last.bad, &mut self.issues);
            return;
        }
        let (class, bad) = push_new(values, &mut self.profile, &mut self.issues, self.profiled, v, row);
        // `v` is a slice of `t`: keep where it is, not a borrow.
        let start = v.as_ptr() as usize - t.as_ptr() as usize;
        self.last = LastValue {
            bytes: Some((start, start + v.len())),
            class,
            bad,
        };
    }

    /// Keeps a cell of a column read as text: encoded after the pass (and
    /// after the file's card), where an order's repeated lines are found
    /// again. Counted when it holds a value, and profiled when its column is.
    fn keep(&mut self, t: &[u8], cell: CellRef, scratch: &mut Vec<u8>) {
        self.cells.push(cell);
        // Undoing doubled quotes neither adds nor removes spaces: the raw
        // cell is empty when trimmed exactly when its value is.
        let raw = trim(cell.raw(t));
        if raw.is_empty() {
            return;
        }
        self.filled += 1;
        let Some(classes) = &mut self.classes else {
            return;
        };
        if cell.is_escaped() {
            classes.add_value(trim(cell.value(t, scratch)));
        } else {
            classes.add_at(t, raw);
        }
    }

    fn decide(self) -> Decided {
        let Some(values) = self.values else {
            // A kept column has its class cache exactly when it is profiled.
            let profile = match self.classes {
                None => KeptProfile::None,
                Some(classes) => {
                    let (ty, format) = classes.finish().decide(&self.hints);
                    KeptProfile::Done(ty, format)
                }
            };
            return Decided::Kept {
                cells: self.cells,
                filled: self.filled,
                profile,
            };
        };
        let (ty, format) = self.profile.decide(&self.hints);
        if values.reads_as(ty, &format) {
            Decided::Done(values.finish(), format, self.issues)
        } else {
            Decided::Redo(ty, format)
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
    fn a_column_that_looks_like_text_is_typed_by_every_value_it_holds() {
        // Both columns read as text in the first 50 rows, so their cells are
        // kept and profiled per distinct value after the pass. `alpha`: 60
        // distinct words, then 300 whole numbers that are only 1, 2 or 3:
        // 300 of 360 values (83 %) are integers, so it is an integer column
        // with 60 bad values. `beta`: "none" 100 times, then the same 300
        // numbers: 300 of 400 (75 %), short of the 80 % a type needs, so it
        // stays text. Counting each distinct value once would give integers
        // 3 of 63 and 3 of 4: the opposite answers.
        let mut text = String::from("alpha;beta\n");
        for i in 0..100 {
            let word = if i < 60 { format!("x{i}") } else { String::new() };
            text.push_str(&format!("{word};none\n"));
        }
        for i in 0..300 {
            text.push_str(&format!("{n};{n}\n", n = 1 + i % 3));
        }
        let (one, two) = both(&text);
        assert_eq!(one, two);
        let (table, _) = read(Cow::Borrowed(text.as_bytes()), &IngestOptions::new(), &mut |_| {}).expect("read");
        let alpha = &table.columns[0];
        let ColumnData::Integer(values) = &alpha.data else {
            panic!("alpha should be integers: {:?}", alpha.data)
        };
        assert_eq!(alpha.issues.bad_values, 60);
        assert_eq!(values[100..103], [1, 2, 3]);
        let beta = &table.columns[1];
        let ColumnData::Text(words) = &beta.data else {
            panic!("beta should stay text: {:?}", beta.data)
        };
        assert_eq!(words.values, ["none", "1", "2", "3"]);
        assert_eq!(beta.issues.bad_values, 0);
    }

    #[test]
    fn a_column_of_many_values_is_profiled_value_by_value() {
        // `label` reads as text in the sampled rows, so its cells are kept;
        // then come 4,000 distinct whole numbers, too many values for the
        // class cache, which then classifies each value as it comes: 4,000
        // of 4,060 are integers (98.5 %), an integer column with the 60
        // words as bad values.
        let mut text = String::from("label;size\n");
        for i in 0..60 {
            text.push_str(&format!("w{i};S\n"));
        }
        for i in 0..4_000 {
            text.push_str(&format!("{};{}\n", 10_000 + i, ["S", "M", "L"][i % 3]));
        }
        let (one, two) = both(&text);
        assert_eq!(one, two);
        let (table, _) = read(Cow::Borrowed(text.as_bytes()), &IngestOptions::new(), &mut |_| {}).expect("read");
        let label = &table.columns[0];
        assert_eq!(label.data.column_type(), ColumnType::Integer);
        assert_eq!(label.issues.bad_values, 60);
        assert_eq!(label.data.number(60), Some(10_000.0));
        let ColumnData::Text(sizes) = &table.columns[1].data else {
            panic!("sizes are text: {:?}", table.columns[1].data)
        };
        assert_eq!(sizes.values, ["S", "M", "L"]);
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
