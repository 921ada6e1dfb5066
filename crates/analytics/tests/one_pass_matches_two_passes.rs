//! The single-pass reader of delimited text must give exactly the table the
//! two-pass reader gives (split and profile, then convert): the same types,
//! formats, values, missing values and bad-value reports. Checked on every
//! delimited fixture and on random tables whose columns change character
//! after the sampled first rows, hold repeats, blanks, quotes and bad values.

mod common;

use common::random_table;

use std::borrow::Cow;

use analytics::ingest::{convert, encoding, one_pass, raw, IngestOptions};
use proptest::prelude::*;

/// Both readers' tables in debug form, where a missing decimal (NaN) equals
/// itself; `None` when the text is not a table at all (both must agree).
fn both(bytes: &[u8], options: &IngestOptions) -> (Option<String>, Option<String>) {
    let text = encoding::decode(bytes);
    let one = one_pass::read(Cow::Borrowed(&text.bytes[..]), options, &mut |_| {})
        .ok()
        .map(|(table, info)| format!("{table:?} {info:?}"));
    let two = raw::from_delimited(Cow::Borrowed(&text.bytes[..]), options, &mut |_| {})
        .ok()
        .map(|(r, info)| format!("{:?} {info:?}", convert::to_table(&r, &mut |_| {})));
    (one, two)
}

#[test]
fn every_delimited_fixture_reads_the_same_both_ways() {
    let dir = format!("{}/../../tests/data", env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/data") {
        let path = entry.expect("entry").path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(ext, "csv" | "tsv" | "txt") {
            continue;
        }
        let bytes = std::fs::read(&path).expect("fixture");
        let (one, two) = both(&bytes, &IngestOptions::new());
        assert_eq!(one, two, "{}", path.display());
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} fixtures found");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn random_tables_read_the_same_both_ways(
        sep in prop::sample::select(vec![b',', b';', b'\t']),
        columns in prop::collection::vec((0u8..10, 0u8..10), 1..6),
        rows in 0usize..160,
        switch_at in 0usize..160,
        repeat_every in 1usize..5,
        noise in prop::collection::vec(0u8..120, 160),
        header in any::<bool>(),
    ) {
        let text = random_table(sep, &columns, rows, switch_at, repeat_every, &noise, header);
        let sep = char::from(sep);
        for options in [IngestOptions::new(), IngestOptions::new().delimiter(sep as u8).has_headers(header)] {
            let (one, two) = both(text.as_bytes(), &options);
            prop_assert_eq!(one, two);
        }
    }

    #[test]
    fn random_text_reads_the_same_both_ways(text in "[a-z0-9,;|\t \"\\.\n\r:/%€zł-]{0,400}") {
        let (one, two) = both(text.as_bytes(), &IngestOptions::new());
        prop_assert_eq!(one, two);
    }
}
