//! Recognising what kind of file we were given, from its first bytes first
//! and its name second, because exports are often misnamed (`.xls` files that
//! are really HTML or CSV are common).

use super::IngestErrorKind;

/// The file formats the reader understands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileFormat {
    /// Delimited text (CSV, TSV, semicolon, pipe, whitespace-aligned).
    Csv,
    /// Office Open XML workbook.
    Xlsx,
    /// Excel 97-2003 workbook (BIFF in an OLE container).
    Xls,
    /// OpenDocument spreadsheet.
    Ods,
    /// A JSON document holding an array of records.
    Json,
    /// One JSON record per line.
    Ndjson,
}

/// Detects the format of a file.
pub fn detect(name: &str, bytes: &[u8]) -> Result<FileFormat, IngestErrorKind> {
    let lower = name.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Ok(zip_kind(bytes, ext));
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Ok(FileFormat::Xls);
    }
    for (magic, what) in [
        (&b"%PDF"[..], "PDF document"),
        (&b"\x89PNG"[..], "PNG image"),
        (&b"\xFF\xD8\xFF"[..], "JPEG image"),
        (&b"GIF8"[..], "GIF image"),
        (&b"\x1F\x8B"[..], "gzip archive"),
        (&b"Rar!"[..], "RAR archive"),
        (&b"7z\xBC\xAF"[..], "7-Zip archive"),
    ] {
        if bytes.starts_with(magic) {
            return Err(IngestErrorKind::Unsupported(what.to_string()));
        }
    }
    if looks_binary(bytes) {
        return Err(IngestErrorKind::Binary);
    }
    if ext == "ndjson" || ext == "jsonl" {
        return Ok(FileFormat::Ndjson);
    }
    let first = bytes
        .iter()
        .copied()
        .find(|b| !(matches!(b, 0xEF | 0xBB | 0xBF | 0xFF | 0xFE | 0) || b.is_ascii_whitespace()));
    match first {
        Some(b'[') => Ok(FileFormat::Json),
        Some(b'{') => Ok(if ext == "json" {
            FileFormat::Json
        } else {
            json_or_ndjson(bytes)
        }),
        _ => Ok(FileFormat::Csv),
    }
}

/// A ZIP is a workbook when it holds the parts that say so; a `.ods` name
/// or the OpenDocument mimetype entry picks ODS.
fn zip_kind(bytes: &[u8], ext: &str) -> FileFormat {
    let head = &bytes[..bytes.len().min(512)];
    if ext == "ods" || memchr::memmem::find(head, b"application/vnd.oasis.opendocument.spreadsheet").is_some() {
        FileFormat::Ods
    } else {
        FileFormat::Xlsx
    }
}

/// `{…}\n{…}` is NDJSON; one object spanning lines is JSON.
fn json_or_ndjson(bytes: &[u8]) -> FileFormat {
    let first_line = bytes
        .split(|&b| b == b'\n')
        .find(|l| !l.iter().all(u8::is_ascii_whitespace))
        .unwrap_or(&[]);
    if serde_json::from_slice::<serde_json::Value>(first_line).is_ok() && first_line.len() < bytes.len() {
        FileFormat::Ndjson
    } else {
        FileFormat::Json
    }
}

/// Control bytes other than tab, CR, LF, form feed (and NULs of UTF-16 text)
/// in the first kilobytes mean this is not text.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    let nul = head.iter().filter(|&&b| b == 0).count();
    // UTF-16 text without a BOM has a NUL in about every other byte.
    let looks_utf16 = nul * 10 >= head.len() * 4 && nul * 10 <= head.len() * 6;
    if nul > 0 && !looks_utf16 {
        return true;
    }
    let control = head
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0)) || b == 0x7F)
        .count();
    control * 20 > head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_bytes_win_over_names() {
        assert_eq!(detect("x.csv", b"PK\x03\x04rest"), Ok(FileFormat::Xlsx));
        assert_eq!(
            detect("x.csv", &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]),
            Ok(FileFormat::Xls)
        );
        assert_eq!(detect("x.xlsx", b"a,b\n1,2\n"), Ok(FileFormat::Csv));
        assert_eq!(detect("x.txt", b"[{\"a\":1}]"), Ok(FileFormat::Json));
        assert_eq!(detect("x.txt", b"{\"a\":1}\n{\"a\":2}\n"), Ok(FileFormat::Ndjson));
        assert_eq!(detect("x.json", b"{\"rows\":[{\"a\":1}]}"), Ok(FileFormat::Json));
    }

    #[test]
    fn non_tables_are_named() {
        assert_eq!(
            detect("r.csv", b"%PDF-1.7 ..."),
            Err(IngestErrorKind::Unsupported("PDF document".into()))
        );
        assert_eq!(
            detect("r.csv", &[1, 2, 3, 4, 5, 6, 7, 8, 200, 201]),
            Err(IngestErrorKind::Binary)
        );
    }
}
