//! Helpers shared by the integration tests: load a fixture from tests/data
//! and read its columns back as plain values.
#![allow(dead_code)]

use analytics::ingest::sheet::iso_date;
use analytics::ingest::{ingest, IngestError, IngestOptions, Ingested};
use analytics::table::{Column, ColumnData, Table, NULL_BOOL, NULL_DAY, NULL_I64};

pub fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/../../tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
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

/// One cell of a random table: the kind of value a column holds, varied.
pub fn cell(kind: u8, i: usize, noise: u8) -> String {
    let n = i * 37 % 1000;
    if noise < 8 {
        return String::new();
    }
    if noise < 12 {
        return ["n/a", "\"quoted, with comma\"", "\"say \"\"hi\"\"\"", "-", "1.2.3"][noise as usize % 5].to_string();
    }
    match kind % 10 {
        0 => format!("{}", n / 10),
        1 => format!("{n}.{:02}", i % 100),
        2 => format!("{n},{:02}", i % 100),
        3 => format!("{:02}.{:02}.2024", 1 + i % 28, 1 + i % 12),
        4 => format!("2024-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
        5 => format!("{:02}/{:02}/2023", 1 + i % 12, 1 + (i * 7) % 28),
        6 => ["tak", "nie", "yes", "no"][i % 4].to_string(),
        7 => format!("{} zł", n),
        8 => format!("1.{:03},5", n),
        _ => ["Kraków", "Berlin", "Yerevan", "Cluj"][i % 4].to_string(),
    }
}

/// A random delimited table: columns whose values change kind at row
/// `switch_at` (after the sampled rows or before), rows that repeat the one
/// above, blanks, quotes and bad values; `\r\n` on some lines.
pub fn random_table(
    sep: u8,
    columns: &[(u8, u8)],
    rows: usize,
    switch_at: usize,
    repeat_every: usize,
    noise: &[u8],
    header: bool,
) -> String {
    let sep = char::from(sep);
    let mut text = String::new();
    if header {
        let names: Vec<String> = (0..columns.len()).map(|c| format!("field{c}")).collect();
        text.push_str(&names.join(&sep.to_string()));
        text.push('\n');
    }
    for r in 0..rows {
        // Rows repeat the one above `repeat_every - 1` times out of `repeat_every`.
        let i = r / repeat_every;
        let line: Vec<String> = columns
            .iter()
            .enumerate()
            .map(|(c, &(early, late))| {
                let kind = if r < switch_at { early } else { late };
                cell(kind, i + c, noise[(r + c) % noise.len()])
            })
            .collect();
        text.push_str(&line.join(&sep.to_string()));
        text.push_str(if r % 7 == 3 { "\r\n" } else { "\n" });
    }
    text
}
