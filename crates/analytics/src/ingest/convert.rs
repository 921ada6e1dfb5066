//! The validated stage: each raw column is profiled, given a type, and
//! converted into a typed vector. Values that do not fit the type become
//! "missing" and are recorded, with their row numbers, as column issues.

use std::hash::BuildHasher as _;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

use super::infer::{ColumnHints, ColumnProfile};
use super::raw::RawTable;
use super::split::CellRef;
use super::value::{
    excel_serial_to_days, parse_bool_word, parse_compact_date, parse_int, parse_number, split_date, trim, DateOrder,
    DecimalMark,
};
use crate::roles::header_hints;
use crate::table::{
    Column, ColumnData, ColumnIssues, ColumnType, Table, TextColumn, ValueFormat, NULL_BOOL, NULL_CODE, NULL_DAY,
    NULL_I64,
};

/// Whether a column's values need profiling: an identifier column is text
/// whatever its values look like (unless the header also names a date).
pub fn wants_profile(name: &str) -> bool {
    let header = header_hints(name);
    !header.identifier || header.date
}

/// Converts every column of a raw table.
pub fn to_table(raw: &RawTable<'_>, progress: &mut dyn FnMut(f32)) -> Table {
    let ncols = raw.columns().max(1);
    let columns = raw
        .header
        .iter()
        .zip(&raw.cells)
        .enumerate()
        .map(|(i, (name, cells))| {
            let column = convert_column(raw, name, cells, raw.profiles.as_ref().and_then(|p| p.get(i)));
            progress((i + 1) as f32 / ncols as f32);
            column
        })
        .collect();
    Table {
        columns,
        rows: raw.rows(),
        ragged: raw.ragged.clone(),
    }
}

fn convert_column(raw: &RawTable<'_>, name: &str, cells: &[CellRef], profile: Option<&ColumnProfile>) -> Column {
    let text: &[u8] = &raw.text;
    let header = header_hints(name);
    let hints = ColumnHints {
        identifier: header.identifier,
        date_header: header.date,
        flag_header: header.flag,
        default_decimal: if raw.from_spreadsheet {
            DecimalMark::Dot
        } else {
            raw.default_decimal
        },
        from_spreadsheet: raw.from_spreadsheet,
    };
    // Delimited text was profiled while it was split; other sources here.
    let computed;
    let profile = match profile {
        Some(p) => p,
        None => {
            let mut p = ColumnProfile::default();
            if wants_profile(name) {
                let mut scratch = Vec::new();
                for cell in cells {
                    p.add(cell.value(text, &mut scratch));
                }
            }
            computed = p;
            &computed
        }
    };
    let (ty, format) = profile.decide(&hints);
    let mut issues = ColumnIssues::default();
    let mut col = Typed {
        text,
        cells,
        rows: &raw.row_numbers,
        issues: &mut issues,
    };
    let data = match ty {
        ColumnType::Integer => ColumnData::Integer(col.parse(NULL_I64, integer)),
        ColumnType::Decimal => {
            let mark = format.decimal_mark.unwrap_or(DecimalMark::Dot);
            ColumnData::Decimal(col.parse(f64::NAN, |v| parse_number(v, mark).map(|p| p.value)))
        }
        ColumnType::Date => ColumnData::Date(col.parse(NULL_DAY, |v| date(v, &format).map(|(d, _)| d))),
        ColumnType::Datetime => ColumnData::Datetime(col.parse(NULL_I64, |v| {
            date(v, &format).map(|(d, s)| i64::from(d) * 86_400 + i64::from(s))
        })),
        ColumnType::Boolean => ColumnData::Boolean(col.parse(NULL_BOOL, |v| boolean(v).map(u8::from))),
        ColumnType::Text => ColumnData::Text(dictionary(text, cells)),
    };
    Column {
        name: name.to_string(),
        data,
        format,
        issues,
    }
}

/// One column's cells on their way to a typed vector.
struct Typed<'a> {
    text: &'a [u8],
    cells: &'a [CellRef],
    rows: &'a [u32],
    issues: &'a mut ColumnIssues,
}

impl Typed<'_> {
    /// Parses every cell: empty cells and values that fail become `null`;
    /// failures are recorded with their row numbers.
    fn parse<T: Copy>(&mut self, null: T, parse: impl Fn(&[u8]) -> Option<T>) -> Vec<T> {
        let mut scratch = Vec::new();
        let mut out = Vec::with_capacity(self.cells.len());
        for (cell, &row) in self.cells.iter().zip(self.rows) {
            let v = trim(cell.value(self.text, &mut scratch));
            if v.is_empty() {
                out.push(null);
                continue;
            }
            match parse(v) {
                Some(x) => out.push(x),
                None => {
                    out.push(null);
                    self.issues.record(row, v);
                }
            }
        }
        out
    }
}

fn integer(v: &[u8]) -> Option<i64> {
    parse_int(v).or_else(|| {
        // "1,000" or "1 000" in a column of whole numbers.
        let n = parse_number(v, DecimalMark::Dot).or_else(|| parse_number(v, DecimalMark::Comma))?;
        (n.value.fract() == 0.0 && n.value.abs() < 9.0e15).then_some(n.value as i64)
    })
}

fn date(v: &[u8], format: &ValueFormat) -> Option<(i32, u32)> {
    if format.excel_serial {
        return excel_serial_to_days(parse_number(v, DecimalMark::Dot)?.value);
    }
    match format.date_order? {
        DateOrder::Compact => parse_compact_date(v).map(|d| (d, 0)),
        order => {
            let parts = split_date(v)?;
            Some((parts.days(order)?, parts.seconds.unwrap_or(0)))
        }
    }
}

fn boolean(v: &[u8]) -> Option<bool> {
    match v {
        b"1" => Some(true),
        b"0" => Some(false),
        _ => parse_bool_word(v),
    }
}

/// Dictionary-encodes a text column. The table holds codes only and
/// compares against the stored values, so each distinct value is copied once.
fn dictionary(text: &[u8], cells: &[CellRef]) -> TextColumn {
    let mut scratch = Vec::new();
    let mut index: HashTable<u32> = HashTable::new();
    let mut values: Vec<String> = Vec::new();
    let hasher = FxBuildHasher;
    let codes = cells
        .iter()
        .map(|cell| {
            let v = trim(cell.value(text, &mut scratch));
            if v.is_empty() {
                return NULL_CODE;
            }
            let hash = hasher.hash_one(v);
            let found = index.find(hash, |&code| values[code as usize].as_bytes() == v);
            if let Some(&code) = found {
                return code;
            }
            let code = values.len() as u32;
            values.push(String::from_utf8_lossy(v).into_owned());
            index.insert_unique(hash, code, |&c| hasher.hash_one(values[c as usize].as_bytes()));
            code
        })
        .collect();
    TextColumn { codes, values }
}
