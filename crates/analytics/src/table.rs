//! Typed columnar storage: what a file becomes once it is parsed.
//!
//! Every column is one typed vector with a sentinel for "missing", and text is
//! dictionary-encoded, so a million order lines take a few vectors rather than
//! millions of small strings, and aggregations scan contiguous memory.

use serde::{Deserialize, Serialize};

use crate::ingest::value::{Currency, DateOrder, DecimalMark};

mod text_values;
pub use text_values::TextValues;

/// Missing integer, date-time or date.
pub const NULL_I64: i64 = i64::MIN;
/// Missing date.
pub const NULL_DAY: i32 = i32::MIN;
/// Missing boolean.
pub const NULL_BOOL: u8 = 2;
/// Missing text.
pub const NULL_CODE: u32 = u32::MAX;

/// The type a column's values were read as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnType {
    /// Whole numbers (`i64`).
    Integer,
    /// Numbers with a fraction, currency amounts, percentages (`f64`).
    Decimal,
    /// Calendar dates (days since 1970-01-01).
    Date,
    /// Dates with a time of day (seconds since 1970-01-01 00:00, no zone).
    Datetime,
    /// Yes/no values.
    Boolean,
    /// Anything else, dictionary-encoded.
    Text,
}

/// How the values of a column were written, as far as parsing needs to know.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValueFormat {
    /// Decimal mark of number columns.
    pub decimal_mark: Option<DecimalMark>,
    /// Field order of date columns.
    pub date_order: Option<DateOrder>,
    /// Currency named in the cells (the most frequent one).
    pub currency: Option<Currency>,
    /// Whether the values carried a `%`.
    pub percent: bool,
    /// Whether dates came as Excel serial numbers.
    pub excel_serial: bool,
}

/// Dictionary-encoded text: each row holds a code into `values`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TextColumn {
    /// One code per row, [`NULL_CODE`] when empty.
    pub codes: Vec<u32>,
    /// Distinct values in order of first appearance.
    pub values: TextValues,
}

/// The values of one column.
#[derive(Clone, Debug, PartialEq)]
#[allow(missing_docs)]
pub enum ColumnData {
    Integer(Vec<i64>),
    Decimal(Vec<f64>),
    Date(Vec<i32>),
    Datetime(Vec<i64>),
    Boolean(Vec<u8>),
    Text(TextColumn),
}

impl ColumnData {
    /// The column's type.
    pub fn column_type(&self) -> ColumnType {
        match self {
            ColumnData::Integer(_) => ColumnType::Integer,
            ColumnData::Decimal(_) => ColumnType::Decimal,
            ColumnData::Date(_) => ColumnType::Date,
            ColumnData::Datetime(_) => ColumnType::Datetime,
            ColumnData::Boolean(_) => ColumnType::Boolean,
            ColumnData::Text(_) => ColumnType::Text,
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        match self {
            ColumnData::Integer(v) | ColumnData::Datetime(v) => v.len(),
            ColumnData::Decimal(v) => v.len(),
            ColumnData::Date(v) => v.len(),
            ColumnData::Boolean(v) => v.len(),
            ColumnData::Text(t) => t.codes.len(),
        }
    }

    /// Whether the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether row `i` holds no value (empty cell or a bad value).
    pub fn is_null(&self, i: usize) -> bool {
        match self {
            ColumnData::Integer(v) | ColumnData::Datetime(v) => v.get(i).is_none_or(|&x| x == NULL_I64),
            ColumnData::Decimal(v) => v.get(i).is_none_or(|x| x.is_nan()),
            ColumnData::Date(v) => v.get(i).is_none_or(|&x| x == NULL_DAY),
            ColumnData::Boolean(v) => v.get(i).is_none_or(|&x| x == NULL_BOOL),
            ColumnData::Text(t) => t.codes.get(i).is_none_or(|&x| x == NULL_CODE),
        }
    }

    /// How many rows hold a value: [`ColumnData::is_null`] counted a
    /// column at a time, one tight loop per type (a million-row file's
    /// report counted it cell by cell in several milliseconds).
    pub fn values_present(&self) -> usize {
        fn present<T: Copy>(v: &[T], null: impl Fn(T) -> bool) -> usize {
            v.iter().filter(|&&x| !null(x)).count()
        }
        match self {
            ColumnData::Integer(v) | ColumnData::Datetime(v) => present(v, |x| x == NULL_I64),
            ColumnData::Decimal(v) => present(v, f64::is_nan),
            ColumnData::Date(v) => present(v, |x| x == NULL_DAY),
            ColumnData::Boolean(v) => present(v, |x| x == NULL_BOOL),
            ColumnData::Text(t) => present(&t.codes, |x| x == NULL_CODE),
        }
    }

    /// Row `i` as a number, where the column is numeric.
    pub fn number(&self, i: usize) -> Option<f64> {
        match self {
            ColumnData::Integer(v) => v.get(i).filter(|&&x| x != NULL_I64).map(|&x| x as f64),
            ColumnData::Decimal(v) => v.get(i).filter(|x| !x.is_nan()).copied(),
            _ => None,
        }
    }

    /// Row `i` as text, where the column is text.
    pub fn text(&self, i: usize) -> Option<&str> {
        match self {
            ColumnData::Text(t) => t.codes.get(i).and_then(|&c| t.values.get(c as usize)),
            _ => None,
        }
    }
}

/// A value that did not parse as its column's type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BadValue {
    /// The row as a spreadsheet numbers it (the header is row 1).
    pub row: u32,
    /// The cell as written (cut to 60 characters).
    pub raw: String,
}

