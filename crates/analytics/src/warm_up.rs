//! A small made-up workload that the worker runs once, while the page waits
//! for the user's first file.
//!
//! Browsers compile wasm in two tiers: quickly to slow code first, then, in
//! the background, the functions that have run a while to fast code. A
//! function runs the fast code only from its next call on, and the parser's
//! main loop is called once per file: without this, the first file a user
//! drops is read by slow code from start to end (a million rows took about
//! 0.25 s longer in V8). Reading a few thousand order lines in both the
//! English and the European form (one part by part, as a large file
//! arrives, and reported before its text is encoded; the other whole),
//! building the dataset and computing the
//! overview unfiltered and filtered by each channel, several times, makes
//! the same functions fast before they are needed. The unfiltered overview
//! and one filtered by a channel go to the page for its own warm-up.

use crate::dashboard::{dashboard, DashboardResult};
use crate::engine::Engine;
use crate::ingest::streamed::Streamed;
use crate::ingest::{ingest, IngestError, IngestOptions, ReadFile};
use crate::protocol::{WorkerRequest, WorkerResponse};
use crate::query::{FilterChip, Query};

/// Order lines in each of the two sample files: enough to run the hot
/// loops a few hundred thousand times, little enough to take well under a
/// tenth of a second.
pub const SAMPLE_ROWS: usize = 3_000;

/// Parts the sample files arrive in (about eight of each), and the head
/// after which their layout is decided.
const SAMPLE_PART: usize = 32 * 1024;

/// Rounds of filtered overview queries (one per sample channel each).
const FILTER_ROUNDS: usize = 4;

/// The columns of an order-line export, as the samples here and the
/// benchmark files (`demogen orders`) write them.
pub const ORDER_LINE_COLUMNS: [&str; 10] = [
    "order_id",
    "order_date",
    "customer_id",
    "sku",
    "category",
    "channel",
    "store",
    "quantity",
    "unit_price",
    "amount",
];

/// How the sample writes dates and decimals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SampleForm {
    /// `,` separated, `yyyy-mm-dd`, decimal point.
    English,
    /// `;` separated, `dd.mm.yyyy`, decimal comma.
    European,
}

/// What the workload left: how many order lines the two files held
/// together and the unfiltered overview of them (0 and `None` when
/// something failed, which only means the first real file is read by
/// slower code).
#[derive(Debug, Default)]
pub struct WarmUp {
    /// Order lines read.
    pub rows: usize,
    /// The overview of the made-up lines, for the page's own warm-up.
    pub overview: Option<Box<DashboardResult>>,
    /// The same overview filtered by one channel.
    pub filtered: Option<Box<DashboardResult>>,
}

/// Runs the workload on an engine of its own.
pub fn run() -> WarmUp {
    let mut engine = Engine::new();
    let mut rows = 0;
    for (id, form) in [(1, SampleForm::English), (2, SampleForm::European)] {
        let text = sample_orders(SAMPLE_ROWS, form);
        let bytes = text.as_bytes();
        // One read as the worker reads a large file (part by part as it
        // arrives, then finished), the other whole, as a small file or one
        // in a legacy code page is read: each sample is read once, and
        // both readers' own code runs before the first file. The value
        // parsers are the same for both.
        // The first is reported before its text is encoded, as the worker
        // reports a large file.
        let name = format!("warm-up-{id}.csv");
        let response = match form {
            SampleForm::English => engine.add_read_file(id, name.clone(), &[], read_in_parts(&name, bytes).0),
            SampleForm::European => {
                let ingested = ingest(&name, bytes, &IngestOptions::new(), &mut |_| {});
                engine.add_file(id, name, &[], ingested)
            }
        };
        engine.finish_reading();
        if let WorkerResponse::Loaded { report, .. } = response {
            rows += report.rows;
        }
    }
    // The unfiltered overview, then filtered ones, several times: a loop
    // that a filter runs once per query over a million lines (listing the
    // lines it keeps) would otherwise still be slow code on the user's
    // first filter.
    let by_channel = |channel: &str| Query {
        filters: vec![FilterChip {
            dim: "orders.channel".into(),
            values: vec![channel.into()],
        }],
        ..Query::default()
    };
    let overview = match engine.handle(
        WorkerRequest::Dashboard {
            seq: 0,
            query: Query::default(),
        },
        None,
        &mut |_| {},
    ) {
        WorkerResponse::Dashboard { result, .. } => result,
        _ => return WarmUp::default(),
    };
    // Computed here, not asked of the engine, which would answer the
    // repeated queries from the answers it keeps (`crate::anticipation`).
    let (ds, _) = engine.dataset();
    let filtered = Box::new(dashboard(ds, &by_channel("Online")));
    for query in (0..FILTER_ROUNDS).flat_map(|_| ["Online", "Store", "Marketplace"].map(by_channel)) {
        std::hint::black_box(dashboard(ds, &query));
    }
    WarmUp {
        rows,
        overview: Some(overview),
        filtered: Some(filtered),
    }
}

