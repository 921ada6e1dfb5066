//! JSON sources: an array of objects, an object holding one such array (as
//! APIs wrap results: `{"data": [...]}`), or one object per line (NDJSON).
//! Nested values are kept as their JSON text.

use serde_json::Value;

use super::raw::{RawBuilder, RawTable};
use super::{FileFormat, IngestErrorKind, SourceInfo};

/// Reads JSON or NDJSON records into a raw table; columns are the union of
/// the keys in order of first appearance.
pub fn read(format: FileFormat, text: &[u8]) -> Result<(RawTable<'static>, SourceInfo), IngestErrorKind> {
    let mut builder = Records::default();
    if format == FileFormat::Ndjson {
        let mut bad_lines = 0usize;
        for (i, line) in text.split(|&b| b == b'\n').enumerate() {
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            match serde_json::from_slice::<Value>(line) {
                Ok(Value::Object(map)) => builder.push((i + 1) as u32, &map),
                _ => {
                    bad_lines += 1;
                    builder.ragged((i + 1) as u32);
                }
            }
        }
        if builder.rows == 0 && bad_lines > 0 {
            return Err(IngestErrorKind::Json("no line holds a JSON object".into()));
        }
    } else {
        let value: Value = serde_json::from_slice(text).map_err(|e| IngestErrorKind::Json(e.to_string()))?;
        let records = records_of(&value)
            .ok_or_else(|| IngestErrorKind::Json("expected an array of objects, or an object holding one".into()))?;
        for (i, record) in records.iter().enumerate() {
            match record {
                Value::Object(map) => builder.push((i + 1) as u32, map),
                _ => builder.ragged((i + 1) as u32),
            }
        }
    }
    let ragged = builder.ragged_rows.clone();
    let mut raw = builder.inner.finish(false);
    raw.ragged = ragged;
    Ok((
        raw,
        SourceInfo {
            has_header: true,
            ..SourceInfo::default()
        },
    ))
}

fn records_of(value: &Value) -> Option<&Vec<Value>> {
    match value {
        Value::Array(items) => Some(items),
        Value::Object(map) => map.values().find_map(|v| match v {
            Value::Array(items) if items.iter().any(Value::is_object) => Some(items),
            _ => None,
        }),
        _ => None,
    }
}

#[derive(Default)]
struct Records {
    inner: RawBuilder,
    keys: Vec<String>,
    rows: usize,
    ragged_rows: crate::table::RaggedRows,
}

impl Records {
    fn push(&mut self, row: u32, map: &serde_json::Map<String, Value>) {
        self.inner.start_row(row);
        self.rows += 1;
        for (key, value) in map {
            let col = match self.keys.iter().position(|k| k == key) {
                Some(c) => c,
                None => {
                    self.keys.push(key.clone());
                    self.inner.add_column(key.clone())
                }
            };
            match value {
                Value::Null => {}
                Value::String(s) => self.inner.set(col, s),
                Value::Bool(b) => self.inner.set(col, if *b { "true" } else { "false" }),
                Value::Number(n) => self.inner.set(col, &n.to_string()),
                other => self.inner.set(col, &other.to_string()),
            }
        }
    }

    fn ragged(&mut self, row: u32) {
        self.ragged_rows.record(row, 0);
    }
}
