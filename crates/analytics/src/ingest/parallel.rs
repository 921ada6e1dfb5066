//! One large delimited text read as two halves at once: in the browser the
//! engine's worker reads the first half while a helper worker reads the
//! second, so a two-core laptop parses a 80 MB export in about half the time.
//!
//! The halves meet at the first line end after the middle of the file; each
//! side finds it by itself from the same bytes. Both read with the plan
//! (separator, header, type guesses) found in the file's head, and each
//! decides its columns' types from its own values. The merge then decides
//! every column from the two profiles added together (a profile is counts,
//! so the sum is the whole column's profile), reads again the rare half
//! whose own decision differs, and joins the columns: the second half's
//! dictionary codes are mapped into the first's, its row numbers shifted.
//! The result equals reading the file in one pass (a test holds them equal
//! on random tables split at random points); when it cannot (the middle line
//! end was inside a quoted field, the halves saw different plans, the text
//! is not UTF-8) the caller reads the file in one pass instead.

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;
use std::hash::BuildHasher;

use super::convert::column_hints;
use super::one_pass::{read_part, reread_column, Part, PartOf};
use super::raw::Layout;
use super::value::same_bytes;
use super::{format, FileFormat, IngestOptions, Ingested};
use crate::table::{
    Column, ColumnData, ColumnIssues, ColumnType, RaggedRows, Table, TextColumn, ValueFormat, NULL_BOOL, NULL_CODE,
    NULL_DAY, NULL_I64,
};

/// Files smaller than this are read in one pass: below it a second worker
/// saves less than the hand-over costs.
pub const PARALLEL_MIN_BYTES: f64 = 8.0 * 1024.0 * 1024.0;

/// How much of the file's beginning the helper reads to find the plan.
pub const HEAD_BYTES: f64 = 1024.0 * 1024.0;

/// Why two halves cannot be read or merged (the file is then read in one pass).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotInTwo {
    /// Not delimited UTF-8 text.
    NotUtf8Text,
    /// No line end after the middle.
    NoLineEnd,
    /// The middle line end is inside a quoted field.
    SplitInsideQuote,
    /// The halves found different separators, headers or guesses.
    PlansDiffer,
    /// A half had to be read again and its text was not there.
    TextGone,
    /// The helper's buffer was damaged.
    Damaged(String),
    /// The text could not be read at all (the one-pass reader will say why).
    Unreadable,
}

/// Where the second half starts, counted from the middle: just after the
/// first line end at or after it.
pub fn second_half_start(from_middle: &[u8]) -> Option<usize> {
    memchr::memchr(b'\n', from_middle).map(|i| i + 1)
}

/// The text of a half as UTF-8, a byte-order mark dropped; `None` when it is
/// not valid UTF-8 (legacy code pages are read in one pass).
pub fn utf8_text(bytes: &[u8]) -> Option<&[u8]> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(body).is_ok().then_some(body)
}

/// The file's head cut after its last line end, for the helper's plan.
pub fn whole_lines(head: &[u8]) -> &[u8] {
    memchr::memrchr(b'\n', head).map_or(head, |i| &head[..=i])
}

/// The first half, read by the engine's worker.
#[derive(Debug)]
pub struct FirstHalf {
    /// The bytes as read (byte-order mark included), kept for the merge and
    /// for a fallback to one pass.
    pub bytes: Vec<u8>,
    layout: Layout,
    part: Part,
}

impl FirstHalf {
    /// Reads the first half: `bytes` run from the file's start to just after
    /// the middle line end.
    pub fn read(
        name: &str,
        bytes: Vec<u8>,
        options: &IngestOptions,
        progress: &mut dyn FnMut(f32),
    ) -> Result<FirstHalf, (NotInTwo, Vec<u8>)> {
        if format::detect(name, &bytes) != Ok(FileFormat::Csv) {
            return Err((NotInTwo::NotUtf8Text, bytes));
        }
        let Some(text) = utf8_text(&bytes) else {
            return Err((NotInTwo::NotUtf8Text, bytes));
        };
        let Ok(layout) = Layout::detect(text, options) else {
            return Err((NotInTwo::Unreadable, bytes));
        };
        let part = read_part(text, text, &layout, PartOf::First, progress);
        Ok(FirstHalf { bytes, layout, part })
    }