/// Reads a sample file as the worker reads a large one, up to encoding its
/// text; also says whether its parts were read as they came.
fn read_in_parts(name: &str, bytes: &[u8]) -> (Result<ReadFile, IngestError>, bool) {
    let mut streamed = Streamed::with_head(name, &IngestOptions::new(), bytes.len(), SAMPLE_PART);
    let mut was_reading = false;
    for end in (SAMPLE_PART..bytes.len()).step_by(SAMPLE_PART) {
        streamed.feed(&bytes[..end], &mut |_| {});
        was_reading |= streamed.is_reading();
    }
    (streamed.finish_but_text(bytes.to_vec(), &mut |_| {}), was_reading)
}

/// `rows` order lines over a year, in the ten columns of an order-line
/// export; deterministic.
pub fn sample_orders(rows: usize, form: SampleForm) -> String {
    const CATEGORIES: [&str; 5] = ["Electronics", "Sports", "Garden", "Books", "Toys"];
    const CHANNELS: [&str; 3] = ["Online", "Store", "Marketplace"];
    const STORES: [&str; 4] = ["Warszawa Centrum", "Yerevan Plaza", "Cluj Mall", "Berlin Mitte"];
    let (sep, mark) = match form {
        SampleForm::English => (',', '.'),
        SampleForm::European => (';', ','),
    };
    let mut next = Lcg(0x2545_f491);
    let mut text = ORDER_LINE_COLUMNS.join(&sep.to_string());
    text.push('\n');
    let mut line = 0;
    let mut order = 0;
    while line < rows {
        order += 1;
        let day = 1 + next.below(28);
        let month = 1 + next.below(12);
        let date = match form {
            SampleForm::English => format!("2025-{month:02}-{day:02}"),
            SampleForm::European => format!("{day:02}.{month:02}.2025"),
        };
        let customer = next.below(400);
        let channel = CHANNELS[next.below(CHANNELS.len())];
        let store = STORES[next.below(STORES.len())];
        for _ in 0..1 + next.below(4) {
            let quantity = 1 + next.below(6);
            let cents = 199 + next.below(30_000);
            let price = format!("{}{mark}{:02}", cents / 100, cents % 100);
            let total = quantity * cents;
            let amount = format!("{}{mark}{:02}", total / 100, total % 100);
            let category = CATEGORIES[next.below(CATEGORIES.len())];
            let sku = next.below(900);
            text.push_str(&format!(
                "SO-{order}{sep}{date}{sep}C{customer}{sep}SKU-{sku:04}{sep}{category}{sep}{channel}{sep}{store}{sep}{quantity}{sep}{price}{sep}{amount}\n"
            ));
            line += 1;
        }
    }
    text
}

/// A linear congruential generator: enough variety for a warm-up, and the
/// same text every time.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::ingest;
    use crate::roles::{detect, Role};

    #[test]
    fn both_samples_read_as_clean_order_lines() {
        for form in [SampleForm::English, SampleForm::European] {
            let text = sample_orders(SAMPLE_ROWS, form);
            let out = ingest("s.csv", text.as_bytes(), &IngestOptions::new(), &mut |_| {}).expect("reads");
            // Orders end on whole orders, so the last one may run over.
            assert!((SAMPLE_ROWS..SAMPLE_ROWS + 4).contains(&out.table.rows), "{form:?}");
            assert_eq!(out.table.bad_values(), 0, "{form:?}");
            assert_eq!(out.table.ragged.count, 0, "{form:?}");
            assert_eq!(detect(&out.table).role, Role::Orders, "{form:?}");
        }
    }

    #[test]
    fn the_samples_are_read_part_by_part_as_large_files_are() {
        for form in [SampleForm::English, SampleForm::European] {
            let text = sample_orders(SAMPLE_ROWS, form);
            let (got, was_reading) = read_in_parts("s.csv", text.as_bytes());
            assert!(was_reading, "{form:?}");
            let got = got.map(ReadFile::encode);
            let whole = ingest("s.csv", text.as_bytes(), &IngestOptions::new(), &mut |_| {});
            assert_eq!(format!("{got:?}"), format!("{whole:?}"), "{form:?}");
        }
    }

    #[test]
    fn the_workload_reads_both_files_and_answers_its_queries() {
        let english = sample_orders(SAMPLE_ROWS, SampleForm::English);
        let european = sample_orders(SAMPLE_ROWS, SampleForm::European);
        let done = run();
        assert_eq!(done.rows, english.lines().count() - 1 + european.lines().count() - 1);
        // The overview the page draws off screen has every chart it draws:
        // a year of months (the latest full month is December 2025), and
        // the three channels.
        let overview = done.overview.expect("an overview");
        assert_eq!(overview.charts.revenue.months.len(), 12);
        let channels = overview.charts.by_channel.as_ref().expect("channels");
        assert_eq!(channels.items.len(), 3);
        // Drawn in turns with it: the same months, one channel's bar, less
        // revenue.
        let filtered = done.filtered.expect("a filtered overview");
        assert_eq!(filtered.charts.revenue.months, overview.charts.revenue.months);
        let online = filtered.charts.by_channel.as_ref().expect("channels");
        assert_eq!(online.items.len(), 1);
        assert_eq!(online.items[0].0, "Online");
        let total = |o: &DashboardResult| o.charts.revenue.series[0].values.iter().flatten().sum::<f64>();
        assert!(total(&filtered) < total(&overview), "{filtered:?}");
    }
}
