//! A delimited file read as two halves (the browser's engine worker and its
//! helper) must give exactly the table one pass gives: types, formats,
//! values, dictionaries in order of first appearance, bad values with their
//! row numbers, ragged rows. Where the halves cannot be merged the reader
//! says why (and the browser falls back to one pass); it never gives a
//! different table. Checked on every delimited fixture split at many points
//! and on random tables split at random points.

mod common;

use analytics::ingest::parallel::{read_in_two, NotInTwo};
use analytics::ingest::{ingest, IngestOptions};
use common::random_table;
use proptest::prelude::*;

/// One pass and two halves in debug form (a missing decimal, NaN, equals
/// itself there); the halves' error when they cannot be merged.
fn both(bytes: &[u8], middle: usize, options: &IngestOptions) -> (Option<String>, Result<String, NotInTwo>) {
    let one = ingest("t.csv", bytes, options, &mut |_| {})
        .ok()
        .map(|i| format!("{:?} {:?}", i.table, i.source));
    let two = read_in_two("t.csv", bytes, middle, options).map(|i| format!("{:?} {:?}", i.table, i.source));
    (one, two)
}

#[test]
fn every_delimited_fixture_reads_the_same_in_two_halves() {
    let dir = format!("{}/../../tests/data", env!("CARGO_MANIFEST_DIR"));
    let (mut merged, mut fell_back) = (0, 0);
    for entry in std::fs::read_dir(&dir).expect("tests/data") {
        let path = entry.expect("entry").path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(ext, "csv" | "tsv" | "txt") {
            continue;
        }
        let bytes = std::fs::read(&path).expect("fixture");
        for k in 1..8 {
            let middle = bytes.len() * k / 8;
            match both(&bytes, middle, &IngestOptions::new()) {
                (Some(one), Ok(two)) => {
                    assert_eq!(one, two, "{} split at {middle}", path.display());
                    merged += 1;
                }
                (_, Err(why)) => {
                    assert!(
                        matches!(why, NotInTwo::NotUtf8Text | NotInTwo::PlansDiffer | NotInTwo::NoLineEnd),
                        "{} split at {middle}: {why:?}",
                        path.display()
                    );
                    fell_back += 1
                }
                (None, Ok(two)) => panic!("{}: one pass failed, two halves gave {two}", path.display()),
            }
        }
    }
    // Legacy code pages are left to one pass, and small fixtures split early
    // see fewer sampled records (or less of the 64 KiB the decimal habit is
    // read from) in the first half than in the whole file; on 2026-11-23
    // 92 of 161 splits merged.
    assert!(merged >= 90, "only {merged} splits merged, {fell_back} fell back");
}

#[test]
fn a_column_typed_differently_by_each_half_is_read_again() {
    // First half: whole numbers and no dates; second half: decimals and
    // dates. The first half is longer than the 64 KiB the decimal habit is
    // read from, as any half the browser splits off is.
    let mut text = String::from("qty;shipped;note\n");
    for i in 0..10_000 {
        text.push_str(&format!("{i};;a\n"));
    }
    let middle = text.len();
    for i in 0..200 {
        text.push_str(&format!("{i},5;2024-01-{:02};b\n", 1 + i % 28));
    }
    let (one, two) = both(text.as_bytes(), middle - 3, &IngestOptions::new());
    let two = two.expect("merges");
    assert_eq!(one.as_deref(), Some(two.as_str()));
    assert!(two.contains("Decimal([0.0, 1.0, 2.0"), "{two:.300}");
    assert!(two.contains("Date([-2147483648"), "{two:.300}");
}

#[test]
fn bad_values_and_ragged_rows_keep_their_file_row_numbers() {
    let mut text = String::from("id,amount\n");
    for i in 0..300 {
        match i {
            250 => text.push_str("X250,oops\n"),
            260 => text.push_str("X260,1,extra\n"),
            _ => text.push_str(&format!("X{i},{i}.25\n")),
        }
    }
    let t = read_in_two("t.csv", text.as_bytes(), text.len() / 2, &IngestOptions::new()).expect("merges");
    let amount = t.table.column("amount").expect("amount");
    // Data row i is file row i + 2 (the header is row 1).
    assert_eq!(amount.issues.bad_values, 1);
    assert_eq!(amount.issues.samples[0].row, 252);
    assert_eq!(amount.issues.samples[0].raw, "oops");
    assert_eq!(t.table.ragged.count, 1);
    assert_eq!(t.table.ragged.samples[0].row, 262);
    assert_eq!(t.table.rows, 300);
}

#[test]
fn a_split_inside_a_quoted_line_break_is_refused() {
    let mut text = String::from("id,comment\n");
    for i in 0..100 {
        text.push_str(&format!("{i},\"line one\nline two\"\n"));
    }
    // Just after a "line one" line end: inside the quotes.
    let middle = text.find("50,\"line one\n").expect("row 50") + 12;
    let (one, two) = both(text.as_bytes(), middle, &IngestOptions::new());
    assert!(one.is_some());
    assert_eq!(two, Err(NotInTwo::SplitInsideQuote));
    // At a record's start the same file merges.
    let middle = text.find("50,").expect("row 50") - 1;
    let (one, two) = both(text.as_bytes(), middle, &IngestOptions::new());
    assert_eq!(one, two.ok());
}

#[test]
fn legacy_code_pages_are_left_to_one_pass() {
    let mut bytes = b"Klient;Kwota\n".to_vec();
    for _ in 0..100 {
        bytes.extend_from_slice(b"\xA3\xF3d\xBC;1,5\n"); // "Łódź" in Windows-1250
    }
    assert_eq!(
        read_in_two("t.csv", &bytes, bytes.len() / 2, &IngestOptions::new()).err(),
        Some(NotInTwo::NotUtf8Text)
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn random_tables_read_the_same_in_two_halves(
        sep in prop::sample::select(vec![b',', b';', b'\t']),
        columns in prop::collection::vec((0u8..10, 0u8..10), 1..6),
        rows in 60usize..200,
        switch_at in 0usize..200,
        repeat_every in 1usize..5,
        noise in prop::collection::vec(0u8..120, 160),
        header in any::<bool>(),
        split in 0.0f64..1.0,
    ) {
        let text = random_table(sep, &columns, rows, switch_at, repeat_every, &noise, header);
        let middle = (text.len() as f64 * split) as usize;
        for options in [IngestOptions::new(), IngestOptions::new().delimiter(sep).has_headers(header)] {
            let (one, two) = both(text.as_bytes(), middle, &options);
            match two {
                Ok(two) => prop_assert_eq!(one, Some(two)),
                Err(why) => prop_assert!(
                    matches!(why, NotInTwo::PlansDiffer | NotInTwo::NoLineEnd | NotInTwo::SplitInsideQuote),
                    "{why:?}"
                ),
            }
        }
    }
}
