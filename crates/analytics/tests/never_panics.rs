//! Arbitrary bytes never panic the ingest: a panic in wasm kills the page.
//! Random bytes, random CSV-like text, and mangled real fixtures (cut,
//! bytes flipped) go through every reader; each must return Ok or Err.

mod common;

use analytics::engine::Engine;
use analytics::ingest::{ingest, IngestOptions};
use analytics::protocol::WorkerRequest;
use proptest::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Once;

const NAMES: [&str; 8] = [
    "a.csv", "a.xlsx", "a.xls", "a.ods", "a.json", "a.ndjson", "a.txt", "noext",
];

/// Panics seen by the hook, including ones the ingest catches natively: in
/// the browser nothing can be caught, so none may happen at all.
static PANICS: AtomicUsize = AtomicUsize::new(0);
static HOOK: Once = Once::new();

fn run(name: &str, bytes: &[u8]) {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICS.fetch_add(1, Ordering::SeqCst);
            previous(info);
        }));
    });
    let before = PANICS.load(Ordering::SeqCst);
    let _ = ingest(name, bytes, &IngestOptions::new(), &mut |_| {});
    // The engine path adds role detection and reporting on top.
    let mut engine = Engine::new();
    let load = WorkerRequest::Load {
        id: 1,
        name: name.into(),
        options: IngestOptions::new(),
        remembered: vec![],
    };
    let _ = engine.handle(load, Some(bytes), &mut |_| {});
    assert_eq!(
        PANICS.load(Ordering::SeqCst),
        before,
        "a panic happened inside the ingest of {name}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600), n in 0usize..8) {
        run(NAMES[n], &bytes);
    }

    #[test]
    fn csv_like_text(text in "[a-z0-9,;|\t \"\\.\n\r:/%€zł-]{0,400}", n in 0usize..8) {
        run(NAMES[n], text.as_bytes());
    }

}

proptest! {
    // Fewer cases: a mangled XLS can claim a 65,536 × 256 sheet, which
    // calamine fills densely (bounded, but seconds per case in a debug build).
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn mangled_workbooks_and_json(
        which in 0usize..6,
        cut in 0.0f64..1.0,
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..12),
    ) {
        let file = ["kunden.xlsx", "kunden.xls", "kunden.ods", "orders.json", "orders_pl_cp1250.csv", "utf16le_bom.txt"][which];
        let mut bytes = common::fixture(file);
        let keep = ((bytes.len() as f64) * cut) as usize;
        bytes.truncate(keep.max(1));
        for (at, value) in flips {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        run(file, &bytes);
    }
}