/// How many values of a column were bad, with the first few of them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnIssues {
    /// Values that did not parse (they are stored as missing).
    pub bad_values: usize,
    /// The first [`ColumnIssues::SAMPLES`] of them.
    pub samples: Vec<BadValue>,
}

impl ColumnIssues {
    /// How many bad values are kept as examples.
    pub const SAMPLES: usize = 5;

    /// Counts one bad value, keeping it when it is among the first few.
    pub fn record(&mut self, row: u32, raw: &[u8]) {
        self.bad_values += 1;
        if self.samples.len() < Self::SAMPLES {
            let text = String::from_utf8_lossy(raw);
            self.samples.push(BadValue {
                row,
                raw: text.chars().take(60).collect(),
            });
        }
    }
}

/// One parsed column.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// Header text (or `column_N` when the file had no header).
    pub name: String,
    /// The values.
    pub data: ColumnData,
    /// How the values were written.
    pub format: ValueFormat,
    /// Values that did not parse.
    pub issues: ColumnIssues,
}

/// A row whose number of fields differed from the header's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RaggedRow {
    /// Spreadsheet row number.
    pub row: u32,
    /// Fields found on the row.
    pub fields: u32,
}

/// Rows with too many or too few fields (kept, padded or cut).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RaggedRows {
    /// How many rows.
    pub count: usize,
    /// The first few.
    pub samples: Vec<RaggedRow>,
}

impl RaggedRows {
    /// Counts one ragged row.
    pub fn record(&mut self, row: u32, fields: usize) {
        self.count += 1;
        if self.samples.len() < ColumnIssues::SAMPLES {
            self.samples.push(RaggedRow {
                row,
                fields: fields as u32,
            });
        }
    }
}

/// A parsed file: typed columns of equal length.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    /// Columns in file order.
    pub columns: Vec<Column>,
    /// Number of data rows kept.
    pub rows: usize,
    /// Rows with a wrong number of fields.
    pub ragged: RaggedRows,
}

impl Column {
    /// What role detection and the file's report read of the column.
    pub fn summary(&self) -> ColumnSummary<'_> {
        ColumnSummary {
            name: &self.name,
            column_type: self.data.column_type(),
            format: self.format,
            issues: &self.issues,
            filled: self.data.values_present() + self.issues.bad_values,
        }
    }
}

/// What is known of a column once its file has been read and its values
/// checked, before a column of text is dictionary-encoded: all that role
/// detection and the file's report (its card) need.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ColumnSummary<'a> {
    /// Header text.
    pub name: &'a str,
    /// The type its values were read as.
    pub column_type: ColumnType,
    /// How the values were written.
    pub format: ValueFormat,
    /// Values that did not parse.
    pub issues: &'a ColumnIssues,
    /// Rows holding a value, good or bad.
    pub filled: usize,
}

impl Table {
    /// Total bad values over all columns.
    pub fn bad_values(&self) -> usize {
        self.columns.iter().map(|c| c.issues.bad_values).sum()
    }

    /// The column with this exact name.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_present_counts_the_rows_that_are_not_null() {
        let columns = [
            (ColumnData::Integer(vec![1, NULL_I64, 3]), 2),
            (ColumnData::Datetime(vec![NULL_I64, NULL_I64]), 0),
            (ColumnData::Decimal(vec![1.5, f64::NAN, 0.0, -2.0]), 3),
            (ColumnData::Date(vec![NULL_DAY, 19_000]), 1),
            (ColumnData::Boolean(vec![1, 0, NULL_BOOL]), 2),
            (
                ColumnData::Text(TextColumn {
                    codes: vec![0, NULL_CODE, 1, 0, NULL_CODE],
                    values: ["a", "b"].into_iter().collect(),
                }),
                3,
            ),
        ];
        for (data, present) in &columns {
            assert_eq!(data.values_present(), *present, "{data:?}");
            let by_row = (0..data.len()).filter(|&i| !data.is_null(i)).count();
            assert_eq!(by_row, *present, "{data:?}");
        }
    }
}
