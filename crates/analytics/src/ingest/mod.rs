//! From bytes to a typed [`Table`]: sniff the format, decode the text, split
//! it, infer column types over all values, convert, and keep every bad value
//! as a counted issue instead of failing the file.

mod cfb_check;
mod class_cache;
pub mod convert;
pub mod encoding;
pub mod error;
pub mod format;
pub mod infer;
pub mod json;
pub mod one_pass;
pub mod raw;
pub mod sheet;
pub mod split;
pub mod streamed;
pub mod unencoded;
pub mod value;

pub use error::{IngestError, IngestErrorKind};
pub use format::FileFormat;
pub use unencoded::ReadFile;

use crate::table::Table;

/// Options a user (or a test) can set for one file; the defaults detect everything.
///
/// ```
/// use analytics::ingest::IngestOptions;
/// let opts = IngestOptions::new().delimiter(b';').has_headers(true);
/// assert_eq!(opts.delimiter, Some(b';'));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct IngestOptions {
    /// Field separator; `None` detects it.
    pub delimiter: Option<u8>,
    /// Whether the first row is a header; `None` detects it.
    pub has_headers: Option<bool>,
    /// Which sheet of a workbook to read; `None` reads the first.
    pub sheet: Option<String>,
}

impl IngestOptions {
    /// Everything detected.
    pub fn new() -> Self {
        Self::default()
    }
    /// Sets the field separator.
    pub fn delimiter(mut self, d: u8) -> Self {
        self.delimiter = Some(d);
        self
    }
    /// Says whether the first row is a header.
    pub fn has_headers(mut self, yes: bool) -> Self {
        self.has_headers = Some(yes);
        self
    }
    /// Chooses a sheet of a workbook by name.
    pub fn sheet(mut self, name: impl Into<String>) -> Self {
        self.sheet = Some(name.into());
        self
    }
}

/// What was learnt about a file while reading it.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SourceInfo {
    /// The detected format.
    pub format: Option<FileFormat>,
    /// Text encoding (text formats only).
    pub encoding: Option<String>,
    /// Field separator label (delimited text only).
    pub delimiter: Option<String>,
    /// Whether the first row was a header.
    pub has_header: bool,
    /// Sheet names of a workbook, and which was read.
    pub sheets: Vec<String>,
    /// The sheet that was read.
    pub sheet: Option<String>,
}

/// A file read into a table.
#[derive(Clone, Debug, PartialEq)]
pub struct Ingested {
    /// The typed columns.
    pub table: Table,
    /// How the file was read.
    pub source: SourceInfo,
}

/// Reads one file. `name` is used to recognise the format by its extension
/// (the content decides when the two disagree) and in error messages.
/// `progress` is called with the share done, from 0 to 1.
///
/// ```
/// use analytics::ingest::{ingest, IngestOptions};
/// let out = ingest("a.csv", b"Kunde;Betrag\nA;1,5\nB;2\n", &IngestOptions::new(), &mut |_| {}).unwrap();
/// assert_eq!(out.table.rows, 2);
/// assert_eq!(out.source.delimiter.as_deref(), Some(";"));
/// ```
pub fn ingest(
    name: &str,
    bytes: &[u8],
    options: &IngestOptions,
    progress: &mut dyn FnMut(f32),
) -> Result<Ingested, IngestError> {
    let fail = |kind| IngestError::new(name, kind);
    if bytes.is_empty() {
        return Err(fail(IngestErrorKind::Empty));
    }
    let format = format::detect(name, bytes).map_err(fail)?;
    let (table, source) = match format {
        FileFormat::Csv => {
            let text = encoding::decode(bytes);
            let encoding_name = text.encoding.to_string();
            let (table, mut info) = one_pass::read(text.bytes, options, progress).map_err(fail)?;
            info.encoding = Some(encoding_name);
            (table, info)
        }
        FileFormat::Xlsx | FileFormat::Xls | FileFormat::Ods => {
            let (raw, info) = sheet::read(format, bytes, options).map_err(fail)?;
            (converted(&raw, progress), info)
        }
        FileFormat::Json | FileFormat::Ndjson => {
            let text = encoding::decode(bytes);
            let encoding_name = text.encoding.to_string();
            let (raw, mut info) = json::read(format, &text.bytes).map_err(fail)?;
            info.encoding = Some(encoding_name);
            (converted(&raw, progress), info)
        }
    };
    finished(name, format, table, source, progress)
}

/// The last step of reading any file: a table without columns is an error.
fn finished(
    name: &str,
    format: FileFormat,
    table: Table,
    source: SourceInfo,
    progress: &mut dyn FnMut(f32),
) -> Result<Ingested, IngestError> {
    let source = described(name, format, table.columns.len(), source)?;
    progress(1.0);
    Ok(Ingested { table, source })
}

/// What was learnt of a file read in `format` into `columns` columns.
fn described(
    name: &str,
    format: FileFormat,
    columns: usize,
    mut source: SourceInfo,
) -> Result<SourceInfo, IngestError> {
    source.format = Some(format);
    if columns == 0 {
        return Err(IngestError::new(name, IngestErrorKind::NoColumns));
    }
    Ok(source)
}

/// Converts cells read from a workbook or JSON (the reading was the first 70 %).
fn converted(raw: &raw::RawTable<'_>, progress: &mut dyn FnMut(f32)) -> Table {
    convert::to_table(raw, &mut |p| progress(0.7 + 0.3 * p))
}
