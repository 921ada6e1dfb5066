//! The single-pass reader of delimited text must give exactly the table the
//! two-pass reader gives (split and profile, then convert): the same types,
//! formats, values, missing values and bad-value reports. Checked on every
//! delimited fixture and on random tables whose columns change character
//! after the sampled first rows, hold repeats, blanks, quotes and bad values.

mod common;

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

/// One cell of a random table: the kind of value a column holds, varied.
fn cell(kind: u8, i: usize, noise: u8) -> String {
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
