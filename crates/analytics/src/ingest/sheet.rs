//! Workbooks (XLSX, XLS, ODS) through calamine. Cells are written out as the
//! text a user would see in ISO form (dates as `yyyy-mm-dd`, numbers with a
//! dot), so one inference path serves text files and workbooks alike.

use std::io::Cursor;

use calamine::{Data, Ods, Reader, Xls, Xlsx};

use super::raw::{RawBuilder, RawTable};
use super::value::ymd_from_days;
use super::{FileFormat, IngestErrorKind, IngestOptions, SourceInfo};

/// Reads the chosen (default: first) sheet of a workbook.
pub fn read(
    format: FileFormat,
    bytes: &[u8],
    options: &IngestOptions,
) -> Result<(RawTable<'static>, SourceInfo), IngestErrorKind> {
    // calamine indexes some damaged workbooks out of bounds and panics. Where
    // unwinding exists (native: the CLI, tests) the panic becomes an error
    // here; in the browser (panic = abort) the page restarts the worker and
    // marks only this file as failed (see src/state.rs).
    let run = std::panic::AssertUnwindSafe(|| read_unguarded(format, bytes, options));
    std::panic::catch_unwind(run).unwrap_or_else(|_| {
        Err(IngestErrorKind::Spreadsheet(
            "the reader stopped on damaged data".into(),
        ))
    })
}

fn read_unguarded(
    format: FileFormat,
    bytes: &[u8],
    options: &IngestOptions,
) -> Result<(RawTable<'static>, SourceInfo), IngestErrorKind> {
    // An OLE container (XLS) is made of 512-byte sectors; a truncated file
    // ends mid-sector, which calamine does not expect. Padding with zeros
    // turns that case into an ordinary "corrupt file" error.
    let padded;
    let bytes = if format == FileFormat::Xls && !bytes.len().is_multiple_of(512) {
        padded = [bytes, &vec![0u8; 512 - bytes.len() % 512]].concat();
        &padded[..]
    } else {
        bytes
    };
    if format == FileFormat::Xls {
        super::cfb_check::check(bytes).map_err(IngestErrorKind::Spreadsheet)?;
    }
    let cursor = Cursor::new(bytes);
    let bad = |e: &dyn std::fmt::Display| IngestErrorKind::Spreadsheet(first_line(&e.to_string()));
    let (sheets, range) = match format {
        FileFormat::Xls => pick(Xls::new(cursor).map_err(|e| bad(&e))?, options)?,
        FileFormat::Ods => pick(Ods::new(cursor).map_err(|e| bad(&e))?, options)?,
        _ => pick(Xlsx::new(cursor).map_err(|e| bad(&e))?, options)?,
    };
    let (name, range) = range;
    let raw = to_raw(&range);
    let info = SourceInfo {
        has_header: true,
        sheets,
        sheet: Some(name),
        ..SourceInfo::default()
    };
    Ok((raw, info))
}

type Picked = (Vec<String>, (String, calamine::Range<Data>));

fn pick<RS, R>(mut book: R, options: &IngestOptions) -> Result<Picked, IngestErrorKind>
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
{
    let names = book.sheet_names();
    let wanted = match &options.sheet {
        Some(s) if names.contains(s) => s.clone(),
        Some(s) => {
            return Err(IngestErrorKind::SheetNotFound {
                wanted: s.clone(),
                available: names,
            })
        }
        None => names.first().cloned().ok_or(IngestErrorKind::NoColumns)?,
    };
    let range = book
        .worksheet_range(&wanted)
        .map_err(|e| IngestErrorKind::Spreadsheet(first_line(&e.to_string())))?;
    Ok((names, (wanted, range)))
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or("unknown error").chars().take(160).collect()
}

fn to_raw(range: &calamine::Range<Data>) -> RawTable<'static> {
    let first_row = range.start().map_or(0, |(r, _)| r);
    let mut rows = range
        .rows()
        .enumerate()
        .skip_while(|(_, r)| r.iter().all(|c| matches!(c, Data::Empty)));
    let Some((header_index, header_row)) = rows.next() else {
        return RawBuilder::new(Vec::new()).finish(true);
    };
    let is_header = header_row.iter().all(|c| matches!(c, Data::String(_) | Data::Empty))
        && header_row.iter().any(|c| matches!(c, Data::String(_)));
    let width = header_row.len();
    let names = if is_header {
        header_row.iter().map(cell_text).collect()
    } else {
        vec![String::new(); width]
    };
    let mut builder = RawBuilder::new(names);
    let mut add = |index: usize, row: &[Data]| {
        if row.iter().all(|c| matches!(c, Data::Empty)) {
            return;
        }
        builder.start_row((first_row as usize + index + 1) as u32);
        for (col, cell) in row.iter().enumerate().take(width) {
            if !matches!(cell, Data::Empty) {
                builder.set(col, &cell_text(cell));
            }
        }
    };
    if !is_header {
        add(header_index, header_row);
    }
    for (index, row) in rows {
        add(index, row);
    }
    builder.finish(true)
}

/// A cell as text the inference understands.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => b.to_string(),
        Data::Error(e) => format!("#{e:?}"),
        Data::DateTime(dt) if dt.is_datetime() => {
            let serial = dt.as_f64();
            let (y, m, d, hh, mm, ss, _) = dt.to_ymd_hms_milli();
            if serial.fract() == 0.0 {
                format!("{y:04}-{m:02}-{d:02}")
            } else {
                format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}:{ss:02}")
            }
        }
        Data::DateTime(dt) => float_text(dt.as_f64()),
    }
}

/// Shortest text that reads back as the same `f64`; whole numbers without `.0`.
fn float_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// `yyyy-mm-dd` of a day number, for messages and exports.
pub fn iso_date(days: i32) -> String {
    let (y, m, d) = ymd_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}