    /// Joins the second half (as the helper encoded it) to this one.
    /// `second_text` fetches the second half's bytes when one of its columns
    /// must be read again.
    pub fn merge(
        self,
        second: &[u8],
        second_text: &mut dyn FnMut() -> Option<Vec<u8>>,
    ) -> Result<Ingested, (NotInTwo, Vec<u8>)> {
        let second = match super::part_codec::decode(second) {
            Ok(p) => p,
            Err(e) => return Err((NotInTwo::Damaged(e.0), self.bytes)),
        };
        let FirstHalf { bytes, layout, part } = self;
        let Some(text) = utf8_text(&bytes) else {
            return Err((NotInTwo::NotUtf8Text, bytes));
        };
        let mut rest: Option<Vec<u8>> = None;
        let mut reread = |half: PartOf, i: usize, ty: ColumnType, format: ValueFormat| -> Option<Column> {
            match half {
                PartOf::Rest => {
                    if rest.is_none() {
                        rest = second_text();
                    }
                    let rest_text = utf8_text(rest.as_deref()?)?;
                    Some(reread_column(text, rest_text, &layout, PartOf::Rest, i, ty, format))
                }
                _ => Some(reread_column(text, text, &layout, PartOf::First, i, ty, format)),
            }
        };
        let merged = merge(part, second, &layout, &mut reread);
        match merged {
            Ok(table) => {
                let mut source = layout.info();
                source.format = Some(FileFormat::Csv);
                source.encoding = Some("UTF-8".into());
                Ok(Ingested { table, source })
            }
            Err(why) => Err((why, bytes)),
        }
    }
}

/// Reads the second half in the helper: `head` is the file's beginning (at
/// least its header and sampled records), `bytes` the half itself. Returns
/// the half encoded for the engine's worker.
pub fn read_second_half(
    head: &[u8],
    bytes: &[u8],
    options: &IngestOptions,
    progress: &mut dyn FnMut(f32),
) -> Result<Vec<u8>, NotInTwo> {
    let head = utf8_text(whole_lines(head)).ok_or(NotInTwo::NotUtf8Text)?;
    let text = utf8_text(bytes).ok_or(NotInTwo::NotUtf8Text)?;
    let layout = Layout::detect(head, options).map_err(|_| NotInTwo::Unreadable)?;
    let part = read_part(head, text, &layout, PartOf::Rest, progress);
    Ok(super::part_codec::encode(&part))
}

/// Reads a column of a half again as the merged decision says.
pub type Reread<'a> = dyn FnMut(PartOf, usize, ColumnType, ValueFormat) -> Option<Column> + 'a;

/// Joins two halves read with the same plan into one table.
pub fn merge(first: Part, second: Part, layout: &Layout, reread: &mut Reread<'_>) -> Result<Table, NotInTwo> {
    if first.ends_inside_quote {
        return Err(NotInTwo::SplitInsideQuote);
    }
    let n = first.columns.len();
    if first.plan != second.plan || second.columns.len() != n || first.profiles.len() != n || second.profiles.len() != n
    {
        return Err(NotInTwo::PlansDiffer);
    }
    let offset = first.records;
    let mut columns = Vec::with_capacity(n);
    let halves = first
        .columns
        .into_iter()
        .zip(&first.profiles)
        .zip(second.columns.into_iter().zip(&second.profiles));
    for (i, ((a, pa), (b, pb))) in halves.enumerate() {
        let mut profile = pa.clone();
        profile.merge(pb);
        let hints = column_hints(&layout.header[i], false, layout.default_decimal);
        let (ty, format) = profile.decide(&hints);
        let a = settle(a, pa.non_empty(), first.rows, PartOf::First, i, ty, format, reread)?;
        let b = settle(b, pb.non_empty(), second.rows, PartOf::Rest, i, ty, format, reread)?;
        columns.push(append(a, b, offset));
    }
    Ok(Table {
        columns,
        rows: first.rows + second.rows,
        ragged: append_ragged(first.ragged, second.ragged, offset),
    })
}

/// A half's column as the merged decision wants it.
#[allow(clippy::too_many_arguments)]
fn settle(
    column: Column,
    non_empty: usize,
    rows: usize,
    half: PartOf,
    i: usize,
    ty: ColumnType,
    format: ValueFormat,
    reread: &mut Reread<'_>,
) -> Result<Column, NotInTwo> {
    if column.data.column_type() == ty && column.format == format {
        return Ok(column);
    }
    if non_empty == 0 {
        // Only empty cells: missing values whatever the type, and no issues.
        return Ok(Column {
            data: nulls(ty, rows),
            format,
            issues: ColumnIssues::default(),
            name: column.name,
        });
    }
    reread(half, i, ty, format).ok_or(NotInTwo::TextGone)
}

