//! The one error type of the ingest boundary: a file that cannot be read at
//! all. Bad values inside a readable file are not errors; they are counted in
//! [`crate::table::ColumnIssues`].

use std::fmt;

/// Why a file could not be read.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum IngestErrorKind {
    /// The file has no bytes.
    Empty,
    /// The bytes are not text and not a known spreadsheet format.
    Binary,
    /// A known format we do not read (PDF, images, archives).
    Unsupported(String),
    /// A workbook that its reader rejected (truncated, encrypted, corrupt).
    Spreadsheet(String),
    /// The requested sheet does not exist.
    SheetNotFound {
        /// The sheet asked for.
        wanted: String,
        /// The sheets the workbook has.
        available: Vec<String>,
    },
    /// JSON that does not parse, or does not hold a list of records.
    Json(String),
    /// Nothing that looks like a column was found.
    NoColumns,
    /// Larger than the 4 GiB a browser tab can address.
    TooLarge,
}

/// A file-level failure, naming the file.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct IngestError {
    /// The file's name as the user gave it.
    pub file: String,
    /// What went wrong.
    pub kind: IngestErrorKind,
}

impl IngestError {
    /// An error for `file`.
    pub fn new(file: &str, kind: IngestErrorKind) -> Self {
        IngestError {
            file: file.to_string(),
            kind,
        }
    }
}

impl fmt::Display for IngestErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IngestErrorKind::Empty => write!(f, "the file is empty (0 bytes). Export it again and check it has rows"),
            IngestErrorKind::Binary => write!(
                f,
                "the file is not text, CSV, JSON or a spreadsheet this page can read. Save it as CSV, XLSX, XLS or ODS"
            ),
            IngestErrorKind::Unsupported(what) => {
                write!(f, "this is a {what}, not a table. Export the data as CSV, XLSX, XLS, ODS or JSON")
            }
            IngestErrorKind::Spreadsheet(why) => write!(
                f,
                "the workbook could not be opened ({why}). It may be truncated or password-protected: save it again from Excel or LibreOffice"
            ),
            IngestErrorKind::SheetNotFound { wanted, available } => {
                write!(f, "there is no sheet named \"{wanted}\"; the workbook has: {}", available.join(", "))
            }
            IngestErrorKind::Json(why) => write!(f, "the JSON could not be read as a list of records ({why})"),
            IngestErrorKind::NoColumns => write!(f, "no columns were found: the file has no header and no data rows"),
            IngestErrorKind::TooLarge => write!(f, "the file is larger than 4 GB, which a browser tab cannot hold"),
        }
    }
}

impl fmt::Display for IngestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.kind)
    }
}

impl std::error::Error for IngestError {}
