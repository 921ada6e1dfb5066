//! A file read up to its card: every cell split, every typed column
//! converted and checked, role and fields detectable, but the columns of
//! text not yet dictionary-encoded.
//!
//! Encoding a million order lines' ids, customers and SKUs (hashing each
//! cell, and a dictionary of hundreds of thousands of values) took about a
//! third of a large file's reading, and nothing on the file's card depends
//! on it: a column of text has no bad values, its type is decided
//! already, and how many of its cells hold a value is counted as they are
//! split. So the worker reports the file from a [`ReadFile`], then encodes
//! it ([`ReadFile::encode`]) before any question about its data is
//! answered.

use super::convert::text_column;
use super::split::CellRef;
use super::{Ingested, SourceInfo};
use crate::table::{Column, ColumnIssues, ColumnSummary, ColumnType, RaggedRows, Table, ValueFormat};

/// The columns of a table, those of text still as cells of the text.
#[derive(Debug)]
pub struct UnencodedTable {
    columns: Vec<Slot>,
    rows: usize,
    ragged: RaggedRows,
}

/// A column of the table.
#[derive(Debug)]
pub(super) enum Slot {
    /// Converted (or encoded) already.
    Ready(Column),
    /// Text, to be encoded.
    Text(TextCells),
}

/// A column of text before its dictionary: its cells, and how many of
/// them hold a value (trimmed, not empty).
#[derive(Debug)]
pub(super) struct TextCells {
    name: String,
    cells: Vec<CellRef>,
    filled: usize,
    /// Always none: a column of text has no bad values.
    issues: ColumnIssues,
}

impl TextCells {
    pub(super) fn new(name: String, cells: Vec<CellRef>, filled: usize) -> Self {
        TextCells {
            name,
            cells,
            filled,
            issues: ColumnIssues::default(),
        }
    }
}

impl UnencodedTable {
    /// `columns` in file order.
    pub(super) fn new(columns: Vec<Slot>, rows: usize, ragged: RaggedRows) -> Self {
        UnencodedTable { columns, rows, ragged }
    }

    /// A table with nothing left to encode.
    pub fn encoded(table: Table) -> Self {
        let Table { columns, rows, ragged } = table;
        UnencodedTable {
            columns: columns.into_iter().map(Slot::Ready).collect(),
            rows,
            ragged,
        }
    }

    /// How many columns.
    pub fn width(&self) -> usize {
        self.columns.len()
    }

    /// Data rows kept.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Rows with a wrong number of fields.
    pub fn ragged(&self) -> &RaggedRows {
        &self.ragged
    }

    /// Each column as role detection and the file's report read it, in
    /// file order: the same as the encoded table's [`Column::summary`].
    pub fn summaries(&self) -> Vec<ColumnSummary<'_>> {
        self.columns
            .iter()
            .map(|slot| match slot {
                Slot::Ready(column) => column.summary(),
                Slot::Text(text) => ColumnSummary {
                    name: &text.name,
                    column_type: ColumnType::Text,
                    format: ValueFormat::default(),
                    issues: &text.issues,
                    filled: text.filled,
                },
            })
            .collect()
    }

    /// The table, its columns of text encoded from `t`, the text their
    /// cells point into.
    pub fn encode(self, t: &[u8]) -> Table {
        let UnencodedTable { columns, rows, ragged } = self;
        let columns = columns
            .into_iter()
            .map(|slot| match slot {
                Slot::Ready(column) => column,
                Slot::Text(text) => text_column(t, &text.name, &text.cells),
            })
            .collect();
        Table { columns, rows, ragged }
    }
}

/// A file read but for encoding its columns of text, with the bytes those
/// columns' cells point into.
#[derive(Debug)]
pub struct ReadFile {
    table: UnencodedTable,
    source: SourceInfo,
    bytes: Vec<u8>,
    /// Where the text starts in `bytes` (after a byte-order mark).
    body: usize,
}

impl ReadFile {
    /// A file of `bytes` whose text, from `body` on, `table`'s cells point
    /// into.
    pub(super) fn new(table: UnencodedTable, source: SourceInfo, bytes: Vec<u8>, body: usize) -> Self {
        ReadFile {
            table,
            source,
            bytes,
            body,
        }
    }

    /// A file read whole, nothing left to encode.
    pub fn whole(ingested: Ingested) -> Self {
        ReadFile {
            table: UnencodedTable::encoded(ingested.table),
            source: ingested.source,
            bytes: Vec::new(),
            body: 0,
        }
    }

    /// The table as read so far.
    pub fn table(&self) -> &UnencodedTable {
        &self.table
    }

    /// How the file was read.
    pub fn source(&self) -> &SourceInfo {
        &self.source
    }

    /// The file, its columns of text encoded; the bytes are freed.
    pub fn encode(self) -> Ingested {
        let text = self.bytes.get(self.body..).unwrap_or(&[]);
        Ingested {
            table: self.table.encode(text),
            source: self.source,
        }
    }
}