fn nulls(ty: ColumnType, rows: usize) -> ColumnData {
    match ty {
        ColumnType::Integer => ColumnData::Integer(vec![NULL_I64; rows]),
        ColumnType::Decimal => ColumnData::Decimal(vec![f64::NAN; rows]),
        ColumnType::Date => ColumnData::Date(vec![NULL_DAY; rows]),
        ColumnType::Datetime => ColumnData::Datetime(vec![NULL_I64; rows]),
        ColumnType::Boolean => ColumnData::Boolean(vec![NULL_BOOL; rows]),
        ColumnType::Text => ColumnData::Text(TextColumn {
            codes: vec![NULL_CODE; rows],
            values: Vec::new(),
        }),
    }
}

/// The second half's column after the first's (both of one type).
fn append(mut a: Column, b: Column, offset: u32) -> Column {
    a.data = match (a.data, b.data) {
        (ColumnData::Integer(mut x), ColumnData::Integer(y)) => {
            x.extend(y);
            ColumnData::Integer(x)
        }
        (ColumnData::Decimal(mut x), ColumnData::Decimal(y)) => {
            x.extend(y);
            ColumnData::Decimal(x)
        }
        (ColumnData::Date(mut x), ColumnData::Date(y)) => {
            x.extend(y);
            ColumnData::Date(x)
        }
        (ColumnData::Datetime(mut x), ColumnData::Datetime(y)) => {
            x.extend(y);
            ColumnData::Datetime(x)
        }
        (ColumnData::Boolean(mut x), ColumnData::Boolean(y)) => {
            x.extend(y);
            ColumnData::Boolean(x)
        }
        (ColumnData::Text(x), ColumnData::Text(y)) => ColumnData::Text(append_text(x, y)),
        // `settle` gave both halves the merged type.
        (x, _) => x,
    };
    a.issues.bad_values += b.issues.bad_values;
    for mut bad in b.issues.samples {
        if a.issues.samples.len() >= ColumnIssues::SAMPLES {
            break;
        }
        bad.row += offset;
        a.issues.samples.push(bad);
    }
    a
}

/// Text of the second half coded in the first half's dictionary, values new
/// to it added in their order of first appearance (as one pass adds them).
fn append_text(mut a: TextColumn, b: TextColumn) -> TextColumn {
    let hasher = FxBuildHasher;
    let mut index: HashTable<u32> = HashTable::with_capacity(a.values.len() + b.values.len());
    for (code, v) in a.values.iter().enumerate() {
        index.insert_unique(hasher.hash_one(v.as_bytes()), code as u32, |_| 0);
    }
    let values = &mut a.values;
    let recode: Vec<u32> = b
        .values
        .into_iter()
        .map(|v| {
            let hash = hasher.hash_one(v.as_bytes());
            match index.find(hash, |&c| same_bytes(values[c as usize].as_bytes(), v.as_bytes())) {
                Some(&c) => c,
                None => {
                    let c = values.len() as u32;
                    values.push(v);
                    index.insert_unique(hash, c, |&c| hasher.hash_one(values[c as usize].as_bytes()));
                    c
                }
            }
        })
        .collect();
    a.codes.reserve(b.codes.len());
    a.codes.extend(
        b.codes
            .into_iter()
            .map(|c| if c == NULL_CODE { NULL_CODE } else { recode[c as usize] }),
    );
    a
}

fn append_ragged(mut a: RaggedRows, b: RaggedRows, offset: u32) -> RaggedRows {
    a.count += b.count;
    for mut r in b.samples {
        if a.samples.len() >= ColumnIssues::SAMPLES {
            break;
        }
        r.row += offset;
        a.samples.push(r);
    }
    a
}

/// Reads `bytes` the way the two workers do, split at `middle`: the first
/// half here, the second through [`read_second_half`] and its buffer. For
/// tests and for the command line's benchmark; `None` where the browser
/// would fall back to one pass.
pub fn read_in_two(name: &str, bytes: &[u8], middle: usize, options: &IngestOptions) -> Result<Ingested, NotInTwo> {
    let start =
        middle + second_half_start(bytes.get(middle..).ok_or(NotInTwo::NoLineEnd)?).ok_or(NotInTwo::NoLineEnd)?;
    let head = &bytes[..bytes.len().min(HEAD_BYTES as usize)];
    let second = read_second_half(head, &bytes[start..], options, &mut |_| {})?;
    let first = FirstHalf::read(name, bytes[..start].to_vec(), options, &mut |_| {}).map_err(|(why, _)| why)?;
    first
        .merge(&second, &mut || Some(bytes[start..].to_vec()))
        .map_err(|(why, _)| why)
}
