//! Helpers shared by the integration tests: load a fixture from tests/data,
//! read its columns back as plain values, or load fixtures into an engine.
#![allow(dead_code)]

use analytics::engine::Engine;
use analytics::ingest::sheet::iso_date;
use analytics::ingest::{ingest, IngestError, IngestOptions, Ingested};
use analytics::protocol::{WorkerRequest, WorkerResponse};
use analytics::table::{Column, ColumnData, Table, NULL_BOOL, NULL_DAY, NULL_I64};

pub fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/../../tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// An engine with `files` (fixtures) loaded as the page loads them, ids
/// 0, 1, … in order.
pub fn engine_with(files: &[&str]) -> Engine {
    let mut engine = Engine::new();
    for (i, name) in files.iter().enumerate() {
        let request = WorkerRequest::Load {
            id: i as u32,
            name: name.to_string(),
            options: IngestOptions::new(),
            remembered: Vec::new(),
        };
        let answer = engine.handle(request, Some(&fixture(name)), &mut |_| {});
        assert!(matches!(answer, WorkerResponse::Loaded { .. }), "{answer:?}");
    }
    engine
}

pub fn try_load(name: &str, options: &IngestOptions) -> Result<Ingested, IngestError> {
    ingest(name, &fixture(name), options, &mut |_| {})
}

pub fn load(name: &str) -> Ingested {
    try_load(name, &IngestOptions::new()).unwrap_or_else(|e| panic!("{e}"))
}

pub fn col<'t>(table: &'t Table, name: &str) -> &'t Column {
    table.column(name).unwrap_or_else(|| {
        panic!(
            "no column {name:?} in {:?}",
            table.columns.iter().map(|c| &c.name).collect::<Vec<_>>()
        )
    })
}

pub fn numbers(c: &Column) -> Vec<Option<f64>> {
    (0..c.data.len()).map(|i| c.data.number(i)).collect()
}

pub fn texts(c: &Column) -> Vec<Option<String>> {
    (0..c.data.len()).map(|i| c.data.text(i).map(str::to_string)).collect()
}

pub fn dates(c: &Column) -> Vec<Option<String>> {
    match &c.data {
        ColumnData::Date(v) => v.iter().map(|&d| (d != NULL_DAY).then(|| iso_date(d))).collect(),
        ColumnData::Datetime(v) => v
            .iter()
            .map(|&s| {
                (s != NULL_I64).then(|| {
                    let secs = s.rem_euclid(86_400);
                    format!(
                        "{} {:02}:{:02}:{:02}",
                        iso_date(s.div_euclid(86_400) as i32),
                        secs / 3600,
                        secs / 60 % 60,
                        secs % 60
                    )
                })
            })
            .collect(),
        other => panic!("{} is {:?}, not a date", c.name, other.column_type()),
    }
}

pub fn bools(c: &Column) -> Vec<Option<bool>> {
    match &c.data {
        ColumnData::Boolean(v) => v.iter().map(|&b| (b != NULL_BOOL).then_some(b == 1)).collect(),
        other => panic!("{} is {:?}, not boolean", c.name, other.column_type()),
    }
}

pub fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}
