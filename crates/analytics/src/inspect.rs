//! The summary of a loaded file that the page's file card, the mapping
//! screen and `custdash inspect` all show: one function, so the browser and
//! the command line cannot drift apart.

use serde::{Deserialize, Serialize};

use crate::ingest::{Ingested, SourceInfo};
use crate::roles::{header_signature, Field, Mapping, Role};
use crate::table::{BadValue, Column, ColumnSummary, ColumnType, RaggedRows};

/// One column as reported.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ColumnReport {
    /// Header text.
    pub name: String,
    /// Mapped field, `null` when unused.
    pub field: Option<Field>,
    /// Confidence in the field (0–1, two decimals).
    pub confidence: f64,
    /// The type its values were read as.
    #[serde(rename = "type")]
    pub column_type: ColumnType,
    /// Values that did not parse.
    pub bad_values: usize,
    /// The first bad values with their row numbers.
    pub bad_samples: Vec<BadValue>,
    /// Currency code when the values named one.
    pub currency: Option<String>,
    /// Non-empty values.
    pub filled: usize,
}

/// One file as reported.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    /// File name.
    pub file: String,
    /// Detected (or chosen) role.
    pub role: Role,
    /// Confidence in the role (0–1, two decimals).
    pub role_confidence: f64,
    /// Data rows kept.
    pub rows: usize,
    /// Format: csv, xlsx, xls, ods, json, ndjson.
    pub format: Option<crate::ingest::FileFormat>,
    /// Text encoding (text formats).
    pub encoding: Option<String>,
    /// Field separator (delimited text).
    pub delimiter: Option<String>,
    /// Whether the first row was a header.
    pub has_header: bool,
    /// Sheets of a workbook.
    pub sheets: Vec<String>,
    /// The sheet read.
    pub sheet: Option<String>,
    /// Columns in file order.
    pub columns: Vec<ColumnReport>,
    /// Bad values over all columns.
    pub bad_values: usize,
    /// Rows with a wrong number of fields.
    pub ragged_rows: RaggedRows,
    /// Key of the header, for remembering the user's mapping.
    pub header_signature: String,
}

/// Builds the report of an ingested file under a mapping.
pub fn report(file: &str, ingested: &Ingested, mapping: &Mapping) -> FileReport {
    let table = &ingested.table;
    let columns: Vec<ColumnSummary<'_>> = table.columns.iter().map(Column::summary).collect();
    report_read(file, table.rows, &table.ragged, &columns, &ingested.source, mapping)
}

/// The same from what is known of the file before its text columns are
/// encoded ([`crate::ingest::ReadFile`]): `rows` kept, `ragged` rows, and
/// its columns in file order.
pub fn report_read(
    file: &str,
    rows: usize,
    ragged: &RaggedRows,
    columns: &[ColumnSummary<'_>],
    source: &SourceInfo,
    mapping: &Mapping,
) -> FileReport {
    let SourceInfo {
        format,
        encoding,
        delimiter,
        has_header,
        sheets,
        sheet,
    } = source.clone();
    let names: Vec<String> = columns.iter().map(|c| c.name.to_string()).collect();
    FileReport {
        file: file.to_string(),
        role: mapping.role,
        role_confidence: two_decimals(mapping.role_confidence),
        rows,
        format,
        encoding,
        delimiter,
        has_header,
        sheets,
        sheet,
        columns: column_reports(columns, mapping),
        bad_values: columns.iter().map(|c| c.issues.bad_values).sum(),
        ragged_rows: ragged.clone(),
        header_signature: header_signature(&names),
    }
}

fn column_reports(columns: &[ColumnSummary<'_>], mapping: &Mapping) -> Vec<ColumnReport> {
    columns
        .iter()
        .map(|c| {
            let m = mapping.columns.iter().find(|m| m.column == c.name);
            ColumnReport {
                name: c.name.to_string(),
                field: m.and_then(|m| m.field),
                confidence: m.map_or(0.0, |m| two_decimals(m.confidence)),
                column_type: c.column_type,
                bad_values: c.issues.bad_values,
                bad_samples: c.issues.samples.clone(),
                currency: c.format.currency.map(|cur| cur.code().to_string()),
                filled: c.filled,
            }
        })
        .collect()
}

fn two_decimals(x: f32) -> f64 {
    (f64::from(x) * 100.0).round() / 100.0
}
