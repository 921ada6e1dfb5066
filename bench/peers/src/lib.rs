//! Our engine as a tool of the peers harness (`../shared/bench-peers`),
//! which runs DuckDB-WASM, PapaParse and others on the same file in the
//! same headless Chromium, interleaved. `bench/peers/run.sh` builds this
//! crate for wasm32, puts `tool-custdash.js` beside the harness's tools and
//! runs it.
//!
//! The file is read the way the app's worker reads it (in 2 MB parts, the
//! card's report made before the text columns are encoded, then the
//! encoding); the JavaScript side times each step, so that the harness's
//! "parse" (bytes in memory to a typed table, DuckDB's `read_csv_auto`) and
//! the app's "to the card" can both be read off. The harness's own job then
//! runs over the typed columns ([`job`]).

pub mod job;

use analytics::ingest::streamed::Streamed;
use analytics::ingest::{IngestOptions, ReadFile};
use analytics::inspect::report_read;
use analytics::roles::detect_columns;
use analytics::table::Table;
use wasm_bindgen::prelude::*;

/// The worker's part size: the file is fed as it would arrive.
const PART: usize = 2 << 20;

/// What the app's worker does before it starts: the parser's and the
/// queries' code run a while (so the browser compiles them to fast code),
/// and memory is made ready for a large file.
#[wasm_bindgen]
pub fn warm_up() {
    let _ = analytics::warm_up::run();
    // Written, not only reserved: the pages are supplied now.
    let block = vec![1u8; 256 << 20];
    std::hint::black_box(&block);
}

/// A file read up to its card: typed columns, text not yet encoded.
#[wasm_bindgen]
pub struct Carded {
    read: ReadFile,
    report: String,
}

/// Reads `bytes` (a file named `name`) up to its card, as the worker does.
#[wasm_bindgen]
pub fn read_to_card(name: &str, bytes: Vec<u8>) -> Result<Carded, String> {
    let options = IngestOptions::new();
    let mut streamed = Streamed::new(name, &options, bytes.len());
    let mut arrived = 0;
    while arrived < bytes.len() {
        arrived = (arrived + PART).min(bytes.len());
        if let Some(so_far) = bytes.get(..arrived) {
            streamed.feed(so_far, &mut |_| {});
        }
    }
    let read = streamed
        .finish_but_text(bytes, &mut |_| {})
        .map_err(|e| e.to_string())?;
    let table = read.table();
    let columns = table.summaries();
    let mapping = detect_columns(columns.iter().map(|c| (c.name, c.column_type)));
    let report = report_read(name, table.rows(), table.ragged(), &columns, read.source(), &mapping);
    let report = serde_json::to_string(&report).map_err(|e| e.to_string())?;
    Ok(Carded { read, report })
}

#[wasm_bindgen]
impl Carded {
    /// The card's report as JSON (what `custdash inspect` prints).
    pub fn report(&self) -> String {
        self.report.clone()
    }

    /// Encodes the columns of text: the table is complete.
    pub fn encode(self) -> Parsed {
        Parsed {
            table: self.read.encode().table,
        }
    }
}

/// A file read into a table.
#[wasm_bindgen]
pub struct Parsed {
    table: Table,
}

#[wasm_bindgen]
impl Parsed {
    /// Each column's name and type, `name:type`, comma-separated.
    pub fn types(&self) -> String {
        let columns: Vec<String> = self
            .table
            .columns
            .iter()
            .map(|c| format!("{}:{:?}", c.name, c.data.column_type()))
            .collect();
        columns.join(", ")
    }

    /// Runs the harness's job.
    pub fn job(&self) -> Result<Outcome, String> {
        job::run(&self.table)
            .map(|job| Outcome { job })
            .map_err(|e| e.to_string())
    }
}

/// The job's results, handed to JavaScript column by column for the
/// harness's checksum (outside the timed part).
#[wasm_bindgen]
pub struct Outcome {
    job: job::RetailJob,
}

#[wasm_bindgen]
impl Outcome {
    pub fn rows(&self) -> usize {
        self.job.summary.rows
    }
    pub fn revenue(&self) -> f64 {
        self.job.summary.revenue
    }
    pub fn orders(&self) -> usize {
        self.job.summary.orders
    }
    pub fn customers(&self) -> usize {
        self.job.summary.customers
    }
    pub fn max_date(&self) -> String {
        self.job.summary.max_date.clone()
    }
    pub fn months(&self) -> Vec<String> {
        self.job.monthly.iter().map(|(m, _)| m.clone()).collect()
    }
    pub fn month_revenue(&self) -> Vec<f64> {
        self.job.monthly.iter().map(|(_, r)| *r).collect()
    }
    /// Customer ids as numbers (JavaScript's checksum multiplies them).
    pub fn customer(&self) -> Vec<f64> {
        self.job.rfm.customer.clone()
    }
    pub fn recency(&self) -> Vec<i32> {
        self.job.rfm.recency_days.clone()
    }
    pub fn frequency(&self) -> Vec<u32> {
        self.job.rfm.frequency.clone()
    }
    pub fn cents(&self) -> Vec<f64> {
        self.job.rfm.cents.clone()
    }
    pub fn r(&self) -> Vec<u8> {
        self.job.rfm.r.clone()
    }
    pub fn f(&self) -> Vec<u8> {
        self.job.rfm.f.clone()
    }
    pub fn m(&self) -> Vec<u8> {
        self.job.rfm.m.clone()
    }
}
